"""Free-text search on every backend: same answers as the in-memory twin, index kept in sync,
hostile input harmless, and stores of schema 0003 migrated forward with their events indexed."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from store_samples import pg_schema, sample_document

from proxywatch.model import Document, Evidence
from proxywatch.store import MemoryStore, Store, open_store
from proxywatch.store.queries import EventFilter, count_events, event_page
from proxywatch.store.sqlbase import SqlStore

QUERIES = ["baghdad", "BAGHDAD embassy", '"security official"', '"official security"', "hezb*",
           "kataib-hezbollah", "irq.pmf", "resistance", "résistance", "al-asad", '"air base"',
           "drones base", "revision 2", "tehran", "irn", "reject", "denied firing", "quds force"]
HOSTILE = ['"', '"*', "*", "NEAR(a b)", 'NEAR("baghdad" "embassy", 3)', "-", "-baghdad", "col:baghdad",
           "baghdad:*", "a AND (b", ") OR (", "'; DROP TABLE events; --", "%_%", "\\", "^baghdad",
           "baghdad -embassy", "<-> & | !", "x" * 200, "embassy " * 40]


def corpus() -> list[Document]:
    """Five sample documents, one replaced, plus an attack sentence with accents and hyphens."""
    docs = [sample_document(i) for i in range(5)] + [sample_document(2, variant=2)]
    base = sample_document(9)
    s = "Drones hit the Ain al-Asad air base, the Islamic Résistance in Iraq said."
    first = replace(base.events[0], evidence=Evidence(0, len(s), s))
    docs.append(replace(base, events=(first, *base.events[1:])))
    return docs


def _targets(kind: str, tmp_path: Path, name: str = "pw.db") -> Iterator[str]:
    """A fresh store's file path or PostgreSQL DSN (schema dropped afterwards)."""
    if kind == "sqlite":
        yield str(tmp_path / name)
    else:
        yield from pg_schema()


@pytest.fixture(params=["sqlite", "postgres"])
def sql_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for target in _targets(request.param, tmp_path):
        with open_store(target) as s:
            yield s


@pytest.fixture
def twin() -> MemoryStore:
    m = MemoryStore()
    for d in corpus():
        m.save_document(d)
    return m


def _ids(store: Store, q: str) -> list[str]:
    return [e.event_id for e in store.events(q=q)]


def test_store_fts_backends_answer_like_memory(sql_store: Store, twin: MemoryStore) -> None:
    for d in corpus():
        sql_store.save_document(d)
    for q in QUERIES:
        want = _ids(twin, q)
        assert _ids(sql_store, q) == want, q
        f = EventFilter(q=q)
        assert count_events(sql_store, f) == len(want) == count_events(twin, f), q
        assert [e.event_id for e in event_page(sql_store, f, 2, 1)] == want[1:3], q
    # the answers themselves, not only their agreement
    assert _ids(twin, "resistance") == _ids(twin, "RÉSISTANCE") == ["doc-0009:0"]
    assert _ids(twin, "al-asad") == ["doc-0009:0"] and _ids(twin, '"base air"') == []
    assert _ids(twin, "revision 2") == ["doc-0002:2"]  # only the replaced text
    assert len(_ids(twin, '"security official"')) == 6  # the source party too and _ids(twin, '"official security"') == []
    assert len(_ids(twin, "hezb*")) == 12  # the denial and the threat of each of the six documents
    assert len(_ids(twin, "irq.pmf")) == 12 and _ids(twin, "tehran") == []


def test_store_fts_combines_with_structured_filters(sql_store: Store, twin: MemoryStore) -> None:
    for d in corpus():
        sql_store.save_document(d)
    for f in (EventFilter(q="baghdad", type="reject"), EventFilter(q="hezb*", status="conditional"),
              EventFilter(q="embassy", since="2020-03-02", until="2020-03-03"),
              EventFilter(q="kataib", actor="irq"), EventFilter(q="baghdad", doc_id="doc-0001")):
        want = [e.event_id for e in event_page(twin, f, 50, 0)]
        assert want, f
        assert [e.event_id for e in event_page(sql_store, f, 50, 0)] == want, f
        assert count_events(sql_store, f) == len(want), f


def test_store_fts_hostile_queries_are_harmless(sql_store: Store, twin: MemoryStore) -> None:
    for d in corpus():
        sql_store.save_document(d)
    for q in HOSTILE:
        want = _ids(twin, q)
        assert _ids(sql_store, q) == want, q
        assert count_events(sql_store, EventFilter(q=q)) == len(want), q
    # operators are plain words: "-baghdad" and "col:baghdad" look for the words, not a NOT or a column
    assert _ids(twin, "col:baghdad") == []  # "col baghdad" is a phrase found in no event
    assert len(_ids(twin, "-baghdad")) == len(_ids(twin, "baghdad")) == 12
    assert _ids(twin, "*") == [] and _ids(twin, '"') == []  # nothing searchable: nothing found
    assert sql_store.check() == [] and len(sql_store.events()) == 18


def test_store_fts_index_follows_replace(sql_store: Store) -> None:
    doc = sample_document(4)
    sql_store.save_document(doc)
    assert _ids(sql_store, "threatened") == ["doc-0004:2"]
    assert sql_store.save_document(sample_document(4, variant=3)).status == "replaced"
    assert _ids(sql_store, "threatened") == []  # the old sentence left the index with its event
    assert _ids(sql_store, "revision 3") == ["doc-0004:2"]
    assert sql_store.save_document(doc, force=True).status == "replaced"
    assert _ids(sql_store, "threatened") == ["doc-0004:2"] and _ids(sql_store, "revision") == []
    assert sql_store.save_document(replace(doc, text=doc.text + " ", events=())).status == "replaced"
    assert _ids(sql_store, "threatened") == [] and _ids(sql_store, "baghdad") == []
    assert sql_store.check() == []


def test_store_fts_sqlite_check_reports_a_stale_index(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "pw.db")) as store:
        store.save_document(sample_document(1))
    conn = sqlite3.connect(tmp_path / "pw.db")
    # change an event's text behind the index's back (what a writer skipping the store would do)
    conn.execute("UPDATE events SET search = 'nothing like it' WHERE event_id = 'doc-0001:0'")
    conn.commit()
    conn.close()
    with open_store(str(tmp_path / "pw.db")) as store:
        assert any("events_fts" in p for p in store.check())


# --- forward migration from schema 0003 -------------------------------------------------------

def _downgrade_to_0003(store: SqlStore) -> None:
    """Undo migrations 0006, 0005 and 0004 in place: the schema and rows an older proxywatch left behind."""
    with store._tx(write=True, key="__migrations__"):
        # and migrations 0006 and 0005: the party rows of 0001, with their old index
        store._execute("DROP TABLE party_counts")
        store._execute("DELETE FROM schema_migrations WHERE name = '0006_party_counts'")
        store._execute("DROP INDEX event_parties_walk")
        for col in ("seq", "type", "date_lo", "date_hi"):
            store._execute(f"ALTER TABLE event_parties DROP COLUMN {col}")
        store._execute("CREATE INDEX event_parties_actor ON event_parties (actor_id, role)")
        store._execute("DELETE FROM schema_migrations WHERE name = '0005_party_walk'")
        if store.backend == "sqlite":
            for stmt in ("DROP TABLE events_fts", "DROP INDEX events_text_id",
                         "ALTER TABLE events DROP COLUMN text_id"):
                store._execute(stmt)
        else:
            store._execute("DROP INDEX events_search")
        store._execute("ALTER TABLE events DROP COLUMN search")
        store._execute("DELETE FROM schema_migrations WHERE name = '0004_fts'")


def _event_columns(store: SqlStore) -> list[str]:
    with store._tx(write=False):
        if store.backend == "sqlite":
            return [r[1] for r in store._execute("PRAGMA table_info(events)")]
        return [r[0] for r in store._execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'"
            " AND table_schema = current_schema() ORDER BY ordinal_position")]


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_store_fts_migrates_a_0003_store_forward(kind: str, tmp_path: Path, twin: MemoryStore,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from proxywatch.store import sqlbase

    real = sqlbase.migrations
    with monkeypatch.context() as m:
        m.setattr(sqlbase, "migrations", lambda backend=None: [x for x in real(backend) if x[0] < "0004"])
        for target in _targets(kind, tmp_path, "fresh-0003.db"):
            with open_store(target) as fresh:
                assert isinstance(fresh, SqlStore)
                schema_0003 = _event_columns(fresh)
    assert "search" not in schema_0003
    for target in _targets(kind, tmp_path):
        with open_store(target) as old:
            assert isinstance(old, SqlStore)
            for d in corpus():
                old.save_document(d)
            _downgrade_to_0003(old)
            # what an older proxywatch left: the very table 0001..0003 create, holding 18 events
            assert _event_columns(old) == schema_0003
            assert old.applied_migrations() == ["0001_initial", "0002_incidents", "0003_series"]
        with open_store(target) as new:
            assert isinstance(new, SqlStore)
            assert new.applied_migrations()[-3:] == ["0004_fts", "0005_party_walk", "0006_party_counts"]
            for q in QUERIES:
                assert _ids(new, q) == _ids(twin, q), q
            # the party rows were filled from their events (party-driven plan, queries.py)
            for f in (EventFilter(actor="irq.pmf"), EventFilter(recipient="usa", since="2020"),
                      EventFilter(actor="usa", recipient="irq", type="threaten"),
                      EventFilter(recipient="usa.state", type="ASSAULT", q="baghdad")):
                assert count_events(new, f) == count_events(twin, f) > 0, f
                assert [e.event_id for e in event_page(new, f, 50, 0)] == \
                    [e.event_id for e in event_page(twin, f, 50, 0)], f
            assert new.check() == []
            new.save_document(sample_document(7))  # new events are indexed after the backfilled ones
            found = _ids(new, "baghdad")
            assert len(found) == 14 and {"doc-0007:0", "doc-0007:1"} <= set(found) and new.check() == []


def test_store_fts_postgres_query_can_use_the_gin_index() -> None:
    for dsn in pg_schema():
        with open_store(dsn) as store:
            assert isinstance(store, SqlStore)
            store.save_document(sample_document(0))
            cond, params = store.text_filter("baghdad embassy")
            with store._tx(write=True):
                store._execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
                plan = "\n".join(r[0] for r in store._execute(
                    f"EXPLAIN SELECT count(*) FROM events e WHERE {cond}", params))
            assert "events_search" in plan, plan
