import numpy as np

from proxywatch.analytics.calibrate import expected_totals, fit_spread, nb_interval
from proxywatch.analytics.daily import DailyParams


def test_analytics_calibrate_fit_spread_recovers_negative_binomial_size() -> None:
    rng = np.random.default_rng(0)
    mean = rng.uniform(1, 20, 4000)
    size = 3.0
    y = rng.negative_binomial(size, size / (size + mean))
    sp = fit_spread(y, mean)
    assert sp.form == "nb2" and abs(sp.value - size) / size < 0.15
    lo, hi = nb_interval(mean, sp.size(mean), 0.8)
    cover = np.mean((y >= lo) & (y <= hi))
    assert 0.78 <= cover <= 0.9  # closed intervals of counts cover at least their level


def test_analytics_calibrate_expected_totals_include_excitation_within_the_horizon() -> None:
    par = DailyParams(np.array([[1.0]]), np.array([[0.5]]), np.array([[1.0]]), np.array([np.inf]), None,
                      np.ones((1, 1), dtype=bool))
    y = np.zeros((1, 200))
    tot = expected_totals(par, y, 7)
    # from an empty past, excitation adds to the background: more than 7 * mu, less than 7 * mu / (1 - alpha)
    assert 7.0 < tot[0, -1] < 14.0
    y[0, -1] = 30.0
    assert expected_totals(par, y, 1)[0, -1] == 1.0  # column t only sees days before t
    assert expected_totals(par, np.hstack([y, np.zeros((1, 1))]), 1)[0, -1] > 10.0
