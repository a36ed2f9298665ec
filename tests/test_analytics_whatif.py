import numpy as np

from proxywatch.analytics import daily as D
from proxywatch.analytics import whatif as W


def _model() -> D.DailyParams:
    # proxies (0) excited by themselves and by US strikes (1)
    return D.DailyParams(np.array([[0.5], [0.02]]), np.array([[0.4, 1.5], [0.05, 0.0]]),
                         np.array([[0.5, 0.3], [0.5, 1.0]]), np.array([np.inf, np.inf]), None,
                         np.ones((2, 2), dtype=bool))


def test_analytics_whatif_strike_raises_and_restraint_lowers_attacks() -> None:
    hist = np.zeros((2, 60))
    hist[0, -10:] = 2
    base = W.run(_model(), hist, W.Scenario("none"), n_paths=1500)
    strike = W.run(_model(), hist, W.Scenario("strike", strikes=((0, 1, 3.0),)), n_paths=1500)
    calm = W.run(_model(), hist, W.Scenario("calm", restraint=((0, 0, 0.1),)), n_paths=1500)
    assert strike["mean"] > base["mean"] + 2.0
    assert calm["mean"] < 0.2 * base["mean"]
    assert calm["p_zero"] > base["p_zero"]
    assert sum(base["histogram"].values()) == 1500 and base["q10"] <= base["median"] <= base["q90"]
