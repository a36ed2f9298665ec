from __future__ import annotations

import pytest

from proxywatch.ingest.normalize import normalize
from proxywatch.model import Document
from proxywatch.stages.sentences import SentenceStage, split_spans


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith met Gen. Jones in Baghdad. They spoke.", ["Mr. Smith met Gen. Jones in Baghdad.", "They spoke."]),
    ("On Sept. 5 the U.S. Embassy closed. Staff left.", ["On Sept. 5 the U.S. Embassy closed.", "Staff left."]),
    ('"We will strike," he said. "Soon."', ['"We will strike," he said.', '"Soon."']),
    ("Headline without stop\n\nBody starts here. And ends.", ["Headline without stop", "Body starts here.", "And ends."]),
    ("J. R. Smith arrived at 5 p.m. Tuesday.", ["J. R. Smith arrived at 5 p.m. Tuesday."]),
])
def test_sentences_split_handles_abbreviations_quotes_and_breaks(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_spans(text)] == expected


def test_sentences_stage_offsets_point_into_original_text() -> None:
    text = "Iran\u2019s Quds\u00a0Force met. Hez\u00adbollah said \u201cno\u201d."
    clean, offsets = normalize(text)
    doc = SentenceStage()(Document("d", text, clean=clean, offsets=offsets))
    assert [text[s.start:s.end] for s in doc.sentences] == ["Iran\u2019s Quds\u00a0Force met.",
                                                           "Hez\u00adbollah said \u201cno\u201d."]


def test_sentences_split_lost_space_after_period() -> None:
    text = "He cited an anonymous official.The ministry said nothing. Visit Reuters.com now."
    assert [text[s:e] for s, e in split_spans(text)] == [
        "He cited an anonymous official.", "The ministry said nothing.", "Visit Reuters.com now."]


@pytest.mark.parametrize("text, first", [
    ("ERBIL, December 26 — The United States struck back.", "ERBIL, December 26 —"),
    ("BAGHDAD (AP) — A rocket hit the embassy.", "BAGHDAD (AP) —"),
    ("TEHRAN, Iran (Reuters) – Iran said it fired.", "TEHRAN, Iran (Reuters) –"),
])
def test_sentences_dateline_is_its_own_segment(text: str, first: str) -> None:
    spans = split_spans(text)
    assert text[spans[0][0]:spans[0][1]] == first and len(spans) == 2


def test_sentences_dash_inside_a_sentence_is_no_dateline() -> None:
    text = "NATO — the alliance — met in Brussels."
    assert len(split_spans(text)) == 1
