"""Precomputed features: cached verdicts decide as ``compare``, and the points bound is safe."""
from __future__ import annotations

from dataclasses import replace

from fuse_samples import AAH, ERBIL, ERBIL_AIRPORT, KH, USA, USMIL, event
from hypothesis import HealthCheck, given, settings
from test_fuse_blocking import _events, _store

from proxywatch.fuse import FusionRules, compare
from proxywatch.fuse.blocking import candidate_pairs
from proxywatch.fuse.features import Features
from proxywatch.model import DocMeta, Event, Party

RULES = FusionRules.load()
S = "A sentence of this report about the attack."


def _check_all_pairs(evs: list[Event], metas: dict[str, DocMeta], rules: FusionRules) -> None:
    published = {k: m.published for k, m in metas.items()}
    feats = Features(evs, rules, published)
    for i in range(len(evs)):
        for j in range(len(evs)):
            if i == j:
                continue
            m = compare(evs[i], evs[j], rules, published)
            assert feats.compare(i, j) == m
            bound = feats.bound(i, j)
            if m.compatible and rules.type_scope(evs[i].type.upper(), evs[j].type.upper()):
                assert bound is not None and bound >= m.points
            if m.compatible and m.points >= rules.threshold and evs[i].doc_id != evs[j].doc_id:
                ta, tb = evs[i].type.upper(), evs[j].type.upper()
                if ta == tb or rules.type_scope(ta, tb) == "any":
                    assert feats.cross_check(ta, tb)(i, j)


def test_fuse_features_compare_and_bound_on_a_store() -> None:
    evs, metas = _store()
    _check_all_pairs(evs, metas, RULES)
    # with other points the bound follows the rules (a relaxed verdict worth points)
    rules = replace(RULES, points={**RULES.points, "recipient_co_victim": 3, "actor_disputed": 2,
                                   "date_within_doc": 2})
    _check_all_pairs(evs, metas, rules)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_events())
def test_fuse_features_property_compare_and_bound(
        store: tuple[list[Event], dict[str, DocMeta]]) -> None:
    _check_all_pairs(*store, RULES)


def test_fuse_features_interns_equal_values_once() -> None:
    kh_again = Party("kataib-hezbollah", "KH", KH.lineage)  # another object, same id and lineage
    evs = [event("a", 0, "ASSAULT", S, actor=KH, recipient=USMIL, date="2021-02-15", location=ERBIL),
           event("b", 0, "ASSAULT", S, actor=kh_again, recipient=None, date="2021-02-15",
                 location=ERBIL),
           event("c", 0, "ASSAULT", S, actor=Party(None, "gunmen"), date="2021-02")]
    f = Features(evs, RULES)
    assert f.actor[0] == f.actor[1] != 0
    assert f.recipient[1] == 0 and f.actor[2] == 0  # unnamed: unknown against anything
    assert f.place[0] == f.place[1] and f.place[2] == 0
    assert f.party_verdict(f.actor[0], f.actor[2]) == "unknown"


def test_fuse_features_month_pair_with_only_a_broad_party_is_not_scored() -> None:
    # type 1 + month contains day 1 + a country in common 1 = 3 < 4: no candidate,
    # though the blocking's anchor (a lineage id shared) and dates would pair them
    evs = [event("a", 0, "ASSAULT", S, actor=KH, recipient=USMIL, date="2021-02-15"),
           event("b", 0, "ASSAULT", S, actor=AAH, recipient=USA, date="2021-02")]
    feats = Features(evs, RULES, {})
    assert feats.bound(0, 1) == 1 + 1 + 1 + 1  # actor lineage + recipient lineage too
    evs[1] = replace(evs[1], recipient=None)
    feats = Features(evs, RULES, {})
    assert feats.bound(0, 1) == 3
    assert list(candidate_pairs(evs, RULES, {})) == []
    # the same pair on the same day reaches 4 and is scored
    evs[1] = replace(evs[1], date="2021-02-16")
    assert list(candidate_pairs(evs, RULES, {})) == [(0, 1)]


def test_fuse_features_bound_none_only_on_a_sure_conflict() -> None:
    a = event("a", 0, "ASSAULT", S, actor=KH, recipient=USMIL, date="2021-02-15",
              location=ERBIL_AIRPORT)
    far = event("b", 0, "ASSAULT", S, actor=KH, recipient=USMIL, date="2021-02-15",
                location=replace(ERBIL, id="basra", lat=30.5, lon=47.8))
    threat = event("c", 0, "THREATEN", S, actor=KH, recipient=USMIL, date="2021-02-15")
    other_victim = event("d", 0, "ASSAULT", S, actor=KH, recipient=Party("irn", "Iran", ("irn",)),
                         date="2021-02-15")
    f = Features([a, far, threat, other_victim], RULES, {})
    assert f.bound(0, 1) is None  # places 700 km apart
    assert f.bound(0, 2) is None  # a threat never fuses with an attack
    assert f.bound(0, 3) is not None  # another victim of one strike may be a co-victim


def _decisions(res: object) -> list[tuple[object, ...]]:
    return sorted((m.doc_id, m.event_id, m.incident_id, m.points, sorted(m.fields.items()))
                  for m in res.memberships)  # type: ignore[attr-defined]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_events())
def test_fuse_features_property_vectorised_slices_pair_as_one_by_one(
        store: tuple[list[Event], dict[str, DocMeta]]) -> None:
    from proxywatch.fuse import Fuser, blocking

    evs, metas = store
    published = {k: m.published for k, m in metas.items()}
    saved = blocking.VECTOR_MIN
    try:
        blocking.VECTOR_MIN = 10 ** 9  # every slice pair by pair
        one = sorted(candidate_pairs(evs, RULES, published))
        blocking.VECTOR_MIN = 0  # every slice at once (numpy)
        vec = sorted(candidate_pairs(evs, RULES, published))
        assert _decisions(Fuser(RULES).fuse(evs, metas)) == _decisions(
            Fuser(RULES, blocking=False).fuse(evs, metas))
    finally:
        blocking.VECTOR_MIN = saved
    assert vec == one
    for i in range(len(evs)):
        f = Features(evs, RULES, published)
        for j in range(len(evs)):
            if i != j:
                assert f.published_conflict(i, j) == (
                    compare(evs[i], evs[j], RULES, published).fields.get("published") == "conflict")
