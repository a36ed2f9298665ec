"""Files the SQLite store must refuse, migrations it records, readers during writes."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_samples import sample_document

from proxywatch.errors import StoreError
from proxywatch.store import open_store
from proxywatch.store.sqlbase import migrations
from proxywatch.store.sqlite import SqliteStore


def _assert_refused(path: Path) -> None:
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        open_store(str(path))
    assert str(path) in str(info.value)
    assert path.read_bytes() == before, "a refused file must be left byte-for-byte intact"
    assert not Path(f"{path}-wal").exists()


def test_store_refuses_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("analyst notes, not a database\n", encoding="utf-8")
    _assert_refused(path)


def test_store_refuses_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('x')")
    conn.commit()
    conn.close()
    _assert_refused(path)


def test_store_refuses_corrupt_database(tmp_path: Path) -> None:
    path = tmp_path / "pw.db"
    with open_store(str(path)) as store:
        for i in range(5):
            store.save_document(sample_document(i))
    raw = bytearray(path.read_bytes())
    # keep the SQLite magic, wreck the header fields and the first pages
    raw[16:4096] = bytes((i * 7 + 3) % 256 for i in range(16, 4096))
    path.write_bytes(bytes(raw))
    with pytest.raises(StoreError) as info, open_store(str(path)) as store:
        store.events()
    assert str(path) in str(info.value)


def test_store_check_reports_healthy_file(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "pw.db")) as store:
        store.save_document(sample_document(0))
        assert store.check() == []


def test_store_refuses_directory_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        open_store(str(tmp_path))
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "no" / "such" / "pw.db"))


def test_store_records_named_migrations(tmp_path: Path) -> None:
    path = tmp_path / "pw.db"
    names = [n for n, _ in migrations()]
    assert names and names[0] == "0001_initial"
    store = SqliteStore.open(path)
    assert store.applied_migrations() == names
    assert store.journal_mode() == "wal"
    store.close()
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM schema_migrations")] == names
    conn.close()
    # reopening applies nothing twice
    with SqliteStore.open(path) as again:
        assert again.applied_migrations() == names


def test_store_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "pw.db"
    open_store(str(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES ('9999_future', '2099-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer proxywatch"):
        open_store(str(path))


def test_store_empty_file_is_initialised(tmp_path: Path) -> None:
    path = tmp_path / "pw.db"
    path.touch()
    with open_store(str(path)) as store:
        assert store.save_document(sample_document(0)).status == "stored"


def test_store_reader_sees_committed_data_while_writer_holds_lock(tmp_path: Path) -> None:
    path = tmp_path / "pw.db"
    writer = SqliteStore.open(path)
    writer.save_document(sample_document(0))
    reader = SqliteStore.open(path)
    # an uncommitted write transaction in progress, as during an ingest
    with writer._tx(write=True, key="x"):
        writer._insert(sample_document(1), "hash")
        assert [d.id for d in reader.documents()] == ["doc-0000"]
        assert len(reader.events()) == 3
    assert [d.id for d in reader.documents()] == ["doc-0000", "doc-0001"]
    writer.close()
    reader.close()


def test_store_missing_file_without_create_is_error(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    with pytest.raises(StoreError, match="no such database file"):
        open_store(str(path), create=False)
    assert not path.exists()


def test_store_damaged_page_is_reported_not_hidden(tmp_path: Path) -> None:
    path = tmp_path / "pw.db"
    with open_store(str(path)) as store:
        for i in range(60):
            store.save_document(sample_document(i))
    raw = bytearray(path.read_bytes())
    mid = len(raw) // 2 // 4096 * 4096
    raw[mid:mid + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(raw))
    # the damage must surface, at open or at check, as a StoreError naming the
    # file or as problems listed by check(); it must never pass silently
    try:
        with open_store(str(path)) as store:
            problems = store.check()
    except StoreError as exc:
        assert str(path) in str(exc)
    else:
        assert problems, "a damaged page went unnoticed"
    assert path.stat().st_size == len(raw), "a damaged store is never rewritten"
