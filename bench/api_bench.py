"""REST API benchmark: load N synthetic events (default 1 M) into an SQLite store, serve it with
uvicorn on loopback, and measure /api/events latency (p50/p95 per query shape, goal p95 <= 50 ms)
and the dashboard's first load (every request the overview makes; in Chromium when installed).

    .venv/bin/python bench/api_bench.py [--events 1000000] [--db /tmp/pw_bench.db] [--repeat 40]

The store file is reused when it already holds the requested number of events.
"""
from __future__ import annotations

import argparse
import random
import socket
import statistics
import threading
import time
from pathlib import Path
from typing import Any

from proxywatch.fuse.fuse import FusionResult
from proxywatch.fuse.storage import save_fusion
from proxywatch.model import (
    DocMeta,
    Document,
    Event,
    Evidence,
    Incident,
    LedgerEntry,
    OffsetMap,
    Party,
    Place,
    Sentence,
)
from proxywatch.server import Settings, create_app
from proxywatch.store import open_store
from proxywatch.store.sqlbase import SqlStore

PER_DOC = 200
TYPES = ["ASSAULT", "THREATEN", "ACCUSE", "REJECT", "COERCE", "MOBILIZE", "CONSULT", "SANCTION"]
ACTORS = [Party("kataib-hezbollah", "Kataib Hezbollah", ("kataib-hezbollah", "irq.pmf", "irq")),
          Party("irn.irgc.qf", "the Quds Force", ("irn.irgc.qf", "irn.irgc", "irn")),
          Party("usa.mil", "US forces", ("usa.mil", "usa")),
          Party("harakat-al-nujaba", "Nujaba", ("harakat-al-nujaba", "irq.pmf", "irq")),
          Party("irq", "Iraq", ("irq",))]
PLACES = [Place("baghdad", "Baghdad", "irq", 33.31, 44.37, 2),
          Place("erbil", "Erbil", "irq", 36.19, 44.01, 2),
          Place("ain-al-asad", "Ain al-Asad", "irq", 33.80, 42.44, 1, "facility"),
          Place("damascus", "Damascus", "syr", 33.51, 36.29, 2),
          Place("tehran", "Tehran", "irn", 35.69, 51.39, 2)]
SENTENCE = "Militants fired {n} rockets at a base near {p} on day {d}, officials said. "


def _doc(i: int, rng: random.Random) -> Document:
    parts: list[str] = []
    events: list[Event] = []
    pos = 0
    for k in range(PER_DOC):
        place = rng.choice(PLACES)
        day = rng.randrange(1, 1096)
        s = SENTENCE.format(n=rng.randrange(1, 9), p=place.name, d=day)
        y, rem = 2019 + day // 365, day % 365
        date = f"{y}-{1 + rem // 31 % 12:02d}-{1 + rem % 28:02d}"
        actor, recipient = rng.sample(ACTORS, 2)
        events.append(Event(f"d{i:06d}", f"d{i:06d}:{k}", rng.choice(TYPES), Evidence(pos, pos + len(s) - 1, s.strip()),
                            mode="attack", actor=actor, recipient=recipient, date=date, location=place,
                            trigger=(pos + 10, pos + 15)))
        parts.append(s)
        pos += len(s)
    text = "".join(parts)
    return Document(id=f"d{i:06d}", text=text, meta=DocMeta(published="2021-01-01", outlet=f"Wire {i % 17}",
                                                            url=f"https://news.example.org/{i}"),
                    clean=text, offsets=OffsetMap.identity(len(text)),
                    sentences=tuple(Sentence(e.evidence.start, e.evidence.end + 1) for e in events),
                    events=tuple(events))


def load(db: Path, n_events: int) -> None:
    store = open_store(db)
    assert isinstance(store, SqlStore)
    have = store.counts()["events"]
    if have >= n_events:
        print(f"store {db}: {have} events already")
        store.close()
        return
    rng = random.Random(7)
    t0 = time.perf_counter()
    n_docs = n_events // PER_DOC
    incidents: list[Incident] = []
    for i in range(have // PER_DOC, n_docs):
        doc = _doc(i, rng)
        store.save_document(doc)
        for e in doc.events[::50]:  # one synthetic incident per 50 events, for the dashboard
            incidents.append(Incident(f"inc-{e.event_id}", e.type, e.date, e.actor, e.recipient, e.location,
                                      (LedgerEntry(e.doc_id, e.event_id, doc.meta.outlet, None, e.status,
                                                   {"evidence": {"start": e.evidence.start, "end": e.evidence.end,
                                                                 "text": e.evidence.text}}),)))
        if i % 500 == 0:
            print(f"  {i * PER_DOC} events, {time.perf_counter() - t0:.0f} s", flush=True)
    save_fusion(store, FusionResult(tuple(incidents), ()))
    print(f"loaded {n_docs * PER_DOC} events in {time.perf_counter() - t0:.0f} s")
    store.close()


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path) -> tuple[Any, str]:
    import uvicorn

    port = _port()
    app = create_app(open_store(db, create=False), settings=Settings(port=port))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


QUERIES = {
    "first page": "/api/events",
    "deep page (offset 100k)": "/api/events?offset=100000",
    "type": "/api/events?type=THREATEN",
    "actor (lineage)": "/api/events?actor=irq.pmf",
    "date range": "/api/events?since=2020-03&until=2020-04",
    "type + actor + dates": "/api/events?type=ASSAULT&actor=irn&since=2020-01-01&until=2020-12-31",
    "actor + type": "/api/events?actor=irn&type=COERCE",
    "recipient + dates": "/api/events?recipient=usa&since=2020-03&until=2020-04",
    "actor + recipient + type": "/api/events?actor=irn&recipient=usa&type=ASSAULT",
    "place": "/api/events?place=erbil",
    "bbox": "/api/events?bbox=42,33,43,34",
    "free text q": "/api/events?q=ain%20al-asad%20on%20day%20400",
    "free text phrase": "/api/events?q=%22on%20day%20400%22",
    "free text common word": "/api/events?q=baghdad",
    "free text prefix": "/api/events?q=hezb*",
    "free text + type": "/api/events?q=tehran&type=THREATEN",
    "rare free text + type": "/api/events?q=ain%20al-asad%20on%20day%20400&type=THREATEN",
    "free text + actor + dates": "/api/events?q=baghdad&actor=irn&since=2020-01-01&until=2020-12-31",
}


def bench_events(base: str, repeat: int) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=120) as c:
        print(f"\n/api/events on loopback ({repeat} requests each after one cold request; ms)")
        print(f"{'query':28} {'cold':>8} {'p50':>8} {'p95':>8} {'total':>9}")
        for name, url in QUERIES.items():
            t = time.perf_counter()
            r = c.get(url)
            cold = (time.perf_counter() - t) * 1000
            r.raise_for_status()
            times = []
            for k in range(repeat):
                # vary the page so the rows are read anew each time (the totals are cached per data version)
                sep = "&" if "?" in url else "?"
                t = time.perf_counter()
                c.get(f"{url}{sep}limit=50&offset={(k % 10) * 50}" if "offset" not in url else url).raise_for_status()
                times.append((time.perf_counter() - t) * 1000)
            body = r.json()
            total = f"{body['total']}{'' if body.get('total_exact', True) else '+'}"  # '+': a lower bound
            print(f"{name:28} {cold:8.1f} {statistics.median(times):8.1f} {pct(times, 0.95):8.1f} {total:>9}")


def bench_dashboard(base: str) -> None:
    import httpx

    urls = ["/", "/static/app.js", "/static/style.css", "/static/vendor/topojson-client.min.js",
            "/static/vendor/world-atlas-countries-110m.json", "/api/actors?limit=1000", "/api/series",
            "/api/changepoints", "/api/threats?limit=1000", "/api/places?limit=1000", "/api/graph",
            "/api/incidents?limit=200", "/api/incidents?q=baghdad&limit=200"]
    with httpx.Client(base_url=base, timeout=300) as c:
        print("\ndashboard overview requests (ms, first then warm)")
        total_cold = 0.0
        for u in urls:
            t = time.perf_counter()
            r = c.get(u)
            cold = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            c.get(u)
            warm = (time.perf_counter() - t) * 1000
            total_cold += cold
            print(f"  {u:50} {r.status_code} {len(r.content) / 1024:8.0f} KiB {cold:8.1f} {warm:8.1f}")
        print(f"  sum of first requests: {total_cold:.0f} ms")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return
    import tempfile

    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
    with tempfile.TemporaryDirectory() as prof, sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(prof, executable_path=str(chromium), headless=True, args=args)
        page = ctx.new_page()
        for label in ("first load (server caches warm)", "reload"):
            t = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready='1']", timeout=300000)
            print(f"Chromium overview {label}: {(time.perf_counter() - t) * 1000:.0f} ms until every view is drawn")
        ctx.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/pw_bench.db"))
    ap.add_argument("--repeat", type=int, default=40)
    a = ap.parse_args()
    load(a.db, a.events)
    server, base = serve(a.db)
    try:
        bench_events(base, a.repeat)
        bench_dashboard(base)
    finally:
        server.should_exit = True


if __name__ == "__main__":
    main()
