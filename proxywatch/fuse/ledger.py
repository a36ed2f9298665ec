"""Contradictions between the reports of one incident: surfaced, never averaged away."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..model import Incident

#: ledger details compared across reports (counts and time of day)
COMPARED = ("rockets", "mortars", "drones", "missiles", "killed", "wounded", "time_of_day", "date")


@dataclass(frozen=True)
class Contradiction:
    field: str  # status | rockets | killed | date | ...
    #: each value reported -> the reports ("doc_id#event_id") giving it
    values: dict[str, tuple[str, ...]]

    def describe(self) -> str:
        parts = [f"{v} ({', '.join(keys)})" for v, keys in self.values.items()]
        return f"{self.field}: " + " vs ".join(parts)


def contradictions(incident: Incident) -> list[Contradiction]:
    """Status conflicts (reported vs denied) and details that differ between reports."""
    out: list[Contradiction] = []
    by_status: dict[str, list[str]] = defaultdict(list)
    for le in incident.ledger:
        by_status[le.status].append(f"{le.doc_id}#{le.event_id}")
    if "denied" in by_status and ({"asserted", "claimed"} & set(by_status)):
        out.append(Contradiction("status", {k: tuple(v) for k, v in sorted(by_status.items())}))
    for name in COMPARED:
        seen: dict[str, list[str]] = defaultdict(list)
        for le in incident.ledger:
            value: Any = le.details.get(name)
            if value is None:
                continue
            seen[str(value)].append(f"{le.doc_id}#{le.event_id}")
        if name == "date":
            seen = _precise_dates(seen)
        if len(seen) > 1:
            out.append(Contradiction(name, {k: tuple(v) for k, v in sorted(seen.items())}))
    return out


def _precise_dates(seen: dict[str, list[str]]) -> dict[str, list[str]]:
    # "2020-01" and "2020-01-03" agree; only different days disagree
    return {d: keys for d, keys in seen.items() if len(d) == 10 and not d.startswith("--")}
