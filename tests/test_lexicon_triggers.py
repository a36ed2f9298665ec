"""Trigger matching on hand-written sentences, checked against a golden file."""
from __future__ import annotations

import pytest

from proxywatch.nlp import load_nlp
from proxywatch.stages.lexicon import TriggerLexicon
from golden import check_golden

SENTENCES = [
    "Militants fired three rockets at the base.",
    "The embassy is drawing down non-emergency staff.",
    "The State Department designated the group as a Foreign Terrorist Organization.",
    "Protesters demonstrated outside the parliament.",
    "The minister demonstrated that the plan works.",
    "He warned that the army would retaliate.",
    "She warned travellers about the weather.",
    "Thousands began a hunger strike on Monday.",
    "The rockets landed near the airport.",
    "The plane landed in Cairo.",
    "Kenya deployed Patriot launchers and sent troops to the border.",
    "The group announced it was suspending its attacks.",
]


@pytest.fixture(scope="module")
def lex() -> TriggerLexicon:
    return TriggerLexicon.load()


def test_lexicon_triggers_golden(lex: TriggerLexicon, update_golden: bool) -> None:
    nlp = load_nlp()
    out = {}
    for s, doc in zip(SENTENCES, nlp.pipe(SENTENCES)):
        out[s] = [[doc[h.token_i:h.end_i].text, h.entry.type, h.entry.mode] for h in lex.match(doc)]
    check_golden("lexicon_triggers", out, update_golden)


def test_lexicon_constraints_reject_non_events(lex: TriggerLexicon) -> None:
    nlp = load_nlp()
    plane, minister, weather = nlp.pipe(["The plane landed in Cairo.", "The minister demonstrated that it works.",
                                        "She warned travellers about the weather."])
    assert not list(lex.match(plane))
    assert not [h for h in lex.match(minister) if h.entry.type == "PROTEST"]
    assert not [h for h in lex.match(weather) if h.entry.type == "THREATEN"]


def test_lexicon_cheap_scan_knows_irregular_forms(lex: TriggerLexicon) -> None:
    for w in ("struck", "fought", "met", "attacked", "evacuations"):
        assert lex.scan([w]), w


def test_lexicon_needs_mix_classes_and_words() -> None:
    from proxywatch.errors import KnowledgeError

    data = {"classes": {"weapon": ["rocket", "mortar"]},
            "entries": [{"type": "ASSAULT", "mode": "fire", "verbs": ["fire ~@weapon|drone"]}]}
    lex = TriggerLexicon.from_data(data)
    (entry,) = lex.by_lemma[("fire", "VERB")]
    assert entry.needs == frozenset({"rocket", "mortar", "drone"})
    bad = {"classes": {}, "entries": [{"type": "ASSAULT", "verbs": ["fire ~@nothing"]}]}
    with pytest.raises(KnowledgeError, match="unknown class"):
        TriggerLexicon.from_data(bad)


def test_lexicon_scan_needs_the_argument_of_constrained_triggers(lex: TriggerLexicon) -> None:
    # "fire" triggers only with a weapon: the cheap scan must not wake the parser for "fired the CEO"
    assert not lex.scan("the board fired its chief executive".split())
    assert lex.scan("militants fired three rockets".split())
    assert lex.scan("troops attacked the base".split())
