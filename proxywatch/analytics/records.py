"""Plain records the analytics work on, independent of the store.

A thin adapter (``incident_from_model`` / ``threat_from_event``) turns the
pipeline's ``Incident`` and conditional ``Event`` objects into these, so the
analytics can be tested on hand-built records and fed from the store later.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..model import Event, Incident, Party

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: str | None) -> date | None:
    """A day from an ISO string; month/year precision or missing gives None (never a guessed day)."""
    if value and _DAY.match(value):
        return date.fromisoformat(value)
    return None


@dataclass(frozen=True)
class IncidentRecord:
    incident_id: str
    day: date
    type: str  # PLOVER type
    actor: tuple[str, ...] = ()  # lineage: the actor id followed by what it belongs to
    recipient: tuple[str, ...] = ()
    mode: str | None = None
    place: str | None = None
    count: int = 1  # events this record stands for (1 for an incident)
    evidence: str = ""


@dataclass(frozen=True)
class ThreatRecord:
    """A conditional threat: ``actor`` threatens ``action`` against ``target`` if ``trigger`` happens.

    Trigger fields None mean "not stated / any". An unconditional threat has
    ``trigger_type`` None and is checked only for follow-through.
    """

    threat_id: str
    day: date
    actor: tuple[str, ...]
    target: tuple[str, ...] = ()
    action_type: str = "ASSAULT"
    trigger_type: str | None = None
    trigger_actor: tuple[str, ...] = ()
    trigger_target: tuple[str, ...] = ()
    condition: str = ""
    evidence: str = ""
    conditional: bool = False  # a conditional threat whose trigger could not be typed is not judged


# "if/unless/should/in case ... " up to the end of the clause: the condition of a threat sentence
_COND = re.compile(r"\b(?:if|unless|in case|in the event that)\b[^.;:!?\u201d\"]*", re.IGNORECASE)


def condition_clause(text: str) -> str:
    """The first conditional clause of a sentence ('' if none), for threats stored without one."""
    m = _COND.search(text)
    return m.group(0).strip(" ,") if m else ""


def _lineage(p: Party | None) -> tuple[str, ...]:
    if p is None:
        return ()
    if p.lineage:
        return tuple(p.lineage)
    return (p.id,) if p.id else ()


def incident_from_model(inc: Incident, mode: str | None = None) -> IncidentRecord | None:
    """Adapter from a fused ``Incident``; None when it has no day-precision date."""
    day = parse_day(inc.date)
    if day is None:
        return None
    return IncidentRecord(inc.incident_id, day, inc.type, _lineage(inc.actor), _lineage(inc.recipient),
                          mode=mode, place=inc.location.id if inc.location else None)


def incident_from_event(ev: Event) -> IncidentRecord | None:
    """Adapter from an asserted or claimed extracted event (not threats, denials or negations)."""
    day = parse_day(ev.date)
    if day is None or ev.status not in ("asserted", "claimed"):
        return None
    return IncidentRecord(ev.event_id, day, ev.type, _lineage(ev.actor), _lineage(ev.recipient),
                          mode=ev.mode, place=ev.location.id if ev.location else None,
                          evidence=ev.evidence.text)


def threat_from_event(ev: Event, trigger_words: Mapping[str, str],
                      names: Mapping[str, tuple[str, ...]] | None = None) -> ThreatRecord | None:
    """Adapter from a conditional THREATEN event.

    The trigger's type comes from the first trigger word found in the
    condition clause (``trigger_words``: word -> PLOVER type, kept in
    escalation.yaml). The trigger's actor defaults to the threatened party,
    the usual shape of "A warns B that if B does X ..."; ``names`` (surface
    name -> lineage) resolves an explicitly named actor or target in the clause.
    """
    if ev.type != "THREATEN" or ev.status != "conditional":
        return None
    day = parse_day(ev.date)
    if day is None:
        return None
    clause = ev.condition or condition_clause(ev.evidence.text)
    cond = clause.lower()
    trig_type = None
    trig_pos = -1
    for word, ptype in trigger_words.items():
        m = re.search(rf"\b{re.escape(word.lower())}", cond)
        if m and (trig_pos < 0 or m.start() < trig_pos):
            trig_type, trig_pos = ptype, m.start()
    trig_actor = _lineage(ev.recipient)
    trig_target: tuple[str, ...] = ()
    if names and cond and trig_pos >= 0:
        found = []
        for name, lineage in names.items():
            m = re.search(rf"\b{re.escape(name.lower())}\b", cond)
            if m:
                found.append((m.start(), lineage))
        found.sort()
        before = [lin for pos, lin in found if pos < trig_pos]
        after = [lin for pos, lin in found if pos > trig_pos]
        if before:
            trig_actor = before[-1]  # the subject nearest the trigger verb
        if after:
            trig_target = after[0]
    action = "ASSAULT"
    if ev.mode and "sanction" in ev.mode.lower():
        action = "SANCTION"
    return ThreatRecord(ev.event_id, day, _lineage(ev.actor), _lineage(ev.recipient), action,
                        trig_type, trig_actor, trig_target, clause, ev.evidence.text, True)
