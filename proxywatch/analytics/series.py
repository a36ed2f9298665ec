"""Daily and weekly count series, grid panels, and the escalation index."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from numpy.typing import NDArray

from ..errors import AnalysisError, KnowledgeError
from .importers import CountInterval
from .records import IncidentRecord

Array = NDArray[np.float64]
DEFAULT_WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "escalation.yaml"


@dataclass(frozen=True)
class DailySeries:
    start: date
    counts: Array  # one value a day from ``start``; floats where counts are spread rates
    name: str = ""

    @property
    def end(self) -> date:
        return self.start + timedelta(days=len(self.counts) - 1)

    def day(self, i: int) -> date:
        return self.start + timedelta(days=i)

    def index(self, d: date) -> int:
        return (d - self.start).days

    def weekly(self) -> DailySeries:
        """Sums over whole 7-day weeks from ``start`` (a trailing partial week is dropped)."""
        n = len(self.counts) // 7
        return DailySeries(self.start, self.counts[: 7 * n].reshape(n, 7).sum(axis=1), self.name + ":weekly")

    def to_json(self, step: int = 1) -> dict[str, Any]:
        return {"name": self.name, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "step_days": step, "total": float(self.counts.sum()),
                "values": [float(v) if not float(v).is_integer() else int(v) for v in self.counts]}


def daily_counts(days: Iterable[date], start: date | None = None, end: date | None = None,
                 name: str = "", weights: Iterable[float] | None = None) -> DailySeries:
    ds = list(days)
    if not ds and (start is None or end is None):
        raise AnalysisError(f"series {name!r} has no events and no explicit span")
    lo = start or min(ds)
    hi = end or max(ds)
    if hi < lo:
        raise AnalysisError("series end is before its start")
    out = np.zeros((hi - lo).days + 1)
    w = list(weights) if weights is not None else [1.0] * len(ds)
    for d, wt in zip(ds, w):
        i = (d - lo).days
        if 0 <= i < len(out):
            out[i] += wt
    return DailySeries(lo, out, name)


def grid_panel(points: Sequence[tuple[date, float, float]], start: date, end: date, cell_deg: float = 1.0,
               min_events: int = 1) -> tuple[list[str], Array]:
    """Daily counts per lon/lat grid cell: (cell names, array (cells, days)).

    Cells are named ``lon:lat`` of their south-west corner; cells with fewer
    than ``min_events`` events in the span are left out.
    """
    n = (end - start).days + 1
    cells: dict[tuple[int, int], Array] = {}
    for d, lon, lat in points:
        i = (d - start).days
        if not 0 <= i < n:
            continue
        key = (int(np.floor(lon / cell_deg)), int(np.floor(lat / cell_deg)))
        if key not in cells:
            cells[key] = np.zeros(n)
        cells[key][i] += 1
    keys = sorted(k for k, v in cells.items() if v.sum() >= min_events)
    names = [f"{k[0] * cell_deg:g}:{k[1] * cell_deg:g}" for k in keys]
    arr = np.array([cells[k] for k in keys]) if keys else np.zeros((0, n))
    return names, arr


def spread_intervals(intervals: Sequence[CountInterval], name: str = "") -> DailySeries:
    """Expected daily rate implied by interval-censored counts (each total spread evenly over its days).

    This is a rate, not a reconstruction of daily counts: it only states that
    on average ``count / days`` attacks a day happened within each interval.
    """
    if not intervals:
        raise AnalysisError("no intervals")
    start, end = intervals[0].start, intervals[-1].end
    out = np.full((end - start).days + 1, np.nan)
    for iv in intervals:
        a, b = (iv.start - start).days, (iv.end - start).days
        out[a: b + 1] = iv.count / iv.days
    if np.any(np.isnan(out)):
        raise AnalysisError("intervals leave gaps")
    return DailySeries(start, out, name)


def group_counts(incidents: Iterable[IncidentRecord], by: str, start: date | None = None,
                 end: date | None = None) -> dict[str, DailySeries]:
    """Daily series per actor (top of lineage), dyad (actor>recipient) or type."""
    keyf: Callable[[IncidentRecord], str]
    if by == "actor":
        keyf = lambda r: r.actor[0] if r.actor else "?"
    elif by == "dyad":
        keyf = lambda r: f"{r.actor[0] if r.actor else '?'}>{r.recipient[0] if r.recipient else '?'}"
    elif by == "type":
        keyf = lambda r: r.type
    else:
        raise AnalysisError(f"unknown grouping {by!r} (actor | dyad | type)")
    recs = list(incidents)
    if not recs:
        return {}
    lo = start or min(r.day for r in recs)
    hi = end or max(r.day for r in recs)
    groups: dict[str, list[IncidentRecord]] = defaultdict(list)
    for r in recs:
        groups[keyf(r)].append(r)
    return {k: daily_counts([r.day for r in v], lo, hi, k, [r.count for r in v]) for k, v in sorted(groups.items())}


@dataclass(frozen=True)
class EscalationWeights:
    types: Mapping[str, float]
    modes: Mapping[str, float]
    status: Mapping[str, float]
    trigger_words: Mapping[str, str]
    version: int = 1

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "escalation.yaml") -> EscalationWeights:
        try:
            return cls({str(k): float(v) for k, v in data["types"].items()},
                       {str(k).lower(): float(v) for k, v in (data.get("modes") or {}).items()},
                       {str(k): float(v) for k, v in (data.get("status") or {}).items()},
                       {str(k): str(v) for k, v in (data.get("trigger_words") or {}).items()},
                       int(data.get("version", 1)))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise KnowledgeError(f"{source}: invalid escalation weights ({exc})") from exc

    @classmethod
    def load(cls, path: Path | str | None = None) -> EscalationWeights:
        try:
            if path is None:
                path = DEFAULT_WEIGHTS
            text = Path(path).read_text(encoding="utf-8")
            source = str(path)
            data = yaml.safe_load(text)
        except (OSError, yaml.YAMLError) as exc:
            raise KnowledgeError(f"cannot read escalation weights: {exc}") from exc
        if not isinstance(data, dict):
            raise KnowledgeError(f"{source}: expected a mapping")
        return cls.from_dict(data, source)

    def weight(self, type_: str, mode: str | None = None, status: str = "asserted") -> float:
        w = self.types.get(type_, 0.0)
        if mode:
            m = mode.lower()
            # the longest listed mode contained in the incident's mode wins ("ballistic-missile" over "missile")
            hits = [k for k in self.modes if k in m]
            if hits:
                w = self.modes[max(hits, key=len)]
        return w * self.status.get(status, 1.0)


def escalation_index(incidents: Iterable[IncidentRecord], weights: EscalationWeights,
                     start: date | None = None, end: date | None = None) -> DailySeries:
    recs = list(incidents)
    return daily_counts([r.day for r in recs], start, end, "escalation_index",
                        [weights.weight(r.type, r.mode) * r.count for r in recs])
