"""Stage "ner": names spaCy finds that the gazetteer did not (PERSON, ORG, NORP, GPE).

Each is first resolved through the pack (an exact alias inside it covering the name,
else the fuzzy matcher); otherwise it is kept with entity id None and its label, so
that later stages still see a named actor. ``doc.cache["parses"]`` holds one spaCy
Doc per sentence index, parsed from that sentence's clean text.
"""
from __future__ import annotations

from typing import Any, Callable

from ..model import Document, Mention, MentionKind
from .mentions import Resolver

LABELS = ("PERSON", "ORG", "NORP", "GPE")
_LEADING = ("the ", "The ")


class NerStage:
    name = "ner"
    requires: tuple[str, ...] = ("mentions", "parse")
    produces: tuple[str, ...] = ("mentions",)

    def __init__(self, resolver: Resolver, labels: tuple[str, ...] = LABELS,
                 ner: Callable[[Any], Any] | None = None, wanted: Callable[[Any], bool] | None = None) -> None:
        """`ner`: spaCy's entity recogniser, run here on parses made without it, and only on
        the sentences `wanted` accepts (it costs half the parse: sentences that can hold no
        event need no names)."""
        self.resolver = resolver
        self.labels = labels
        self.ner = ner
        self.wanted = wanted

    @classmethod
    def load(cls) -> NerStage:
        return cls(Resolver.load())

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Document]) -> list[Document]:
        """Run the recogniser once over the wanted sentences of many documents."""
        states = []
        jobs: list[tuple[int, int]] = []
        for di, doc in enumerate(docs):
            parses: dict[int, Any] = dict(doc.cache.get("parses") or {})
            taken = bytearray(len(doc.text) + 1)
            for m in doc.mentions:
                if m.kind != "date":
                    taken[m.start:m.end] = b"\x01" * (m.end - m.start)
            if self.ner is not None:
                jobs.extend((di, i) for i, sd in parses.items()
                            if not sd.has_annotation("ENT_IOB") and (self.wanted is None or (
                                self.wanted(sd) and self._unknown_name(doc, i, sd, taken))))
            states.append((parses, taken))
        if self.ner is not None and jobs:
            pipe = getattr(self.ner, "pipe", None)
            todo = [states[di][0][i] for di, i in jobs]
            done = list(pipe(todo)) if callable(pipe) else [self.ner(sd) for sd in todo]
            for (di, i), sd in zip(jobs, done):
                states[di][0][i] = sd
        return [self._finish(doc, parses, taken) for doc, (parses, taken) in zip(docs, states)]

    def _finish(self, doc: Document, parses: dict[int, Any], taken: bytearray) -> Document:
        new: list[Mention] = []
        for i, sent in enumerate(doc.sentences):
            sdoc = parses.get(i)
            if sdoc is None:
                continue
            if not sdoc.has_annotation("ENT_IOB"):
                continue
            base = doc.offsets.to_clean(sent.start) if doc.clean else sent.start
            for ent in sdoc.ents:
                if ent.label_ not in self.labels:
                    continue
                found = self._mention(doc, base, ent.start_char, ent.end_char, ent.text, ent.label_)
                if found is None or any(taken[found.start:found.end]) or not doc.in_body(found.start):
                    continue
                taken[found.start:found.end] = b"\x01" * (found.end - found.start)
                new.append(found)
        if self.ner is not None:
            doc = doc.with_(cache={**doc.cache, "parses": parses})
        if not new:
            return doc
        return doc.with_(mentions=tuple(sorted(doc.mentions + tuple(new), key=lambda m: (m.start, m.end))))

    @staticmethod
    def _unknown_name(doc: Document, i: int, sd: Any, taken: bytearray) -> bool:
        """Does the sentence hold a proper noun no mention covers? Otherwise NER can add nothing."""
        base = doc.offsets.to_clean(doc.sentences[i].start) if doc.clean else doc.sentences[i].start
        for tok in sd:
            if tok.pos_ == "PROPN" and tok.i > 0:
                start = doc.offsets.to_orig(base + tok.idx) if doc.clean else base + tok.idx
                if start < len(taken) and not taken[start]:
                    return True
        return False

    def _mention(self, doc: Document, base: int, s: int, e: int, text: str, label: str) -> Mention | None:
        for p in _LEADING:  # spaCy keeps "the" in ORG names; the name starts after it
            if text.startswith(p):
                s += len(p)
                text = text[len(p):]
        for suffix in ("'s", "’s"):
            if text.endswith(suffix):
                e -= len(suffix)
                text = text[: -len(suffix)]
        if not text.strip():
            return None
        cs, ce = base + s, base + e
        if doc.clean:
            start, end = doc.offsets.to_orig(cs), doc.offsets.to_orig(ce - 1) + 1
        else:
            start, end = cs, ce
        kind: MentionKind = "place" if label == "GPE" else "actor"
        eid: str | None = None
        hits = self.resolver.gazetteer.find(text)
        if hits and hits[0].start == 0 and hits[-1].end >= len(text.rstrip(".")) and len(hits) == 1:
            eid = hits[0].entity_id
            kind = "facility" if hits[0].kind == "facility" else "place" if hits[0].kind == "place" else "actor"
        elif self.resolver.fuzzy is not None and label in ("PERSON", "ORG"):
            fm = self.resolver.fuzzy.match(text)
            if fm is not None:
                eid, kind = fm.entity_id, "actor"
        return Mention(start, end, kind, eid, "ner", label)
