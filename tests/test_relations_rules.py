"""Relations on hand-written sentences: command, membership, sponsorship, succession."""
from __future__ import annotations

import pytest

from proxywatch.api import Extractor


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor.load()


def rels(ex: Extractor, text: str, published: str = "2021-05-01") -> set[tuple[str, str, str]]:
    doc = ex.extract_text(text, "r", published=published)
    return {(r.subject, r.relation, r.object) for r in doc.relations}


@pytest.mark.parametrize("text, expected", [
    ("Hassan Nasrallah, the leader of Hezbollah, spoke on Friday.", ("hassan-nasrallah", "leader_of", "lbn.hezbollah")),
    ("Quds Force commander Esmail Ghaani arrived in Baghdad.", ("esmail-ghaani", "commander_of", "irn.irgc.qf")),
    ("Esmail Ghaani replaced Qassem Soleimani last year.", ("esmail-ghaani", "succeeded", "qasem-soleimani")),
    ("The Iranian-backed Houthis fired missiles at Riyadh.", ("irn", "supports", "houthis")),
    ("Kataib Hezbollah, a member of the Popular Mobilization Forces, denied it.", ("kataib-hezbollah", "member_of", "irq.pmf")),
])
def test_relations_patterns(ex: Extractor, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in rels(ex, text)


def test_relations_demonym_is_not_the_object_of_a_role(ex: Extractor) -> None:
    got = rels(ex, "Wathiq al-Batat, the head of the Iranian-backed Mukhtar Army, spoke.")
    assert ("wathiq-al-batat", "leader_of", "mukhtar-army") in got
    assert not any(s == "wathiq-al-batat" and o == "irn" for s, _, o in got)


def test_relations_title_must_hold_on_the_document_date(ex: Extractor) -> None:
    # Biden was not president in 2015: the title in the text is read against dated roles
    got = rels(ex, "Vice President Joe Biden visited Kiev.", published="2015-03-01")
    assert ("joe-biden", "leader_of", "usa.gov") not in got


def test_relations_carry_evidence_offsets(ex: Extractor) -> None:
    text = "Quds Force commander Esmail Ghaani arrived in Baghdad."
    doc = ex.extract_text(text, "r", published="2021-05-01")
    r = next(r for r in doc.relations if r.relation == "commander_of")
    assert text[r.evidence.start:r.evidence.end] == r.evidence.text
