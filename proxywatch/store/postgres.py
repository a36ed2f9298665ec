"""PostgreSQL backend (psycopg 3) for a shared team server, same API as SQLite.

Writes run in READ COMMITTED behind a per-document advisory lock (two ingests
of one document serialise instead of racing); reads run in REPEATABLE READ so
a document and its events come from one snapshot.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from . import fts
from .sqlbase import APPLICATION, SqlStore

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 10


def redact(dsn: str) -> str:
    """The DSN without its password, for messages and ``Store.location``."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.Error:
        return "postgresql://?"  # unparsable: say less rather than leak a password
    host = parts.get("host") or "localhost"
    port = parts.get("port") or "5432"
    user = parts.get("user") or ""
    db = parts.get("dbname") or ""
    return f"postgresql://{user}{'@' if user else ''}{host}:{port}/{db}"


class PostgresStore(SqlStore):
    backend = "postgres"
    order_collation = ' COLLATE "C"'  # sort like SQLite and Python, whatever the server locale

    def __init__(self, conn: psycopg.Connection[Any], location: str) -> None:
        super().__init__(location)
        self._conn = conn

    @classmethod
    def open(cls, dsn: str) -> PostgresStore:
        import psycopg

        location = redact(dsn)
        try:
            conn = psycopg.connect(dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise StoreError(f"{location}: cannot connect: {exc}".strip()) from exc
        store = cls(conn, location)
        try:
            store._claim()
            store._apply_migrations()
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"{location}: cannot open store: {exc}") from exc
        except StoreError:
            conn.close()
            raise
        return store

    def _claim(self) -> None:
        with self._tx(write=True, key="__migrations__"):
            tables = {r[0] for r in self._execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
            if tables and "schema_migrations" not in tables:
                raise StoreError(f"{self.location}: schema holds tables of another application "
                                 f"({sorted(tables)[:5]}); refusing to touch it")
            if "proxywatch_meta" in tables:
                app = self._execute("SELECT value FROM proxywatch_meta WHERE key = 'application'")
                if not app or app[0][0] != APPLICATION:
                    raise StoreError(f"{self.location}: not a proxywatch schema")
            if not tables:
                self._execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY,"
                              " applied_at TEXT NOT NULL)")

    @contextmanager
    def _tx(self, write: bool, key: str | None = None) -> Iterator[None]:
        from psycopg.pq import TransactionStatus

        if self._conn.info.transaction_status != TransactionStatus.IDLE:
            yield
            return
        with self._conn.transaction():
            if write:
                if key is not None:
                    self._conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))
            else:
                self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self._conn.execute(sql.replace("?", "%s"), tuple(params))  # type: ignore[arg-type]
        return cur.fetchall() if cur.description is not None else []

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), rows)  # type: ignore[arg-type]

    def _errors(self) -> tuple[type[BaseException], ...]:
        import psycopg

        return (psycopg.Error,)

    def _text_match(self, terms: Sequence[fts.Term], walk_order: bool) -> tuple[str, list[Any]]:
        # the planner has statistics on the GIN expression and picks its plan itself;
        # the very expression of the GIN index events_search (migration 0004), or it is not used
        return ("to_tsvector('simple'::regconfig, coalesce(e.search, ''))"
                " @@ to_tsquery('simple'::regconfig, ?)", [fts.ts_query(terms)])

    def check(self) -> list[str]:
        with self._guarded("checking integrity"), self._tx(write=False):
            return self._orphans()

    def close(self) -> None:
        with self._lock:
            self._conn.close()
