"""Actor/recipient filters start from event_parties (migration 0005): plans, and answers equal to the twin."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from store_samples import pg_schema, sample_document
from test_store_fts_backends import corpus

from proxywatch.model import Document, Party
from proxywatch.store import MemoryStore, open_store, sqlite
from proxywatch.store.queries import EventFilter, count_events, count_sql, driving_party, event_page, page_sql
from proxywatch.store.sqlbase import SqlStore

FILTERS = [EventFilter(actor="irq.pmf"), EventFilter(actor="usa", type="threaten"),
           EventFilter(recipient="usa", since="2020-03", until="2020-03-12"),
           EventFilter(actor="kataib-hezbollah", type="REJECT", since="2020", until="2020-12-31"),
           EventFilter(actor="usa", recipient="irq"), EventFilter(recipient="usa.state", place="irq"),
           EventFilter(recipient="usa", q="embassy"), EventFilter(actor="usa", status="asserted"),
           EventFilter(actor="nobody"), EventFilter(recipient="usa", doc_id="doc-0003")]


def _plan(store: SqlStore, sql: str, params: list[object]) -> str:
    with store._tx(write=False):
        return "\n".join(str(r[-1]) for r in store._execute("EXPLAIN QUERY PLAN " + sql, params))


def _many() -> list[Document]:
    # a second actor lineage in every other document, so the two parties differ in size
    docs = corpus()
    extra = Party("irn.irgc.qf", "the Quds Force", ("irn.irgc.qf", "irn.irgc", "irn"))
    for i in range(10, 16):
        d = sample_document(i)
        evs = tuple(replace(e, actor=extra) if k == 0 else e for k, e in enumerate(d.events))
        docs.append(replace(d, events=evs))
    return docs


def test_store_party_plan_walks_the_party_index(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "pw.db")) as store:
        assert isinstance(store, sqlite.SqliteStore)
        for d in _many():
            store.save_document(d)
        f = EventFilter(type="ASSAULT", actor="irn", since="2020-01-01", until="2020-12-31")
        sql, params = page_sql(store, f)
        plan = _plan(store, sql, [*params, 50, 0])
        # in store order from the index: no sort of all matches, events read by primary key only
        assert "event_parties_walk" in plan and "TEMP B-TREE" not in plan, plan
        assert "events_order" not in plan and "events_type" not in plan, plan
        # type and dates are on the index: the count never reads an events row
        sql, params = count_sql(store, f)
        plan = _plan(store, sql, params)
        assert "COVERING INDEX event_parties_walk" in plan and " e " not in f" {plan} ", plan
        assert count_events(store, f) == 6


def test_store_party_plan_rarer_side_drives(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "pw.db")) as store:
        assert isinstance(store, sqlite.SqliteStore)
        for d in _many():
            store.save_document(d)
        # 6 events by Iran against 'usa' on ~20: the actor side is the rarer one
        assert driving_party(store, EventFilter(actor="irn", recipient="usa")) == ("actor", "irn")
        assert driving_party(store, EventFilter(actor="usa", recipient="irn.irgc")) == ("recipient", "irn.irgc")
        # a rare q lists fewer events still: the text matches drive, not the party
        assert driving_party(store, EventFilter(actor="usa", q="denied firing")) is None
        assert driving_party(store, EventFilter(type="ASSAULT")) is None


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_store_party_plan_answers_like_the_twin(kind: str, tmp_path: Path) -> None:
    twin = MemoryStore()
    for d in _many():
        twin.save_document(d)
    targets = [str(tmp_path / "pw.db")] if kind == "sqlite" else pg_schema()
    for target in targets:
        with open_store(target) as store:
            assert isinstance(store, SqlStore)
            for d in _many():
                store.save_document(d)
            store.save_document(sample_document(3))  # a replaced document drops its party rows
            twin.save_document(sample_document(3))
            for f in FILTERS + [EventFilter(actor="irn", type="ASSAULT"), EventFilter(actor="irn", recipient="usa")]:
                want = [e.event_id for e in event_page(twin, f, 1000, 0)]
                assert count_events(store, f) == len(want), f
                got = [e.event_id for off in range(0, len(want) + 3, 3) for e in event_page(store, f, 3, off)]
                assert got == want, f
            assert sum(count_events(store, f) for f in FILTERS) > 20
            assert store.check() == []


def test_store_party_plan_postgres_uses_the_party_index() -> None:
    for dsn in pg_schema():
        with open_store(dsn) as store:
            assert isinstance(store, SqlStore)
            for d in _many():
                store.save_document(d)
            f = EventFilter(type="ASSAULT", actor="irn", since="2020")
            sql, params = page_sql(store, f)
            with store._tx(write=True):
                store._execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
                store._execute("SET LOCAL enable_sort = off")
                plan = "\n".join(r[0] for r in store._execute("EXPLAIN " + sql, [*params, 50, 0]))
            assert "event_parties_walk" in plan, plan
            assert [e.event_id for e in event_page(store, f, 50, 0)] == \
                [f"doc-{i:04d}:0" for i in range(10, 16)]


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_store_party_plan_counts_follow_every_write(kind: str, tmp_path: Path) -> None:
    from proxywatch.store.queries import party_counts

    twin = MemoryStore()
    targets = [str(tmp_path / "pw.db")] if kind == "sqlite" else pg_schema()
    for target in targets:
        with open_store(target) as store:
            assert isinstance(store, SqlStore)
            for d in _many():
                store.save_document(d)
                twin.save_document(d)
            # replaced by its version without Iran: one irn row less
            plain = sample_document(10)
            assert store.save_document(plain, force=True).status == "replaced"
            twin.save_document(plain, force=True)
            assert party_counts(store) == party_counts(twin)
            assert party_counts(store)["irn"]["actor"] == 5
            assert store.check() == []
            with store._tx(write=True):
                store._execute("UPDATE party_counts SET n = n + 1 WHERE actor_id = 'irn'")
            assert any("party_counts" in p for p in store.check())
