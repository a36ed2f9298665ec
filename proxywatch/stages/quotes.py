"""Where quotations are: shared by coreference and event roles.

A name inside quotation marks is someone the speaker talks about, not the speaker: pronouns
and "the group" outside a quotation do not point into it.
"""
from __future__ import annotations

OPEN_QUOTES = "\u201c\""


def quoted_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The stretches of ``text[start:end]`` between quotation marks, curly or straight.

    Nested quotations ('the "clinically dead" body') stay inside the outer one; straight
    quotes alternate; a quotation still open at ``end`` runs to it.
    """
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    opened, depth = 0, 0
    for i in range(start, stop):
        ch = text[i]
        if ch == '"':
            ch = "\u201d" if depth else "\u201c"
        if ch == "\u201c":
            if depth == 0:
                opened = i
            depth += 1
        elif ch == "\u201d" and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, i + 1))
    if depth:
        spans.append((opened, stop))
    return spans


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)
