from __future__ import annotations

from proxywatch.ingest.dedup import near_duplicates
from proxywatch.ingest.readers import build_document
from proxywatch.model import DocMeta

BASE = ("Militia fighters fired three rockets at the coalition base near the airport on Sunday, "
        "officials said. Nobody was hurt in the attack, which came a day after the group threatened "
        "to strike American forces in the country unless they withdrew by the end of the year. "
        "The prime minister condemned the attack and ordered an investigation into who launched it.")
OTHER = ("The foreign minister met his counterpart in the capital to discuss trade, energy prices "
         "and a new agreement on water rights that both governments hope to sign next spring.")


def test_dedup_finds_republished_copy_with_other_furniture() -> None:
    a = build_document("a", BASE, DocMeta())
    b = build_document("b", "Home » World »\n\n" + BASE + "\n\nShare this\n\n3 Comments\n", DocMeta())
    c = build_document("c", OTHER, DocMeta())
    pairs = near_duplicates([a, b, c], threshold=0.8)
    assert [(x, y) for x, y, _ in pairs] == [("a", "b")]
    assert pairs[0][2] >= 0.95


def test_dedup_threshold_separates_edited_copy() -> None:
    edited = BASE.replace("three rockets", "four drones").replace("Sunday", "Monday")
    docs = [build_document("a", BASE, DocMeta()), build_document("e", edited, DocMeta())]
    (pair,) = near_duplicates(docs, threshold=0.5)
    assert 0.5 <= pair[2] < 0.9
    assert near_duplicates(docs, threshold=0.95) == []
