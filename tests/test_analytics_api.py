import json
from datetime import date
from pathlib import Path

import numpy as np

from proxywatch.analytics import api
from proxywatch.analytics.records import IncidentRecord
from proxywatch.analytics.series import DailySeries


def test_analytics_api_outputs_are_json_and_plots_only_when_asked(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    s = DailySeries(date(2021, 1, 1), np.concatenate([rng.poisson(5, 60), rng.poisson(1, 60)]).astype(float), "x")
    inc = [IncidentRecord("k1", date(2021, 3, 2), "ASSAULT", ("a",), ("b",))]
    out = api.changepoints(s, incidents=inc)
    json.dumps(out)
    assert out["change_points"] and "k1" in out["change_points"][0]["incidents"]
    assert list(tmp_path.iterdir()) == []
    png = tmp_path / "cp.png"
    api.changepoints(s, plot=png)
    assert png.read_bytes()[:4] == b"\x89PNG"
    fitted = api.fit(s.counts[None, :], ["x"])
    json.dumps(fitted)
    assert set(fitted["models"]) >= {"poisson", "negbin", "hawkes_constant", "hawkes_varying"}
    assert fitted["models"]["negbin"]["aic"] < fitted["models"]["poisson"]["aic"] + 2


def test_analytics_api_campaign_end_to_end(shared: Path) -> None:
    out = api.campaign(shared / "data", n_paths=300)
    json.dumps(out)
    assert out["whatif_from"] == "2024-02-05"
    res = {r["scenario"]: r for r in out["whatif"]["results"]}
    calm = next(v for k, v in res.items() if k.startswith("patron restraint"))
    assert calm["mean"] < 0.1 * res["no intervention"]["mean"]
    assert any(c["date"] == "2024-02-05" for c in out["change_points"])
