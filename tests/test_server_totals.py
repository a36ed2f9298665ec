"""/api/events counts up to TOTAL_CAP (then `total` is a lower bound); /api/graph is kept per data version."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_samples import build_store, client
from store_samples import sample_document

from proxywatch.server import service
from proxywatch.store import open_store


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "api.db", n=6)  # 6 documents, 18 events


def test_server_totals_exact_under_the_cap(db: Path) -> None:
    api = client(db)
    d = api.get("/api/events", params={"limit": 5}).json()
    assert d["total"] == 18 and d["total_exact"] is True and len(d["items"]) == 5
    past = api.get("/api/events", params={"offset": 40}).json()
    assert past["items"] == [] and past["total"] == 18 and past["total_exact"] is True


def test_server_totals_lower_bound_past_the_cap(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "TOTAL_CAP", 4)
    api = client(db)
    first = api.get("/api/events", params={"limit": 5}).json()
    # 4 counted, a full page of 5 seen: at least 6, and the pager still offers "next"
    assert first["total_exact"] is False and first["total"] == 6 and len(first["items"]) == 5
    mid = api.get("/api/events", params={"limit": 5, "offset": 10}).json()
    assert mid["total_exact"] is False and mid["total"] == 16
    # a short page is the last one: the total is then known exactly
    last = api.get("/api/events", params={"limit": 5, "offset": 15}).json()
    assert last["total_exact"] is True and last["total"] == 18 and len(last["items"]) == 3
    every = [e["event_id"] for off in range(0, 20, 5)
             for e in api.get("/api/events", params={"limit": 5, "offset": off}).json()["items"]]
    assert len(every) == len(set(every)) == 18
    # a filter with fewer matches than the cap stays exact
    monkeypatch.setattr(service, "TOTAL_CAP", 7)
    few = api.get("/api/events", params={"type": "REJECT", "limit": 2}).json()
    assert few["total_exact"] is True and few["total"] == 6


def test_server_totals_graph_cached_until_the_data_changes(db: Path) -> None:
    api = client(db)
    svc = api.app.state.service  # type: ignore[attr-defined]
    built: list[int] = []
    real = svc._build_graph

    def counting(f: object) -> object:
        built.append(1)
        return real(f)

    svc._build_graph = counting
    one = api.get("/api/graph").json()
    assert api.get("/api/graph").json() == one and len(built) == 1
    api.get("/api/graph", params={"type": "ASSAULT"})
    assert len(built) == 2  # another filter: another graph
    with open_store(db) as writer:  # another process ingests: the version moves
        writer.save_document(sample_document(20))
    svc._checked = -1e9  # do not wait for VERSION_TTL
    api.get("/api/graph")
    assert len(built) == 3
