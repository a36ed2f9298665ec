"""resolve_relative, the pipeline stage, and a golden run over the seed articles."""
from __future__ import annotations

from pathlib import Path

import pytest
from golden import check_golden

from proxywatch.model import DocMeta, Document, Mention, OffsetMap
from proxywatch.stages.timex import Anchor, Timex, TimexStage, find_timexes, resolve_relative


def _rel(delta: int | None, precision: str = "day") -> Timex:
    return Timex(0, 1, None, "event-relative", precision, delta_days=delta)


@pytest.mark.parametrize("delta,previous,expected", [
    (-1, "2020-01-01", "2019-12-31"),
    (1, "2020-02-28", "2020-02-29"),
    (2, "2013-09-05", "2013-09-07"),
    (0, "2013-09-05", "2013-09-05"),
    (1, "--02-28", "--02-29"),
    (-1, "--03-01", "--02-29"),
    (1, "2013-09", None),
    (1, "2013", None),
    (1, None, None),
    (None, "2013-09-05", None),
    (1, "not a date", None),
])
def test_timex_resolve_relative(delta: int | None, previous: str | None, expected: str | None) -> None:
    assert resolve_relative(_rel(delta), previous) == expected


def test_timex_resolve_relative_keeps_coarse_precision() -> None:
    assert resolve_relative(_rel(30, "month"), "2013-09-05") == "2013-10"
    assert resolve_relative(_rel(365, "year"), "2013-09-05") == "2014"


def test_timex_resolve_relative_ignores_other_kinds() -> None:
    assert resolve_relative(Timex(0, 1, "2013-09-05", "anchored"), "2013-09-01") is None


def test_timex_stage_maps_offsets_and_keeps_mentions() -> None:
    # the original text has two soft hyphens that normalisation removed before "Sept."
    orig = "Attacks began \u00ad\u00adon Sept. 5 and the next day."
    clean = "Attacks began on Sept. 5 and the next day."
    offsets = OffsetMap((0, 14), (0, 16), len(clean), len(orig))
    kept = Mention(0, 7, "actor", "x", "exact")
    doc = Document("d", orig, DocMeta(published="2013-09-12"), clean, offsets, mentions=(kept,))
    stage = TimexStage()
    assert (stage.name, stage.requires, stage.produces) == ("timex", ("clean",), ("timex",))
    out = stage(doc)
    assert out.mentions[0] == kept
    dates = [m for m in out.mentions if m.kind == "date"]
    assert [(out.span_text(m), m.value, m.label, m.method) for m in dates] == [
        ("Sept. 5", "2013-09-05", "anchored", "rule"),
        ("the next day", None, "event-relative", "rule")]
    cached = out.cache["timex"]
    assert [clean[t.start:t.end] for t in cached] == ["Sept. 5", "the next day"]
    assert cached[1].delta_days == 1


def test_timex_stage_uses_inferred_year() -> None:
    text = "Rockets fell on Sept. 5."
    doc = Document("d", text, DocMeta(inferred_year=2017), text, OffsetMap.identity(len(text)))
    (m,) = TimexStage()(doc).mentions
    assert m.value == "2017-09-05"


def test_timex_golden_seeds(shared: Path, update_golden: bool) -> None:
    # offsets and values only: the articles' text stays in ../shared
    out = {}
    for path in sorted((shared / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.stem] = [[t.start, t.end, t.kind, t.value, t.precision, t.delta_days, t.modifier]
                          for t in find_timexes(text, Anchor(None, None))]
    check_golden("timex_seeds", out, update_golden)


def test_timex_head_windows_change_nothing(shared: Path) -> None:
    # the head prefilter is a speed-up only: scanning everything must agree
    from dataclasses import replace

    from proxywatch.stages.timex import TimexFinder
    from proxywatch.stages.timex_lexicon import TimexLexicon

    lex = TimexLexicon.load()
    fast, slow = TimexFinder(lex), TimexFinder(replace(lex, heads={}))
    anchor = Anchor("2019-12-31")
    for path in sorted((shared / "gold" / "articles_dev").glob("*.txt")) + sorted((shared / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert fast.find(text, anchor) == slow.find(text, anchor), path.name
