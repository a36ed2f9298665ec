"""Raw ASGI requests a client library would never send: a broken Content-Length, a negative one."""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
from pathlib import Path
from typing import Any

from server_samples import build_store

from proxywatch.server import Settings, create_app
from proxywatch.store import open_store


def _call(app: Any, headers: list[tuple[bytes, bytes]], method: str = "POST") -> tuple[int, dict[str, Any], dict[bytes, bytes]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(msg: dict[str, Any]) -> None:
        sent.append(msg)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": "/api/extract", "raw_path": b"/api/extract", "query_string": b"",
             "root_path": "", "headers": [(b"host", b"127.0.0.1"), *headers], "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80)}
    # a thread of its own: an earlier test (Playwright) may leave an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body), dict(start["headers"])


def test_server_limits_refuse_a_broken_content_length(tmp_path: Path) -> None:
    store = open_store(build_store(tmp_path / "lim.db", n=2), create=False)
    app = create_app(store, settings=Settings(max_body_bytes=1000))
    try:
        for value in (b"abc", b"12 34"):
            status, body, headers = _call(app, [(b"content-length", value), (b"content-type", b"application/json")])
            assert status == 400 and body["error"]["code"] == "bad_request", body
            assert set(body["error"]) == {"status", "code", "message", "details"}
            assert b"content-security-policy" in headers
        status, body, _ = _call(app, [(b"content-length", b"1001"), (b"content-type", b"application/json")])
        assert status == 413 and body["error"]["code"] == "too_large"
    finally:
        store.close()
