"""Lossless dict <-> dataclass conversion for what the store keeps.

``Event.to_json`` is the *output contract* (rounded confidence, no source
lineage, no place kind): fine for printing, lossy for storage. The store
needs ``from_dict(to_dict(e)) == e`` exactly, so it has its own codec.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from ..errors import StoreError
from ..model import DocMeta, Event, Evidence, Mention, OffsetMap, Party, Place, Relation, Sentence, Zone


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def dumps(value: Any) -> str:
    # sort_keys: identical content always gives identical bytes (diffable dumps)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str | bytes | None, what: str) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise StoreError(f"stored {what} is not valid JSON: {exc}") from exc


def party_to_dict(p: Party | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"id": p.id, "name": p.name, "lineage": list(p.lineage)}


def party_from_dict(d: Mapping[str, Any] | None) -> Party | None:
    if d is None:
        return None
    return Party(id=d["id"], name=d["name"], lineage=tuple(d.get("lineage") or ()))


def place_to_dict(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    out = asdict(p)
    out["aliases"] = list(p.aliases)
    return out


def place_from_dict(d: Mapping[str, Any] | None) -> Place | None:
    if d is None:
        return None
    return Place(id=d["id"], name=d["name"], country=d.get("country"), lat=d.get("lat"),
                 lon=d.get("lon"), precision=int(d["precision"]), kind=d.get("kind", "city"),
                 aliases=tuple(d.get("aliases") or ()))


def event_to_dict(e: Event) -> dict[str, Any]:
    return {
        "doc_id": e.doc_id, "event_id": e.event_id, "type": e.type, "mode": e.mode,
        "actor": party_to_dict(e.actor), "recipient": party_to_dict(e.recipient),
        "date": e.date, "location": place_to_dict(e.location), "status": e.status,
        "source": party_to_dict(e.source), "confidence": e.confidence, "cameo": e.cameo,
        "evidence": {"start": e.evidence.start, "end": e.evidence.end, "text": e.evidence.text},
        "trigger": list(e.trigger) if e.trigger is not None else None,
        "condition": e.condition,
    }


def event_from_dict(d: Mapping[str, Any]) -> Event:
    ev = d["evidence"]
    trig = d.get("trigger")
    return Event(
        doc_id=d["doc_id"], event_id=d["event_id"], type=d["type"],
        evidence=Evidence(start=int(ev["start"]), end=int(ev["end"]), text=ev["text"]),
        mode=d.get("mode"), actor=party_from_dict(d.get("actor")),
        recipient=party_from_dict(d.get("recipient")), date=d.get("date"),
        location=place_from_dict(d.get("location")), status=d.get("status", "asserted"),
        source=party_from_dict(d.get("source")), confidence=float(d.get("confidence", 0.5)),
        cameo=d.get("cameo"), trigger=(int(trig[0]), int(trig[1])) if trig else None,
        condition=d.get("condition"),
    )


def meta_to_dict(m: DocMeta) -> dict[str, Any]:
    return asdict(m)


def meta_from_dict(d: Mapping[str, Any] | None) -> DocMeta:
    if not d:
        return DocMeta()
    known = DocMeta.__dataclass_fields__
    # tolerate keys written by a newer proxywatch rather than crash a reader
    return DocMeta(**{k: v for k, v in d.items() if k in known})


def offsets_to_dict(o: OffsetMap) -> dict[str, Any]:
    return {"clean_starts": list(o.clean_starts), "orig_starts": list(o.orig_starts),
            "clean_len": o.clean_len, "orig_len": o.orig_len}


def offsets_from_dict(d: Mapping[str, Any] | None) -> OffsetMap:
    if not d:
        return OffsetMap()
    return OffsetMap(tuple(d["clean_starts"]), tuple(d["orig_starts"]), int(d["clean_len"]),
                     int(d["orig_len"]))


def sentences_to_list(ss: tuple[Sentence, ...]) -> list[list[Any]]:
    return [[s.start, s.end, s.relevant] for s in ss]


def sentences_from_list(rows: list[list[Any]] | None) -> tuple[Sentence, ...]:
    return tuple(Sentence(int(a), int(b), bool(r)) for a, b, r in rows or ())


def zone_row(z: Zone) -> tuple[int, int, str, str]:
    return (z.start, z.end, z.kind, z.label)


def mention_row(m: Mention) -> tuple[int, int, str, str | None, str, str, str | None]:
    return (m.start, m.end, m.kind, m.entity_id, m.method, m.label, m.value)


def relation_to_dict(r: Relation) -> dict[str, Any]:
    return {"subject": r.subject, "relation": r.relation, "object": r.object, "doc_id": r.doc_id,
            "date": r.date, "evidence": {"start": r.evidence.start, "end": r.evidence.end,
                                         "text": r.evidence.text}}


def relation_from_dict(d: Mapping[str, Any]) -> Relation:
    ev = d["evidence"]
    return Relation(subject=d["subject"], relation=d["relation"], object=d["object"],
                    doc_id=d["doc_id"], date=d.get("date"),
                    evidence=Evidence(int(ev["start"]), int(ev["end"]), ev["text"]))
