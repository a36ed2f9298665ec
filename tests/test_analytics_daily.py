import numpy as np
from scipy import optimize

from proxywatch.analytics import daily as D


def _sim(alpha: float, n: int, seed: int, mu: float = 1.0, size: float = 4.0) -> np.ndarray:
    p = D.DailyParams(np.array([[mu]]), np.array([[alpha]]), np.array([[0.5]]), np.array([size]), None,
                      np.ones((1, 1), dtype=bool))
    return D.simulate_paths(p, np.zeros((1, 30)), n, 1, np.random.default_rng(seed))[0]


def test_analytics_daily_fit_recovers_branching_and_half_life() -> None:
    y = _sim(0.6, 6000, 2)
    f = D.fit_daily(y)
    assert abs(f.params.alpha[0, 0] - 0.6) < 0.06
    assert abs(f.params.half_lives()[0, 0] - np.log(2) / 0.5) < 0.3
    assert f.params.size[0] > 2.0


def test_analytics_daily_gradient_matches_finite_differences() -> None:
    y = np.vstack([_sim(0.5, 400, 1), _sim(0.3, 400, 2, mu=0.4)])
    prob = D._Problem(y, 100, np.ones((2, 2), dtype=bool), False, True, True)
    theta = np.random.default_rng(0).normal(-0.5, 0.3, prob.n_theta())
    _, g = prob(theta)
    num = optimize.approx_fprime(theta, lambda x: prob(x)[0], 1e-6)
    assert np.allclose(g, num, rtol=1e-3, atol=1e-2)


def test_analytics_daily_excitation_beats_negbin_baseline_only_when_present() -> None:
    clustered = _sim(0.7, 2000, 3, mu=0.5)
    flat = np.random.default_rng(4).poisson(1.5, 2000).astype(float)[None, :]
    for y, wins in ((clustered, True), (flat, False)):
        hawkes = D.fit_daily(y)
        nb = D.fit_daily(y, excite=False)
        assert (hawkes.aic < nb.aic - 10) is wins


def test_analytics_daily_background_bins_count_back_from_the_last_day() -> None:
    b = D.bin_index(10, 4)
    assert b.tolist() == [0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
