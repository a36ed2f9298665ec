from __future__ import annotations

import pytest

from proxywatch.knowledge.keys import key, keyed


@pytest.mark.parametrize("a,b", [
    ("Qasem Soleimani", "Qassem Suleimani"),
    ("Qasem Soleimani", "Kasem Suleimani"),
    ("Esmail Ghaani", "Ismail Qaani"),
    ("Esmail Qa'ani", "Ismail Ghaani"),
    ("IRGC Qods Force", "IRGC Quds Force"),
    ("Kata'ib Hizbullah", "Kataib Hezbollah"),
    ("Kata’ib Hezbollah", "Kataeb Hezbollah"),
    ("al-Hashd ash-Sha'bi", "Hashd al-Shaabi"),
    ("Abu Mahdi al-Muhandis", "Abu Mahdi Muhandis"),
    ("U.S. forces", "US forces"),
    ("the Pentagon", "Pentagon"),
    ("Basrah", "Basra"),
    ("Mousavi", "Musawi"),
    ("Zürich", "Zurich"),
])
def test_keys_variants_share_a_key(a: str, b: str) -> None:
    assert key(a) == key(b)


@pytest.mark.parametrize("a,b", [
    ("Iran", "Iraq"), ("Iran", "iron"), ("Hezbollah", "Kataib Hezbollah"), ("Nujaba", "Hezbollah"),
])
def test_keys_different_names_stay_apart(a: str, b: str) -> None:
    assert key(a) != key(b)


def test_keys_possessive_is_cut() -> None:
    assert key("Soleimani’s") == key("Soleimani")
    assert key("Iran's") == key("Iran")


def test_keys_keyed_maps_words_back_to_text() -> None:
    text = "Then al-Muhandis met Soleimani’s aide in the U.S. zone."
    k, pos = keyed(text)
    assert len(pos) == len(k) + 1
    words = k.split(" ")
    i = 0
    spans = []
    for w in words:
        spans.append(text[pos[i]:pos[i + len(w)]])
        i += len(w) + 1
    assert "al-Muhandis" in spans  # the dropped article is kept in the span
    assert "Soleimani" in spans  # the possessive is not
    assert "U.S." in spans
    assert "the" not in spans


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_keys_keyed_positions_stay_in_text(text: str) -> None:
    k, pos = keyed(text)
    assert len(pos) == len(k) + 1
    assert all(0 <= p <= len(text) for p in pos)
    assert pos == sorted(pos) or not k  # offsets never go backwards
    assert k == key(text)
