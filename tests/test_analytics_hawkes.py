import numpy as np
import pytest
from scipy import optimize

from proxywatch.analytics import hawkes as H
from proxywatch.errors import AnalysisError

MU = np.array([[0.05], [0.05]])
ALPHA = np.array([[0.3, 0.4], [0.4, 0.3]])
BETA = np.array([[2.0, 3.0], [3.0, 2.0]])


def _truth(T: float) -> H.HawkesParams:
    return H.HawkesParams(MU, ALPHA, BETA, np.array([0.0, T]))


def test_analytics_hawkes_recovers_every_parameter_within_10_percent() -> None:
    T = 150_000.0
    times = H.simulate(_truth(T), np.random.default_rng(7))
    assert sum(len(t) for t in times) >= 10_000
    fit = H.fit(times, T)
    assert fit.converged
    p = fit.params
    for est, true in ((p.mu, MU), (p.alpha, ALPHA), (p.beta, BETA)):
        assert np.all(np.abs(est / true - 1) < 0.10), (est, true)


def test_analytics_hawkes_gradient_matches_finite_differences() -> None:
    T = 3000.0
    times = H.simulate(_truth(T), np.random.default_rng(1))
    prob = H._Problem(times, T, np.array([0.0, T]))
    theta = prob.pack(MU * 1.3, ALPHA * 0.8, BETA * 1.1)
    _, grad = prob(theta)
    num = optimize.approx_fprime(theta, lambda x: prob(x)[0], 1e-6)
    assert np.allclose(grad, num, rtol=1e-3, atol=1e-2)


def test_analytics_hawkes_time_rescaling_accepts_truth_and_rejects_poisson() -> None:
    T = 20_000.0
    times = H.simulate(_truth(T), np.random.default_rng(3))
    good = H.time_rescaling_test(times, _truth(T))
    assert all(g["p_value"] > 0.01 for g in good)
    rates = np.array([[len(t) / T] for t in times])
    poisson = H.HawkesParams(rates, np.full((2, 2), 1e-9), BETA, np.array([0.0, T]))
    bad = H.time_rescaling_test(times, poisson)
    assert all(b["p_value"] < 1e-6 for b in bad)


def test_analytics_hawkes_piecewise_background_is_recovered() -> None:
    T = 60_000.0
    mu = np.array([[0.02, 0.08]])
    truth = H.HawkesParams(mu, np.array([[0.5]]), np.array([[1.0]]), np.array([0.0, T / 2, T]))
    times = H.simulate(truth, np.random.default_rng(5))
    fit = H.fit(times, T, n_bins=2)
    assert np.all(np.abs(fit.params.mu / mu - 1) < 0.15)
    assert abs(fit.params.alpha[0, 0] - 0.5) < 0.05


def test_analytics_hawkes_refuses_explosive_and_empty_inputs() -> None:
    with pytest.raises(AnalysisError):
        H.simulate(H.HawkesParams(MU, ALPHA * 2, BETA, np.array([0.0, 10.0])), np.random.default_rng(0))
    with pytest.raises(AnalysisError):
        H.fit([np.array([1.0])], 10.0)
    with pytest.raises(AnalysisError):
        H.fit([np.array([1.0, 20.0])], 10.0)
