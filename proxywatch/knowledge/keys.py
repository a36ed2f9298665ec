"""Transliteration-insensitive keys for matching names.

``key("Qassem Suleimani") == key("Kasem Soleimani")``. A key is lowercase ASCII
words separated by single spaces: diacritics go through anyascii, apostrophes
vanish (``Kata'ib`` == ``Kataib``), possessive ``'s`` is cut, hyphens and other
punctuation separate words, articles (``al-``, ``the``) are dropped, and every
word is folded by the spelling rules of ``data/keys.yaml`` (Qods/Quds, q/k/gh,
doubled letters...). ``keyed(text)`` keys a whole text and keeps, for every key
character, the text offset it came from, so matches in key space map back.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import yaml
from anyascii import anyascii

from ..errors import KnowledgeError

_APOSTROPHES = "'’‘ʼʻʿʾ`´′"
# abbreviations with dots ("U.S.", "U.N."), or words with inner apostrophes
_WORD = re.compile(r"(?:[a-z]\.){2,}|[a-z0-9]+(?:'[a-z0-9]+)*'?")


@dataclass(frozen=True)
class KeyRules:
    drop_words: frozenset[str]
    drop_prefixes: frozenset[str]
    folds: tuple[tuple[re.Pattern[str], str], ...]

    @classmethod
    def from_dict(cls, data: dict) -> KeyRules:  # type: ignore[type-arg]
        try:
            folds = tuple((re.compile(a), b) for a, b in data.get("folds", []))
        except (re.error, ValueError, TypeError) as e:
            raise KnowledgeError(f"keys.yaml: bad fold: {e}") from e
        return cls(frozenset(data.get("drop_words", [])), frozenset(data.get("drop_prefixes", [])), folds)

    @classmethod
    def load(cls) -> KeyRules:
        text = resources.files("proxywatch.data").joinpath("keys.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if not isinstance(data, dict):
            raise KnowledgeError("keys.yaml: not a mapping")
        return cls.from_dict(data)


@functools.lru_cache(maxsize=1)
def default_rules() -> KeyRules:
    return KeyRules.load()


class Keyer:
    """Keys texts under one set of rules (cached per word: words repeat a lot)."""

    def __init__(self, rules: KeyRules) -> None:
        self.rules = rules
        self._fold = functools.lru_cache(maxsize=200_000)(self._fold_word)
        self._key = functools.lru_cache(maxsize=300_000)(self._key_uncached)
        self._word = functools.lru_cache(maxsize=300_000)(self._word_uncached)

    def _fold_word(self, w: str) -> str:
        for pat, rep in self.rules.folds:
            w = pat.sub(rep, w)
        return w

    def key(self, s: str) -> str:
        return self._key(s)

    def _key_uncached(self, s: str) -> str:
        return self.keyed_words(s)[0]

    def keyed(self, text: str) -> tuple[str, list[int]]:
        """Key `text`; positions[i] is the text offset of key char i (len(key)+1 entries;
        a separator maps to the end of the word before it, the last entry to the end)."""
        key_text, kstarts, tstarts, tends, firsts = self.keyed_words(text)
        pos: list[int] = []
        for i, ks in enumerate(kstarts):
            if i:
                pos.append(tends[i - 1])
            kend = kstarts[i + 1] - 1 if i + 1 < len(kstarts) else len(key_text)
            pos.append(tstarts[i])
            for k in range(1, kend - ks):
                pos.append(max(tstarts[i], min(firsts[i] + k, tends[i] - 1)))
        pos.append(tends[-1] if tends else len(text))
        return key_text, pos

    def keyed_words(self, text: str) -> tuple[str, list[int], list[int], list[int], list[int]]:
        """Key `text` word by word: the key text, and per key word its start in the key,
        its start in `text` (extended back over a dropped "al-"), its end in `text`, and
        the offset of its own first character."""
        ascii_text, amap = _to_ascii(text)
        low = ascii_text.lower()
        n = len(low)
        out: list[str] = []
        kstarts: list[int] = []
        tstarts: list[int] = []
        tends: list[int] = []
        firsts: list[int] = []
        klen = -1
        word = self._word
        pending_start: int | None = None  # start of dropped article(s) attached to the next word
        for m in _WORD.finditer(low):
            s, e = m.span()
            f, cut, kind = word(m.group(), low[e] if e < n else "")
            if kind != "word":
                if kind == "article" and pending_start is None:
                    pending_start = amap[s]
                if kind != "initial" or out:
                    continue
            e -= cut
            kstarts.append(klen + 1)
            klen += len(f) + 1
            out.append(f)
            # one source char can give several words ("¼" -> "1/4"): keep offsets monotonic
            prev = tends[-1] if tends else 0
            ts = max(prev, amap[s] if pending_start is None else pending_start)
            pending_start = None
            tstarts.append(ts)
            tends.append(max(ts, amap[e - 1] + 1))
            firsts.append(max(ts, amap[s]))
        return " ".join(out), kstarts, tstarts, tends, firsts

    def _word_uncached(self, w: str, nxt: str) -> tuple[str, int, str]:
        """(folded word, chars cut from its end, kind); kind is word, article (dropped,
        its span joins the next word), drop, or initial (a letter before a dot: dropped
        inside a name, "John F. Kirby" == "John Kirby")."""
        if "." in w:
            f = self._fold(w.replace(".", ""))
            return f, 0, "word" if f else "drop"
        cut = 0
        if "'" in w:
            if w.endswith("'s"):
                w, cut = w[:-2], 2
            elif w.endswith("'"):
                w, cut = w[:-1], 1
            w = w.replace("'", "")
        if not w:
            return "", 0, "drop"
        if w in self.rules.drop_words or (nxt == "-" and w in self.rules.drop_prefixes):
            return "", 0, "drop" if w == "the" else "article"
        f = self._fold(w)
        if not f:
            return "", 0, "drop"
        if len(w) == 1 and nxt == "." and cut == 0:
            return f, 0, "initial"
        return f, cut, "word"


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _to_ascii(text: str) -> tuple[str, Sequence[int]]:
    """ASCII transliteration plus, per ASCII char, the offset of its source char."""
    if text.isascii():
        return text, range(len(text) + 1)
    pieces: list[str] = []
    amap: list[int] = []
    prev = 0
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        pieces.append(text[prev:i])
        amap.extend(range(prev, i))
        c = m.group()
        r = "'" if c in _APOSTROPHES else anyascii(c)
        pieces.append(r)
        amap.extend([i] * len(r))
        prev = i + 1
    pieces.append(text[prev:])
    amap.extend(range(prev, len(text) + 1))
    return "".join(pieces), amap


@functools.lru_cache(maxsize=1)
def default_keyer() -> Keyer:
    return Keyer(default_rules())


def key(s: str) -> str:
    """The transliteration-insensitive key of a name (loads data/keys.yaml on first use)."""
    return default_keyer().key(s)


def keyed(text: str) -> tuple[str, list[int]]:
    """Key a whole text; see :meth:`Keyer.keyed`."""
    return default_keyer().keyed(text)
