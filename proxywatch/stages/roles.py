"""Who did it to whom: actor and recipient from the dependency parse.

Works on one parsed sentence with the sentence's mentions aligned to token
spans. Arguments come from syntax, never from proximity: subjects and
objects of verbal triggers (passive voice swapped), possessors, modifiers,
``by``-agents and ``on/against`` objects of nominal triggers, and the
subject of the governing light verb or control verb.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..model import Mention

RECIPIENT_PREPS = {"on", "against", "at", "upon", "targeting", "toward", "towards", "near", "inside", "into", "to"}
REL_PRONOUNS = {"who", "which", "that", "whom"}
CONTROL_DEPS = {"xcomp", "advcl", "conj", "pcomp"}
GOVERNING_VERBS = {"direct", "order", "approve", "authorize", "authorise", "decide", "declare", "complete",
                   "announce", "initiate", "begin", "start", "resume", "halt", "end", "finish",
                   "orchestrate", "mastermind", "plan", "plot", "prepare",
                   # the pace of an event under way: "speeded up the withdrawal of its forces"
                   "speed", "accelerate", "expedite", "hasten", "intensify", "escalate", "expand"}


@dataclass(frozen=True)
class TokMention:
    mention: Mention
    start: int  # token index, inclusive
    end: int  # exclusive
    head: int  # syntactic head token of the span


def align(sp: Any, mentions: Iterable[Mention], offset: int, to_clean: Any) -> list[TokMention]:
    """Token spans of the mentions inside parsed sentence `sp`.

    `offset` is the clean-text position of the sentence start; mentions
    carry original offsets, converted with `to_clean`.
    """
    out = []
    for m in mentions:
        cs, ce = to_clean(m.start) - offset, to_clean(m.end) - offset
        span = sp.char_span(cs, ce, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        out.append(TokMention(m, span.start, span.end, span.root.i))
    return out


def mention_at(tms: Sequence[TokMention], i: int, kinds: tuple[str, ...] | None = None) -> TokMention | None:
    best = None
    for tm in tms:
        if kinds is not None and tm.mention.kind not in kinds:
            continue  # a facility and its operator share a span: take the kind asked for
        # resolved before unresolved (an NER span around a known name), then longest
        if tm.start <= i < tm.end and (best is None or _rank(tm) > _rank(best)):
            best = tm
    return best


def _rank(tm: TokMention) -> tuple[bool, int]:
    return (tm.mention.entity_id is not None, tm.end - tm.start)


LOCATIVE_PREPS = {"in", "near", "outside", "inside", "across", "throughout", "around", "within"}


def parties_in(tok: Any, tms: Sequence[TokMention], kinds: tuple[str, ...] = ("actor", "facility", "place"),
               skip_preps: frozenset[str] | set[str] = frozenset()) -> list[TokMention]:
    """Mentions heading the phrase under `tok`, shallowest first; conjuncts included.

    "Iran and Hezbollah" yields both; "the head of the Quds Force" yields
    the person-like head when it is a mention, else the Quds Force.
    """
    fallback: list[TokMention] = []
    heads = [tok] + [c for c in tok.conjuncts if c.i > tok.i]
    found: list[TokMention] = []
    for h in heads:
        named = _named_in_apposition(h, tms, kinds) if h.lemma_.lower() in ROLE_NOUNS else None
        if named is not None:
            # "the head of Iran's Quds Force, General Qassem Soleimani": the man, not his force
            if named not in found:
                found.append(named)
            continue
        got, unresolved = _search(h, tms, kinds, skip_preps)
        for g in got or unresolved[:1]:
            if g not in found:
                found.append(g)
    return found or fallback


# (not "proxy": "Iran's proxies" are coded through their sponsor by users of this record)
RELATIONAL_NOUNS = {"ally", "partner", "rival", "enemy", "neighbor", "neighbour", "friend", "foe", "adversary"}
ROLE_NOUNS = {"head", "leader", "chief", "commander", "founder", "spokesman", "spokeswoman", "spokesperson",
              "president", "minister", "secretary", "director", "deputy", "general", "emir", "envoy"}


def _named_in_apposition(tok: Any, tms: Sequence[TokMention], kinds: tuple[str, ...]) -> TokMention | None:
    """A resolved name in apposition inside the phrase headed by role noun `tok`."""
    for sub in tok.subtree:
        if sub.dep_ != "appos" or sub.i == tok.i:
            continue
        if any(a.dep_ in ("relcl", "acl", "advcl", "ccomp") for a in sub.ancestors
               if tok.i != a.i and tok.left_edge.i <= a.i <= tok.right_edge.i):
            continue
        tm = mention_at(tms, sub.i, kinds)
        if tm is not None and tm.mention.entity_id:
            return tm
    return None


def _search(tok: Any, tms: Sequence[TokMention], kinds: tuple[str, ...],
            skip_preps: frozenset[str] | set[str]) -> tuple[list[TokMention], list[TokMention]]:
    """Breadth-first from `tok`: the shallowest resolved mentions, else the shallowest unresolved."""
    frontier = [tok]
    seen: set[int] = set()
    unresolved: list[TokMention] = []
    depth = 0
    while frontier and depth < 6:
        level = []
        for t in frontier:
            if t.i in seen:
                continue
            seen.add(t.i)
            tm = mention_at(tms, t.i, kinds)
            if tm is not None and tm not in level:
                level.append(tm)
        resolved = [tm for tm in level if tm.mention.entity_id]
        if resolved and depth == 0 and all(tm.mention.method == "coref" for tm in resolved):
            # "Al-Najbaa Movement #militias demand": a name modifying the generic word is who
            named = [m for c in frontier[0].children if c.dep_ in ("compound", "appos", "nmod", "nsubj", "npadvmod")
                     for m in [mention_at(tms, c.i, kinds)] if m is not None and m.mention.entity_id
                     and m.mention.method != "coref"]
            if named:
                return named[:1], unresolved
        if resolved:
            # one phrase names one party: "Iraq's Al-Qaeda frontman Abu Musab al-Zarqawi" is the man,
            # not also the network and the country (conjuncts are searched one by one)
            return [min(resolved, key=lambda tm: _PHRASE_RANK.get(tok.doc[tm.head].dep_, 2))], unresolved
        if level and not unresolved:
            unresolved = level
        nxt = []
        for t in frontier:
            for c in t.children:
                # do not wander into clauses of their own, or into the next conjunct
                if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "parataxis", "punct", "cc", "conj"):
                    continue
                if c.dep_ == "prep" and c.lower_ in skip_preps:
                    continue
                if c.dep_ == "poss" and t.lemma_.lower() in RELATIONAL_NOUNS:
                    continue  # "Israel's militia ally", "Iran's proxies": someone else, not Israel
                nxt.append(c)
        frontier = nxt
        depth += 1
    return [], unresolved


# which modifier names the referent of a noun phrase: the apposition is the thing itself,
# a compound or name its kind or owner, a possessor only its context
_PHRASE_RANK = {"appos": 0, "compound": 1, "nmod": 1, "flat": 1, "amod": 3, "poss": 4}


def _child(tok: Any, *deps: str) -> Any | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def prep_object(tok: Any, preps: set[str]) -> Any | None:
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            g = _child(c, "pobj", "pcomp")
            if g is not None and g.ent_type_ not in ("DATE", "TIME"):  # "on Tuesday" is no target
                return g
    return None


def resolve_relative(tok: Any) -> Any:
    """For "who"/"which" subjects of relative clauses, the noun they stand for."""
    if tok.lower_ in REL_PRONOUNS and tok.head.dep_ == "relcl":
        noun = tok.head.head
        conj = [c for c in noun.conjuncts if c.i > noun.i]
        if conj and conj[-1].i < tok.i:
            # "the government and the militias that have launched attacks": the clause follows,
            # and so belongs to, the nearest conjunct (the parser hangs it on the first)
            return conj[-1]
        return noun
    return tok


def subject_of(verb: Any, depth: int = 0) -> Any | None:
    """The subject of `verb`, inherited through control and coordination."""
    s = _child(verb, "nsubj", "csubj")
    if s is not None:
        return resolve_relative(s)
    if depth > 4:
        return None
    if verb.dep_ == "relcl":
        h = verb.head
        # "Kata'ib Hizbullah, a member of the PMF that has stepped up its threats": the name
        return h.head if h.dep_ == "appos" else h
    if verb.dep_ == "acl" and not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) \
            and verb.tag_ in ("VBD", "VBG", "VBZ", "VBP"):
        return verb.head  # "militias operating in Iraq", a misparsed "the spokesman ... called on"
    if verb.dep_ in CONTROL_DEPS or (verb.dep_ == "pobj" and verb.head.dep_ == "prep"):
        head = verb.head
        if head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head  # "took action by killing X": the subject of "took"
        if head.i != verb.i:
            # passive heads pass their patient, active heads their subject
            if verb.dep_ == "xcomp" and _child(head, "dobj") is not None and head.lemma_ in ("ask", "urge", "order", "tell", "persuade", "force", "call"):
                return _child(head, "dobj")
            return subject_of(head, depth + 1)
    return None


def stranded_subject(t: Any) -> Any | None:
    """A finite verb the parser left without its subject ("sources said Iraq, which wants ...,
    has asked Iran"): the nearest subject to its left that no verb nearer the left claims."""
    finite = t.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP", "VBD", "MD")
                                                     for c in t.children)
    if not finite or t.dep_ not in ("ccomp", "conj", "ROOT"):
        return None
    for j in range(t.i - 1, max(-1, t.i - 30), -1):
        tok = t.doc[j]
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ not in REL_PRONOUNS and tok.head.i != t.head.i \
                and tok.head.i != t.i:
            return tok
        if tok.dep_ == "ROOT" or tok.lower_ in (";",):
            return None
    return None


def verbal_roles(t: Any) -> tuple[Any | None, Any | None]:
    """(actor token, recipient token) of a verbal trigger."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
    if passive:
        rec = _child(t, "nsubjpass")
        rec = resolve_relative(rec) if rec is not None else None
        if rec is None and t.dep_ in ("relcl", "acl"):
            rec = t.head
        agent = _child(t, "agent")
        act = _child(agent, "pobj") if agent is not None else None
        return act, rec
    act = subject_of(t)
    if act is None:
        act = stranded_subject(t)
    if t.lemma_ in ("blame", "pin"):
        on = prep_object(t, {"on"})  # "an attack the U.S. blamed on Kataib Hezbollah"
        if on is not None:
            return act, on
    rec = _child(t, "dative")  # "give Tanzania a grant": the indirect object receives
    if rec is not None and rec.pos_ == "ADP":
        rec = _child(rec, "pobj")
    if rec is None:
        rec = _child(t, "dobj")
    if rec is None:
        rec = prep_object(t, RECIPIENT_PREPS | {"with", "for"} if t.lemma_ in ("meet", "talk", "cooperate", "coordinate", "work", "call") else RECIPIENT_PREPS)
    return act, rec


def nominal_roles(n: Any, light_verbs: frozenset[str], of_is_patient: bool = True) -> tuple[Any | None, Any | None, list[Any]]:
    """(actor token, recipient token, modifier tokens) of a nominal trigger.

    `of_is_patient`: "the killing of X" (X suffers it) — but "the evacuation
    of personnel" names what moves, not a recipient.
    """
    act = _child(n, "poss")
    if act is not None and act.pos_ == "PRON":
        act = None  # "held their first meeting": the light verb's subject says who
    mods = [c for c in n.children if c.dep_ in ("compound", "amod", "nmod")]
    # "threats from Iran": the source; "the withdrawal of forces from Syria": only where from
    agent = prep_object(n, {"by", "from"} if of_is_patient else {"by"})
    if agent is not None:
        act = agent
    preps = {"on", "against", "at", "upon", "targeting", "to", "with"} | ({"of"} if of_is_patient else set())
    rec = prep_object(n, preps)
    if act is None and rec is not None:
        # "a drone strike on a U.S. base by Iranian-backed militias": the parser hangs the
        # agent on the target noun
        act = prep_object(rec, {"by"})
    between = prep_object(n, {"between"})
    if between is not None:
        # "talks between Iraq and the United States"
        conj = list(between.conjuncts)
        act, rec = between, (conj[0] if conj else rec)
    if n.dep_ in ("dobj", "nsubjpass", "nsubj") and n.head.lemma_ in light_verbs:
        if act is None:
            act = subject_of(n.head)
        if rec is None:  # "launched rocket attacks on the facility": the phrase may hang on the verb
            rec = prep_object(n.head, {"on", "against", "at", "upon", "targeting"})
        if rec is None:  # "will give Tanzania a grant": the indirect object receives
            rec = _child(n.head, "dative")
    if act is None:
        act = _governing_subject(n, light_verbs)
    return act, rec, mods


def _governing_subject(n: Any, light_verbs: frozenset[str]) -> Any | None:
    """ "I have directed that a relocation ... take place": the directing subject."""
    tok = n
    for _ in range(4):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            if tok.lemma_ in light_verbs or tok.lemma_ in GOVERNING_VERBS:
                return subject_of(tok)
            if tok.dep_ not in ("ccomp", "xcomp"):
                return None
    return None
