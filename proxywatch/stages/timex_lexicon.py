"""The words of temporal expressions (data/timex.yaml) compiled into regexes.

Month and weekday names are matched case-sensitively (as written and in
capitals) so that "may have been killed" and "march on the embassy" never
look like dates; phrases ("the next day", "earlier this week") ignore case.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..datafiles import load_yaml
from ..errors import KnowledgeError

DAY_NUM = r"(?P<day>3[01]|[12]\d|0?[1-9])"
DAY = DAY_NUM + r"(?P<sfx>st|nd|rd|th)?(?!\d)"
YEAR_NUM = r"(?P<year>(?:1[89]|20)\d\d)"
YEAR = YEAR_NUM + r"(?!\d)"


def _alt(words: Iterable[str], group: str | None = None) -> str:
    """An alternation, longest first, with internal spaces matching any run of space."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in parts)
    return f"(?P<{group}>{body})" if group else f"(?:{body})"


def _key(surface: str) -> str:
    return " ".join(surface.lower().rstrip(".").split())


@dataclass(frozen=True)
class TimexLexicon:
    months: Mapping[str, int]  # key(surface) -> month number
    weekdays: Mapping[str, int]  # key(surface) -> ISO weekday (Monday 0)
    modifiers: Mapping[str, str]
    numbers: Mapping[str, int | None]
    units: Mapping[str, int]
    relative_days: Mapping[str, int]
    anchored: Mapping[str, Mapping[str, Any]]
    event_relative: Mapping[str, Mapping[str, Any]]
    directions: Mapping[str, int]
    timezones: Mapping[str, str]  # key(surface) -> zone
    ordinal_blockers: frozenset[str]
    month_needs_context: frozenset[str]
    ordinal_followers: frozenset[str]
    future_markers: re.Pattern[str]
    past_markers: re.Pattern[str]
    future_window_days: int
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (rule, pattern), in priority order
    # rule -> a cheap regex for a part every match contains (None: scan the whole text)
    heads: Mapping[str, re.Pattern[str] | None]
    tz_after: re.Pattern[str]
    tz_before: re.Pattern[str]
    day_blocker: re.Pattern[str]

    @classmethod
    def load(cls, name: str = "timex.yaml") -> TimexLexicon:
        return cls.from_data(load_yaml(name))

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TimexLexicon:
        try:
            return _build(cls, data)
        except (KeyError, TypeError, ValueError, AttributeError, re.error) as e:
            raise KnowledgeError(f"timex.yaml: invalid entry: {e!r}") from e


def _surfaces(table: Mapping[Any, list[str]]) -> tuple[dict[str, int], list[str]]:
    keys: dict[str, int] = {}
    forms: list[str] = []
    for num, names in table.items():
        for n in names:
            keys[_key(n)] = int(num)
            forms.extend([n, n.upper()])
    return keys, forms


def _name_re(forms: list[str], group: str) -> str:
    # a dotless abbreviation must not be the start of a longer word ("Jan" in "Janet")
    return _alt(forms, group) + r"(?![A-Za-z])"


def _build(cls: type[TimexLexicon], data: Mapping[str, Any]) -> TimexLexicon:
    months, month_forms = _surfaces(data["months"])
    weekdays, wd_forms = _surfaces(data["weekdays"])
    modifiers = {_key(k): str(v) for k, v in data["modifiers"].items()}
    numbers = {_key(k): (None if v is None else int(v)) for k, v in data["numbers"].items()}
    units = {_key(k): int(v) for k, v in data["units"].items()}
    rel_days = {_key(k): int(v) for k, v in data["relative_days"].items()}
    anchored = {_key(k): dict(v) for k, v in data["anchored"].items()}
    evrel = {_key(k): dict(v) for k, v in data["event_relative"].items()}
    directions = {_key(k): int(v) for k, v in data["relative_directions"].items()}
    zones = {_key(s): str(z) for z, forms in data["timezones"].items() for s in forms}
    # zone names keep their case: "ET" is a zone, "et" the end of "meet"
    zone_forms = [f for forms in data["timezones"].values() for s in forms
                  for f in (s, s[:1].upper() + s[1:])]

    def month(g: str = "month") -> str:
        return _name_re(month_forms, g)

    wd = _name_re(wd_forms, "weekday")
    wd_plural = _alt(wd_forms, "weekday") + "s"
    mod = "(?i:" + _alt(modifiers, "mod") + r")(?:\s+of)?(?:\s+|-)"
    prep = "(?i:" + _alt(data["month_prepositions"], "prep") + r")\s+"
    year_prep = "(?i:" + _alt(data["year_prepositions"], "prep") + r")\s+"
    num = "(?i:" + _alt(numbers, "num") + r"|(?<![\d,.])(?P<digits>\d{1,4}))"
    unit = "(?i:" + _alt(units, "unit") + r")(?:s|es)?"
    dayparts = "(?i:" + _alt(data["dayparts"], "dp") + ")"
    i = "(?i)"
    w = r"(?<![\w-])"  # the expression starts a word
    e = r"(?![\w-])"  # and ends one
    year2 = r"(?P<year2>(?:1[89]|20)\d\d)(?!\d|,\d)"
    conn = r"(?P<conn>[-–—]|(?i:to|and|until|through))"
    rel = r"(?i:(?P<rel>this\s+past|this\s+coming|last|next|this))"
    set_open = "(?i:" + _alt(data["set_openers"], "opener") + ")"
    dur_open = "(?i:" + _alt(data["duration_openers"], "opener") + ")"
    # (rule, regex) in priority order: on equal span length the earlier rule wins
    rules: list[tuple[str, str]] = [
        ("iso", rf"(?<![\d-]){YEAR_NUM}-(?P<mo>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\d-])"),
        ("month_day", (rf"{w}(?:{mod}(?:(?i:on)\s+)?)?{month()}\s+{DAY}(?:(?:\s*,\s*|\s+){YEAR})?"
                       r"(?!\d|[,.:]\d|\s*(?:%|percent))")),
        ("day_month", rf"(?<![\d,.$])(?:(?i:the)\s+)?{DAY}\s+(?:of\s+)?{month()}(?:,?\s+{YEAR})?"),
        ("month_year", rf"{w}(?:{prep})?(?:{mod})?{month()}(?:\s+of)?,?\s+{YEAR}(?!,\d)"),
        ("month", rf"{w}(?:{prep})?(?:{mod})?{month()}(?!\s*\d|[-\w])"),
        ("year_range", rf"{w}(?:(?i:(?P<opener>between|from))\s+)?{YEAR}\s*{conn}\s*{year2}"),
        ("year", (rf"{w}(?:{year_prep})?(?:(?i:the)\s+)?(?:{mod})?(?<![\d,.$£€]){YEAR}"
                  r"(?!,\d|\s*(?:%|percent)|[-–]\d)")),
        ("weekday", rf"{w}(?:{rel}\s+)?(?:{mod}(?:(?i:on)\s+)?)?{wd}(?!s\b|')(?:\s+{dayparts}{e})?"),
        ("day_only", rf"{w}(?:(?P<on>(?i:on))\s+)?(?i:the)\s+{DAY_NUM}(?P<req>st|nd|rd|th)(?![\w-])"),
        ("relative_day", rf"{i}{w}{_alt(rel_days, 'phrase')}{e}"),
        ("anchored", rf"{i}{w}{_alt(anchored, 'phrase')}{e}"),
        ("event_relative", rf"{i}{w}{_alt(evrel, 'phrase')}{e}"),
        ("count_relative", rf"{w}{num}[\s-]+{unit}\s+(?i:{_alt(directions, 'dir')}){e}"),
        ("vague_relative", rf"{w}{unit}\s+(?i:(?P<dir>later|earlier|after|before|afterwards?|ago)){e}"),
        ("set", rf"{w}{set_open}\s+(?:{num}\s+)?(?:{unit}|{wd_plural}){e}"),
        ("set_day", rf"{w}{set_open}\s+{wd}{e}"),
        ("set_weekday", rf"{w}(?:(?i:on)\s+)?{wd_plural}{e}"),
        ("duration", rf"{w}(?:{dur_open}\s+)?(?:{num}[\s-]+)?{unit}{e}"),
    ]
    patterns = tuple((name, re.compile(rx)) for name, rx in rules)
    # The full rules start with optional words, which defeats the regex engine's
    # first-character scan; a literal head finds the few places worth trying.
    month_head = re.compile(_alt(month_forms))
    wd_head = re.compile(_alt(wd_forms))
    year_head = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
    unit_words = set(units) | {"today", "tonight", "yesterday", "tomorrow", "morning", "afternoon",
                               "evening", "weekend"}
    unit_head = re.compile(r"(?i)" + _alt(unit_words))

    def phrase_head(table: Mapping[str, Any]) -> re.Pattern[str] | None:
        ok = all(any(word.rstrip("s") in unit_words or word in unit_words for word in k.split())
                 for k in table)
        return unit_head if ok else None

    heads: dict[str, re.Pattern[str] | None] = {
        "month_day": month_head, "day_month": month_head, "month_year": month_head, "month": month_head,
        "year_range": year_head, "year": year_head,
        "weekday": wd_head, "set_day": wd_head, "set_weekday": wd_head,
        "relative_day": phrase_head(rel_days), "anchored": phrase_head(anchored),
        "event_relative": phrase_head(evrel),
        "count_relative": unit_head, "vague_relative": unit_head, "set": unit_head, "duration": unit_head,
    }
    tz = r"(?<![\w])" + _alt(zone_forms, "tz")
    # "at 9 p.m. local time": a clock time may stand between the day and its zone
    time = (r"(?:,?\s+(?i:at|around|about|shortly\s+after|just\s+after|just\s+before|before|after)\s+"
            r"(?:about\s+)?\d{1,2}(?::\d\d)?\s*(?i:[ap]\.?\s?m\.?))?")
    return cls(
        months=months, weekdays=weekdays, modifiers=modifiers, numbers=numbers, units=units,
        relative_days=rel_days, anchored=anchored, event_relative=evrel, directions=directions,
        timezones=zones,
        ordinal_blockers=frozenset(_key(b) for b in data["ordinal_blockers"]),
        month_needs_context=frozenset(data["month_needs_context"]),
        ordinal_followers=frozenset(_key(b) for b in data["ordinal_followers"]),
        future_markers=re.compile(rf"{i}{w}{_alt(data['future_markers'])}{e}"),
        past_markers=re.compile(rf"{i}{w}(?:{_alt(data['past_markers'])}|\w+ed){e}"),
        future_window_days=int(data["future_window_days"]),
        patterns=patterns,
        heads=heads,
        tz_after=re.compile(rf"{time}\s*,?\s*\(?\s*{tz}(?![\w])\s*\)?"),
        tz_before=re.compile(rf"{tz}\s*\)?\s*,?\s*(?:(?i:on)\s+)?$"),
        day_blocker=re.compile(rf"(?:{_alt(data['relative_day_blockers'])})\s+$"),
    )
