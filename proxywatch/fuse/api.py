"""Fusion over a store: re-fuse everything, and the analyst's merge and split."""
from __future__ import annotations

from ..errors import StoreError
from ..store.port import Store
from .fuse import Fuser, FusionResult, Operation
from .storage import load_fusion, operations, record_operation, save_fusion


def refuse(store: Store, fuser: Fuser) -> FusionResult:
    """Fuse every stored event, replay the recorded operations, save and return the result."""
    metas = {d.id: d.meta for d in store.documents()}
    result = fuser.fuse(store.events(), metas, operations(store))
    save_fusion(store, result)
    return result


def _anchor(result: FusionResult, incident_id: str) -> str:
    members = result.members(incident_id)
    if not members:
        raise StoreError(f"{incident_id}: no such incident (run `proxywatch incidents` to list them)")
    m = members[0]
    return f"{m.doc_id}#{m.event_id}"


def merge(store: Store, fuser: Fuser, a: str, b: str, note: str = "") -> tuple[Operation, FusionResult]:
    """Record that incidents ``a`` and ``b`` are one, and re-fuse."""
    current = load_fusion(store)
    if a == b:
        raise StoreError(f"{a}: cannot merge an incident with itself")
    op = record_operation(store, Operation("merge", _anchor(current, a), _anchor(current, b), note=note))
    return op, refuse(store, fuser)


def split(store: Store, fuser: Fuser, incident_id: str, event: str,
          note: str = "") -> tuple[Operation, FusionResult]:
    """Record that ``event`` (``doc#event_id`` or an event id) is not part of ``incident_id``; re-fuse."""
    current = load_fusion(store)
    members = current.members(incident_id)
    if not members:
        raise StoreError(f"{incident_id}: no such incident")
    hit = [m for m in members if f"{m.doc_id}#{m.event_id}" == event or m.event_id == event]
    if not hit:
        raise StoreError(f"{event}: not a member of {incident_id} "
                         f"(members: {', '.join(m.event_id for m in members)})")
    if len(members) < 2:
        raise StoreError(f"{incident_id}: has a single report, nothing to split")
    key = f"{hit[0].doc_id}#{hit[0].event_id}"
    other = next(f"{m.doc_id}#{m.event_id}" for m in members if m is not hit[0])
    op = record_operation(store, Operation("split", key, other, note=note))
    return op, refuse(store, fuser)
