"""Parquet tables of events (and incidents, when given) for pandas / DuckDB / Spark."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..model import Incident
from ..store.port import Store
from .common import flat_event, rows


def _schemas() -> tuple[Any, Any]:
    import pyarrow as pa

    s, f, i, lst = pa.string(), pa.float64(), pa.int64(), pa.list_(pa.string())
    events = pa.schema([
        ("doc_id", s), ("event_id", s), ("type", s), ("mode", s), ("status", s), ("date", s),
        ("date_lo", s), ("date_hi", s), ("actor_id", s), ("actor_name", s), ("actor_lineage", lst),
        ("recipient_id", s), ("recipient_name", s), ("recipient_lineage", lst), ("source_id", s),
        ("source_name", s), ("place_id", s), ("place_name", s), ("country", s), ("lat", f),
        ("lon", f), ("geo_precision", i), ("confidence", f), ("cameo", s), ("evidence_start", i),
        ("evidence_end", i), ("evidence_text", s), ("trigger_start", i), ("trigger_end", i),
        ("condition", s), ("outlet", s), ("url", s), ("published", s),
    ])
    incidents = pa.schema([
        ("incident_id", s), ("type", s), ("date", s), ("actor_id", s), ("actor_name", s),
        ("recipient_id", s), ("recipient_name", s), ("place_id", s), ("place_name", s),
        ("country", s), ("lat", f), ("lon", f), ("reports", i), ("doc_ids", lst),
        ("event_ids", lst), ("statuses", lst),
    ])
    return events, incidents


def export_parquet(store: Store, path: str | Path,
                   incidents: Sequence[Incident] | None = None) -> dict[str, int]:
    """Write events to ``path`` (and incidents to ``<stem>.incidents.parquet``).

    Returns rows written per table.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    ev_schema, inc_schema = _schemas()
    records = []
    for r in rows(store):
        e, doc, loc = r.event, r.doc, r.event.location
        records.append({
            **flat_event(e), "date": e.date, "country": loc.country if loc else None,
            "trigger_start": e.trigger[0] if e.trigger else None,
            "trigger_end": e.trigger[1] if e.trigger else None, "condition": e.condition,
            "outlet": doc.meta.outlet if doc else None, "url": doc.meta.url if doc else None,
            "published": doc.meta.published if doc else None,
        })
    out = Path(path)
    pq.write_table(pa.Table.from_pylist(records, schema=ev_schema), out)
    counts = {"events": len(records)}
    if incidents is not None:
        inc_rows = [{
            "incident_id": x.incident_id, "type": x.type, "date": x.date,
            "actor_id": x.actor.id if x.actor else None, "actor_name": x.actor.name if x.actor else None,
            "recipient_id": x.recipient.id if x.recipient else None,
            "recipient_name": x.recipient.name if x.recipient else None,
            "place_id": x.location.id if x.location else None,
            "place_name": x.location.name if x.location else None,
            "country": x.location.country if x.location else None,
            "lat": x.location.lat if x.location else None, "lon": x.location.lon if x.location else None,
            "reports": len(x.ledger), "doc_ids": [le.doc_id for le in x.ledger],
            "event_ids": [le.event_id for le in x.ledger], "statuses": [le.status for le in x.ledger],
        } for x in incidents]
        pq.write_table(pa.Table.from_pylist(inc_rows, schema=inc_schema), incidents_path(out))
        counts["incidents"] = len(inc_rows)
    return counts


def incidents_path(events_path: str | Path) -> Path:
    p = Path(events_path)
    return p.with_name(f"{p.stem}.incidents.parquet")
