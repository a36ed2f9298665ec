"""Status of an event mention: asserted, claimed, denied, conditional, negated.

Also finds who says so (the subject of the reporting verb, or the object
of "according to") and whether the trigger sits inside a condition ("if
Washington carries out a strike") or under a modal / speculative head, in
which case it is no event of its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lexicon import TriggerLexicon
from .roles import subject_of

NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without"}
# adjectives that make a nominal event unreal: "potential attacks", "a possible strike"
UNREAL_ADJ = {"potential", "possible", "future", "planned", "imminent", "hypothetical",
              "feared", "expected", "prospective", "likely", "any"}


@dataclass(frozen=True)
class Modality:
    status: str  # asserted | claimed | denied | conditional | negated
    source_tok: Any | None  # head token of who says so
    speech_verb: Any | None
    hypothetical: bool  # under a modal / plan / speculation: not an event by itself
    future: bool  # will / would / vow to: candidate threat
    in_condition: bool  # inside an if-clause: not an event
    condition_tok: Any | None  # head of the if-clause governed by this trigger
    negated: bool
    question: bool
    spec_head: str | None = None  # lemma of the plan/threat/modal head that makes it hypothetical


def _has_mark(clause: Any, marks: frozenset[str]) -> bool:
    for c in clause.children:
        if c.dep_ in ("mark", "advmod", "prep") and c.lower_ in marks:
            return True
        if c.dep_ == "prep" and c.lower_ == "in":
            # "in the event of"
            for g in c.children:
                if g.lower_ == "event":
                    return True
    return False


def condition_under(t: Any, lex: TriggerLexicon) -> Any | None:
    """An if-clause attached to `t` (or to its governing verb)."""
    for tok in (t, t.head):
        for c in tok.children:
            if c.dep_ in ("advcl", "prep") and (_has_mark(c, lex.conditional_marks) or
                                                   (c.dep_ == "prep" and c.lower_ == "in" and
                                                    any(g.lower_ == "event" for g in c.subtree))):
                return c
    return None


def is_past(v: Any) -> bool:
    """A verb in the past tense ("killed", "were killed")."""
    return v.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in v.children)


def analyse(t: Any, lex: TriggerLexicon) -> Modality:
    sent = t.sent if hasattr(t, "sent") else t.doc
    question = sent.text.rstrip().rstrip("\"'").endswith("?")
    in_cond = False
    hypothetical = future = negated = False
    speech = None
    source = None
    spec_head: str | None = None
    # walk from the trigger to the root: modals, conditions, reporting verbs
    tok = t
    steps = 0
    clause_local = True
    while True:
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in lex.hypothetical and clause_local:
                if c.lower_ in ("will", "'ll", "shall", "would", "wo"):
                    future = True
                else:
                    hypothetical = True
            if c.dep_ == "neg" and clause_local:
                negated = True
            if c.dep_ == "det" and c.lower_ == "no" and tok.i == t.i:
                negated = True
            if (c.dep_ in ("amod", "det") and c.lower_ in UNREAL_ADJ and clause_local
                    and tok.pos_ in ("NOUN", "PROPN") and (tok.i == t.i or tok.dep_ in ("dobj", "pobj", "nsubj"))):
                hypothetical = True
                spec_head = spec_head or c.lower_
        if tok.dep_ == "advcl" and _has_mark(tok, lex.conditional_marks):
            in_cond = True
        if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ == "of" and tok.head.head.lower_ == "event":
            in_cond = True
        lemma = tok.lemma_.lower()
        if tok.i != t.i and clause_local and lemma in lex.speculative_heads and tok.pos_ in ("VERB", "ADJ", "AUX", "NOUN"):
            if lemma in ("threaten", "vow", "pledge", "promise", "ready", "prepared", "swear", "willing", "committed"):
                future = True
            else:
                hypothetical = True
            spec_head = spec_head or lemma
        if tok.i != t.i and lemma in lex.speech_verbs and tok.pos_ in ("VERB", "AUX") and speech is None:
            speech = tok
            source = subject_of(tok)
            clause_local = False
        if tok.dep_ in ("ROOT",) or tok.head.i == tok.i or steps > 12:
            break
        # a relative clause or apposition describes a noun; its modality is its own
        if tok.dep_ in ("relcl", "acl", "appos") and tok.i != t.i:
            break
        if tok.dep_ in ("ccomp", "parataxis") and speech is None:
            clause_local = False
        if tok.dep_ == "advcl" and _has_mark(tok, lex.circumstance_marks) and is_past(tok):
            clause_local = False  # "will strike back after the US killed ...": that killing happened
        tok = tok.head
        steps += 1
    if source is None:
        source = _according_to(sent)
    cond = condition_under(t, lex)
    status = "asserted"
    if negated:
        status = "denied" if speech is not None else "negated"
    elif cond is not None:
        status = "conditional"
    elif source is not None:
        status = "claimed"
    return Modality(status=status, source_tok=source, speech_verb=speech, hypothetical=hypothetical,
                    future=future, in_condition=in_cond, condition_tok=cond, negated=negated,
                    question=question, spec_head=spec_head)


def _according_to(sent: Any) -> Any | None:
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            to = tok.nbor(1)
            for c in list(to.children) + list(tok.children):
                if c.dep_ == "pobj":
                    return c
    return None
