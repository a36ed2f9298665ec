from datetime import date

import numpy as np
import pytest

from proxywatch.analytics import series as S
from proxywatch.analytics.importers import CountInterval
from proxywatch.analytics.records import IncidentRecord
from proxywatch.errors import KnowledgeError


def test_analytics_series_daily_and_weekly_counts() -> None:
    s = S.daily_counts([date(2024, 1, 1), date(2024, 1, 1), date(2024, 1, 9)], end=date(2024, 1, 15))
    assert len(s.counts) == 15 and s.counts[0] == 2 and s.counts[8] == 1
    assert s.weekly().counts.tolist() == [2.0, 1.0]


def test_analytics_series_groups_by_dyad_and_index_weights_modes() -> None:
    recs = [IncidentRecord("a", date(2024, 1, 1), "ASSAULT", ("irq.kh",), ("usa",), mode="ballistic-missile"),
            IncidentRecord("b", date(2024, 1, 2), "RETREAT", ("irq.kh",), ("usa",), mode="suspension"),
            IncidentRecord("c", date(2024, 1, 2), "ASSAULT", ("usa",), ("irq.kh",))]
    g = S.group_counts(recs, "dyad")
    assert set(g) == {"irq.kh>usa", "usa>irq.kh"} and g["irq.kh>usa"].counts.tolist() == [1.0, 1.0]
    w = S.EscalationWeights.load()
    idx = S.escalation_index(recs, w)
    assert idx.counts[0] == w.modes["ballistic-missile"]
    assert idx.counts[1] == w.modes["suspension"] + w.types["ASSAULT"]


def test_analytics_series_spread_intervals_is_a_rate() -> None:
    ivs = [CountInterval(date(2024, 1, 1), date(2024, 1, 4), 8.0, "exact", False, ()),
           CountInterval(date(2024, 1, 5), date(2024, 1, 5), 1.0, "exact", False, ())]
    s = S.spread_intervals(ivs)
    assert s.counts.tolist() == [2.0, 2.0, 2.0, 2.0, 1.0]


def test_analytics_series_grid_panel_drops_rare_cells() -> None:
    pts = [(date(2024, 1, 1), 44.3, 33.3)] * 3 + [(date(2024, 1, 2), 40.1, 30.1)]
    names, arr = S.grid_panel(pts, date(2024, 1, 1), date(2024, 1, 3), 1.0, min_events=2)
    assert names == ["44:33"] and arr.tolist() == [[3.0, 0.0, 0.0]]


def test_analytics_series_bad_weights_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "w.yaml"
    p.write_text("types: [1, 2]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        S.EscalationWeights.load(p)
    assert np.isfinite(S.EscalationWeights.load().weight("ASSAULT"))
