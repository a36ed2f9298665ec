"""Read endpoints over the stored data: documents, events, incidents, actors, the graph."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Path, Query

from ..fuse import contradictions
from ..fuse.output import incident_row
from ..model import Document, Event, Incident
from ..store.queries import EventFilter
from .deps import Page, filters, page, require_token, service
from .errors import ApiError
from .service import Service

router = APIRouter(prefix="/api")
CONTEXT_CHARS = 400


def _meta(doc_meta: Any) -> dict[str, Any]:
    return {"published": doc_meta.published, "url": doc_meta.url, "outlet": doc_meta.outlet,
            "title": doc_meta.title}


def _metas(svc: Service) -> dict[str, dict[str, Any]]:
    def make() -> dict[str, dict[str, Any]]:
        return {d.id: _meta(d.meta) for d in svc.store.documents()}
    return svc._cached("metas", make)  # type: ignore[no-any-return]


def event_json(e: Event, svc: Service) -> dict[str, Any]:
    row = e.to_json()
    row["document"] = _metas(svc).get(e.doc_id)
    row["incident_id"] = svc.incident_of().get(f"{e.doc_id}#{e.event_id}")
    return row


def incident_summary(inc: Incident, svc: Service) -> dict[str, Any]:
    loc = inc.location
    statuses = sorted({le.status for le in inc.ledger})
    members = [le for le in inc.ledger if le.details.get("role") != "denial"]
    first = next((le for le in members), None)
    evidence = ((first.details.get("evidence") or {}).get("text") if first else None)
    return {"incident_id": inc.incident_id, "type": inc.type, "date": inc.date,
            "actor": inc.actor.to_json() if inc.actor else None,
            "recipient": inc.recipient.to_json() if inc.recipient else None,
            "location": None if loc is None else {"id": loc.id, "name": loc.name, "country": loc.country,
                                                  "lat": loc.lat, "lon": loc.lon, "precision": loc.precision},
            "reports": len(members), "documents": len({le.doc_id for le in members}),
            "statuses": statuses, "outlets": sorted({le.outlet for le in members if le.outlet}),
            "evidence": evidence}


@router.get("/health", tags=["meta"])
def health(svc: Service = Depends(service)) -> dict[str, Any]:
    return {"status": "ok", "store": svc.store.location, "documents": len(_metas(svc)),
            "incidents": len(svc.fusion().incidents)}


# --- documents -----------------------------------------------------------------

@router.get("/documents", tags=["documents"])
def list_documents(q: str | None = Query(None, max_length=200, description="title, outlet, id or URL contains"),
                   pg: Page = Depends(page), svc: Service = Depends(service)) -> dict[str, Any]:
    rows = []
    needle = (q or "").lower().strip()
    for d in svc._cached("documents", svc.store.documents):
        row = {"id": d.id, **_meta(d.meta), "chars": d.chars, "events": d.events, "mentions": d.mentions,
               "relations": d.relations, "ingested_at": d.ingested_at}
        if needle and needle not in " ".join(str(v) for v in row.values()).lower():
            continue
        rows.append(row)
    return pg.cut(rows)


def _document(svc: Service, doc_id: str) -> Document:
    doc = svc.document(doc_id)
    if doc is None:
        raise ApiError(404, f"{doc_id}: no such document")
    return doc


@router.get("/documents/{doc_id}", tags=["documents"])
def get_document(doc_id: str = Path(..., min_length=1, max_length=300), svc: Service = Depends(service)) -> dict[str, Any]:
    doc = _document(svc, doc_id)
    return document_json(doc, svc)


def document_json(doc: Document, svc: Service | None) -> dict[str, Any]:
    return {"id": doc.id, **_meta(doc.meta), "text": doc.text,
            "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences],
            "mentions": [{"start": m.start, "end": m.end, "kind": m.kind, "entity_id": m.entity_id,
                          "method": m.method, "value": m.value, "text": doc.text[m.start:m.end]}
                         for m in doc.mentions],
            "events": [event_json(e, svc) if svc is not None else e.to_json() for e in doc.events],
            "relations": [r.to_json() for r in doc.relations]}


# --- events --------------------------------------------------------------------

@router.get("/events", tags=["events"])
def list_events(f: EventFilter = Depends(filters), pg: Page = Depends(page),
                svc: Service = Depends(service)) -> dict[str, Any]:
    items, total, exact = svc.event_page(f, pg.limit, pg.offset)
    # past TOTAL_CAP matches `total` is a lower bound (docs/API.md): counting 1 M rows takes seconds
    return {**pg.wrap([event_json(e, svc) for e in items], total), "total_exact": exact}


@router.get("/events/{doc_id}/{event_id}", tags=["events"])
def get_event(doc_id: str = Path(..., min_length=1, max_length=300), event_id: str = Path(..., min_length=1, max_length=300), svc: Service = Depends(service)) -> dict[str, Any]:
    """One event with its evidence sentence in context (the sentences before and after)."""
    doc = _document(svc, doc_id)
    ev = next((e for e in doc.events if e.event_id == event_id), None)
    if ev is None:
        raise ApiError(404, f"{doc_id}/{event_id}: no such event")
    row = event_json(ev, svc)
    row["context"] = context(doc, ev)
    return row


def context(doc: Document, ev: Event) -> dict[str, Any]:
    """The evidence with one sentence either side, and where trigger and evidence sit in it."""
    s, e = ev.evidence.start, ev.evidence.end
    sents = doc.sentences
    idx = [i for i, x in enumerate(sents) if x.start <= s < x.end or (s <= x.start < e)]
    if idx:
        lo = sents[max(0, idx[0] - 1)].start
        hi = sents[min(len(sents) - 1, idx[-1] + 1)].end
    else:
        lo, hi = max(0, s - CONTEXT_CHARS), min(len(doc.text), e + CONTEXT_CHARS)
    lo, hi = min(lo, s), max(hi, e)
    out: dict[str, Any] = {"before": doc.text[lo:s], "evidence": doc.text[s:e], "after": doc.text[e:hi],
                           "start": lo, "end": hi}
    if ev.trigger and s <= ev.trigger[0] <= ev.trigger[1] <= e:
        out["trigger"] = {"start": ev.trigger[0] - s, "end": ev.trigger[1] - s}
    return out


# --- incidents -----------------------------------------------------------------

@router.get("/incidents", tags=["incidents"])
def list_incidents(f: EventFilter = Depends(filters), pg: Page = Depends(page),
                   svc: Service = Depends(service)) -> dict[str, Any]:
    incs = svc.incidents(f)
    return pg.wrap([incident_summary(i, svc) for i in incs[pg.offset:pg.offset + pg.limit]], len(incs))


@router.get("/places", tags=["incidents"])
def list_places(f: EventFilter = Depends(filters), pg: Page = Depends(page),
                svc: Service = Depends(service)) -> dict[str, Any]:
    """Filtered incidents grouped by place, busiest first (the map): every incident is counted here,
    so the map needs no page of incidents; ``incidents`` and ``located`` count them all."""
    def make() -> dict[str, Any]:
        return places_of(svc.incidents(f))
    # kept until the data changes: the map asks again after every brush
    agg: dict[str, Any] = svc.memo(("places", f.key()), make)
    return {**pg.cut(agg["items"]), "incidents": agg["incidents"], "located": agg["located"]}


def places_of(incs: list[Incident]) -> dict[str, Any]:
    groups: dict[str, dict[str, Any]] = {}
    for inc in incs:
        loc = inc.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        g = groups.setdefault(loc.id or f"{loc.lat},{loc.lon}", {
            "location": {"id": loc.id, "name": loc.name, "country": loc.country, "lat": loc.lat,
                         "lon": loc.lon, "precision": loc.precision}, "count": 0, "types": {}})
        g["count"] += 1
        g["types"][inc.type] = g["types"].get(inc.type, 0) + 1
    rows = sorted(groups.values(), key=lambda g: (-g["count"], str(g["location"]["id"])))
    return {"items": rows, "incidents": len(incs), "located": sum(g["count"] for g in rows)}


@router.get("/incidents/{incident_id}", tags=["incidents"])
def get_incident(incident_id: str = Path(..., min_length=1, max_length=300), svc: Service = Depends(service)) -> dict[str, Any]:
    """The incident with its claims ledger: every report, who reports and who denies, differing details."""
    result = svc.fusion()
    inc = result.incident(incident_id)
    if inc is None:
        raise ApiError(404, f"{incident_id}: no such incident")
    row = incident_row(inc, result)
    texts = {(le.doc_id, le.event_id): (le.details.get("evidence") or {}).get("text") for le in inc.ledger}
    metas = _metas(svc)
    for entry in (*row["events"], *row["denials"]):
        entry["evidence"]["text"] = texts.get((entry["doc_id"], entry["event_id"]))
        entry["document"] = metas.get(entry["doc_id"])
    row["contradictions"] = [{"field": c.field, "values": {k: list(v) for k, v in c.values.items()}}
                             for c in contradictions(inc)]
    row["summary"] = incident_summary(inc, svc)
    return row


def _known_incident(svc: Service, incident_id: str) -> Incident:
    inc = svc.fusion().incident(incident_id)
    if inc is None:
        raise ApiError(404, f"{incident_id}: no such incident")
    return inc


@router.post("/incidents/merge", tags=["incidents"], dependencies=[Depends(require_token)])
def merge_incidents(a: str = Body(..., max_length=300), b: str = Body(..., max_length=300),
                    note: str = Body("", max_length=2000), svc: Service = Depends(service)) -> dict[str, Any]:
    """Record that incidents ``a`` and ``b`` are one (reversible; needs the write token)."""
    from ..fuse import Fuser, merge

    for x in (a, b):
        _known_incident(svc, x)
    if a == b:
        raise ApiError(422, f"{a}: cannot merge an incident with itself", "invalid_parameters")
    op, result = merge(svc.store, Fuser.load(), a, b, note)
    svc.invalidate()
    return {"operation": {"op": op.op, "a": op.a, "b": op.b, "at": op.at, "note": op.note},
            "incidents": len(result.incidents)}


@router.post("/incidents/{incident_id}/split", tags=["incidents"], dependencies=[Depends(require_token)])
def split_incident(incident_id: str = Path(..., min_length=1, max_length=300), event: str = Body(..., embed=True, max_length=300),
                   note: str = Body("", embed=True, max_length=2000),
                   svc: Service = Depends(service)) -> dict[str, Any]:
    """Record that ``event`` (``doc#event_id``) is not part of the incident (needs the write token)."""
    from ..fuse import Fuser, split

    members = svc.fusion().members(_known_incident(svc, incident_id).incident_id)
    if not any(f"{m.doc_id}#{m.event_id}" == event or m.event_id == event for m in members):
        raise ApiError(422, f"{event}: not a member of {incident_id}", "invalid_parameters")
    if len(members) < 2:
        raise ApiError(422, f"{incident_id}: has a single report, nothing to split", "invalid_parameters")
    op, result = split(svc.store, Fuser.load(), incident_id, event, note)
    svc.invalidate()
    return {"operation": {"op": op.op, "a": op.a, "b": op.b, "at": op.at, "note": op.note},
            "incidents": len(result.incidents)}


# --- actors and graph ----------------------------------------------------------

@router.get("/actors", tags=["actors"])
def list_actors(q: str | None = Query(None, max_length=200), pg: Page = Depends(page),
                svc: Service = Depends(service)) -> dict[str, Any]:
    needle = (q or "").lower().strip()
    rows: list[dict[str, Any]] = []
    for aid, counts in sorted(svc.party_counts().items()):
        name = svc.actor_name(aid)
        if needle and needle not in aid.lower() and needle not in name.lower():
            continue
        rows.append({"id": aid, "name": name, **{f"as_{k}": v for k, v in counts.items()}})
    weight = {aid: c.get("actor", 0) + c.get("recipient", 0) for aid, c in svc.party_counts().items()}
    rows.sort(key=lambda r: (-weight[r["id"]], r["id"]))
    return pg.cut(rows)


@router.get("/actors/{actor_id}", tags=["actors"])
def get_actor(actor_id: str = Path(..., min_length=1, max_length=300), svc: Service = Depends(service)) -> dict[str, Any]:
    """Profile: aliases, lineage, roles over time, relations, activity."""
    return svc.profile(actor_id)


@router.get("/graph", tags=["actors"])
def get_graph(f: EventFilter = Depends(filters), svc: Service = Depends(service)) -> dict[str, Any]:
    """The actor graph: interactions counted per incident (filtered), and command/sponsorship relations."""
    return svc.graph(f)
