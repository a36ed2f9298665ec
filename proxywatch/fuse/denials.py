"""Denials linked to the incident they deny ("Tehran denied the charges").

A denial is its own occurrence (a REJECT by its speaker), so it stays its own
incident; but the ledger of the incident it refers back to gets an entry with
status ``denied`` and ``role: denial``, so the ledger shows who denies what.
A REJECT refers back when its evidence names an act or a charge (data:
``denial_objects``) and an earlier mention of the same document (or its own
sentence) belongs to an incident of a deniable type whose parties the denier
does not contradict (the denier is the accused attacker or the accused party).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Event
from .match import CONFLICT, compare_parties
from .rules import FusionRules


@dataclass(frozen=True)
class DenialLink:
    denial: str  # event key of the REJECT
    target: str  # event key of the mention it refers back to


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _denier_fits(denial: Event, target: Event, rules: FusionRules) -> bool:
    # the denier is the accused: the attacker of an act, the recipient of a charge;
    # or anyone denying a part in another's act ("Iran denied involvement in the attacks")
    if _words(denial.evidence.text) & set(rules.denial_roles):
        return True
    accused = target.recipient if target.type.upper() == "ACCUSE" else target.actor
    return compare_parties(denial.actor, accused, rules) != CONFLICT


def link_denials(events: Sequence[Event], cluster_of: Mapping[str, int],
                 rules: FusionRules) -> list[DenialLink]:
    """For each REJECT referring back to an earlier mention of its document, the link."""
    objects = set(rules.denial_objects)
    by_doc: dict[str, list[Event]] = {}
    for e in events:
        by_doc.setdefault(e.doc_id, []).append(e)
    links: list[DenialLink] = []
    for d in events:
        if d.type.upper() != "REJECT" or not (_words(d.evidence.text) & objects):
            continue
        key = f"{d.doc_id}#{d.event_id}"
        best: Event | None = None
        for t in by_doc.get(d.doc_id, ()):
            tkey = f"{t.doc_id}#{t.event_id}"
            if (t is d or t.type.upper() not in rules.deniable_types
                    or cluster_of.get(tkey) == cluster_of.get(key)
                    or t.evidence.start > d.evidence.start  # a denial refers back, not ahead
                    or not _denier_fits(d, t, rules)):
                continue
            if best is None or t.evidence.start > best.evidence.start:
                best = t  # the nearest earlier mention is what "the attack" refers to
        if best is not None:
            links.append(DenialLink(key, f"{best.doc_id}#{best.event_id}"))
    return links
