"""Finding known names in text: a port with an Aho-Corasick and a dict implementation.

Both match alias keys (see :mod:`keys`) over the keyed text, on word boundaries;
a hit must also satisfy the alias's case rule in the real text (acronyms in capitals,
names capitalised), overlapping hits are resolved longest first, and blockers
("Washington Post") win their span and then vanish. Offsets are into the text given
(the clean text, for the stages).
"""
from __future__ import annotations

import abc
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import ahocorasick
from anyascii import anyascii

from .keys import Keyer, default_keyer
from .pack import AliasEntry, KnowledgePack

_BREAK = re.compile(r"[,;:!?()\[\]\"“”|\n—–]|(?<=[a-z]{3})\.\s")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARTICLE_PREFIXES = ("al-", "el-", "al ", "el ", "the ", "al‑")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entity_id: str
    kind: str  # actor | place | facility
    alias: str
    role: str = "name"
    # other entries with the same key (e.g. "Tehran": the state as metonym, and the city)
    alts: tuple[AliasEntry, ...] = ()


class Gazetteer(abc.ABC):
    """Port: find known names in a text."""

    @classmethod
    def from_pack(cls, pack: KnowledgePack, keyer: Keyer | None = None) -> Gazetteer:
        return AhoCorasickGazetteer(pack.entries, keyer)

    @abc.abstractmethod
    def find(self, text: str) -> list[Hit]: ...

    @abc.abstractmethod
    def lookup(self, name: str) -> tuple[AliasEntry, ...]:
        """Entries whose key equals the key of `name` (best first)."""


def group_entries(entries: Iterable[AliasEntry], keyer: Keyer) -> dict[str, tuple[AliasEntry, ...]]:
    groups: dict[str, list[AliasEntry]] = {}
    for e in entries:
        k = keyer.key(e.alias)
        if not k:
            continue
        lst = groups.setdefault(k, [])
        # exact-spelling entries are checked against their own alias, so each one is kept
        if not any(x.entity_id == e.entity_id and x.kind == e.kind
                   and (e.case != "exact" or x.alias == e.alias) for x in lst):
            lst.append(e)
    return {k: tuple(sorted(v, key=lambda e: e.priority)) for k, v in groups.items()}


def _word_ends(kstarts: Sequence[int], n: int) -> list[int]:
    return [s - 1 for s in kstarts[1:]] + ([n] if kstarts else [])


@functools.lru_cache(maxsize=100_000)
def _plain(s: str) -> str:
    low = (s if s.isascii() else anyascii(s)).lower()
    for p in _ARTICLE_PREFIXES:
        if low.startswith(p):
            low = low[len(p):]
            break
    return _NON_ALNUM.sub("", low)


def case_ok(rule: str, span: str, alias: str = "") -> bool:
    """Does the text `span` satisfy the case rule of its alias? ("exact": same letters too)."""
    if rule == "any":
        return True
    if rule == "exact" and _plain(span) != _plain(alias):
        return False
    low = span.lower()
    for p in _ARTICLE_PREFIXES:
        if low.startswith(p):
            span = span[len(p):]
            break
    letters = [c for c in span if c.isalpha()]
    if not letters:
        return False
    if rule == "upper":  # acronyms are spelled as listed: no folds ("K" is not "KH")
        return all(c.isupper() for c in letters) and (not alias or _plain(span) == _plain(alias))
    return letters[0].isupper()


class _Base(Gazetteer):
    def __init__(self, entries: Iterable[AliasEntry], keyer: Keyer | None = None) -> None:
        self.keyer = keyer or default_keyer()
        self.groups: Mapping[str, tuple[AliasEntry, ...]] = group_entries(entries, self.keyer)

    def lookup(self, name: str) -> tuple[AliasEntry, ...]:
        return self.groups.get(self.keyer.key(name), ())

    @abc.abstractmethod
    def _candidates(self, key_text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end) in key space and the key, for every key occurrence (any boundaries)."""

    def find(self, text: str) -> list[Hit]:
        key_text, kstarts, tstarts, tends, _ = self.keyer.keyed_words(text)
        start_at = dict(zip(kstarts, tstarts))
        end_at = {ks + 0: te for ks, te in zip(_word_ends(kstarts, len(key_text)), tends)}
        found: list[tuple[int, int, int, tuple[AliasEntry, ...]]] = []
        for ks, ke, k in self._candidates(key_text):
            start = start_at.get(ks)
            end = end_at.get(ke)
            if start is None or end is None:
                continue
            span = text[start:end]
            # keys lose punctuation; a name does not run across a comma or a sentence end
            broken = _BREAK.search(span) is not None
            ok = _unique(e for e in self.groups[k] if case_ok(e.case, span, e.alias)
                         and (not broken or _BREAK.search(e.alias) is not None)
                         and not (e.case == "upper" and len(span) <= 3 and _shouting(text, start, end)))
            if ok:
                found.append((start, end, ke - ks, ok))
        return _resolve(found)


_CAPS_WORD = re.compile(r"[A-Z]{2,}")


def _shouting(text: str, start: int, end: int) -> bool:
    """Is a short acronym inside an all-capitals headline ("IS IT OVER")?"""
    before = text[max(0, start - 12):start].split()
    after = text[end:end + 12].split()
    near = ([before[-1]] if before else []) + ([after[0]] if after else [])
    return any(_CAPS_WORD.fullmatch(w.strip(".,:;!?\"'()")) and len(w.strip(".,:;!?\"'()")) > 3 for w in near)


def _unique(entries: Iterable[AliasEntry]) -> tuple[AliasEntry, ...]:
    seen: set[tuple[str | None, str]] = set()
    out = []
    for e in entries:
        if (e.entity_id, e.kind) not in seen:
            seen.add((e.entity_id, e.kind))
            out.append(e)
    return tuple(out)


def _resolve(found: Sequence[tuple[int, int, int, tuple[AliasEntry, ...]]]) -> list[Hit]:
    """Longest match wins; blockers take their span and produce nothing."""
    taken: set[int] = set()
    hits: list[Hit] = []
    for start, end, _, entries in sorted(found, key=lambda f: (-f[2], f[0])):
        span = range(start, end)
        if not taken.isdisjoint(span):
            continue
        taken.update(span)
        best = entries[0]
        if best.kind == "blocker" or best.entity_id is None:
            continue
        hits.append(Hit(start, end, best.entity_id, best.kind, best.alias, best.role, entries[1:]))
    hits.sort(key=lambda h: h.start)
    return hits


class AhoCorasickGazetteer(_Base):
    """All alias keys in one automaton: one pass over the keyed text."""

    def __init__(self, entries: Iterable[AliasEntry], keyer: Keyer | None = None) -> None:
        super().__init__(entries, keyer)
        self._auto = ahocorasick.Automaton()
        # padded with spaces so that only whole-word occurrences are reported
        for k in self.groups:
            self._auto.add_word(f" {k} ", k)
        if len(self._auto):
            self._auto.make_automaton()

    def _candidates(self, key_text: str) -> Iterator[tuple[int, int, str]]:
        if not len(self._auto):
            return
        for end_idx, k in self._auto.iter(f" {key_text} "):
            # padded text index end_idx is the closing space; in key_text, the word ends there - 1
            yield end_idx - len(k) - 1, end_idx - 1, k


class DictGazetteer(_Base):
    """Word n-grams looked up in a dict: slower, no native dependency; for tests."""

    def __init__(self, entries: Iterable[AliasEntry], keyer: Keyer | None = None) -> None:
        super().__init__(entries, keyer)
        self._max = max((k.count(" ") + 1 for k in self.groups), default=0)

    def _candidates(self, key_text: str) -> Iterator[tuple[int, int, str]]:
        starts = [0] + [i + 1 for i, c in enumerate(key_text) if c == " "]
        ends = [i for i, c in enumerate(key_text) if c == " "] + [len(key_text)]
        for i, s in enumerate(starts):
            for j in range(i, min(i + self._max, len(ends))):
                k = key_text[s:ends[j]]
                if k in self.groups:
                    yield s, ends[j], k
