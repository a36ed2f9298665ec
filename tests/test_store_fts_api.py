"""`q` through the REST API and both SQLite page strategies (sort all matches / walk the order)."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_samples import build_store, client
from test_store_fts_backends import HOSTILE, QUERIES, corpus

from proxywatch.store import MemoryStore, open_store, sqlite
from proxywatch.store.queries import EventFilter, count_events, event_page


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return client(build_store(tmp_path_factory.mktemp("fts") / "api.db"))


def test_store_fts_api_hostile_q_never_fails(api: TestClient) -> None:
    for q in HOSTILE:
        r = api.get("/api/events", params={"q": q})
        assert r.status_code in (200, 422), (q, r.text)  # 422 only for the over-long one
        if r.status_code == 200:
            body = r.json()
            assert body["total"] == len(body["items"]) or len(body["items"]) == 50
    assert api.get("/api/events", params={"q": "x" * 201}).status_code == 422


def test_store_fts_api_words_phrases_prefixes(api: TestClient) -> None:
    def total(q: str) -> int:
        r = api.get("/api/events", params={"q": q})
        assert r.status_code == 200, r.text
        return int(r.json()["total"])

    assert total("denied firing") == total("FIRING denied") == 12  # words ANDed, any order and case
    assert total('"denied firing"') == 12 and total('"firing denied"') == 0
    assert total("hezb*") == 24 and total("hezb") == 0
    assert total("embassy tehran") == 0


@pytest.mark.parametrize("sort_up_to", [0, 10_000])
def test_store_fts_sqlite_page_strategies_agree(sort_up_to: int, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # 0: every search walks the store order testing each event; 10 000: every search sorts its matches
    monkeypatch.setattr(sqlite, "SORT_MATCHES_UP_TO", sort_up_to)
    twin = MemoryStore()
    with open_store(str(tmp_path / "pw.db")) as store:
        for d in corpus():
            store.save_document(d)
            twin.save_document(d)
        for q in QUERIES + ["hezb* baghdad", "emb* threatened"]:
            for f in (EventFilter(q=q), EventFilter(q=q, type="REJECT"), EventFilter(q=q, since="2020-03-03")):
                for limit, offset in ((50, 0), (2, 1), (3, 4)):
                    want = [e.event_id for e in event_page(twin, f, limit, offset)]
                    assert [e.event_id for e in event_page(store, f, limit, offset)] == want, (f, offset)
                assert count_events(store, f) == count_events(twin, f), f
