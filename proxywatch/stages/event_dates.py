"""When an event happened: the date of a trigger's own clause, and the rules that keep other
clauses' dates off it.

`event_date` picks the date mention attached to the trigger's clause; a date inside another
event verb's clause is that event's (and anchors relative dates); an act told as what came
before ("after soldiers were killed", "after the killing of ...") takes only its own phrase's
dates. The story's reference time (paragraph and last explicit date) is kept by the events
stage; `usable_reference` says when it may stand in.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..model import Document, Mention
from .modality import is_past
from .timex import resolve_relative

if TYPE_CHECKING:
    from .events import _Cand

# what these open came before the clause they hang on ("when", "while": at the same time)
_BEFORE = ("after", "since", "because", "following")


def day_of(s: str | None) -> str | None:
    return s if s and len(s) == 10 and s[4] == "-" else None


def event_date(doc: Document, c: _Cand) -> str | None:
    """The date mention attached to the trigger's clause, resolved.

    A date inside the clause of another event verb is that event's ("The day after a group
    attacked the base on January 28, the commander visited": the 28th is the attack's, and
    the visit is dated a day after it)."""
    t = c.tok
    best = None
    best_key = (99, True)
    anchor: str | None = None
    targets = [t] + ([t.head] if t.dep_ == "conj" else [])  # "killed and injured": shared modifiers
    clause = _circumstance_clause(t)
    if clause is None and causal_antecedent(t) and t.head.lower_ in ("after", "following"):
        clause = t  # "said on Tuesday it would respond after the killing of ...": not Tuesday
    own = {x.i for x in clause.subtree} if clause is not None else None
    if clause is not None:
        c.antecedent = True  # "condemned the groups on Wednesday after soldiers were killed"
    for dm in c.dms:
        if own is not None and dm.head not in own:
            continue  # the other clause's dates are when the effect came, not this
        if dm.mention.label == "range" or opens_span(doc, dm.mention):
            continue  # "(1980-1988)", "14 attacks since September": spans, not when this happened
        head = t.doc[dm.head]
        if dm.mention.value and _governed_by_other_event(head, targets, c.state.verb_triggers):
            if len(dm.mention.value) == 10:
                anchor = dm.mention.value
            continue
        dists = [d for d in (_path_to(head, x, c.mod.speech_verb) for x in targets) if d is not None]
        dist = min(dists) if dists else None
        if dist is None or dist >= 8 and causal_antecedent(t):
            continue  # "attacked ... in response to the recent US strikes": the strikes came before
        # a resolved date a step further beats an unresolved relative one ("The day after X on Jan. 28")
        key = (dist + (2 if dm.mention.value is None else 0), dm.mention.value is None)
        if key < best_key:
            best, best_key = dm, key
    if best is None:
        return None
    m = best.mention
    tx = c.timexes.get(doc.offsets.to_clean(m.start))
    if m.value:
        c.explicit = True
        if getattr(tx, "precision", "day") == "week":
            return _week_as_month(m.value)
        return m.value
    if tx is not None and getattr(tx, "kind", "") == "event-relative":
        ref = anchor or c.state.last_date
        return resolve_relative(tx, ref) if ref else None
    # a written time that cannot be resolved here ("earlier this month" with no document date):
    # the date is unknown, and no other sentence's date may stand in for it
    c.unknowable = True
    return None


def opens_span(doc: Document, m: Mention) -> bool:
    """ "since September", "from March until May": where a period starts, not a point."""
    before = doc.text[max(0, m.start - 8):m.start].lower().split()
    return bool(before) and before[-1] in ("since", "from")


def _week_as_month(day: str) -> str:
    """ "earlier this week" is some day within about three of the representative one: the
    month when those days lie in one month (a day there would claim more than the text),
    else the representative day."""
    try:
        d = dt.date.fromisoformat(day)
    except ValueError:
        return day
    lo, hi = d - dt.timedelta(days=3), d + dt.timedelta(days=3)
    return day[:7] if (lo.year, lo.month) == (hi.year, hi.month) else day


def _circumstance_clause(t: Any) -> Any | None:
    """The past-tense "after/since/because ..." clause `t` is told in, when the clause hangs on
    another verb: what it tells came before that verb's event, not on its date."""
    tok = t
    for _ in range(4):
        if tok.dep_ == "advcl" and tok.head.i != tok.i and is_past(tok) and any(
                c.dep_ == "mark" and c.lower_ in _BEFORE for c in tok.children):
            return tok
        if (tok.dep_ in ("relcl", "acl") and is_past(tok) and tok.head.dep_ == "pobj"
                and tok.head.head.lower_ in _BEFORE):
            return tok  # ("after a night that saw protesters torch the consulate")
        if tok.head.i == tok.i or tok.dep_ not in ("conj", "xcomp", "ccomp") and tok.i != t.i:
            return None
        tok = tok.head
    return None


def causal_antecedent(t: Any) -> bool:
    """A nominal event given as the cause of the clause's own ("after the attack", "in
    response to the strikes", "retaliation for the killing")."""
    if t.pos_ != "NOUN" or t.dep_ != "pobj":
        return False
    prep = t.head
    if prep.lower_ in ("after", "following", "over", "since"):
        return True
    return prep.lower_ in ("to", "for") and prep.head.lemma_.lower() in (
        "response", "retaliation", "revenge", "reprisal", "reaction", "answer", "respond", "retaliate")


def _governed_by_other_event(tok: Any, targets: list[Any], verb_triggers: frozenset[int]) -> bool:
    """Does the path from `tok` up to the trigger pass another event verb first?"""
    goal = {x.i for x in targets}
    start = tok.i
    for _ in range(10):
        if tok.i in goal:
            return False
        # (a date before that verb is more often a fronted adverbial the parser hung on it:
        # "Earlier this month, after protesters torched the offices, groups released ...")
        if tok.i in verb_triggers and tok.pos_ == "VERB" and tok.i < start:
            return not any(g.i == tok.i or tok.i in {a.i for a in g.ancestors} for g in targets)
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _path_to(tok: Any, target: Any, speech: Any | None) -> int | None:
    """Steps from a date token up to the trigger (or to its reporting verb)."""
    steps = 0
    while steps < 10:
        if tok.i == target.i:
            return steps
        if speech is not None and tok.i == speech.i:
            return steps + 3
        if tok.head.i == tok.i:
            break
        tok = tok.head
        steps += 1
    # dates attached above the trigger: "On Sept. 6, the embassy announced it was drawing down"
    anc = {a.i for a in target.ancestors}
    if tok.i in anc or any(a.i in anc for a in tok.ancestors):
        return 8
    return None


def vaguely_recent(t: Any) -> bool:
    """ "recent attacks", "recently struck": some day before the narrative's own date."""
    near = list(t.children) + [t.head]
    return any(w.lower_ in ("recent", "recently", "latest") for w in near)


def is_background(date: str | None, published: str | None) -> bool:
    """A year alone, two or more years before the article: background, not a report."""
    if not date or len(date) != 4 or not published or len(published) < 4:
        return False
    try:
        return int(published[:4]) - int(date) >= 2
    except ValueError:
        return False


def usable_reference(ref: str | None, published: str | None) -> str | None:
    """A narrative reference date must be at least a month and not far before the article."""
    if not ref:
        return None
    if ref.startswith("--"):
        return ref if not published else None  # year-less text: month-day references only
    if len(ref) < 7:
        return None
    if published and len(published) >= 4:
        try:
            gap = int(published[:4]) - int(ref[:4])
        except ValueError:
            return None
        if gap < 0 or gap > 1:
            return None
    return ref
