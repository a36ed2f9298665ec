"""STIX 2.1 bundle of the store: actors, places, one report per article, sightings.

Ids are uuid5 of a normalised key (actor id, place id, document URL, event
id...), so exporting the same store twice, or a grown store later, yields
the same ids and OpenCTI / MISP update objects instead of duplicating them.
"""
from __future__ import annotations

import json
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model import Actor, Event, Incident, Party, Place, Relation
from ..store.port import Store, StoredDocument
from .common import Row, compact, country, doc_time, rows, timestamp

# fixed namespace: changing it would re-key every object ever exported
NAMESPACE = uuid.UUID("6c1c3f0e-59a4-5b0e-9d37-7a1f0c3e9b21")
HOSTILE = frozenset({"ASSAULT", "THREATEN", "COERCE"})
SPONSORSHIP = frozenset({"directs", "supports"})


def stix_id(kind: str, key: str) -> str:
    norm = re.sub(r"\s+", " ", key.strip().lower())
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{norm}')}"


class _Bundle:
    """Collects objects by id; times widen as more documents contribute."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, Any]] = {}
        self.times: dict[str, list[str]] = defaultdict(list)

    def put(self, obj: dict[str, Any], when: str) -> str:
        self.objects.setdefault(obj["id"], obj)
        self.times[obj["id"]].append(when)
        return str(obj["id"])

    def finish(self) -> dict[str, Any]:
        out = []
        for oid, obj in sorted(self.objects.items()):
            ts = sorted(self.times[oid])
            obj = {"type": obj["type"], "spec_version": "2.1", "id": oid, "created": ts[0],
                   "modified": ts[-1], **{k: v for k, v in obj.items() if k not in ("type", "id")}}
            out.append(obj)
        key = ",".join(o["id"] for o in out)
        return {"type": "bundle", "id": f"bundle--{uuid.uuid5(NAMESPACE, key)}", "objects": out}


def build_bundle(store: Store, actors: Mapping[str, Actor] | None = None,
                 incidents: Sequence[Incident] | None = None) -> dict[str, Any]:
    """The STIX bundle as a dict. ``actors`` (id -> knowledge-pack Actor) gives
    canonical names and aliases; without it the surface names reported are used.
    With ``incidents`` there is one sighting per incident, else one per event."""
    data = rows(store)
    docs = {d.id: d for d in store.documents()}
    relations = store.relations()
    b = _Bundle()
    surface = _surface_names(data, relations)
    hostile = {r.event.actor.id for r in data
               if r.event.actor and r.event.actor.id and r.event.type in HOSTILE}
    hostile |= {x for rel in relations if rel.relation in SPONSORSHIP for x in (rel.subject, rel.object)}
    refs: dict[str, set[str]] = defaultdict(set)  # doc id -> ids its report lists

    def actor_ref(aid: str, when: str, doc_id: str) -> str:
        oid = b.put(_actor_object(aid, surface.get(aid, Counter()), (actors or {}).get(aid),
                                  aid in hostile), when)
        refs[doc_id].add(oid)
        return oid

    for r in data:
        e, when = r.event, doc_time(r.doc)
        src = actor_ref(e.actor.id, when, e.doc_id) if e.actor and e.actor.id else None
        tgt = actor_ref(e.recipient.id, when, e.doc_id) if e.recipient and e.recipient.id else None
        loc = _location(e.location)
        loc_ref = b.put(loc, when) if loc else None
        if loc_ref:
            refs[e.doc_id].add(loc_ref)
        if src and e.type in HOSTILE:
            for target in (tgt, loc_ref):
                if target:
                    refs[e.doc_id].add(_targets(b, src, target, e, when))
        if src and incidents is None:
            refs[e.doc_id].add(b.put(_event_sighting(e, src, loc_ref), when))
        if e.status in ("claimed", "denied") and e.source is not None:
            about = stix_id("sighting", e.event_id) if src and incidents is None else \
                stix_id("report", e.doc_id)
            refs[e.doc_id].add(b.put(_status_note(e, about), when))
    for rel in relations:
        when = doc_time(docs.get(rel.doc_id))
        s, o = actor_ref(rel.subject, when, rel.doc_id), actor_ref(rel.object, when, rel.doc_id)
        rid = b.put(_relationship(rel, s, o), when)
        refs[rel.doc_id].add(rid)
        if rel.relation in SPONSORSHIP:
            refs[rel.doc_id].add(b.put(_attribution_note(rel, rid), when))
    for inc in incidents or ():
        _incident_sighting(b, inc, docs, surface, actors, hostile, refs)
    for doc in docs.values():
        _report(b, doc, refs[doc.id])
    return b.finish()


def export_stix(store: Store, path: str | Path, actors: Mapping[str, Actor] | None = None,
                incidents: Sequence[Incident] | None = None) -> int:
    """Write the bundle as JSON to ``path``; return the number of objects."""
    bundle = build_bundle(store, actors, incidents)
    Path(path).write_text(json.dumps(bundle, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(bundle["objects"])


def _surface_names(data: Iterable[Row], relations: Iterable[Relation]) -> dict[str, Counter[str]]:
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for r in data:
        for p in (r.event.actor, r.event.recipient, r.event.source):
            if p is not None and p.id and p.name:
                names[p.id][p.name] += 1
    return names


def _actor_object(aid: str, seen: Counter[str], known: Actor | None, hostile: bool) -> dict[str, Any]:
    if known is not None:
        name, aliases, kind = known.name, set(known.aliases), known.kind
    else:
        # the most reported surface form names it; ties go alphabetical
        ranked = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))
        name = ranked[0][0] if ranked else aid
        aliases, kind = {n for n, _ in ranked}, ""
    aliases.discard(name)
    ext = {"x_proxywatch_id": aid}
    if hostile:
        return compact({"type": "threat-actor", "id": stix_id("threat-actor", aid), "name": name,
                        "aliases": sorted(aliases), **ext})
    return compact({"type": "identity", "id": stix_id("identity", aid), "name": name,
                    "identity_class": "individual" if kind == "person" else "organization",
                    "x_proxywatch_aliases": sorted(aliases), **ext})


def _location(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    c = country(p.country)
    has_point = p.lat is not None and p.lon is not None
    if not has_point and c is None:
        return None  # STIX needs a point, a country or a region
    return compact({"type": "location", "id": stix_id("location", p.id), "name": p.name,
                    "latitude": p.lat if has_point else None,
                    "longitude": p.lon if has_point else None,
                    "precision": {1: 100.0, 2: 10000.0, 3: 100000.0}.get(p.precision)
                    if has_point else None,
                    "country": c.iso2 if c else None, "x_proxywatch_id": p.id})


def _window(b: _Bundle, oid: str, e: Event, start_key: str, stop_key: str) -> None:
    obj = b.objects[oid]
    lo, hi = timestamp(e.date), timestamp(e.date, end=True)
    if lo and hi:
        obj[start_key] = min(obj.get(start_key, lo), lo)
        obj[stop_key] = max(obj.get(stop_key, hi), hi)


def _targets(b: _Bundle, src: str, tgt: str, e: Event, when: str) -> str:
    oid = b.put({"type": "relationship", "id": stix_id("relationship", f"{src}|targets|{tgt}"),
                 "relationship_type": "targets", "source_ref": src, "target_ref": tgt,
                 "x_proxywatch_events": []}, when)
    b.objects[oid]["x_proxywatch_events"].append(e.event_id)
    b.objects[oid]["x_proxywatch_events"].sort()
    _window(b, oid, e, "start_time", "stop_time")
    return oid


def _event_sighting(e: Event, src: str, loc_ref: str | None) -> dict[str, Any]:
    lo, hi = timestamp(e.date), timestamp(e.date, end=True)
    return compact({
        "type": "sighting", "id": stix_id("sighting", e.event_id), "sighting_of_ref": src,
        "where_sighted_refs": [loc_ref] if loc_ref else None, "first_seen": lo, "last_seen": hi,
        "count": 1, "description": e.evidence.text,
        "x_proxywatch_event": compact({"doc_id": e.doc_id, "event_id": e.event_id, "type": e.type,
                                       "mode": e.mode, "status": e.status, "date": e.date,
                                       "source": _party_name(e.source),
                                       "recipient": _party_name(e.recipient)}),
    })


def _status_note(e: Event, about: str) -> dict[str, Any]:
    who = _party_name(e.source) or "an unnamed source"
    return {"type": "note", "id": stix_id("note", f"status:{e.event_id}"),
            "abstract": f"{e.type} {e.status} by {who}", "content": e.evidence.text,
            "authors": [who], "object_refs": [about]}


def _relationship(rel: Relation, s: str, o: str) -> dict[str, Any]:
    if rel.relation in SPONSORSHIP:
        # "the Quds Force directs Kataib Hezbollah": the proxy is attributed to its sponsor
        src, typ, tgt = o, "attributed-to", s
    else:
        src, typ, tgt = s, "related-to", o
    return compact({"type": "relationship", "id": stix_id("relationship", f"{src}|{typ}|{tgt}|{rel.relation}"),
                    "relationship_type": typ, "source_ref": src, "target_ref": tgt,
                    "description": f"{rel.subject} {rel.relation} {rel.object}",
                    "start_time": timestamp(rel.date), "x_proxywatch_relation": rel.relation})


def _attribution_note(rel: Relation, rid: str) -> dict[str, Any]:
    return {"type": "note", "id": stix_id("note", f"attribution:{rid}:{rel.doc_id}:{rel.evidence.start}"),
            "abstract": f"Attribution basis: {rel.subject} {rel.relation} {rel.object}",
            "content": rel.evidence.text, "object_refs": [rid, stix_id("report", rel.doc_id)]}


def _incident_sighting(b: _Bundle, inc: Incident, docs: Mapping[str, StoredDocument],
                       surface: Mapping[str, Counter[str]], actors: Mapping[str, Actor] | None,
                       hostile: set[str], refs: dict[str, set[str]]) -> None:
    if inc.actor is None or not inc.actor.id:
        return
    whens = sorted(doc_time(docs.get(x.doc_id)) for x in inc.ledger) or ["1970-01-01T00:00:00.000Z"]
    src = b.put(_actor_object(inc.actor.id, Counter(surface.get(inc.actor.id, Counter())),
                              (actors or {}).get(inc.actor.id), inc.actor.id in hostile), whens[0])
    loc = _location(inc.location)
    loc_ref = b.put(loc, whens[0]) if loc else None
    sid = stix_id("sighting", f"incident:{inc.incident_id}")
    obj = compact({"type": "sighting", "id": sid, "sighting_of_ref": src,
                   "where_sighted_refs": [loc_ref] if loc_ref else None,
                   "first_seen": timestamp(inc.date), "last_seen": timestamp(inc.date, end=True),
                   "count": max(1, len(inc.ledger)), "x_proxywatch_incident": inc.incident_id,
                   "x_proxywatch_ledger": [compact({"doc_id": x.doc_id, "event_id": x.event_id,
                                                    "outlet": x.outlet, "source": x.source,
                                                    "status": x.status}) for x in inc.ledger]})
    for w in whens:
        b.put(obj, w)
    for x in inc.ledger:
        refs[x.doc_id].add(sid)


def _report(b: _Bundle, doc: StoredDocument, refs: set[str]) -> None:
    when = doc_time(doc)
    creator = None
    if doc.meta.outlet:
        creator = b.put({"type": "identity", "id": stix_id("identity", f"outlet:{doc.meta.outlet}"),
                         "name": doc.meta.outlet, "identity_class": "organization",
                         "sectors": ["communications"]}, when)
    ext = compact({"source_name": doc.meta.outlet or "proxywatch", "url": doc.meta.url,
                   "external_id": doc.id})
    b.put(compact({"type": "report", "id": stix_id("report", doc.id),
                   "name": doc.meta.title or doc.id, "published": when,
                   "report_types": ["threat-report"], "created_by_ref": creator,
                   "object_refs": sorted(refs) or [creator or stix_id("identity", "proxywatch")],
                   "external_references": [ext], "x_proxywatch_doc_id": doc.id}), when)
    if not refs and creator is None:
        b.put({"type": "identity", "id": stix_id("identity", "proxywatch"), "name": "proxywatch",
               "identity_class": "system"}, when)


def _party_name(p: Party | None) -> str | None:
    return p.name if p is not None else None
