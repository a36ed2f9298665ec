"""Error shape, write token, request limits, Host check and POST /api/extract."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from server_samples import TOKEN, build_store, client

from proxywatch.server import Settings, create_app
from proxywatch.store import open_store

ARTICLE = "Kataib Hezbollah attacked a US base near Baghdad. Officials said nothing else."


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "sec.db", n=4)


def _error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"status", "code", "message", "details"}
    assert err["status"] == status and err["code"] == code and err["message"]
    assert r.headers["content-type"].startswith("application/json")
    assert "content-security-policy" in r.headers
    return err  # type: ignore[no-any-return]


def test_server_every_error_has_one_shape(db: Path) -> None:
    c = client(db)
    _error(c.get("/api/nope"), 404, "not_found")
    _error(c.get("/api/documents/missing"), 404, "not_found")
    _error(c.get("/api/events/doc-0001/nope"), 404, "not_found")
    _error(c.get("/api/incidents/inc-missing"), 404, "not_found")
    _error(c.get("/api/actors/nobody-at-all"), 404, "not_found")
    _error(c.get("/api/export/pdf"), 404, "not_found")
    _error(c.delete("/api/events"), 405, "method_not_allowed")
    err = _error(c.get("/api/events?since=March"), 422, "invalid_parameters")
    assert err["details"][0]["field"] == "since"
    _error(c.get("/api/events?limit=0"), 422, "invalid_parameters")
    _error(c.get("/api/events?limit=5000"), 422, "invalid_parameters")
    _error(c.get("/api/events?offset=-1"), 422, "invalid_parameters")
    _error(c.get("/api/events?type=BOMBING"), 422, "invalid_parameters")
    _error(c.get("/api/events?status=rumoured"), 422, "invalid_parameters")
    _error(c.get("/api/events?bbox=1,2,3"), 422, "invalid_parameters")
    _error(c.get("/api/events?bbox=50,10,40,20"), 422, "invalid_parameters")
    _error(c.get("/api/changepoints?series=nonsense"), 422, "invalid_parameters")
    _error(c.get("/api/series?by=colour"), 422, "invalid_parameters")
    _error(c.post("/api/extract", content=b"text", headers={"content-type": "text/plain"}),
           415, "unsupported_media_type")
    _error(c.post("/api/extract", json={"text": ""}), 422, "invalid_parameters")
    _error(c.post("/api/extract", json={"text": "x", "doc_id": "../etc"}), 422, "invalid_parameters")
    _error(c.post("/api/extract", content=b"{not json", headers={"content-type": "application/json"}),
           422, "invalid_parameters")


def test_server_internal_errors_do_not_leak(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = client(db)
    from proxywatch.server import service

    def boom(self: Any, f: Any) -> Any:
        raise RuntimeError("secret path /etc/shadow")
    monkeypatch.setattr(service.Service, "incidents", boom)
    err = _error(c.get("/api/incidents"), 500, "internal_error")
    assert "shadow" not in err["message"]


def test_server_store_errors_become_503(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from proxywatch.errors import StoreError
    from proxywatch.server import service

    c = client(db)

    def broken(self: Any, doc_id: str) -> Any:
        raise StoreError(f"{db}: database disk image is malformed")
    monkeypatch.setattr(service.Service, "document", broken)
    err = _error(c.get("/api/documents/doc-0001"), 503, "store_unavailable")
    assert str(db) not in err["message"]


def test_server_read_only_by_default(db: Path) -> None:
    c = client(db)
    _error(c.post("/api/extract", json={"text": ARTICLE, "store": True}), 403, "read_only")
    _error(c.post("/api/incidents/merge", json={"a": "x", "b": "y"}), 403, "read_only")
    assert c.get("/api/documents").json()["total"] == 4


def test_server_write_token_is_required_and_checked(db: Path) -> None:
    c = client(db, token=TOKEN)
    r = c.post("/api/extract", json={"text": ARTICLE, "store": True})
    _error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == "Bearer"
    _error(c.post("/api/extract", json={"text": ARTICLE, "store": True},
                  headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
    assert c.get("/api/documents").json()["total"] == 4


def test_server_extract_returns_events_without_storing(db: Path) -> None:
    c = client(db, token=TOKEN)
    r = c.post("/api/extract", json={"text": ARTICLE, "doc_id": "mine", "published": "2021-05-02"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["stored"] is None
    ev = d["events"][0]
    assert ev["type"] == "ASSAULT" and ev["date"] == "2021-05-02"
    assert d["text"][d["mentions"][0]["start"]:d["mentions"][0]["end"]] == "Kataib Hezbollah"
    assert c.get("/api/documents").json()["total"] == 4


def test_server_extract_stores_only_when_asked_with_token(db: Path) -> None:
    c = client(db, token=TOKEN)
    before = c.get("/api/events").json()["total"]
    r = c.post("/api/extract", json={"text": ARTICLE, "doc_id": "stored-1", "published": "2021-05-02",
                                     "store": True, "outlet": "Test Wire"},
               headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    assert r.json()["stored"]["incidents"] >= 1
    assert r.json()["events"][0]["incident_id"].startswith("inc-")
    assert c.get("/api/events").json()["total"] == before + 1
    doc = c.get("/api/documents/stored-1").json()
    assert doc["outlet"] == "Test Wire"
    assert c.get("/api/incidents?actor=kataib-hezbollah&type=ASSAULT").json()["total"] >= 1


def test_server_extract_accepts_a_file_upload(db: Path) -> None:
    c = client(db)
    r = c.post("/api/extract", files={"file": ("article.txt", ARTICLE.encode(), "text/plain")},
               data={"published": "2021-06"})
    assert r.status_code == 200, r.text
    assert r.json()["events"][0]["date"] == "2021-06"
    bad = c.post("/api/extract", files={"file": ("a.txt", b"\xff\xfe\x00bad", "text/plain")})
    _error(bad, 400, "bad_input")
    _error(c.post("/api/extract", files={"file": ("a.txt", ARTICLE.encode(), "text/plain")},
                  data={"store": "true"}), 403, "read_only")


def test_server_request_size_is_limited(db: Path) -> None:
    c = client(db, max_body_bytes=10_000)
    _error(c.post("/api/extract", json={"text": "a" * 20_000}), 413, "too_large")

    def chunks() -> Any:  # no Content-Length: counted while it streams
        for _ in range(30):
            yield b"a" * 1000
    _error(c.post("/api/extract", content=chunks(), headers={"content-type": "application/json"}),
           413, "too_large")
    assert c.post("/api/extract", json={"text": ARTICLE}).status_code == 200


def test_server_rejects_foreign_host_headers(db: Path) -> None:
    c = client(db)
    _error(c.get("/api/health", headers={"host": "evil.example"}), 400, "bad_host")
    assert c.get("/api/health", headers={"host": "localhost:8765"}).status_code == 200
    wide = TestClient(create_app(open_store(db), settings=Settings(host="0.0.0.0")), base_url="http://evil.example")
    assert wide.get("/api/health").status_code == 200


def test_server_binds_loopback_by_default() -> None:
    assert Settings().host == "127.0.0.1"
    assert Settings.from_env().read_only
    import click
    from click.testing import CliRunner

    from proxywatch.cli_serve import register, serve

    group = click.Group("main")
    register(group)
    assert group.commands["serve"] is serve
    opts = {p.name: p.default for p in serve.params}
    assert opts["host"] == "127.0.0.1" and opts["token"] is None
    res = CliRunner().invoke(group, ["serve", "--db", "/nonexistent/x.db"])
    assert res.exit_code == 2 and "no such database" in res.output


def test_server_hostile_metadata_is_returned_verbatim_as_data(db: Path) -> None:
    """The API returns JSON (escaped by the client); it must not drop or alter what the article said."""
    c = client(db)
    docs = c.get("/api/documents?q=script").json()["items"]
    assert docs and docs[0]["outlet"] == "<script>alert(1)</script>"
    r = c.get(f"/api/documents/{docs[0]['id']}")
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"


def test_server_merge_and_split_need_the_token_and_are_reversible(db: Path) -> None:
    c = client(db, token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    incs = c.get("/api/incidents?type=ASSAULT").json()["items"]
    assert len(incs) >= 2
    a, b = incs[0]["incident_id"], incs[1]["incident_id"]
    _error(c.post("/api/incidents/merge", json={"a": a, "b": b}), 401, "unauthorized")
    before = c.get("/api/incidents").json()["total"]
    r = c.post("/api/incidents/merge", json={"a": a, "b": b, "note": "same strike"}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["operation"]["op"] == "merge"
    assert c.get("/api/incidents").json()["total"] == before - 1
    merged = next(i for i in c.get("/api/incidents?type=ASSAULT").json()["items"] if i["reports"] >= 2)
    ledger = c.get(f"/api/incidents/{merged['incident_id']}").json()["events"]
    key = f"{ledger[-1]['doc_id']}#{ledger[-1]['event_id']}"
    r = c.post(f"/api/incidents/{merged['incident_id']}/split", json={"event": key}, headers=auth)
    assert r.status_code == 200, r.text
    assert c.get("/api/incidents").json()["total"] == before
    _error(c.post("/api/incidents/inc-nope/split", json={"event": key}, headers=auth), 404, "not_found")
    _error(c.post(f"/api/incidents/{a}/split", json={"event": "nope#0"}, headers=auth), 422, "invalid_parameters")
    _error(c.post("/api/incidents/merge", json={"a": a, "b": a}, headers=auth), 422, "invalid_parameters")
