"""Quotation spans: nesting, straight quotes, a quotation running past the sentence."""
from __future__ import annotations

from proxywatch.stages.quotes import inside, quoted_spans


def test_quotes_nested_quotation_stays_inside_the_outer_one() -> None:
    text = '\u201cISIS is taking its last breaths, to protect the \u201cclinically dead\u201d body of ISIS,\u201d it said.'
    spans = quoted_spans(text)
    assert len(spans) == 1
    assert inside(spans, text.rindex("ISIS")) and not inside(spans, text.index("it said"))


def test_quotes_straight_quotes_alternate_and_open_ones_run_to_the_end() -> None:
    text = 'He said "we will strike" and then "they will pay'
    spans = quoted_spans(text)
    assert [text[a:b] for a, b in spans] == ['"we will strike"', '"they will pay']

