"""The free-text query language and the search text (proxywatch/store/fts.py), engine-free."""
from __future__ import annotations

from store_samples import sample_document

from proxywatch.store import fts
from proxywatch.store.fts import Term


def test_store_fts_tokens_fold_case_accents_and_punctuation() -> None:
    assert fts.tokens("Kata'ib  Hezbollah's RÉSEAU, al-Asad!") == [
        "kata", "ib", "hezbollah", "s", "reseau", "al", "asad"]
    assert fts.tokens("irn.irgc.qf_x") == ["irn", "irgc", "qf", "x"]  # '_' separates too
    assert fts.tokens("*** -- ()") == []


def test_store_fts_parse_words_phrases_and_prefixes() -> None:
    assert fts.parse_query('rockets "US Embassy" hezb* al-Asad') == [
        Term(("rockets",)), Term(("us", "embassy")), Term(("hezb",), prefix=True), Term(("al", "asad"))]
    assert fts.parse_query('"unclosed phrase here') == [Term(("unclosed", "phrase", "here"))]
    assert fts.parse_query("Baghdad baghdad BAGHDAD") == [Term(("baghdad",))]  # duplicates once
    assert fts.parse_query('"" * - : ( )') == []


def test_store_fts_hostile_input_yields_only_letters_and_digits() -> None:
    hostile = ['NEAR(a b, 2)', 'x" OR "y', "col:value", "-not", "a AND (b", "'; DROP TABLE events; --",
               "^start", "x:*", "<-> & | !", "\\\"\\"]
    for q in hostile:
        terms = fts.parse_query(q)
        for t in terms:
            assert all(w.isalnum() for w in t.words), (q, t)
        expr = fts.fts5_query(terms)
        # every token sits inside one pair of double quotes: the user's operators are plain words
        assert expr.count('"') == 2 * len(terms)
        assert "'" not in "".join(w for t in terms for w in t.words)
    assert fts.fts5_query(fts.parse_query('NEAR(a b)')) == '"near a" AND "b"'
    assert fts.ts_query(fts.parse_query("x:* al-Asad")) == "('x':*) & ('al' <-> 'asad')"


def test_store_fts_matches_needs_every_term_in_order() -> None:
    text = fts.search_text(sample_document(0).events[0])
    assert "security official" in text and "us embassy baghdad" in text
    assert fts.matches(fts.parse_query("Rockets embassy"), text)
    assert fts.matches(fts.parse_query('"security official"'), text)
    assert not fts.matches(fts.parse_query('"official security"'), text)  # a phrase keeps its order
    assert not fts.matches(fts.parse_query("rockets tehran"), text)  # AND, not OR
    assert fts.matches(fts.parse_query("emba*"), text)
    assert not fts.matches(fts.parse_query("emba"), text)  # whole words unless a prefix is asked
    assert not fts.matches([], text)


def test_store_fts_search_text_holds_parties_places_and_type() -> None:
    denial = sample_document(0).events[1]  # Kataib Hezbollah denies, in Baghdad
    words = set(fts.search_text(denial).split())
    assert {"kataib", "hezbollah", "pmf", "irq", "baghdad", "bagdad", "reject", "denied"} <= words
    assert "doc" not in words  # document and event ids are not searchable text
