from __future__ import annotations

import re

import pytest

from proxywatch.model import Document, Mention, OffsetMap, Sentence
from proxywatch.stages.coref import CorefStage
from proxywatch.stages.mentions import MentionStage


@pytest.fixture(scope="module")
def stages() -> tuple[MentionStage, CorefStage]:
    return MentionStage.load(), CorefStage.load()


def _doc(text: str, mentions: tuple[Mention, ...] = ()) -> Document:
    sents = tuple(Sentence(m.start(), m.end()) for m in re.finditer(r"[^.!?]+[.!?]", text))
    return Document("t", text, clean=text, offsets=OffsetMap.identity(len(text)), sentences=sents,
                    mentions=mentions)


def _coref(d: Document) -> list[tuple[str, str | None, str]]:
    return [(d.span_text(m), m.entity_id, m.label) for m in d.mentions if m.method == "coref"]


def test_coref_he_after_single_person(stages: tuple[MentionStage, CorefStage]) -> None:
    ms, co = stages
    d = co(ms(_doc("Esmail Ghaani visited Baghdad on Monday. He met militia leaders there.")))
    assert _coref(d) == [("He", "esmail-ghaani", "Esmail Ghaani")]


def test_coref_he_not_resolved_when_two_persons(stages: tuple[MentionStage, CorefStage]) -> None:
    ms, co = stages
    d = co(ms(_doc("Qasem Soleimani met Hadi al-Amiri in Baghdad. He left the next day.")))
    assert _coref(d) == []


def test_coref_the_group_is_last_militia(stages: tuple[MentionStage, CorefStage]) -> None:
    ms, co = stages
    d = co(ms(_doc("Asaib Ahl al-Haq denied the attack. The Iraqi Hezbollah militia, however, praised it. "
                   "The group said more would follow.")))
    assert _coref(d) == [("The group", "kataib-hezbollah", "Iraqi Hezbollah")]


def test_coref_the_group_needs_a_recent_militia(stages: tuple[MentionStage, CorefStage]) -> None:
    ms, co = stages
    d = co(ms(_doc("Officials met on Monday. The group discussed the budget.")))
    assert _coref(d) == []


def test_coref_surname_of_unknown_person(stages: tuple[MentionStage, CorefStage]) -> None:
    _, co = stages
    text = "Pentagon spokesman John Quillfeather spoke. Later Mr. Quillfeather added details."
    ner = Mention(text.index("John"), text.index("John") + len("John Quillfeather"), "actor", None, "ner", "PERSON")
    d = co(_doc(text, (ner,)))
    assert _coref(d) == [("Mr. Quillfeather", None, "John Quillfeather")]


def test_coref_his_group_is_the_persons_militia(stages: tuple[MentionStage, CorefStage]) -> None:
    ms, co = stages
    d = co(ms(_doc("Qais al-Khazali spoke on Friday. He said his group would not disarm.")))
    assert ("his group", "asaib-ahl-al-haq", "Qais al-Khazali") in _coref(d)


def test_coref_generic_plural_follows_the_named_class(stages: tuple[MentionStage, CorefStage]) -> None:
    ms, co = stages
    d = co(ms(_doc("Iranian-backed militias fired rockets. Officials said the militants used drones.")))
    assert ("the militants", "iraqi-shia-militias", "Iranian-backed militias") in _coref(d)
    d = co(ms(_doc("Police said the militants used drones.")))
    assert _coref(d) == []


def test_coref_aside_offers_no_antecedent() -> None:
    from proxywatch.api import Extractor

    text = ("The U.S. blamed the attack on Kataib Hezbollah, an Iraqi faction. (The group has no connection "
            "to Hezbollah, the Lebanese party.)\n\nThough the group denied responsibility, the U.S. struck it.")
    doc = Extractor.load().extract_text(text, "c", published="2020-01-01")
    last = text.rindex("the group")
    refs = [m for m in doc.mentions if m.method == "coref" and m.start == last]
    assert refs and refs[0].entity_id == "kataib-hezbollah"


def test_coref_bare_plural_looks_ahead_to_the_group_named() -> None:
    from proxywatch.api import Extractor
    ex = Extractor.load()
    text = ("The United States struck armed groups in Anbar on Monday. The strikes targeted "
            "Iranian-backed militias blamed for a drone attack.")
    doc = ex.extract_text(text, "t", published="2020-01-10")
    m = next(m for m in doc.mentions if doc.text[m.start:m.end] == "armed groups")
    assert m.entity_id == "iraqi-shia-militias"


def test_coref_the_group_outside_a_quote_is_not_a_group_quoted() -> None:
    from proxywatch.api import Extractor

    doc = Extractor.load().extract_text(
        'Al-Shabaab released a statement on Sunday. "ISIS is finished, and the Kenyan army will be '
        'defeated," a statement released by the group said.', "t", published="2016-03-21")
    group = [m for m in doc.mentions if doc.text[m.start:m.end] == "the group"]
    assert group and group[0].entity_id == "al-shabaab", group
