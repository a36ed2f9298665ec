"""`proxywatch import sigacts|counts` and `proxywatch analyze ...` on small hand-made stores."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click
import numpy as np
import pytest
from click.testing import CliRunner

from proxywatch.cli_analyze import register
from proxywatch.model import Document, Event, Evidence, Party
from proxywatch.store import open_store

KH = Party("kataib-hezbollah", "Kataib Hezbollah", ("kataib-hezbollah", "irq.pmf", "irq"))
USA = Party("usa", "the United States", ("usa",))


def _cli() -> click.Group:
    @click.group()
    def main() -> None:
        pass
    register(main)
    return main


def _run(*args: str, ok: bool = True) -> Any:
    res = CliRunner().invoke(_cli(), list(args), catch_exceptions=False)
    if ok:
        assert res.exit_code == 0, res.output
        return json.loads(res.output)
    return res


def _sigacts(folder: Path, days: int = 210) -> None:
    """Two places; insurgent attacks follow a level that doubles half-way; air actions are sparse."""
    rng = np.random.default_rng(3)
    folder.mkdir()
    start = date(2010, 1, 1)
    ins, air = ["date,longitude,latitude,type"], ["date,longitude,latitude,type"]
    for t in range(days):
        d = (start + timedelta(days=t)).isoformat()
        for lon, lat, rate in ((44.3, 33.3, 2.0), (43.1, 36.3, 0.6)):
            for _ in range(rng.poisson(rate * (2 if t > days // 2 else 1))):
                ins.append(f"{d},{lon},{lat},IED")
            for _ in range(rng.poisson(0.15)):
                air.append(f"{d},{lon},{lat},Airstrike")
    (folder / "insurgencies.csv").write_text("\n".join(ins) + "\n", encoding="utf-8")
    (folder / "airstrikes.csv").write_text("\n".join(air) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def sig_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("sig")
    _sigacts(tmp / "data")
    db = str(tmp / "pw.db")
    out = _run("import", "sigacts", str(tmp / "data"), "--db", db)
    assert set(out["imported"]) == {"sigacts"} and out["imported"]["sigacts"] > 300
    return db


def test_cli_analyze_register_extends_an_existing_import_group() -> None:
    @click.group()
    def main() -> None:
        pass

    @main.group("import")
    def imp() -> None:
        pass

    @imp.command("articles")
    def articles() -> None:
        pass

    register(main)
    group = main.commands["import"]
    assert isinstance(group, click.Group)
    assert {"articles", "sigacts", "counts"} <= set(group.commands)
    assert {"series", "followthrough", "changepoints", "fit", "forecast", "whatif"} <= set(
        main.commands["analyze"].commands)  # type: ignore[attr-defined]


def test_cli_analyze_sigact_series_changepoints_and_plots(sig_db: str, tmp_path: Path) -> None:
    png = tmp_path / "s.png"
    out = _run("analyze", "series", "--db", sig_db, "--source", "sigacts", "--by", "actor", "--plot", str(png))
    assert set(out["series"]) == {"insurgent", "us_air"} and png.stat().st_size > 1000
    cps = _run("analyze", "changepoints", "--db", sig_db, "--source", "sigacts", "--json")
    # the level doubles on day 106 (2010-04-17): one break near there, rate up
    assert cps["change_points"], cps
    near = [c for c in cps["change_points"] if abs((date.fromisoformat(c["date"]) - date(2010, 4, 17)).days) <= 7]
    assert near and near[0]["rate_after"] > 1.5 * near[0]["rate_before"]


def test_cli_analyze_sigact_fit_forecast_whatif(sig_db: str, tmp_path: Path) -> None:
    out = _run("analyze", "fit", "--db", sig_db, "--source", "sigacts", "--pair", "--plot", str(tmp_path / "f.png"))
    assert out["models"]["hawkes_varying"]["dims"] == ["insurgent", "us_air"]
    assert (tmp_path / "f.png").exists()
    fc = _run("analyze", "forecast", "--db", sig_db, "--source", "sigacts", "--cells", "1", "--min-events", "20",
              "--paths", "30", "--first-origin", "150", "--refit-every", "56", "--plot", str(tmp_path / "r.png"))
    assert len(fc["names"]) == 2 and fc["horizons"]["7"]["n_forecasts"] > 100
    assert (tmp_path / "r.png").exists()
    wi = _run("analyze", "whatif", "--db", sig_db, "--source", "sigacts", "--paths", "200", "--restraint", "0.1",
              "--horizon", "10")
    res = {r["scenario"].split(" ")[0]: r for r in wi["results"]}
    assert res["patron"]["mean"] < 0.3 * res["no"]["mean"]


def test_cli_analyze_errors_are_one_line_and_exit_2(sig_db: str, tmp_path: Path) -> None:
    res = _run("analyze", "fit", "--db", str(tmp_path / "none.db"), ok=False)
    assert res.exit_code == 2 and "no such database" in res.output
    res = _run("analyze", "fit", "--db", sig_db, "--source", "campaign", ok=False)
    assert res.exit_code == 2 and "no imported source 'campaign'" in res.output
    res = _run("analyze", "followthrough", "--db", sig_db, "--source", "sigacts", ok=False)
    assert res.exit_code == 2 and "extracted threats" in res.output


def _ev(doc: str, n: int, type_: str, actor: Party, recipient: Party, day: str, text: str, **kw: Any) -> Event:
    return Event(doc, f"{doc}:{n}", type_, Evidence(0, len(text), text), actor=actor, recipient=recipient,
                 date=day, **kw)


def test_cli_analyze_followthrough_from_stored_events(tmp_path: Path) -> None:
    text = "Hand-written test article."
    events = (
        _ev("d1", 0, "THREATEN", KH, USA, "2021-02-01", "KH warned Washington.", status="conditional",
            mode="threaten-attack", condition="if the Americans strike its bases"),
        _ev("d1", 1, "ASSAULT", USA, KH, "2021-02-10", "US jets struck a KH depot."),
        _ev("d1", 2, "ASSAULT", Party("kataib-hezbollah.brigade", "a KH brigade",
                                      ("kataib-hezbollah.brigade",) + KH.lineage), USA, "2021-02-13",
            "Rockets hit a US base."),
        _ev("d1", 3, "CONSULT", USA, Party("irq", "Iraq", ("irq",)), "2021-09-01", "Talks in Baghdad."),
    )
    db = tmp_path / "pw.db"
    with open_store(db) as store:
        store.save_document(Document("d1", text, events=events))
    out = _run("analyze", "followthrough", "--db", str(db), "--plot", str(tmp_path / "ft.png"))
    (t,) = out["threats"]
    assert t["status"] == "followed" and t["lag_days"] == 3
    assert t["trigger_incident"]["incident_id"] == "d1:1" and t["action_incident"]["incident_id"] == "d1:2"
    assert out["by_actor"]["kataib-hezbollah"]["follow_through_rate"] == 1.0
    assert (tmp_path / "ft.png").exists()
    ser = _run("analyze", "series", "--db", str(db), "--by", "dyad")
    assert ser["series"]["usa>kataib-hezbollah"]["total"] == 1 and "escalation_index" in ser


def test_cli_analyze_campaign_pause_from_imported_counts(shared: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROXYWATCH_SHARED_DATA", str(shared / "data"))
    db = str(tmp_path / "pw.db")
    _run("import", "counts", "--shared", "--db", db)
    out = _run("analyze", "changepoints", "--db", db, "--source", "campaign")
    poisson = next(p for p in out["pause_detection"] if p["model"] == "poisson")
    assert poisson["last_activity"] == "2024-02-04" and poisson["detected_on"] == "2024-02-07"
    assert any(c["date"] == "2024-02-05" for c in out["change_points"])
    wi = _run("analyze", "whatif", "--db", db, "--source", "campaign", "--paths", "300")
    assert wi["from"] == "2024-02-05"
    res = {r["scenario"].split(" ")[0]: r for r in wi["results"]}
    assert res["no"]["mean"] > 10 and res["patron"]["p_zero"] > 0.3
