"""The measured results of docs/ANALYTICS.md, on ../shared/data. Prints JSON; asserts nothing.

Run: .venv/bin/python bench/analytics_report.py [../shared/data] > /tmp/analytics_report.json
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from proxywatch.analytics import api


def _scores(bt: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for h, v in bt["horizons"].items():
        out[h] = {"n": v["n_forecasts"], "base_rate": v["base_rate"], "scores": v["scores"],
                  "coverage": v["count_interval_coverage"], "count_log_score": v.get("count_log_score"),
                  "count_log_score_calibrated": v.get("count_log_score_calibrated"),
                  "reliability": v["reliability"]}
    return out


def main(data: Path) -> None:
    t0 = time.perf_counter()
    sig = api.load_sigacts(data)
    ins, air = sig["insurgencies"], sig["airstrikes"]
    span = (min(r.day for r in ins), max(r.day for r in ins))
    report: dict[str, Any] = {}
    for name, recs in (("insurgent", ins), ("us_air", air)):
        s = api.sigact_series(recs, name)
        y = s.counts[None, :]
        fitted = api.fit(y, [name], bin_days=30)
        report[f"{name}_country_fit"] = {k: {kk: v[kk] for kk in ("branching", "half_life_days", "nb_size", "aic",
                                                                   "goodness_of_fit")}
                                         for k, v in fitted["models"].items()}
        report[f"{name}_weekly_changepoints"] = api.changepoints(s.weekly(), 7)["change_points"]
        report[f"{name}_country_backtest"] = _scores(api.forecast(y, bin_days=60, n_paths=0))
        names, panel = api.sigact_panel(recs, 1.0, 30, span)
        report[f"{name}_cells"] = len(names)
        report[f"{name}_panel_backtest"] = _scores(api.forecast(panel, bin_days=60, n_paths=0))
    pair = np.vstack([api.sigact_series(ins, "i").counts, api.sigact_series(air, "a").counts])
    report["cross_country_fit"] = {k: api.fit(pair, ["insurgent", "us_air"], bin_days=30)["models"][k]["branching"]
                                   for k in ("hawkes_constant", "hawkes_varying")}
    report["campaign"] = api.campaign(data, n_paths=2000)
    # place-level retaliation: the same cross terms per grid cell, at three cell sizes
    report["retaliation"] = {str(deg): {k: v for k, v in api.retaliation(ins, air, deg, span=span).items()
                                        if k != "cells"} for deg in (0.5, 1.0, 2.0)}
    report["seconds"] = time.perf_counter() - t0
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data")
