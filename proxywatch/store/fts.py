"""Free-text search over events: one tokenizer and one query language for every backend.

The searchable text of an event (:func:`search_text`) is normalised here, in
Python, to lower-case letter/digit tokens joined by single spaces, and stored
in ``events.search``. SQLite's FTS5 (``unicode61``) and PostgreSQL's
``to_tsvector('simple', ...)`` then see nothing but plain words, so both split
it exactly as :func:`tokens` does and the in-memory store can answer alike.

Query language of ``q`` (:func:`parse_query`): whitespace-separated words are
ANDed; ``"several words"`` is a phrase; a word ending in ``*`` is a prefix
(``hezb*``). A word with inner punctuation (``al-Asad``, ``irn.irgc.qf``) is
the phrase of its parts. Case and diacritics never matter. Every other
character is a separator, so user input can never reach the engines' query
syntax: the engine queries are built from tokens that hold only letters and
digits.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Event, Incident, Party

#: more terms than this are dropped: bounds the cost of one request
MAX_TERMS = 16
_WORD = re.compile(r"[^\W_]+")
_QUERY = re.compile(r'"([^"]*)"?|(\S+)')


def normalise(text: str) -> str:
    # NFKD splits "é" into "e" + a combining accent, which is then dropped
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold()


def tokens(text: str) -> list[str]:
    """Lower-case, accent-free runs of letters and digits; everything else separates."""
    return _WORD.findall(normalise(text))


def _party_words(p: Party | None) -> list[str]:
    if p is None:
        return []
    return [p.name or "", p.id or "", *p.lineage]


def search_text(e: Event) -> str:
    """What ``q`` searches in an event: evidence sentence, party names and ids, place, type."""
    loc = e.location
    parts = [e.evidence.text, e.type, *_party_words(e.actor), *_party_words(e.recipient),
             *_party_words(e.source)]
    if loc is not None:
        parts += [loc.name or "", loc.id or "", loc.country or "", *loc.aliases]
    return " ".join(tokens(" ".join(parts)))


def incident_text(inc: Incident) -> str:
    """What ``q`` searches in an incident: the words of its events (type, parties, place) and
    of every report in its ledger (evidence sentence, source, outlet), plus its id."""
    loc = inc.location
    parts = [inc.incident_id, inc.type, *_party_words(inc.actor), *_party_words(inc.recipient)]
    if loc is not None:
        parts += [loc.name or "", loc.id or "", loc.country or "", *loc.aliases]
    for le in inc.ledger:
        parts += [(le.details.get("evidence") or {}).get("text") or "", le.source or "", le.outlet or ""]
    return " ".join(tokens(" ".join(str(p) for p in parts)))


def holds_all(terms: Sequence[Term], text: str) -> bool:
    """:func:`matches` for many texts: a term is a plain substring of the padded text (:func:`needle`)."""
    padded = " " + text + " "
    return bool(terms) and all(needle(t) in padded for t in terms)


@dataclass(frozen=True)
class Term:
    """Consecutive tokens that must all occur, in order; ``prefix``: the last one may go on."""

    words: tuple[str, ...]
    prefix: bool = False


def parse_query(q: str) -> list[Term]:
    """The terms of a ``q`` string (see the module doc); [] when it holds no letter or digit."""
    out: list[Term] = []
    for m in _QUERY.finditer(q):
        phrase, word = m.group(1), m.group(2)
        raw = phrase if phrase is not None else word
        words = tuple(tokens(raw))
        if not words:
            continue
        prefix = phrase is None and raw.endswith("*")
        term = Term(words, prefix)
        if term not in out:
            out.append(term)
    return out[:MAX_TERMS]


def fts5_query(terms: Sequence[Term]) -> str:
    """An FTS5 MATCH expression; tokens hold only letters and digits, so quoting is exact."""
    return " AND ".join('"' + " ".join(t.words) + '"' + (" *" if t.prefix else "") for t in terms)


def needle(t: Term) -> str:
    """``t`` as a substring of ``" " + search_text + " "``: exact, since tokens are single-space separated."""
    return " " + " ".join(t.words) + ("" if t.prefix else " ")


def ts_query(terms: Sequence[Term]) -> str:
    """A PostgreSQL ``to_tsquery('simple', ...)`` text: phrases with ``<->``, prefixes with ``:*``."""
    parts = []
    for t in terms:
        lexemes = [f"'{w}'" for w in t.words]
        if t.prefix:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def matches(terms: Sequence[Term], text: str) -> bool:
    """Does the normalised ``text`` (a :func:`search_text`) hold every term? (memory store)."""
    if not terms:
        return False
    toks = text.split()
    return all(_holds(t, toks) for t in terms)


def _holds(t: Term, toks: list[str]) -> bool:
    n = len(t.words)
    head, last = t.words[:-1], t.words[-1]
    for i in range(len(toks) - n + 1):
        if tuple(toks[i:i + n - 1]) != head:
            continue
        tok = toks[i + n - 1]
        if tok == last or (t.prefix and tok.startswith(last)):
            return True
    return False
