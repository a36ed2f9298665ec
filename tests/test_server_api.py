"""Every read endpoint of the REST API, in process (FastAPI TestClient)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from server_samples import build_store, client


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "api.db")


@pytest.fixture(scope="module")
def api(db: Path) -> TestClient:
    return client(db)


def _ok(c: TestClient, url: str) -> Any:
    r = c.get(url)
    assert r.status_code == 200, r.text
    return r.json()


def test_server_health_and_openapi(api: TestClient) -> None:
    assert _ok(api, "/api/health")["documents"] == 12
    schema = _ok(api, "/openapi.json")
    paths = set(schema["paths"])
    for p in ("/api/events", "/api/incidents/{incident_id}", "/api/actors/{actor_id}", "/api/graph",
              "/api/series", "/api/changepoints", "/api/forecast", "/api/whatif", "/api/followthrough",
              "/api/export/{fmt}", "/api/extract", "/api/documents/{doc_id}"):
        assert p in paths, p
    assert "multipart/form-data" in schema["paths"]["/api/extract"]["post"]["requestBody"]["content"]


def test_server_events_paginate_with_total(api: TestClient) -> None:
    first = _ok(api, "/api/events?limit=5")
    assert first["total"] == 36 and len(first["items"]) == 5 and first["offset"] == 0
    rest = _ok(api, "/api/events?limit=50&offset=5")
    assert len(rest["items"]) == 31
    keys = [f"{e['doc_id']}#{e['event_id']}" for e in first["items"] + rest["items"]]
    assert len(set(keys)) == 36
    assert _ok(api, "/api/events?offset=100")["items"] == []


def test_server_events_filters(api: TestClient) -> None:
    assert _ok(api, "/api/events?type=assault")["total"] == 12
    by_lineage = _ok(api, "/api/events?actor=irq.pmf")  # Kataib Hezbollah's denials, via the lineage
    assert by_lineage["total"] == 12 and {e["type"] for e in by_lineage["items"]} == {"REJECT"}
    assert _ok(api, "/api/events?recipient=usa")["total"] == 12
    assert _ok(api, "/api/events?status=conditional")["total"] == 12
    # sample_document(i) is dated March 1+i: March 3..5 holds three attacks, and month-dated denials
    ranged = _ok(api, "/api/events?type=ASSAULT&since=2020-03-03&until=2020-03-05")
    assert sorted(e["date"] for e in ranged["items"]) == ["2020-03-03", "2020-03-04", "2020-03-05"]
    assert _ok(api, "/api/events?place=baghdad")["total"] == 12
    assert _ok(api, "/api/events?place=IRQ")["total"] == 24
    assert _ok(api, "/api/events?bbox=44.38,33.29,44.40,33.31")["total"] == 12  # the embassy only
    assert _ok(api, "/api/events?bbox=10,10,20,20")["total"] == 0
    assert _ok(api, "/api/events?q=DENIED firing")["total"] == 12
    assert _ok(api, "/api/events?q=100%25")["total"] == 0  # a literal % is no wildcard


def test_server_event_detail_has_context_outlet_and_incident(api: TestClient) -> None:
    e = _ok(api, "/api/events/doc-0002/doc-0002:0")
    assert e["document"]["outlet"] == "Example Wire"
    assert e["document"]["url"] == "https://news.example.org/doc-0002"
    assert e["incident_id"].startswith("inc-")
    ctx = e["context"]
    assert ctx["evidence"] == e["evidence"]["text"]
    assert ctx["after"].startswith(" Kataib Hezbollah")  # the next sentence
    assert ctx["evidence"][ctx["trigger"]["start"]:ctx["trigger"]["end"]] == "struck"


def test_server_documents_list_and_detail(api: TestClient) -> None:
    page = _ok(api, "/api/documents?limit=3&offset=2")
    assert page["total"] == 12 and [d["id"] for d in page["items"]] == ["doc-0002", "doc-0003", "doc-0004"]
    assert _ok(api, "/api/documents?q=report 7")["total"] == 1
    doc = _ok(api, "/api/documents/doc-0001")
    assert doc["text"].startswith("Rockets hit Baghdad")
    m = doc["mentions"][0]
    assert doc["text"][m["start"]:m["end"]] == m["text"] == "US Embassy"
    assert len(doc["events"]) == 3 and doc["relations"][0]["relation"] == "directs"


def test_server_incidents_and_ledger(api: TestClient) -> None:
    page = _ok(api, "/api/incidents?type=ASSAULT")
    assert page["total"] >= 1
    inc = page["items"][0]
    full = _ok(api, f"/api/incidents/{inc['incident_id']}")
    assert full["type"] == "ASSAULT" and full["events"]
    entry = full["events"][0]
    assert entry["evidence"]["text"].startswith("Three rockets struck")
    assert entry["document"]["outlet"] in ("Example Wire", "<script>alert(1)</script>")
    assert isinstance(full["contradictions"], list)
    assert _ok(api, "/api/incidents?limit=1")["total"] == _ok(api, "/api/incidents")["total"]
    assert _ok(api, "/api/incidents?since=2021")["total"] == 0


def test_server_actors_profile_and_graph(api: TestClient) -> None:
    actors = _ok(api, "/api/actors")
    ids = {a["id"] for a in actors["items"]}
    assert {"kataib-hezbollah", "usa", "irq.pmf"} <= ids
    assert _ok(api, "/api/actors?q=kataib")["total"] == 1
    prof = _ok(api, "/api/actors/kataib-hezbollah")
    assert prof["name"] and "irq.pmf" in prof["lineage"]
    assert any(r["relation"] == "directs" for r in prof["relations"])
    assert prof["counts"]["actor"] == 12
    g = _ok(api, "/api/graph")
    kinds = {e["kind"] for e in g["edges"]}
    assert "sponsorship" in kinds
    node_ids = {n["id"] for n in g["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in g["edges"])


def test_server_series_changepoints_threats_followthrough(api: TestClient) -> None:
    s = _ok(api, "/api/series")
    assert s["series"]["ASSAULT"]["total"] >= 1 and "escalation_index" in s
    assert _ok(api, "/api/series?type=THREATEN")["incidents"] == 0  # undated threats have no day
    cp = _ok(api, "/api/changepoints?series=ASSAULT")
    assert cp["series"] == "ASSAULT" and isinstance(cp["change_points"], list)
    threats = _ok(api, "/api/threats")["items"]
    ft = _ok(api, "/api/followthrough")
    assert len(ft["threats"]) == len(threats)


def test_server_forecast_and_whatif_need_enough_data(api: TestClient) -> None:
    f = api.get("/api/forecast?series=ASSAULT")
    if f.status_code == 200:
        p = f.json()["probabilities"]
        assert 0 <= p["1"] <= p["7"] <= 1
    else:
        assert f.json()["error"]["code"] == "analysis_error"
    w = api.get("/api/whatif?paths=20&horizon=5")
    assert w.status_code in (200, 422)
    if w.status_code == 200:
        assert len(w.json()["results"]) == 4


def test_server_exports(api: TestClient) -> None:
    stix = api.get("/api/export/stix")
    assert stix.status_code == 200 and stix.json()["type"] == "bundle"
    assert "attachment" in stix.headers["content-disposition"]
    csv = api.get("/api/export/csv")
    assert csv.text.startswith("event_id_cnty,") and csv.headers["content-type"].startswith("text/csv")
    gml = api.get("/api/export/graphml")
    assert "<graphml" in gml.text


def test_server_dashboard_pages_are_served_with_csp(api: TestClient) -> None:
    for path in ("/", "/events", "/paste", "/forecast", "/incidents/inc-x", "/actors/irn"):
        r = api.get(path)
        assert r.status_code == 200 and '<script src="/static/app.js"' in r.text
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert "unsafe-inline" not in r.headers["content-security-policy"]
    js = api.get("/static/app.js")
    assert js.status_code == 200 and "innerHTML" not in js.text.replace("no innerHTML", "")
    assert api.get("/static/vendor/world-atlas-countries-110m.json").json()["type"] == "Topology"
