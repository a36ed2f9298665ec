from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from proxywatch.ingest.normalize import normalize

_EQUIV = {"\u00a0": " ", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2011": "-",
          "\u2009": " ", "\t": " ", "\r": "\n"}


def _corresponds(orig: str, clean: str) -> bool:
    return orig == clean or _EQUIV.get(orig) == clean or (orig in "\n\r" and clean in " \n")


def _assert_map(text: str) -> None:
    clean, om = normalize(text)
    assert om.clean_len == len(clean) and om.orig_len == len(text)
    for i, c in enumerate(clean):
        j = om.to_orig(i)
        assert 0 <= j < len(text)
        assert _corresponds(text[j], c), (i, c, text[j])
    # positions never go backwards
    origs = [om.to_orig(i) for i in range(len(clean))]
    assert origs == sorted(set(origs))


def test_normalize_spaces_quotes_invisibles() -> None:
    text = "The \u201cQuds\u00a0Force\u201d didn\u2019t re\u00adspond\u200b to Iran\u2011backed claims."
    clean, om = normalize(text)
    assert clean == 'The "Quds Force" didn\'t respond to Iran-backed claims.'
    start = clean.index("respond")
    # an end offset maps through its last character
    assert text[om.to_orig(start):om.to_orig(start + 6) + 1] == "re\u00adspond"
    _assert_map(text)


def test_normalize_joins_broken_lines_keeps_paragraphs() -> None:
    text = "Militia leaders said the attack\nwould continue until troops leave.\n\nA second paragraph.\nNew line."
    clean, _ = normalize(text)
    assert clean == ("Militia leaders said the attack would continue until troops leave.\n\n"
                     "A second paragraph.\nNew line.")


def test_normalize_keeps_break_after_heading_before_capital() -> None:
    clean, _ = normalize("Troops in the region\nThe United States has soldiers there.")
    assert "\n" in clean


def test_normalize_crlf_and_dashes() -> None:
    text = "Rockets hit the base \u2014 officials said\r\nit was\r\nminor.\r\n"
    clean, om = normalize(text)
    assert clean == "Rockets hit the base \u2014 officials said it was minor.\n"
    _assert_map(text)
    assert om.to_clean(text.index("minor")) == clean.index("minor")


def test_normalize_seed_offsets(shared) -> None:
    for f in sorted((shared / "seeds").glob("*.txt")):
        text = f.read_text("utf-8")
        clean, _om = normalize(text)
        assert "\u00a0" not in clean and "\u2019" not in clean
        _assert_map(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .A\n\r\t\u00a0\u00ad\u200b\u2019\u201c\u2014\ufeff")), max_size=60))
def test_normalize_offsets_property(text: str) -> None:
    _assert_map(text)
