"""Did threatened action follow a threat, and did the threat's trigger ever happen?

For a conditional threat "A will do X to B if C does Y to D" we look for a
trigger incident (type Y by C against D) and then for the threatened action
(type X by A against B) after it, each within ``window_days``. Actors match
by lineage: an incident by a unit counts for the organisation it belongs to.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .records import IncidentRecord, ThreatRecord


def _matches(spec: tuple[str, ...], lineage: tuple[str, ...]) -> bool:
    """An empty spec matches anything; otherwise its own id must be in the incident's lineage."""
    return not spec or spec[0] in lineage


@dataclass(frozen=True)
class ThreatOutcome:
    threat: ThreatRecord
    status: str  # followed | not_followed | not_triggered | open | trigger_unknown
    trigger: IncidentRecord | None
    action: IncidentRecord | None
    lag_days: int | None  # from the trigger (or the threat, if unconditional) to the action

    def to_json(self) -> dict[str, Any]:
        t = self.threat
        return {"threat_id": t.threat_id, "date": t.day.isoformat(), "actor": list(t.actor),
                "target": list(t.target), "action_type": t.action_type, "condition": t.condition,
                "trigger_type": t.trigger_type, "status": self.status,
                "trigger_incident": _inc(self.trigger), "action_incident": _inc(self.action),
                "lag_days": self.lag_days, "evidence": t.evidence}


def _inc(r: IncidentRecord | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"incident_id": r.incident_id, "date": r.day.isoformat(), "type": r.type,
            "actor": list(r.actor), "recipient": list(r.recipient), "evidence": r.evidence}


def link(threats: Iterable[ThreatRecord], incidents: Iterable[IncidentRecord], window_days: int = 90,
         as_of: date | None = None) -> list[ThreatOutcome]:
    """One outcome per threat. ``as_of``: last day of data; windows still running are "open"."""
    incs = sorted(incidents, key=lambda r: r.day)
    last = as_of or (incs[-1].day if incs else None)
    out = []
    for t in sorted(threats, key=lambda t: t.day):
        window = timedelta(days=window_days)
        trig: IncidentRecord | None = None
        if t.trigger_type is None and t.conditional:
            # "if you cross us": the trigger is real but of no type we can look for
            out.append(ThreatOutcome(t, "trigger_unknown", None, None, None))
            continue
        if t.trigger_type is not None:
            trig = next((r for r in incs if t.day <= r.day <= t.day + window and r.type == t.trigger_type
                         and _matches(t.trigger_actor, r.actor) and _matches(t.trigger_target, r.recipient)),
                        None)
            if trig is None:
                still_open = last is not None and last < t.day + window
                out.append(ThreatOutcome(t, "open" if still_open else "not_triggered", None, None, None))
                continue
        since = trig.day if trig else t.day
        act = next((r for r in incs if since <= r.day <= since + window and r.type == t.action_type
                    and r is not trig and _matches(t.actor, r.actor) and _matches(t.target, r.recipient)), None)
        if act is not None:
            out.append(ThreatOutcome(t, "followed", trig, act, (act.day - since).days))
        else:
            still_open = last is not None and last < since + window
            out.append(ThreatOutcome(t, "open" if still_open else "not_followed", trig, None, None))
    return out


def rates(outcomes: Sequence[ThreatOutcome]) -> dict[str, dict[str, Any]]:
    """Per threatening actor: counts by status and the follow-through rate among decided, triggered threats."""
    per: dict[str, dict[str, Any]] = defaultdict(lambda: {"threats": 0, "followed": 0, "not_followed": 0,
                                                          "not_triggered": 0, "open": 0, "trigger_unknown": 0,
                                                          "evidence": []})
    for o in outcomes:
        key = o.threat.actor[0] if o.threat.actor else "?"
        row = per[key]
        row["threats"] += 1
        row[o.status] += 1
        if o.action is not None:
            row["evidence"].append(o.action.incident_id)
    for row in per.values():
        decided = row["followed"] + row["not_followed"]
        row["follow_through_rate"] = row["followed"] / decided if decided else None
        row["trigger_rate"] = (decided / (decided + row["not_triggered"])
                               if decided + row["not_triggered"] else None)
    return dict(sorted(per.items()))
