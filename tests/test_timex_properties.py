"""find_timexes never fails and keeps its offsets inside the text."""
from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from proxywatch.stages.timex import Anchor, find_timexes

WORDS = ["on", "the", "29th", "Sept.", "5", "May", "2019", "late", "Thursday", "last", "week", "days",
         "later", "a", "day", "earlier", "between", "2003", "and", "2011", "local", "time", ",", ".",
         "every", "Friday", "for", "three", "in", "February", "31", "ago", "next", "this", "past", "\n"]

anchors = st.one_of(
    st.just(Anchor()),
    st.builds(Anchor, st.dates().map(lambda d: d.isoformat())),
    st.builds(Anchor, st.dates().map(lambda d: d.isoformat()[:7])),
    st.builds(Anchor, st.none(), st.integers(1, 9999)),
    st.builds(Anchor, st.text(max_size=12), st.one_of(st.none(), st.integers(-5, 20000))),
)


def _check(text: str, anchor: Anchor) -> None:
    found = find_timexes(text, anchor)
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
    assert all(a.end <= b.start for a, b in pairwise(found))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), anchors)
def test_timex_never_raises_on_arbitrary_text(text: str, anchor: Anchor) -> None:
    _check(text, anchor)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join), anchors)
def test_timex_never_raises_on_date_like_text(text: str, anchor: Anchor) -> None:
    _check(text, anchor)
