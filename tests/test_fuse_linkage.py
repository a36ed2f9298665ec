"""Best-first linkage and the rules on vague reports (own hand-written reports)."""
from __future__ import annotations

from dataclasses import replace

from fuse_samples import KH, USMIL, event

from proxywatch.fuse import Fuser, FusionRules, compare
from proxywatch.fuse.fuse import event_key
from proxywatch.model import DocMeta, Event, Party, Place

RULES = FusionRules.load()
US = Party("usa", "the United States", ("usa",))
IRAN = Party("irn", "Iran", ("irn",))
IRAQ = Party("irq", "Iraq", ("irq",))
GENERAL = Party("irn.irgc.qf.commander", "the general", ("irn.irgc.qf.commander", "irn.irgc.qf", "irn"))
EMBASSY = Party("usa.state", "the US embassy", ("usa.state", "usa"))
TAJI = Place("camp-taji", "Camp Taji", "irq", 33.52, 44.26, 1, "facility")
EMB = Place("baghdad.us-embassy", "US embassy", "irq", 33.30, 44.39, 1, "facility")


def _together(events: list[Event], a: Event, b: Event, metas: dict[str, DocMeta] | None = None) -> bool:
    res = Fuser(RULES).fuse(events, metas or {})
    return res.incident_of(event_key(a)) == res.incident_of(event_key(b))


def test_fuse_linkage_strongest_pair_first_not_store_order() -> None:
    # a mis-read first mention (wrong attacker, no date) must not decide for the report
    # that matches another outlet's on recipient and day
    misread = event("a", 0, "ASSAULT", "Supporters of Iran cheered the strike on the general.",
                    actor=IRAN, recipient=GENERAL)
    dated = event("a", 1, "ASSAULT", "The general was killed on Friday.", 60,
                  recipient=GENERAL, date="2020-01-03")
    other = event("b", 0, "ASSAULT", "A US strike killed the general on Friday.", actor=US,
                  recipient=GENERAL, date="2020-01-03")
    assert compare(misread, other, RULES).conflict == "actor"
    for order in ([misread, dated, other], [other, dated, misread]):
        assert _together(order, dated, other)
        assert not _together(order, misread, other)


def test_fuse_linkage_reasons_name_a_member_of_the_incident() -> None:
    a = event("a", 0, "ASSAULT", "Rockets hit Camp Taji.", recipient=USMIL, date="2020-03-11",
              location=TAJI)
    b = event("b", 0, "ASSAULT", "Camp Taji was shelled on Wednesday.", recipient=USMIL,
              date="2020-03-11", location=TAJI)
    res = Fuser(RULES).fuse([a, b])
    methods = {m.event_id: (m.method, m.matched_with) for m in res.memberships}
    assert methods["a:0"] == ("seed", None)
    assert methods["b:0"] == ("auto", "a#a:0")


def test_fuse_possible_co_victims_do_not_veto_a_report_tying_them() -> None:
    # one report: Americans killed, and the rockets slammed into the (Iraqi) base;
    # another outlet names only the Iraqi base: three mentions of one strike
    us_dead = event("a", 0, "ASSAULT", "Two Americans were killed in a rocket attack.",
                    recipient=USMIL, date="2020-03-11")
    base = event("a", 1, "ASSAULT", "Eighteen rockets slammed into Camp Taji.", 60,
                 recipient=IRAQ, date="2020-03-11", location=TAJI)
    other = event("b", 0, "ASSAULT", "Rockets struck the Iraqi base at Taji.",
                  recipient=IRAQ, date="2020-03-11", location=TAJI)
    m = compare(us_dead, other, RULES)
    assert m.compatible and m.fields["recipient"] == "possible_co_victim"
    assert m.points < RULES.threshold  # no evidence by itself
    assert _together([us_dead, base, other], us_dead, other)
    # a day apart the recipients conflict again
    later = replace(other, date="2020-03-12")
    assert compare(us_dead, later, RULES).fields["recipient"] == "conflict"


def test_fuse_day_and_month_in_one_report_need_a_named_party() -> None:
    dated = event("a", 0, "ASSAULT", "Rockets hit the base on May 3.", recipient=IRAQ,
                  date="2021-05-03")
    vague = event("a", 1, "ASSAULT", "Two soldiers were hurt in a similar attack this month.", 40,
                  recipient=Party("irq.isf", "Iraqi forces", ("irq.isf", "irq")), date="2021-05")
    m = compare(dated, vague, RULES)
    assert m.fields["date"] == "within_doc"
    assert not _together([dated, vague], dated, vague)
    # the same attacker named exactly on both sides ties them
    a2, b2 = replace(dated, actor=KH), replace(vague, actor=KH)
    assert _together([a2, b2], a2, b2)
    # across reports a month and a day are only different precision
    c = replace(vague, doc_id="b", event_id="b:0", actor=None)
    assert compare(dated, c, RULES).fields["date"] == "within"


def test_fuse_undated_mention_is_not_an_occurrence_long_before_its_report() -> None:
    old = event("a", 0, "ASSAULT", "Mortars hit near the embassy on September 6.",
                recipient=EMBASSY, date="2018-09-06", location=EMB)
    recent = replace(old, date="2019-12-31", evidence=old.evidence)
    undated = event("b", 0, "ASSAULT", "Militias attacked the embassy days earlier.",
                    actor=None, recipient=EMBASSY, location=EMB)
    metas = {"a": DocMeta(published="2019-12-31"), "b": DocMeta(published="2020-01-03")}
    published = {k: v.published for k, v in metas.items()}
    assert compare(old, undated, RULES, published).fields.get("published") == "conflict"
    assert compare(recent, undated, RULES, published).compatible
    assert not _together([old, undated], old, undated, metas)
    assert _together([recent, undated], recent, undated, metas)


def test_fuse_undated_window_is_data_and_can_be_off() -> None:
    assert RULES.undated_window_days is not None and RULES.undated_window_days > 30
    off = FusionRules.from_data({"version": 1, "undated_window_days": None})
    assert off.undated_window_days is None
    old = event("a", 0, "ASSAULT", "Mortars hit the embassy.", recipient=EMBASSY, date="2018-09-06")
    undated = event("b", 0, "ASSAULT", "The embassy was attacked.", recipient=EMBASSY)
    published = {"a": "2018-09-06", "b": "2020-01-03"}
    assert "published" not in compare(old, undated, off, published).fields


def test_fuse_linkage_equal_points_prefer_the_pair_dated_together() -> None:
    # "the US struck the group's positions and later killed the general. The group's founder
    # was killed in the same strike.": the founder's death scores as well with the undated strike
    # on his group (recipient below it) as with the dated killing (a co-victim); the pair that
    # agrees on the day links first, so he is not held apart from the general's killing
    founder = Party("kh-founder", "the founder", ("kh-founder", "kataib-hezbollah", "irq.pmf", "irq"))
    positions = event("a", 0, "ASSAULT", "The US struck the group's positions", actor=US, recipient=KH)
    general = event("a", 1, "ASSAULT", "and later killed the general.", 40, actor=US, recipient=GENERAL,
                    date="2020-01-03")
    same = event("a", 2, "ASSAULT", "The founder was killed in the same strike.", 80, actor=US,
                 recipient=founder, date="2020-01-03")
    assert compare(positions, same, RULES).points == compare(general, same, RULES).points
    assert _together([positions, general, same], general, same)
    assert not _together([positions, general, same], positions, same)


def test_fuse_linkage_reports_sharing_only_kinds_and_a_month_stay_apart() -> None:
    # "militias attacked US forces in December" and, in another report, "Kataib Hezbollah struck
    # the US embassy" on the 31st: type, two broad lineages and a month reach the threshold,
    # but nothing singles out one occurrence
    militias = Party("iraqi-shia-militias", "militias", ("iraqi-shia-militias", "irq"))
    vague = event("a", 0, "ASSAULT", "A similar attack in December killed a US contractor.",
                  actor=KH, recipient=US, date="2019-12")
    embassy = event("b", 0, "ASSAULT", "Militias stormed the US embassy on Tuesday.", actor=militias,
                    recipient=EMBASSY, date="2019-12-31", location=EMB)
    m = compare(vague, embassy, RULES)
    assert m.compatible and m.points >= RULES.threshold
    assert not _together([vague, embassy], vague, embassy)
    # the same pair dated to one day is one occurrence
    assert _together([replace(vague, date="2019-12-31"), embassy], replace(vague, date="2019-12-31"), embassy)
