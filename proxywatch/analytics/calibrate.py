"""Count forecasts over h days with a horizon-calibrated negative-binomial spread.

The daily model's own noise (NB size per day, plus a log-normal background
drift) gave too narrow 7-day intervals on bursty series (US air actions,
country totals): days inside a campaign are not independent draws around a
held background. Here the h-day total gets its own predictive law,

    Y[t .. t+h-1] ~ NegBin(mean = M_h(t), size = r_h)    (NB2)
    or           ~ NegBin(mean = M_h(t), size = M_h(t) / phi_h)    (NB1),

with M_h the model's exact expected total (the linear recursion of the
expected filter state, so excitation within the horizon counts) and r_h /
phi_h fitted on the training days by maximum likelihood. The training means
are pseudo-out-of-sample: each day uses the background of the bin *before*
its own, as a forecast does, so the fitted spread includes the background's
drift and not only the noise around a known level. The form (NB1 or NB2)
with the higher training likelihood is used.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, signal, special, stats

from .daily import DailyParams, bin_index

Array = NDArray[np.float64]


def expected_totals(params: DailyParams, y: Array, horizon: int, mu: Array | None = None) -> Array:
    """E[sum of the next ``horizon`` days] after every day of ``y`` (m, n): column t uses days < t.

    ``mu`` (m, n): the background used at each origin (default: the last fitted bin).
    """
    m, n = y.shape
    base = np.repeat(params.mu[:, -1][:, None], n, axis=1) if mu is None else mu
    active = params.mask & (params.alpha > 0)
    qs = np.exp(-params.beta)
    # z[i, j, t] = sum_{s>=1} q^(s-1) y_j[t-s]: the filter state at the start of day t
    z = np.zeros((m, m, n))
    for i in range(m):
        for j in range(m):
            if active[i, j]:
                z[i, j] = signal.lfilter([0.0, 1.0], [1.0, -qs[i, j]], y[j])
    coef = np.where(active, params.alpha * (1.0 - qs), 0.0)
    total = np.zeros((m, n))
    for _ in range(horizon):
        lam = base + np.einsum("ij,ijt->it", coef, z)
        total += lam
        z = qs[:, :, None] * z + lam[None, :, :]
    return np.maximum(total, 1e-9)


def pseudo_oos_background(params: DailyParams, n: int) -> Array | None:
    """Background each training day would have been forecast with: the previous bin's (None: one bin)."""
    if params.mu.shape[1] < 2:
        return None
    bins = bin_index(n, params.bin_days)
    return params.mu[:, np.maximum(bins - 1, 0)]


@dataclass(frozen=True)
class Spread:
    form: str  # nb1 | nb2
    value: float  # r_h (nb2) or phi_h (nb1)
    loglik: float

    def size(self, mean: Array) -> Array:
        return np.full_like(mean, self.value) if self.form == "nb2" else np.maximum(mean / self.value, 1e-6)

    def to_json(self) -> dict[str, float | str]:
        return {"form": self.form, "value": self.value, "loglik": self.loglik}


def _nb_ll(y: Array, mean: Array, size: Array) -> float:
    return float(np.sum(special.gammaln(y + size) - special.gammaln(size) - special.gammaln(y + 1.0)
                        + size * np.log(size / (size + mean)) + y * np.log(mean / (size + mean))))


def fit_spread(totals: Array, means: Array) -> Spread:
    """ML spread of observed h-day totals around their forecast means, NB1 and NB2; the better one."""
    y, mu = np.asarray(totals, float).ravel(), np.maximum(np.asarray(means, float).ravel(), 1e-9)
    best: Spread | None = None
    for form in ("nb2", "nb1"):
        def nll(lv: float, form: str = form) -> float:
            v = float(np.exp(lv))
            size = np.full_like(mu, v) if form == "nb2" else np.maximum(mu / v, 1e-6)
            return -_nb_ll(y, mu, size)
        res = optimize.minimize_scalar(nll, bounds=(np.log(1e-3), np.log(1e4)), method="bounded")
        cand = Spread(form, float(np.exp(res.x)), -float(res.fun))
        if best is None or cand.loglik > best.loglik:
            best = cand
    assert best is not None
    return best


def calibrate(params: DailyParams, y: Array, horizon: int, recent_days: int | None = None) -> Spread:
    """Fit the h-day spread on the training counts ``y`` (m, n) of a fitted model.

    ``recent_days``: only the last so many training origins (the spread itself drifts).
    """
    m, n = y.shape
    mu = pseudo_oos_background(params, n)
    means = expected_totals(params, y, horizon, mu)
    cum = np.concatenate([np.zeros((m, 1)), np.cumsum(y, axis=1)], axis=1)
    t = np.arange(min(14, n // 4), n - horizon + 1)
    if params.bin_days and mu is not None:
        t = t[t >= params.bin_days]  # the first bin has no earlier background to forecast with
    if recent_days:
        t = t[t >= n - horizon + 1 - recent_days]
    if len(t) < 10:
        t = np.arange(0, n - horizon + 1)
    totals = cum[:, t + horizon] - cum[:, t]
    return fit_spread(totals, means[:, t])


def nb_pit(y: Array, mean: Array, size: Array, rng: np.random.Generator) -> Array:
    p = size / (size + mean)
    lo = stats.nbinom.cdf(y - 1, size, p)
    hi = stats.nbinom.cdf(y, size, p)
    return lo + rng.random(np.shape(y)) * (hi - lo)


def nb_interval(mean: Array, size: Array, level: float) -> tuple[Array, Array]:
    p = size / (size + mean)
    return (stats.nbinom.ppf((1 - level) / 2, size, p), stats.nbinom.ppf((1 + level) / 2, size, p))
