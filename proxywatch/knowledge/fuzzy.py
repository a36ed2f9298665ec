"""Fuzzy fallback: a capitalised name close to a known alias (rapidfuzz on keys).

Only persons, militias and organisations take part, only names of at least
`min_len` key characters, and never names holding a word of ``pack.no_fuzzy``:
"Kata'ib Hezbollah" and "Hezbollah" are one word apart and different actors.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from .keys import Keyer, default_keyer
from .pack import KnowledgePack


@dataclass(frozen=True)
class FuzzyMatch:
    entity_id: str
    alias: str
    score: float


class FuzzyMatcher:
    def __init__(self, choices: dict[str, tuple[str, str]], protected: frozenset[str], keyer: Keyer,
                 threshold: float = 90.0, single_word_threshold: float = 93.0, min_len: int = 7,
                 single_word: bool = False) -> None:
        self.keyer = keyer
        self.protected = protected
        self.threshold = threshold
        self.single_word_threshold = single_word_threshold
        self.min_len = min_len
        # one misspelt word is too often another word or name: off unless asked for
        self.single_word = single_word
        # bucketed by (first letter, word count): a misspelling rarely changes either
        self._buckets: dict[tuple[str, int], dict[str, tuple[str, str]]] = {}
        for k, v in choices.items():
            self._buckets.setdefault((k[0], k.count(" ") + 1), {})[k] = v

    @classmethod
    def from_pack(cls, pack: KnowledgePack, keyer: Keyer | None = None, **kw: Any) -> FuzzyMatcher:
        keyer = keyer or default_keyer()
        protected = frozenset(keyer.key(w) for w in pack.no_fuzzy)
        choices: dict[str, tuple[str, str]] = {}
        for a in pack.actors.values():
            if a.kind not in ("person", "militia", "org"):
                continue
            for s in (a.name, *a.aliases):
                k = keyer.key(s)
                if len(k) >= 6 and not protected.intersection(k.split()) and k not in choices:
                    choices[k] = (a.id, s)
        return cls(choices, protected, keyer, **kw)

    def match(self, name: str) -> FuzzyMatch | None:
        k = self.keyer.key(name)
        if len(k) < self.min_len or self.protected.intersection(k.split()) or not any(c.islower() for c in name):
            return None
        words = k.count(" ") + 1
        if words == 1 and not self.single_word:
            return None
        bucket = self._buckets.get((k[0], words))
        if not bucket:
            return None
        cutoff = self.single_word_threshold if words == 1 else self.threshold
        best = process.extractOne(k, bucket.keys(), scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is None:
            return None
        eid, alias = bucket[best[0]]
        return FuzzyMatch(eid, alias, float(best[1]))
