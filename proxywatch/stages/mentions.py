"""Stage "mentions": actors, places and facilities named in the body of a document.

Exact matches come from the gazetteer over the clean text; then
- context rules re-resolve ambiguous names ("Iraqi Hezbollah", "Hezbollah in Iraq"
  are Kata'ib Hezbollah; bare "Hezbollah" stays Lebanese Hezbollah);
- a capital used as metonym is the state when it acts ("Tehran warned", "Tehran's
  reaction", "loyal to Tehran") and otherwise the city ("in Tehran", "visited Baghdad");
- a facility with an operator (an embassy) also yields an actor mention of the operator;
- capitalised spans that match nothing exactly may match an actor alias fuzzily.
Adjectives: a demonym alone ("Iranian") is a mention of the country; a longer phrase in
the data ("Iranian-backed militias", "Iranian officials") is one mention of its own id,
because the longest match wins. Mentions inside boilerplate zones are not produced.
Offsets are converted to the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..knowledge.fuzzy import FuzzyMatcher
from ..knowledge.gazetteer import Gazetteer, Hit
from ..knowledge.keys import Keyer, default_keyer
from ..knowledge.pack import ContextRule, KnowledgePack, default_pack
from ..model import Document, Mention, MentionKind

_SENT_END = re.compile(r"[.!?\n]")
# runs of capitalised words, allowing Arabic particles inside ("Abu Mahdi al-Muhandis")
_CAPS = re.compile(r"\b[A-Z][\w'’]*(?:[- ](?:(?:al|el|bin|ibn|bint|abu|Abu|de|of)[- ])?[A-Z][\w'’]*)*")
_WINDOW = 60


@dataclass(frozen=True)
class Resolver:
    """Everything the stage needs, built once (the pack and its indexes)."""

    pack: KnowledgePack
    gazetteer: Gazetteer
    fuzzy: FuzzyMatcher | None
    keyer: Keyer = field(default_factory=default_keyer)

    @classmethod
    def from_pack(cls, pack: KnowledgePack, fuzzy: bool = True) -> Resolver:
        return cls(pack, Gazetteer.from_pack(pack), FuzzyMatcher.from_pack(pack) if fuzzy else None)

    @classmethod
    def load(cls) -> Resolver:
        return cls.from_pack(default_pack())

    # ------------------------------------------------------------------ clean-text level
    def resolve(self, clean: str) -> list[tuple[int, int, MentionKind, str, str, str]]:
        """(start, end, kind, entity id, method, alias) in clean offsets."""
        out: list[tuple[int, int, MentionKind, str, str, str]] = []
        # "Aaron David Miller" holds no city David
        hits = [h for h in self.gazetteer.find(clean)
                if not (h.role == "city" and _inside_name(clean, h.start, h.end))]
        for h in hits:
            kind, eid = self._decide(clean, h, hits)
            out.append((h.start, h.end, kind, eid, "exact", h.alias))
            op = self.pack.operators.get(eid) if kind == "facility" else None
            if op:
                out.append((h.start, h.end, "actor", op, "exact", h.alias))
        if self.fuzzy is not None:
            out.extend(self._fuzzy(clean, hits))
        out.sort(key=lambda t: (t[0], t[1]))
        return out

    def _decide(self, clean: str, h: Hit, hits: list[Hit]) -> tuple[MentionKind, str]:
        rules = [r for r in self.pack.context_rules if r.source == h.entity_id]
        if rules or h.role == "metonym":
            before, after = self._context(clean, h.start, h.end)
        for rule in rules:
            if self._rule_applies(rule, before, after) or self._sentence_rule(rule, clean, h, hits):
                return "actor", rule.target
        if h.role == "metonym":
            place = next((a for a in h.alts if a.kind == "place" and a.entity_id), None)
            if place is not None and not self._agentive(clean, h, before, after):
                return "place", place.entity_id  # type: ignore[return-value]
        kind: MentionKind = "facility" if h.kind == "facility" else "place" if h.kind == "place" else "actor"
        return kind, h.entity_id

    def _context(self, clean: str, start: int, end: int) -> tuple[str, str]:
        """Keys of the words just before and after a span, within its sentence."""
        left = clean[max(0, start - _WINDOW):start]
        cut = max((m.end() for m in _SENT_END.finditer(left)), default=0)
        right = clean[end:end + _WINDOW]
        m = _SENT_END.search(right)
        right_raw = right[:m.start()] if m else right
        # "(KH)" and "'s" must survive keying as words
        return self.keyer.key(left[cut:]), self.keyer.key(right_raw)

    def _rule_applies(self, rule: ContextRule, before: str, after: str) -> bool:
        for b in rule.before:
            k = self.keyer.key(b)
            if k and (before == k or before.endswith(" " + k)):
                return True
        for a in rule.after:
            k = self.keyer.key(a)
            if k and (after == k or after.startswith(k + " ")):
                return True
        return False

    def _sentence_rule(self, rule: ContextRule, clean: str, h: Hit, hits: list[Hit]) -> bool:
        if not rule.sentence_with:
            return False
        lo = max((m.end() for m in _SENT_END.finditer(clean, 0, h.start)), default=0)
        m = _SENT_END.search(clean, h.end)
        hi = m.start() if m else len(clean)
        words = set((self.keyer.key(clean[lo:h.start]) + " " + self.keyer.key(clean[h.end:hi])).split())
        if words & {self.keyer.key(w) for w in rule.sentence_without_words}:
            return False
        seen: set[str] = set()
        for o in hits:
            if o is h or not (lo <= o.start < hi):
                continue
            if o.kind == "actor":
                seen.update(self.pack.lineage(o.entity_id))
            else:
                p = self.pack.place(o.entity_id)
                seen.update((o.entity_id, p.country) if p is not None and p.country else (o.entity_id,))
        return bool(seen & set(rule.sentence_with)) and not seen & set(rule.sentence_without)

    def _agentive(self, clean: str, h: Hit, before: str, after: str) -> bool:
        """Is a capital used as the state here ("Tehran warned", "loyal to Tehran")?"""
        if _ends_with_any(before, self.pack.metonym_place_before, self.keyer):
            return False
        if clean[h.end:h.end + 2] in ("'s", "’s"):
            return True
        for w in self.pack.metonym_actor_after:
            k = self.keyer.key(w)
            if k and (after == k or after.startswith(k + " ")):
                return True
        for w in self.pack.metonym_actor_before:
            k = self.keyer.key(w)
            if k and (before == k or before.endswith(" " + k)):
                return True
        return False

    def _fuzzy(self, clean: str, hits: list[Hit]) -> list[tuple[int, int, MentionKind, str, str, str]]:
        assert self.fuzzy is not None
        covered = bytearray(len(clean) + 1)
        for h in hits:
            covered[h.start:h.end] = b"\x01" * (h.end - h.start)
        out: list[tuple[int, int, MentionKind, str, str, str]] = []
        for m in _CAPS.finditer(clean):
            s, e = m.span()
            if any(covered[s:e]):
                continue
            # a lone capitalised word opening a sentence is usually an ordinary word
            if " " not in m.group() and "-" not in m.group() and _sentence_initial(clean, s):
                continue
            fm = self.fuzzy.match(m.group())
            if fm is not None:
                out.append((s, e, "actor", fm.entity_id, "fuzzy", fm.alias))
        return out


_CAP_BEFORE = re.compile(r"[A-Z][\w'’.-]* $")
_CAP_AFTER = re.compile(r"^ [A-Z]")


def _inside_name(clean: str, s: int, e: int) -> bool:
    """A city name glued to other capitalised words is part of another name."""
    m = _CAP_BEFORE.search(clean[max(0, s - 30):s])
    if m and not _sentence_initial(clean, s - len(m.group())):
        return True
    return bool(_CAP_AFTER.match(clean[e:e + 2]))


def _ends_with_any(before: str, words: tuple[str, ...], keyer: Keyer) -> bool:
    for w in words:
        k = keyer.key(w)
        if k and (before == k or before.endswith(" " + k)):
            return True
    return False


def _sentence_initial(clean: str, s: int) -> bool:
    j = s - 1
    while j >= 0 and clean[j] in " \t\"“‘'(":
        j -= 1
    return j < 0 or clean[j] in ".!?\n:"


class MentionStage:
    """Adds actor/place/facility mentions (original offsets) to a document."""

    name = "mentions"
    requires: tuple[str, ...] = ("clean", "zones")
    produces: tuple[str, ...] = ("mentions",)

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver

    @classmethod
    def load(cls) -> MentionStage:
        return cls(Resolver.load())

    def __call__(self, doc: Document) -> Document:
        clean = doc.clean or doc.text
        offsets = doc.offsets if doc.clean else None
        new: list[Mention] = []
        for s, e, kind, eid, method, alias in self.resolver.resolve(clean):
            start = offsets.to_orig(s) if offsets else s
            end = offsets.to_orig(e - 1) + 1 if offsets and e > s else (e if not offsets else start)
            if not doc.in_body(start):
                continue
            new.append(Mention(start, end, kind, eid, method, alias))
        kept = tuple(m for m in doc.mentions if m.method not in ("exact", "fuzzy") or m.kind == "date")
        return doc.with_(mentions=tuple(sorted(kept + tuple(new), key=lambda m: (m.start, m.end))))
