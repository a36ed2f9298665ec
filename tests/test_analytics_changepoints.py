from datetime import date, timedelta
from pathlib import Path

import numpy as np

from proxywatch.analytics import changepoints as C
from proxywatch.analytics import importers as I
from proxywatch.analytics.importers import CountInterval
from proxywatch.analytics.series import DailySeries


def test_analytics_changepoints_find_a_rate_drop_within_days() -> None:
    rng = np.random.default_rng(0)
    y = np.concatenate([rng.poisson(6.0, 100), rng.poisson(1.5, 80)]).astype(float)
    found = C.detect(DailySeries(date(2020, 1, 1), y, "x"))
    assert len(found) == 1
    assert abs(found[0].index - 100) <= 3
    assert found[0].day == date(2020, 1, 1) + timedelta(days=found[0].index)
    assert found[0].rate_after < found[0].rate_before


def test_analytics_changepoints_stay_quiet_on_a_flat_series() -> None:
    y = np.random.default_rng(1).poisson(4.0, 200).astype(float)
    assert C.detect(DailySeries(date(2020, 1, 1), y)) == []


def test_analytics_changepoints_pause_is_found_from_silence() -> None:
    ivs = [CountInterval(date(2024, 1, 1), date(2024, 1, 10), 20.0, "exact", False, ("u",)),
           CountInterval(date(2024, 1, 11), date(2024, 1, 31), 0.0, "reported_none", False, ("v",))]
    det = C.detect_pause(ivs)
    # 2 a day: P(3 silent days) = e^-6 < 0.01 but P(2) = e^-4 > 0.01
    assert det[0].detected_on == date(2024, 1, 13) and det[0].lag_days == 3
    slower = C.detect_pause(ivs, size=0.5)
    assert slower[0].lag_days is not None and slower[0].lag_days > 3


def test_analytics_changepoints_campaign_pause_after_4_feb_2024(shared: Path) -> None:
    d = shared / "data" / "us_forces_2023_2024"
    ivs = I.campaign_intervals(I.read_cumulative_counts(d / "pentagon_cumulative_attack_counts.csv"),
                               I.read_key_events(d / "key_events_2023_2024.csv"))
    det = C.detect_pause(ivs)
    assert det[0].last_activity == date(2024, 2, 4)
    assert det[0].detected_on is not None and det[0].lag_days is not None
    assert 1 <= det[0].lag_days <= 5
