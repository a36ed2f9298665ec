"""Calendar arithmetic for temporal expressions against a document date.

Every function returns ``(value, precision)`` or ``None`` when the reference
is too coarse for the expression: an unknowable date stays unknown rather
than being guessed. News reports the past, so the default is the most recent
occurrence on or before the reference; ``future=True`` (scheduled events,
"will meet on Friday") takes the next occurrence instead.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

Resolved = tuple[str, str]  # (ISO value, precision)


@dataclass(frozen=True)
class Ref:
    """The document date, at whatever precision is known."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, published: str | None, inferred_year: int | None) -> Ref:
        if published:
            parts = published.strip().split("-")
            try:
                nums = [int(p) for p in parts[:3]]
            except ValueError:
                nums = []
            if nums and 1 <= nums[0] <= 9999:
                y = nums[0]
                m = nums[1] if len(nums) > 1 and 1 <= nums[1] <= 12 else None
                d = nums[2] if m and len(nums) > 2 and _valid(y, m, nums[2]) else None
                return cls(y, m, d)
        if inferred_year is not None and 1 <= inferred_year <= 9999:
            return cls(inferred_year, None, None)
        return cls()

    @property
    def date(self) -> dt.date | None:
        if self.year and self.month and self.day:
            return dt.date(self.year, self.month, self.day)
        return None


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def iso_day(d: dt.date) -> str:
    return d.isoformat()


def iso_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def shift(d: dt.date, days: int) -> dt.date | None:
    try:
        return d + dt.timedelta(days=days)
    except OverflowError:
        return None


def month_day(ref: Ref, m: int, d: int, future: bool, window: int) -> Resolved | None:
    """ "Sept. 5": the year comes from the reference; none known gives --MM-DD."""
    if not (1 <= m <= 12 and 1 <= d <= 31) or d > calendar.monthrange(2000, m)[1]:
        return None
    today = ref.date
    if today is not None:
        cands = [dt.date(y, m, d) for y in (today.year - 1, today.year, today.year + 1)
                 if 1 <= y <= 9999 and _valid(y, m, d)]
        if future:
            after = [c for c in cands if c >= today]
            return (iso_day(min(after)), "day") if after else None
        limit = today + dt.timedelta(days=window)
        before = [c for c in cands if c <= limit]
        return (iso_day(max(before)), "day") if before else None
    if ref.year is not None and ref.month is not None:
        # publication day unknown: nothing after the month counts as past
        y = ref.year
        if future:
            y = y if m >= ref.month else y + 1
        else:
            y = y if m <= ref.month else y - 1
        return (iso_day(dt.date(y, m, d)), "day") if _valid(y, m, d) else None
    if ref.year is not None:
        return (iso_day(dt.date(ref.year, m, d)), "day") if _valid(ref.year, m, d) else None
    return f"--{m:02d}-{d:02d}", "day"


def month_only(ref: Ref, m: int, rel: str | None, future: bool) -> Resolved | None:
    """ "in February", "last July", "next March": a month of the nearest fitting year."""
    if ref.year is None:
        return None
    if ref.month is None:
        # only the year is known: "in February" is that year's, "last July" unknowable
        return (iso_month(ref.year, m), "month") if rel in (None, "this") else None
    y, cur = ref.year, ref.month
    if rel in ("last", "this past"):
        y = y if m < cur else y - 1
    elif rel in ("next", "this coming"):
        y = y if m > cur else y + 1
    elif rel == "this":
        pass
    elif future:
        y = y if m >= cur else y + 1
    else:
        y = y if m <= cur else y - 1
    return iso_month(y, m), "month"


def weekday(ref: Ref, wd: int, rel: str | None, future: bool) -> Resolved | None:
    """ "Thursday", "last Friday", "next Monday": needs a day-precision reference."""
    today = ref.date
    if today is None:
        return None
    back = (today.weekday() - wd) % 7
    ahead = (wd - today.weekday()) % 7
    if rel in ("last", "this past"):
        days = -(back or 7)
    elif rel in ("next", "this coming"):
        days = ahead or 7
    elif future:
        days = ahead
    else:
        days = -back
    d = shift(today, days)
    return (iso_day(d), "day") if d else None


def day_only(ref: Ref, d: int, future: bool) -> Resolved | None:
    """ "on the 29th": the nearest month that has that day, past unless future."""
    today = ref.date
    if today is None or not 1 <= d <= 31:
        return None
    y, m = today.year, today.month
    step = 1 if future else -1
    if (d < today.day and future) or (d > today.day and not future):
        y, m = add_months(y, m, step)
    for _ in range(3):  # a 31st may need to skip a short month
        if _valid(y, m, d):
            return iso_day(dt.date(y, m, d)), "day"
        y, m = add_months(y, m, step)
    return None


def relative_day(ref: Ref, offset: int) -> Resolved | None:
    """ "yesterday", "tonight": a day offset; "today" survives a month reference."""
    today = ref.date
    if today is not None:
        d = shift(today, offset)
        return (iso_day(d), "day") if d else None
    if offset == 0 and ref.year is not None and ref.month is not None:
        return iso_month(ref.year, ref.month), "month"
    return None


def period(ref: Ref, unit: str, offset: int, part: str, future: bool) -> Resolved | None:
    """ "earlier this week", "last month", "this year".

    Weeks have no ISO form in the output, so they give a representative day
    with precision "week": the true day lies within about three days of it.
    """
    if unit == "year":
        return (f"{ref.year + offset:04d}", "year") if ref.year is not None else None
    if unit == "month":
        if ref.year is None or ref.month is None:
            return None
        if offset == 0 and part == "earlier" and ref.day is not None and ref.day <= 2:
            # "earlier this month" dated the 1st: written in the last days of the month before
            offset = -1
        return iso_month(*add_months(ref.year, ref.month, offset)), "month"
    today = ref.date
    if today is None:
        return None
    if unit == "weekend":
        sat = today - dt.timedelta(days=(today.weekday() - 5) % 7)
        if offset < 0 and today.weekday() >= 5:
            sat -= dt.timedelta(days=7)
        if offset > 0 or (future and offset == 0 and today.weekday() < 5):
            sat += dt.timedelta(days=7)
        return iso_day(sat), "week"
    monday = today - dt.timedelta(days=today.weekday())
    if offset != 0:
        day = monday + dt.timedelta(days=7 * offset + 3)
    elif part == "earlier":
        last = max(monday, today - dt.timedelta(days=1))
        day = monday + (last - monday) // 2
        if today.weekday() == 0:
            day = today - dt.timedelta(days=1)
    elif part == "later" or future:
        sunday = monday + dt.timedelta(days=6)
        first = min(sunday, today + dt.timedelta(days=1))
        day = first + (sunday - first) // 2
    else:
        day = monday + (today - monday) // 2
    return iso_day(day), "week"


def ago(ref: Ref, n: int, unit: str, unit_days: int) -> Resolved | None:
    """ "three days ago", "two years ago"."""
    if unit == "year" and ref.year is not None:
        return f"{ref.year - n:04d}", "year"
    if unit == "decade" and ref.year is not None:
        return f"{ref.year - 10 * n:04d}", "year"
    if unit == "month" and ref.year is not None and ref.month is not None:
        return iso_month(*add_months(ref.year, ref.month, -n)), "month"
    today = ref.date
    if today is None or unit in ("hour", "minute") and n >= 24 * 400:
        return None
    if unit in ("hour", "minute"):
        d = shift(today, -(n // 24) if unit == "hour" else 0)
        return (iso_day(d), "day") if d else None
    if unit in ("day", "night", "week"):
        d = shift(today, -n * unit_days)
        return (iso_day(d), "day" if unit != "week" else "week") if d else None
    return None


def add_days(value: str, days: int, precision: str) -> str | None:
    """Day arithmetic on YYYY-MM-DD or --MM-DD (a leap year stands in for the
    unknown one, so --02-29 stays valid), truncated to `precision`."""
    if value.startswith("--"):
        try:
            base = dt.date(2000, int(value[2:4]), int(value[5:7]))
        except ValueError:
            return None
        d = shift(base, days)
        if d is None:
            return None
        return f"--{d.month:02d}-{d.day:02d}" if precision in ("day", "week") else None
    try:
        base = dt.date.fromisoformat(value)
    except ValueError:
        return None
    d = shift(base, days)
    if d is None:
        return None
    if precision == "month":
        return iso_month(d.year, d.month)
    if precision == "year":
        return f"{d.year:04d}"
    return iso_day(d)
