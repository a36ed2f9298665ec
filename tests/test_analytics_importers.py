from datetime import date
from pathlib import Path

import pytest

from proxywatch.analytics import importers as I
from proxywatch.errors import MalformedInput


def test_analytics_importers_campaign_counts_become_intervals(shared: Path) -> None:
    d = shared / "data" / "us_forces_2023_2024"
    counts = I.read_cumulative_counts(d / "pentagon_cumulative_attack_counts.csv")
    events = I.read_key_events(d / "key_events_2023_2024.csv")
    ivs = I.campaign_intervals(counts, events)
    assert ivs[0].start == date(2023, 10, 17)
    # contiguous, never overlapping: every day belongs to exactly one interval
    for a, b in zip(ivs, ivs[1:]):
        assert (b.start - a.end).days == 1
    active = [iv for iv in ivs if iv.end <= date(2024, 2, 4)]
    assert sum(iv.count for iv in active) == counts[-1].total
    pause = next(iv for iv in ivs if iv.precision == "reported_none")
    assert (pause.start, pause.end, pause.count) == (date(2024, 2, 5), date(2024, 4, 20), 0.0)
    assert all(iv.sources for iv in ivs)
    assert any(iv.lower_bound for iv in ivs)


def test_analytics_importers_sigacts_side_from_file_name(tmp_path: Path) -> None:
    p = tmp_path / "airstrikes_test.csv"
    p.write_text("date,longitude,latitude,type\n2007-03-01,44.1,33.2,SOF\n", encoding="utf-8")
    recs = I.read_sigacts(p)
    assert recs[0].side == "us_air" and recs[0].day == date(2007, 3, 1) and recs[0].type == "SOF"


def test_analytics_importers_reject_bad_rows(tmp_path: Path) -> None:
    p = tmp_path / "insurgencies_bad.csv"
    p.write_text("date,longitude,latitude,type\n2007-13-01,44.1,33.2,IED\n", encoding="utf-8")
    with pytest.raises(MalformedInput):
        I.read_sigacts(p)
    q = tmp_path / "counts.csv"
    q.write_text("as_of_date,cumulative_total,precision,source_url\n2023-11-01,10,exact,u\n"
                 "2023-11-05,8,exact,v\n", encoding="utf-8")
    with pytest.raises(MalformedInput):
        I.campaign_intervals(I.read_cumulative_counts(q))
