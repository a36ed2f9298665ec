"""Who speaks a quotation: speakers of quoted sentences across sentence breaks.

News quotes run over several sentences: `He said: "A. B. C," adding ...`.
A sentence inside a quotation whose own parse has no reporting verb gets
the speaker named next to the quote's reporting verb, in the sentence that
opens the quote or the one that closes it ("..., Pompeo stated.").
"""
from __future__ import annotations

import re
from typing import Sequence

from ..model import Document, Mention

SPEECH_FORMS = (
    "said", "says", "told", "tells", "tweeted", "tweets", "stated", "states", "added", "adds", "warned",
    "warns", "declared", "declares", "wrote", "writes", "noted", "insisted", "continued", "explained",
    "claimed", "announced", "argued", "stressed", "asserted", "vowed", "threatened", "posted", "read",
)
_VERB = re.compile(r"\b(?:" + "|".join(SPEECH_FORMS) + r")\b", re.I)
# verbs whose object is the addressee: "told Tehran", "warned Iran" -- the speaker precedes them
ADDRESSING = {"told", "tells", "warned", "warns", "threatened", "urged", "advised"}
WINDOW = 45


def quote_speakers(doc: Document, speakers: Sequence[Mention]) -> dict[int, Mention]:
    """sentence index -> the speaker mention of the quotation it belongs to."""
    clean = doc.clean
    to_clean = doc.offsets.to_clean
    spans = [(to_clean(s.start), to_clean(s.end)) for s in doc.sentences]
    ms = sorted(speakers, key=lambda m: m.start)
    cms = [(to_clean(m.start), to_clean(m.end), m) for m in ms]
    inside: list[bool] = []
    has_quote: list[bool] = []
    depth = 0
    last_break = 0
    for s, e in spans:
        if "\n\n" in clean[last_break:s]:
            depth = 0  # a new paragraph closes any open quote
        starts_inside = depth % 2 == 1
        n = clean.count('"', s, e)
        depth += n
        inside.append(starts_inside)
        has_quote.append(n > 0)
        last_break = e
    out: dict[int, Mention] = {}
    for i, (s, e) in enumerate(spans):
        if not (inside[i] or has_quote[i]):
            continue
        sp = _speaker_in(clean, s, e, cms, inside[i])
        j = i
        # the opening sentence ("He said:") and the closing one (", he said.")
        while sp is None and j > 0 and inside[j] and i - j < 6:
            j -= 1
            sp = _speaker_in(clean, *spans[j], cms, inside[j])
        k = i
        while sp is None and k + 1 < len(spans) and k - i < 6 and (inside[k + 1] or has_quote[k + 1]):
            k += 1
            sp = _speaker_in(clean, *spans[k], cms, inside[k])
            if not inside[k]:
                break
        if sp is not None:
            out[i] = sp
    _colon_blocks(clean, spans, cms, inside, out)
    return out


def _colon_blocks(clean: str, spans: list[tuple[int, int]], cms: list[tuple[int, int, Mention]],
                  inside: list[bool], out: dict[int, Mention]) -> None:
    """ "President Trump tweeted this morning that ...:" followed by the post itself: the
    paragraph after a colon-ended reporting sentence is its speaker's words."""
    for i, (s, e) in enumerate(spans):
        if not clean[s:e].rstrip().endswith(":"):
            continue
        sp = _speaker_in(clean, s, e, cms, inside[i])
        if sp is None:
            continue
        j = i + 1
        if j >= len(spans) or "\n" not in clean[e:spans[j][0]]:
            continue  # the quoted block starts on a new line
        par_end = clean.find("\n\n", spans[j][0])
        par_end = len(clean) if par_end == -1 else par_end
        while j < len(spans) and spans[j][0] < par_end:
            out.setdefault(j, sp)
            j += 1


def _speaker_in(clean: str, s: int, e: int, cms: list[tuple[int, int, Mention]], starts_inside: bool) -> Mention | None:
    """An actor mention right next to a reporting verb, outside the quoted words."""
    seg = clean[s:e]
    best = None
    best_gap = WINDOW + 1
    for v in _VERB.finditer(seg):
        vs, ve = s + v.start(), s + v.end()
        if (starts_inside + clean.count('"', s, vs)) % 2 == 1:
            continue
        addressing = v.group().lower() in ADDRESSING
        for ms, me, m in cms:
            if ms < s or me > e or (addressing and ms >= ve):
                continue
            gap = vs - me if me <= vs else ms - ve if ms >= ve else None
            if gap is None or gap < 0 or gap > best_gap:
                continue
            between = clean[me:vs] if me <= vs else clean[ve:ms]
            if '"' in between or "." in between:
                continue
            best, best_gap = m, gap
    return best

