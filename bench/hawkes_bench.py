"""Benchmark: fit time and parameter recovery of the continuous-time Hawkes MLE.

Prints figures; asserts nothing. Run: .venv/bin/python bench/hawkes_bench.py [n_events]
"""
from __future__ import annotations

import sys
import time

import numpy as np

from proxywatch.analytics import hawkes as H

MU = np.array([[0.05], [0.05]])
ALPHA = np.array([[0.3, 0.4], [0.4, 0.3]])
BETA = np.array([[2.0, 3.0], [3.0, 2.0]])


def main(target: int = 100_000) -> None:
    rate = float(np.sum(np.linalg.solve(np.eye(2) - ALPHA, MU[:, 0])))
    T = target / rate
    truth = H.HawkesParams(MU, ALPHA, BETA, np.array([0.0, T]))
    t0 = time.perf_counter()
    times = H.simulate(truth, np.random.default_rng(2024))
    t_sim = time.perf_counter() - t0
    n = sum(len(t) for t in times)
    t0 = time.perf_counter()
    fit = H.fit(times, T)
    t_fit = time.perf_counter() - t0
    p = fit.params
    errs = np.concatenate([(p.mu / MU - 1).ravel(), (p.alpha / ALPHA - 1).ravel(), (p.beta / BETA - 1).ravel()])
    gof = H.time_rescaling_test(times, p)
    print(f"events {n}  simulate {t_sim:.2f} s  fit {t_fit:.2f} s  iterations {fit.n_iter}  converged {fit.converged}")
    print(f"max relative error {np.abs(errs).max():.3f}  mean {np.abs(errs).mean():.3f}")
    print("branching", np.round(p.alpha, 3).tolist(), "half-lives", np.round(p.half_lives(), 3).tolist())
    print("time-rescaling KS p-values", [round(g["p_value"], 3) for g in gof])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
