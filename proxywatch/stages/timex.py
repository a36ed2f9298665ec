"""Temporal expressions: find them in the clean text and resolve them.

Regexes built from data/timex.yaml find candidate spans; the longest
candidate wins an overlap (ties go to the rule listed first, so "the next
day" is event-relative rather than a duration). Resolution is our own
calendar arithmetic (stages/timex_resolve.py) rather than dateparser, which
puts "on the 29th" in the future and cannot read "late Thursday".

Resolution policy (news reports the past):
- an expression without a year is the most recent occurrence on or before
  the document date; a month-day up to ``future_window_days`` ahead still
  counts as this year (a date a few weeks ahead is a schedule, not last year);
- future wording next to the expression ("will meet on Friday", "is due in
  March") or "next ..." turns that into the next occurrence instead;
- a coarse document date gives only what it supports: a year-only anchor
  dates "Sept. 5" but not "Thursday"; no anchor gives ``--MM-DD`` for a
  month-day and ``None`` for anything else without a written year.

Kinds: ``absolute`` (year written), ``anchored`` (resolved against the
document date), ``event-relative`` (``delta_days`` from the event just
mentioned; resolve with :func:`resolve_relative`), ``range`` (a span of years:
``value`` is the first, ``end_value`` the last), ``duration`` and ``set``
(not points in time: ``value`` None). Precision ``week`` marks a
representative day of a week-level expression ("last week").
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import Document, Mention
from . import timex_resolve as R
from .timex_lexicon import TimexLexicon, _key

__all__ = ["Anchor", "Timex", "TimexFinder", "TimexStage", "find_timexes", "resolve_relative"]


@dataclass(frozen=True)
class Anchor:
    """The document date the expressions are resolved against."""

    published: str | None = None  # YYYY-MM-DD | YYYY-MM | YYYY
    inferred_year: int | None = None


@dataclass(frozen=True)
class Timex:
    start: int  # offsets into the text given to find_timexes
    end: int
    value: str | None  # YYYY-MM-DD | YYYY-MM | YYYY | --MM-DD, None when unknowable or not a point
    kind: str  # absolute | anchored | event-relative | range | duration | set
    precision: str = "day"  # day | week | month | year
    delta_days: int | None = None  # event-relative: days from the previous event
    modifier: str | None = None  # early | late | mid | spring ... (part of the period)
    daypart: str | None = None  # morning | afternoon | evening | night | dawn
    timezone: str | None = None  # local | us | utc, when the text says so
    end_value: str | None = None  # last year of a range


# how far a rule's match may reach before / after its head ("within the past several | days")
_BEFORE, _AFTER = 60, 80
_DAY_RULES = frozenset({"iso", "month_day", "day_month", "weekday", "day_only", "relative_day"})
_PRECISION_OF_UNIT = {"minute": "day", "hour": "day", "day": "day", "night": "day", "week": "week",
                      "month": "month", "year": "year", "decade": "year"}


class TimexFinder:
    """Finds and resolves temporal expressions with one lexicon."""

    def __init__(self, lexicon: TimexLexicon) -> None:
        self.lex = lexicon
        self._rank = {name: i for i, (name, _) in enumerate(lexicon.patterns)}
        self._build: dict[str, Callable[[re.Match[str], str, R.Ref], Timex | None]] = {
            "iso": self._iso, "month_day": self._month_day, "day_month": self._month_day,
            "month_year": self._month_year, "month": self._month, "year_range": self._year_range,
            "year": self._year, "weekday": self._weekday, "day_only": self._day_only,
            "relative_day": self._relative_day, "anchored": self._anchored,
            "event_relative": self._event_relative, "count_relative": self._count_relative,
            "vague_relative": self._vague_relative, "set": self._set, "set_weekday": self._set,
            "set_day": self._set,
            "duration": self._duration,
        }

    @classmethod
    def load(cls) -> TimexFinder:
        return cls(TimexLexicon.load())

    def find(self, text: str, anchor: Anchor) -> list[Timex]:
        ref = R.Ref.parse(anchor.published, anchor.inferred_year)
        cands: list[tuple[int, int, str, Timex]] = []
        windows: dict[int, list[tuple[int, int]]] = {}
        for name, rx in self.lex.patterns:
            build = self._build[name]
            for m in self._matches(name, rx, text, windows):
                t = build(m, text, ref)
                if t is not None and t.end > t.start:
                    cands.append((-(t.end - t.start), self._rank[name], name, t))
        cands.sort(key=lambda c: (c[0], c[1], c[3].start))
        chosen: list[tuple[str, Timex]] = []
        for _, _, name, t in cands:
            if all(t.end <= o.start or t.start >= o.end for _, o in chosen):
                chosen.append((name, t))
        chosen.sort(key=lambda c: c[1].start)
        return self._finish(chosen, text)

    @staticmethod
    def _windows(head: re.Pattern[str], text: str) -> list[tuple[int, int]]:
        """Merged spans around the heads where a rule's matches can lie."""
        out: list[tuple[int, int]] = []
        n = len(text)
        for h in head.finditer(text):
            a, b = max(0, h.start() - _BEFORE), min(n, h.end() + _AFTER)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out

    def _matches(self, name: str, rx: re.Pattern[str], text: str,
                 windows: dict[int, list[tuple[int, int]]]) -> Iterator[re.Match[str]]:
        """Matches of one rule, searched only in windows around its heads."""
        head = self.lex.heads.get(name)
        if head is None:
            yield from rx.finditer(text)
            return
        spans = windows.get(id(head))
        if spans is None:
            spans = windows[id(head)] = self._windows(head, text)
        for lo, hi in spans:
            yield from rx.finditer(text, lo, hi)

    # -- post-processing ---------------------------------------------------

    def _finish(self, chosen: list[tuple[str, Timex]], text: str) -> list[Timex]:
        out: list[Timex] = []
        names: list[str] = []
        for name, t in chosen:
            # "Thursday, Jan. 2": the calendar date wins, the weekday joins its span
            if (out and names[-1] == "weekday" and name in ("month_day", "day_month", "iso")
                    and re.fullmatch(r",?\s*(?:the\s+)?", text[out[-1].end:t.start])):
                prev = out.pop()
                names.pop()
                t = _replace(t, start=prev.start, daypart=prev.daypart, modifier=t.modifier or prev.modifier)
            # "every Sunday, Tuesday and Thursday": the set takes the whole list
            if (out and out[-1].kind == "set" and name == "weekday"
                    and re.fullmatch(r",?\s*(?:(?:and|or)\s+)?", text[out[-1].end:t.start])):
                t = _replace(out.pop(), end=t.end)
                names.pop()
                name = "set"
            if name in _DAY_RULES:
                t = self._timezone(t, text)
            out.append(t)
            names.append(name)
        return out

    def _timezone(self, t: Timex, text: str) -> Timex:
        m = self.lex.tz_after.match(text, t.end)
        if m:
            return _replace(t, end=m.end(), timezone=self.lex.timezones.get(_key(m.group("tz"))))
        b = self.lex.tz_before.search(text[max(0, t.start - 40):t.start])
        if b:
            return _replace(t, timezone=self.lex.timezones.get(_key(b.group("tz"))))
        return t

    def _tense(self, text: str, start: int, end: int) -> str | None:
        """ "future" / "past" from the nearest tense marker around the expression in
        its sentence (the closest one before it wins, else the first one after)."""
        lo = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
        before = text[max(lo, start - 80):start]
        last: tuple[int, str] | None = None
        for rx, tense in ((self.lex.future_markers, "future"), (self.lex.past_markers, "past")):
            for m in rx.finditer(before):
                if last is None or m.start() > last[0]:
                    last = (m.start(), tense)
        if last is not None:
            return last[1]
        stops = [i for i in (text.find(c, end, end + 60) for c in ".!?\n") if i >= 0]
        after = text[end:min(stops + [end + 60])]
        f = self.lex.future_markers.search(after)
        p = self.lex.past_markers.search(after)
        if f is not None and (p is None or f.start() < p.start()):
            return "future"
        return "past" if p is not None else None

    def _future(self, text: str, start: int, end: int) -> bool:
        return self._tense(text, start, end) == "future"

    def _mod(self, m: re.Match[str]) -> tuple[str | None, str | None]:
        """(modifier, daypart): "overnight" is a part of the day, not of a period."""
        raw = m.groupdict().get("mod")
        mod = self.lex.modifiers.get(_key(raw)) if raw else None
        return (None, mod) if mod == "night" else (mod, None)

    # -- builders, one per rule ----------------------------------------------

    def _iso(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        try:
            d = dt.date(int(m["year"]), int(m["mo"]), int(m["day"]))
        except ValueError:
            return None
        return Timex(m.start(), m.end(), d.isoformat(), "absolute")

    def _month_day(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        month = self.lex.months[_key(m["month"])]
        day = int(m["day"])
        mod, dp = self._mod(m)
        if m["year"]:
            try:
                d = dt.date(int(m["year"]), month, day)
            except ValueError:
                return None
            return Timex(m.start(), m.end(), d.isoformat(), "absolute", modifier=mod, daypart=dp)
        if day > calendar.monthrange(2000, month)[1]:
            return None
        tense = self._tense(text, m.start(), m.end())
        # a date a few weeks ahead without tense is a schedule; in the past tense it is last year's
        window = self.lex.future_window_days if tense is None else 0
        res = R.month_day(ref, month, day, tense == "future", window)
        return Timex(m.start(), m.end(), res[0] if res else None, "anchored", modifier=mod, daypart=dp)

    def _month_year(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        month = self.lex.months[_key(m["month"])]
        start = m.start("mod") if m["mod"] else m.start("month")
        return Timex(start, m.end(), R.iso_month(int(m["year"]), month), "absolute", "month",
                     modifier=self._mod(m)[0])

    def _month(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        surface = m["month"]
        prep = _key(m["prep"]) if m["prep"] else None
        mod = self._mod(m)[0]
        if prep is None and mod is None and (surface.title() in self.lex.month_needs_context
                                             or not surface[3:].isalpha()):
            return None  # "May" the verb, "Jan" the name
        if prep is None and mod is None and re.match(r"\s+[A-Z]", text[m.end():m.end() + 2]):
            return None  # part of a name: "September Dawn", "October Revolution"
        month = self.lex.months[_key(surface)]
        rel = prep if prep in ("last", "this past", "next", "this coming", "this") else None
        future = rel is None and self._future(text, m.start(), m.end())
        res = R.month_only(ref, month, rel, future)
        start = m.start("prep") if prep and rel else (m.start("mod") if mod else m.start("month"))
        return Timex(start, m.end(), res[0] if res else None, "anchored", "month", modifier=mod)

    def _year_range(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        y1, y2 = int(m["year"]), int(m["year2"])
        conn = m["conn"].lower()
        opener = (m["opener"] or "").lower()
        if not y1 < y2 <= y1 + 100 or (conn == "and") != (opener == "between"):
            return None
        if opener == "between" and conn != "and":
            return None
        return Timex(m.start(), m.end(), f"{y1:04d}", "range", "year", end_value=f"{y2:04d}")

    def _year(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        mod = self._mod(m)[0]
        if not m["prep"] and mod is None:
            return None  # a bare four-digit number is as often a count as a year
        if mod is None and re.match(r"\s+[a-z]+s\b", text[m.end():m.end() + 30]):
            return None  # "by 2000 troops"
        start = m.start("mod") if m["mod"] else m.start("year")
        return Timex(start, m.end(), m["year"], "absolute", "year", modifier=mod)

    def _weekday(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        wd = self.lex.weekdays[_key(m["weekday"])]
        rel = " ".join(m["rel"].lower().split()) if m["rel"] else None
        mod, dp = self._mod(m)
        if m["dp"]:
            dp = m["dp"].lower()
        future = rel is None and self._future(text, m.start(), m.end())
        res = R.weekday(ref, wd, rel, future)
        return Timex(m.start(), m.end(), res[0] if res else None, "anchored", modifier=mod, daypart=dp)

    def _day_only(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        if text[m.end():m.end() + 1].isalnum():
            return None
        nxt = re.match(r"\s+([^\s.,;:!?)\"'’”]+)", text[m.end():m.end() + 40])
        if nxt:
            word = nxt.group(1)
            if word[:1].isupper() or _key(word) in self.lex.ordinal_blockers or word == "of":
                return None  # "the 7th Fleet", "the 20th century", "the 5th of its kind"
            if not m["on"] and _key(word) not in self.lex.ordinal_followers:
                return None  # without "on", "the 5th attack" is a rank, not a day
        res = R.day_only(ref, int(m["day"]), self._future(text, m.start(), m.end()))
        return Timex(m.start(), m.end(), res[0] if res else None, "anchored")

    def _relative_day(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        if self.lex.day_blocker.search(text[max(0, m.start() - 12):m.start()]):
            return None  # "USA Today"
        res = R.relative_day(ref, self.lex.relative_days[_key(m["phrase"])])
        return Timex(m.start(), m.end(), res[0] if res else None, "anchored",
                     res[1] if res else "day")

    def _anchored(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        spec = self.lex.anchored[_key(m["phrase"])]
        unit = str(spec["unit"])
        res = R.period(ref, unit, int(spec["offset"]), str(spec.get("part", "whole")),
                       self._future(text, m.start(), m.end()))
        prec = res[1] if res else ("week" if unit in ("week", "weekend") else unit)
        return Timex(m.start(), m.end(), res[0] if res else None, "anchored", prec)

    def _event_relative(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        spec = self.lex.event_relative[_key(m["phrase"])]
        return Timex(m.start(), m.end(), None, "event-relative", str(spec.get("precision", "day")),
                     delta_days=int(spec["delta"]))

    def _count(self, m: re.Match[str]) -> int | None:
        if m["digits"]:
            return int(m["digits"])
        return self.lex.numbers.get(_key(m["num"])) if m["num"] else None

    def _unit(self, m: re.Match[str]) -> str:
        u = m["unit"].lower()
        return u if u in self.lex.units else u.rstrip("s")

    def _count_relative(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        n, unit = self._count(m), self._unit(m)
        sign = self.lex.directions[_key(m["dir"])]
        prec = _PRECISION_OF_UNIT.get(unit, "day")
        if _key(m["dir"]) == "ago":
            res = R.ago(ref, n, unit, self.lex.units[unit]) if n is not None else None
            return Timex(m.start(), m.end(), res[0] if res else None, "anchored", res[1] if res else prec)
        if n is None:
            delta = 0 if unit in ("hour", "minute") else None
        elif unit in ("hour", "minute"):
            delta = sign * (n // 24 if unit == "hour" else 0)
        else:
            delta = sign * n * self.lex.units[unit]
        return Timex(m.start(), m.end(), None, "event-relative", prec, delta_days=delta)

    def _vague_relative(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        unit = self._unit(m)
        if not m.group(0)[m.end("unit") - m.start():].lower().startswith("s"):
            return None  # "day after day", "year after year"
        prec = _PRECISION_OF_UNIT.get(unit, "day")
        if m["dir"].lower() == "ago":
            return Timex(m.start(), m.end(), None, "anchored", prec)
        delta = 0 if unit in ("hour", "minute") else None
        return Timex(m.start(), m.end(), None, "event-relative", prec, delta_days=delta)

    def _set(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        return Timex(m.start(), m.end(), None, "set")

    def _duration(self, m: re.Match[str], text: str, ref: R.Ref) -> Timex | None:
        if not m["opener"] and not m["num"] and not m["digits"]:
            return None  # a bare "days" is no expression
        prec = _PRECISION_OF_UNIT.get(self._unit(m), "day")
        return Timex(m.start(), m.end(), None, "duration", prec)


def _replace(t: Timex, **changes: object) -> Timex:
    return replace(t, **changes)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _default_finder() -> TimexFinder:
    return TimexFinder.load()


def find_timexes(text: str, anchor: Anchor, finder: TimexFinder | None = None) -> list[Timex]:
    """All temporal expressions of `text`, in order, resolved against `anchor`.

    The default lexicon (data/timex.yaml) is read on first use.
    """
    return (finder or _default_finder()).find(text, anchor)


def resolve_relative(t: Timex, previous_event_date: str | None) -> str | None:
    """The date of an event-relative expression, counted from the previous event's date.

    Needs a day-precision previous date (``YYYY-MM-DD`` or ``--MM-DD``); a month or
    year gives None, as does a vague delta ("days later").
    """
    if t.kind != "event-relative" or t.delta_days is None or not previous_event_date:
        return None
    if not re.fullmatch(r"\d{4}-\d\d-\d\d|--\d\d-\d\d", previous_event_date):
        return None
    return R.add_days(previous_event_date, t.delta_days, t.precision)


class TimexStage:
    """Pipeline stage "timex": date mentions (original offsets) and the Timex list.

    ``doc.cache["timex"]`` holds the Timex objects with offsets into
    ``doc.clean``, for the events stage (delta_days, modifier, timezone).
    """

    name = "timex"
    requires: tuple[str, ...] = ("clean",)
    produces: tuple[str, ...] = ("timex",)

    def __init__(self, finder: TimexFinder | None = None) -> None:
        self._finder = finder

    @classmethod
    def load(cls) -> TimexStage:
        return cls(TimexFinder.load())

    def __call__(self, doc: Document) -> Document:
        timexes = find_timexes(doc.clean, Anchor(doc.meta.published, doc.meta.inferred_year), self._finder)
        to_orig = doc.offsets.to_orig
        dates = tuple(
            Mention(start=to_orig(t.start), end=to_orig(t.end - 1) + 1, kind="date", entity_id=None,
                    method="rule", label=t.kind, value=t.value)
            for t in timexes
        )
        return doc.with_(mentions=doc.mentions + dates, cache={**doc.cache, "timex": timexes})
