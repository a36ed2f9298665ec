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

Each pair the indexes find is kept only when its points bound reaches the
threshold (``features.py``: the best points each field can still end with, from
verdicts cached per pair of values), so month-dated or undated pairs that share
only a country are never scored; long slices are checked at once with numpy.

Conflicts outside the candidates are not needed up front: complete-link checks
compute them on demand for the members of the two groups (see fuse.py).
"""
from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

import numpy as np

from ..model import Event
from ..store.dates import bounds
from .features import Features
from .match import _MD, _broad_id, _first_day, _last_day
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
        self.iv_np = np.asarray(self.iv, dtype=np.int64)
        self.md = [i for i in idx if whens[i].kind == _MONTH_DAY]
        self.any = [i for i in idx if whens[i].kind == _ANY]
        self.undated = [i for i in idx if whens[i].kind == _UNDATED]
        self.undated_np = np.asarray(self.undated, dtype=np.int64)
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


#: ``(i, events, events as an array, k1, k2)``: event ``i`` pairs with ``events[k1:k2]``
_Slice = tuple[int, list[int], np.ndarray, int, int]


def _overlap_slices(a: _Side, b: _Side | None, whens: Sequence[_When]) -> Iterator[_Slice]:
    """Interval ``i`` overlaps a slice of the other side's intervals (sorted by start).

    Every overlapping pair of ``a`` and ``b`` (None: within ``a``) is in one slice, once.
    """
    if b is None:
        for k, i in enumerate(a.iv):
            yield i, a.iv, a.iv_np, k + 1, bisect.bisect_right(a.lo, whens[i].hi, k + 1)
        return
    for x, y, left in ((a, b, True), (b, a, False)):
        for i in x.iv:
            w = whens[i]
            # ties on the start are counted on the first pass only
            k = (bisect.bisect_left if left else bisect.bisect_right)(y.lo, w.lo)
            yield i, y.iv, y.iv_np, k, bisect.bisect_right(y.lo, w.hi, k)


#: an event pairing with at least this many is checked against them at once (numpy)
VECTOR_MIN = 24


def _checked(slices: Iterator[_Slice], check: Callable[[int, int], bool],
             vcheck: Callable[[int, np.ndarray], np.ndarray]) -> Iterator[tuple[int, int]]:
    """The pairs of ``slices`` that pass ``check`` (vectorised for long slices)."""
    vmin = VECTOR_MIN
    for i, lst, arr, k1, k2 in slices:
        if k2 - k1 >= vmin:
            for j in vcheck(i, arr[k1:k2]).tolist():
                yield i, j
        else:
            for j in lst[k1:k2]:
                if check(i, j):
                    yield i, j


def _month_day_months(w: _When, slack: int) -> set[int]:
    """Calendar months a --MM-DD date may fall in, within the slack (in a leap year)."""
    day = Date(2000, *w.md)
    return {(day + timedelta(days=k)).month for k in range(-slack, slack + 1)
            if (day + timedelta(days=k)).year == 2000}


def _month_day_pairs(a: _Side, b: _Side, same: bool, whens: Sequence[_When],
                     slack: int) -> Iterator[tuple[int, int]]:
    """Pairs whose dates may earn points besides overlapping intervals: --MM-DD by month.

    --MM-DD pairs may repeat (the caller dedupes); an unparsable date may still
    match a --MM-DD one by its month and day characters, so those are paired too.
    """
    for x, y in ((a, a),) if same else ((a, b), (b, a)):
        for i in x.md:
            for m in _month_day_months(whens[i], slack):
                yield from ((i, j) for j in y.by_month.get(m, ()))
            yield from ((i, j) for j in y.md + y.any if j != i)


def _blind_slices(blind: _Side, dated: _Side, whens: Sequence[_When]) -> Iterator[_Slice]:
    """Slices of one type with a date-blind side (bare year, undated); pairs may repeat."""
    # bare years with each other and with undated mentions, when their intervals overlap
    years = _Side(blind.years, whens)
    yield from _overlap_slices(years, None, whens)
    yield from _overlap_slices(years, _Side(blind.undated, whens), whens)
    # two undated mentions: no date and no published rule between them, always paired
    for k, i in enumerate(blind.undated):
        yield i, blind.undated, blind.undated_np, k + 1, len(blind.undated)
    yield from _overlap_slices(blind, dated, whens)


def _blind_pairs(blind: _Side, dated: _Side) -> Iterator[tuple[int, int]]:
    """The other pairs with a date-blind side: --MM-DD and unparsable dates; may repeat."""
    # --MM-DD says nothing against a bare year or no date (no published rule either)
    yield from ((i, j) for i in dated.md for j in blind.years + blind.undated)
    for i in blind.any:
        # (an undated mention of a report with no date, an unparsable date: with anything)
        yield from ((i, j) for j in blind.iv + blind.any + dated.iv + dated.md if j != i)


def candidate_pairs(evs: Sequence[Event], rules: FusionRules,
                    published: Mapping[str, str | None],
                    features: Features | None = None) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, a superset of every pair that can link; no repeats.

    Each pair found by the indexes is kept only if its points bound
    (``Features.may_link``) reaches the threshold.
    """
    feats = features or Features(evs, rules, published)
    types = feats.types
    by_doc: dict[str, list[int]] = {}
    for i, e in enumerate(evs):
        by_doc.setdefault(e.doc_id, []).append(i)
    may_link = feats.may_link
    for idx in by_doc.values():
        for k, i in enumerate(idx):
            for j in idx[k + 1:]:
                if may_link(i, j):
                    yield (i, j) if i < j else (j, i)
    whens = [_when(e, published, rules) for e in evs]
    blind = [_blind(w) for w in whens]
    keyed = _blind_keys_suffice(rules)
    by_type: dict[str, list[int]] = {}
    for i, t in enumerate(types):
        by_type.setdefault(t, []).append(i)
    dated = {t: _Side([i for i in idx if not blind[i]], whens) for t, idx in by_type.items()}
    n = len(evs)
    seen: set[int] = set()

    def fresh(i: int, j: int) -> bool:
        key = i * n + j if i < j else j * n + i
        if key in seen:
            return False
        seen.add(key)
        return True

    names = sorted(by_type)
    for x, ta in enumerate(names):
        for tb in names[x:]:
            same = ta == tb
            if not same and rules.type_scope(ta, tb) not in ("any", "same_place"):
                continue  # never, unlisted, or a same_doc pair: no link across documents
            # (a same_place pair links only dated to one day at one place: the dated sweep
            # with its place anchor finds it; its bound counts it as a related pair)
            # one document's pairs were paired above; the check is the anchor and the bound
            check, vcheck = feats.cross_check(ta, tb), feats.slice_check(ta, tb)
            sides = dated[ta], None if same else dated[tb]
            for i, j in _checked(_overlap_slices(*sides, whens), check, vcheck):
                yield (i, j) if i < j else (j, i)
            for i, j in _month_day_pairs(dated[ta], dated[tb], same, whens,
                                         rules.date_slack_days):
                if check(i, j) and fresh(i, j):
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
            check, vcheck = feats.cross_check(ta, ta), feats.slice_check(ta, ta)
            for i, j in _blind_pairs(b_side, d_side):
                if check(i, j) and fresh(i, j):
                    yield (i, j) if i < j else (j, i)
            for i, j in _checked(_blind_slices(b_side, d_side, whens), check, vcheck):
                if fresh(i, j):
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
