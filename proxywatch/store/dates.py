"""Partial ISO dates as closed intervals, so filters compare like with like.

An event dated ``2019-06`` happened some day in June 2019: it matches
``since=2019-06-15`` (the intervals overlap). Year-less ``--MM-DD`` dates and
unknown dates have no interval and never match a since/until filter.
Intervals are ISO strings so SQL can compare them as text.
"""
from __future__ import annotations

import re

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def bounds(date: str | None) -> tuple[str | None, str | None]:
    """``(first_day, last_day)`` of a YYYY / YYYY-MM / YYYY-MM-DD date, else ``(None, None)``."""
    if not date:
        return None, None
    m = _DATE.match(date.strip())
    if not m:
        return None, None
    y, mo, d = m.groups()
    if d:
        return f"{y}-{mo}-{d}", f"{y}-{mo}-{d}"
    if mo:
        # "-31" is a safe textual upper bound for every month
        return f"{y}-{mo}-01", f"{y}-{mo}-31"
    return f"{y}-01-01", f"{y}-12-31"


def overlaps(date: str | None, since: str | None, until: str | None) -> bool:
    """True when ``date`` may fall within [since, until] (either may be open)."""
    if since is None and until is None:
        return True
    lo, hi = bounds(date)
    if lo is None or hi is None:
        return False
    if since is not None and hi < (bounds(since)[0] or since):
        return False
    return until is None or lo <= (bounds(until)[1] or until)
