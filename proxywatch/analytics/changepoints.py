"""Change points in count series (ruptures PELT with a Poisson cost) and pause detection."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import ruptures as rpt
from numpy.typing import NDArray
from ruptures.base import BaseCost

from ..errors import AnalysisError
from .importers import CountInterval
from .records import IncidentRecord
from .series import DailySeries

Array = NDArray[np.float64]


class PoissonCost(BaseCost):  # type: ignore[misc]
    """Twice the negative Poisson log-likelihood of a constant-rate segment, over a dispersion.

    Dividing by the dispersion (quasi-Poisson) keeps over-dispersed counts,
    such as attacks, from being cut at every burst.
    """

    model = "poisson"

    def __init__(self, dispersion: float = 1.0, min_size: int = 2) -> None:
        self.dispersion = dispersion
        self.min_size = min_size
        self.cum = np.zeros(1)
        self.signal = np.zeros((0, 1))

    def fit(self, signal: Array) -> PoissonCost:
        y = np.asarray(signal, dtype=float).ravel()
        self.signal = y.reshape(-1, 1)  # ruptures reads the length from here
        self.cum = np.concatenate([[0.0], np.cumsum(y)])
        return self

    def error(self, start: int, end: int) -> float:
        s = self.cum[end] - self.cum[start]
        n = end - start
        if s <= 0:
            return 0.0
        return float(2.0 * (s - s * np.log(s / n)) / self.dispersion)


def dispersion(y: Array) -> float:
    """Robust over-dispersion of counts: variance of lag-1 differences over twice the mean.

    Differences remove slow trends, so a changing level does not pass for noise.
    """
    y = np.asarray(y, dtype=float)
    mean = float(y.mean())
    if mean <= 0 or len(y) < 3:
        return 1.0
    return max(1.0, float(np.var(np.diff(y))) / (2.0 * mean))


@dataclass(frozen=True)
class ChangePoint:
    day: date  # first day of the new regime
    index: int  # position in the series
    rate_before: float  # mean per step of the segment before
    rate_after: float

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "index": self.index, "rate_before": self.rate_before,
                "rate_after": self.rate_after, "ratio": self.rate_after / self.rate_before
                if self.rate_before > 0 else None}


def detect(series: DailySeries, step_days: int = 1, penalty: float | None = None,
           min_size: int = 2) -> list[ChangePoint]:
    """PELT change points of a count series with steps of ``step_days`` (7 for weekly).

    Penalty default: BIC-like ``2 log n`` per change (one rate and one location).
    """
    y = np.asarray(series.counts, dtype=float)
    if len(y) < 2 * min_size:
        raise AnalysisError("series too short for change-point detection")
    cost = PoissonCost(dispersion(y), min_size)
    pen = penalty if penalty is not None else 2.0 * float(np.log(len(y)))
    algo = rpt.Pelt(custom_cost=cost, min_size=min_size, jump=1).fit(y)
    bkps = [b for b in algo.predict(pen=pen) if b < len(y)]
    out = []
    edges = [0] + bkps + [len(y)]
    for k, b in enumerate(bkps):
        before = y[edges[k]: b]
        after = y[b: edges[k + 2]]
        out.append(ChangePoint(series.start + timedelta(days=b * step_days), b,
                               float(before.mean()), float(after.mean())))
    return out


def incidents_near(day: date, incidents: Iterable[IncidentRecord], window_days: int = 3) -> list[IncidentRecord]:
    return sorted((r for r in incidents if abs((r.day - day).days) <= window_days), key=lambda r: r.day)


@dataclass(frozen=True)
class PauseDetection:
    last_activity: date  # last day of the last interval with attacks
    detected_on: date | None  # first day by whose end the silence is significant
    lag_days: int | None  # silent days needed
    rate_before: float  # attacks a day before the pause (from the interval counts)
    p_value: float | None  # probability of that much silence at the earlier rate
    model: str

    def to_json(self) -> dict[str, Any]:
        return {"last_activity": self.last_activity.isoformat(),
                "detected_on": self.detected_on.isoformat() if self.detected_on else None,
                "lag_days": self.lag_days, "rate_before": self.rate_before, "p_value": self.p_value,
                "model": self.model}


def interval_nb_size(intervals: Sequence[CountInterval]) -> float:
    """Method-of-moments negative-binomial size of daily counts from interval totals."""
    c = np.array([iv.count for iv in intervals], dtype=float)
    L = np.array([iv.days for iv in intervals], dtype=float)
    if len(c) < 3 or c.sum() <= 0:
        return float("inf")
    lam = c.sum() / L.sum()
    excess = float(np.sum((c - lam * L) ** 2 - lam * L))
    return float("inf") if excess <= 0 else float(lam ** 2 * L.sum() / excess)


def detect_pause(intervals: Sequence[CountInterval], alpha: float = 0.01, window_days: int = 30,
                 size: float | None = None) -> list[PauseDetection]:
    """Silences that are improbable at the preceding attack rate, found day by day.

    For each interval reported with zero attacks after a positive one, the
    rate of the ``window_days`` before is estimated from the interval counts
    (floors such as "more than 170" make it a floor too, so detection is
    conservative), and the first silent day ``k`` with
    P(0 attacks in k days) < ``alpha`` is reported. ``size`` = daily
    negative-binomial size (None: Poisson; "nb" callers pass
    :func:`interval_nb_size`).
    """
    out = []
    for n, iv in enumerate(intervals):
        if iv.count > 0 or n == 0 or intervals[n - 1].count <= 0:
            continue
        last = intervals[n - 1].end
        lo = last - timedelta(days=window_days - 1)
        used = [x for x in intervals[:n] if x.end >= lo]
        days = sum((x.end - max(x.start, lo)).days + 1 for x in used)
        total = sum(x.count * ((x.end - max(x.start, lo)).days + 1) / x.days for x in used)
        rate = total / days if days else 0.0
        if rate <= 0:
            continue
        if size is None or np.isinf(size):
            logp0 = -rate
            model = "poisson"
        else:
            logp0 = size * float(np.log(size / (size + rate)))
            model = f"negative-binomial(size={size:.2f})"
        need = int(np.floor(np.log(alpha) / logp0)) + 1
        if need <= iv.days:
            out.append(PauseDetection(last, last + timedelta(days=need), need, rate,
                                      float(np.exp(logp0 * need)), model))
        else:
            out.append(PauseDetection(last, None, None, rate, float(np.exp(logp0 * iv.days)), model))
    return out
