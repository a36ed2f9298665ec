"""Incidents, memberships and analyst operations in the store (migration 0002_incidents).

The SQL backends get three tables (see the migration); the in-memory store
keeps the same records beside itself. Saving a fusion result replaces the
incidents and memberships in one transaction; operations are append-only.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from ..errors import StoreError
from ..model import Incident, LedgerEntry
from ..store import codec
from ..store.dates import bounds
from ..store.port import Store
from ..store.sqlbase import SqlStore, utc_now
from .fuse import FusionResult, Membership, Operation


@dataclass
class _MemoryTables:
    result: FusionResult | None = None
    ops: list[Operation] = field(default_factory=list)


_memory: weakref.WeakKeyDictionary[Any, _MemoryTables] = weakref.WeakKeyDictionary()


def _mem(store: Store) -> _MemoryTables:
    return _memory.setdefault(store, _MemoryTables())


def incident_to_dict(inc: Incident) -> dict[str, Any]:
    return {"incident_id": inc.incident_id, "type": inc.type, "date": inc.date,
            "actor": codec.party_to_dict(inc.actor), "recipient": codec.party_to_dict(inc.recipient),
            "location": codec.place_to_dict(inc.location),
            "ledger": [{"doc_id": le.doc_id, "event_id": le.event_id, "outlet": le.outlet,
                        "source": le.source, "status": le.status, "details": dict(le.details)}
                       for le in inc.ledger]}


def incident_from_dict(d: dict[str, Any]) -> Incident:
    return Incident(incident_id=d["incident_id"], type=d["type"], date=d.get("date"),
                    actor=codec.party_from_dict(d.get("actor")),
                    recipient=codec.party_from_dict(d.get("recipient")),
                    location=codec.place_from_dict(d.get("location")),
                    ledger=tuple(LedgerEntry(le["doc_id"], le["event_id"], le.get("outlet"),
                                             le.get("source"), le["status"], le.get("details") or {})
                                 for le in d.get("ledger") or ()))


def save_fusion(store: Store, result: FusionResult) -> None:
    """Replace the stored incidents and memberships by ``result`` (one transaction)."""
    if not isinstance(store, SqlStore):
        _mem(store).result = FusionResult(result.incidents, result.memberships)
        return
    inc_rows = []
    for inc in result.incidents:
        lo, hi = bounds(inc.date)
        loc = inc.location
        inc_rows.append((inc.incident_id, inc.type, inc.date, lo, hi,
                         inc.actor.id if inc.actor else None,
                         inc.recipient.id if inc.recipient else None,
                         loc.id if loc else None, loc.name if loc else None,
                         loc.country if loc else None, len(inc.ledger),
                         codec.dumps(incident_to_dict(inc))))
    mem_rows = [(m.doc_id, m.event_id, m.incident_id, m.method, m.matched_with, m.points,
                 codec.dumps(dict(m.fields))) for m in result.memberships]
    with store._guarded("saving incidents"), store._tx(write=True, key="__incidents__"):
        store._execute("DELETE FROM incident_members")
        store._execute("DELETE FROM incidents")
        if inc_rows:
            store._executemany(
                "INSERT INTO incidents (incident_id, type, date, date_lo, date_hi, actor_id,"
                " recipient_id, place_id, place_name, place_country, n_reports, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inc_rows)
        if mem_rows:
            store._executemany(
                "INSERT INTO incident_members (doc_id, event_id, incident_id, method, matched_with,"
                " points, fields) VALUES (?, ?, ?, ?, ?, ?, ?)", mem_rows)


def load_fusion(store: Store) -> FusionResult:
    """The stored incidents (date order) and memberships; empty before the first fusion."""
    if not isinstance(store, SqlStore):
        res = _mem(store).result
        return res if res is not None else FusionResult((), ())
    with store._guarded("reading incidents"), store._tx(write=False):
        incs = store._execute("SELECT body FROM incidents ORDER BY"
                              " CASE WHEN date_lo IS NULL THEN 1 ELSE 0 END, date_lo,"
                              f" incident_id{store.order_collation}")
        mems = store._execute("SELECT doc_id, event_id, incident_id, method, matched_with, points,"
                              f" fields FROM incident_members ORDER BY doc_id{store.order_collation},"
                              " event_id")
    incidents = tuple(incident_from_dict(codec.loads(r[0], "incident")) for r in incs)
    members = tuple(Membership(r[0], r[1], r[2], r[3], r[4], int(r[5]),
                               codec.loads(r[6], "membership fields") or {}) for r in mems)
    return FusionResult(incidents, members)


def record_operation(store: Store, op: Operation) -> Operation:
    """Append an analyst operation (stamped now when ``op.at`` is empty)."""
    if op.op not in ("merge", "split"):
        raise StoreError(f"unknown incident operation {op.op!r}")
    stamped = Operation(op.op, op.a, op.b, op.at or utc_now(), op.note)
    if not isinstance(store, SqlStore):
        _mem(store).ops.append(stamped)
        return stamped
    with store._guarded("recording an incident operation"), store._tx(write=True, key="__incidents__"):
        n = store._execute("SELECT coalesce(max(seq), 0) FROM incident_ops")[0][0]
        store._execute("INSERT INTO incident_ops (seq, op, a, b, at, note) VALUES (?, ?, ?, ?, ?, ?)",
                       (int(n) + 1, stamped.op, stamped.a, stamped.b, stamped.at, stamped.note))
    return stamped


def operations(store: Store) -> list[Operation]:
    """Every recorded operation, oldest first."""
    if not isinstance(store, SqlStore):
        return list(_mem(store).ops)
    with store._guarded("reading incident operations"), store._tx(write=False):
        rows = store._execute("SELECT op, a, b, at, note FROM incident_ops ORDER BY seq")
    return [Operation(*r) for r in rows]
