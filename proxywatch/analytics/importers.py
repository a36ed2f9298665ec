"""Readers for the real event series in ../shared/data (see its README).

- SIGACT CSVs (``date,longitude,latitude,type``): one row per event, day precision.
- The 2023-24 campaign: Pentagon/press *cumulative* attack counts and key
  events. Cumulative counts only say how many attacks happened between two
  reporting dates, so they become :class:`CountInterval` rows (interval-
  censored counts); no attack is ever given a day it was not reported on.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..errors import MalformedInput

SIDES = {"insurgencies": "insurgent", "airstrikes": "us_air"}
EXACT = "exact"
LOWER_BOUND = ("at_least", "more_than")


@dataclass(frozen=True)
class SigactRecord:
    day: date
    lon: float
    lat: float
    type: str  # IED | SAF | other | Airstrike | SOF
    side: str  # insurgent | us_air


@dataclass(frozen=True)
class CumulativeCount:
    as_of: date
    total: int
    iraq: int | None
    syria: int | None
    precision: str  # exact | at_least | approximate | more_than | derived
    speaker: str
    source_url: str
    note: str = ""


@dataclass(frozen=True)
class KeyEvent:
    day: date
    actor: str
    event_type: str
    location: str
    description: str
    source_url: str | None


@dataclass(frozen=True)
class CountInterval:
    """``count`` attacks happened on the days ``start`` .. ``end`` (inclusive), dates unknown.

    ``lower_bound`` is True when the figure is a floor ("at least", "more
    than") at either end; ``sources`` are the addresses of both figures.
    """

    start: date
    end: date
    count: float
    precision: str
    lower_bound: bool
    sources: tuple[str, ...]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _rows(path: Path, required: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise MalformedInput(str(path), f"cannot open: {exc.strerror}") from exc
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise MalformedInput(str(path), f"missing columns {missing}")
        yield from enumerate(reader, start=2)


def _day(path: Path, line: int, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise MalformedInput(str(path), f"bad date {value!r}", line) from exc


def read_sigacts(path: Path | str, side: str | None = None) -> list[SigactRecord]:
    """Read one SIGACT CSV; ``side`` defaults from the file name (insurgencies / airstrikes)."""
    p = Path(path)
    if side is None:
        side = next((v for k, v in SIDES.items() if p.name.startswith(k)), None)
        if side is None:
            raise MalformedInput(str(p), "cannot tell the side from the file name; pass side=")
    out = []
    for line, row in _rows(p, ("date", "longitude", "latitude", "type")):
        try:
            lon, lat = float(row["longitude"]), float(row["latitude"])
        except ValueError as exc:
            raise MalformedInput(str(p), "bad coordinates", line) from exc
        out.append(SigactRecord(_day(p, line, row["date"]), lon, lat, row["type"].strip(), side))
    return out


def _opt_int(path: Path, line: int, value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise MalformedInput(str(path), f"bad count {value!r}", line) from exc


def read_cumulative_counts(path: Path | str) -> list[CumulativeCount]:
    p = Path(path)
    out = []
    for line, row in _rows(p, ("as_of_date", "cumulative_total", "precision", "source_url")):
        total = _opt_int(p, line, row["cumulative_total"])
        if total is None:
            raise MalformedInput(str(p), "missing cumulative_total", line)
        out.append(CumulativeCount(_day(p, line, row["as_of_date"]), total, _opt_int(p, line, row.get("iraq", "")),
                                   _opt_int(p, line, row.get("syria", "")), row["precision"].strip(),
                                   (row.get("speaker") or "").strip(), row["source_url"].strip(),
                                   (row.get("note") or "").strip()))
    out.sort(key=lambda c: c.as_of)
    return out


def read_key_events(path: Path | str) -> list[KeyEvent]:
    p = Path(path)
    out = []
    for line, row in _rows(p, ("date", "actor", "event_type", "description", "source_url")):
        out.append(KeyEvent(_day(p, line, row["date"]), row["actor"].strip(), row["event_type"].strip(),
                            (row.get("location") or "").strip(), row["description"].strip(),
                            row["source_url"].strip() or None))
    out.sort(key=lambda e: e.day)
    return out


def campaign_intervals(counts: Sequence[CumulativeCount], events: Sequence[KeyEvent] = ()) -> list[CountInterval]:
    """Interval-censored attack counts of the campaign.

    The first interval starts at the ``attack_start`` key event (else the
    first report's date). A ``last_attack_before_pause`` event followed by an
    ``attack_resumption`` adds the silent interval between them (count 0, as
    reported) and the resumption day (at least one attack).
    """
    if not counts:
        return []
    starts = [e.day for e in events if e.event_type == "attack_start"]
    start = starts[0] if starts else counts[0].as_of
    out: list[CountInterval] = []
    prev_total, prev_prec, prev_src = 0, EXACT, ""
    for c in counts:
        if c.as_of < start:
            continue
        diff = c.total - prev_total
        if diff < 0:
            raise MalformedInput(c.source_url, f"cumulative count falls from {prev_total} to {c.total}")
        precs = {prev_prec, c.precision} - {EXACT}
        prec = EXACT if not precs else "+".join(sorted(precs))
        out.append(CountInterval(start, c.as_of, float(diff), prec,
                                 c.precision in LOWER_BOUND or prev_prec in LOWER_BOUND,
                                 tuple(s for s in (prev_src, c.source_url) if s)))
        start = c.as_of + timedelta(days=1)
        prev_total, prev_prec, prev_src = c.total, c.precision, c.source_url
    last = [e for e in events if e.event_type == "last_attack_before_pause"]
    resume = [e for e in events if e.event_type == "attack_resumption"]
    if last and resume and last[-1].day == out[-1].end and resume[-1].day > last[-1].day:
        gap_start = last[-1].day + timedelta(days=1)
        srcs = tuple(s for s in (last[-1].source_url, resume[-1].source_url) if s)
        if resume[-1].day > gap_start:
            out.append(CountInterval(gap_start, resume[-1].day - timedelta(days=1), 0.0, "reported_none",
                                     False, srcs))
        out.append(CountInterval(resume[-1].day, resume[-1].day, 1.0, "at_least", True,
                                 tuple(s for s in (resume[-1].source_url,) if s)))
    return out
