"""Candidate pairs for fusion: only pairs that could link are scored (blocking).

Scoring every pair is quadratic; a store of 10^5 events would take hours to
re-fuse after each ingest. A pair can only *link* (no conflict, anchored,
``threshold`` points) under conditions that are cheap to index, so this
module yields a superset of the linking pairs and nothing is decided here:

- **one document**: every pair of types that may fuse at all (documents are small);
- **across documents**: types that may fuse across documents (the same type, or
  a pair of scope ``any``: a ``same_doc`` pair is ``unlinked`` there, no points),
  dates that do not conflict, and an anchor (a party sharing its lineage, or a
  place that is the same or near: the report is not shared).

Dates become closed day intervals widened by ``date_slack_days`` (a day, a
month, a year); an *undated* mention stands for the interval its report allows
(``published`` rules: not after the report, not ``undated_window_days`` before
it); year-less ``--MM-DD`` dates are matched by month and day in any year;
anything else (an unparsable date, an undated mention of a report without a
date) is compared with every event of its types. Two intervals are paired when
they overlap, by a sweep over the intervals sorted by start, so the work is the
number of overlapping pairs, not n².

Conflicts outside the candidates are not needed up front: complete-link checks
compute them on demand for the members of the two groups (see fuse.py).
"""
from __future__ import annotations

import bisect
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

from ..model import Event
from ..store.dates import bounds
from .match import _MD, _broad_id, _first_day, _last_day, compare_places
from .rules import FusionRules

# interval kinds: a dated event, an undated one (interval from its report), --MM-DD, anything
_IV, _UNDATED, _MONTH_DAY, _ANY = "iv", "undated", "md", "any"


@dataclass(frozen=True)
class _When:
    kind: str
    lo: int = 0  # day ordinals (closed, widened by the slack)
    hi: int = 0
    year_only: bool = False
    md: tuple[int, int] = (0, 0)  # --MM-DD: month, day


def _ordinal(iso: str | None) -> int | None:
    try:
        return Date.fromisoformat(iso or "").toordinal()
    except ValueError:
        return None


def _when(e: Event, published: Mapping[str, str | None], rules: FusionRules) -> _When:
    d, slack = e.date, rules.date_slack_days
    if not d:
        # an undated mention conflicts (across documents) with what began after its report
        # or ended ``undated_window_days`` before it; with no report date, with anything
        pub = published.get(e.doc_id)
        last, first = _safe(_last_day, pub), _safe(_first_day, pub)
        if last is None or first is None:
            return _When(_ANY)
        lo = (first - timedelta(days=rules.undated_window_days)).toordinal() \
            if rules.undated_window_days is not None else Date.min.toordinal()
        return _When(_UNDATED, lo - slack, last.toordinal() + 1 + slack)
    if d != d.strip():
        return _When(_ANY)
    m = _MD.match(d)
    if m:
        mo, dd = int(m.group(1)), int(m.group(2))
        if _ordinal(f"2000-{mo:02d}-{dd:02d}") is None:
            return _When(_ANY)
        return _When(_MONTH_DAY, md=(mo, dd))
    first_s, _ = bounds(d)
    start, end = _ordinal(first_s), _safe(_last_day, d)
    if start is None or end is None:
        return _When(_ANY)
    return _When(_IV, start - slack, end.toordinal() + slack, year_only=len(d) == 4)


def _safe(f: object, s: str | None) -> Date | None:
    try:
        return f(s)  # type: ignore[operator, no-any-return]
    except (ValueError, IndexError):
        return None


class _Side:
    """Some events of one type, indexed for the date sweep."""

    def __init__(self, idx: Sequence[int], whens: Sequence[_When]) -> None:
        #: intervals (days, months, years, undated mentions' report windows) by start
        self.iv = sorted((i for i in idx if whens[i].kind in (_IV, _UNDATED)),
                         key=lambda i: whens[i].lo)
        self.lo = [whens[i].lo for i in self.iv]
        self.md = [i for i in idx if whens[i].kind == _MONTH_DAY]
        self.any = [i for i in idx if whens[i].kind == _ANY]
        self.undated = [i for i in idx if whens[i].kind == _UNDATED]
        self.years = [i for i in self.iv if whens[i].kind == _IV and whens[i].year_only]
        # for --MM-DD: day and month events by every calendar month their interval touches
        self.by_month: dict[int, list[int]] = {}
        for i in self.iv:
            w = whens[i]
            if w.kind != _IV or w.year_only:
                continue
            months = ({Date.fromordinal(o).month for o in range(w.lo, w.hi + 1)}
                      if w.hi - w.lo < 40 else set(range(1, 13)))
            for mo in months:
                self.by_month.setdefault(mo, []).append(i)


def _overlaps(a: _Side, b: _Side | None, whens: Sequence[_When]) -> Iterator[tuple[int, int]]:
    """Pairs of intervals of ``a`` and ``b`` (None: within ``a``) that overlap, each once."""
    if b is None:
        for k, i in enumerate(a.iv):
            hi = whens[i].hi
            for j in a.iv[k + 1:]:
                if whens[j].lo > hi:
                    break
                yield i, j
        return
    for x, y, left in ((a, b, True), (b, a, False)):
        for i in x.iv:
            w = whens[i]
            # ties on the start are counted on the first pass only
            k = (bisect.bisect_left if left else bisect.bisect_right)(y.lo, w.lo)
            while k < len(y.iv) and y.lo[k] <= w.hi:
                yield i, y.iv[k]
                k += 1


def _month_day_months(w: _When, slack: int) -> set[int]:
    """Calendar months a --MM-DD date may fall in, within the slack (in a leap year)."""
    day = Date(2000, *w.md)
    return {(day + timedelta(days=k)).month for k in range(-slack, slack + 1)
            if (day + timedelta(days=k)).year == 2000}


def _dated_pairs(a: _Side, b: _Side, same: bool, whens: Sequence[_When],
                 slack: int) -> Iterator[tuple[int, int]]:
    """Pairs whose dates may earn points: day/month intervals that overlap, --MM-DD by month.

    --MM-DD pairs may repeat (the caller dedupes); an unparsable date may still
    match a --MM-DD one by its month and day characters, so those are paired too.
    """
    yield from _overlaps(a, None if same else b, whens)
    for x, y in ((a, a),) if same else ((a, b), (b, a)):
        for i in x.md:
            for m in _month_day_months(whens[i], slack):
                yield from ((i, j) for j in y.by_month.get(m, ()))
            yield from ((i, j) for j in y.md + y.any if j != i)


def _blind_pairs(blind: _Side, dated: _Side, whens: Sequence[_When]) -> Iterator[tuple[int, int]]:
    """Pairs of one type with a date-blind side (bare year, undated, unparsable); may repeat."""
    for i, j in _overlaps(blind, None, whens):
        if whens[i].kind == _IV or whens[j].kind == _IV:
            yield i, j
    # two undated mentions: no date and no published rule between them
    yield from ((i, j) for k, i in enumerate(blind.undated) for j in blind.undated[k + 1:])
    yield from _overlaps(blind, dated, whens)
    # --MM-DD says nothing against a bare year or no date (no published rule either)
    yield from ((i, j) for i in dated.md for j in blind.years + blind.undated)
    for i in blind.any:
        yield from ((i, j) for j in blind.iv + blind.any + dated.iv if j != i)


def candidate_pairs(evs: Sequence[Event], rules: FusionRules,
                    published: Mapping[str, str | None]) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, a superset of every pair that can link; no repeats."""
    types = [e.type.upper() for e in evs]
    by_doc: dict[str, list[int]] = {}
    for i, e in enumerate(evs):
        by_doc.setdefault(e.doc_id, []).append(i)
    for idx in by_doc.values():
        for k, i in enumerate(idx):
            for j in idx[k + 1:]:
                if rules.type_scope(types[i], types[j]) is not None:
                    yield (i, j) if i < j else (j, i)
    whens = [_when(e, published, rules) for e in evs]
    blind = [_blind(w) for w in whens]
    lineage = [(_lin(e.actor), _lin(e.recipient)) for e in evs]
    keyed = _blind_keys_suffice(rules)
    by_type: dict[str, list[int]] = {}
    for i, t in enumerate(types):
        by_type.setdefault(t, []).append(i)
    dated = {t: _Side([i for i in idx if not blind[i]], whens) for t, idx in by_type.items()}
    n = len(evs)
    seen: set[int] = set()

    def fresh(i: int, j: int, check: bool) -> bool:
        if evs[i].doc_id == evs[j].doc_id:
            return False  # one document: paired above
        if check:
            key = min(i, j) * n + max(i, j)
            if key in seen:
                return False
            seen.add(key)
        return _anchor(evs[i], evs[j], lineage[i], lineage[j], rules)

    names = sorted(by_type)
    for x, ta in enumerate(names):
        for tb in names[x:]:
            same = ta == tb
            if not same and rules.type_scope(ta, tb) != "any":
                continue  # never, unlisted, or a same_doc pair: no link across documents
            for i, j in _dated_pairs(dated[ta], dated[tb], same, whens, rules.date_slack_days):
                md = _MONTH_DAY in (whens[i].kind, whens[j].kind)
                if fresh(i, j, md):
                    yield (i, j) if i < j else (j, i)
        # date-blind pairs (related types with no date in common are unlinked): without
        # date points only a strong key shared (exact party, same or near place) can link
        blocks: dict[str, list[int]] = {}
        for i in by_type[ta]:
            for key in (_keys(evs[i], rules) if keyed else ("*",)):
                blocks.setdefault(key, []).append(i)
        for block in blocks.values():
            if len(block) < 2 or not any(blind[i] for i in block):
                continue
            b_side = _Side([i for i in block if blind[i]], whens)
            d_side = _Side([i for i in block if not blind[i]], whens)
            for i, j in _blind_pairs(b_side, d_side, whens):
                if fresh(i, j, True):
                    yield (i, j) if i < j else (j, i)


def _blind(w: _When) -> bool:
    """A date that can earn no date points: a bare year, none, or unparsable."""
    return w.kind in (_UNDATED, _ANY) or (w.kind == _IV and w.year_only)


def _blind_keys_suffice(rules: FusionRules) -> bool:
    """True when a date-blind pair needs a strong key to reach the threshold.

    Without the same or a sub-unit's party (``exact``), the same place or a near
    one, and without date points, a cross-document pair of one type earns at most
    the type and the weaker verdicts; under the threshold, such pairs need a key.
    """
    p = rules.point
    weak = (p("type_same")
            + max(p(f"actor_{v}") for v in ("lineage", "unknown", "conflict", "disputed"))
            + max(p(f"recipient_{v}") for v in ("lineage", "unknown", "conflict", "co_victim",
                                                 "possible_co_victim"))
            + max(p(f"date_{v}") for v in ("year", "unknown", "conflict"))
            + max(p(f"place_{v}") for v in ("unknown", "conflict")))
    return weak < rules.threshold


def _keys(e: Event, rules: FusionRules) -> tuple[str, ...]:
    """Strong keys: two events share one when a party is ``exact`` or the place same/near."""
    out: set[str] = set()
    for role, p in (("A", e.actor), ("R", e.recipient)):
        if p is None or not p.id:
            continue
        out.add(f"{role}:{p.id}")  # the same id, even a country, is exact
        out.update(f"{role}:{x}" for x in (p.id, *p.lineage) if not _broad_id(x, rules))
    loc = e.location
    if loc is not None:
        if loc.id:
            parts = loc.id.split(".")
            # a facility is near its city: its id is dotted under the city's
            out.update("P:" + ".".join(parts[:k]) for k in range(1, len(parts) + 1))
        if loc.lat is not None and loc.lon is not None:
            out.update(_cells(loc.lat, loc.lon, rules.near_km))
    return tuple(sorted(out))


_CELL = 0.5  # degrees


def _cells(lat: float, lon: float, radius_km: float) -> set[str]:
    """Grid cells a disc of ``radius_km`` touches: two points that close share one."""
    dlat = radius_km / 111.0 + 1e-6
    edge = min(89.0, abs(lat) + dlat)
    dlon = dlat / max(math.cos(math.radians(edge)), 1e-3)
    if dlon >= 180:
        return {"G:polar"}
    return {f"G:{y}:{x % int(360 / _CELL)}"
            for y in range(math.floor((lat - dlat) / _CELL), math.floor((lat + dlat) / _CELL) + 1)
            for x in range(math.floor((lon - dlon) / _CELL), math.floor((lon + dlon) / _CELL) + 1)}


def _lin(p: object) -> frozenset[str]:
    pid = getattr(p, "id", None)
    if not pid:
        return frozenset()  # unnamed: compatible, never an anchor
    return frozenset((pid, *getattr(p, "lineage", ())))


def _anchor(a: Event, b: Event, la: tuple[frozenset[str], frozenset[str]],
            lb: tuple[frozenset[str], frozenset[str]], rules: FusionRules) -> bool:
    """Some party shares its lineage, or the place is the same or near (across documents).

    Every anchor of a cross-document link needs one of these: ``disputed`` actors
    need a matching recipient, ``co_victim`` recipients a matching actor or place.
    """
    if la[0] & lb[0] or la[1] & lb[1]:
        return True
    return (a.location is not None and b.location is not None
            and compare_places(a.location, b.location, rules) in ("same", "near"))
