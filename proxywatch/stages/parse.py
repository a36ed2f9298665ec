"""Relevance cascade and parsing.

Most news is not about this conflict. ``RelevanceStage`` marks a sentence
worth parsing only when a cheap scan finds both a trigger word and an actor
mention in it; ``ParseStage`` then runs spaCy on those sentences alone, so
the parser (the expensive part) sees a small share of an off-topic corpus.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, Sentence
from .lexicon import TriggerLexicon, has_trigger_word

_WORD = re.compile(r"[A-Za-z][a-z\-]+")


@dataclass
class RelevanceStage:
    lexicon: TriggerLexicon
    enabled: bool = True  # off: every body sentence is parsed (for measuring the cascade)
    name: str = "relevance"
    requires: tuple[str, ...] = ("sentences", "mentions")
    produces: tuple[str, ...] = ("relevance",)

    def __call__(self, doc: Document) -> Document:
        actors = sorted(m.start for m in doc.mentions if m.kind in ("actor", "facility"))
        out = []
        for s in doc.sentences:
            rel = doc.in_body(s.start)
            if rel and self.enabled:
                rel = self._has_actor(actors, s) and self._has_trigger(doc.clean, doc, s)
            out.append(Sentence(s.start, s.end, rel))
        return doc.with_(sentences=tuple(out))

    @staticmethod
    def _has_actor(starts: list[int], s: Sentence) -> bool:
        import bisect

        i = bisect.bisect_left(starts, s.start)
        return i < len(starts) and starts[i] < s.end

    def _has_trigger(self, clean: str, doc: Document, s: Sentence) -> bool:
        seg = clean[doc.offsets.to_clean(s.start):doc.offsets.to_clean(s.end)].lower()
        surface = self.lexicon.surface
        return any(has_trigger_word(w, surface) for w in _WORD.findall(seg))


@dataclass
class ParseStage:
    nlp: Any
    batch_size: int = 64
    name: str = "parse"
    requires: tuple[str, ...] = ("sentences", "relevance")
    produces: tuple[str, ...] = ("parse",)
    _disabled: tuple[str, ...] = field(default=("ner",), repr=False)

    def __call__(self, doc: Document) -> Document:
        idx = [i for i, s in enumerate(doc.sentences) if s.relevant]
        texts = [doc.clean[doc.offsets.to_clean(doc.sentences[i].start):doc.offsets.to_clean(doc.sentences[i].end)]
                 for i in idx]
        parses = dict(zip(idx, self.nlp.pipe(texts, batch_size=self.batch_size)))
        return doc.with_(cache={**doc.cache, "parses": parses})
