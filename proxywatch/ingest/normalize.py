"""Clean text for NLP while keeping a map back to the original offsets.

Every change is either a one-for-one replacement (so positions advance in
step) or a deletion (which starts a new run of the :class:`OffsetMap`); no
character is ever expanded into several, so ``text[to_orig(i)]`` is always the
original of ``clean[i]``.
"""
from __future__ import annotations

from ..model import OffsetMap

# Unicode spaces that tokenizers and regexes treat inconsistently.
_SPACES = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\t\u000b\u000c"
)
# Invisible characters: soft hyphen, zero-width space/joiners, word joiner, BOM,
# bidi marks. They split words for the tokenizer and carry no meaning.
_DELETE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u00b4": "'", "\u0060": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    # guillemets stay: English pages use "»" as a breadcrumb separator, not a quote
    # hyphen-like marks become ASCII hyphens; en/em dashes are kept because
    # they separate clauses, which a hyphen would glue into one token
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\u2028": "\n", "\u2029": "\n", "\u0085": "\n",
}
_TERMINAL = frozenset(".!?:;\"'\u201d\u2019)]")


def _char(c: str) -> str:
    if c in _SPACES:
        return " "
    return _MAP.get(c, c)


def _join_line_break(text: str, i: int) -> bool:
    """True if the newline at ``text[i]`` breaks a sentence in the middle.

    That is: the line before ends without terminal punctuation and the next
    line starts (after indentation) with a lowercase letter. Paragraph breaks
    (blank lines) are never joined.
    """
    j = i - 1
    while j >= 0 and (text[j] in " \t\r\u00a0" or text[j] in _DELETE):
        j -= 1
    if j < 0 or text[j] == "\n" or text[j] in _TERMINAL:
        return False
    k = i + 1
    n = len(text)
    while k < n and (text[k] in " \t\u00a0" or text[k] in _DELETE):
        k += 1
    return k < n and text[k].islower()


def normalize(text: str) -> tuple[str, OffsetMap]:
    """Return ``(clean, offsets)``; ``offsets.to_orig(i)`` is the position in ``text``."""
    out: list[str] = []
    clean_starts = [0]
    orig_starts = [0]
    n = len(text)
    for j, c in enumerate(text):
        if c in _DELETE:
            continue
        if c == "\r":
            if j + 1 < n and text[j + 1] == "\n":
                continue  # CRLF: the \n stands for both
            c = "\n"
        if c == "\n" and _join_line_break(text, j):
            c = " "
        else:
            c = _char(c)
        i = len(out)
        if orig_starts[-1] + (i - clean_starts[-1]) != j:
            if clean_starts[-1] == i:  # nothing emitted since the last run began
                orig_starts[-1] = j
            else:
                clean_starts.append(i)
                orig_starts.append(j)
        out.append(c)
    clean = "".join(out)
    return clean, OffsetMap(tuple(clean_starts), tuple(orig_starts), len(clean), n)
