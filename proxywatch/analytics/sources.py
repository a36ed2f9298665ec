"""Between the store and the analytics: datasets in, records out.

Writing: SIGACT records and the campaign's cumulative counts / key events
become :class:`~proxywatch.store.series.Observation` rows. Cumulative
counts are stored twice: as reported (kind ``cumulative``) and as the
interval-censored counts they imply (kind ``interval``); no attack is ever
given a day it was not reported on.

Reading: observations back to SIGACT records or campaign intervals, and the
stored extracted events to incident and threat records.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import AnalysisError, MalformedInput
from ..store.series import Observation, observation_sources, observations, save_observations
from .importers import (
    SIDES,
    CountInterval,
    CumulativeCount,
    KeyEvent,
    SigactRecord,
    campaign_intervals,
    read_cumulative_counts,
    read_key_events,
    read_sigacts,
)
from .records import IncidentRecord, ThreatRecord, incident_from_event, threat_from_event

# who acts in each SIGACT file: insurgent attacks, US air actions
SIDE_ACTOR = {"insurgent": "insurgents", "us_air": "usa"}
ACTOR_SIDE = {v: k for k, v in SIDE_ACTOR.items()}
COUNTS_TYPE = "attacks"  # type of the campaign's cumulative and interval rows
COUNTS_FILE = "pentagon_cumulative_attack_counts.csv"
EVENTS_GLOB = "key_events*.csv"
SEP = " | "


# --- SIGACT -------------------------------------------------------------------

def sigact_observations(records: Iterable[SigactRecord], origin: str = "") -> list[Observation]:
    return [Observation("event", r.day, r.day, r.type, 1.0, SIDE_ACTOR[r.side], None, r.lat, r.lon, "exact",
                        False, origin or None) for r in records]


def sigact_files(paths: Sequence[Path]) -> dict[str, list[Path]]:
    """SIGACT CSVs grouped by the suffix after their side prefix ('' or '_2006').

    A folder stands for the SIGACT CSVs in it. A file whose name starts
    with neither side prefix is refused (its side would be a guess).
    """
    out: dict[str, list[Path]] = {}
    for p in paths:
        files = sorted(p.glob("*.csv")) if p.is_dir() else [p]
        if p.is_dir() and not any(f.name.startswith(tuple(SIDES)) for f in files):
            raise MalformedInput(str(p), f"no SIGACT CSVs ({', '.join(SIDES)}*.csv) in this folder")
        for f in files:
            prefix = next((k for k in SIDES if f.name.startswith(k)), None)
            if prefix is None:
                if p.is_dir():
                    continue
                raise MalformedInput(str(f), f"a SIGACT file name starts with one of {sorted(SIDES)}")
            out.setdefault(f.stem[len(prefix):], []).append(f)
    return out


def import_sigacts(store: object, paths: Sequence[Path], source: str = "sigacts") -> dict[str, int]:
    """Read the SIGACT CSVs and store them; files with a suffix ('_2006') go to ``source + suffix``."""
    done = {}
    for suffix, files in sorted(sigact_files(paths).items()):
        rows: list[Observation] = []
        for f in files:
            rows += sigact_observations(read_sigacts(f), f.name)
        name = source + suffix
        save_observations(store, name, rows, SEP.join(str(f) for f in files))
        done[name] = len(rows)
    return done


def sigacts_from_store(store: object, source: str = "sigacts") -> dict[str, list[SigactRecord]]:
    """Stored SIGACT rows per side (``insurgent``, ``us_air``)."""
    out: dict[str, list[SigactRecord]] = {s: [] for s in SIDE_ACTOR}
    for o in observations(store, source, kind="event"):
        side = ACTOR_SIDE.get(o.actor or "")
        if side is None or o.lat is None or o.lon is None:
            continue
        out[side].append(SigactRecord(o.start, o.lon, o.lat, o.type, side))
    if not any(out.values()):
        raise AnalysisError(f"source {source!r} holds no SIGACT events")
    return out


# --- the 2023-24 campaign -----------------------------------------------------

def campaign_observations(counts: Sequence[CumulativeCount], events: Sequence[KeyEvent]) -> list[Observation]:
    rows = [Observation("cumulative", c.as_of, c.as_of, COUNTS_TYPE, float(c.total), None, None, None, None,
                        c.precision, c.precision in ("at_least", "more_than"), c.source_url,
                        _note(c)) for c in counts]
    rows += [Observation("interval", iv.start, iv.end, COUNTS_TYPE, iv.count, None, None, None, None,
                         iv.precision, iv.lower_bound, SEP.join(iv.sources) or None)
             for iv in campaign_intervals(counts, events)]
    rows += [Observation("event", e.day, e.day, e.event_type, 1.0, e.actor, None, None, None, None, False,
                         e.source_url, f"{e.location}{SEP}{e.description}" if e.location else e.description)
             for e in events]
    return rows


def _note(c: CumulativeCount) -> str:
    split = f"iraq={c.iraq} syria={c.syria}" if c.iraq is not None or c.syria is not None else ""
    return SEP.join(x for x in (c.speaker, split, c.note) if x)


def counts_files(path: Path, events: Path | None = None) -> tuple[Path, Path | None]:
    """The cumulative-count CSV and the key-events CSV (found beside it when not given)."""
    counts = path / COUNTS_FILE if path.is_dir() else path
    if not counts.is_file():
        raise MalformedInput(str(path), f"no cumulative count file ({COUNTS_FILE})")
    if events is None:
        found = sorted(counts.parent.glob(EVENTS_GLOB))
        events = found[0] if found else None
    return counts, events


def import_counts(store: object, path: Path, events: Path | None = None, source: str = "campaign") -> int:
    cfile, efile = counts_files(path, events)
    counts = read_cumulative_counts(cfile)
    evs = read_key_events(efile) if efile else []
    rows = campaign_observations(counts, evs)
    save_observations(store, source, rows, SEP.join(str(f) for f in (cfile, efile) if f))
    return len(rows)


@dataclass(frozen=True)
class Campaign:
    intervals: list[CountInterval]
    events: list[KeyEvent]
    last_report: date  # date of the last cumulative figure


def campaign_from_store(store: object, source: str = "campaign") -> Campaign:
    rows = observations(store, source)
    ivs = [CountInterval(o.start, o.end, o.count, o.precision or "exact", o.lower_bound,
                         tuple((o.origin or "").split(SEP)) if o.origin else ())
           for o in rows if o.kind == "interval"]
    cum = [o.start for o in rows if o.kind == "cumulative"]
    if not ivs or not cum:
        raise AnalysisError(f"source {source!r} holds no interval counts")
    evs = []
    for o in rows:
        if o.kind != "event":
            continue
        loc, _, desc = (o.note or "").partition(SEP) if SEP in (o.note or "") else ("", "", o.note or "")
        evs.append(KeyEvent(o.start, o.actor or "", o.type, loc, desc, o.origin))
    return Campaign(sorted(ivs, key=lambda iv: iv.start), sorted(evs, key=lambda e: e.day), max(cum))


def source_kind(store: object, source: str) -> str:
    """``incidents`` (extracted events), ``campaign`` (interval counts) or ``sigacts`` (dated events)."""
    if source == "incidents":
        return "incidents"
    known = {s.source for s in observation_sources(store)}
    if source not in known:
        raise AnalysisError(f"no imported source {source!r} (imported: {sorted(known) or 'none'}); "
                            "run `proxywatch import sigacts|counts` first")
    return "campaign" if observations(store, source, kind="interval") else "sigacts"


# --- extracted events ---------------------------------------------------------

def incidents_from_store(store: object) -> list[IncidentRecord]:
    """Asserted or claimed day-dated events, one record per (day, type, actor, recipient, place).

    Reports of one attack by several articles would otherwise count several
    times; incident fusion, when it is stored, is the better source.
    """
    seen: dict[tuple[object, ...], IncidentRecord] = {}
    for ev in store.events():  # type: ignore[attr-defined]
        r = incident_from_event(ev)
        if r is None:
            continue
        key = (r.day, r.type, r.actor[:1], r.recipient[:1], r.place)
        seen.setdefault(key, r)
    return sorted(seen.values(), key=lambda r: (r.day, r.incident_id))


def threats_from_store(store: object, trigger_words: Mapping[str, str],
                       names: Mapping[str, tuple[str, ...]] | None = None) -> list[ThreatRecord]:
    out = []
    for ev in store.events(type="THREATEN", status="conditional"):  # type: ignore[attr-defined]
        t = threat_from_event(ev, trigger_words, names)
        if t is not None:
            out.append(t)
    return out
