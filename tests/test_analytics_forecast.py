import numpy as np

from proxywatch.analytics import daily as D
from proxywatch.analytics import forecast as F


def _panel(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    mus = rng.uniform(0.05, 0.6, size=(8, 1))
    p = D.DailyParams(mus, np.eye(8) * 0.6, np.ones((8, 8)) * 0.4, np.full(8, 3.0), None, np.eye(8, dtype=bool))
    return D.simulate_paths(p, np.zeros((8, 30)), 320, 1, rng)[0]


def test_analytics_forecast_backtest_beats_persistence_and_ma7_on_self_exciting_data() -> None:
    res = F.backtest(_panel(1), first_origin=150, refit_every=60, bin_days=None, n_paths=100)
    for h in ("1", "7"):
        s = res["horizons"][h]["scores"]
        assert s["model"]["bss_vs_persistence"] > 0 and s["model"]["bss_vs_ma7"] > 0
        assert s["model"]["log_score"] > s["persistence"]["log_score"]
        assert s["model"]["log_score"] > s["ma7"]["log_score"]
        cov = res["horizons"][h]["count_interval_coverage"]["randomized"]
        assert abs(cov["80"] - 0.8) < 0.07 and abs(cov["90"] - 0.9) < 0.06


def test_analytics_forecast_prob_any_is_exact_for_silent_futures() -> None:
    p = D.DailyParams(np.array([[0.2]]), np.array([[0.5]]), np.array([[1.0]]), np.array([np.inf]), None,
                      np.ones((1, 1), dtype=bool))
    y = np.array([[0, 0, 3, 0, 0]], dtype=float)
    got = F.prob_any(p, y, 2)[0, 3]  # days 3 and 4, given counts of days 0..2
    x3 = 0.5 * (1 - np.exp(-1.0)) * (np.exp(-1.0) * 0 + 3)
    lam = [0.2 + x3, 0.2 + x3 * np.exp(-1.0)]
    assert np.isclose(got, 1 - np.exp(-sum(lam)))


def test_analytics_forecast_scores_and_reliability() -> None:
    p = np.array([0.1, 0.9, 0.8, 0.2])
    o = np.array([0.0, 1.0, 1.0, 0.0])
    assert np.isclose(F.brier(p, o), (0.01 + 0.01 + 0.04 + 0.04) / 4)
    assert F.log_score(p, o) > F.log_score(1 - p, o)
    rel = F.reliability(p, o, n_bins=2)
    assert [r["n"] for r in rel] == [2, 2] and rel[1]["observed_freq"] == 1.0
