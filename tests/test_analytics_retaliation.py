import numpy as np

from proxywatch.analytics.daily import DailyParams, simulate_paths
from proxywatch.analytics.retaliation import _groups, place_retaliation


def _panel(c: int, n: int, a_ins_air: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Cells sharing dynamics; air actions set off insurgent attacks in their own cell only."""
    m = 2 * c
    alpha = np.zeros((m, m))
    beta = np.ones((m, m))
    for (i, j), g in _groups(c).items():
        alpha[i, j] = (0.3, a_ins_air, 0.0, 0.1)[g]
        beta[i, j] = 0.7
    mask = alpha > 0
    mu = np.concatenate([np.full(c, 1.0), np.full(c, 0.25)])[:, None]
    par = DailyParams(mu, alpha, beta, np.full(m, np.inf), None, mask)
    y = simulate_paths(par, np.zeros((m, 1)), n, 1, np.random.default_rng(seed))[0]
    return y[:c], y[c:]


def test_analytics_retaliation_finds_same_cell_cross_excitation_and_its_absence() -> None:
    ins, air = _panel(3, 400, 0.6, 1)
    out = place_retaliation(ins, air, [f"c{k}" for k in range(3)], bin_days=None)
    t = out["terms"]
    assert abs(t["ins<-air"]["branching"] - 0.6) < 0.2
    assert out["lr_tests"]["ins<-air"]["p_value"] < 0.001
    assert t["air<-ins"]["branching"] < 0.05 and out["lr_tests"]["air<-ins"]["p_value"] > 0.01
    assert abs(t["ins<-ins"]["branching"] - 0.3) < 0.1


def test_analytics_retaliation_no_cross_term_is_not_significant() -> None:
    ins, air = _panel(3, 400, 0.0, 2)
    out = place_retaliation(ins, air, [f"c{k}" for k in range(3)], bin_days=None)
    assert out["terms"]["ins<-air"]["branching"] < 0.15
    assert out["lr_tests"]["ins<-air"]["p_value"] > 0.01
