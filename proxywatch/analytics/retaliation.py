"""Place-level retaliation: do US air actions excite insurgent attacks in the same place, and back?

Country-wide daily counts show no cross-excitation (docs/ANALYTICS.md): the
two sides act in different places at once, and a country total mixes them.
Here each grid cell has both series, with its own background per bin, and
all cells share four excitation parameters (ins<-ins, ins<-air, air<-ins,
air<-air) of the daily Hawkes of :mod:`.daily`. A cross term is then "an
air action in this cell raises the insurgent attack rate of this cell over
the next days" (lag >= 1 day; same-day reactions are not identifiable).
Larger cells take in the nearby places; the fit is repeated per cell size.

Each direction is tested by a likelihood ratio against the model without
that cross term. Alpha sits on the boundary (>= 0) under the null, so the
reference is the 50:50 mixture of chi2(0) and chi2(1).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from ..errors import AnalysisError
from .daily import DailyFit, fit_daily
from .importers import SigactRecord
from .series import grid_panel

Array = NDArray[np.float64]
TERMS = ("ins<-ins", "ins<-air", "air<-ins", "air<-air")


def paired_panel(ins: Sequence[SigactRecord], air: Sequence[SigactRecord], cell_deg: float,
                 min_ins: int = 30, min_air: int = 10,
                 span: tuple[date, date] | None = None) -> tuple[list[str], Array, Array]:
    """Cells with enough events of both sides: (names, insurgent (C, n), air (C, n))."""
    lo, hi = span or (min(r.day for r in (*ins, *air)), max(r.day for r in (*ins, *air)))
    ni, yi = grid_panel([(r.day, r.lon, r.lat) for r in ins], lo, hi, cell_deg, 1)
    na, ya = grid_panel([(r.day, r.lon, r.lat) for r in air], lo, hi, cell_deg, 1)
    ai = {n: k for k, n in enumerate(na)}
    keep = [(n, k) for k, n in enumerate(ni) if yi[k].sum() >= min_ins and n in ai and ya[ai[n]].sum() >= min_air]
    if not keep:
        raise AnalysisError(f"no {cell_deg:g}-degree cell has {min_ins} insurgent and {min_air} air events")
    names = [n for n, _ in keep]
    return names, yi[[k for _, k in keep]], ya[[ai[n] for n in names]]


def _groups(c: int, drop: Sequence[int] = ()) -> dict[tuple[int, int], int]:
    out = {}
    for k in range(c):
        for g, pair in enumerate(((k, k), (k, c + k), (c + k, k), (c + k, c + k))):
            if g not in drop:
                out[pair] = g
    return out


def _renumber(groups: dict[tuple[int, int], int]) -> dict[tuple[int, int], int]:
    used = sorted(set(groups.values()))
    return {p: used.index(g) for p, g in groups.items()}


def _terms(f: DailyFit, c: int, drop: Sequence[int] = ()) -> dict[str, dict[str, float] | None]:
    par = f.params
    cells = [(0, 0), (0, c), (c, 0), (c, c)]
    out: dict[str, dict[str, float] | None] = {}
    for g, (i, j) in enumerate(cells):
        if g in drop:
            out[TERMS[g]] = None
        else:
            out[TERMS[g]] = {"branching": float(par.alpha[i, j]), "half_life_days": float(np.log(2) / par.beta[i, j])}
    return out


def place_retaliation(ins: Array, air: Array, names: Sequence[str], bin_days: int | None = 30) -> dict[str, Any]:
    """Fit the shared-parameter paired panel, and each direction's likelihood-ratio test."""
    c = ins.shape[0]
    y = np.vstack([ins, air])
    full = fit_daily(y, bin_days=bin_days, nb=True, groups=_groups(c))
    tests = {}
    for g in (1, 2):
        sub = fit_daily(y, bin_days=bin_days, nb=True, groups=_renumber(_groups(c, (g,))))
        lr = max(0.0, 2.0 * (full.loglik - sub.loglik))
        tests[TERMS[g]] = {"lr": lr, "p_value": float(0.5 * stats.chi2.sf(lr, 1)) if lr > 0 else 1.0}
    terms = _terms(full, c)
    extra = {}
    for g, src in ((1, air), (2, ins)):
        t = terms[TERMS[g]]
        if t is not None:
            # events of the target side the source side's events set off, over the span
            extra[TERMS[g]] = float(t["branching"] * src.sum())
    return {"cells": list(names), "n_cells": c, "days": int(y.shape[1]), "bin_days": bin_days,
            "events": {"insurgent": float(ins.sum()), "us_air": float(air.sum())},
            "terms": terms, "lr_tests": tests, "triggered_events": extra,
            "loglik": full.loglik, "aic": full.aic, "converged": full.converged}


def country_cross(ins: Array, air: Array, bin_days: int | None = 30) -> dict[str, Any]:
    """The same two cross terms on the country totals, for comparison."""
    y = np.vstack([ins.sum(axis=0), air.sum(axis=0)])
    f = fit_daily(y, bin_days=bin_days, nb=True, groups=_groups(1))
    return {"terms": _terms(f, 1), "loglik": f.loglik}
