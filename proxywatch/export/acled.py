"""ACLED-style CSV: ACLED's column set, then proxywatch's own columns.

ACLED analysts' tools read the first block unchanged; the trailing ``pw_``
columns keep what ACLED has no place for (PLOVER type, status, lineages).
"""
from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import KnowledgeError
from ..model import Event
from ..store.port import Store, StoredDocument
from .common import Row, country, rows

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS = (
    "pw_plover_type", "pw_mode", "pw_status", "pw_actor1_id", "pw_actor1_lineage", "pw_actor2_id",
    "pw_actor2_lineage", "pw_claim_source", "pw_doc_id", "pw_event_id", "pw_url", "pw_confidence",
)
COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


@dataclass(frozen=True)
class Rule:
    plover: str
    event_type: str
    sub_event_type: str
    pattern: re.Pattern[str] | None


@dataclass(frozen=True)
class AcledMap:
    rules: tuple[Rule, ...]
    disorder: Mapping[str, str]

    @classmethod
    def load(cls, path: str | Path | None = None) -> AcledMap:
        if path is None:
            text = (resources.files("proxywatch.data") / "acled.yaml").read_text(encoding="utf-8")
            where = "proxywatch/data/acled.yaml"
        else:
            text, where = Path(path).read_text(encoding="utf-8"), str(path)
        return cls.from_data(yaml.safe_load(text), where)

    @classmethod
    def from_data(cls, data: Any, where: str = "acled map") -> AcledMap:
        try:
            rules = []
            for r in data["rules"]:
                kws = r.get("keywords") or []
                pat = re.compile(r"\b(?:" + "|".join(re.escape(k.lower()) for k in kws) + ")") \
                    if kws else None
                rules.append(Rule(str(r["plover"]), str(r["event_type"]), str(r["sub_event_type"]), pat))
            disorder = {str(k): str(v) for k, v in data["disorder_type"].items()}
        except (KeyError, TypeError, AttributeError) as exc:
            raise KnowledgeError(f"{where}: bad ACLED map: {exc!r}") from exc
        return cls(tuple(rules), disorder)

    def classify(self, e: Event) -> tuple[str, str]:
        hay = f"{e.mode or ''} {e.evidence.text}".lower()
        for r in self.rules:
            if r.plover not in ("*", e.type):
                continue
            if r.pattern is None or r.pattern.search(hay):
                return r.event_type, r.sub_event_type
        return "Strategic developments", "Other"


def _date_fields(e: Event, doc: StoredDocument | None) -> tuple[str, str, int, list[str]]:
    """(event_date, year, time_precision, tags) with ACLED's 1 day / 2 approx / 3 month-year."""
    published = doc.meta.published if doc else None
    date, tags = e.date, []
    if date and date.startswith("--") and published:
        return f"{published[:4]}-{date[2:]}", published[:4], 2, ["year from publication date"]
    if not date or date.startswith("--"):
        if not published:
            return "", "", 3, ["date unknown"]
        date, tags = published, ["date of publication"]
    if len(date) == 10:
        return date, date[:4], 1 if not tags else 3, tags
    # month or year only: ACLED codes the first day and says so in the precision
    first = date + ("-01" if len(date) == 7 else "-01-01")
    return first, date[:4], 3, tags


def _event_id_cnty(e: Event, iso3: str) -> str:
    # stable across exports: derived from the event id, not from row order
    digest = int(hashlib.sha1(e.event_id.encode("utf-8")).hexdigest()[:8], 16)
    return f"{iso3 or 'XXX'}{digest}"


def _timestamp(doc: StoredDocument | None) -> str:
    if doc is None:
        return ""
    try:
        return str(int(datetime.fromisoformat(doc.ingested_at).timestamp()))
    except ValueError:
        return ""


def acled_row(row: Row, amap: AcledMap) -> dict[str, Any]:
    e, doc = row.event, row.doc
    loc = e.location
    c = country(loc.country if loc else None)
    event_type, sub = amap.classify(e)
    event_date, year, tprec, tags = _date_fields(e, doc)
    actor1 = e.actor.name if e.actor else ""
    if not actor1 and event_type in VIOLENT:
        actor1 = f"Unidentified Armed Group ({c.name})" if c else "Unidentified Armed Group"
    return {
        "event_id_cnty": _event_id_cnty(e, c.iso3 if c else ""), "event_date": event_date,
        "year": year, "time_precision": tprec, "disorder_type": amap.disorder.get(event_type, ""),
        "event_type": event_type, "sub_event_type": sub, "actor1": actor1, "assoc_actor_1": "",
        "inter1": "", "actor2": e.recipient.name if e.recipient else "", "assoc_actor_2": "",
        "inter2": "", "interaction": "",
        "civilian_targeting": "Civilian targeting" if event_type == "Violence against civilians" else "",
        "iso": c.numeric if c else "", "region": "", "country": c.name if c else "",
        "admin1": "", "admin2": "", "admin3": "", "location": loc.name if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": loc.precision if loc else 3,
        "source": (doc.meta.outlet if doc and doc.meta.outlet else ""), "source_scale": "",
        "notes": e.evidence.text, "fatalities": "", "tags": "; ".join(tags),
        "timestamp": _timestamp(doc),
        "pw_plover_type": e.type, "pw_mode": e.mode or "", "pw_status": e.status,
        "pw_actor1_id": e.actor.id or "" if e.actor else "",
        "pw_actor1_lineage": ";".join(e.actor.lineage) if e.actor else "",
        "pw_actor2_id": e.recipient.id or "" if e.recipient else "",
        "pw_actor2_lineage": ";".join(e.recipient.lineage) if e.recipient else "",
        "pw_claim_source": e.source.name if e.source else "", "pw_doc_id": e.doc_id,
        "pw_event_id": e.event_id, "pw_url": doc.meta.url or "" if doc else "",
        "pw_confidence": round(e.confidence, 3),
    }


def export_acled(store: Store, path: str | Path, amap: AcledMap | None = None) -> int:
    """Write every stored event as one ACLED-style CSV row; return the row count."""
    amap = amap or AcledMap.load()
    data = rows(store)
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for r in data:
            writer.writerow(acled_row(r, amap))
    return len(data)
