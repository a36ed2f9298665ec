"""The embedded default backend: one SQLite file in WAL mode (see docs/STORE.md)."""
from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import StoreError
from . import fts
from .sqlbase import SqlStore

SQLITE_MAGIC = b"SQLite format 3\x00"
# PRAGMA application_id marks the file as ours ("PXWT"): a foreign SQLite
# database is recognised before a single byte of it is touched.
APPLICATION_ID = 0x50585754
BUSY_TIMEOUT_S = 30.0
#: up to this many matches a search page sorts all of them (from the covering index
#: events_text_id); beyond, it walks the (doc_id, seq) order testing each event
SORT_MATCHES_UP_TO = 20000
#: match lists kept per connection (each at most SORT_MATCHES_UP_TO ids), per data version
CANDIDATE_CACHE = 64


class _Matches(NamedTuple):
    """The events matching a search: how many, and their text_ids as a JSON array."""

    n: int
    ids_json: str


class SqliteStore(SqlStore):
    backend = "sqlite"
    row_key = "rowid"

    def __init__(self, conn: sqlite3.Connection, location: str) -> None:
        super().__init__(location)
        self._conn = conn
        # (FTS5 query, cap) -> (data version, matching text_ids or None when too many)
        self._candidates: OrderedDict[tuple[str, int], tuple[tuple[int, int], _Matches | None]] = OrderedDict()

    @classmethod
    def open(cls, path: str | Path, create: bool = True) -> SqliteStore:
        """Open (or, if absent and ``create``, initialise) the store file at ``path``.

        Raises StoreError naming the file when it is not an SQLite database,
        is an SQLite database of another application, or is unreadable.
        """
        p = Path(path)
        if p.is_dir():
            raise StoreError(f"{p}: is a directory, not a proxywatch database file")
        if p.exists():
            _check_header(p)
        elif not create:
            raise StoreError(f"{p}: no such database file")
        elif not p.parent.is_dir():
            raise StoreError(f"{p}: folder {p.parent} does not exist")
        try:
            conn = sqlite3.connect(p, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{p}: cannot open database: {exc}") from exc
        try:
            _claim(conn, p)
            store = cls(conn, str(p))
            store._apply_migrations()
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{p}: not a readable proxywatch database: {exc}") from exc
        except StoreError:
            conn.close()
            raise
        return store

    @contextmanager
    def _tx(self, write: bool, key: str | None = None) -> Iterator[None]:
        if self._conn.in_transaction:
            yield
            return
        # IMMEDIATE takes the write lock up front: a reader-turned-writer
        # could otherwise deadlock against another ingest process
        self._conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.rollback()
            raise
        self._conn.commit()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, tuple(params)).fetchall()

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    def _errors(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.Error,)

    # --- free text: FTS5 external-content table events_fts over events.search, keyed by text_id
    def _text_match(self, terms: Sequence[fts.Term], walk_order: bool) -> tuple[str, list[Any]]:
        few = self._text_candidates(terms)
        if few is not None:
            # few matches: FTS5 listed them once (cached per data version); the page sorts their
            # (doc_id, seq) from the covering index events_text_id and reads one page of bodies
            return "e.text_id IN (SELECT value FROM json_each(?))", [few.ids_json]
        # many matches: walking the (doc_id, seq) order fills a page after a few events; each is
        # tested on its own normalised text, where a term is a plain substring (fts.needle) -- in C,
        # ~1 us an event, where a per-event FTS5 MATCH costs ~35 us and a prefix lists every match
        return (" AND ".join("instr(' ' || e.search || ' ', ?) > 0" for _ in terms),
                [fts.needle(t) for t in terms])

    def text_selective(self, q: str) -> bool:
        terms = fts.parse_query(q)
        return not terms or self._text_candidates(terms) is not None

    def text_count(self, q: str) -> int | None:
        terms = fts.parse_query(q)
        if not terms:
            return 0
        few = self._text_candidates(terms)
        if few is not None:
            return few.n
        # one FTS5 row per event (text_id is unique), so the index alone counts
        match = fts.fts5_query(self._rare_first(terms))
        return int(self._execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", (match,))[0][0])

    def _text_candidates(self, terms: Sequence[fts.Term]) -> _Matches | None:
        """text_ids of the events holding every term, or None when more than SORT_MATCHES_UP_TO."""
        cap = SORT_MATCHES_UP_TO
        version = (self._execute("PRAGMA data_version")[0][0], self._conn.total_changes)
        key = (fts.fts5_query(terms), cap)
        hit = self._candidates.get(key)
        if hit is not None and hit[0] == version:
            self._candidates.move_to_end(key)
            return hit[1]
        match = fts.fts5_query(self._rare_first(terms))
        rows = self._execute("SELECT rowid FROM events_fts WHERE events_fts MATCH ? LIMIT ?", (match, cap + 1))
        # kept as the JSON text the query takes: ~7 bytes an id, not a list of Python ints
        few = _Matches(len(rows), json.dumps([r[0] for r in rows])) if len(rows) <= cap else None
        self._candidates[key] = (version, few)
        while len(self._candidates) > CANDIDATE_CACHE:
            self._candidates.popitem(last=False)
        return few

    def _rare_first(self, terms: Sequence[fts.Term]) -> list[fts.Term]:
        # FTS5 intersects an AND left to right: the rarest term first lets it skip through the
        # long doclists of common words (20 ms instead of 68 ms for six terms at 1 M events).
        # A word's frequency is probed up to the cap (streamed, < 2 ms); prefixes go last
        # (probing one merges all its terms' doclists)
        if len(terms) < 2:
            return list(terms)
        cap = SORT_MATCHES_UP_TO + 1

        def size(t: fts.Term) -> int:
            if t.prefix:
                return cap + 1
            return min(int(self._execute(
                "SELECT count(*) FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? LIMIT ?)",
                (f'"{w}"', cap))[0][0]) for w in t.words)
        return sorted(terms, key=size)

    def _text_ids(self, n: int) -> list[int]:
        # callers hold the write lock (BEGIN IMMEDIATE), so max() + 1 cannot race
        top = int(self._execute("SELECT coalesce(max(text_id), 0) FROM events")[0][0])
        return list(range(top + 1, top + 1 + n))

    def _text_index(self, doc_id: str) -> None:
        self._execute("INSERT INTO events_fts (rowid, search) SELECT text_id, search FROM events"
                      " WHERE doc_id = ?", (doc_id,))

    def _text_unindex(self, doc_id: str) -> None:
        # an external-content index forgets a row only when told its exact indexed text
        self._execute("INSERT INTO events_fts (events_fts, rowid, search) SELECT 'delete', text_id, search"
                      " FROM events WHERE doc_id = ? AND text_id IS NOT NULL", (doc_id,))

    def _backfill_sql(self) -> str:
        return "UPDATE events SET search = ?, text_id = rowid WHERE doc_id = ? AND event_id = ?"

    def _text_backfilled(self) -> None:
        self._execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")

    def _text_problems(self) -> list[str]:
        try:
            # rank = 1: compare the index with the content table, not only with itself
            self._execute("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            return [f"free-text index events_fts disagrees with events: {exc}"]
        return []

    def check(self) -> list[str]:
        with self._guarded("checking integrity"), self._tx(write=False):
            rows = [r[0] for r in self._execute("PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else [f"sqlite: {r}" for r in rows]
            problems += [f"foreign key: {r}" for r in self._execute("PRAGMA foreign_key_check")]
            return problems + self._orphans() + self._text_problems()

    def journal_mode(self) -> str:
        with self._guarded("reading journal mode"):
            return str(self._execute("PRAGMA journal_mode")[0][0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _check_header(p: Path) -> None:
    try:
        with p.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{p}: cannot read database file: {exc}") from exc
    # an empty file (e.g. from `touch`) holds nothing to lose: initialise it
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{p}: not a proxywatch database (not an SQLite file); "
                         "refusing to touch it")


def _claim(conn: sqlite3.Connection, p: Path) -> None:
    """Check the file is ours (or empty, then mark it ours) and set WAL mode."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = _tables(conn)
    if app_id != APPLICATION_ID and (app_id != 0 or tables):
        raise StoreError(f"{p}: an SQLite database of another application "
                         f"(application_id={app_id}, tables {sorted(tables)[:5]}); refusing to touch it")
    if app_id == APPLICATION_ID and "schema_migrations" not in tables:
        raise StoreError(f"{p}: proxywatch database without its migrations table (damaged)")
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"{p}: cannot switch to WAL journal mode (got {mode})")
    # NORMAL in WAL mode: a killed process loses nothing committed; only an OS
    # crash or power cut may drop the last commits (never corrupts)
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    if app_id == 0:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-read under the write lock: another process may have won the race
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                if _tables(conn):
                    raise StoreError(f"{p}: became a foreign database while opening")
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY,"
                             " applied_at TEXT NOT NULL)")
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
