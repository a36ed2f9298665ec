"""Every list endpoint pages alike: items, total, limit, offset; limit capped with the one error shape."""
from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from server_samples import client
from store_samples import sample_document

from proxywatch.fuse import Fuser, refuse
from proxywatch.store import open_store

LISTS = {"/api/documents": "items", "/api/events": "items", "/api/incidents": "items",
         "/api/actors": "items", "/api/threats": "items", "/api/followthrough": "threats"}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("paging") / "api.db"
    with open_store(db) as store:
        for i in range(6):
            doc = sample_document(i)
            threat = replace(doc.events[2], date=f"2020-03-{3 + i:02d}")  # dated: a timeline threat
            store.save_document(replace(doc, events=(*doc.events[:2], threat)))
        refuse(store, Fuser.load())
    return client(db)


@pytest.mark.parametrize("path", sorted(LISTS))
def test_server_paging_on_every_list(api: TestClient, path: str) -> None:
    key = LISTS[path]
    full = api.get(path, params={"limit": 1000}).json()
    total = full["total"]
    assert total >= 3, path  # enough rows for a page of one at offset 1 to mean something
    assert len(full[key]) == total and full["limit"] == 1000 and full["offset"] == 0
    one = api.get(path, params={"limit": 1, "offset": 1}).json()
    assert one["total"] == total and one["limit"] == 1 and one["offset"] == 1
    assert one[key] == full[key][1:2]
    bad = api.get(path, params={"limit": 1001})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_parameters"
    assert api.get(path, params={"offset": -1}).json()["error"]["status"] == 422


def test_server_paging_threats_default_page(api: TestClient) -> None:
    body = api.get("/api/threats").json()
    assert body["limit"] == 50 and body["total"] >= len(body["items"])


def test_server_places_count_every_filtered_incident(api: TestClient) -> None:
    incs = api.get("/api/incidents", params={"limit": 1000}).json()["items"]
    located = [i for i in incs if i["location"] and i["location"]["lat"] is not None]
    body = api.get("/api/places", params={"limit": 1000}).json()
    assert body["incidents"] == len(incs) and body["located"] == len(located) > 0
    assert sum(g["count"] for g in body["items"]) == len(located) and body["total"] == len(body["items"])
    for g in body["items"]:
        here = [i for i in located if i["location"]["id"] == g["location"]["id"]]
        assert g["count"] == len(here) == sum(g["types"].values())
    counts = [g["count"] for g in body["items"]]
    assert counts == sorted(counts, reverse=True)  # busiest first: a short page keeps the big ones
    only = api.get("/api/places", params={"type": "ASSAULT"}).json()
    assert only["items"] and all(set(g["types"]) == {"ASSAULT"} for g in only["items"])
    assert api.get("/api/places", params={"limit": 1}).json()["items"] == body["items"][:1]
