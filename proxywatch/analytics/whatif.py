"""What-if simulation: many futures from a fitted daily Hawkes after a hypothetical event.

Scenarios are inputs, not things the model learns: a patron's restraint
order (the Quds Force commander's 29 Jan 2024 meeting) halted a campaign
overnight; no self-exciting model fitted to the attacks before it can
foresee that, so it enters as a multiplier on the proxies' intensity.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import AnalysisError
from .daily import DailyFit, DailyParams, fit_daily, simulate_paths
from .importers import CountInterval, KeyEvent
from .series import spread_intervals

Array = NDArray[np.float64]
US_ACTION_TYPES = ("retaliation_strike", "self_defense_strike", "targeted_killing")


@dataclass(frozen=True)
class Scenario:
    name: str
    strikes: tuple[tuple[int, int, float], ...] = ()  # (day offset, dimension, events added)
    restraint: tuple[tuple[int, int, float], ...] = ()  # (from day offset, dimension, intensity factor)


def run(params: DailyParams, history: Array, scenario: Scenario, horizon: int = 30, n_paths: int = 2000,
        seed: int = 0, dim: int = 0) -> dict[str, Any]:
    """Distribution of the events of ``dim`` in the ``horizon`` days after ``history``."""
    m = params.dim
    if history.shape[0] != m:
        raise AnalysisError("history must have one row per model dimension")
    inj = np.zeros((m, horizon))
    for off, d, k in scenario.strikes:
        if 0 <= off < horizon:
            inj[d, off] += k
    scale = np.ones((m, horizon))
    for off, d, f in scenario.restraint:
        scale[d, max(off, 0):] *= f
    paths = simulate_paths(params, history, horizon, n_paths, np.random.default_rng(seed),
                           scale=scale, injections=inj)
    tot = paths[:, dim, :].sum(axis=1)
    hist_counts = np.bincount(tot.astype(int))
    return {"scenario": scenario.name, "horizon_days": horizon, "paths": n_paths,
            "mean": float(tot.mean()), "median": float(np.median(tot)),
            "q10": float(np.quantile(tot, 0.1)), "q90": float(np.quantile(tot, 0.9)),
            "p_zero": float(np.mean(tot == 0)),
            "daily_mean": paths[:, dim, :].mean(axis=0).round(3).tolist(),
            "histogram": {str(k): int(v) for k, v in enumerate(hist_counts) if v}}


def campaign_history(intervals: Sequence[CountInterval], events: Sequence[KeyEvent],
                     end: date | None = None) -> tuple[date, Array]:
    """Two daily rows from the campaign: attacks (interval totals spread evenly) and US strikes.

    Spreading gives a rate, not daily counts, so a fit on it is a
    quasi-likelihood fit (Poisson score equations on expected counts).
    """
    rate = spread_intervals(intervals, "attacks")
    stop = end or rate.end
    n = (stop - rate.start).days + 1
    if n < 1 or n > len(rate.counts):
        raise AnalysisError("end date outside the campaign intervals")
    strikes = np.zeros(n)
    for e in events:
        i = (e.day - rate.start).days
        if e.event_type in US_ACTION_TYPES and 0 <= i < n:
            strikes[i] += 1
    return rate.start, np.vstack([rate.counts[:n], strikes])


def fit_campaign(history: Array) -> DailyFit:
    """Bivariate quasi-Poisson daily Hawkes (attacks <-> strikes) with a constant background."""
    return fit_daily(history, bin_days=None, nb=False, excite=True)


def default_scenarios(restraint_factor: float = 0.05) -> list[Scenario]:
    return [
        Scenario("no intervention"),
        Scenario("US strike on day 0", strikes=((0, 1, 1.0),)),
        Scenario("US strike wave on day 0 (7 strikes)", strikes=((0, 1, 7.0),)),
        Scenario(f"patron restraint order on day 0 (proxy intensity x{restraint_factor:g})",
                 restraint=((0, 0, restraint_factor),)),
        Scenario("US strike wave and restraint order on day 0", strikes=((0, 1, 7.0),),
                 restraint=((0, 0, restraint_factor),)),
    ]


# said with every what-if answer: the restraint order is put in, not learned
RESTRAINT_NOTE = ("a restraint order is a scenario input: a sudden political halt cannot be learned "
                  "from the event stream")


def strike_restraint_scenarios(strikes: float, restraint: float) -> list[Scenario]:
    """The four scenarios the CLI and the REST API offer: none, US strikes, a patron's
    restraint order, both (all on day 0)."""
    return [Scenario("no intervention"),
            Scenario(f"US strikes ({strikes:g}) on day 0", strikes=((0, 1, strikes),)),
            Scenario(f"patron restraint order on day 0 (x{restraint:g})", restraint=((0, 0, restraint),)),
            Scenario("both", strikes=((0, 1, strikes),), restraint=((0, 0, restraint),))]


def day_after(start: date, history: Array) -> date:
    return start + timedelta(days=history.shape[1])
