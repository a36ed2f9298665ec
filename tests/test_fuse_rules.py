"""General co-reference rules of incident fusion, on hand-written reports."""
from __future__ import annotations

from dataclasses import replace

from fuse_samples import AAH, BASRA, ERBIL, KH, USA, USMIL, document, event

from proxywatch.fuse import Fuser, FusionRules, compare
from proxywatch.fuse.match import reported_after
from proxywatch.fuse.output import incident_row
from proxywatch.model import Party, Place

RULES = FusionRules.load()
US = Party("usa", "the United States", ("usa",))
GENERAL = Party("irn.irgc.qf.commander", "the general", ("irn.irgc.qf.commander", "irn.irgc.qf", "irn"))
DEPUTY = Party("kh.leader", "the militia leader", ("kh.leader", "kataib-hezbollah", "irq.pmf", "irq"))
IRAN = Party("irn", "Iran", ("irn",))


def test_fuse_one_strike_several_victims_is_one_incident() -> None:
    a = event("d1", 0, "ASSAULT", "A drone strike killed the general near the airport.",
              actor=US, recipient=GENERAL, date="2022-05-03")
    b = event("d2", 0, "ASSAULT", "The militia leader also died in the strike.",
              actor=US, recipient=DEPUTY, date="2022-05-03")
    m = compare(a, b, RULES)
    assert m.compatible and m.fields["recipient"] == "co_victim"
    # a day apart is no longer surely one strike with several victims: no link of its own
    # (consecutive days' strikes by one attacker are often two), though no veto either
    c = event("d3", 0, "ASSAULT", "A strike killed the militia leader.", actor=US,
              recipient=DEPUTY, date="2022-05-04")
    assert compare(a, c, RULES).fields["recipient"] == "possible_co_victim"
    assert len(Fuser(RULES).fuse([a, c]).incidents) == 2
    # co-victims need one attacker named on both sides (or the place, or the report);
    # without that tie the pair is no evidence (below threshold), though no veto either
    d = event("d4", 0, "ASSAULT", "Gunmen killed the militia leader.", recipient=DEPUTY,
              date="2022-05-03")
    md = compare(a, d, RULES)
    assert md.fields["recipient"] == "possible_co_victim" and md.points < RULES.threshold
    assert len(Fuser(RULES).fuse([a, d]).incidents) == 2


def test_fuse_attack_with_disputed_attribution_is_one_incident() -> None:
    a = event("d1", 0, "ASSAULT", "Kataib Hezbollah fired rockets at the base.", actor=KH,
              recipient=USMIL, date="2022-05-03", location=ERBIL)
    b = event("d2", 0, "ASSAULT", "Officials blamed Iran for the rocket fire on the base.",
              actor=IRAN, recipient=USMIL, date="2022-05-03", location=ERBIL)
    m = compare(a, b, RULES)
    assert m.compatible and m.fields["actor"] == "disputed"
    # the attack on the attacker (roles reversed) stays apart
    c = event("d3", 0, "ASSAULT", "US jets struck the militia.", actor=USMIL, recipient=KH,
              date="2022-05-03", location=ERBIL)
    assert not compare(a, c, RULES).compatible


def test_fuse_meeting_and_its_demands_fuse_only_when_dated_together() -> None:
    visit = event("d1", 0, "CONSULT", "The general met militia leaders in Baghdad.",
                  actor=GENERAL, recipient=AAH, date="2022-05-03")
    demand = event("d2", 0, "REQUEST", "He asked them to halt attacks.", actor=GENERAL,
                   recipient=AAH, date="2022-05-03")
    assert compare(visit, demand, RULES).fields["type"] == "compatible"
    undated = event("d3", 0, "REQUEST", "He has asked them to halt attacks.", actor=GENERAL,
                    recipient=AAH)
    m = compare(visit, undated, RULES)
    assert m.fields["type"] == "unlinked" and m.points == 0


def test_fuse_report_cannot_describe_a_later_occurrence() -> None:
    assert reported_after("2024-01-29", "2020-04")
    assert not reported_after("2020-04-30", "2020-04")
    assert not reported_after(None, "2020-04")
    old = event("d1", 0, "CONSULT", "The general visited Baghdad for the first time.",
                actor=GENERAL, recipient=AAH)
    new = event("d2", 0, "CONSULT", "The general visited Baghdad on Monday.", actor=GENERAL,
                recipient=AAH, date="2024-01-29")
    published = {"d1": "2020-04", "d2": "2024-02-01"}
    assert compare(old, new, RULES).compatible
    assert compare(old, new, RULES, published).conflict == "published"


def test_fuse_one_sentence_with_two_days_tells_occurrences_apart() -> None:
    text = "The airport was shelled on Saturday, a day after crowds burned the consulate."
    a = event("d1", 0, "ASSAULT", text, recipient=USA, date="2022-09-08", location=BASRA)
    b = event("d1", 1, "PROTEST", text, recipient=USA, date="2022-09-07", location=BASRA)
    assert compare(a, b, RULES).conflict == "date"


def test_fuse_same_type_and_day_alone_is_not_enough() -> None:
    a = event("d1", 0, "ASSAULT", "Rockets hit a base on Monday.", date="2022-05-02")
    b = event("d2", 0, "ASSAULT", "A convoy was bombed on Monday.", date="2022-05-02")
    res = Fuser(RULES).fuse([a, b])
    assert len(res.incidents) == 2


def test_fuse_denial_is_linked_to_the_incident_it_denies() -> None:
    doc = document("wire-d", [
        "Rockets struck the US base in Erbil on Monday, wounding two soldiers.",
        "Officials blamed Kataib Hezbollah for the rocket attack.",
        "Kataib Hezbollah denied responsibility for the attack.",
        "Asaib Ahl al-Haq rejected a ceasefire offer.",
    ], [
        {"type": "ASSAULT", "actor": KH, "recipient": USMIL, "date": "2022-05-02", "location": ERBIL},
        {"type": "ACCUSE", "actor": USA, "recipient": KH, "date": "2022-05-02"},
        {"type": "REJECT", "actor": KH, "recipient": USA, "date": "2022-05-02"},
        {"type": "REJECT", "actor": AAH, "recipient": USA, "date": "2022-05-02"},
    ], published="2022-05-03")
    res = Fuser(RULES).fuse(list(doc.events), {doc.id: doc.meta})
    denial_key = "wire-d#wire-d:2"
    denied = [i for i in res.incidents
              if any(le.details.get("role") == "denial" for le in i.ledger)]
    assert len(denied) == 1
    entry = next(le for le in denied[0].ledger if le.details.get("role") == "denial")
    assert entry.status == "denied" and f"{entry.doc_id}#{entry.event_id}" == denial_key
    # the denial stays its own incident, which says what it denies
    own = res.incident_of(denial_key)
    assert own is not None and own != denied[0].incident_id
    own_inc = res.incident(own)
    assert own_inc is not None and own_inc.ledger[0].details["denies"] == denied[0].incident_id
    # the JSONL row lists it apart from the members
    row = incident_row(denied[0])
    assert [d["event_id"] for d in row["denials"]] == ["wire-d:2"]
    assert all(e["event_id"] != "wire-d:2" for e in row["events"])
    # a rejection naming no act or charge refers back to nothing
    assert not any(le.details.get("refers_to") == "wire-d#wire-d:3"
                   for i in res.incidents for le in i.ledger)


def test_fuse_families_expand_to_pairs() -> None:
    rules = FusionRules.from_data({"version": 1, "families": [
        {"types": ["RETREAT", "CONCEDE", "AGREE"], "scope": "any"}],
        "types": [{"a": "RETREAT", "b": "AGREE", "scope": "same_doc"}]})
    assert rules.type_scope("CONCEDE", "AGREE") == "any"
    assert rules.type_scope("RETREAT", "AGREE") == "same_doc"  # the explicit pair wins
    assert rules.type_scope("RETREAT", "ASSAULT") is None


def test_fuse_victims_told_vaguely_do_not_split_one_strike() -> None:
    # the general and the militia leader were killed in one US strike; a third report tells
    # of "the US killing of a top Iranian general" dated only to the month: it names the
    # victims' country, which says little against the militia leader (another country's man)
    general = event("d1", 0, "ASSAULT", "A US strike killed the general on Friday.", actor=US,
                    recipient=GENERAL, date="2022-05-03")
    leader = event("d2", 0, "ASSAULT", "The militia leader died in the same strike.", actor=US,
                   recipient=DEPUTY, date="2022-05-03")
    vague = event("d3", 0, "ASSAULT", "The US killing of a top Iranian general this month.", actor=US,
                  recipient=IRAN, date="2022-05")
    assert compare(leader, vague, RULES).fields["recipient"] == "possible_co_victim"
    assert len(Fuser(RULES).fuse([general, leader, vague]).incidents) == 1
    # two countries are two victims: that still vetoes
    iraq = Party("irq", "Iraq", ("irq",))
    other = event("d4", 0, "ASSAULT", "The US struck Iraq this month.", actor=US, recipient=iraq,
                  date="2022-05")
    assert compare(vague, other, RULES).fields["recipient"] == "conflict"


def test_fuse_one_writer_giving_two_days_tells_two_attacks_apart() -> None:
    # "rockets hit Balad air base on Monday ... the second attack in 24 hours, after rockets
    # targeted Baghdad airport on Sunday": one attacker, other victims, two days in one report
    militias = Party("iraqi-shia-militias", "militias", ("iraqi-shia-militias", "irq"))
    isf = Party("irq.isf", "Iraqi forces", ("irq.isf", "irq"))
    balad = event("d1", 0, "ASSAULT", "Four rockets hit Balad air base on Monday.", actor=militias,
                  recipient=isf, date="2021-05-03")
    airport = event("d1", 1, "ASSAULT", "Rockets targeted Baghdad airport on Sunday.", 60, actor=militias,
                    recipient=USMIL, date="2021-05-02")
    assert compare(balad, airport, RULES).fields["recipient"] == "conflict"
    # across outlets a day apart may be a time zone: no veto there
    other = replace(airport, doc_id="d2", event_id="d2:0")
    assert compare(balad, other, RULES).fields["recipient"] == "possible_co_victim"


def test_fuse_site_host_and_the_troops_there_are_one_strike() -> None:
    # one outlet: "Iran's missiles hit Iraq's Ain al-Asad base"; another, undated: "... the US
    # troops at Ain al-Asad": the host country and the troops, one attacker, one site
    base = Place("ain-al-asad", "Ain al-Asad", "irq", 33.79, 42.44, 1, "facility")
    iraq = Party("irq", "Iraq", ("irq",))
    host = event("d1", 0, "ASSAULT", "Iranian missiles hit Iraq's Ain al-Asad base.", actor=IRAN,
                 recipient=iraq, date="2020-01-08", location=base)
    troops = event("d2", 0, "ASSAULT", "Iran attacked US troops at Ain al-Asad.", actor=IRAN,
                   recipient=USMIL, location=base)
    assert compare(host, troops, RULES).fields["recipient"] == "co_victim"
    assert len(Fuser(RULES).fuse([host, troops]).incidents) == 1
