"""What one report says about an incident: counts and time of day, from its evidence sentence.

Patterns come from data/fusion.yaml: a count is a number (digits or a
number word) shortly before a noun of a detail ("three Katyusha rockets",
"seven people were killed"), or right after a casualty verb ("killing two").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .rules import FusionRules

_VERBS = {"killed": ("killed", "killing"), "wounded": ("wounded", "wounding", "injured", "injuring")}


@dataclass(frozen=True)
class DetailParser:
    """Compiled detail patterns of one rule set (build once, parse many sentences)."""

    rules: FusionRules
    before: dict[str, re.Pattern[str]]
    after: dict[str, re.Pattern[str]]
    time_of_day: dict[str, re.Pattern[str]]
    #: the literal words each pattern needs: a sentence without them is not searched
    #: (the number alternation tries every "a" and "one" of a sentence: slow on 10^5 events)
    words_of: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_rules(cls, rules: FusionRules) -> DetailParser:
        words = sorted(rules.numbers, key=len, reverse=True)
        num = r"(\d{1,4}|" + "|".join(re.escape(w) for w in words) + ")" if words else r"(\d{1,4})"
        before: dict[str, re.Pattern[str]] = {}
        after: dict[str, re.Pattern[str]] = {}
        for key, nouns in rules.details.items():
            alt = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
            # up to three words between the number and the noun ("two Katyusha rockets",
            # "seven people were killed"), none a number or a conjunction
            before[key] = re.compile(rf"\b{num}\s+(?:(?!\d|and\b|or\b|but\b)[\w'-]+\s+){{0,3}}?(?:{alt})\b", re.IGNORECASE)
            if key in _VERBS:
                verbs = "|".join(_VERBS[key])
                after[key] = re.compile(rf"\b(?:{verbs})\s+(?:at\s+least\s+)?{num}\b", re.IGNORECASE)
        tod = {k: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ws) + r")\b", re.IGNORECASE)
               for k, ws in rules.time_of_day.items()}
        words_of = {key: tuple(n.casefold() for n in nouns) for key, nouns in rules.details.items()}
        words_of.update({f"{key}:after": tuple(v.casefold() for v in vs) for key, vs in _VERBS.items()})
        return cls(rules, before, after, tod, words_of)

    def parse(self, text: str) -> dict[str, Any]:
        """``{"rockets": 3, "killed": 2, "time_of_day": "night"}`` — only what the text states."""
        out: dict[str, Any] = {}
        # a pattern's words must occur in the (ASCII) text for it to match
        low = text.casefold() if text.isascii() else None
        for key, pat in self.before.items():
            for pattern, need in ((self.after.get(key), f"{key}:after"), (pat, key)):
                if pattern is None or key in out:
                    continue  # "killing two" (after) is surest
                if low is not None and not any(w in low for w in self.words_of.get(need, ("",))):
                    continue
                m = pattern.search(text)
                if m:
                    v = _value(m.group(1), self.rules)
                    # a year ("in 2019 rockets ...") is not a count
                    if v is not None and not (m.group(1).isdigit() and len(m.group(1)) == 4):
                        out[key] = v
        for name, pat in self.time_of_day.items():
            if pat.search(text):
                out["time_of_day"] = name
                break
        return out


def _value(token: str, rules: FusionRules) -> int | None:
    if token.isdigit():
        return int(token)
    return rules.numbers.get(token.lower())


