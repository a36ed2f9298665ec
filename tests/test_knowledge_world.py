"""The world-wide persons and organisations (data/persons_world.yaml, data/orgs_world.yaml)."""
from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from anyascii import anyascii

from proxywatch.errors import KnowledgeError
from proxywatch.knowledge import Gazetteer
from proxywatch.knowledge.keys import key
from proxywatch.knowledge.loader import WORLD_FILES
from proxywatch.knowledge.pack import KnowledgePack, case_rule, default_pack, read_yaml

# Words a news sentence uses in lower case or at a sentence start: a one-word alias equal to
# one of them (after spelling folds) would turn ordinary prose into a person or a group.
# Common English words, plus surnames of leaders that are words ("Major", "May", "Brown").
RISKY_WORDS = """
a about above across act action after again against age ago agree aid air all also always am among
an and any april are area arm army around art as ask at attack august away back bank base be bear
because bed been before began begin behind being bell best better between big bill bird black blue
board body book born both box boy bread break bring brown build burn bush business but buy by call
came camp can cannot capital car care carter case cause center central chance change charge chief
child church city claim class clear close coast cold come common cook cool cost could council count
country course court cover cross crown cut dark date day dead deal dear death december deep defence
defense did die do does dog done door down draw dream drive drop dry during each early earth east
eat end even evening ever every eye face fact fair fall far farm fast father fear february feel few
field fight fill final find fine fire first fish five floor fly follow food foot for force ford
forest form four free friday friend from front full game gate gates general get gift girl give glass
go god gold good gore got grand great green ground group grow guard gun had hair half hall hand hard
has have he head hear heart heat help her here high hill him his hold home hope horse hot house how
however hunt i ice if in iron is it its january job john join july june just keep kind king
know labour lady land large last late law lead learn least leave left less let letter life light
like line little live long look lord lose lost love low major make man many march mark market may
me mean meet member might mile mill miller minister miss monday money month moon more morning most
mother move much must my name nation near need never new news next night nine no north not nothing
november now number october of off office often oil old on once one only open or order other our
out over own page paper park part party pass past pay peace people per place plan plant play point
police poor port post power present press price prime pure put queen question quick quite race
rain raise rather reach read ready real red rest rice rich right ring rise river road rock room
rose round rule run said sale same saturday say school sea season second see seem sell send
september service set seven shall she ship shore short should show side sign since sing sir six
small smith snow so some son soon south speak spring staff stand star start state station stay
step still stone stop story straw street strong struck such summer sun sunday sure table take talk
tell ten than that the their them then there these they thing think this those though three through
thursday time to today together told too took top town trade tree true truss try tuesday turn two
under union until up upon us use very vice view voice walk wall want war warm was watch water way
we wednesday week well went were west what when where which while white who whole why will win
wind winter wish with within without woman wood word work world would write year yes yet you young
""".split()


def _world(name: str) -> dict[str, Any]:
    return read_yaml(None, name)


@pytest.fixture(scope="module")
def pack() -> KnowledgePack:
    return default_pack()


@pytest.fixture(scope="module")
def persons() -> dict[str, Any]:
    return _world("persons_world.yaml")["persons"]


@pytest.fixture(scope="module")
def orgs() -> dict[str, Any]:
    data = _world("orgs_world.yaml")
    return {**(data.get("international") or {}), **(data.get("actors") or {})}


@pytest.fixture(scope="module")
def gazetteer(pack: KnowledgePack) -> Gazetteer:
    return Gazetteer.from_pack(pack)


def _names(entry: dict[str, Any]) -> list[str]:
    return [entry["name"], *(entry.get("aliases") or ())]


def test_knowledge_world_files_parse_and_cover_the_world(persons: dict[str, Any], orgs: dict[str, Any]) -> None:
    for name in WORLD_FILES:
        assert isinstance(_world(name)["version"], int)
    assert len(persons) >= 1200
    countries = {p["country"] for p in persons.values()}
    assert len(countries) >= 150
    assert len(orgs) >= 150
    for pid, p in persons.items():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", pid), pid
        assert all(isinstance(s, str) and s.strip() == s and s for s in _names(p)), pid


def test_knowledge_world_ids_referenced_exist(pack: KnowledgePack, persons: dict[str, Any],
                                              orgs: dict[str, Any]) -> None:
    for pid, p in persons.items():
        assert pack.actor(p["country"]) is not None and pack.actors[p["country"]].kind == "country", pid
        for r in p.get("roles") or ():
            assert r["member_of"] in pack.actors, (pid, r["member_of"])
    for oid, o in orgs.items():
        if o.get("part_of"):
            assert o["part_of"] in pack.actors, oid


def _day(v: Any, end: bool) -> dt.date:
    if isinstance(v, int):
        assert 1900 <= v <= 2030
        return dt.date(v + 1, 1, 1) if end else dt.date(v, 1, 1)
    assert isinstance(v, dt.date), f"not a year or an ISO date: {v!r}"
    assert dt.date(1900, 1, 1) <= v <= dt.date(2030, 12, 31)
    return v


def test_knowledge_world_role_dates_are_valid(persons: dict[str, Any]) -> None:
    for pid, p in persons.items():
        for r in p.get("roles") or ():
            assert set(r) <= {"member_of", "role", "from", "until"}, pid
            if "from" in r and "until" in r:
                assert _day(r["from"], False) < _day(r["until"], True), (pid, r)
            elif "from" in r or "until" in r:
                _day(r.get("from", r.get("until")), "until" in r)


def test_knowledge_world_aliases_are_no_common_words(persons: dict[str, Any], orgs: dict[str, Any]) -> None:
    # a one-word name matches only as spelled ("Milei" is not "mile"); longer ones through folds
    risky_keys = {key(w) for w in RISKY_WORDS}
    risky_words = set(RISKY_WORDS)
    for eid, e in {**persons, **orgs}.items():
        for s in _names(e):
            rule = case_rule(s)
            if rule == "upper":  # an acronym matches only in capitals ("WHO", not "who")
                continue
            if rule == "exact":
                assert _plain(s) not in risky_words, (eid, s)
            else:
                assert key(s) not in risky_keys, (eid, s)


# a leader far more often in the news than the small town (or rare alternate city name)
# of the same name
PERSON_OVER_TOWN = {key(s) for s in ("Schroeder", "Imamoglu", "Carney", "Amano", "Morsi", "Mandela",
                                     "Mohammed bin Zayed")}
_STRICT = ("exact", "upper")


def _plain(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", re.sub(r"^(?:al|el|the)[- ]", "", anyascii(s).lower()))


def test_knowledge_world_aliases_name_one_entity(pack: KnowledgePack, persons: dict[str, Any],
                                                 orgs: dict[str, Any]) -> None:
    """No text span matches both an alias of the world files and another entity's name: it
    would send one of them to the wrong person, or a city's name to a person. Same key is a
    clash unless both names match only as spelled and are spelled differently."""
    by_key: dict[str, list[tuple[str, str, str]]] = {}
    for e in pack.entries:
        if e.entity_id is not None:
            by_key.setdefault(key(e.alias), []).append((e.entity_id, e.alias, e.case))
    clashes = []
    for eid, e in {**persons, **orgs}.items():
        for s in _names(e):
            mine = case_rule(s)
            for other, alias, case in by_key.get(key(s), ()):
                if other == eid or key(s) in PERSON_OVER_TOWN:
                    continue
                if mine in _STRICT and case in _STRICT and _plain(s) != _plain(alias):
                    continue
                # an acronym ("BLA") and a capitalised name ("Bla"): capitals read as the acronym
                if {mine, case} == {"upper", "exact"} and s.isupper() != alias.isupper():
                    continue
                clashes.append((eid, s, other, alias))
    assert clashes == []


@pytest.mark.parametrize("date", [None, "1985-06-01", "2003-03-20", "2024-01-15"])
def test_knowledge_world_lineage_ends_at_country_or_international(pack: KnowledgePack, persons: dict[str, Any],
                                                                  orgs: dict[str, Any],
                                                                  date: str | None) -> None:
    international = set(_world("orgs_world.yaml")["international"]) | set(_world("countries.yaml")["international"])
    # transnational groups of the theatre file (al-Qaeda, Islamic State) belong to no country
    stateless = {aid for aid, a in _world("actors.yaml")["actors"].items() if a.get("kind") == "militia"
                 and not a.get("part_of") and aid not in _world("orgs_world.yaml").get("part_of", {})}
    for eid in (*persons, *orgs):
        last = pack.lineage(eid, date)[-1]
        assert last in international | stateless or pack.actors[last].kind == "country", \
            (eid, date, pack.lineage(eid, date))


def test_knowledge_world_roles_follow_the_date(pack: KnowledgePack) -> None:
    assert pack.lineage("tony-blair", "2003-03-20") == ("tony-blair", "gbr.gov", "gbr")
    assert pack.lineage("tony-blair", "2015-01-01") == ("tony-blair", "gbr")
    assert pack.lineage("jens-stoltenberg", "2010-05-01")[1] == "nor.gov"
    assert pack.lineage("jens-stoltenberg", "2019-05-01") == ("jens-stoltenberg", "nato")
    # a bare year covers that whole year: Waldheim was president "until: 1992" (July 1992)
    assert pack.lineage("kurt-waldheim", "1992-06-01")[1] == "aut.gov"
    assert pack.lineage("kurt-waldheim", "1993-06-01") == ("kurt-waldheim", "aut")
    # an armed group that moved country with a border: SPLM in Sudan, then South Sudan
    assert pack.lineage("splm", "1995-01-01")[-1] == "sdn"
    assert pack.lineage("splm", "2015-01-01")[-1] == "ssd"
    # the theatre file's PKK, which named no country, is placed in Turkey
    assert pack.lineage("pkk")[-1] == "tur"


def _resolved(gazetteer: Gazetteer, pack: KnowledgePack, text: str, date: str | None = None) -> list[str]:
    return [pack.lineage(h.entity_id, date)[-1] for h in gazetteer.find(text) if h.kind == "actor"]


@pytest.mark.parametrize(("text", "date", "expected"), [
    ("Prime Minister Narendra Modi met business leaders in Mumbai.", "2019-02-01", ["ind"]),
    ("Putin offered to negotiate an end to the fighting.", "2022-06-01", ["rus"]),
    ("President Mugabe dissolved the cabinet.", "2005-01-10", ["zwe"]),
    ("Kofi Annan announced a new envoy.", "1999-04-02", ["un"]),
    ("Tom King, the British Defence Secretary, flew out on Monday.", "1990-11-01", ["gbr", "gbr"]),
    ("Fighters of the Kurdistan Workers' Party (PKK) ambushed a convoy.", "1994-05-01", ["tur"]),
    ("Hamas fired rockets after the Taliban seized the town.", "2021-08-01", ["pse", "afg"]),
    ("The ANC rejected the offer made by NATO.", "1993-01-01", ["zaf", "nato"]),
    ("Tamil Tigers attacked a base as FARC rebels met ETA envoys.", "2000-01-01", ["lka", "col", "esp"]),
    ("Boko Haram and al-Shabaab claimed the attacks.", "2015-01-01", ["nga", "som"]),
    ("Chancellor Kohl and President Mitterrand met Gorbachev.", "1990-07-01", ["deu", "fra", "rus"]),
    ("Mandela spoke after Nyerere and Kenyatta.", None, ["zaf", "tza", "ken"]),
])
def test_knowledge_world_sentences_resolve(gazetteer: Gazetteer, pack: KnowledgePack, text: str,
                                           date: str | None, expected: list[str]) -> None:
    assert _resolved(gazetteer, pack, text, date) == expected


@pytest.mark.parametrize("text", [
    "the putin doctrine was debated",  # lower case: not the name
    "Officials will meet in May to discuss the major brown bills.",
    "A king and a major general met the chancellor.",
    "Let them say what they will about the Tenet premiere.",
])
def test_knowledge_world_no_person_in_ordinary_words(gazetteer: Gazetteer, pack: KnowledgePack, text: str) -> None:
    assert [h for h in gazetteer.find(text) if pack.actors.get(h.entity_id, None) is not None
            and pack.actors[h.entity_id].kind == "person"] == []


def _data_copy(tmp_path: Path) -> Path:
    src = resources.files("proxywatch.data")
    for name in ("countries.yaml", "actors.yaml", "facilities.yaml", *WORLD_FILES):
        (tmp_path / name).write_text(src.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_knowledge_world_loader_rejects_a_repeated_id(tmp_path: Path) -> None:
    d = _data_copy(tmp_path)
    with (d / "persons_world.yaml").open("a", encoding="utf-8") as f:
        f.write("  vladimir-putin: {name: Vladimir Putin, country: rus}\n")
    with pytest.raises(KnowledgeError, match="already defined"):
        KnowledgePack.load(d, cities=False)


def test_knowledge_world_loader_rejects_an_unknown_member_of(tmp_path: Path) -> None:
    d = _data_copy(tmp_path)
    with (d / "persons_world.yaml").open("a", encoding="utf-8") as f:
        f.write("  jane-doe: {name: Jane Doe, country: fra, roles: [{member_of: fra.nowhere}]}\n")
    with pytest.raises(KnowledgeError, match="fra.nowhere"):
        KnowledgePack.load(d, cities=False)


def test_knowledge_world_part_of_patch_never_overrides(tmp_path: Path) -> None:
    d = _data_copy(tmp_path)
    text = (d / "orgs_world.yaml").read_text(encoding="utf-8")
    (d / "orgs_world.yaml").write_text(text.replace("  pkk: tur\n", "  pkk: tur\n  hamas: egy\n"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="hamas"):
        KnowledgePack.load(d, cities=False)

