"""Analytics endpoints over the stored incidents: series, change points, forecasts, what-if, follow-through."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query

from ..errors import AnalysisError
from ..store.queries import EventFilter
from .deps import Page, filters, page, service
from .errors import ApiError
from .jsonable import jsonable
from .service import Service

router = APIRouter(prefix="/api", tags=["analytics"])
SERIES = Query("ASSAULT", max_length=20, description="a PLOVER type, us_attacks, us_strikes or all")


def _series_name(name: str) -> str:
    from ..model import PLOVER_TYPES

    if name in ("us_attacks", "us_strikes", "all") or name.upper() in PLOVER_TYPES:
        return name if name in ("us_attacks", "us_strikes", "all") else name.upper()
    raise ApiError(422, f"series={name!r}: expected a PLOVER type, us_attacks, us_strikes or all",
                   "invalid_parameters", [{"field": "series", "in": "query", "message": "unknown series"}])


@router.get("/series")
def get_series(by: str = Query("type", pattern="^(type|actor|dyad)$"), weekly: bool = False,
               f: EventFilter = Depends(filters), svc: Service = Depends(service)) -> dict[str, Any]:
    """Incidents per day (or week) by type, actor or dyad, with the escalation index."""
    from ..analytics import api

    def make() -> Any:
        recs = svc.records(f)
        out = api.series(recs, by, weekly, svc.weights())
        out["incidents"] = len(recs)
        return jsonable(out)
    return svc.memo(("series", by, weekly, f.key()), make)  # type: ignore[no-any-return]


@router.get("/changepoints")
def get_changepoints(series: str = SERIES, weekly: bool = False,
                     penalty: float | None = Query(None, gt=0, le=1e6),
                     f: EventFilter = Depends(filters), svc: Service = Depends(service)) -> dict[str, Any]:
    """PELT change points of one daily (or weekly) series, with the incidents around each."""
    from ..analytics import api

    name = _series_name(series)

    def make() -> Any:
        recs = svc.records(f)
        s = svc.daily(name, recs)
        return jsonable(api.changepoints(s.weekly() if weekly else s, 7 if weekly else 1, recs, penalty))
    return svc.memo(("changepoints", name, weekly, penalty, f.key()), make)  # type: ignore[no-any-return]


@router.get("/threats")
def get_threats(pg: Page = Depends(page), svc: Service = Depends(service)) -> dict[str, Any]:
    """Conditional threats (for marking on the timeline), paged like every list."""
    return pg.cut([{"threat_id": t.threat_id, "date": t.day.isoformat(), "actor": list(t.actor),
                    "target": list(t.target), "action_type": t.action_type, "condition": t.condition,
                    "evidence": t.evidence} for t in svc.threats()])


@router.get("/followthrough")
def get_followthrough(window_days: int = Query(90, ge=1, le=3650), as_of: date | None = None,
                      pg: Page = Depends(page), svc: Service = Depends(service)) -> dict[str, Any]:
    """Conditional threats linked to their trigger incident and the threatened action; ``threats``
    is paged (``total``, ``limit``, ``offset`` beside it), ``by_actor`` rates cover them all."""
    from ..analytics import api

    full: dict[str, Any] = svc.memo(("followthrough", window_days, as_of), lambda: jsonable(
        api.followthrough(svc.threats(), svc.records(), window_days, as_of)))
    cut = pg.cut(list(full.get("threats") or []))
    return {**full, "threats": cut["items"], "total": cut["total"], "limit": pg.limit, "offset": pg.offset}


@router.get("/forecast")
def get_forecast(series: str = SERIES, bin_days: int = Query(30, ge=7, le=365),
                 svc: Service = Depends(service)) -> dict[str, Any]:
    """P(at least one incident of the series) in the next 1 and 7 days."""
    name = _series_name(series)
    return svc.memo(("forecast", name, bin_days),  # type: ignore[no-any-return]
                    lambda: jsonable(svc.forecast(name, (1, 7), bin_days)))


@router.get("/whatif")
def get_whatif(on: date | None = Query(None, description="day of the hypothetical event (default: after the data)"),
               strikes: float = Query(1.0, ge=0, le=100), restraint: float = Query(0.05, ge=0, le=1),
               horizon: int = Query(30, ge=1, le=180), paths: int = Query(500, ge=10, le=5000),
               bin_days: int = Query(30, ge=7, le=365), seed: int = Query(0, ge=0),
               svc: Service = Depends(service)) -> dict[str, Any]:
    """Simulated attacks on the US after hypothetical US strikes or a patron's restraint order."""
    from ..analytics import api
    from ..analytics import whatif as wi
    from ..analytics.daily import fit_daily

    names, y, start = svc.pair()
    if y.sum() < 3:
        raise AnalysisError("too few day-dated attacks involving the US to fit a model (need 3)")
    cut = (on - start).days if on else y.shape[1]
    if not 0 < cut <= y.shape[1]:
        raise ApiError(422, f"on={on}: must fall after {start} and at most one day after the data",
                       "invalid_parameters", [{"field": "on", "in": "query", "message": "out of range"}])
    hist = y[:, :cut]
    fitted = fit_daily(hist, bin_days=bin_days, nb=True)
    scen = wi.strike_restraint_scenarios(strikes, restraint)
    out = api.whatif(fitted.params, hist, scen, horizon, paths, seed)
    out.update({"dims": names, "from": (start + timedelta(days=int(hist.shape[1]))).isoformat(),
                "fit": fitted.to_json(names),
                "note": wi.RESTRAINT_NOTE})
    return jsonable(out)  # type: ignore[no-any-return]
