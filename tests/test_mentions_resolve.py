from __future__ import annotations

import pytest

from proxywatch.ingest.normalize import normalize
from proxywatch.model import Document, OffsetMap, Zone
from proxywatch.stages.mentions import MentionStage


@pytest.fixture(scope="module")
def stage() -> MentionStage:
    return MentionStage.load()


def _doc(text: str) -> Document:
    return Document("t", text, clean=text, offsets=OffsetMap.identity(len(text)))


def _found(stage: MentionStage, text: str) -> list[tuple[str, str | None]]:
    d = stage(_doc(text))
    return [(d.span_text(m), m.entity_id) for m in d.mentions]


@pytest.mark.parametrize("text", [
    "Hezbollah fired rockets from southern Lebanon at Israeli positions.",
    "Iran sends weapons to Hezbollah in Lebanon.",
    "Lebanese Hezbollah and Hamas praised the attack.",
    "Hizballah leader Hassan Nasrallah gave a speech.",
])
def test_mentions_bare_hezbollah_is_lebanese(stage: MentionStage, text: str) -> None:
    ids = [i for s, i in _found(stage, text) if "ez" in s.lower() or "iz" in s.lower()]
    assert ids and all(i == "lbn.hezbollah" for i in ids), _found(stage, text)


@pytest.mark.parametrize("text", [
    "Kataib Hezbollah claimed the drone strike.",
    "The Iraqi Hezbollah militia claimed the drone strike.",
    "Officials blamed Hezbollah in Iraq for the rockets.",
    "Fighters of Kata'ib Hizbullah gathered near Baghdad.",
    "Iraq's Hezbollah Brigades said it would stop.",
])
def test_mentions_iraqi_hezbollah_is_kataib(stage: MentionStage, text: str) -> None:
    ids = [i for s, i in _found(stage, text) if "ez" in s.lower() or "iz" in s.lower()]
    assert ids == ["kataib-hezbollah"], _found(stage, text)


def test_mentions_both_hezbollahs_in_one_text_stay_apart(stage: MentionStage) -> None:
    found = _found(stage, "Kata'ib Hezbollah is not Hezbollah, though Hezbollah trained it.")
    assert [i for _, i in found] == ["kataib-hezbollah", "lbn.hezbollah", "lbn.hezbollah"]


def test_mentions_adjectives(stage: MentionStage) -> None:
    found = _found(stage, "Iranian-backed militias attacked, an Iranian drone was seen and Iranian officials denied it.")
    assert found == [("Iranian-backed militias", "iraqi-shia-militias"), ("Iranian", "irn"),
                     ("Iranian officials", "irn.gov")]


def test_mentions_metonyms(stage: MentionStage) -> None:
    assert _found(stage, "Tehran warned Washington.") == [("Tehran", "irn"), ("Washington", "usa")]
    d = stage(_doc("Crowds gathered in Tehran."))
    assert [(m.kind, m.entity_id) for m in d.mentions] == [("place", "tehran")]
    assert _found(stage, "The Pentagon and the White House disagreed with the State Department.") == [
        ("Pentagon", "usa.mil"), ("White House", "usa.gov"), ("State Department", "usa.state")]


def test_mentions_embassy_is_a_facility_and_its_operator(stage: MentionStage) -> None:
    d = stage(_doc("Rockets hit the U.S. Embassy in Baghdad."))
    assert {(m.kind, m.entity_id) for m in d.mentions} == {("facility", "us-embassy-baghdad"),
                                                          ("actor", "usa.state")}


def test_mentions_fuzzy_fallback(stage: MentionStage) -> None:
    d = stage(_doc("Officials met Abu Mahdi al-Muhanids and Ahmad Reza Pourdastn."))
    got = {(d.span_text(m), m.entity_id, m.method) for m in d.mentions}
    assert ("Abu Mahdi al-Muhanids", "abu-mahdi-al-muhandis", "fuzzy") in got
    assert ("Ahmad Reza Pourdastn", "ahmad-reza-pourdastan", "fuzzy") in got
    # no string similarity between the two Hezbollahs
    d = stage(_doc("Members of Katayeb Hezbollahh met."))
    assert all(m.entity_id != "lbn.hezbollah" for m in d.mentions if m.method == "fuzzy")


def test_mentions_offsets_are_original_and_boilerplate_skipped(stage: MentionStage) -> None:
    text = "Qassem\u00a0Soleimani met\u00ad Hadi al-Amiri.\nShare this: Soleimani"
    clean, offsets = normalize(text)
    cut = text.index("Share")
    doc = Document("t", text, clean=clean, offsets=offsets,
                   zones=(Zone(0, cut, "body"), Zone(cut, len(text), "boilerplate", "share")))
    d = stage(doc)
    assert [(d.span_text(m), m.entity_id) for m in d.mentions] == [
        ("Qassem\u00a0Soleimani", "qasem-soleimani"), ("Hadi al-Amiri", "hadi-al-amiri")]


def test_mentions_hezbollah_in_an_iraq_sentence(stage: MentionStage) -> None:
    iraq = _found(stage, "Hezbollah warned it would attack American troops in Iraq.")
    assert ("Hezbollah", "kataib-hezbollah") in iraq
    # Iran, Lebanon or another militia in the sentence keep the Lebanese reading
    for text in ("Iran and Hezbollah vowed revenge for the strike in Iraq.",
                 "Hezbollah and militias in Iraq vowed revenge.",
                 "Hezbollah, based in Lebanon, praised the attack in Iraq."):
        assert ("Hezbollah", "lbn.hezbollah") in _found(stage, text), text


from hypothesis import given, settings
from hypothesis import strategies as st

_WORDS = st.sampled_from(["Hezbollah", "Iraqi", "Tehran", "in", "the", "U.S.", "Kata’ib", "said", ",", ".",
                          "\u00ad", "\u00a0", "al-", "Soleimani’s", "Embassy", "Baghdad", "Mr.", "\n", "¼", "é"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS | st.text(max_size=5), max_size=40))
def test_mentions_any_text_gives_spans_inside_it(stage: MentionStage, words: list[str]) -> None:
    text = " ".join(words)
    clean, offsets = normalize(text)
    d = stage(Document("p", text, clean=clean, offsets=offsets))
    for m in d.mentions:
        assert 0 <= m.start <= m.end <= len(text)
        assert m.entity_id
