"""``proxywatch import sigacts|counts`` and ``proxywatch analyze ...``: click commands over the analytics API.

``register(main)`` adds them to the main group (cli.py calls it). Every
analyze command reads the store (``--db``) and prints one JSON document;
``--plot out.png`` also writes a figure. ``--source`` picks the data:
``incidents`` (the stored extracted events), ``sigacts`` or ``campaign``
(series imported with ``proxywatch import``), or any other imported name.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click
import numpy as np

from .errors import AnalysisError, ProxywatchError

SHARED_ENV = "PROXYWATCH_SHARED_DATA"
DEFAULT_DB = "proxywatch.db"
# the types of extracted events that count as attacks in the series of incidents
ATTACK_TYPE = "ASSAULT"
US = "usa"


def shared_data_dir() -> Path:
    """../shared/data beside the checkout, or $PROXYWATCH_SHARED_DATA."""
    env = os.environ.get(SHARED_ENV)
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data"


def _fail(msg: str) -> None:
    click.echo(f"proxywatch: {msg}", err=True)
    sys.exit(2)


def _emit(out: dict[str, Any]) -> None:
    click.echo(json.dumps(out, ensure_ascii=False, indent=1, default=_jsonable))


def _jsonable(v: Any) -> Any:
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, date):
        return v.isoformat()
    raise TypeError(f"not JSON-able: {type(v).__name__}")


def _guard(f: Callable[..., None]) -> Callable[..., None]:
    """Turn proxywatch errors into one line on stderr and exit code 2."""
    import functools

    @functools.wraps(f)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            f(*args, **kwargs)
        except ProxywatchError as e:
            _fail(str(e))
    return run


# --- import ---------------------------------------------------------------------

@click.command("sigacts")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--shared", is_flag=True, help="import ../shared/data/iraq_sigacts_2006_2008")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="store file or postgresql:// DSN")
@click.option("--source", default="sigacts", show_default=True,
              help="source name; files with a suffix (insurgencies_2006.csv) go to NAME_2006")
@_guard
def import_sigacts(paths: tuple[Path, ...], shared: bool, db: str, source: str) -> None:
    """Store SIGACT CSVs (date,longitude,latitude,type) as observed events."""
    from .analytics.sources import import_sigacts as run
    from .store import open_store

    if shared:
        paths = (*paths, shared_data_dir() / "iraq_sigacts_2006_2008")
    if not paths:
        raise click.UsageError("give SIGACT CSV files or folders, or --shared")
    with open_store(db) as store:
        done = run(store, list(paths), source)
    _emit({"db": db, "imported": done})


@click.command("counts")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--shared", is_flag=True, help="import ../shared/data/us_forces_2023_2024")
@click.option("--events", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="key-events CSV (default: key_events*.csv beside the counts)")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--source", default="campaign", show_default=True)
@_guard
def import_counts(path: Path | None, shared: bool, events: Path | None, db: str, source: str) -> None:
    """Store cumulative attack counts as reported and as interval-censored counts, with key events."""
    from .analytics.sources import import_counts as run
    from .store import open_store

    if shared:
        path = shared_data_dir() / "us_forces_2023_2024"
    if path is None:
        raise click.UsageError("give the counts CSV (or its folder), or --shared")
    with open_store(db) as store:
        n = run(store, path, events, source)
    _emit({"db": db, "imported": {source: n}})


# --- analyze: loading -----------------------------------------------------------

class Data:
    """What one ``--source`` holds, read once from the store."""

    def __init__(self, db: str, source: str) -> None:
        from .analytics import sources as S
        from .store import open_store

        self.source = source
        with open_store(db, create=False) as store:
            self.kind = S.source_kind(store, source)
            self.incidents = S.incidents_from_store(store) if self.kind == "incidents" else []
            self.sigacts = S.sigacts_from_store(store, source) if self.kind == "sigacts" else {}
            self.campaign = S.campaign_from_store(store, source) if self.kind == "campaign" else None
            self.threats = (S.threats_from_store(store, _weights().trigger_words, _names())
                            if self.kind == "incidents" else [])

    def daily(self, name: str) -> Any:
        """One daily series: a SIGACT side, or a PLOVER type of the incidents (``us_attacks``: on the US)."""
        from .analytics import api
        from .analytics.series import daily_counts

        if self.kind == "sigacts":
            if name not in self.sigacts:
                raise AnalysisError(f"series {name!r}: expected one of {sorted(self.sigacts)}")
            return api.sigact_series(self.sigacts[name], name)
        if self.kind == "campaign":
            from .analytics.series import spread_intervals
            assert self.campaign is not None
            return spread_intervals(self.campaign.intervals, "attacks (interval rate)")
        recs = self._incident_rows(name)
        if not recs:
            raise AnalysisError(f"no day-dated {name} incidents in the store")
        lo, hi = self._span()
        return daily_counts([r.day for r in recs], lo, hi, name)

    def records(self) -> list[Any]:
        """Records to cite around change points: incidents, or the campaign's key events."""
        from .analytics.records import IncidentRecord

        if self.campaign is not None:
            return [IncidentRecord(f"{self.source}:{i}", e.day, e.event_type, (e.actor,), evidence=e.description)
                    for i, e in enumerate(self.campaign.events)]
        return self.incidents

    def _span(self) -> tuple[date, date]:
        days = [r.day for r in self.incidents]
        if not days:
            raise AnalysisError("the store holds no day-dated incidents")
        return min(days), max(days)

    def _incident_rows(self, name: str) -> list[Any]:
        if name == "us_attacks":  # attacks on the US, by anyone
            return [r for r in self.incidents if r.type == ATTACK_TYPE and US in r.recipient]
        if name == "us_strikes":
            return [r for r in self.incidents if r.type == ATTACK_TYPE and US in r.actor]
        return [r for r in self.incidents if r.type == name.upper()]

    def pair(self) -> tuple[list[str], Any, date]:
        """The two-sided daily series (attacks, US actions) and its first day."""
        if self.kind == "sigacts":
            a, b = self.daily("insurgent"), self.daily("us_air")
            lo = min(a.start, b.start)
            hi = max(a.end, b.end)
            from .analytics.series import daily_counts
            rows = [daily_counts([r.day for r in self.sigacts[k]], lo, hi, k).counts for k in ("insurgent", "us_air")]
            return ["insurgent", "us_air"], np.vstack(rows), lo
        if self.kind == "incidents":
            lo, hi = self._span()
            from .analytics.series import daily_counts
            rows = [daily_counts([r.day for r in self._incident_rows(k)], lo, hi, k).counts
                    for k in ("us_attacks", "us_strikes")]
            return ["us_attacks", "us_strikes"], np.vstack(rows), lo
        raise AnalysisError("the campaign source is analysed by its own model; no pair series")


def _weights() -> Any:
    from .analytics.series import EscalationWeights

    return EscalationWeights.load()


def _names() -> dict[str, tuple[str, ...]]:
    """Surface name -> lineage of every actor of the knowledge pack (resolves names in threat conditions)."""
    from .knowledge.pack import KnowledgePack

    pack = KnowledgePack.load(cities=False)
    out: dict[str, tuple[str, ...]] = {}
    for a in pack.actors.values():
        lin = pack.lineage(a.id)
        for s in (a.name, *a.aliases):
            if len(s) > 2 or (len(s) == 2 and s.isupper()):  # "US", "UK"; not "al"
                out.setdefault(s, lin)
    return out


def _default_series(data: Data, series: str | None) -> str:
    if series:
        return series
    return {"sigacts": "insurgent", "incidents": ATTACK_TYPE, "campaign": "attacks"}[data.kind]


source_option = click.option("--source", default="incidents", show_default=True,
                             help="incidents | sigacts | campaign | another imported source name")
db_option = click.option("--db", default=DEFAULT_DB, show_default=True, help="store file or DSN")
json_option = click.option("--json", "as_json", is_flag=True, help="JSON output (the default; kept for scripts)")
plot_option = click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="also write a PNG")
series_option = click.option("--series", default=None,
                             help="sigacts: insurgent | us_air; incidents: a PLOVER type, us_attacks or us_strikes")


def common(f: Callable[..., None]) -> Callable[..., None]:
    for opt in (plot_option, json_option, source_option, db_option):
        f = opt(f)
    return f


@click.group()
def analyze() -> None:
    """Escalation analytics over the store (docs/ANALYTICS.md)."""


@analyze.command()
@common
@click.option("--by", type=click.Choice(["type", "actor", "dyad"]), default="type", show_default=True)
@click.option("--weekly", is_flag=True)
@_guard
def series(db: str, source: str, as_json: bool, plot: Path | None, by: str, weekly: bool) -> None:
    """Daily or weekly counts per type, actor or dyad, and the escalation index."""
    from .analytics import api
    from .analytics.records import IncidentRecord

    data = Data(db, source)
    if data.kind == "campaign":
        assert data.campaign is not None
        rate = data.daily("attacks")
        recs = data.records()
        out = api.series(recs, by, weekly, None, plot)
        out["interval_rate"] = (rate.weekly() if weekly else rate).to_json(7 if weekly else 1)
    elif data.kind == "sigacts":
        recs = [IncidentRecord(f"{source}:{k}:{i}", r.day, r.type, (k,))
                for k, rows in data.sigacts.items() for i, r in enumerate(rows)]
        out = api.series(recs, by, weekly, None, plot)
    else:
        out = api.series(data.incidents, by, weekly, _weights(), plot)
    out["source"] = source
    _emit(out)


@analyze.command()
@common
@click.option("--window-days", default=90, show_default=True, type=int)
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="last day of data (default: last incident)")
@_guard
def followthrough(db: str, source: str, as_json: bool, plot: Path | None, window_days: int,
                  as_of: Any) -> None:
    """Conditional threats linked to their trigger and to the threatened action."""
    from .analytics import api

    data = Data(db, source)
    if data.kind != "incidents":
        raise AnalysisError("follow-through needs extracted threats: use --source incidents")
    out = api.followthrough(data.threats, data.incidents, window_days, as_of.date() if as_of else None)
    out["source"] = source
    if plot is not None:
        _plot_followthrough(out, plot)
    _emit(out)


def _plot_followthrough(out: dict[str, Any], plot: Path) -> None:
    from .analytics.api import _figure

    plt = _figure()
    statuses = ("followed", "not_followed", "not_triggered", "open", "trigger_unknown")
    actors = list(out["by_actor"]) or ["(none)"]
    fig, ax = plt.subplots(figsize=(8, 0.5 + 0.4 * len(actors)))
    left = np.zeros(len(actors))
    for st in statuses:
        v = np.array([out["by_actor"].get(a, {}).get(st, 0) for a in actors], dtype=float)
        ax.barh(actors, v, left=left, label=st)
        left += v
    ax.legend(fontsize=7)
    ax.set_xlabel("threats")
    fig.tight_layout()
    fig.savefig(plot, dpi=100)
    plt.close(fig)


@analyze.command()
@common
@series_option
@click.option("--weekly", is_flag=True)
@click.option("--penalty", type=float, default=None, help="PELT penalty per change (default 2 log n)")
@_guard
def changepoints(db: str, source: str, as_json: bool, plot: Path | None, series: str | None, weekly: bool,
                 penalty: float | None) -> None:
    """PELT change points (dates, rates, incidents around them); for the campaign, also pause detection."""
    from .analytics import api
    from .analytics import changepoints as cp

    data = Data(db, source)
    s = data.daily(_default_series(data, series))
    out = api.changepoints(s.weekly() if weekly else s, 7 if weekly else 1, data.records(), penalty,
                           plot=plot)
    if data.campaign is not None:
        ivs = data.campaign.intervals
        active = [iv for iv in ivs if iv.precision != "reported_none" and iv.end <= data.campaign.last_report]
        pauses = cp.detect_pause(ivs) + cp.detect_pause(ivs, size=cp.interval_nb_size(active))
        out["pause_detection"] = [p.to_json() for p in pauses]
    out["source"] = source
    _emit(out)


@analyze.command()
@common
@series_option
@click.option("--bin-days", default=30, show_default=True, type=int, help="background bin length")
@click.option("--pair", is_flag=True, help="the two-sided model (attacks <-> US actions)")
@click.option("--place", "place_deg", type=float, default=None,
              help="sigacts: place-level retaliation model on grid cells of this size (degrees)")
@_guard
def fit(db: str, source: str, as_json: bool, plot: Path | None, series: str | None, bin_days: int, pair: bool,
        place_deg: float | None) -> None:
    """Poisson / negative-binomial baselines against the daily Hawkes, constant and varying background."""
    from .analytics import api

    data = Data(db, source)
    if data.kind == "campaign":
        assert data.campaign is not None
        out = api.campaign_fit(data.campaign.intervals, data.campaign.events, data.campaign.last_report)
    elif place_deg is not None:
        if data.kind != "sigacts":
            raise AnalysisError("--place needs geolocated events: use --source sigacts")
        out = api.retaliation(data.sigacts["insurgent"], data.sigacts["us_air"], place_deg, bin_days=bin_days)
    elif pair:
        names, y, _ = data.pair()
        out = api.fit(y, names, bin_days=bin_days)
    else:
        s = data.daily(_default_series(data, series))
        out = api.fit(s.counts[None, :], [s.name], bin_days=bin_days)
    out["source"] = source
    if plot is not None:
        _plot_fit(out, plot)
    _emit(out)


def _plot_fit(out: dict[str, Any], plot: Path) -> None:
    from .analytics.api import _figure

    plt = _figure()
    models = out.get("models", {})
    fig, ax = plt.subplots(figsize=(7, 3))
    names = list(models)
    ax.barh(names, [models[k]["aic"] for k in names])
    ax.set_xlabel("AIC (lower is better)")
    fig.tight_layout()
    fig.savefig(plot, dpi=100)
    plt.close(fig)


@analyze.command()
@common
@series_option
@click.option("--cells", "cell_deg", type=float, default=None,
              help="sigacts: forecast each grid cell of this size (degrees) instead of the country total")
@click.option("--min-events", default=30, show_default=True, type=int)
@click.option("--first-origin", default=120, show_default=True, type=int)
@click.option("--refit-every", default=28, show_default=True, type=int)
@click.option("--bin-days", default=60, show_default=True, type=int)
@click.option("--paths", "n_paths", default=200, show_default=True, type=int)
@_guard
def forecast(db: str, source: str, as_json: bool, plot: Path | None, series: str | None, cell_deg: float | None,
             min_events: int, first_origin: int, refit_every: int, bin_days: int, n_paths: int) -> None:
    """P(at least one attack in 1 and 7 days): rolling-origin backtest, Brier skill, reliability."""
    from .analytics import api

    data = Data(db, source)
    name = _default_series(data, series)
    if cell_deg is not None:
        if data.kind != "sigacts":
            raise AnalysisError("--cells needs geolocated events: use --source sigacts")
        cells, y = api.sigact_panel(data.sigacts[name], cell_deg, min_events)
        if not cells:
            raise AnalysisError(f"no {cell_deg:g}-degree cell has {min_events} events")
    else:
        cells = [name]
        y = data.daily(name).counts[None, :]
    out = api.forecast(y, plot, first_origin=first_origin, refit_every=refit_every, bin_days=bin_days,
                       n_paths=n_paths)
    out.update({"source": source, "names": cells})
    _emit(out)


@analyze.command()
@common
@click.option("--on", "on_day", type=click.DateTime(["%Y-%m-%d"]),
              help="day of the hypothetical event (history ends the day before; default: after the data)")
@click.option("--strikes", default=1.0, show_default=True, type=float, help="US strikes added on that day")
@click.option("--restraint", default=0.05, show_default=True, type=float,
              help="patron restraint order: factor on the proxies' intensity from that day")
@click.option("--horizon", default=30, show_default=True, type=int)
@click.option("--paths", "n_paths", default=2000, show_default=True, type=int)
@click.option("--bin-days", default=30, show_default=True, type=int)
@click.option("--seed", default=0, show_default=True, type=int)
@_guard
def whatif(db: str, source: str, as_json: bool, plot: Path | None, on_day: Any, strikes: float,
           restraint: float, horizon: int, n_paths: int, bin_days: int, seed: int) -> None:
    """Simulated attacks in the next days after a hypothetical US strike or a patron's restraint order."""
    from .analytics import api
    from .analytics import whatif as wi
    from .analytics.daily import fit_daily

    data = Data(db, source)
    if data.kind == "campaign":
        assert data.campaign is not None
        start, hist = wi.campaign_history(data.campaign.intervals, data.campaign.events,
                                          (on_day.date() - timedelta(days=1)) if on_day else data.campaign.last_report)
        fitted = wi.fit_campaign(hist)
        names = ["attacks", "us_strikes"]
    else:
        names, y, start = data.pair()
        cut = (on_day.date() - start).days if on_day else y.shape[1]
        if not 0 < cut <= y.shape[1]:
            raise AnalysisError(f"--on must fall after {start} and at most one day after the data")
        hist = y[:, :cut]
        fitted = fit_daily(hist, bin_days=bin_days, nb=True)
    scen = wi.strike_restraint_scenarios(strikes, restraint)
    out = api.whatif(fitted.params, hist, scen, horizon, n_paths, seed)
    out.update({"source": source, "dims": names, "from": (start + timedelta(days=hist.shape[1])).isoformat(),
                "fit": fitted.to_json(names),
                "note": wi.RESTRAINT_NOTE})
    if plot is not None:
        _plot_whatif(out, plot)
    _emit(out)


def _plot_whatif(out: dict[str, Any], plot: Path) -> None:
    from .analytics.api import _figure

    plt = _figure()
    fig, ax = plt.subplots(figsize=(8, 3.5))
    for r in out["results"]:
        ax.plot(range(len(r["daily_mean"])), r["daily_mean"], label=r["scenario"])
    ax.set_xlabel(f"days from {out['from']}")
    ax.set_ylabel(f"mean {out['dims'][0]} a day")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(plot, dpi=100)
    plt.close(fig)


def register(main: click.Group) -> None:
    """Add ``import sigacts|counts`` (to an existing ``import`` group if there is one) and ``analyze``."""
    imp = main.commands.get("import")
    if not isinstance(imp, click.Group):
        imp = click.Group("import", help="Load real event series into the store.")
        main.add_command(imp)
    imp.add_command(import_sigacts)
    imp.add_command(import_counts)
    main.add_command(analyze)
