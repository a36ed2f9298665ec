"""How SQLite answers `q`: the rare side first, a match list cached per data version, exact substring tests."""
from __future__ import annotations

from pathlib import Path

from store_samples import sample_document
from test_store_fts_backends import corpus

from proxywatch.store import MemoryStore, open_store, sqlite
from proxywatch.store.fts import Term, holds_all, matches, needle, parse_query, search_text
from proxywatch.store.queries import EventFilter, _where, count_events, event_page


def _plan(store: sqlite.SqliteStore, f: EventFilter, walk: bool) -> str:
    with store._guarded("plan"), store._tx(write=False):
        clause, params = _where(store, f, None, walk_order=walk)
        sql = f"SELECT e.rowid FROM events e{clause} ORDER BY e.doc_id, e.seq LIMIT 50"
        return "\n".join(str(r[3]) for r in store._execute("EXPLAIN QUERY PLAN " + sql, params))


def test_store_fts_needle_is_the_term_as_a_substring() -> None:
    assert needle(Term(("air", "base"))) == " air base "
    assert needle(Term(("hezb",), prefix=True)) == " hezb"
    for e in (ev for d in corpus() for ev in d.events):
        text = " " + search_text(e) + " "
        for q in ("baghdad", '"air base"', "hezb*", "al-asad", "kataib-hezb*", "irq"):
            terms = parse_query(q)
            assert all(needle(t) in text for t in terms) == matches(terms, search_text(e)), (q, e.event_id)
            assert holds_all(terms, search_text(e)) == matches(terms, search_text(e))
    assert not holds_all([], "baghdad")  # no term: nothing matches, as in fts.matches


def test_store_fts_rare_q_drives_the_query(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "pw.db")) as store:
        assert isinstance(store, sqlite.SqliteStore)
        for d in corpus():
            store.save_document(d)
        for walk in (False, True):
            plan = _plan(store, EventFilter(q="baghdad", type="THREATEN"), walk)
            # few matches: start from them, never from every event of the type
            assert "json_each" in plan and "events_type" not in plan, plan
        sqlite_cap = sqlite.SORT_MATCHES_UP_TO
        try:
            sqlite.SORT_MATCHES_UP_TO = 0  # every q is now "common": walk the store order
            plan = _plan(store, EventFilter(q="baghdad", type="THREATEN"), True)
            assert "events_order" in plan and "json_each" not in plan, plan
            # counting: never through the date index (date order reads the rows at random)
            plan = _plan(store, EventFilter(q="baghdad", since="2020-03", until="2020-04"), False)
            assert "events_date" not in plan, plan
        finally:
            sqlite.SORT_MATCHES_UP_TO = sqlite_cap


def test_store_fts_match_cache_follows_every_write(tmp_path: Path) -> None:
    path = str(tmp_path / "pw.db")
    twin = MemoryStore()
    with open_store(path) as store, open_store(path) as other:
        for d in corpus()[:3]:
            store.save_document(d)
            twin.save_document(d)
        f = EventFilter(q="baghdad")
        before = count_events(store, f)
        assert before == count_events(twin, f) > 0
        # written through this connection, then through another one (data_version moves)
        for writer, doc in ((store, sample_document(3)), (other, sample_document(4))):
            writer.save_document(doc)
            twin.save_document(doc)
            assert count_events(store, f) == count_events(twin, f) > before
            assert [e.event_id for e in event_page(store, f, 50, 0)] == \
                [e.event_id for e in event_page(twin, f, 50, 0)]
            before = count_events(store, f)
