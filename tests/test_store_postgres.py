"""PostgreSQL-only behaviour: schema ownership, concurrency, DSN hygiene."""
from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from store_samples import pg_schema, sample_document

from proxywatch.errors import StoreError
from proxywatch.store import open_store
from proxywatch.store.postgres import PostgresStore, redact


@pytest.fixture
def dsn() -> Iterator[str]:
    yield from pg_schema()


def test_store_postgres_refuses_foreign_schema(dsn: str) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(StoreError, match="another application"):
        open_store(dsn)
    with psycopg.connect(dsn, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")]
    assert tables == ["invoices"]


def test_store_postgres_records_migrations_and_reopens(dsn: str) -> None:
    with PostgresStore.open(dsn) as store:
        from pathlib import Path

        import proxywatch.store as store_pkg
        shipped = sorted(p.stem for p in (Path(store_pkg.__file__).parent / "migrations").glob("*.sql"))
        assert store.applied_migrations() == shipped
        assert shipped[0] == "0001_initial"
        store.save_document(sample_document(0))
    with open_store(dsn) as again:
        assert [d.id for d in again.documents()] == ["doc-0000"]


def test_store_postgres_parallel_writers_same_document(dsn: str) -> None:
    open_store(dsn).close()
    results: list[str] = []

    def write(variant: int) -> None:
        with open_store(dsn) as s:
            for _ in range(5):
                results.append(s.save_document(sample_document(7, variant=variant)).status)

    threads = [threading.Thread(target=write, args=(v,)) for v in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("stored") == 1 and len(results) == 10
    with open_store(dsn) as s:
        assert len(s.documents()) == 1 and len(s.events()) == 3 and s.check() == []


def test_store_postgres_location_hides_password(dsn: str) -> None:
    from psycopg.conninfo import conninfo_to_dict

    password = str(conninfo_to_dict(dsn).get("password") or "")
    with open_store(dsn) as store:
        assert store.location.startswith("postgresql://")
        assert f":{password}@" not in store.location
    assert redact("postgresql://alice:s3cret@db.example:5433/pw") == "postgresql://alice@db.example:5433/pw"


def test_store_postgres_unreachable_server_is_store_error() -> None:
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody:x@127.0.0.1:1/none?connect_timeout=2")
