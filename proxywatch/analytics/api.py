"""Public analytics functions returning JSON-able dicts (used by the CLI and the REST API).

They take plain records and arrays, so the store only needs a thin adapter
(``records.incident_from_model``). PNG plots are written only when a path is
given; matplotlib is imported then, with the Agg backend.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import changepoints as cp
from . import followthrough as ft
from . import whatif as wi
from .daily import DailyParams, fit_daily, pit_test
from .forecast import backtest
from .importers import (
    CountInterval,
    KeyEvent,
    SigactRecord,
    campaign_intervals,
    read_cumulative_counts,
    read_key_events,
    read_sigacts,
)
from .records import IncidentRecord, ThreatRecord
from .series import DailySeries, EscalationWeights, daily_counts, escalation_index, grid_panel, group_counts

Array = NDArray[np.float64]
SIGACT_FILES = ("insurgencies.csv", "airstrikes.csv")


def _figure() -> Any:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def series(incidents: Sequence[IncidentRecord], by: str = "type", weekly: bool = False,
           weights: EscalationWeights | None = None, plot: Path | None = None) -> dict[str, Any]:
    groups = group_counts(incidents, by)
    out: dict[str, Any] = {"by": by, "step_days": 7 if weekly else 1, "series": {}}
    for k, s in groups.items():
        out["series"][k] = (s.weekly() if weekly else s).to_json(7 if weekly else 1)
    if weights is not None and incidents:
        idx = escalation_index(incidents, weights)
        out["escalation_index"] = (idx.weekly() if weekly else idx).to_json(7 if weekly else 1)
    if plot is not None and groups:
        plt = _figure()
        fig, ax = plt.subplots(figsize=(9, 3.5))
        for k, s in groups.items():
            v = s.weekly() if weekly else s
            ax.plot(range(len(v.counts)), v.counts, label=k)
        ax.set_xlabel(("weeks" if weekly else "days") + f" from {next(iter(groups.values())).start}")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(plot, dpi=100)
        plt.close(fig)
    return out


def followthrough(threats: Sequence[ThreatRecord], incidents: Sequence[IncidentRecord],
                  window_days: int = 90, as_of: date | None = None) -> dict[str, Any]:
    outcomes = ft.link(threats, incidents, window_days, as_of)
    return {"window_days": window_days, "threats": [o.to_json() for o in outcomes], "by_actor": ft.rates(outcomes)}


def changepoints(s: DailySeries, step_days: int = 1, incidents: Sequence[IncidentRecord] = (),
                 penalty: float | None = None, window_days: int = 3, plot: Path | None = None) -> dict[str, Any]:
    found = cp.detect(s, step_days, penalty)
    out = []
    for c in found:
        row = c.to_json()
        row["incidents"] = [r.incident_id for r in cp.incidents_near(c.day, incidents, window_days)]
        out.append(row)
    if plot is not None:
        plt = _figure()
        fig, ax = plt.subplots(figsize=(9, 3.5))
        ax.plot(range(len(s.counts)), s.counts, lw=0.8)
        for c in found:
            ax.axvline(c.index, color="red", ls="--", lw=0.8)
        ax.set_title(f"{s.name}: change points")
        fig.tight_layout()
        fig.savefig(plot, dpi=100)
        plt.close(fig)
    return {"series": s.name, "start": s.start.isoformat(), "step_days": step_days, "change_points": out}


def fit(y: Array | Sequence[Sequence[float]], names: Sequence[str] | None = None, bin_days: int = 30,
        tied: bool = False) -> dict[str, Any]:
    """Poisson and negative-binomial baselines against daily Hawkes, constant and varying background."""
    arr = np.atleast_2d(np.asarray(y, dtype=float))
    models = {
        "poisson": {"nb": False, "excite": False, "bin_days": None},
        "negbin": {"nb": True, "excite": False, "bin_days": None},
        "negbin_varying": {"nb": True, "excite": False, "bin_days": bin_days},
        "hawkes_constant": {"nb": True, "excite": True, "bin_days": None},
        "hawkes_varying": {"nb": True, "excite": True, "bin_days": bin_days},
    }
    out: dict[str, Any] = {"days": int(arr.shape[1]), "models": {}}
    for name, kw in models.items():
        f = fit_daily(arr, tied=tied, **kw)  # type: ignore[arg-type]
        row = f.to_json(names)
        row["goodness_of_fit"] = pit_test(arr, f.params)
        out["models"][name] = row
    out["best_by_aic"] = min(out["models"], key=lambda k: out["models"][k]["aic"])
    return out


def forecast(y: Array | Sequence[Sequence[float]], plot: Path | None = None, **kwargs: Any) -> dict[str, Any]:
    res = backtest(y, **kwargs)
    if plot is not None:
        plt = _figure()
        fig, axes = plt.subplots(1, len(res["horizons"]), figsize=(5 * len(res["horizons"]), 4))
        for ax, (h, v) in zip(np.atleast_1d(axes), res["horizons"].items()):
            rel = v["reliability"]
            ax.plot([0, 1], [0, 1], "k:", lw=0.8)
            ax.plot([r["mean_forecast"] for r in rel], [r["observed_freq"] for r in rel], "o-")
            ax.set_title(f"reliability, P(>=1 in {h} d)")
            ax.set_xlabel("forecast")
            ax.set_ylabel("observed")
        fig.tight_layout()
        fig.savefig(plot, dpi=100)
        plt.close(fig)
    return res


def whatif(params: DailyParams, history: Array, scenarios: Sequence[wi.Scenario] | None = None,
           horizon: int = 30, n_paths: int = 2000, seed: int = 0, dim: int = 0) -> dict[str, Any]:
    scen = list(scenarios) if scenarios is not None else wi.default_scenarios()
    return {"horizon_days": horizon, "results": [wi.run(params, history, s, horizon, n_paths, seed, dim)
                                                 for s in scen]}


# Ready-made analyses of the shared real data (the readers do the I/O).

def load_sigacts(data_dir: Path) -> dict[str, list[SigactRecord]]:
    d = Path(data_dir) / "iraq_sigacts_2006_2008"
    return {f.split(".")[0]: read_sigacts(d / f) for f in SIGACT_FILES}


def sigact_series(recs: Sequence[SigactRecord], name: str) -> DailySeries:
    return daily_counts([r.day for r in recs], name=name)


def sigact_panel(recs: Sequence[SigactRecord], cell_deg: float = 1.0, min_events: int = 30,
                 span: tuple[date, date] | None = None) -> tuple[list[str], Array]:
    lo, hi = span or (min(r.day for r in recs), max(r.day for r in recs))
    return grid_panel([(r.day, r.lon, r.lat) for r in recs], lo, hi, cell_deg, min_events)


def campaign(data_dir: Path, horizon: int = 30, n_paths: int = 2000, restraint_factor: float = 0.05,
             seed: int = 0) -> dict[str, Any]:
    """The 2023-24 campaign from the shared CSVs (see :func:`campaign_analysis`)."""
    d = Path(data_dir) / "us_forces_2023_2024"
    counts = read_cumulative_counts(d / "pentagon_cumulative_attack_counts.csv")
    events = read_key_events(d / "key_events_2023_2024.csv")
    return campaign_analysis(campaign_intervals(counts, events), events, counts[-1].as_of, horizon, n_paths,
                             restraint_factor, seed)


def campaign_analysis(ivs: Sequence[CountInterval], events: Sequence[KeyEvent], last_report: date,
                      horizon: int = 30, n_paths: int = 2000, restraint_factor: float = 0.05,
                      seed: int = 0) -> dict[str, Any]:
    """Intervals, pause detection, change points, fits and what-if from the day after ``last_report``."""
    ivs = list(ivs)
    active = [iv for iv in ivs if iv.precision != "reported_none" and iv.end <= last_report]
    size = cp.interval_nb_size(active)
    pauses = cp.detect_pause(ivs) + cp.detect_pause(ivs, size=size)
    from .series import spread_intervals
    rate = spread_intervals(ivs, "attacks (interval rate)")
    cps = changepoints(rate, 1)
    start, hist = wi.campaign_history(ivs, events, last_report)
    f = wi.fit_campaign(hist)
    return {
        "intervals": [{"start": iv.start.isoformat(), "end": iv.end.isoformat(), "count": iv.count,
                       "precision": iv.precision, "lower_bound": iv.lower_bound, "sources": list(iv.sources)}
                      for iv in ivs],
        "pause_detection": [p.to_json() for p in pauses],
        "change_points": cps["change_points"],
        "fit": f.to_json(["attacks", "us_strikes"]),
        "whatif_from": wi.day_after(start, hist).isoformat(),
        "whatif": whatif(f.params, hist, wi.default_scenarios(restraint_factor), horizon, n_paths, seed),
    }


def campaign_fit(ivs: Sequence[CountInterval], events: Sequence[KeyEvent], last_report: date) -> dict[str, Any]:
    """The campaign's bivariate daily Hawkes (attacks <-> US strikes) up to the last report."""
    start, hist = wi.campaign_history(ivs, events, last_report)
    f = wi.fit_campaign(hist)
    return {"start": start.isoformat(), "days": int(hist.shape[1]),
            "quasi_likelihood": f.to_json(["attacks", "us_strikes"])}


def retaliation(ins: Sequence[SigactRecord], air: Sequence[SigactRecord], cell_deg: float = 1.0,
                min_ins: int = 30, min_air: int = 10, bin_days: int | None = 30,
                span: tuple[date, date] | None = None) -> dict[str, Any]:
    """Place-level cross-excitation of insurgent attacks and US air actions (see analytics/retaliation.py)."""
    from . import retaliation as rt

    names, yi, ya = rt.paired_panel(ins, air, cell_deg, min_ins, min_air, span)
    out = rt.place_retaliation(yi, ya, names, bin_days)
    out["cell_deg"] = cell_deg
    out["country_same_cells"] = rt.country_cross(yi, ya, bin_days)
    return out
