"""The `same_place` type scope: acts around an attack at one site on one day."""
from __future__ import annotations

import pytest
from fuse_samples import BASRA, ERBIL, KH, USMIL, event

from proxywatch.errors import KnowledgeError
from proxywatch.fuse import Fuser, FusionRules, compare
from proxywatch.fuse.blocking import candidate_pairs
from proxywatch.fuse.fuse import _anchored
from proxywatch.model import DocMeta

RULES = FusionRules.load()
ATTACK = "Militiamen stormed the compound in Erbil on Monday."
CALL = "A militia leader urged his men to storm the compound."
TROOPS = "The Pentagon sent Marines to the compound after the attack."


def test_fuse_scope_same_place_pairs_are_in_the_rules() -> None:
    assert RULES.type_scope("REQUEST", "ASSAULT") == "same_place"
    assert RULES.type_scope("ASSAULT", "MOBILIZE") == "same_place"
    assert RULES.type_scope("THREATEN", "ASSAULT") is None  # still never


def test_fuse_scope_same_place_links_a_call_to_the_attack_that_day() -> None:
    a = event("d1", 0, "ASSAULT", ATTACK, actor=KH, recipient=USMIL, date="2021-02-15",
              location=ERBIL)
    r = event("d2", 0, "REQUEST", CALL, actor=KH, date="2021-02-15", location=ERBIL)
    m = compare(a, r, RULES)
    assert m.compatible and m.fields["type"] == "compatible"
    # exact actor 2 + day 2 + place 2: a link, anchored by the party and the place
    assert m.points == 6 and m.points >= RULES.threshold and _anchored(m)


def test_fuse_scope_same_place_elsewhere_or_undated_is_no_evidence_nor_veto() -> None:
    a = event("d1", 0, "ASSAULT", ATTACK, recipient=USMIL, date="2021-02-15", location=ERBIL)
    nowhere = event("d2", 0, "MOBILIZE", TROOPS, date="2021-02-15")
    undated = event("d3", 0, "MOBILIZE", TROOPS, location=ERBIL)
    for other in (nowhere, undated):
        m = compare(a, other, RULES)
        assert m.compatible and m.fields["type"] == "unlinked" and m.points == 0
    # another place on that day, or another day, still conflicts on that field
    assert compare(a, event("d4", 0, "MOBILIZE", TROOPS, date="2021-02-15", location=BASRA),
                   RULES).conflict == "place"
    assert compare(a, event("d5", 0, "MOBILIZE", TROOPS, date="2021-02-20", location=ERBIL),
                   RULES).conflict == "date"


def test_fuse_scope_same_place_gathers_the_reports_with_blocking_as_all_pairs() -> None:
    evs = [
        event("d1", 0, "ASSAULT", ATTACK, actor=KH, recipient=USMIL, date="2021-02-15",
              location=ERBIL),
        # another outlet: the same storming, undated ("the attack"), no place
        event("d2", 0, "ASSAULT", ATTACK, actor=KH, recipient=USMIL),
        event("d3", 0, "MOBILIZE", TROOPS, actor=None, date="2021-02-15", location=ERBIL),
        # a deployment elsewhere that day is another occurrence
        event("d4", 0, "MOBILIZE", TROOPS, date="2021-02-15", location=BASRA),
    ]
    metas = {d: DocMeta(published="2021-02-16") for d in ("d1", "d2", "d3", "d4")}
    pub = {k: m.published for k, m in metas.items()}
    assert (0, 2) in set(candidate_pairs(evs, RULES, pub))
    blocked = Fuser(RULES).fuse(evs, metas)
    full = Fuser(RULES, blocking=False).fuse(evs, metas)
    groups = sorted(sorted(le.doc_id for le in i.ledger) for i in blocked.incidents)
    assert groups == [["d1", "d2", "d3"], ["d4"]]
    assert groups == sorted(sorted(le.doc_id for le in i.ledger) for i in full.incidents)


def test_fuse_scope_unknown_scope_is_rejected() -> None:
    data = {"version": 1, "types": [{"a": "REQUEST", "b": "ASSAULT", "scope": "nearby"}]}
    with pytest.raises(KnowledgeError):
        FusionRules.from_data(data)
