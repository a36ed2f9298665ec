"""Stage "coref": short forms that point back to a name given earlier in the document.

- a surname, with or without a title ("Mr. Soleimani", "Gen. Milley", "Robertson"),
  after the full name of a person (known to the pack or found by NER);
- "the group", "the militia", "the movement"... after a militia was named, within
  the last few sentences;
- "his group" after a person whose role (on the document's date) is in an armed group;
- a bare plural ("the militants", "armed groups", "militias") after the document named
  a generic group of that kind ("Iranian-backed militias");
- "he"/"his" opening a sentence, or in "he said"/"he added", only when the sentence
  before (or this one, before the pronoun) names exactly one person.
Institutional metonyms ("the Pentagon") are data, matched by the "mentions" stage.
Mentions get method "coref", the antecedent's id (None for a person NER found but the
pack does not know) and, as label, the antecedent's surface name.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Sequence

from ..knowledge.keys import Keyer, default_keyer
from ..knowledge.pack import KnowledgePack, default_pack
from ..model import Document, Mention
from .quotes import inside, quoted_spans

_TITLE = r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Brig|Adm|Sen|Rep|Gov|Sheikh|Sayyed|Ayatollah|General|President|" \
         r"Minister|Secretary|Commander)\.?\s+)"
_SURNAME = re.compile(rf"\b({_TITLE})?((?:al-|el-)?[A-Z][\w'’-]+)")
_GROUP = re.compile(r"\b[Tt]he (?:(?:militant|armed|paramilitary|Shiite|Shia|Iraqi|Iranian-backed|hardline|"
                    r"hard-line) )?(group|militia|movement|faction|organization|organisation)\b(?!s)")
_PRONOUN = re.compile(r"\b(?:(He|His)\b|(?<=[,”\"] )(he)(?= (?:said|added|told|warned|stated|continued|wrote|"
                      r"tweeted|argued|explained|noted)\b))")
# "his group": the armed group the person just named belongs to
_POSS_GROUP = re.compile(r"\b([Hh]is|[Hh]er) (?:own )?(group|militia|movement|faction|organization|organisation)\b")
# a bare plural for the class of actors the document is about ("the militants", "armed groups")
_GENERIC = re.compile(r"\b(?:(?:[Tt]he|[Tt]hese|[Tt]hose|[Ss]everal|[Oo]ther|[Ss]ome|[Mm]any|[Tt]he other) )?"
                      r"(?:armed groups|militant groups|militia groups|militias|militants|armed factions|"
                      r"the factions|paramilitary groups)\b"
                      # one unnamed group of the kind ("airstrikes against a militia responsible for")
                      r"|\b(?:[Aa]n? )(?:(?:Shiite|Shia|Iraqi|armed|militant|paramilitary|Iranian-backed|"
                      r"Iran-backed|pro-Iranian) )?(?:militia|armed group|militant group|paramilitary group)\b")
_QUOTE = re.compile(r"“[^”]{0,1500}”|\"[^\"\n]{0,1500}\"")
_GROUP_WINDOW = 3  # sentences back a "the group" may reach
_QUOTE_REACH = 6  # sentences a quotation may run back before its closing "he said"
_GENERIC_AHEAD = 600  # characters ahead a bare "armed groups" may find the group it means
_MILITIA_KINDS = ("militia", "group")


@dataclass(frozen=True)
class _Person:
    start: int
    end: int
    entity_id: str | None
    name: str


class CorefStage:
    name = "coref"
    requires: tuple[str, ...] = ("mentions", "sentences")
    produces: tuple[str, ...] = ("mentions",)

    def __init__(self, pack: KnowledgePack, keyer: Keyer | None = None) -> None:
        self.pack = pack
        self.keyer = keyer or default_keyer()

    @classmethod
    def load(cls) -> CorefStage:
        return cls(default_pack())

    def _is_person(self, m: Mention) -> bool:
        if m.kind != "actor":
            return False
        if m.entity_id is None:
            return m.method == "ner" and m.label == "PERSON"
        a = self.pack.actor(m.entity_id)
        return a is not None and a.kind == "person"

    def _is_militia(self, m: Mention) -> bool:
        a = self.pack.actor(m.entity_id) if m.entity_id else None
        return a is not None and a.kind in _MILITIA_KINDS and m.method != "coref"

    def _armed_unit(self, person: str, date: str | None) -> str | None:
        for aid in self.pack.lineage(person, date)[1:]:
            a = self.pack.actor(aid)
            if a is not None and a.kind in ("militia", "group"):
                return aid
        return None

    def _is_generic_group(self, aid: str) -> bool:
        a = self.pack.actor(aid)
        return a is not None and a.kind == "group"

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        mentions = [m for m in doc.mentions]
        persons = [_Person(m.start, m.end, m.entity_id, doc.span_text(m)) for m in mentions
                   if self._is_person(m) and " " in doc.span_text(m).strip()]
        taken = bytearray(len(text) + 1)
        for m in mentions:
            if m.kind != "date":
                taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        new: list[Mention] = []
        drop: set[Mention] = set()

        sents = list(doc.sentences)
        sent_starts = [x.start for x in sents]

        def sent_index(pos: int) -> int:
            return bisect.bisect_right(sent_starts, pos) - 1

        # surnames of persons named in full earlier
        by_surname: dict[str, list[_Person]] = {}
        for p in persons:
            k = self.keyer.key(p.name.split()[-1])
            if k:
                by_surname.setdefault(k, []).append(p)
        bare_ner = {(m.start, m.end): m for m in mentions
                    if m.method == "ner" and m.entity_id is None and m.label == "PERSON"}
        for mt in _SURNAME.finditer(text):
            s, e = mt.start(2), mt.end(2)
            name = mt.group(2)
            for suf in ("'s", "’s"):
                if name.endswith(suf):
                    e -= len(suf)
                    name = name[: -len(suf)]
            cands = [p for p in by_surname.get(self.keyer.key(name), ()) if p.end <= s]
            if not cands or not doc.in_body(s):
                continue
            ner = bare_ner.get((s, e))
            if any(taken[s:e]) and ner is None:
                continue
            person = cands[-1]
            start = mt.start(1) if mt.group(1) else s
            if ner is not None:
                drop.add(ner)
            new.append(Mention(start, e, "actor", person.entity_id, "coref", person.name))
            taken[start:e] = b"\x01" * (e - start)

        all_m = sorted(mentions + new, key=lambda m: m.start)
        quotes = quoted_spans(text)
        # "the group" -> the last militia named within a few sentences (outside a quotation,
        # not one the quotation names: '"ISIS ... ," a statement by the group said')
        for mt in _GROUP.finditer(text):
            s, e = mt.span()
            if any(taken[s:e]) or not doc.in_body(s):
                continue
            si = sent_index(s)
            quoted_here = inside(quotes, s)
            group = next((m for m in reversed(all_m) if m.end <= s and self._is_militia(m)
                          and si - sent_index(m.start) <= _GROUP_WINDOW
                          and not _in_aside(text, m.start)
                          and (quoted_here or not inside(quotes, m.start))), None)
            if group is not None and group.entity_id:
                new.append(Mention(s, e, "actor", group.entity_id, "coref", doc.span_text(group)))
                taken[s:e] = b"\x01" * (e - s)

        all_m = sorted(mentions + new, key=lambda m: m.start)
        # "his group" -> the militia of the person named last (role on the document's date)
        for mt in _POSS_GROUP.finditer(text):
            s, e = mt.span()
            if any(taken[s:e]) or not doc.in_body(s):
                continue
            si = sent_index(s)
            owner = next((m for m in reversed(all_m) if m.end <= s and self._is_person(m) and m.entity_id
                          and si - sent_index(m.start) <= 1), None)
            unit = self._armed_unit(owner.entity_id, doc.meta.published) if owner and owner.entity_id else None
            if owner is not None and unit is not None:
                new.append(Mention(s, e, "actor", unit, "coref", doc.span_text(owner)))
                taken[s:e] = b"\x01" * (e - s)

        # "the militants", "armed groups" -> the generic group the document already named
        for mt in _GENERIC.finditer(text):
            s, e = mt.span()
            if any(taken[s:e]) or not doc.in_body(s):
                continue
            prior = next((m for m in reversed(all_m) if m.end <= s and m.entity_id and m.method != "coref"
                          and self._is_generic_group(m.entity_id)), None)
            if prior is None:
                # a lead sentence often says "armed groups" before it says whose ("... by
                # Iranian-backed militias" in the next sentence): look ahead, a little
                prior = next((m for m in all_m if s < m.start <= s + _GENERIC_AHEAD and m.entity_id
                              and m.method != "coref" and self._is_generic_group(m.entity_id)), None)
            if prior is not None:
                new.append(Mention(s, e, "actor", prior.entity_id, "coref", doc.span_text(prior)))
                taken[s:e] = b"\x01" * (e - s)

        # "he" only where exactly one person is in view; a name quoted is not the speaker
        if sents:
            quoted = bytearray(len(text) + 1)
            for q in _QUOTE.finditer(text):
                quoted[q.start():q.end()] = b"\x01" * (q.end() - q.start())
            person_ms = [m for m in sorted(mentions + new, key=lambda m: m.start)
                         if (self._is_person(m) or (m.method == "coref" and m.label and m.entity_id is None))
                         and not quoted[m.start]]
            for mt in _PRONOUN.finditer(text):
                s = mt.start()
                e = mt.end()
                if not doc.in_body(s):
                    continue
                si = sent_index(s)
                if si < 0:
                    continue
                if mt.group(1) and s != _first_word(text, sents[si].start):
                    continue
                here = [m for m in person_ms if sents[si].start <= m.start < s]
                pool = here if here else ([m for m in person_ms if sents[si - 1].start <= m.start < sents[si - 1].end]
                                          if si > 0 else [])
                if not pool and mt.group(2):
                    # '"They will pay. This is no warning. It is a threat," he tweeted': the
                    # speaker closing a quote was named before the quote opened
                    pool = _before_quote_pool(text, sents, si, person_ms, quoted)
                ids = {m.entity_id or m.label or doc.span_text(m) for m in pool}
                if len(ids) != 1:
                    continue
                last = pool[-1]
                name = last.label if last.method == "coref" and last.label else doc.span_text(last)
                new.append(Mention(s, e, "actor", last.entity_id, "coref", name))
        if not new and not drop:
            return doc
        kept = tuple(m for m in doc.mentions if m not in drop)
        return doc.with_(mentions=tuple(sorted(kept + tuple(new), key=lambda m: (m.start, m.end))))


def _before_quote_pool(text: str, sents: Sequence[Any], si: int, person_ms: list[Mention],
                       quoted: bytearray) -> list[Mention]:
    """Persons of the last sentence before the quotation that sentence `si` closes."""
    j = si
    for _ in range(_QUOTE_REACH):
        if j <= 0:
            return []
        j -= 1
        if not quoted[sents[j].start] and not quoted[max(sents[j].end - 2, sents[j].start)]:
            return [m for m in person_ms if sents[j].start <= m.start < sents[j].end]
    return []


def _in_aside(text: str, pos: int) -> bool:
    """Inside parentheses on its line ("(The group has no connection to Hezbollah ...)"): an
    aside names what the story is not about, so it offers no antecedent."""
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    return before.count("(") > before.count(")")


def _first_word(text: str, start: int) -> int:
    i = start
    while i < len(text) and (text[i].isspace() or text[i] in "\"“‘'(["):
        i += 1
    return i
