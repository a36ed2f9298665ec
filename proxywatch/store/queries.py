"""Read queries the REST API needs beyond the Store port: pages with totals, free text, bounding boxes.

SQL backends get one COUNT and one LIMIT/OFFSET query built on the same
WHERE clause as :meth:`SqlStore.events`; any other store (the in-memory twin)
is filtered in Python with the same semantics, so both answer alike.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..errors import StoreError
from ..model import Event
from . import codec
from .dates import bounds
from .port import Store
from .sqlbase import SqlStore, check_date_filter

BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    bbox: BBox | None = None
    q: str | None = None
    doc_id: str | None = None

    def key(self) -> tuple[Any, ...]:
        return (self.actor, self.recipient, self.type, self.status, self.since, self.until,
                self.place, self.bbox, self.q, self.doc_id)


def parse_bbox(value: str) -> BBox:
    """``min_lon,min_lat,max_lon,max_lat`` -> a tuple; StoreError when malformed."""
    parts = value.split(",")
    try:
        nums = tuple(float(p) for p in parts)
    except ValueError:
        nums = ()
    if len(nums) != 4 or not (-180 <= nums[0] <= nums[2] <= 180 and -90 <= nums[1] <= nums[3] <= 90):
        raise StoreError(f"bbox={value!r}: expected min_lon,min_lat,max_lon,max_lat within the globe")
    return nums[0], nums[1], nums[2], nums[3]


def in_bbox(lat: float | None, lon: float | None, box: BBox) -> bool:
    return lat is not None and lon is not None and box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def data_version(store: Store) -> tuple[Any, ...]:
    """Changes whenever documents, incidents or analyst operations change (cache key for the API)."""
    from .sqlite import SqliteStore

    if isinstance(store, SqliteStore):
        # O(1): data_version moves when another connection commits; total_changes counts our own writes
        with store._guarded("reading the data version"):
            return (store._execute("PRAGMA data_version")[0][0], store._conn.total_changes)
    if isinstance(store, SqlStore):
        with store._guarded("reading the data version"), store._tx(write=False):
            docs = store._execute("SELECT count(*), max(ingested_at) FROM documents")[0]
            ops = store._execute("SELECT count(*) FROM incident_ops")[0]
            incs = store._execute("SELECT count(*), max(incident_id) FROM incidents")[0]
        return (*docs, *ops, *incs)
    return (len(store.documents()), id(store))


def place_coordinates(store: Store) -> dict[str, tuple[float | None, float | None]]:
    """Place id -> (lat, lon) of every place events are located at."""
    if isinstance(store, SqlStore):
        with store._guarded("listing event places"), store._tx(write=False):
            ids = [r[0] for r in store._execute(
                "SELECT DISTINCT place_id FROM events WHERE place_id IS NOT NULL")]
            out: dict[str, tuple[float | None, float | None]] = {}
            for pid in ids:
                row = store._execute("SELECT body FROM events WHERE place_id = ? LIMIT 1", (pid,))
                loc = codec.loads(row[0][0], "event").get("location") or {}
                out[pid] = (loc.get("lat"), loc.get("lon"))
        return out
    return {e.location.id: (e.location.lat, e.location.lon) for e in store.events() if e.location}


def _where(store: SqlStore, f: EventFilter, place_ids: list[str] | None,
           walk_order: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause; ``walk_order`` wraps the indexed columns (``col || ''``) so the planner
    walks the (doc_id, seq) index and stops after one page, instead of sorting every match.
    A ``q`` with few matches is the cheaper side: the other columns are wrapped too, so the
    query starts from those matches instead of, say, every THREATEN event."""
    selective = bool(f.q and store.text_selective(f.q))
    col = (lambda c: f"({c} || '')") if walk_order or selective else (lambda c: c)
    # a rare place is best found through its index, unless a rare q is rarer still
    col_place = (lambda c: f"({c} || '')") if selective else (lambda c: c)
    # a q is tested on the events row: the date index, in date order, would read the rows
    # at random (11 s to count baghdad in 2020 at 1 M events, against 0.8 s in rowid order)
    col_date = (lambda c: f"({c} || '')") if walk_order or f.q else (lambda c: c)
    check_date_filter("since", f.since)
    check_date_filter("until", f.until)
    where: list[str] = []
    params: list[Any] = []
    for role, value in (("actor", f.actor), ("recipient", f.recipient)):
        if value is not None:
            where.append("EXISTS (SELECT 1 FROM event_parties p WHERE p.doc_id = e.doc_id"
                         " AND p.event_id = e.event_id AND p.role = ? AND p.actor_id = ?)")
            params += [role, value]
    if f.type is not None:
        where.append(f"{col('e.type')} = ?")
        params.append(f.type.upper())
    if f.status is not None:
        where.append("e.status = ?")
        params.append(f.status)
    if f.since is not None:
        where.append(f"{col_date('e.date_hi')} >= ?")
        params.append(bounds(f.since)[0])
    if f.until is not None:
        where.append(f"{col_date('e.date_lo')} <= ?")
        params.append(bounds(f.until)[1])
    if f.place is not None:
        where.append(f"({col_place('e.place_id')} = ? OR lower(e.place_name) = ? OR lower(e.place_country) = ?)")
        params += [f.place, f.place.lower(), f.place.lower()]
    if place_ids is not None:
        if not place_ids:
            where.append("1 = 0")
        else:
            where.append(f"{col('e.place_id')} IN ({', '.join('?' for _ in place_ids)})")
            params += place_ids
    if f.q:
        # the backend's full-text index (FTS5 / GIN tsvector) over events.search
        cond, more = store.text_filter(f.q, walk_order)
        where.append(cond)
        params += more
    if f.doc_id is not None:
        where.append("e.doc_id = ?")
        params.append(f.doc_id)
    return (" WHERE " + " AND ".join(where)) if where else "", params


#: a party's rows are counted up to this many to pick the rarer of actor and recipient
PARTY_PROBE_CAP = 10_000


def driving_party(store: SqlStore, f: EventFilter) -> tuple[str, str] | None:
    """``(role, id)`` of the party whose event_parties rows should drive the query, or None.

    Any actor/recipient filter drives (the index walks that party's events in store order and
    tests type and dates on itself), unless a rare ``q`` lists fewer events still; with both an
    actor and a recipient, the one with fewer rows (counted on the index, capped) drives."""
    wanted = [(role, v) for role, v in (("actor", f.actor), ("recipient", f.recipient)) if v is not None]
    if not wanted or (f.q and store.text_selective(f.q)):
        return None
    if len(wanted) == 2:
        wanted.sort(key=lambda rv: int(store._execute(
            "SELECT count(*) FROM (SELECT 1 FROM event_parties WHERE actor_id = ? AND role = ? LIMIT ?) t",
            (rv[1], rv[0], PARTY_PROBE_CAP))[0][0]))
    return wanted[0]


def _party_from(store: SqlStore, f: EventFilter, place_ids: list[str] | None, drive: tuple[str, str],
                page: bool) -> tuple[str, list[Any]]:
    """FROM + WHERE of the party-driven plan; a count of party, type and dates alone reads no events row.

    CROSS JOIN makes SQLite keep event_parties as the outer loop (PostgreSQL plans it itself);
    type and dates are tested on the party index, the other filters on the events row."""
    role, value = drive
    conds = ["p.actor_id = ?", "p.role = ?"]
    params: list[Any] = [value, role]
    if f.type is not None:
        conds.append("p.type = ?")
        params.append(f.type.upper())
    if f.since is not None:
        conds.append("p.date_hi >= ?")
        params.append(bounds(f.since)[0])
    if f.until is not None:
        conds.append("p.date_lo <= ?")
        params.append(bounds(f.until)[1])
    rest = replace(f, type=None, since=None, until=None, **{role: None})
    clause, more = _where(store, rest, place_ids, walk_order=page)
    if not clause and not page:
        return " FROM event_parties p WHERE " + " AND ".join(conds), params
    conds += ["e.doc_id = p.doc_id", "e.event_id = p.event_id"]
    if clause:
        conds.append(clause.removeprefix(" WHERE "))
    return " FROM event_parties p CROSS JOIN events e WHERE " + " AND ".join(conds), params + more


def count_sql(store: SqlStore, f: EventFilter, place_ids: list[str] | None = None) -> tuple[str, list[Any]]:
    """The ``SELECT count(*)`` of the events matching ``f`` (callers hold a read transaction)."""
    drive = driving_party(store, f)
    if drive is not None:
        sql, params = _party_from(store, f, place_ids, drive, page=False)
        return "SELECT count(*)" + sql, params
    clause, params = _where(store, f, place_ids)
    return "SELECT count(*) FROM events e" + clause, params


def page_sql(store: SqlStore, f: EventFilter, place_ids: list[str] | None = None) -> tuple[str, list[Any]]:
    """The query of one page of bodies in store order; its last two parameters are LIMIT and OFFSET."""
    drive = driving_party(store, f)
    if drive is not None:
        # the party index is in store order: walk it, stop after one page
        sql, params = _party_from(store, f, place_ids, drive, page=True)
        return f"SELECT e.body{sql} ORDER BY p.doc_id{store.order_collation}, p.seq LIMIT ? OFFSET ?", params
    clause, params = _where(store, f, place_ids, walk_order=True)
    order = f" ORDER BY e.doc_id{store.order_collation}, e.seq"
    if f.q and store.row_key:
        # sort the matches' keys (covered by an index), then read only one page of bodies
        key = store.row_key
        return (f"SELECT body FROM events WHERE {key} IN (SELECT e.{key} FROM events e{clause}{order}"
                f" LIMIT ? OFFSET ?) ORDER BY doc_id{store.order_collation}, seq"), params
    return f"SELECT e.body FROM events e{clause}{order} LIMIT ? OFFSET ?", params


def count_events(store: Store, f: EventFilter, place_ids: list[str] | None = None,
                 cap: int | None = None) -> int:
    """How many events match ``f``; with ``cap``, counting stops there (``cap`` means "cap or more")."""
    if isinstance(store, SqlStore):
        with store._guarded("counting events"), store._tx(write=False):
            if f.q and place_ids is None and f == EventFilter(q=f.q):
                n = store.text_count(f.q)
                if n is not None:
                    return n if cap is None else min(n, cap)
            sql, params = count_sql(store, f, place_ids)
            if cap is not None:
                # the matches are counted as they come: a common filter stops early
                sql = "SELECT count(*) FROM (" + sql.replace("SELECT count(*)", "SELECT 1", 1) + " LIMIT ?) t"
                params = [*params, int(cap)]
            return int(store._execute(sql, params)[0][0])
    n = len(_python_filter(store, f, place_ids))
    return n if cap is None else min(n, cap)


def event_page(store: Store, f: EventFilter, limit: int, offset: int,
               place_ids: list[str] | None = None) -> list[Event]:
    """Events matching ``f`` in store order (document id, then extraction order)."""
    if isinstance(store, SqlStore):
        with store._guarded("querying events"), store._tx(write=False):
            sql, params = page_sql(store, f, place_ids)
            rows = store._execute(sql, [*params, int(limit), int(offset)])
        return [codec.event_from_dict(codec.loads(r[0], "event")) for r in rows]
    return _python_filter(store, f, place_ids)[offset:offset + limit]


def _python_filter(store: Store, f: EventFilter, place_ids: list[str] | None) -> list[Event]:
    evs = store.events(actor=f.actor, recipient=f.recipient, type=f.type, status=f.status,
                       since=f.since, until=f.until, place=f.place, q=f.q)
    if f.doc_id is not None:
        evs = [e for e in evs if e.doc_id == f.doc_id]
    if place_ids is not None:
        keep = set(place_ids)
        evs = [e for e in evs if e.location is not None and e.location.id in keep]
    return evs


def get_event(store: Store, doc_id: str, event_id: str) -> Event | None:
    if isinstance(store, SqlStore):
        with store._guarded("reading an event"), store._tx(write=False):
            rows = store._execute("SELECT body FROM events WHERE doc_id = ? AND event_id = ?",
                                  (doc_id, event_id))
        return codec.event_from_dict(codec.loads(rows[0][0], "event")) if rows else None
    doc = store.get_document(doc_id)
    return next((e for e in doc.events if e.event_id == event_id), None) if doc else None


def party_counts(store: Store) -> dict[str, dict[str, int]]:
    """Actor id -> {"actor": n, "recipient": n, "source": n} over every lineage id of every event."""
    out: dict[str, dict[str, int]] = {}
    if isinstance(store, SqlStore):
        with store._guarded("counting actors"), store._tx(write=False):
            # kept by save_document (migration 0006): a few rows, not a GROUP BY over every lineage id
            rows = store._execute("SELECT actor_id, role, n FROM party_counts")
        for aid, role, n in rows:
            out.setdefault(aid, {"actor": 0, "recipient": 0, "source": 0})[role] = int(n)
        return out
    for e in store.events():
        for role, p in (("actor", e.actor), ("recipient", e.recipient), ("source", e.source)):
            if p is None:
                continue
            for aid in {x for x in (p.id, *p.lineage) if x}:
                out.setdefault(aid, {"actor": 0, "recipient": 0, "source": 0})[role] += 1
    return out
