"""End-to-end fixtures: a store built from the seeds and development articles (plus hostile
articles), a uvicorn server on a free loopback port, and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Hostile articles: the payloads sit in the text (so in evidence sentences and mentions),
# in the outlet and title, and in the link. Any execution calls alert() or loads /xss-beacon.
XSS_TEXT = (
    "Kataib Hezbollah fired rockets at the US embassy in Baghdad on March 3, 2020, "
    "<script>alert('script-tag')</script> officials said. "
    "Iran warned it would strike US forces if Washington attacked the militia "
    "<img src=/xss-beacon onerror=alert('onerror')> again, a spokesman said. "
    "The Islamic Resistance in Iraq claimed a drone attack on Ain al-Asad air base on March 5, 2020 "
    "<a href=\"javascript:alert('js-link')\">details</a>.")
XSS_ROWS = [
    {"id": "zz_xss_1", "text": XSS_TEXT, "published": "2020-03-06", "url": "javascript:alert('url')",
     "outlet": "<img src=/xss-beacon onerror=alert('outlet')>", "title": "<script>alert('title')</script>"},
    {"id": "zz_xss_2", "text": XSS_TEXT.replace("March 3", "March 4"), "published": "2020-03-07",
     "url": "https://example.org/report\"><script>alert('attr')</script>", "outlet": "Hostile \"Outlet\" <b>"},
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def extractor() -> Any:
    from proxywatch.api import Extractor

    return Extractor.load()


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory: pytest.TempPathFactory, shared: Path, extractor: Any) -> Path:
    from proxywatch.fuse import Fuser, refuse
    from proxywatch.store import ingest_documents, open_store

    tmp = tmp_path_factory.mktemp("e2e")
    xss = tmp / "xss.jsonl"
    xss.write_text("".join(json.dumps(r) + "\n" for r in XSS_ROWS), encoding="utf-8")
    db = tmp / "e2e.db"
    with open_store(db) as store:
        for manifest in (shared / "gold" / "manifest.jsonl", shared / "gold" / "articles_dev" / "manifest.jsonl", xss):
            ingest_documents(store, extractor.extract_manifest(manifest))
        refuse(store, Fuser.load())
    return db


class LiveServer:
    def __init__(self, url: str, hits: list[str]) -> None:
        self.url = url
        self.hits = hits  # paths requested, to catch a payload that loaded /xss-beacon


@pytest.fixture(scope="session")
def live_server(e2e_db: Path, extractor: Any) -> Iterator[LiveServer]:
    import uvicorn

    from proxywatch.server import Settings, create_app
    from proxywatch.store import open_store

    port = _free_port()
    store = open_store(e2e_db, create=False)
    app = create_app(store, extractor_factory=lambda: extractor, settings=Settings(port=port))
    hits: list[str] = []

    async def recorder(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            hits.append(scope["path"])
        await app(scope, receive, send)

    server = uvicorn.Server(uvicorn.Config(recorder, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", hits)
    server.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing: tools/apt-packages.txt lists chromium")
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True,
                                                    args=ARGS, viewport={"width": 1280, "height": 900})
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


class Watched:
    """A page with every dialog, page error, console error and CSP violation recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.requests: list[str] = []  # every URL the page asked for, of any origin
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)

    def _dialog(self, d: Any) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready='1']", timeout=20000)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        out = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(out), full_page=True)
        return out


@pytest.fixture
def page(browser_context: Any) -> Iterator[Watched]:
    p = browser_context.new_page()
    w = Watched(p)
    yield w
    p.close()
