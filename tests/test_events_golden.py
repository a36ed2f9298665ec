"""Golden files for the events stage, one per aspect: roles, modality, dates, relations.

Hand-written sentences (never gold sentences). Each golden file records what the pipeline
codes for every sentence; a change shows up as a diff to review (`pytest --update-golden`
accepts it). The behaviours that must hold are asserted one by one in
test_events_rules.py; these files catch the changes nobody meant.
"""
from __future__ import annotations

from typing import Any

import pytest

from golden import check_golden
from proxywatch.api import Extractor

CASES: dict[str, list[tuple[str, str | None]]] = {
    "roles": [
        ("Syrian troops shelled the Turkish border town of Akcakale on Monday.", "2015-06-10"),
        ("The convoy was attacked by Russian jets near Aleppo on Sunday.", "2015-06-10"),
        ("Turkey and Qatar condemned the Egyptian crackdown on protesters.", "2015-06-10"),
        ("The head of Kenya's army, General Samson Mwathethe, visited Mogadishu.", "2015-06-10"),
        ("Talks between Armenia and Azerbaijan resumed in Moscow on Friday.", "2015-06-10"),
        ("Al-Shabaab fighters attacked a Kenyan base. Kenya said it would respond.", "2015-06-10"),
    ],
    "modality": [
        ("Iran said it would strike Israel if Israel attacked its nuclear sites.", "2015-06-10"),
        ("Jordan denied that its jets had bombed the village.", "2015-06-10"),
        ("Analysts said Russia could attack Ukraine next year.", "2015-06-10"),
        ("Egyptian officials said militants attacked a checkpoint in Sinai.", "2015-06-10"),
        ("Sudan offered to negotiate with the rebels in Juba.", "2015-06-10"),
    ],
    "dates": [
        ("Rockets hit the Green Zone on Sept. 5. A day earlier, mortars struck Baghdad airport.", "2018-09-10"),
        ("Rebels attacked Goma late Thursday, the UN said.", "2015-06-12"),
        ("Houthi militants attacked a Saudi base on the 29th.", None),
        ("Jordan called on Syria to stop the shelling, which has gone on since March.", "2015-06-10"),
        ("The day after militants attacked a Nigerian army post on March 3, Chad's president "
         "visited Abuja.", "2015-03-20"),
    ],
    "relations": [
        ("Hassan Nasrallah, the leader of Hezbollah, said the group would respond.", "2015-06-10"),
        ("The Iranian-backed Houthis fired missiles at Riyadh.", "2015-06-10"),
        ("Esmail Ghaani replaced Qassem Soleimani as commander of the Quds Force.", "2020-01-10"),
    ],
}


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor.load()


def _party(p: Any) -> str | None:
    return p.id if p is not None else None


@pytest.mark.parametrize("aspect", sorted(CASES))
def test_events_golden_per_aspect(ex: Extractor, aspect: str, update_golden: bool) -> None:
    out: dict[str, Any] = {}
    for text, published in CASES[aspect]:
        doc = ex.extract_text(text, "g", published=published)
        out[text] = {
            "events": [[e.type, e.mode, _party(e.actor), _party(e.recipient), e.date, e.status, _party(e.source)]
                       for e in doc.events],
            "relations": sorted([r.subject, r.relation, r.object] for r in doc.relations),
        }
    check_golden(f"events_{aspect}", out, update_golden)
