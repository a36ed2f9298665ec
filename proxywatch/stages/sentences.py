"""Rule-based sentence splitting on the clean text.

Cheap on purpose: the relevance cascade must split every document, while
the parser only sees the sentences that matter. Paragraph and line breaks
always end a sentence (normalisation has already joined hard-wrapped
lines); a period ends one unless it closes a known abbreviation or an
initial.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import load_yaml
from ..model import Document, Sentence

_END = re.compile(r"""[.!?]+["'\)\]]*(?=\s+["'(\[]?[A-Z0-9"'])|\n+"""
                  # a lost space after the period ("a security official.The State Department"):
                  # a lower-case word, then a capitalised one; "U.S.The" and "Reuters.com" stay whole
                  r"""|(?<=[a-z]{3})\.(?=[A-Z][a-z]+\s)""")


# "BAGHDAD (AP) —", "ERBIL, December 26 —", "TEHRAN, Iran (Reuters) –", "BEIRUT --"
_DATELINE = re.compile(r"[A-Z][A-Z'.\- ]{2,30}(?:,\s*[A-Z][A-Za-z.]*(?:\s+\d{1,2})?(?:,\s*\d{4})?)?"
                       r"(?:\s*\([^)\n]{1,30}\))?\s*(?:—|–|--)\s*(?=[A-Z“\"])")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    data = load_yaml("abbreviations.yaml")
    return frozenset(a for k in ("titles", "months", "other") for a in data[k])


def _is_abbrev(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial."""
    j = dot
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "(\"'[":
        j -= 1
    word = text[j:dot]
    if not word:
        return False
    if word in _abbreviations():
        return True
    # single capital initials ("J. Smith") and dotted acronyms ("U.S", "U.N")
    return bool(re.fullmatch(r"[A-Z]|([A-Za-z]\.)+[A-Za-z]", word))


def split_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of sentences in `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group().startswith(".") and m.group().rstrip("\"')]") == "." and _is_abbrev(text, m.start()):
            continue
        end = m.end() if not m.group().startswith("\n") else m.start()
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            continue
        dl = _DATELINE.match(text, s, e)
        if dl is not None and dl.end() < e:
            # "ERBIL, December 26 — The United States initiated ...": the dateline is the
            # report's place and time, not part of the first sentence's grammar
            out.append((s, s + len(dl.group().rstrip())))
            s = dl.end()
        out.append((s, e))
    return out


@dataclass(frozen=True)
class SentenceStage:
    name: str = "sentences"
    requires: tuple[str, ...] = ("clean", "offsets")
    produces: tuple[str, ...] = ("sentences",)

    def __call__(self, doc: Document) -> Document:
        to_orig = doc.offsets.to_orig
        sents = tuple(Sentence(to_orig(s), to_orig(e)) for s, e in split_spans(doc.clean))
        return doc.with_(sentences=sents)
