"""The relations stage: command, membership, sponsorship and succession.

Relations are read off the text between two actor mentions of a sentence
(appositions, titles, "replaced", "a member of", "under the control of"),
with the patterns kept in ``data/relations.yaml``, and off sponsorship
modifiers ("Iranian-backed X", "pro-Iranian X", "X loyal to Tehran").
Every relation keeps its evidence sentence offsets and document id.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Protocol

from ..datafiles import load_yaml
from ..model import Document, Evidence, Mention, Relation, Sentence

MAX_GAP = 140


class NameIndex(Protocol):
    def actor(self, actor_id: str) -> Any: ...


@dataclass(frozen=True)
class _Pattern:
    relation: str | None  # None: the relation comes from the role word
    subject: str  # "A" | "B"
    regex: re.Pattern[str]
    role_group: dict[str, str] = field(default_factory=dict)  # role word -> relation
    kinds: tuple[str, str] | None = None


@dataclass
class RelationRules:
    patterns: list[_Pattern]
    sponsor_modifier: re.Pattern[str]
    loyal_to: re.Pattern[str]
    role_of: dict[str, str] = field(default_factory=dict)

    def title_relation(self, title: str) -> str:
        """commander_of / leader_of / deputy_commander_of / member_of for a role title."""
        for word, rel in sorted(self.role_of.items(), key=lambda kv: -len(kv[0])):
            if word in title:
                return rel
        return "member_of"

    @classmethod
    def load(cls) -> "RelationRules":
        return cls.from_data(load_yaml("relations.yaml"))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "RelationRules":
        role_of: dict[str, str] = {}
        for rel, words in data["roles"].items():
            for w in words:
                role_of[w.lower()] = rel
        roles_rx = "|".join(sorted((re.escape(w) for w in role_of), key=len, reverse=True))
        titles_rx = "|".join(sorted((re.escape(t) for t in data.get("titles", [])), key=len, reverse=True))
        pats = []
        for p in data["patterns"]:
            gap = p["gap"].replace("{ROLE}", f"(?P<role>{roles_rx})").replace("{TITLE}", f"(?:{titles_rx})")
            kinds = tuple(p["kinds"]) if p.get("kinds") else None
            pats.append(_Pattern(p.get("relation"), p["subject"], re.compile(gap, re.I),
                                 role_of if p["family"] == "role" else {}, kinds))  # type: ignore[arg-type]
        mods = "|".join(data.get("sponsor_modifiers", []))
        prefixes = "|".join(data.get("sponsor_prefixes", []))
        sponsor = re.compile(rf"(?:\b(?P<pre>{prefixes})-(?P<w1>[\w'’.]+)|(?P<w2>[A-Z][\w'’.]*(?:\s[A-Z][\w'’.]*)?)-(?:{mods}))\b")
        loyal = re.compile(r"\s*,?\s*(?:\w+\s+){0,2}?(?:" + "|".join(re.escape(x) for x in data.get("loyal_to", [])) + r")\s+(?:the\s+)?$", re.I)
        return cls(pats, sponsor, loyal, role_of)


@dataclass
class RelationStage:
    pack: NameIndex
    resolve_name: Callable[[str], str | None] | None = None  # alias -> actor id
    rules: RelationRules = field(default_factory=RelationRules.load)
    _demonym_set: frozenset[str] | None = None
    name: str = "relations"
    requires: tuple[str, ...] = ("sentences", "mentions")
    produces: tuple[str, ...] = ("relations",)

    def __call__(self, doc: Document) -> Document:
        actors = sorted((m for m in doc.mentions if m.kind == "actor" and m.entity_id), key=lambda m: m.start)
        rels: list[Relation] = []
        seen: set[tuple[str, str, str]] = set()
        for s in doc.sentences:
            if not doc.in_body(s.start):
                continue
            ms = [m for m in actors if s.start <= m.start < s.end]
            for r in self._sentence(doc, s, ms):
                key = (r.subject, r.relation, r.object)
                if key not in seen and r.subject != r.object:
                    seen.add(key)
                    rels.append(r)
        return doc.with_(relations=tuple(rels))

    def _sentence(self, doc: Document, s: Sentence, ms: list[Mention]) -> Iterable[Relation]:
        ev = Evidence(s.start, s.end, doc.text[s.start:s.end])
        text = doc.clean
        to_clean = doc.offsets.to_clean
        ms = [m for i, m in enumerate(ms) if not self._modifier(text, to_clean, m, ms[i + 1:i + 2])]
        yield from self._titles(doc, s, ms, ev)
        for i, a in enumerate(ms):
            for b in ms[i + 1:i + 4]:
                gap = text[to_clean(a.end):to_clean(b.start)]
                if len(gap) > MAX_GAP:
                    break
                for p in self.rules.patterns:
                    m = p.regex.fullmatch(gap)
                    if not m:
                        continue
                    subj, obj = (a, b) if p.subject == "A" else (b, a)
                    rel = p.relation
                    if rel is None:
                        rel = p.role_group.get(m.group("role").lower())
                        if not self._is_person(subj):
                            continue
                    if p.kinds and not (self._is_org(subj) and self._is_org(obj)):
                        continue
                    if rel and subj.entity_id and obj.entity_id:
                        obj = self._known_as(text, to_clean, obj, ms) or obj
                        yield Relation(subj.entity_id, rel, str(obj.entity_id), doc.id, ev)
                    break
        yield from self._sponsorship(doc, s, ms, ev)

    def _sponsorship(self, doc: Document, s: Sentence, ms: list[Mention], ev: Evidence) -> Iterable[Relation]:
        text = doc.clean
        to_clean = doc.offsets.to_clean
        seg_start, seg_end = to_clean(s.start), to_clean(s.end)
        seg = text[seg_start:seg_end]
        for m in self.rules.sponsor_modifier.finditer(seg):
            word = m.group("w1") or m.group("w2")
            sponsor = self._resolve(word)
            if not sponsor:
                continue
            target = self._mention_covering(ms, seg_start + m.start(), to_clean) or \
                self._mention_after(ms, seg_start + m.end(), to_clean, within=50)
            if target and target.entity_id and target.entity_id != sponsor:
                yield Relation(sponsor, "supports", target.entity_id, doc.id, ev)
        for i, a in enumerate(ms):
            for b in ms[i + 1:i + 2]:
                gap = text[to_clean(a.end):to_clean(b.start)]
                if len(gap) < 60 and self.rules.loyal_to.fullmatch(gap) and a.entity_id and b.entity_id:
                    yield Relation(b.entity_id, "supports", a.entity_id, doc.id, ev)

    def _demonyms(self) -> frozenset[str]:
        if self._demonym_set is None:
            self._demonym_set = frozenset(e.alias.lower() for e in getattr(self.pack, "entries", ())
                                          if getattr(e, "role", "") == "demonym")
        return self._demonym_set

    def _modifier(self, text: str, to_clean: Callable[[int], int], m: Mention, nxt: list[Mention]) -> bool:
        """ "Iranian-backed", "Iraqi militias": a demonym or hyphenated modifier of the next name."""
        after = text[to_clean(m.end):to_clean(m.end) + 2]
        if after.startswith("-") and after[1:2].isalpha():
            return True
        surface = text[to_clean(m.start):to_clean(m.end)].lower()
        return bool(nxt) and surface in self._demonyms() and to_clean(nxt[0].start) - to_clean(m.end) < 25

    def _known_as(self, text: str, to_clean: Callable[[int], int], obj: Mention, ms: list[Mention]) -> Mention | None:
        """ "Iraqi militias, known as the Popular Mobilization Forces": the name given wins."""
        after = text[to_clean(obj.end):to_clean(obj.end) + 60]
        m = re.match(r"\s*,?\s*(?:also\s+)?(?:known\s+as|called|named)\s+(?:the\s+)?", after)
        if not m:
            return None
        at = to_clean(obj.end) + m.end()
        return next((x for x in ms if to_clean(x.start) == at), None)

    def _titles(self, doc: Document, s: Sentence, ms: list[Mention], ev: Evidence) -> Iterable[Relation]:
        """ "Secretary of State Mike Pompeo", "Iranian Foreign Minister Javad Zarif": the title the
        text gives a person, read against that person's dated roles in the knowledge pack."""
        for m in ms:
            a = self.pack.actor(m.entity_id) if m.entity_id else None
            if a is None or getattr(a, "kind", "") != "person" or not a.roles:
                continue
            before = doc.clean[max(0, doc.offsets.to_clean(m.start) - 80):doc.offsets.to_clean(m.start)]
            parts = before.split(",")
            # "Iranian Foreign Minister Javad Zarif" or "the spokesman for the ministry, Abbas Mousavi"
            near = parts[-1] if parts[-1].strip() or len(parts) < 2 else parts[-2]
            words = (near + " " + doc.text[m.start:m.end]).lower()
            day = doc.meta.published
            for role in a.roles:
                title = (role.role or "").lower()
                if day and ((role.start and role.start > day) or (role.end and role.end <= day)):
                    continue  # not that person's role when the text was written
                if title and len(title) > 3 and re.search(rf"\b{re.escape(title)}\b", words):
                    rel = self.rules.title_relation(title)
                    yield Relation(a.id, rel, role.member_of, doc.id, ev)
                    break

    def _resolve(self, word: str) -> str | None:
        if self.resolve_name is None:
            return None
        return self.resolve_name(word)

    @staticmethod
    def _mention_after(ms: list[Mention], pos: int, to_clean: Callable[[int], int], within: int) -> Mention | None:
        for m in ms:
            c = to_clean(m.start)
            if pos <= c <= pos + within:
                return m
        return None

    @staticmethod
    def _mention_covering(ms: list[Mention], pos: int, to_clean: Callable[[int], int]) -> Mention | None:
        for m in ms:
            if to_clean(m.start) <= pos < to_clean(m.end):
                return m
        return None

    def _kind(self, m: Mention) -> str:
        a = self.pack.actor(m.entity_id) if m.entity_id else None
        return str(getattr(a, "kind", "")) if a is not None else ""

    def _is_person(self, m: Mention) -> bool:
        return self._kind(m) == "person"

    def _is_org(self, m: Mention) -> bool:
        return self._kind(m) not in ("person", "country", "")


def merge_relations(rels: Iterable[Relation]) -> list[dict[str, Any]]:
    """One row per (subject, relation, object) with every document and evidence."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rels:
        key = (r.subject, r.relation, r.object)
        row = rows.setdefault(key, {"subject": r.subject, "relation": r.relation, "object": r.object,
                                    "doc_ids": [], "evidence": []})
        if r.doc_id not in row["doc_ids"]:
            row["doc_ids"].append(r.doc_id)
        row["evidence"].append({"doc_id": r.doc_id, "start": r.evidence.start, "end": r.evidence.end,
                                "text": r.evidence.text})
    return list(rows.values())
