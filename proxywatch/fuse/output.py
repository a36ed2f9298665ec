"""Incidents as rows: the JSONL contract of `proxywatch incidents` and flat table rows."""
from __future__ import annotations

from typing import Any

from ..model import Incident, Party
from .fuse import FusionResult


def _party(p: Party | None) -> dict[str, Any] | None:
    return p.to_json() if p is not None else None


def incident_row(inc: Incident, result: FusionResult | None = None) -> dict[str, Any]:
    """One incident a line: ``incident_id, type, date, actor, recipient, location, events``.

    ``events`` are the members as ``{doc_id, event_id, evidence: {start, end}}``
    (plus status, outlet, source and details from the ledger, and the fusion
    reason when ``result`` is given). ``denials`` are the REJECT mentions that refer
    back to the incident (their own incident is elsewhere; see fuse/denials.py).
    """
    loc = inc.location
    why = {(m.doc_id, m.event_id): m for m in result.members(inc.incident_id)} if result else {}
    events: list[dict[str, Any]] = []
    denials: list[dict[str, Any]] = []
    for le in inc.ledger:
        ev = le.details.get("evidence") or {}
        row: dict[str, Any] = {"doc_id": le.doc_id, "event_id": le.event_id,
                               "evidence": {"start": ev.get("start"), "end": ev.get("end")},
                               "status": le.status, "outlet": le.outlet, "source": le.source,
                               "details": {k: v for k, v in le.details.items() if k != "evidence"}}
        m = why.get((le.doc_id, le.event_id))
        if m is not None:
            row["fusion"] = {"method": m.method, "matched_with": m.matched_with,
                             "points": m.points, "fields": dict(m.fields)}
        # a linked denial is in the ledger but is no member (it is its own incident)
        (denials if le.details.get("role") == "denial" else events).append(row)
    return {
        "incident_id": inc.incident_id, "type": inc.type, "date": inc.date,
        "actor": _party(inc.actor), "recipient": _party(inc.recipient),
        "location": None if loc is None else {"id": loc.id, "name": loc.name, "country": loc.country,
                                              "lat": loc.lat, "lon": loc.lon,
                                              "precision": loc.precision},
        "reports": len(events), "documents": len({e["doc_id"] for e in events}),
        "events": events, "denials": denials,
    }
