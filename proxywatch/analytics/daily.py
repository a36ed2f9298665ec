"""A Hawkes process observed in daily counts (discrete-time, exponential kernel).

Real event data come as days, many events to a day (SIGACTs) or only as
interval totals (the 2023-24 campaign), so event times inside a day are
unknown. Instead of inventing them we model the counts:

    Y[i, t] ~ NegBin(mean = lam[i, t], size = r_i)        (or Poisson)
    lam[i, t] = mu[i, bin(t)] + sum_j alpha[i, j] * X[i, j, t]
    X[i, j, t] = sum_{s >= 1} (1 - q) q^(s - 1) Y[j, t - s],   q = exp(-beta[i, j])

The lag weights sum to one, so ``alpha`` keeps its meaning of a branching
ratio and ``ln 2 / beta`` is the half-life in days. ``X`` is a first-order
recursive filter (``scipy.signal.lfilter``): O(n) per pair, and so is its
derivative in ``q``, which gives the analytic gradient. ``mu`` is piecewise
constant on bins of ``bin_days`` days counted back from the last day (so the
most recent bin, which drives forecasts, is always full).

Same-day excitation is not identifiable at daily resolution; it shows up as
over-dispersion and is absorbed by the negative-binomial size ``r``.

For a panel (many places with the same dynamics) ``tied=True`` keeps one
self-excitation ``alpha``/``beta`` for all series and no cross terms.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, signal, special, stats

from ..errors import AnalysisError

Array = NDArray[np.float64]
WARMUP = 14  # days of history before the likelihood starts counting


def bin_index(n_days: int, bin_days: int | None) -> NDArray[np.intp]:
    """Bin of each day; bins are counted back from the last day."""
    if not bin_days or bin_days >= n_days:
        return np.zeros(n_days, dtype=np.intp)
    back = (n_days - 1 - np.arange(n_days)) // bin_days
    return (back.max() - back).astype(np.intp)


def kernel_filter(y: Array, q: float) -> tuple[Array, Array]:
    """X_t = sum_{s>=1} (1-q) q^(s-1) y_{t-s} along the last axis, and dX/dq."""
    z = signal.lfilter([0.0, 1.0], [1.0, -q], y, axis=-1)
    dz = signal.lfilter([0.0, 1.0], [1.0, -q], z, axis=-1)
    return (1.0 - q) * z, -z + (1.0 - q) * dz


@dataclass(frozen=True)
class DailyParams:
    mu: Array  # (m, K)
    alpha: Array  # (m, m)
    beta: Array  # (m, m); ignored where alpha is structurally zero
    size: Array  # (m,) negative-binomial size; inf = Poisson
    bin_days: int | None
    mask: NDArray[np.bool_] = field(default_factory=lambda: np.ones((1, 1), dtype=bool))

    @property
    def dim(self) -> int:
        return int(self.mu.shape[0])

    def half_lives(self) -> Array:
        return np.where(self.mask, np.log(2.0) / self.beta, np.nan)

    def spectral_radius(self) -> float:
        return float(np.max(np.abs(np.linalg.eigvals(self.alpha * self.mask))))

    def intensity(self, y: Array) -> Array:
        """One-step-ahead mean for every day of ``y`` (m, n) given the days before."""
        m, n = y.shape
        bins = bin_index(n, self.bin_days)
        if self.mu.shape[1] == 1:
            bins = np.zeros(n, dtype=np.intp)
        elif int(bins.max()) + 1 != self.mu.shape[1]:
            raise AnalysisError("series length does not match the fitted background bins")
        lam = self.mu[:, bins].copy()
        for i in range(m):
            for j in range(m):
                if self.mask[i, j] and self.alpha[i, j] > 0:
                    x, _ = kernel_filter(y[j], float(np.exp(-self.beta[i, j])))
                    lam[i] += self.alpha[i, j] * x
        return lam

    def to_json(self, names: Sequence[str] | None = None) -> dict[str, Any]:
        names = list(names) if names else [f"d{i}" for i in range(self.dim)]
        hl = self.half_lives()
        return {
            "dims": names,
            "baseline_last": self.mu[:, -1].tolist(),
            "baseline_range": [[float(r.min()), float(r.max())] for r in self.mu],
            "baseline_bins": int(self.mu.shape[1]),
            "bin_days": self.bin_days,
            "branching": (self.alpha * self.mask).tolist(),
            "half_life_days": [[None if np.isnan(v) else float(v) for v in row] for row in hl],
            "nb_size": [None if np.isinf(s) else float(s) for s in self.size],
            "spectral_radius": self.spectral_radius(),
        }


def _nb_logpmf(y: Array, lam: Array, r: Array) -> Array:
    return (special.gammaln(y + r) - special.gammaln(r) - special.gammaln(y + 1.0)
            + r * np.log(r / (r + lam)) + y * np.log(lam / (r + lam)))


def _pois_logpmf(y: Array, lam: Array) -> Array:
    return y * np.log(lam) - lam - special.gammaln(y + 1.0)


def logpmf(y: Array, lam: Array, size: Array) -> Array:
    """Per-cell log predictive probability; ``size`` broadcasts over rows."""
    r = np.broadcast_to(np.asarray(size, dtype=float).reshape(-1, *([1] * (lam.ndim - 1))), lam.shape)
    out = np.empty_like(lam)
    pois = np.isinf(r)
    out[pois] = _pois_logpmf(y[pois], lam[pois])
    out[~pois] = _nb_logpmf(y[~pois], lam[~pois], r[~pois])
    return out


def prob_zero(lam: Array, size: Array) -> Array:
    r = np.broadcast_to(np.asarray(size, dtype=float).reshape(-1, *([1] * (lam.ndim - 1))), lam.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        nb = np.exp(r * np.log(r / (r + lam)))
    return np.where(np.isinf(r), np.exp(-lam), nb)


class _Problem:
    def __init__(self, y: Array, bin_days: int | None, mask: NDArray[np.bool_], tied: bool,
                 nb: bool, excite: bool, groups: Mapping[tuple[int, int], int] | None = None) -> None:
        self.y = y
        self.m, self.n = y.shape
        self.bins = bin_index(self.n, bin_days)
        self.K = int(self.bins.max()) + 1
        self.mask = mask & excite
        self.tied = tied
        self.nb = nb
        self.pairs = [(i, j) for i in range(self.m) for j in range(self.m) if self.mask[i, j]]
        # which shared (alpha, beta) each pair uses: one for all (tied), one each, or given groups
        if groups is not None:
            self.group = [groups[p] for p in self.pairs]
        else:
            self.group = [0 if tied else k for k in range(len(self.pairs))]
        self.n_exc = max(self.group) + 1 if self.pairs else 0
        self.live = np.arange(self.n) >= min(WARMUP, self.n // 4)
        self.kmask = np.zeros((self.K, self.n))
        self.kmask[self.bins, np.arange(self.n)] = 1.0
        self.kmask *= self.live

    def n_theta(self) -> int:
        return self.m * self.K + 2 * self.n_exc + (self.m if self.nb else 0)

    def unpack(self, theta: Array) -> tuple[Array, Array, Array, Array]:
        p = np.exp(theta)
        mK = self.m * self.K
        mu = p[:mK].reshape(self.m, self.K)
        alpha = np.zeros((self.m, self.m))
        beta = np.ones((self.m, self.m))
        a = p[mK: mK + self.n_exc]
        b = p[mK + self.n_exc: mK + 2 * self.n_exc]
        for k, (i, j) in enumerate(self.pairs):
            alpha[i, j] = a[self.group[k]]
            beta[i, j] = b[self.group[k]]
        size = p[mK + 2 * self.n_exc:] if self.nb else np.full(self.m, np.inf)
        return mu, alpha, beta, size

    def __call__(self, theta: Array) -> tuple[float, Array]:
        mu, alpha, beta, size = self.unpack(theta)
        y, live = self.y, self.live
        lam = mu[:, self.bins].copy()
        filt: dict[tuple[int, int], tuple[Array, Array]] = {}
        for (i, j) in self.pairs:
            q = float(np.exp(-beta[i, j]))
            filt[(i, j)] = kernel_filter(y[j], q)
            lam[i] += alpha[i, j] * filt[(i, j)][0]
        lam = np.maximum(lam, 1e-12)
        if self.nb:
            r = size[:, None]
            ll = float(np.sum(_nb_logpmf(y, lam, r)[:, live]))
            g_lam = y / lam - (y + r) / (r + lam)
            dr = (special.digamma(y + r) - special.digamma(r) + np.log(r / (r + lam))
                  + 1.0 - (y + r) / (r + lam))
            g_size = np.sum(dr[:, live], axis=1) * size
        else:
            ll = float(np.sum(_pois_logpmf(y, lam)[:, live]))
            g_lam = y / lam - 1.0
            g_size = np.zeros(0)
        g_lam = g_lam * live
        g_mu = (g_lam @ self.kmask.T) * mu
        ga = np.zeros(self.n_exc)
        gb = np.zeros(self.n_exc)
        for k, (i, j) in enumerate(self.pairs):
            x, dxdq = filt[(i, j)]
            q = float(np.exp(-beta[i, j]))
            idx = self.group[k]
            ga[idx] += float(g_lam[i] @ x) * alpha[i, j]
            gb[idx] += float(g_lam[i] @ dxdq) * alpha[i, j] * (-q) * beta[i, j]
        grad = np.concatenate([g_mu.ravel(), ga, gb, g_size])
        return -ll, -grad


@dataclass(frozen=True)
class DailyFit:
    params: DailyParams
    loglik: float
    n_obs: int
    n_params: int
    converged: bool

    @property
    def aic(self) -> float:
        return 2 * self.n_params - 2 * self.loglik

    @property
    def bic(self) -> float:
        return self.n_params * float(np.log(max(self.n_obs, 1))) - 2 * self.loglik

    def to_json(self, names: Sequence[str] | None = None) -> dict[str, Any]:
        out = self.params.to_json(names)
        out.update({"loglik": self.loglik, "aic": self.aic, "bic": self.bic, "n_obs": self.n_obs,
                    "n_params": self.n_params, "converged": self.converged})
        return out


def fit_daily(y: Array | Sequence[Sequence[float]], bin_days: int | None = None, nb: bool = True,
              excite: bool = True, tied: bool = False, mask: NDArray[np.bool_] | None = None,
              max_iter: int = 1000, groups: Mapping[tuple[int, int], int] | None = None) -> DailyFit:
    """Fit by maximum likelihood. ``y``: (m, n) daily counts (floats allowed: quasi-likelihood).

    ``excite=False`` gives the Poisson / negative-binomial baseline with the
    same background; ``mask[i, j]`` allows excitation of i by j. ``groups``
    maps each allowed pair (i, j) to a shared parameter index (panels whose
    cells share their dynamics); the pairs it lists become the mask.
    """
    arr = np.atleast_2d(np.asarray(y, dtype=float))
    m, n = arr.shape
    if n < 2 * WARMUP:
        raise AnalysisError(f"need at least {2 * WARMUP} days of counts, got {n}")
    if np.any(arr < 0) or not np.all(np.isfinite(arr)):
        raise AnalysisError("counts must be finite and non-negative")
    if groups is not None:
        mask = np.zeros((m, m), dtype=bool)
        for (i, j) in groups:
            mask[i, j] = True
    if mask is None:
        mask = np.eye(m, dtype=bool) if tied or m > 3 else np.ones((m, m), dtype=bool)
    prob = _Problem(arr, bin_days, mask.astype(bool), tied, nb, excite, groups)
    live = prob.live
    mean = np.maximum(arr[:, live].mean(axis=1), 1e-3)
    bins_mean = np.array([[max(float(arr[i, live & (prob.bins == k)].mean()) if np.any(live & (prob.bins == k))
                               else mean[i], 1e-3) for k in range(prob.K)] for i in range(m)])
    theta0 = [np.log(0.7 * bins_mean).ravel(), np.full(prob.n_exc, np.log(0.3)),
              np.full(prob.n_exc, np.log(0.5))]
    if nb:
        var = arr[:, live].var(axis=1)
        over = np.maximum(var - mean, 0.1 * mean)
        theta0.append(np.log(np.clip(mean ** 2 / over, 0.05, 1e3)))
    th0 = np.concatenate(theta0)
    bounds = ([(-25.0, 12.0)] * (m * prob.K) + [(-12.0, np.log(0.999))] * prob.n_exc
              + [(np.log(0.01), np.log(50.0))] * prob.n_exc + [(np.log(0.01), np.log(1e5))] * (m if nb else 0))
    res = optimize.minimize(prob, th0, jac=True, method="L-BFGS-B", bounds=bounds,
                            options={"maxiter": max_iter, "ftol": 1e-11})
    mu, alpha, beta, size = prob.unpack(res.x)
    params = DailyParams(mu, alpha, beta, size, bin_days, prob.mask.copy())
    return DailyFit(params, -float(res.fun), int(m * live.sum()), prob.n_theta(), bool(res.success))


def level_drift(params: DailyParams) -> float:
    """Spread of the log background from one bin to the next, pooled over series (0 with one bin)."""
    if params.mu.shape[1] < 3:
        return 0.0
    d = np.diff(np.log(np.maximum(params.mu, 1e-6)), axis=1)
    keep = params.mu[:, 1:] > 0.05  # near-empty series only add noise to the estimate
    return float(np.sqrt(np.mean(d[keep] ** 2))) if keep.any() else 0.0


def randomized_pit(y: Array, lam: Array, size: Array, rng: np.random.Generator) -> Array:
    """Randomised probability integral transform of counts: Uniform(0, 1) under a correct model."""
    r = np.broadcast_to(np.asarray(size, dtype=float).reshape(-1, *([1] * (lam.ndim - 1))), lam.shape)
    hi = np.empty_like(lam)
    lo = np.empty_like(lam)
    pois = np.isinf(r)
    hi[pois] = stats.poisson.cdf(y[pois], lam[pois])
    lo[pois] = stats.poisson.cdf(y[pois] - 1, lam[pois])
    rr = r[~pois]
    p = rr / (rr + lam[~pois])
    hi[~pois] = stats.nbinom.cdf(y[~pois], rr, p)
    lo[~pois] = stats.nbinom.cdf(y[~pois] - 1, rr, p)
    return lo + rng.random(lam.shape) * (hi - lo)


def pit_test(y: Array, params: DailyParams, seed: int = 0) -> list[dict[str, float]]:
    """KS test of the randomised PIT per series (the daily analogue of time rescaling)."""
    lam = params.intensity(y)
    n = y.shape[1]
    live = np.arange(n) >= min(WARMUP, n // 4)
    u = randomized_pit(np.round(y[:, live]), lam[:, live], params.size, np.random.default_rng(seed))
    out = []
    for row in u:
        ks = stats.kstest(row, "uniform")
        out.append({"ks_statistic": float(ks.statistic), "p_value": float(ks.pvalue), "n": len(row)})
    return out


def simulate_paths(params: DailyParams, history: Array, horizon: int, n_paths: int,
                   rng: np.random.Generator, scale: Array | None = None,
                   injections: Array | None = None, level_sd: float = 0.0) -> Array:
    """Sample (n_paths, m, horizon) future counts after ``history`` (m, n).

    ``scale`` (m, horizon) multiplies the whole intensity (a patron's restraint
    order is a scale below one); ``injections`` (m, horizon) adds events that
    happen for sure on those days (a hypothetical strike). ``level_sd``: the
    background of each path is multiplied by a log-normal factor with that
    spread (mean one), for the drift of the background the bins cannot foresee.
    """
    m = history.shape[0]
    qs = np.exp(-params.beta)
    active = params.mask & (params.alpha > 0)
    # filter state: z[i, j] = sum_{s>=1} q^(s-1) y_{t-s}, carried forward day by day
    z = np.zeros((m, m))
    for i in range(m):
        for j in range(m):
            if active[i, j]:
                zz = signal.lfilter([0.0, 1.0], [1.0, -qs[i, j]], np.append(history[j], 0.0))
                z[i, j] = zz[-1]
    zp = np.broadcast_to(z, (n_paths, m, m)).copy()
    out = np.zeros((n_paths, m, horizon))
    mu_last = params.mu[:, -1][None, :] * np.exp(rng.normal(-0.5 * level_sd ** 2, level_sd, (n_paths, m))) \
        if level_sd > 0 else params.mu[:, -1][None, :]
    coef = np.where(active, params.alpha * (1.0 - qs), 0.0)
    fin = np.isfinite(params.size)
    for t in range(horizon):
        lam = mu_last + np.einsum("ij,pij->pi", coef, zp)
        if scale is not None:
            lam = lam * scale[:, t][None, :]
        lam = np.maximum(lam, 1e-12)
        rate = lam.copy()
        if fin.any():
            # negative binomial = Poisson with a gamma-distributed rate
            rate[:, fin] = rng.gamma(params.size[fin], lam[:, fin] / params.size[fin])
        yt = rng.poisson(rate).astype(float)
        if injections is not None:
            yt += injections[:, t][None, :]
        out[:, :, t] = yt
        zp = qs[None, :, :] * zp + yt[:, None, :]
    return out
