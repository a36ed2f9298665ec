"""Observed event series (datasets such as SIGACTs or cumulative attack counts) in the store.

They live in the ``observations`` table (migration ``0003_series``) beside the
extracted documents, keyed by a ``source`` name. A re-import of a source
replaces all its rows in one transaction, so a reader sees either the old or
the new series, never a mix. The in-memory twin keeps them in a side table.

These functions take any store opened by :func:`proxywatch.store.open_store`;
they do not change the :class:`~proxywatch.store.port.Store` port.
"""
from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..errors import StoreError
from .memory import MemoryStore
from .sqlbase import SqlStore, utc_now

Kind = Literal["event", "cumulative", "interval"]
KINDS = ("event", "cumulative", "interval")


@dataclass(frozen=True)
class Observation:
    """One observed row: ``count`` events of ``type`` on the days ``start`` .. ``end``."""

    kind: Kind
    start: date
    end: date
    type: str
    count: float = 1.0
    actor: str | None = None
    recipient: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # exact | at_least | approximate | more_than | derived | ...
    lower_bound: bool = False  # the count is a floor
    origin: str | None = None  # file or source address(es), ' | '-separated
    note: str | None = None

    def row(self) -> tuple[Any, ...]:
        return (self.kind, self.start.isoformat(), self.end.isoformat(), self.type, self.actor,
                self.recipient, self.lat, self.lon, float(self.count), self.precision,
                int(self.lower_bound), self.origin, self.note)


@dataclass(frozen=True)
class SourceInfo:
    source: str
    origin: str
    content_hash: str
    rows: int
    imported_at: str


_COLS = ("kind, date_start, date_end, type, actor, recipient, lat, lon, count, count_precision,"
         " lower_bound, origin, note")
# the in-memory twin has no SQL tables: its series sit beside it, dying with it
_MEMORY: weakref.WeakKeyDictionary[MemoryStore, dict[str, tuple[SourceInfo, list[Observation]]]] = \
    weakref.WeakKeyDictionary()


def _check(obs: Observation) -> None:
    if obs.kind not in KINDS:
        raise StoreError(f"observation kind {obs.kind!r}: expected one of {KINDS}")
    if obs.end < obs.start:
        raise StoreError(f"observation {obs.type} ends ({obs.end}) before it starts ({obs.start})")
    if obs.count < 0:
        raise StoreError(f"observation {obs.type} on {obs.start}: negative count {obs.count}")


def _digest(rows: Sequence[Observation]) -> str:
    h = hashlib.sha256()
    for o in rows:
        h.update(repr(o.row()).encode("utf-8"))
    return h.hexdigest()


def _sql(store: object) -> SqlStore:
    if isinstance(store, SqlStore):
        return store
    raise StoreError(f"{getattr(store, 'location', store)!r}: this store cannot hold observation series")


def save_observations(store: object, source: str, rows: Iterable[Observation], origin: str = "") -> SourceInfo:
    """Replace the rows of ``source`` with ``rows`` (one transaction); returns what was stored."""
    if not source or not source.strip():
        raise StoreError("an observation source needs a name")
    obs = list(rows)
    for o in obs:
        _check(o)
    info = SourceInfo(source, origin, _digest(obs), len(obs), utc_now())
    if isinstance(store, MemoryStore):
        _MEMORY.setdefault(store, {})[source] = (info, obs)
        return info
    s = _sql(store)
    with s._guarded(f"saving observations of {source!r}"), s._tx(write=True, key=f"__series__{source}"):
        s._execute("DELETE FROM observations WHERE source = ?", (source,))
        s._execute("DELETE FROM observation_sources WHERE source = ?", (source,))
        s._execute("INSERT INTO observation_sources (source, origin, content_hash, n_rows, imported_at)"
                   " VALUES (?, ?, ?, ?, ?)", (source, origin, info.content_hash, info.rows, info.imported_at))
        if obs:
            s._executemany(f"INSERT INTO observations (source, seq, {_COLS})"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [(source, i, *o.row()) for i, o in enumerate(obs)])
    return info


def delete_observations(store: object, source: str) -> int:
    """Remove a source and its rows; returns the number of rows removed."""
    if isinstance(store, MemoryStore):
        gone = _MEMORY.get(store, {}).pop(source, None)
        return gone[0].rows if gone else 0
    s = _sql(store)
    with s._guarded(f"deleting observations of {source!r}"), s._tx(write=True, key=f"__series__{source}"):
        n = int(s._execute("SELECT count(*) FROM observations WHERE source = ?", (source,))[0][0])
        s._execute("DELETE FROM observations WHERE source = ?", (source,))
        s._execute("DELETE FROM observation_sources WHERE source = ?", (source,))
    return n


def observation_sources(store: object) -> list[SourceInfo]:
    if isinstance(store, MemoryStore):
        return [v[0] for _, v in sorted(_MEMORY.get(store, {}).items())]
    s = _sql(store)
    with s._guarded("listing observation sources"), s._tx(write=False):
        rows = s._execute("SELECT source, origin, content_hash, n_rows, imported_at FROM observation_sources"
                          f" ORDER BY source{s.order_collation}")
    return [SourceInfo(r[0], r[1], r[2], int(r[3]), r[4]) for r in rows]


def _from_row(r: Sequence[Any]) -> Observation:
    return Observation(r[0], date.fromisoformat(r[1]), date.fromisoformat(r[2]), r[3], float(r[8]), r[4], r[5],
                       None if r[6] is None else float(r[6]), None if r[7] is None else float(r[7]), r[9],
                       bool(r[10]), r[11], r[12])


def observations(store: object, source: str, kind: str | None = None, type: str | None = None,
                 since: date | None = None, until: date | None = None) -> list[Observation]:
    """Rows of ``source`` in stored order; ``since``/``until`` keep rows overlapping those days.

    Raises StoreError when the source was never imported (an empty series
    and a missing one must not look alike).
    """
    if isinstance(store, MemoryStore):
        got = _MEMORY.get(store, {}).get(source)
        if got is None:
            raise StoreError(f"{store.location}: no observations of {source!r}; import them first")
        return [o for o in got[1] if (kind is None or o.kind == kind) and (type is None or o.type == type)
                and (since is None or o.end >= since) and (until is None or o.start <= until)]
    s = _sql(store)
    where = ["source = ?"]
    params: list[Any] = [source]
    for col, value in (("kind", kind), ("type", type)):
        if value is not None:
            where.append(f"{col} = ?")
            params.append(value)
    if since is not None:
        where.append("date_end >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append("date_start <= ?")
        params.append(until.isoformat())
    with s._guarded(f"reading observations of {source!r}"), s._tx(write=False):
        known = s._execute("SELECT 1 FROM observation_sources WHERE source = ?", (source,))
        rows = s._execute(f"SELECT {_COLS} FROM observations WHERE {' AND '.join(where)} ORDER BY seq", params)
    if not known:
        raise StoreError(f"{s.location}: no observations of {source!r}; import them first")
    return [_from_row(r) for r in rows]
