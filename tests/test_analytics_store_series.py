"""Observation series in the store (proxywatch/store/series.py) and the analytics' readers of them."""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from proxywatch.analytics import sources as S
from proxywatch.errors import AnalysisError, MalformedInput, StoreError
from proxywatch.store import open_store
from proxywatch.store.series import (
    Observation,
    delete_observations,
    observation_sources,
    observations,
    save_observations,
)
from proxywatch.store.sqlbase import migrations

D1, D2, D3 = date(2021, 5, 1), date(2021, 5, 2), date(2021, 5, 9)


def _rows() -> list[Observation]:
    return [Observation("event", D1, D1, "IED", 1.0, "insurgents", None, 33.1, 44.2, "exact"),
            Observation("event", D2, D2, "Airstrike", 1.0, "usa", None, 33.4, 43.9),
            Observation("interval", D2, D3, "attacks", 12.0, precision="at_least", lower_bound=True,
                        origin="https://example.org/a | https://example.org/b")]


@pytest.mark.parametrize("where", ["sqlite", "memory"])
def test_analytics_store_series_round_trip_replace_and_filters(tmp_path: Path, where: str) -> None:
    target = str(tmp_path / "pw.db") if where == "sqlite" else ":memory:"
    store = open_store(target)
    info = save_observations(store, "demo", _rows(), origin="hand-made")
    assert info.rows == 3
    assert observations(store, "demo") == _rows()
    assert [o.type for o in observations(store, "demo", kind="event")] == ["IED", "Airstrike"]
    # an interval overlapping the filter days is kept; an event outside them is not
    assert [o.type for o in observations(store, "demo", since=D3)] == ["attacks"]
    assert [o.type for o in observations(store, "demo", until=D1)] == ["IED"]
    save_observations(store, "demo", _rows()[:1])  # a re-import replaces the whole source
    assert len(observations(store, "demo")) == 1
    assert [s.source for s in observation_sources(store)] == ["demo"]
    assert delete_observations(store, "demo") == 1
    with pytest.raises(StoreError, match="import them first"):
        observations(store, "demo")
    store.close()


def test_analytics_store_series_migration_is_recorded_and_rejects_bad_rows(tmp_path: Path) -> None:
    names = [n for n, _ in migrations()]
    assert "0003_series" in names
    path = tmp_path / "pw.db"
    with open_store(path) as store:
        assert "0003_series" in store.applied_migrations()  # type: ignore[attr-defined]
        with pytest.raises(StoreError, match="before it starts"):
            save_observations(store, "bad", [Observation("interval", D3, D1, "attacks", 3.0)])
        with pytest.raises(StoreError, match="negative"):
            save_observations(store, "bad", [Observation("event", D1, D1, "IED", -1.0)])
        save_observations(store, "ok", _rows())
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM observations WHERE source = 'ok'").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM observations WHERE source = 'bad'").fetchone()[0] == 0
    conn.close()


def _write_sigacts(folder: Path) -> None:
    folder.mkdir()
    (folder / "insurgencies.csv").write_text("date,longitude,latitude,type\n2021-05-01,44.2,33.1,IED\n"
                                             "2021-05-03,44.3,33.2,SAF\n", encoding="utf-8")
    (folder / "airstrikes.csv").write_text("date,longitude,latitude,type\n2021-05-02,43.9,33.4,SOF\n",
                                           encoding="utf-8")
    (folder / "insurgencies_1999.csv").write_text("date,longitude,latitude,type\n1999-01-01,44,33,other\n",
                                                  encoding="utf-8")


def test_analytics_store_series_sigact_import_groups_files_by_suffix(tmp_path: Path) -> None:
    _write_sigacts(tmp_path / "sig")
    store = open_store(":memory:")
    assert S.import_sigacts(store, [tmp_path / "sig"]) == {"sigacts": 3, "sigacts_1999": 1}
    back = S.sigacts_from_store(store)
    assert [(r.day, r.type) for r in back["insurgent"]] == [(D1, "IED"), (date(2021, 5, 3), "SAF")]
    assert [r.type for r in back["us_air"]] == ["SOF"]
    assert S.source_kind(store, "sigacts") == "sigacts"
    with pytest.raises(AnalysisError, match="no imported source"):
        S.source_kind(store, "nothing")
    bad = tmp_path / "attacks.csv"
    bad.write_text("date,longitude,latitude,type\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match="starts with"):
        S.import_sigacts(store, [bad])


def test_analytics_store_series_counts_become_intervals_without_invented_days(tmp_path: Path) -> None:
    (tmp_path / "pentagon_cumulative_attack_counts.csv").write_text(
        "as_of_date,cumulative_total,iraq,syria,precision,speaker,source_url,note\n"
        "2022-03-05,4,3,1,exact,spokesman,https://example.org/1,\n"
        "2022-03-12,10,,,more_than,tally,https://example.org/2,over ten\n", encoding="utf-8")
    (tmp_path / "key_events_x.csv").write_text(
        "date,actor,event_type,location,description,source_url\n"
        "2022-03-01,Group A,attack_start,Town B,first attack,https://example.org/3\n"
        "2022-03-08,United States,retaliation_strike,Town C,strike on a depot,https://example.org/4\n",
        encoding="utf-8")
    store = open_store(":memory:")
    S.import_counts(store, tmp_path)
    camp = S.campaign_from_store(store)
    assert [(iv.start, iv.end, iv.count, iv.lower_bound) for iv in camp.intervals] == [
        (date(2022, 3, 1), date(2022, 3, 5), 4.0, False), (date(2022, 3, 6), date(2022, 3, 12), 6.0, True)]
    assert camp.last_report == date(2022, 3, 12)
    assert [(e.event_type, e.location) for e in camp.events] == [("attack_start", "Town B"),
                                                                 ("retaliation_strike", "Town C")]
    cum = observations(store, "campaign", kind="cumulative")
    assert [o.count for o in cum] == [4.0, 10.0] and "iraq=3" in (cum[0].note or "")
    assert S.source_kind(store, "campaign") == "campaign"
