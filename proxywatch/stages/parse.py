"""Relevance cascade and parsing.

Most news is not about this conflict. ``RelevanceStage`` marks a sentence
worth parsing only when a cheap scan finds both a trigger word and an actor
mention in it; ``ParseStage`` then runs spaCy on those sentences alone, so
the parser (the expensive part) sees a small share of an off-topic corpus.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Document, Sentence
from .lexicon import TriggerLexicon

_WORD = re.compile(r"[A-Za-z][a-z\-]+")
# capitalised, these are months, not the verbs "to march", "may"
_MONTHS = frozenset({"March", "May"})
_PRONOUN_START = re.compile(r"\W*(?:He|She|They|It|We|Its|Their|His|Her)\b")


@dataclass
class RelevanceStage:
    lexicon: TriggerLexicon
    enabled: bool = True  # off: every body sentence is parsed (for measuring the cascade)
    name: str = "relevance"
    requires: tuple[str, ...] = ("sentences", "mentions")
    produces: tuple[str, ...] = ("relevance",)

    def __call__(self, doc: Document) -> Document:
        actors = sorted(m.start for m in doc.mentions if m.kind in ("actor", "facility"))
        out: list[Sentence] = []
        for s in doc.sentences:
            rel = doc.in_body(s.start)
            if rel and self.enabled:
                # a sentence opening with a pronoun continues the one before ("They will be
                # held responsible."): it counts as naming an actor when that one was relevant
                continued = bool(out) and out[-1].relevant and _PRONOUN_START.match(doc.text[s.start:s.end]) is not None
                rel = (self._has_actor(actors, s) or continued) and self._has_trigger(doc.clean, doc, s)
            out.append(Sentence(s.start, s.end, rel))
        return doc.with_(sentences=tuple(out))

    @staticmethod
    def _has_actor(starts: list[int], s: Sentence) -> bool:
        import bisect

        i = bisect.bisect_left(starts, s.start)
        return i < len(starts) and starts[i] < s.end

    def _has_trigger(self, clean: str, doc: Document, s: Sentence) -> bool:
        seg = clean[doc.offsets.to_clean(s.start):doc.offsets.to_clean(s.end)]
        if self.lexicon.scan([w.lower() for w in _WORD.findall(seg) if w not in _MONTHS]):
            return True
        low = seg.lower()  # threat idioms are matched as phrases ("hell to pay"), never by one word
        return any(idiom in low for idiom in self.lexicon.threat_idioms)


@dataclass
class ParseStage:
    nlp: Any
    batch_size: int = 64
    disable: tuple[str, ...] = ()  # pipes left for later stages to run where needed ("ner")
    verbs: frozenset[str] = frozenset()  # the verb lemmas later stages look for
    name: str = "parse"
    requires: tuple[str, ...] = ("sentences", "relevance")
    produces: tuple[str, ...] = ("parse",)

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Document]) -> list[Document]:
        """Parse the relevant sentences of many documents in one spaCy batch."""
        jobs: list[tuple[int, int, str]] = []
        for di, doc in enumerate(docs):
            for si, s in enumerate(doc.sentences):
                if s.relevant:
                    jobs.append((di, si, doc.clean[doc.offsets.to_clean(s.start):doc.offsets.to_clean(s.end)]))
        parsed = self.nlp.pipe((t for _, _, t in jobs), batch_size=self.batch_size, disable=list(self.disable))
        per_doc: list[dict[int, Any]] = [{} for _ in docs]
        for (di, si, _), sp in zip(jobs, parsed):
            if self.verbs:
                _repair_lemmas(sp, self.verbs)
            per_doc[di][si] = sp
        return [d.with_(cache={**d.cache, "parses": p}) for d, p in zip(docs, per_doc)]


def _repair_lemmas(sp: Any, verbs: frozenset[str]) -> None:
    """The lemmatiser sometimes strips an inflected verb to another word ("staged" -> "stag").
    When its lemma is no verb we look for but the plainly de-inflected form is, take that."""
    for tok in sp:
        if tok.pos_ not in ("VERB", "AUX") or tok.tag_ not in ("VBD", "VBN", "VBG", "VBZ"):
            continue
        if tok.lemma_.lower() in verbs:
            continue
        low = tok.lower_
        for stem in _stems(low):
            if stem in verbs:
                tok.lemma_ = stem
                break


def _stems(word: str) -> list[str]:
    if word.endswith("ing"):
        base = word[:-3]
        return [base, base + "e"] + ([base[:-1]] if len(base) > 2 and base[-1] == base[-2] else [])
    if word.endswith("ied"):
        return [word[:-3] + "y"]
    if word.endswith("ed"):
        base = word[:-2]
        return [word[:-1], base] + ([base[:-1]] if len(base) > 2 and base[-1] == base[-2] else [])
    if word.endswith("ies"):
        return [word[:-3] + "y"]
    if word.endswith("es"):
        return [word[:-1], word[:-2]]
    if word.endswith("s"):
        return [word[:-1]]
    return []
