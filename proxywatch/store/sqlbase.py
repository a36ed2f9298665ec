"""Store logic shared by the SQL backends; subclasses supply the connection.

One portable SQL text is written with ``?`` placeholders; a backend whose
driver wants another style converts it in :meth:`SqlStore._execute`.
Free-text search differs per engine (FTS5 / tsvector): the backends supply it
through the ``_text_*`` hooks, fed by :mod:`proxywatch.store.fts`.
"""
from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from importlib import resources
from types import TracebackType
from typing import Any, Self

from ..errors import StoreError
from ..model import Document, Event, Mention, Relation, Zone
from . import codec, fts
from .dates import bounds
from .port import SaveResult, StoredDocument

APPLICATION = "proxywatch"
CHILD_TABLES = ("event_parties", "events", "mentions", "zones", "relations")
#: a line of a migration that makes the lines after it run on one backend only
BACKEND_MARK = "-- backend:"
#: migration name -> SqlStore method run after its SQL, in the same transaction
#: (data a migration must compute in Python, e.g. the search text of stored events)
BACKFILLS = {"0004_fts": "_backfill_search"}
BACKFILL_BATCH = 2000


def migrations(backend: str | None = None) -> list[tuple[str, str]]:
    """``(name, sql)`` of the packaged migrations, in the order they apply.

    With ``backend`` ("sqlite", "postgres"), each SQL text keeps its shared part
    and the sections marked ``-- backend: <that backend>`` (docs/STORE.md).
    """
    folder = resources.files("proxywatch.store") / "migrations"
    out = [(p.name.removesuffix(".sql"), p.read_text(encoding="utf-8"))
           for p in folder.iterdir() if p.name.endswith(".sql")]
    if backend is not None:
        out = [(name, backend_sql(sql, backend)) for name, sql in out]
    return sorted(out)


def backend_sql(script: str, backend: str) -> str:
    """The lines of ``script`` that run on ``backend``: shared ones, then its own sections."""
    keep, current = [], None
    for line in script.splitlines():
        if line.strip().startswith(BACKEND_MARK):
            current = line.strip()[len(BACKEND_MARK):].strip()
            continue
        if current is None or current == backend:
            keep.append(line)
    return "\n".join(keep)


def split_sql(script: str) -> list[str]:
    # our migrations never put ';' inside literals, so a plain split is exact
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def check_date_filter(name: str, value: str | None) -> None:
    if value is not None and bounds(value)[0] is None:
        raise StoreError(f"{name}={value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")


def party_ids(event: Event) -> list[tuple[str, str]]:
    rows: set[tuple[str, str]] = set()
    for role, party in (("actor", event.actor), ("recipient", event.recipient),
                        ("source", event.source)):
        if party is None:
            continue
        for aid in (party.id, *party.lineage):
            if aid:
                rows.add((role, aid))
    return sorted(rows)


class SqlStore(ABC):
    location: str
    #: selects the "-- backend:" sections of the migrations
    backend = ""
    #: appended to ORDER BY text columns so every backend sorts like Python
    order_collation = ""

    def __init__(self, location: str) -> None:
        self.location = location
        self._lock = threading.RLock()

    # --- backend hooks -------------------------------------------------
    @abstractmethod
    def _tx(self, write: bool, key: str | None = None) -> AbstractContextManager[None]:
        """A transaction; ``write`` ones are serialised (``key`` = document id)."""

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def _errors(self) -> tuple[type[BaseException], ...]:
        """Driver exceptions to turn into StoreError naming the location."""

    @abstractmethod
    def check(self) -> list[str]: ...

    #: SQLite: page queries with ``q`` select this key first, then the page's bodies
    row_key: str | None = None

    @abstractmethod
    def _text_match(self, terms: Sequence[fts.Term], walk_order: bool) -> tuple[str, list[Any]]:
        """A WHERE condition on events ``e`` true when the event holds every term (terms non-empty);
        ``walk_order``: the query walks the (doc_id, seq) order and stops after one page."""

    def _text_ids(self, n: int) -> list[int] | None:
        """Ids of the next ``n`` events in the text index, when the backend keys it by its own id."""
        return None

    def _text_index(self, doc_id: str) -> None:
        """Index the just-inserted events of ``doc_id`` (backends whose index is not automatic)."""

    def _text_unindex(self, doc_id: str) -> None:
        """Drop the events of ``doc_id`` from the text index, before they are deleted."""

    def _text_backfilled(self) -> None:
        """Called once the search column of every stored event is filled (migration 0004)."""

    def text_filter(self, q: str, walk_order: bool = False) -> tuple[str, list[Any]]:
        """The WHERE condition of a ``q`` free-text filter (fts.parse_query semantics)."""
        terms = fts.parse_query(q)
        return self._text_match(terms, walk_order) if terms else ("1 = 0", [])

    def text_selective(self, q: str) -> bool:
        """Is ``q`` known to match few events (so a query should start from its matches)?"""
        return False

    def text_count(self, q: str) -> int | None:
        """The number of events matching ``q`` from the text index alone, when the backend can."""
        return None

    @abstractmethod
    def close(self) -> None: ...

    # --- shared helpers ------------------------------------------------
    def _fail(self, exc: BaseException, doing: str) -> StoreError:
        return StoreError(f"{self.location}: {doing} failed: {exc}")

    def _guarded(self, doing: str) -> _Guard:
        return _Guard(self, doing)

    def _apply_migrations(self) -> list[str]:
        """Apply the packaged migrations not yet recorded; return their names."""
        done = {r[0] for r in self._execute("SELECT name FROM schema_migrations")}
        known = migrations()
        unknown = done - {n for n, _ in known}
        if unknown:
            raise StoreError(f"{self.location}: written by a newer proxywatch "
                             f"(unknown migrations {sorted(unknown)}); upgrade proxywatch")
        applied = []
        for name, sql in migrations(self.backend):
            if name in done:
                continue
            with self._tx(write=True, key="__migrations__"):
                # another process may have applied it since we looked
                if self._execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)):
                    continue
                for stmt in split_sql(sql):
                    self._execute(stmt)
                if name in BACKFILLS:
                    getattr(self, BACKFILLS[name])()
                if name == known[0][0]:
                    self._execute("INSERT INTO proxywatch_meta (key, value) VALUES (?, ?)",
                                  ("application", APPLICATION))
                self._execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                              (name, utc_now()))
            applied.append(name)
        return applied

    def _backfill_search(self) -> None:
        """Fill ``events.search`` for events stored before migration 0004, in key order."""
        last: tuple[str, str] = ("", "")
        while True:
            rows = self._execute(
                "SELECT doc_id, event_id, body FROM events WHERE doc_id > ? OR (doc_id = ? AND event_id > ?)"
                " ORDER BY doc_id, event_id LIMIT ?", (last[0], last[0], last[1], BACKFILL_BATCH))
            if not rows:
                break
            self._executemany(self._backfill_sql(), [
                (fts.search_text(codec.event_from_dict(codec.loads(body, "event"))), d, e)
                for d, e, body in rows])
            last = (rows[-1][0], rows[-1][1])
        self._text_backfilled()

    def _backfill_sql(self) -> str:
        return "UPDATE events SET search = ? WHERE doc_id = ? AND event_id = ?"

    def applied_migrations(self) -> list[str]:
        with self._guarded("reading migrations"):
            return sorted(r[0] for r in self._execute("SELECT name FROM schema_migrations"))

    # --- writes --------------------------------------------------------
    def save_document(self, doc: Document, force: bool = False) -> SaveResult:
        digest = codec.content_hash(doc.text)
        with self._guarded(f"saving document {doc.id!r}"), self._tx(write=True, key=doc.id):
            row = self._execute("SELECT content_hash FROM documents WHERE id = ?", (doc.id,))
            if row and row[0][0] == digest and not force:
                return SaveResult(doc.id, "unchanged", digest, len(doc.events))
            status = "replaced" if row else "stored"
            delta: dict[tuple[str, str], int] = {}
            if row:
                for aid, role, n in self._execute("SELECT actor_id, role, count(*) FROM event_parties"
                                                  " WHERE doc_id = ? GROUP BY actor_id, role", (doc.id,)):
                    delta[(aid, role)] = -int(n)
                self._text_unindex(doc.id)
                for table in CHILD_TABLES:
                    self._execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc.id,))
                self._execute("DELETE FROM documents WHERE id = ?", (doc.id,))
            self._insert(doc, digest)
            for e in doc.events:
                for role, aid in party_ids(e):
                    delta[(aid, role)] = delta.get((aid, role), 0) + 1
            self._count_parties(delta)
            return SaveResult(doc.id, status, digest, len(doc.events))  # type: ignore[arg-type]

    def _count_parties(self, delta: dict[tuple[str, str], int]) -> None:
        """Apply one document's net change to party_counts (migration 0006), in key order."""
        rows = [(aid, role, n) for (aid, role), n in sorted(delta.items()) if n]
        if not rows:
            return
        self._executemany("INSERT INTO party_counts (actor_id, role, n) VALUES (?, ?, ?) ON CONFLICT"
                          " (actor_id, role) DO UPDATE SET n = party_counts.n + excluded.n", rows)
        if any(n < 0 for _, _, n in rows):
            self._execute("DELETE FROM party_counts WHERE n <= 0")

    def _insert(self, doc: Document, digest: str) -> None:
        self._execute(
            "INSERT INTO documents (id, content_hash, text, clean, offsets, meta, sentences, stages,"
            " ingested_at, n_events, n_mentions, n_relations)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, digest, doc.text, doc.clean, codec.dumps(codec.offsets_to_dict(doc.offsets)),
             codec.dumps(codec.meta_to_dict(doc.meta)),
             codec.dumps(codec.sentences_to_list(doc.sentences)), codec.dumps(list(doc.stages_run)),
             utc_now(), len(doc.events), len(doc.mentions), len(doc.relations)))
        if doc.zones:
            self._executemany(
                "INSERT INTO zones (doc_id, seq, start_off, end_off, kind, label)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(doc.id, i, *codec.zone_row(z)) for i, z in enumerate(doc.zones)])
        if doc.mentions:
            self._executemany(
                "INSERT INTO mentions (doc_id, seq, start_off, end_off, kind, entity_id, method,"
                " label, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(doc.id, i, *codec.mention_row(m)) for i, m in enumerate(doc.mentions)])
        if doc.events:
            rows: list[tuple[Any, ...]] = []
            parties = []
            for i, e in enumerate(doc.events):
                lo, hi = bounds(e.date)
                loc = e.location
                rows.append((doc.id, e.event_id, i, e.type, e.status, e.date, lo, hi,
                             loc.id if loc else None, loc.name if loc else None,
                             loc.country if loc else None, codec.dumps(codec.event_to_dict(e)),
                             fts.search_text(e)))
                # the event's order key and filter columns ride along (migration 0005)
                parties += [(doc.id, e.event_id, role, aid, i, e.type, lo, hi) for role, aid in party_ids(e)]
            cols = ("doc_id, event_id, seq, type, status, date, date_lo, date_hi, place_id, place_name,"
                    " place_country, body, search")
            ids = self._text_ids(len(rows))
            if ids is not None:
                cols += ", text_id"
                rows = [(*r, t) for r, t in zip(rows, ids, strict=True)]
            self._executemany(f"INSERT INTO events ({cols}) VALUES ({', '.join('?' * len(rows[0]))})",
                              rows)
            self._text_index(doc.id)
            if parties:
                self._executemany("INSERT INTO event_parties (doc_id, event_id, role, actor_id, seq, type,"
                                  " date_lo, date_hi) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", parties)
        if doc.relations:
            self._executemany(
                "INSERT INTO relations (doc_id, seq, subject, relation, object, date, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(doc.id, i, r.subject, r.relation, r.object, r.date,
                  codec.dumps(codec.relation_to_dict(r))) for i, r in enumerate(doc.relations)])

    # --- reads ---------------------------------------------------------
    def events(self, actor: str | None = None, recipient: str | None = None,
               type: str | None = None, status: str | None = None, since: str | None = None,
               until: str | None = None, place: str | None = None,
               limit: int | None = None, q: str | None = None) -> list[Event]:
        check_date_filter("since", since)
        check_date_filter("until", until)
        # one transaction: the text condition (SQLite: a match list) and the query see one snapshot
        with self._guarded("querying events"), self._tx(write=False):
            where: list[str] = []
            params: list[Any] = []
            # a q with few matches is the cheaper side: keep the planner off the other indexes
            plus = "+" if q and self.text_selective(q) else ""
            # and off the date index, whose order would read the rows at random (queries._where)
            plus_date = "+" if q else ""
            for role, value in (("actor", actor), ("recipient", recipient)):
                if value is not None:
                    where.append("EXISTS (SELECT 1 FROM event_parties p WHERE p.doc_id = e.doc_id"
                                 " AND p.event_id = e.event_id AND p.role = ? AND p.actor_id = ?)")
                    params += [role, value]
            if type is not None:
                where.append(f"{plus}e.type = ?")
                params.append(type.upper())
            if status is not None:
                where.append("e.status = ?")
                params.append(status)
            if since is not None:
                where.append(f"{plus_date}e.date_hi >= ?")
                params.append(bounds(since)[0])
            if until is not None:
                where.append(f"{plus_date}e.date_lo <= ?")
                params.append(bounds(until)[1])
            if place is not None:
                where.append(f"({plus}e.place_id = ? OR lower(e.place_name) = ? OR lower(e.place_country) = ?)")
                params += [place, place.lower(), place.lower()]
            if q:
                cond, more = self.text_filter(q)
                where.append(cond)
                params += more
            sql = "SELECT e.body FROM events e"
            if where:
                sql += " WHERE " + " AND ".join(where)
            sql += f" ORDER BY e.doc_id{self.order_collation}, e.seq"
            if limit is not None:
                sql += " LIMIT ?"
                params.append(int(limit))
            rows = self._execute(sql, params)
        return [codec.event_from_dict(codec.loads(r[0], "event")) for r in rows]

    def documents(self) -> list[StoredDocument]:
        with self._guarded("listing documents"), self._tx(write=False):
            rows = self._execute(
                "SELECT id, content_hash, meta, length(text), n_events, n_mentions, n_relations,"
                f" ingested_at FROM documents ORDER BY id{self.order_collation}")
        return [StoredDocument(id=r[0], content_hash=r[1], meta=codec.meta_from_dict(
            codec.loads(r[2], "meta")), chars=int(r[3]), events=int(r[4]), mentions=int(r[5]),
            relations=int(r[6]), ingested_at=r[7]) for r in rows]

    def get_document(self, id: str) -> Document | None:
        with self._guarded(f"reading document {id!r}"), self._tx(write=False):
            rows = self._execute("SELECT text, clean, offsets, meta, sentences, stages FROM documents"
                                 " WHERE id = ?", (id,))
            if not rows:
                return None
            text, clean, offsets, meta, sentences, stages = rows[0]
            zones = self._execute("SELECT start_off, end_off, kind, label FROM zones WHERE doc_id = ?"
                                  " ORDER BY seq", (id,))
            mentions = self._mentions(id)
            events = self._execute("SELECT body FROM events WHERE doc_id = ? ORDER BY seq", (id,))
            relations = self._execute("SELECT body FROM relations WHERE doc_id = ? ORDER BY seq", (id,))
        return Document(
            id=id, text=text, meta=codec.meta_from_dict(codec.loads(meta, "meta")), clean=clean,
            offsets=codec.offsets_from_dict(codec.loads(offsets, "offsets")),
            zones=tuple(Zone(int(a), int(b), k, lab) for a, b, k, lab in zones),
            sentences=codec.sentences_from_list(codec.loads(sentences, "sentences")),
            mentions=tuple(mentions),
            events=tuple(codec.event_from_dict(codec.loads(r[0], "event")) for r in events),
            relations=tuple(codec.relation_from_dict(codec.loads(r[0], "relation")) for r in relations),
            stages_run=tuple(codec.loads(stages, "stages") or ()))

    def _mentions(self, doc_id: str) -> list[Mention]:
        rows = self._execute("SELECT start_off, end_off, kind, entity_id, method, label, value"
                             " FROM mentions WHERE doc_id = ? ORDER BY seq", (doc_id,))
        return [Mention(int(a), int(b), k, eid, meth, lab or "", val)
                for a, b, k, eid, meth, lab, val in rows]

    def mentions(self, doc_id: str) -> list[Mention]:
        with self._guarded(f"reading mentions of {doc_id!r}"), self._tx(write=False):
            return self._mentions(doc_id)

    def relations(self, subject: str | None = None, relation: str | None = None,
                  object: str | None = None, doc_id: str | None = None) -> list[Relation]:
        where: list[str] = []
        params: list[Any] = []
        for col, value in (("subject", subject), ("relation", relation), ("object", object),
                           ("doc_id", doc_id)):
            if value is not None:
                where.append(f"{col} = ?")
                params.append(value)
        sql = "SELECT body FROM relations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY doc_id{self.order_collation}, seq"
        with self._guarded("querying relations"), self._tx(write=False):
            rows = self._execute(sql, params)
        return [codec.relation_from_dict(codec.loads(r[0], "relation")) for r in rows]

    def counts(self) -> dict[str, int]:
        """Rows per table (documents, events, ...), for summaries and checks."""
        with self._guarded("counting rows"), self._tx(write=False):
            return {t: int(self._execute(f"SELECT count(*) FROM {t}")[0][0])
                    for t in ("documents", *CHILD_TABLES)}

    def _orphans(self) -> list[str]:
        problems = []
        for table in ("zones", "mentions", "events", "relations"):
            n = self._execute(f"SELECT count(*) FROM {table} t WHERE NOT EXISTS"
                              " (SELECT 1 FROM documents d WHERE d.id = t.doc_id)")[0][0]
            if n:
                problems.append(f"{n} {table} rows without their document")
        n = self._execute("SELECT count(*) FROM documents d WHERE n_events <>"
                          " (SELECT count(*) FROM events e WHERE e.doc_id = d.id)")[0][0]
        if n:
            problems.append(f"{n} documents whose event count disagrees with the events table")
        counted = "SELECT actor_id, role, count(*) FROM event_parties GROUP BY actor_id, role"
        kept = "SELECT actor_id, role, n FROM party_counts"
        n = sum(int(self._execute(f"SELECT count(*) FROM ({a} EXCEPT {b}) t")[0][0])
                for a, b in ((counted, kept), (kept, counted)))
        if n:
            problems.append(f"{n} actor/role counts in party_counts disagree with event_parties")
        n = self._execute("SELECT count(*) FROM events WHERE search IS NULL")[0][0]
        if n:
            problems.append(f"{n} events without their search text (free-text search misses them)")
        return problems

    def __enter__(self) -> Self:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"


class _Guard:
    """Holds the store lock and turns driver errors into StoreError."""

    def __init__(self, store: SqlStore, doing: str) -> None:
        self.store = store
        self.doing = doing

    def __enter__(self) -> None:
        self.store._lock.acquire()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.store._lock.release()
        if ev is not None and isinstance(ev, self.store._errors()):
            raise self.store._fail(ev, self.doing) from ev
