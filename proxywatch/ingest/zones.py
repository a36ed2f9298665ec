"""Body and boilerplate zones of a plain-text page.

Text copied from web pages keeps the furniture around the article: menus,
share buttons, donation appeals, comment threads, tweet feeds, tag clouds,
photo credits. :func:`find_zones` labels every line, from two sources:

* line patterns from ``proxywatch/data/boilerplate.yaml`` (data, documented
  in docs/DATA.md), and
* structural rules that hold for news pages in general: a line repeated
  right after itself is an image's alt text and caption; the lines directly
  above a photo credit are its caption; clock-time lines ("1:58pm") with a
  recurring account name are a feed; an author box or a comment section
  opens the tail of the page, after which nothing is article any more; a run
  of short title-like lines at the very end is a topic list.

Anything no rule claims stays body: losing a sentence of article costs more
than keeping a line of furniture.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import KnowledgeError
from ..model import Zone

BODY = "body"


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled patterns of boilerplate.yaml."""

    lines: tuple[tuple[str, re.Pattern[str]], ...]
    tail: tuple[tuple[str, re.Pattern[str]], ...]
    bio: tuple[re.Pattern[str], ...]
    tail_min_position: float
    version: int

    @classmethod
    def from_dict(cls, data: Any) -> BoilerplateRules:
        try:
            def comp(section: Any) -> tuple[tuple[str, re.Pattern[str]], ...]:
                return tuple((str(label), re.compile(p, re.IGNORECASE))
                             for label, pats in section.items() for p in pats)
            return cls(
                lines=comp(data["lines"]),
                tail=comp(data["tail_start"]),
                bio=tuple(re.compile(p) for p in data["bio"]),
                tail_min_position=float(data.get("tail_min_position", 0.35)),
                version=int(data.get("version", 1)),
            )
        except (KeyError, TypeError, AttributeError, ValueError, re.error) as exc:
            raise KnowledgeError(f"boilerplate.yaml: {exc}") from exc

    @classmethod
    def load(cls) -> BoilerplateRules:
        text = resources.files("proxywatch.data").joinpath("boilerplate.yaml").read_text("utf-8")
        return cls.from_dict(yaml.safe_load(text))


@lru_cache(maxsize=1)
def default_rules() -> BoilerplateRules:
    return BoilerplateRules.load()


@dataclass
class _Line:
    start: int
    end: int  # excludes the newline
    raw: str
    s: str  # stripped
    label: str = BODY

    @property
    def blank(self) -> bool:
        return not self.s

    @property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip())


_CLOCK = re.compile(r"^\d{1,2}:\d{2}\s?(?:[ap]\.?m\.?)?$", re.IGNORECASE)
_BULLET_AUTHOR = re.compile(r"^[•·▪◦*–—-]\s*[\w.…'@-]+(?: [\w.…'@-]+){0,2}$")
_SENTENCE_PUNCT = re.compile(r"[.!?:;,\"“”()]")
_TERMINAL_END = re.compile(r"[.!?:;\"”’')\]]$")
_PHOTO_WORD = re.compile(r"\b(photo|photograph|image|picture|getty)\b", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-Z(][\w.'()\-]*$")


def _split_lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        body = raw.removesuffix("\r")
        out.append(_Line(pos, pos + len(body), body, body.strip()))
        pos = end + 1
    return out


def _prev_nonblank(lines: list[_Line], i: int, max_blank: int = 1) -> int | None:
    blanks = 0
    j = i - 1
    while j >= 0:
        if not lines[j].blank:
            return j
        blanks += 1
        if blanks > max_blank:
            return None
        j -= 1
    return None


def _next_nonblank(lines: list[_Line], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if not lines[j].blank:
            return j
    return None


def _is_short_titleish(s: str, max_words: int = 4) -> bool:
    words = s.split()
    return (0 < len(words) <= max_words and len(s) <= 40 and not _SENTENCE_PUNCT.search(s)
            and not any(c.isdigit() for c in s))


def _is_hashtag_line(s: str) -> bool:
    toks = s.split()
    tags = sum(1 for t in toks if t.startswith("#") and len(t) > 1)
    return tags >= 3 and tags >= 0.6 * len(toks)


def _is_name_line(s: str) -> bool:
    """A person's name on its own line: a few capitalised words, no sentence end."""
    words = s.split()
    return (0 < len(words) <= 8 and not s.endswith((".", "!", "?", ":"))
            and sum(1 for w in words if _NAME_WORD.match(w)) >= len(words) - 1)


def _continues_sentence(lines: list[_Line], i: int) -> bool:
    """A hard-wrapped continuation line ("by the end of March, they said.")."""
    s = lines[i].s
    return i > 0 and not lines[i - 1].blank and s[:1].islower()


def _label_lines(lines: list[_Line], rules: BoilerplateRules) -> None:
    for i, ln in enumerate(lines):
        if ln.blank or _continues_sentence(lines, i):
            continue
        for label, pat in rules.lines:
            if pat.search(ln.s):
                ln.label = label
                break
        else:
            if _is_hashtag_line(ln.s):
                ln.label = "tags"


def _mark_captions(lines: list[_Line]) -> None:
    # alt text followed by the same caption: an image block
    for i in range(1, len(lines)):
        a, b = lines[i - 1], lines[i]
        if not b.blank and a.s == b.s and len(b.s) < 300 and not _TERMINAL_END.search(b.s):
            a.label = b.label = "caption"
    # the lines right above a photo credit (same block) describe the photo
    for i, ln in enumerate(lines):
        # a bare agency name ("REUTERS") signs the story, not a photo
        if ln.label != "credit" or not (ln.s.startswith("(") or _PHOTO_WORD.search(ln.s)):
            continue
        j = i - 1
        taken = 0
        while j >= 0 and not lines[j].blank and taken < 2:
            if lines[j].label == BODY and len(lines[j].s) < 300:
                lines[j].label = "caption"
            taken += 1
            j -= 1


def _mark_feed(lines: list[_Line]) -> None:
    """Clock-time lines followed by a recurring account name form a feed."""
    clocks = [i for i, ln in enumerate(lines) if _CLOCK.match(ln.s)]
    if len(clocks) < 2:
        return
    after = Counter(lines[j].s for i in clocks if (j := _next_nonblank(lines, i)) is not None)
    account, count = after.most_common(1)[0] if after else ("", 0)
    if count < 2 or len(account) > 60:
        account = ""
    first, last = clocks[0], clocks[-1]
    if account:
        for j in range(max(0, first - 12), first):
            if lines[j].s == account:
                first = j
                break
    for j in range(first, last + 1):
        lines[j].label = "tweets"
    if account:
        for ln in lines:
            if ln.s == account:
                ln.label = "tweets"


def _comment_author_at(lines: list[_Line], i: int) -> bool:
    """A bulleted short handle whose next paragraph is indented deeper: a comment."""
    ln = lines[i]
    if not _BULLET_AUTHOR.match(ln.s) or _TERMINAL_END.search(ln.s):
        return False
    j = _next_nonblank(lines, i)
    return j is not None and lines[j].indent > ln.indent


def _tail_start(lines: list[_Line], rules: BoilerplateRules, n_chars: int) -> tuple[int, str] | None:
    min_pos = rules.tail_min_position * n_chars
    bio_pos = 0.5 * n_chars
    for i, ln in enumerate(lines):
        if ln.blank or ln.start < min_pos:
            continue
        for label, pat in rules.tail:
            if pat.search(ln.s):
                return i, label
        if _comment_author_at(lines, i):
            return i, "comments"
        if ln.start >= bio_pos and any(p.search(ln.s) for p in rules.bio):
            start = i
            # the author's name and a "Notes" heading above the box belong to it
            while (j := _prev_nonblank(lines, start)) is not None and (
                    lines[j].label == "notes"
                    or (lines[j].label == BODY and _is_name_line(lines[j].s))):
                start = j
            return start, "bio"
    return None


def _mark_trailing_topics(lines: list[_Line]) -> None:
    idx = [i for i, ln in enumerate(lines) if not ln.blank]
    run: list[int] = []
    for i in reversed(idx):
        # topic links sit flush left; indented short lines are tables of the article
        if (_is_short_titleish(lines[i].s) and lines[i].indent == 0
                and lines[i].label in (BODY, "tags", "related")):
            run.append(i)
        else:
            break
    if sum(1 for i in run if lines[i].label == BODY) >= 3:
        for i in run:
            if lines[i].label == BODY:
                lines[i].label = "topics"


def _mark_title(lines: list[_Line]) -> None:
    for ln in lines:
        if ln.blank or ln.label != BODY:
            continue
        if len(ln.s) < 150 and not ln.s.endswith((".", ":")):
            ln.label = "title"
        return


def find_zones(text: str, rules: BoilerplateRules | None = None) -> tuple[Zone, ...]:
    """Zones covering ``text`` end to end: kind body or boilerplate, with a label.

    Labels of boilerplate: nav, share, subscribe, donate, comments, policy,
    related, tags, credit, notes, copyright, byline, date, caption, tweets,
    topics, bio. Body zones are labelled ``body`` or ``title`` (the headline).
    """
    if not text:
        return ()
    rules = rules or default_rules()
    lines = _split_lines(text)
    _label_lines(lines, rules)
    _mark_captions(lines)
    _mark_feed(lines)
    _mark_trailing_topics(lines)
    tail = _tail_start(lines, rules, len(text))
    if tail is not None:
        first, label = tail
        # unlabelled tail lines take the label of the furniture above them
        for ln in lines[first:]:
            if ln.label in (BODY, "title"):
                ln.label = label
            elif not ln.blank and not (label == "bio" and ln.label == "notes"):
                label = ln.label
    _mark_title(lines)
    return _merge(lines, len(text))


def _kind(label: str) -> str:
    return "body" if label in (BODY, "title") else "boilerplate"


def _merge(lines: list[_Line], n: int) -> tuple[Zone, ...]:
    # blank lines (and the newline after a line) go with the zone before them
    spans: list[list[Any]] = []
    for ln in lines:
        if ln.blank and spans:
            continue
        label = ln.label if not ln.blank else BODY
        if spans and spans[-1][2] == label:
            continue
        if spans:
            spans[-1][1] = ln.start
        spans.append([ln.start, n, label])
    if spans:
        spans[0][0] = 0
    zones = []
    for start, end, label in spans:
        if end > start:
            zones.append(Zone(start, end, _kind(label), label))  # type: ignore[arg-type]
    return tuple(zones)
