"""Fuse event mentions into incidents, keep the claims ledger, replay analyst operations.

Clustering is best-first with *complete-link compatibility*: every pair of
events is scored, the strongest links are taken first, and two groups merge
only when no member of one conflicts with a member of the other. So one
matching report is enough to join, one contradicting field is enough to stay
apart, and the result does not depend on store order. Analyst merges and
splits are replayed afterwards, in the order recorded, so they survive
re-fusion after every ingest.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import DocMeta, Event, Incident, LedgerEntry, Party, Place
from ..store.dates import bounds
from .blocking import candidate_pairs
from .denials import link_denials
from .details import DetailParser
from .features import Features
from .match import CONFLICT, POSSIBLE_CO_VICTIM, UNKNOWN, WITHIN_DOC, PairMatch, compare
from .rules import FusionRules

STATUS_RANK = {"asserted": 0, "claimed": 1, "conditional": 2, "denied": 3, "negated": 4}


def event_key(e: Event) -> str:
    return f"{e.doc_id}#{e.event_id}"


def incident_id_for(anchor_key: str) -> str:
    return "inc-" + hashlib.sha1(anchor_key.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Membership:
    """Why one event belongs to its incident."""

    doc_id: str
    event_id: str
    incident_id: str
    method: str  # seed (first of its incident) | auto | merge | split
    matched_with: str | None = None  # event key of the member it matched best
    points: int = 0
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Operation:
    """An analyst decision, recorded and replayed, never applied destructively."""

    op: str  # merge | split
    a: str  # merge: an event key of the first incident; split: the event key to split off
    b: str  # merge: an event key of the second incident; split: an event key of the incident
    at: str = ""
    note: str = ""


@dataclass(frozen=True)
class FusionResult:
    incidents: tuple[Incident, ...]
    memberships: tuple[Membership, ...]
    events: Mapping[str, Event] = field(default_factory=dict)  # event key -> Event

    def incident(self, incident_id: str) -> Incident | None:
        return next((i for i in self.incidents if i.incident_id == incident_id), None)

    def members(self, incident_id: str) -> list[Membership]:
        return [m for m in self.memberships if m.incident_id == incident_id]

    def incident_of(self, key: str) -> str | None:
        return next((m.incident_id for m in self.memberships
                     if f"{m.doc_id}#{m.event_id}" == key), None)


class _Cluster:
    def __init__(self, first: Event) -> None:
        self.events: list[Event] = [first]
        self.why: dict[str, tuple[str, str | None, PairMatch | None]] = {
            event_key(first): ("seed", None, None)}

    def add(self, e: Event, method: str, best: str | None, match: PairMatch | None) -> None:
        self.events.append(e)
        self.why[event_key(e)] = (method, best, match)


class Fuser:
    def __init__(self, rules: FusionRules, linkage: str = "complete", blocking: bool = True) -> None:
        self.rules = rules
        #: complete: no conflict with any member; single: one matching member is enough
        self.linkage = linkage
        #: score only the candidate pairs that can link (same decisions, not n² comparisons)
        self.blocking = blocking
        self.details = DetailParser.from_rules(rules)

    @classmethod
    def load(cls) -> Fuser:
        return cls(FusionRules.load())

    def _links(self, evs: Sequence[Event], published: Mapping[str, str | None],
               feats: Features) -> list[tuple[int, int, int, PairMatch]]:
        """Every pair strong enough to link: (-points, i, j, match), i < j.

        Only candidate pairs are scored (blocking.py: a superset of the pairs that
        can link, each within its points bound), unless the fuser was made with
        ``blocking=False``: then every pair is scored with ``match.compare`` itself.
        """
        links: list[tuple[int, int, int, PairMatch]] = []
        threshold = self.rules.threshold
        if self.blocking:
            for i, j in candidate_pairs(evs, self.rules, published, feats):
                m = feats.compare(i, j)
                if m.compatible and m.points >= threshold and _anchored(m):
                    links.append((-m.points, i, j, m))
            return links
        n = len(evs)
        for i in range(n):
            for j in range(i + 1, n):
                if self.rules.type_scope(evs[i].type.upper(), evs[j].type.upper()) is None:
                    continue  # cheap pre-check: these types never fuse
                m = compare(evs[i], evs[j], self.rules, published)
                if m.compatible and m.points >= threshold and _anchored(m):
                    links.append((-m.points, i, j, m))
        return links

    def cluster(self, events: Iterable[Event],
                published: Mapping[str, str | None] | None = None) -> list[_Cluster]:
        """Best-first agglomeration: the strongest pairs link first (order-independent).

        Greedy fusion in store order let the first, often weakest, report of an
        occurrence decide which later reports could join (one mis-read early
        mention vetoed every good match). Here all pairs are scored, the
        strongest link is taken first, and two groups merge only when no member
        of one contradicts a member of the other (complete link), unless the
        fuser is single-link.
        """
        evs = list(events)
        published = published or {}
        feats = Features(evs, self.rules, published)
        links = self._links(evs, published, feats)
        # strongest first; among equals, dates agreeing to the day before a month or no date
        # (the report that dates the act links where it is dated); then store order
        links.sort(key=lambda x: (x[0], _DATE_RANK.get(x[3].fields.get("date", ""), 2), x[1], x[2]))
        conflict = _Conflicts(evs, self.rules, published, ((i, j) for _, i, j, _ in links),
                              feats if self.blocking else None)
        group = list(range(len(evs)))  # event index -> group id
        members: dict[int, list[int]] = {i: [i] for i in range(len(evs))}
        for _, i, j, m in links:
            gi, gj = group[i], group[j]
            if gi == gj:
                continue
            if self.linkage == "complete" and any(
                    conflict(a, b) for a in members[gi] for b in members[gj]):
                continue
            keep, gone = min(gi, gj), max(gi, gj)
            for x in members[gone]:
                group[x] = keep
            members[keep].extend(members.pop(gone))
        # each member's reason: its strongest link inside its incident
        best: dict[int, tuple[int, PairMatch]] = {}
        for _, i, j, m in links:
            if group[i] == group[j]:
                best.setdefault(i, (j, m))
                best.setdefault(j, (i, m))
        clusters: list[_Cluster] = []
        for gid in sorted(members):
            idx = sorted(members[gid])
            c = _Cluster(evs[idx[0]])
            for x in idx[1:]:
                partner, m = best[x]
                c.add(evs[x], "auto", event_key(evs[partner]), m)
            clusters.append(c)
        return clusters

    def fuse(self, events: Sequence[Event], metas: Mapping[str, DocMeta] | None = None,
             operations: Sequence[Operation] = ()) -> FusionResult:
        """Incidents of ``events`` (store order), with analyst ``operations`` replayed."""
        metas = metas or {}
        clusters = self.cluster(events, {k: m.published for k, m in metas.items()})
        clusters = _replay(clusters, operations)
        incidents: list[Incident] = []
        members: list[Membership] = []
        ids = [incident_id_for(event_key(min(c.events, key=lambda e: (e.doc_id, _seq(e)))))
               for c in clusters]
        cluster_of = {event_key(e): ci for ci, c in enumerate(clusters) for e in c.events}
        denials: dict[int, list[tuple[Event, str]]] = {}  # cluster -> (REJECT, matched key)
        denies: dict[str, str] = {}  # REJECT event key -> incident id it denies
        by_key = {event_key(e): e for e in events}
        for link in link_denials(events, cluster_of, self.rules):
            ci = cluster_of[link.target]
            denials.setdefault(ci, []).append((by_key[link.denial], link.target))
            denies[link.denial] = ids[ci]
        for ci, c in enumerate(clusters):
            c.events.sort(key=lambda e: (e.doc_id, _seq(e)))
            iid = ids[ci]
            inc = self.summarise(iid, c.events, metas, denies)
            if ci in denials:
                extra = tuple(self.denial_entry(d, target, metas.get(d.doc_id))
                              for d, target in denials[ci])
                inc = replace(inc, ledger=inc.ledger + extra)
            incidents.append(inc)
            for e in c.events:
                method, best, m = c.why[event_key(e)]
                members.append(Membership(e.doc_id, e.event_id, iid, method, best,
                                          m.points if m else 0, dict(m.fields) if m else {}))
        # the store's order: dated first, by first possible day, then by id
        incidents.sort(key=lambda i: (bounds(i.date)[0] is None, bounds(i.date)[0] or "",
                                      i.incident_id))
        return FusionResult(tuple(incidents), tuple(members), by_key)

    def summarise(self, iid: str, events: Sequence[Event], metas: Mapping[str, DocMeta],
                  denies: Mapping[str, str] | None = None) -> Incident:
        ledger = tuple(self.ledger_entry(e, metas.get(e.doc_id), (denies or {}).get(event_key(e)))
                       for e in events)
        return Incident(incident_id=iid, type=_vote([e.type for e in events]) or events[0].type,
                        date=_best_date([e.date for e in events]),
                        actor=_best_party([e.actor for e in events]),
                        recipient=_best_party([e.recipient for e in events]),
                        location=_best_place([e.location for e in events]), ledger=ledger)

    def denial_entry(self, d: Event, target: str, meta: DocMeta | None) -> LedgerEntry:
        """The ledger entry a denied incident gets for the REJECT that denies it."""
        entry = self.ledger_entry(d, meta)
        details = {**entry.details, "role": "denial", "refers_to": target}
        return replace(entry, status="denied", details=details)

    def ledger_entry(self, e: Event, meta: DocMeta | None, denies: str | None = None) -> LedgerEntry:
        details: dict[str, Any] = {"type": e.type, "date": e.date}
        if denies:
            details["denies"] = denies  # the incident this denial refers back to
        if e.mode:
            details["mode"] = e.mode
        if e.location is not None:
            details["place"] = e.location.name
        details.update(self.details.parse(e.evidence.text))
        details["evidence"] = {"start": e.evidence.start, "end": e.evidence.end, "text": e.evidence.text}
        source = (e.source.name or e.source.id) if e.source else None
        return LedgerEntry(doc_id=e.doc_id, event_id=e.event_id,
                           outlet=meta.outlet if meta else None, source=source,
                           status=e.status, details=details)


_DATE_RANK = {"day": 0, "within": 1}


class _Conflicts:
    """Does a pair conflict? Computed on demand for complete-link checks, and kept.

    Blocking scores only candidate pairs, so the conflict of two members of two
    groups about to merge may not be known yet; it is the same ``compare`` verdict
    the full pass would have given (pairs that link are known not to conflict).
    """

    def __init__(self, evs: Sequence[Event], rules: FusionRules,
                 published: Mapping[str, str | None], linked: Iterable[tuple[int, int]],
                 feats: Features | None = None) -> None:
        self.evs, self.rules, self.published, self.feats = evs, rules, published, feats
        self.n = len(evs)
        self.known: dict[int, bool] = {i * self.n + j: False for i, j in linked}

    def __call__(self, a: int, b: int) -> bool:
        i, j = (a, b) if a < b else (b, a)
        key = i * self.n + j
        hit = self.known.get(key)
        if hit is None:
            if self.feats is not None:
                f = self.feats
                hit = f.scope(f.types[i], f.types[j]) is None or not f.compare(i, j).compatible
            else:
                x, y = self.evs[i], self.evs[j]
                hit = (self.rules.type_scope(x.type.upper(), y.type.upper()) is None
                       or not compare(x, y, self.rules, self.published).compatible)
            self.known[key] = hit
        return hit


def _anchored(m: PairMatch) -> bool:
    """Some field beyond type and date ties the pair: a party, the place or the report.

    Two mentions of one document dated with different precision are tied only by
    a party named exactly on both sides (the report and the place are shared by
    the two occurrences the writer tells apart).
    """
    if m.fields.get("recipient") == POSSIBLE_CO_VICTIM:
        return False  # other victims, nothing tying them: never a link, only no veto
    if m.fields.get("date") == WITHIN_DOC:
        return any(m.fields.get(k) in ("exact", "disputed") for k in ("actor", "recipient"))
    if "document" not in m.fields and not _strong(m):
        # across reports, broad ids and a month in common are many occurrences' ("militias
        # attacked US forces in December"): some field must single this one out
        return False
    return any(m.fields.get(k) not in (None, UNKNOWN, CONFLICT, POSSIBLE_CO_VICTIM)
               for k in ("actor", "recipient", "place", "document"))


def _strong(m: PairMatch) -> bool:
    """A field that names the occurrence, not only its kind: the day, an exact party, the place."""
    f = m.fields
    return (f.get("date") == "day" or f.get("place") in ("same", "near")
            or any(f.get(k) in ("exact", "disputed", "co_victim") for k in ("actor", "recipient")))


def _seq(e: Event) -> int:
    tail = e.event_id.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _vote(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    # most frequent; ties go to the first reported
    return max(counts, key=lambda v: counts[v])


def _best_date(dates: Sequence[str | None]) -> str | None:
    full = [d for d in dates if d and not d.startswith("--")]
    if not full:
        return _vote(dates)
    top = max(len(d) for d in full)
    return _vote([d for d in full if len(d) == top])


def _best_party(parties: Sequence[Party | None]) -> Party | None:
    named = [p for p in parties if p is not None and p.id]
    if not named:
        return next((p for p in parties if p is not None), None)
    counts = Counter(p.id for p in named)
    # the most specific (longest lineage) among the most reported
    top = max(counts.values())
    cands = [p for p in named if counts[p.id] == top]
    return max(cands, key=lambda p: len(p.lineage))


def _best_place(places: Sequence[Place | None]) -> Place | None:
    known = [p for p in places if p is not None]
    if not known:
        return None
    finest = min(p.precision for p in known)
    counts = Counter(p.id for p in known if p.precision == finest)
    pid = max(counts, key=lambda k: counts[k])
    return next(p for p in known if p.id == pid)


def _replay(clusters: list[_Cluster], ops: Sequence[Operation]) -> list[_Cluster]:
    """Apply merges and splits in order; an operation whose events are gone is skipped."""
    def find(key: str) -> _Cluster | None:
        return next((c for c in clusters if key in c.why), None)

    for op in ops:
        if op.op == "merge":
            ca, cb = find(op.a), find(op.b)
            if ca is None or cb is None or ca is cb:
                continue
            for e in cb.events:
                ca.add(e, "merge", op.a, None)
            clusters.remove(cb)
        elif op.op == "split":
            c = find(op.a)
            if c is None or len(c.events) < 2:
                continue
            e = next(x for x in c.events if event_key(x) == op.a)
            c.events.remove(e)
            del c.why[op.a]
            alone = _Cluster(e)
            alone.why[op.a] = ("split", op.b, None)
            clusters.append(alone)
    return clusters
