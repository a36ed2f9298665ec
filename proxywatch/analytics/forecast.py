"""Probabilistic forecasts of attacks and their rolling-origin evaluation.

The model is the daily Hawkes of :mod:`.daily` (piecewise background, self-
excitation, negative-binomial noise). At every origin day t (data up to t-1)
it gives P(at least one attack in days t..t+h-1). With no cross-excitation
that probability is exact: with no new events the intensity just decays,
lam(t+k) = mu + alpha q^k X(t), so P(none) is a product of daily zero
probabilities. Count intervals for 7 days come from simulated paths.

Reference forecasts, all Poisson with a rate floor of ``RATE_FLOOR`` a day:
climatology (mean of all days before t), persistence (yesterday's count)
and a 7-day moving average. All probabilities are clipped to
[``P_CLIP``, 1 - ``P_CLIP``] before the log score, for every method alike.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from ..errors import AnalysisError
from .calibrate import calibrate, expected_totals, nb_interval, nb_pit
from .daily import (
    DailyFit,
    DailyParams,
    fit_daily,
    kernel_filter,
    level_drift,
    logpmf,
    prob_zero,
    simulate_paths,
)

Array = NDArray[np.float64]
RATE_FLOOR = 0.01
P_CLIP = 0.005
BASELINES = ("climatology", "persistence", "ma7")


def prob_any(params: DailyParams, y: Array, horizon: int) -> Array:
    """P(at least one event in each of the next ``horizon`` days) after every day of ``y``.

    Returns (m, n): column t is the forecast for days t..t+h-1 from data up to t-1.
    Only exact for models without cross-excitation (the panel models).
    """
    m, n = y.shape
    mu = params.mu[:, -1][:, None]
    logp0 = np.zeros((m, n))
    xs = np.zeros((m, n))
    qs = np.ones(m)
    for i in range(m):
        if params.mask[i, i] and params.alpha[i, i] > 0:
            qs[i] = float(np.exp(-params.beta[i, i]))
            xs[i] = params.alpha[i, i] * kernel_filter(y[i], qs[i])[0]
    for k in range(horizon):
        lam = mu + xs * (qs[:, None] ** k)
        logp0 += np.log(np.maximum(prob_zero(lam, params.size), 1e-300))
    return 1.0 - np.exp(logp0)


def baseline_rates(y: Array) -> dict[str, Array]:
    """Daily rates known at the start of each day (m, n), per reference method."""
    m, n = y.shape
    cum = np.concatenate([np.zeros((m, 1)), np.cumsum(y, axis=1)], axis=1)
    days = np.maximum(np.arange(n), 1)
    clim = cum[:, :n] / days
    pers = np.concatenate([np.zeros((m, 1)), y[:, :-1]], axis=1)
    lo = np.maximum(np.arange(n) - 7, 0)
    ma7 = (cum[:, np.arange(n)] - cum[:, lo]) / np.maximum(np.arange(n) - lo, 1)
    return {k: np.maximum(v, RATE_FLOOR) for k, v in (("climatology", clim), ("persistence", pers), ("ma7", ma7))}


def brier(p: Array, o: Array) -> float:
    return float(np.mean((p - o) ** 2))


def log_score(p: Array, o: Array) -> float:
    pc = np.clip(p, P_CLIP, 1 - P_CLIP)
    return float(np.mean(o * np.log(pc) + (1 - o) * np.log(1 - pc)))


def reliability(p: Array, o: Array, n_bins: int = 10) -> list[dict[str, float]]:
    edges = np.linspace(0, 1, n_bins + 1)
    idx = np.clip(np.digitize(p, edges) - 1, 0, n_bins - 1)
    out = []
    for b in range(n_bins):
        sel = idx == b
        if sel.any():
            out.append({"bin_low": float(edges[b]), "bin_high": float(edges[b + 1]), "n": int(sel.sum()),
                        "mean_forecast": float(p[sel].mean()), "observed_freq": float(o[sel].mean())})
    return out


@dataclass
class _Collect:
    p: dict[str, list[Array]]
    o: list[Array]

    def add(self, key: str, v: Array) -> None:
        self.p.setdefault(key, []).append(v)


def _coverage_from_pit(u: Array, levels: Sequence[float]) -> dict[str, float]:
    return {f"{int(lv * 100)}": float(np.mean((u >= (1 - lv) / 2) & (u <= (1 + lv) / 2))) for lv in levels}


def backtest(y: Array | Sequence[Sequence[float]], first_origin: int = 120, refit_every: int = 28,
             bin_days: int | None = 60, horizons: Sequence[int] = (1, 7), n_paths: int = 200,
             levels: Sequence[float] = (0.8, 0.9), seed: int = 0, tied: bool = True,
             level_uncertainty: bool = True, calib_days: int | None = None) -> dict[str, Any]:
    """Rolling-origin backtest on (m, n) daily counts (m series forecast separately, parameters pooled).

    The model is refitted every ``refit_every`` days on all days before the
    origin (expanding window); in between, its state follows the observed counts.
    Count intervals come from the horizon-calibrated negative binomial of
    :mod:`.calibrate` (``count_interval_coverage``) and, when ``n_paths`` > 0,
    also from simulated paths (``count_interval_coverage_simulated``).
    """
    arr = np.atleast_2d(np.asarray(y, dtype=float))
    m, n = arr.shape
    H = max(horizons)
    if first_origin + H >= n:
        raise AnalysisError("series too short for the requested backtest")
    rng = np.random.default_rng(seed)
    base = baseline_rates(arr)
    coll = {h: _Collect({}, []) for h in horizons}
    count_ll: dict[str, list[Array]] = {}
    pits: dict[int, list[Array]] = {h: [] for h in horizons}
    closed: dict[int, list[Array]] = {h: [] for h in horizons}
    fits: list[dict[str, Any]] = []
    cal_pit: dict[int, list[Array]] = {h: [] for h in horizons}
    cal_closed: dict[int, list[Array]] = {h: [] for h in horizons}
    cal_ll: dict[int, list[Array]] = {h: [] for h in horizons}
    cum = np.concatenate([np.zeros((m, 1)), np.cumsum(arr, axis=1)], axis=1)
    for o in range(first_origin, n - H + 1, refit_every):
        fitted: DailyFit = fit_daily(arr[:, :o], bin_days=bin_days, nb=True, tied=tied)
        par = fitted.params
        fits.append({"origin": o, "level_drift": level_drift(par), "branching": float(np.max(np.diag(par.alpha * par.mask))),
                     "half_life_days": float(np.nanmax(np.diag(par.half_lives()))) if np.any(par.mask) else None,
                     "converged": fitted.converged})
        drift = level_drift(par) if level_uncertainty else 0.0
        ts = np.arange(o, min(o + refit_every, n - H + 1))
        spreads = {}
        for h in horizons:
            sp = calibrate(par, arr[:, :o], h, calib_days)
            spreads[str(h)] = sp.to_json()
            mean = expected_totals(par, arr, h)[:, ts]
            size = sp.size(mean)
            actual = np.stack([cum[:, t + h] - cum[:, t] for t in ts], axis=1)
            cal_pit[h].append(nb_pit(actual, mean, size, rng).ravel())
            cal_closed[h].append(np.array([((actual >= lo) & (actual <= hi)).ravel()
                                           for lo, hi in (nb_interval(mean, size, lv) for lv in levels)]))
            cal_ll[h].append(_nb_logpmf_arr(actual, mean, size).ravel())
        fits[-1]["spread"] = spreads
        # the model's state at each origin uses observed counts only up to the day before
        for h in horizons:
            p_model = prob_any(par, arr, h)[:, ts]
            obs = np.stack([(cum[:, t + h] - cum[:, t]) > 0 for t in ts], axis=1).astype(float)
            c = coll[h]
            c.o.append(obs)
            c.add("model", p_model)
            for k, rate in base.items():
                c.add(k, 1.0 - np.exp(-h * rate[:, ts]))
        lam1 = _one_step_mean(par, arr)[:, ts]
        y1 = arr[:, ts]
        count_ll.setdefault("model", []).append(logpmf(y1, lam1, par.size))
        for k, rate in base.items():
            count_ll.setdefault(k, []).append(stats.poisson.logpmf(y1, rate[:, ts]))
        for t in (ts if n_paths > 0 else ()):
            paths = simulate_paths(par, arr[:, :t], H, n_paths, rng, level_sd=drift)  # (P, m, H)
            for h in horizons:
                tot = paths[:, :, :h].sum(axis=2)  # (P, m)
                actual = cum[:, t + h] - cum[:, t]
                below = (tot < actual[None, :]).mean(axis=0)
                at = (tot == actual[None, :]).mean(axis=0)
                pits[h].append(below + rng.random(m) * at)
                qlo = {lv: np.quantile(tot, (1 - lv) / 2, axis=0) for lv in levels}
                qhi = {lv: np.quantile(tot, (1 + lv) / 2, axis=0) for lv in levels}
                closed[h].append(np.array([(actual >= qlo[lv]) & (actual <= qhi[lv]) for lv in levels]))
    out: dict[str, Any] = {"series": m, "days": n, "first_origin": first_origin, "refit_every": refit_every,
                           "bin_days": bin_days, "refits": fits, "horizons": {}}
    for h in horizons:
        c = coll[h]
        o_all = np.concatenate(c.o, axis=1).ravel()
        probs = {k: np.concatenate(v, axis=1).ravel() for k, v in c.p.items()}
        scores: dict[str, dict[str, float | None]] = {k: {"brier": brier(p, o_all), "log_score": log_score(p, o_all)} for k, p in probs.items()}
        for k in scores:
            for ref in BASELINES:
                if ref != k:
                    bk, br = scores[k]["brier"], scores[ref]["brier"]
                    scores[k][f"bss_vs_{ref}"] = 1.0 - bk / br if bk is not None and br else None
        cu = np.concatenate(cal_pit[h])
        ccl = np.concatenate(cal_closed[h], axis=1)
        out["horizons"][str(h)] = {
            "n_forecasts": len(o_all), "base_rate": float(o_all.mean()), "scores": scores,
            "reliability": reliability(probs["model"], o_all),
            "count_interval_coverage": {"randomized": _coverage_from_pit(cu, levels),
                                        "closed": {f"{int(lv * 100)}": float(ccl[k].mean())
                                                   for k, lv in enumerate(levels)}},
            "count_log_score_calibrated": float(np.mean(np.concatenate(cal_ll[h]))),
        }
        if pits[h]:
            u = np.concatenate(pits[h])
            cl = np.concatenate(closed[h], axis=1)
            out["horizons"][str(h)]["count_interval_coverage_simulated"] = {
                "randomized": _coverage_from_pit(u.ravel(), levels),
                "closed": {f"{int(lv * 100)}": float(cl[k].mean()) for k, lv in enumerate(levels)}}
    out["horizons"]["1"]["count_log_score"] = {k: float(np.mean(np.concatenate(v, axis=1)))
                                               for k, v in count_ll.items()} if "1" in out["horizons"] else None
    return out


def _nb_logpmf_arr(y: Array, mean: Array, size: Array) -> Array:
    from scipy import special

    return (special.gammaln(y + size) - special.gammaln(size) - special.gammaln(y + 1.0)
            + size * np.log(size / (size + mean)) + y * np.log(mean / (size + mean)))


def _one_step_mean(params: DailyParams, y: Array) -> Array:
    """Mean for every day given the days before, with the last fitted background held."""
    m, n = y.shape
    lam = np.repeat(params.mu[:, -1][:, None], n, axis=1)
    for i in range(m):
        for j in range(m):
            if params.mask[i, j] and params.alpha[i, j] > 0:
                lam[i] += params.alpha[i, j] * kernel_filter(y[j], float(np.exp(-params.beta[i, j])))[0]
    return lam
