"""Build the actor graph from a store and an actor's profile from it.

Interactions are counted per *incident*, not per report: five articles on one
rocket attack are one attack. Relations keep every document that states them.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Incident, Party, Relation, Role
from ..store.dates import bounds
from ..store.port import Store


@dataclass
class Interaction:
    """Incidents from ``actor`` to ``recipient``."""

    actor: str
    recipient: str
    types: Counter[str] = field(default_factory=Counter)
    first: str | None = None
    last: str | None = None
    incidents: list[str] = field(default_factory=list)

    def add(self, inc: Incident) -> None:
        self.types[inc.type] += 1
        self.incidents.append(inc.incident_id)
        lo, hi = bounds(inc.date)
        if lo is not None and (self.first is None or lo < (bounds(self.first)[0] or lo)):
            self.first = inc.date
        if hi is not None and (self.last is None or hi > (bounds(self.last)[1] or hi)):
            self.last = inc.date

    @property
    def count(self) -> int:
        return sum(self.types.values())


@dataclass
class RelationEdge:
    subject: str
    relation: str
    object: str
    dates: list[str] = field(default_factory=list)
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, sentence)


@dataclass
class ActorGraph:
    names: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    interactions: dict[tuple[str, str], Interaction] = field(default_factory=dict)
    relations: dict[tuple[str, str, str], RelationEdge] = field(default_factory=dict)

    @property
    def nodes(self) -> list[str]:
        ids = set(self.names)
        for a, b in self.interactions:
            ids |= {a, b}
        for s, _, o in self.relations:
            ids |= {s, o}
        return sorted(ids)

    def edges_of(self, aid: str) -> tuple[list[Interaction], list[RelationEdge]]:
        inter = [i for (a, b), i in sorted(self.interactions.items()) if aid in (a, b)]
        rels = [r for (s, _, o), r in sorted(self.relations.items()) if aid in (s, o)]
        return inter, rels


def build_graph(incidents: Iterable[Incident], relations: Iterable[Relation]) -> ActorGraph:
    g = ActorGraph()
    for inc in incidents:
        for p in (inc.actor, inc.recipient):
            if p is not None and p.id:
                g.names[p.id][p.name] += 1
        if inc.actor and inc.actor.id and inc.recipient and inc.recipient.id:
            key = (inc.actor.id, inc.recipient.id)
            g.interactions.setdefault(key, Interaction(*key)).add(inc)
    for r in relations:
        edge = g.relations.setdefault((r.subject, r.relation, r.object),
                                      RelationEdge(r.subject, r.relation, r.object))
        if r.date and r.date not in edge.dates:
            edge.dates.append(r.date)
        edge.evidence.append((r.doc_id, r.evidence.text))
    return g


@dataclass(frozen=True)
class ActorProfile:
    id: str
    name: str
    kind: str | None
    aliases: tuple[str, ...]
    lineage: tuple[str, ...]
    roles: tuple[Role, ...]
    relations: tuple[RelationEdge, ...]
    #: incidents where the actor (or a part of it) acted, by counterpart
    as_actor: tuple[Interaction, ...]
    as_recipient: tuple[Interaction, ...]
    activity: dict[str, int]  # PLOVER type -> incidents (as actor)
    first: str | None
    last: str | None

    def to_json(self) -> dict[str, Any]:
        def inter(i: Interaction) -> dict[str, Any]:
            return {"actor": i.actor, "recipient": i.recipient, "types": dict(i.types),
                    "first": i.first, "last": i.last, "incidents": i.incidents}
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "aliases": list(self.aliases),
            "lineage": list(self.lineage),
            "roles": [{"member_of": r.member_of, "role": r.role, "start": r.start, "end": r.end}
                      for r in self.roles],
            "relations": [{"subject": r.subject, "relation": r.relation, "object": r.object,
                           "dates": r.dates, "doc_ids": sorted({d for d, _ in r.evidence}),
                           "evidence": r.evidence[0][1] if r.evidence else None}
                          for r in self.relations],
            "as_actor": [inter(i) for i in self.as_actor],
            "as_recipient": [inter(i) for i in self.as_recipient],
            "activity": self.activity, "first": self.first, "last": self.last,
        }

    def lines(self) -> list[str]:
        out = [f"{self.name} ({self.id}){' · ' + self.kind if self.kind else ''}"]
        if self.lineage:
            out.append("lineage: " + " > ".join(self.lineage))
        if self.aliases:
            out.append("aliases: " + ", ".join(self.aliases))
        if self.roles:
            out.append("roles:")
            out += [f"  {r.role or 'member'} of {r.member_of}  {r.start or '?'} .. {r.end or ''}"
                    for r in self.roles]
        if self.relations:
            out.append("relations:")
            for r in self.relations:
                docs = sorted({d for d, _ in r.evidence})
                out.append(f"  {r.subject} {r.relation} {r.object}"
                           f"{' (' + ', '.join(r.dates) + ')' if r.dates else ''}  [{', '.join(docs)}]")
        span = f" from {self.first} to {self.last}" if self.first else ""
        total = sum(self.activity.values())
        out.append(f"activity: {total} incidents as actor{span}"
                   + (": " + ", ".join(f"{t} {n}" for t, n in sorted(self.activity.items()))
                      if self.activity else ""))
        for label, rows in (("acted on", self.as_actor), ("targeted by", self.as_recipient)):
            for i in rows:
                other = i.recipient if label == "acted on" else i.actor
                types = ", ".join(f"{t} {n}" for t, n in sorted(i.types.items()))
                out.append(f"  {label} {other}: {types}  ({i.first or '?'} .. {i.last or '?'})")
        return out


def _involves(p: Party, aid: str) -> bool:
    return aid == p.id or aid in p.lineage


def actor_profile(store: Store, pack: Any, id: str, incidents: Sequence[Incident] | None = None) -> ActorProfile:
    """Aliases, roles over time, relations and activity of actor ``id``.

    ``incidents`` default to the stored fusion result; activity counts the
    incidents of the actor and of its parts (a Kataib Hezbollah attack counts
    for ``irq.pmf`` too, through the lineage).
    """
    from ..fuse.storage import load_fusion

    incs = list(incidents) if incidents is not None else list(load_fusion(store).incidents)
    rels = [r for r in store.relations() if id in (r.subject, r.object)]
    graph = build_graph(incs, rels)
    known = pack.actor(id) if pack is not None else None
    seen = graph.names.get(id, Counter())
    name = known.name if known is not None else (seen.most_common(1)[0][0] if seen else id)
    aliases = tuple(dict.fromkeys([*(known.aliases if known else ()),
                                   *(n for n, _ in seen.most_common() if n != name)]))
    as_actor: dict[str, Interaction] = {}
    as_recipient: dict[str, Interaction] = {}
    activity: Counter[str] = Counter()
    dates: list[str] = []
    for inc in incs:
        a, r = inc.actor, inc.recipient
        if a is not None and _involves(a, id):
            other = (r.id or r.name) if r is not None else "-"
            as_actor.setdefault(other, Interaction(a.id or id, other)).add(inc)
            activity[inc.type] += 1
            if inc.date:
                dates.append(inc.date)
        if r is not None and _involves(r, id):
            other = (a.id or a.name) if a is not None else "-"
            as_recipient.setdefault(other, Interaction(other, r.id or id)).add(inc)
    ordered = sorted((d for d in dates if bounds(d)[0]), key=lambda d: bounds(d)[0] or d)
    return ActorProfile(
        id=id, name=name, kind=known.kind if known else None, aliases=aliases,
        lineage=tuple(pack.lineage(id)) if pack is not None else (id,),
        roles=tuple(known.roles) if known else (),
        relations=tuple(graph.relations[k] for k in sorted(graph.relations)),
        as_actor=tuple(as_actor[k] for k in sorted(as_actor)),
        as_recipient=tuple(as_recipient[k] for k in sorted(as_recipient)),
        activity=dict(activity), first=ordered[0] if ordered else None,
        last=ordered[-1] if ordered else None)
