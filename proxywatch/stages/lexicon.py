"""The trigger lexicon (``data/triggers.yaml``) and matching it on spaCy tokens."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..datafiles import load_yaml
from ..errors import KnowledgeError
from .roles import GOVERNING_VERBS

ARG_DEPS = {"dobj", "nsubj", "nsubjpass", "attr", "compound", "amod", "oprd", "acomp", "npadvmod", "appos"}
def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a lemma (the cheap scan matches these exactly)."""
    w = lemma.lower()
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er", w + "ers"}
    if w.endswith("e"):
        out |= {w[:-1] + "ing", w[:-1] + "ion", w[:-1] + "ions"}
    if w.endswith("y") and len(w) > 2:
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # "plotted", "shelling"
    return out



@dataclass(frozen=True)
class TriggerEntry:
    type: str
    mode: str
    lemma: str
    pos: str  # VERB | NOUN
    particle: str | None = None  # second word of a phrasal trigger
    needs: frozenset[str] | None = None  # an argument lemma must be one of these
    forbid: frozenset[str] | None = None  # "demonstrate !ccomp": no child with these deps
    threat_check: bool = False  # "warn ?threat": only with a threatening complement
    subject_is_recipient: bool = False  # "Iran will pay a heavy price": the subject is threatened


@dataclass(frozen=True)
class TriggerHit:
    token_i: int
    end_i: int  # exclusive, covers the particle when there is one
    entry: TriggerEntry


#: fields of TriggerLexicon read from triggers.yaml as plain word lists (same names there)
_WORD_SETS = ("light_verbs", "speech_verbs", "claim_markers", "hypothetical", "speculative_heads",
              "conditional_marks", "denial_verbs", "anaphoric_claims", "actor_nouns", "accident_words",
              "accident_prone", "accident_modifiers", "attribution_verbs", "circumstance_marks",
              "crowd_nouns", "quote_introducers")


@dataclass
class TriggerLexicon:
    by_lemma: dict[tuple[str, str], list[TriggerEntry]]
    light_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    claim_markers: frozenset[str]
    hypothetical: frozenset[str]
    speculative_heads: frozenset[str]
    conditional_marks: frozenset[str]
    denial_verbs: frozenset[str]
    threat_idioms: tuple[str, ...] = ()
    anaphoric_claims: frozenset[str] = frozenset()
    actor_nouns: frozenset[str] = frozenset()
    idiomatic_objects: dict[str, frozenset[str]] = field(default_factory=dict)
    accident_words: frozenset[str] = frozenset()
    accident_prone: frozenset[str] = frozenset()
    accident_modifiers: frozenset[str] = frozenset()
    attribution_verbs: frozenset[str] = frozenset()
    circumstance_marks: frozenset[str] = frozenset()
    crowd_nouns: frozenset[str] = frozenset()
    quote_introducers: frozenset[str] = frozenset()
    office_titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    surface: frozenset[str] = field(default_factory=frozenset)  # cheap relevance scan
    # forms of lemmas that trigger only with an argument word -> those words' forms
    constrained: dict[str, frozenset[str]] = field(default_factory=dict)

    @staticmethod
    def consumed(sp: Any, hits: list["TriggerHit"]) -> set[int]:
        """Tokens a constrained trigger took as its argument ("lifted sanctions", "called off
        a strike"): they are part of that event, not events of their own."""
        out: set[int] = set()
        for h in hits:
            if h.entry.needs is None:
                continue
            for a in _arguments(sp[h.token_i]):
                if _arg_lemma(a) in h.entry.needs:
                    out.add(a.i)
        return out

    @functools.cached_property
    def mover_nouns(self) -> frozenset[str]:
        """Nouns of movements (withdrawals, deployments, aid shipments)."""
        return frozenset(lemma for (lemma, pos), entries in self.by_lemma.items()
                         if pos == "NOUN" and any(e.type in ("RETREAT", "MOBILIZE", "AID") for e in entries))

    @functools.cached_property
    def verb_lemmas(self) -> frozenset[str]:
        """Every verb lemma a rule looks for: triggers, light, speech and governing verbs."""
        return frozenset({lemma for lemma, pos in self.by_lemma if pos == "VERB"} | self.light_verbs
                         | self.speech_verbs | GOVERNING_VERBS)

    def scan(self, words: list[str]) -> bool:
        """Cheap relevance test on the lowercase words of a sentence."""
        present = set(words)
        for w in words:
            if w in self.surface:
                return True
            need = self.constrained.get(w)
            if need and not need.isdisjoint(present):
                return True
        return False

    @classmethod
    def load(cls, name: str = "triggers.yaml") -> "TriggerLexicon":
        return cls.from_data(load_yaml(name))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "TriggerLexicon":
        classes = {k: frozenset(v) for k, v in (data.get("classes") or {}).items()}
        by_lemma: dict[tuple[str, str], list[TriggerEntry]] = {}
        for e in data["entries"]:
            for pos, key in (("VERB", "verbs"), ("NOUN", "nouns")):
                for raw in e.get(key) or []:
                    entry = _parse_entry(raw, pos, e["type"], e.get("mode", ""), classes,
                                         bool(e.get("subject_is_recipient")))
                    by_lemma.setdefault((entry.lemma, pos), []).append(entry)
        surface: set[str] = set()
        constrained: dict[str, set[str]] = {}
        for (lemma, _), entries in by_lemma.items():
            if any(e.needs is None for e in entries):
                surface.update(inflections(lemma))
            else:
                # "fire ~@weapon", "suspend ~aid": relevant only with one of its argument words
                needed = set().union(*(e.needs or frozenset() for e in entries))
                words = set().union(*(inflections(w) for w in needed)) if needed else set()
                for form in inflections(lemma):
                    constrained.setdefault(form, set()).update(words)
        surface.update(data.get("irregular_forms") or [])
        return cls(
            by_lemma=by_lemma,
            threat_idioms=tuple(data.get("threat_idioms") or []),
            idiomatic_objects={k: frozenset(v) for k, v in (data.get("idiomatic_objects") or {}).items()},
            office_titles={k: tuple(v) for k, v in (data.get("office_titles") or {}).items()},
            **{name: frozenset(data.get(name) or []) for name in _WORD_SETS},
            surface=frozenset(surface),
            constrained={k: frozenset(v) for k, v in constrained.items() if k not in surface},
        )

    def match(self, sent: Any) -> Iterator[TriggerHit]:
        """Trigger hits in a parsed spaCy span or Doc, in text order."""
        for tok in sent:
            pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
            if pos is None:
                continue
            lemma = tok.lemma_.lower()
            cands = self.by_lemma.get((lemma, pos), [])
            if not cands and pos == "NOUN":
                cands = self.by_lemma.get((tok.lower_, pos), [])
            # specific entries (phrasal, constrained) before bare ones
            for entry in sorted(cands, key=lambda x: (x.particle is None, x.needs is None)):
                end = _satisfies(tok, entry)
                if end is not None:
                    yield TriggerHit(tok.i, end, entry)
                    break


def _parse_entry(raw: str, pos: str, etype: str, mode: str, classes: dict[str, frozenset[str]],
                 subject_is_recipient: bool = False) -> TriggerEntry:
    needs: frozenset[str] | None = None
    forbid: frozenset[str] | None = None
    threat_check = False
    particle = None
    word = raw
    if "!" in raw:
        word, _, deps = raw.partition("!")
        forbid = frozenset(deps.strip().split("|"))
        raw = word = word.strip()
    if "?threat" in raw:
        threat_check = True
        raw = word = raw.replace("?threat", "").strip()
    if "~" in raw:
        word, _, cond = raw.partition("~")
        cond = cond.strip()
        words: set[str] = set()
        for part in cond.split("|"):  # "~@talks|delegation": a class and single words
            part = part.strip()
            if part.startswith("@"):
                if part[1:] not in classes:
                    raise KnowledgeError(f"triggers.yaml: {raw!r}: unknown class {part}")
                words |= classes[part[1:]]
            elif part:
                words.add(part)
        needs = frozenset(words)
        word = word.strip()
    parts = word.split()
    if len(parts) > 1:
        word, particle = parts[0], " ".join(parts[1:])
    return TriggerEntry(type=etype, mode=mode, lemma=word.lower(), pos=pos, particle=particle, needs=needs,
                        forbid=forbid, threat_check=threat_check, subject_is_recipient=subject_is_recipient)


THREAT_AUX = {"will", "would", "'ll", "shall", "must", "should", "wo"}


def threatening_complement(tok: Any) -> bool:
    """ "warned that X will ...", "warned that if ...", "warned X not to": a threat, not advice."""
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp", "parataxis", "advcl"):
            for g in c.subtree:
                if g.lower_ in THREAT_AUX or g.lower_ in ("if", "unless", "accountable", "responsible"):
                    return True
            if c.dep_ == "xcomp" and any(g.dep_ == "neg" for g in c.children):
                return True
        if c.dep_ == "prep" and c.lower_ == "of":
            return True  # "warned of consequences"
    return False


def _satisfies(tok: Any, entry: TriggerEntry) -> int | None:
    end = tok.i + 1
    if entry.forbid and any(c.dep_ in entry.forbid for c in tok.children):
        return None
    if entry.threat_check and not threatening_complement(tok):
        return None
    if entry.particle:
        first = entry.particle.split()[0]
        hit = [c for c in tok.children if c.lower_ == first or c.lemma_.lower() == first]
        j = tok.i + 1
        while j < len(tok.doc) and tok.doc[j].is_punct:
            j += 1  # 'drawing "down personnel': quotes between verb and particle
        nxt = tok.doc[j] if j < len(tok.doc) else None
        if hit:
            end = max(end, hit[0].i + 1)
        elif nxt is not None and (nxt.lower_ == first or nxt.lemma_.lower() == first):
            end = nxt.i + 1
        elif tok.i > 0 and entry.pos == "NOUN" and tok.nbor(-1).lower_ == first:
            pass  # "hunger strike" style handled by needs
        else:
            return None
    if entry.needs is not None:
        if not any(_arg_lemma(a) in entry.needs for a in _arguments(tok)):
            return None
    return end


def _arg_lemma(tok: Any) -> str:
    return str(tok.lemma_.lower())


def _arguments(tok: Any) -> Iterator[Any]:
    for c in tok.children:
        if c.dep_ in ARG_DEPS:
            yield c
            for cc in c.children:
                if cc.dep_ in ("compound", "conj"):
                    yield cc
                elif cc.dep_ == "prep" and cc.lower_ == "of":
                    # "launched tens of missiles", "fired dozens of rockets"
                    for g in cc.children:
                        if g.dep_ == "pobj":
                            yield g
        elif c.dep_ in ("prep", "agent"):
            for g in c.children:
                if g.dep_ == "pobj":
                    yield g
                    for gc in g.children:
                        if gc.dep_ in ("compound", "amod"):
                            yield gc
        elif c.dep_ in ("xcomp", "ccomp", "advmod"):
            yield c
    if tok.dep_ in ("amod", "compound", "acl", "relcl"):
        yield tok.head
