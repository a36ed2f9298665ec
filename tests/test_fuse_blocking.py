"""Blocking: only candidate pairs are scored, and fusion decides exactly as without it."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fuse_samples import AAH, BASRA, ERBIL, ERBIL_AIRPORT, KH, USA, USMIL, event
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proxywatch.fuse import Fuser, FusionResult, FusionRules, compare
from proxywatch.fuse.blocking import candidate_pairs
from proxywatch.fuse.fuse import _anchored
from proxywatch.model import DocMeta, Event, Party, Place

RULES = FusionRules.load()
IRAN = Party("irn", "Iran", ("irn",))
QF = Party("irn.irgc.qf", "the Quds Force", ("irn.irgc.qf", "irn.irgc", "irn"))
IRAQ = Party("irq", "Iraq", ("irq",))
# 20 km from Erbil, with no id in common: near only by distance
NEAR_ERBIL = Place("erbil-outskirts", "the outskirts", "irq", 36.30, 44.18, 2, "city")
KUWAIT = Place("kwt.camp", "Camp Arifjan", "kwt", 29.08, 48.09, 1, "facility")


def _decisions(res: FusionResult) -> list[tuple[object, ...]]:
    return sorted((m.doc_id, m.event_id, m.incident_id, m.method, m.matched_with or "", m.points,
                   sorted(m.fields.items())) for m in res.memberships)


def _linking_pairs(evs: list[Event], published: dict[str, str | None]) -> set[tuple[int, int]]:
    out = set()
    for i in range(len(evs)):
        for j in range(i + 1, len(evs)):
            m = compare(evs[i], evs[j], RULES, published)
            if m.compatible and _anchored(m) and m.points >= RULES.threshold:
                out.add((i, j))
    return out


def _store() -> tuple[list[Event], dict[str, DocMeta]]:
    """Reports of a few occurrences with every kind of date and place the blocking indexes."""
    s = "A sentence of this report about the attack."
    evs = [
        event("a", 0, "ASSAULT", s, actor=KH, recipient=USMIL, date="2021-02-15", location=ERBIL),
        event("a", 1, "ASSAULT", s, 50, recipient=USMIL, date="2021-02", location=ERBIL_AIRPORT),
        event("a", 2, "THREATEN", s, 100, actor=AAH, recipient=USMIL, date="2021-02-15"),
        event("b", 0, "ASSAULT", s, actor=KH, recipient=USA, date="2021-02-16",
              location=NEAR_ERBIL),
        event("b", 1, "ASSAULT", s, 50, actor=KH, recipient=USMIL),  # undated: "the attack"
        event("c", 0, "ASSAULT", s, actor=KH, recipient=USMIL, date="2021"),
        event("c", 1, "ASSAULT", s, 50, recipient=USMIL, date="--02-15", location=ERBIL),
        event("d", 0, "PROTEST", s, recipient=USA, date="2021-02-15", location=ERBIL),
        event("d", 1, "ASSAULT", s, 50, actor=KH, recipient=USMIL, date="sometime"),
        event("e", 0, "ASSAULT", s, actor=KH, recipient=USMIL, date="2019-09-08", location=BASRA),
        event("e", 1, "ASSAULT", s, 50, actor=KH, recipient=USMIL),
        event("f", 0, "REQUEST", s, actor=QF, recipient=KH, date="2021-01"),
        event("f", 1, "MOBILIZE", s, 50, actor=KH, date="2021-01-20"),
        event("g", 0, "CONSULT", s, actor=QF, recipient=IRAQ, date="2021-01-19"),
        event("g", 1, "MOBILIZE", s, 50, actor=KH, date="2021-01-21", location=KUWAIT),
        event("h", 0, "ASSAULT", s, actor=IRAN, recipient=USMIL, date="2020-01-08"),
        event("h", 1, "ASSAULT", s, 50, actor=IRAN, recipient=USMIL, date="2020-01"),
        event("i", 0, "ASSAULT", s, actor=IRAN, recipient=USMIL, date="2020-01-08",
              location=ERBIL_AIRPORT),
        event("j", 0, "ASSAULT", s, actor=KH, recipient=USMIL),  # undated, report undated
    ]
    pub = {"a": "2021-02-16", "b": "2021-02-17", "c": "2021-03-01", "d": "2021-02-16",
           "e": "2023-05-01", "f": "2021-01-22", "g": "2021-01-22", "h": "2020-01-09",
           "i": "2020-01-09"}
    return evs, {d: DocMeta(published=p) for d, p in pub.items()}


def test_fuse_blocking_candidates_cover_every_linking_pair() -> None:
    evs, metas = _store()
    published = {k: m.published for k, m in metas.items()}
    cands = list(candidate_pairs(evs, RULES, published))
    assert len(cands) == len(set(cands))  # no pair scored twice
    assert all(i < j for i, j in cands)
    links = _linking_pairs(evs, published)
    assert links and links <= set(cands)


def test_fuse_blocking_prunes_pairs_that_cannot_link() -> None:
    evs, metas = _store()
    published = {k: m.published for k, m in metas.items()}
    cands = set(candidate_pairs(evs, RULES, published))
    idx = {f"{e.doc_id}:{e.event_id}": n for n, e in enumerate(evs)}

    def pair(a: str, b: str) -> tuple[int, int]:
        x, y = idx[a], idx[b]
        return (min(x, y), max(x, y))

    # dates 17 months apart, and a threat never fuses with an attack
    assert pair("a:a:0", "e:e:0") not in cands
    assert pair("b:b:0", "a:a:2") not in cands
    # an undated attack in a 2023 report is not the February 2021 one (undated window)
    assert pair("e:e:1", "a:a:0") not in cands
    # a bare year earns no date points: without an exact party or a place in common, no pair
    assert pair("c:c:0", "h:h:0") not in cands
    # but one day apart, a facility under its city, a place 20 km away are candidates
    assert pair("a:a:0", "b:b:0") in cands
    assert pair("a:a:1", "b:b:0") in cands
    assert len(cands) < len(evs) * (len(evs) - 1) // 2


def test_fuse_blocking_decides_as_all_pairs() -> None:
    evs, metas = _store()
    blocked = Fuser(RULES).fuse(evs, metas)
    full = Fuser(RULES, blocking=False).fuse(evs, metas)
    assert _decisions(blocked) == _decisions(full)
    assert [i.incident_id for i in blocked.incidents] == [i.incident_id for i in full.incidents]
    assert any(len(i.ledger) > 2 for i in blocked.incidents)  # something did fuse
    # without report dates the undated mentions are compared with everything: still equal
    assert _decisions(Fuser(RULES).fuse(evs)) == _decisions(Fuser(RULES, blocking=False).fuse(evs))


def test_fuse_blocking_without_strong_keys_when_weak_fields_reach_the_threshold() -> None:
    # a rule set where a broad party in common is enough on a bare year: no keyed blocking
    rules = replace(RULES, points={**RULES.points, "actor_lineage": 3})
    evs, metas = _store()
    published = {k: m.published for k, m in metas.items()}
    cands = set(candidate_pairs(evs, rules, published))
    for i in range(len(evs)):
        for j in range(i + 1, len(evs)):
            m = compare(evs[i], evs[j], rules, published)
            if m.compatible and _anchored(m) and m.points >= rules.threshold:
                assert (i, j) in cands


_PARTIES = st.sampled_from([None, KH, AAH, USMIL, USA, IRAN, QF, IRAQ])
_PLACES = st.sampled_from([None, ERBIL, ERBIL_AIRPORT, NEAR_ERBIL, BASRA, KUWAIT])
_DATES = st.sampled_from([None, "2021-02-14", "2021-02-15", "2021-02-16", "2021-02-28",
                          "2021-03-01", "2021-02", "2021-03", "2021", "2020", "2020-12-31",
                          "2021-01-01", "--02-15", "--03-01", "2019-09-08"])
_TYPES = st.sampled_from(["ASSAULT", "ASSAULT", "PROTEST", "COERCE", "THREATEN", "REQUEST",
                          "MOBILIZE", "CONSULT", "REJECT"])
_PUBLISHED = st.sampled_from([None, "2021-02-16", "2021-03-05", "2022-06-01", "2021", "2019-09-09"])


@st.composite
def _events(draw: st.DrawFn) -> tuple[list[Event], dict[str, DocMeta]]:
    docs = draw(st.lists(st.tuples(_PUBLISHED, st.integers(1, 3)), min_size=1, max_size=5))
    evs, metas = [], {}
    for d, (pub, k) in enumerate(docs):
        doc = f"doc{d}"
        metas[doc] = DocMeta(published=pub)
        for n in range(k):
            start = draw(st.sampled_from([0, 0, 60, 120]))  # sometimes one sentence, two codes
            evs.append(event(doc, n, draw(_TYPES), "An attack or a statement in a sentence.",
                             start, actor=draw(_PARTIES), recipient=draw(_PARTIES),
                             date=draw(_DATES), location=draw(_PLACES)))
    return evs, metas


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_events())
def test_fuse_blocking_property_same_incidents_as_all_pairs(
        store: tuple[list[Event], dict[str, DocMeta]]) -> None:
    evs, metas = store
    published = {k: m.published for k, m in metas.items()}
    assert _linking_pairs(evs, published) <= set(candidate_pairs(evs, RULES, published))
    assert (_decisions(Fuser(RULES).fuse(evs, metas))
            == _decisions(Fuser(RULES, blocking=False).fuse(evs, metas)))


def test_fuse_blocking_gold_events_fuse_as_all_pairs(shared: Path) -> None:
    from proxywatch.fuse.evaluate import gold_as_events, load_gold, read_manifest_texts
    from proxywatch.knowledge.pack import KnowledgePack

    gold, texts, metas = [], {}, {}
    for g, m in ((shared / "gold/seeds.gold.yaml", shared / "gold/manifest.jsonl"),
                 (shared / "gold/articles_dev/articles.gold.yaml",
                  shared / "gold/articles_dev/manifest.jsonl")):
        t, md = read_manifest_texts(m)
        texts.update(t)
        metas.update(md)
        gold += load_gold(g, t)
    evs = gold_as_events(gold, texts, KnowledgePack.load())
    assert len(evs) > 100
    blocked = Fuser(RULES).fuse(evs, metas)
    assert _decisions(blocked) == _decisions(Fuser(RULES, blocking=False).fuse(evs, metas))


def test_fuse_blocking_undated_report_without_a_date_pairs_with_a_yearless_day() -> None:
    # an undated mention in a report with no publication date may be any day, a "--02-15"
    # one is some year's 15 February: the pair links on recipient and place
    undated = event("a", 0, "ASSAULT", "Rockets hit the base.", recipient=KH, location=ERBIL)
    yearless = event("b", 0, "ASSAULT", "Rockets hit the base on 15 February.", recipient=KH,
                     date="--02-15", location=ERBIL)
    m = compare(undated, yearless, RULES)
    assert m.compatible and m.points >= RULES.threshold and _anchored(m)
    assert (0, 1) in set(candidate_pairs([undated, yearless], RULES, {}))
