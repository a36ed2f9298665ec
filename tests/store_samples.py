"""Hand-built Documents for the store and export tests (no extractor needed).

Also imported by the crash test's child process, so it stays stdlib + proxywatch.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from proxywatch.model import (
    DocMeta,
    Document,
    Event,
    Evidence,
    Mention,
    OffsetMap,
    Party,
    Place,
    Relation,
    Sentence,
    Zone,
)

BAGHDAD = Place(id="baghdad", name="Baghdad", country="irq", lat=33.3152, lon=44.3661,
                precision=2, kind="city", aliases=("Bagdad",))
EMBASSY = Place(id="baghdad.us-embassy", name="US Embassy, Baghdad", country="irq", lat=33.2995,
                lon=44.3917, precision=1, kind="facility")
KH = Party("kataib-hezbollah", "Kataib Hezbollah", ("kataib-hezbollah", "irq.pmf", "irq"))
QF = Party("irn.irgc.qf", "the Quds Force", ("irn.irgc.qf", "irn.irgc", "irn"))
USMIL = Party("usa.mil", "American troops", ("usa.mil", "usa"))
USSTATE = Party("usa.state", "the embassy", ("usa.state", "usa"))
OFFICIAL = Party(None, "a security official")


def _span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def sample_document(i: int = 0, variant: int = 0) -> Document:
    """Document ``doc-{i:04d}``; another ``variant`` changes its text (and so its hash)."""
    day = 1 + i % 28
    s1 = (f"Three rockets struck near the US Embassy in Baghdad on March {day}, 2020, "
          f"a security official said.")
    s2 = "Kataib Hezbollah, which answers to the Quds Force, denied firing them."
    s3 = "American troops threatened to respond if the attacks went on."
    if variant:
        s3 = f"American troops said they would respond (revision {variant})."
    title = f"Rockets hit Baghdad, report {i}"
    text = f"{title}\n\n{s1} {s2} {s3}\n\nShare this story"
    doc_id = f"doc-{i:04d}"
    body_end = text.index("\n\nShare")
    e1, e2, e3 = _span(text, s1), _span(text, s2), _span(text, s3)
    date = f"2020-03-{day:02d}"
    events = (
        Event(doc_id=doc_id, event_id=f"{doc_id}:0", type="ASSAULT", mode="fire",
              evidence=Evidence(*e1, s1), actor=None, recipient=USSTATE, date=date,
              location=EMBASSY, status="asserted", source=OFFICIAL, confidence=0.8125,
              cameo="195", trigger=_span(text, "struck")),
        Event(doc_id=doc_id, event_id=f"{doc_id}:1", type="REJECT", mode="deny",
              evidence=Evidence(*e2, s2), actor=KH, recipient=None, date="2020-03",
              location=BAGHDAD, status="denied", source=KH, confidence=1 / 3),
        Event(doc_id=doc_id, event_id=f"{doc_id}:2", type="THREATEN", mode="conditional-attack",
              evidence=Evidence(*e3, s3), actor=USMIL, recipient=KH, date=None, location=None,
              status="conditional" if not variant else "asserted", source=USMIL, confidence=0.5,
              condition="if the attacks went on" if not variant else None),
    )
    mentions = (
        Mention(*_span(text, "US Embassy"), "facility", "baghdad.us-embassy", "exact", "US Embassy"),
        Mention(*_span(text, "Baghdad on"), "place", "baghdad", "exact", "Baghdad"),
        Mention(*_span(text, f"March {day}, 2020"), "date", None, "rule", "", date),
        Mention(*_span(text, "Kataib Hezbollah"), "actor", "kataib-hezbollah", "fuzzy",
                "Kataib Hezbollah"),
        Mention(*_span(text, "security official"), "actor", None, "ner", "PERSON"),
    )
    relations = (
        Relation("irn.irgc.qf", "directs", "kataib-hezbollah", doc_id, Evidence(*e2, s2), "2020"),
    )
    return Document(
        id=doc_id, text=text,
        meta=DocMeta(published=f"2020-03-{day:02d}", url=f"https://news.example.org/{doc_id}",
                     outlet="Example Wire", title=title, date_source="metadata"),
        clean=text, offsets=OffsetMap.identity(len(text)),
        zones=(Zone(0, len(title), "boilerplate", "title"), Zone(len(title), body_end, "body", "body"),
               Zone(body_end, len(text), "boilerplate", "share")),
        sentences=(Sentence(*e1), Sentence(*e2), Sentence(*e3, relevant=True),
                   Sentence(0, len(title), relevant=False)),
        mentions=mentions, events=events, relations=relations,
        stages_run=("sentences", "mentions", "events"),
    )


def pg_dsn_or_skip() -> str:
    """The test server's DSN; skip without one, except under CI where it must exist."""
    dsn = os.environ.get("PROXYWATCH_TEST_PG")
    if not dsn:
        if os.environ.get("CI"):
            pytest.fail("CI is set but PROXYWATCH_TEST_PG is not: run tools/ci_postgres.sh first")
        pytest.skip("PROXYWATCH_TEST_PG not set (run: eval \"$(bash tools/ci_postgres.sh)\")")
    return dsn


def with_search_path(dsn: str, schema: str) -> str:
    sep = "&" if "?" in dsn else "?"
    return f"{dsn}{sep}options=-csearch_path%3D{schema}"


def pg_schema() -> Iterator[str]:
    """A fresh, empty schema's DSN, dropped afterwards."""
    import psycopg

    dsn = pg_dsn_or_skip()
    schema = f"pw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(dsn, schema)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
