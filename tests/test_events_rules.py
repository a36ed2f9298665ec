"""Extraction rules on hand-written sentences (never gold sentences).

Each case states what a careful coder would code: type, actor id (or None),
recipient id (or None) and status. Lineage is checked by membership so the
knowledge pack may add intermediate levels without breaking the tests.
"""
from __future__ import annotations

from typing import Any

import pytest

from proxywatch.api import Extractor
from proxywatch.model import Event


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor.load()


def events(ex: Extractor, text: str, published: str | None = "2015-06-10") -> list[Event]:
    return list(ex.extract_text(text, "t", published=published).events)


def find(evs: list[Event], etype: str) -> list[Event]:
    return [e for e in evs if e.type == etype]


def lin(party: Any) -> tuple[str, ...]:
    return tuple(party.lineage) if party is not None else ()


def coded(ex: Extractor, text: str, etype: str, actor: str | None, recipient: str | None) -> Event:
    """The first event of `etype` in `text`, whose lineages hold `actor` and `recipient`."""
    got = find(events(ex, text), etype)
    assert got, f"no {etype} in {text!r}: {events(ex, text)}"
    e = got[0]
    if actor:
        assert actor in lin(e.actor), e
    if recipient:
        assert recipient in lin(e.recipient), e
    return e


@pytest.mark.parametrize("text, etype, actor, recipient", [
    # roles from syntax
    ("Syrian troops shelled the Turkish border town of Akcakale on Monday.", "ASSAULT", "syr", "tur"),
    ("The convoy was attacked by Russian jets near Aleppo on Sunday.", "ASSAULT", "rus", None),
    ("The United Nations called on Ethiopia to withdraw its troops from the border.", "REQUEST", "un", "eth"),
    ("Kenya deployed 500 soldiers to Somalia last week.", "MOBILIZE", "ken", None),
    ("Venezuela's foreign minister denied the accusations on Tuesday.", "REJECT", "ven", None),
    ("Talks between Armenia and Azerbaijan resumed in Moscow on Friday.", "CONSULT", "arm", "aze"),
    ("Germany condemned the Turkish crackdown on journalists.", "ACCUSE", "deu", "tur"),
    ("Norway agreed to send medical supplies to Yemen.", "AGREE", "nor", None),
    # lexicon generalises
    ("Angry students have staged rallies in Nairobi against President Uhuru Kenyatta.", "PROTEST", None, "ken"),
    ("Thousands of Nigerian workers protested in Lagos on Monday.", "PROTEST", "nga", "nga"),
    ("Jordanian helicopters evacuated the wounded from the Syrian town of Daraa.", "AID", "jor", None),
    ("Spain extradited a Moroccan suspect to Morocco on Friday.", "COOPERATE", "esp", None),
    ("The Kenyan teachers' union called off its strike after talks with the government.", "CONCEDE", "ken", None),
    ("Japan will give Vietnam a loan of 300 million dollars.", "AGREE", "jpn", "vnm"),
    ("Russia speeded up the withdrawal of its forces from Syria on Monday.", "RETREAT", "rus", None),
    # places and agents fill parties
    ("Russia completed the withdrawal of its troops from Georgia on Friday.", "RETREAT", "rus", "geo"),
    ("Peru is investigating alleged abuses by Peruvian soldiers against farmers.", "ACCUSE", "per", "per"),
    ("Thousands of people blocked roads in Algiers to protest against the Algerian government.", "PROTEST", "dza", "dza"),
    # more vocabulary
    ("Kuwait's emir launched a mediation effort between Qatar and Saudi Arabia on Sunday.", "CONSULT", "kwt", "qat"),
    ("Yasser Arafat defended Iraq against Western criticism on Friday.", "SUPPORT", "pse", "irq"),
    ("Kenya's vice-president declined to resign on Monday.", "REJECT", "ken", None),
])
def test_events_coded_as_a_coder_would(ex: Extractor, text: str, etype: str, actor: str | None,
                                       recipient: str | None) -> None:
    coded(ex, text, etype, actor, recipient)


def test_events_compound_actor_gives_one_event_each(ex: Extractor) -> None:
    evs = find(events(ex, "Turkey and Qatar threatened to retaliate if Egypt expels their diplomats."), "THREATEN")
    actors = {a for e in evs for a in lin(e.actor)}
    assert {"tur", "qat"} <= actors
    assert all(e.status == "conditional" for e in evs)
    assert any("egy" in lin(e.recipient) for e in evs)


def test_events_condition_clause_is_not_an_event(ex: Extractor) -> None:
    evs = events(ex, "If Pakistan attacks the border posts, India will respond with force.")
    assert not [e for e in evs if e.type == "ASSAULT" and "pak" in lin(e.actor)]
    threats = find(evs, "THREATEN")
    assert threats and "ind" in lin(threats[0].actor)


def test_events_modal_speculation_is_not_an_event(ex: Extractor) -> None:
    assert not find(events(ex, "Japan could impose sanctions on North Korea, analysts said."), "SANCTION")


def test_events_negated_report_gives_a_denial_not_an_attack(ex: Extractor) -> None:
    evs = events(ex, "Chadian officials said that no strikes had taken place in N'Djamena.")
    assert not find(evs, "ASSAULT")


def test_events_reported_speech_fills_source_and_claimed(ex: Extractor) -> None:
    evs = events(ex, "Egyptian officials said Libyan militiamen kidnapped seven workers near Sirte.")
    attack = find(evs, "ASSAULT")
    assert attack and "lby" in lin(attack[0].actor)
    assert attack[0].status == "claimed"
    assert attack[0].source is not None and attack[0].source.id and attack[0].source.id.startswith("egy")


def test_events_future_hostile_action_is_a_threat(ex: Extractor) -> None:
    evs = events(ex, '"We will strike the Saudi bases," a Houthi spokesman said.')
    assert find(evs, "THREATEN")
    assert not find(evs, "ASSAULT")


def test_events_dates_explicit_and_relative(ex: Extractor) -> None:
    text = ("Nigerian troops attacked a Boko Haram camp on March 3. "
            "A day earlier, the militants had raided a Cameroonian village.")
    evs = events(ex, text, published="2015-03-05")
    by_type = sorted((e.date for e in evs if e.type == "ASSAULT" and e.date), key=str)
    assert "2015-03-03" in by_type
    assert "2015-03-02" in by_type


def test_events_yearless_document_gives_month_day(ex: Extractor) -> None:
    evs = events(ex, "Sudanese forces attacked Chadian rebels on Sept. 5.", published=None)
    assert [e.date for e in find(evs, "ASSAULT")] == ["--09-05"]


def test_events_evidence_offsets_point_at_the_sentence(ex: Extractor) -> None:
    text = "Intro line.\n\nIsraeli jets struck Gaza on Monday, officials said."
    doc = ex.extract_text(text, "t", published="2014-07-10")
    e = find(list(doc.events), "ASSAULT")[0]
    assert text[e.evidence.start:e.evidence.end] == e.evidence.text
    assert e.evidence.text.startswith("Israeli jets struck Gaza")
    assert e.cameo is not None and e.cameo.startswith("19")


def test_events_boilerplate_never_produces_events(ex: Extractor) -> None:
    text = ("Iraqi forces attacked an ISIS position near Mosul on Monday.\n\n"
            "Leave a Comment\n\n"
            "  • Bob says:\n\n    Russia attacked Ukraine and Iran attacked Israel.\n")
    evs = events(ex, text)
    assert evs and all(e.evidence.start < text.index("Leave a Comment") for e in evs)


def test_events_ids_unique_within_a_document(shared: Any) -> None:
    from proxywatch.ingest.report import IngestReport

    ex = Extractor.load()
    for doc in ex.extract_manifest(shared / "gold" / "articles_dev" / "manifest.jsonl", IngestReport()):
        ids = [e.event_id for e in doc.events]
        assert len(ids) == len(set(ids)), doc.id
        assert all(i.startswith(doc.id + ":") for i in ids)


def test_events_history_recalled_by_year_is_not_news(ex: Extractor) -> None:
    evs = events(ex, "The base was built by American forces after the 2003 US-led invasion of Iraq.",
                 published="2020-01-08")
    assert not [e for e in evs if e.date == "2003"]


def test_events_recent_undated_event_gets_month_precision(ex: Extractor) -> None:
    text = ("Militias attacked the Green Zone on December 31.\n\n"
            "Protesters gathered in response to the recent U.S. strikes on Kataib Hezbollah.")
    evs = [e for e in events(ex, text, published="2020-01-02") if e.type == "ASSAULT" and
           e.recipient is not None and e.recipient.id == "kataib-hezbollah"]
    assert evs and all(e.date is None or len(e.date) == 7 for e in evs)


def test_events_location_from_the_clause(ex: Extractor) -> None:
    evs = find(events(ex, "Iraqi militants attacked an American convoy in Kirkuk on Monday."), "ASSAULT")
    assert evs and evs[0].location is not None and evs[0].location.id == "kirkuk"


def test_events_one_party_per_noun_phrase(ex: Extractor) -> None:
    # the possessor and the organisation only describe the man the phrase names
    evs = find(events(ex, "Fighters loyal to Somalia's al-Shabaab commander Ahmed Diriye attacked "
                          "a Kenyan army base on Monday."), "ASSAULT")
    assert len(evs) == 1, evs


def test_events_pronoun_subject_takes_earlier_actor(ex: Extractor) -> None:
    text = ("The Turkish Foreign Ministry issued a statement on Monday. "
            "But it noted that talks had stalled. It also called on Greece to withdraw its ships.")
    e = find(events(ex, text), "REQUEST")
    assert e and "tur" in lin(e[0].actor) and "grc" in lin(e[0].recipient), e


def test_events_plural_pronoun_object_finds_group_in_same_sentence(ex: Extractor) -> None:
    text = ("A day after Hamas fired rockets at Sderot on May 3, the Egyptian spy chief "
            "visited Gaza and urged them to halt the attacks.")
    req = find(events(ex, text, published="2015-05-10"), "REQUEST")
    assert req and req[0].recipient is not None and req[0].recipient.id == "hamas", req


def test_events_date_in_other_event_clause_anchors_relative_date(ex: Extractor) -> None:
    text = ("The day after militants attacked a Nigerian army post on March 3, "
            "the Chadian president visited Abuja.")
    evs = events(ex, text, published="2015-03-20")
    visit = find(evs, "CONSULT")
    attack = find(evs, "ASSAULT")
    assert attack and attack[0].date == "2015-03-03"
    assert visit and visit[0].date == "2015-03-04", visit


def test_events_offer_embeds_its_content(ex: Extractor) -> None:
    evs = events(ex, "Sudan offered to negotiate with the rebels in Juba.")
    assert find(evs, "AGREE") and not find(evs, "CONSULT"), evs


def test_events_participle_modifier_is_no_event(ex: Extractor) -> None:
    evs = events(ex, "Russia launched its long-threatened invasion of Georgia on Friday.")
    assert not find(evs, "THREATEN"), evs
    assert find(evs, "ASSAULT")


def test_events_reason_cited_is_an_accusation(ex: Extractor) -> None:
    evs = events(ex, "Canada said it will close its embassy in Caracas, citing threats from the "
                     "Venezuelan government.")
    acc = find(evs, "ACCUSE")
    assert acc and "can" in lin(acc[0].actor) and "ven" in lin(acc[0].recipient), evs
    assert not find(evs, "THREATEN"), evs


def test_events_order_to_move_own_people_is_the_move(ex: Extractor) -> None:
    text = ("Heiko Maas spoke on Monday. “I have ordered the evacuation of our "
            "diplomatic staff from Tripoli,” he said.")
    evs = events(ex, text)
    assert find(evs, "RETREAT") and not find(evs, "REQUEST"), evs
    assert "lby" in lin(find(evs, "RETREAT")[0].recipient)  # a bare capital name is the capital


def test_events_order_to_another_state_stays_a_demand(ex: Extractor) -> None:
    evs = events(ex, "Mali's junta ordered the withdrawal of French troops.")
    req = find(evs, "REQUEST")
    assert req and "fra" in lin(req[0].recipient), evs


def test_events_since_date_is_a_span_not_the_date(ex: Extractor) -> None:
    evs = events(ex, "Jordan called on Syria to stop the shelling, which has gone on since March.",
                 published="2015-06-10")
    req = find(evs, "REQUEST")
    assert req and req[0].date != "2015-03", req


def test_events_halted_attacks_are_towards_their_target(ex: Extractor) -> None:
    text = ("Al-Shabaab fighters attacked a Kenyan army base near Lamu on Monday. "
            "The next day the group announced that it was suspending its attacks.")
    halt = find(events(ex, text, published="2015-06-10"), "RETREAT")
    assert halt and "ken" in lin(halt[0].recipient), halt


def test_events_spokesman_reports_his_side_deploying(ex: Extractor) -> None:
    text = ("A Pentagon spokesman said the deployment of Patriot batteries in Poland "
            "was meant to reassure allies.")
    mob = find(events(ex, text), "MOBILIZE")
    assert mob and "usa" in lin(mob[0].actor), mob


def test_events_restatement_names_who_said_it(ex: Extractor) -> None:
    text = ("Somali militants have threatened to attack any Kenyan troops entering Somalia. "
            "Al-Shabaab and Hizbul Islam made the announcement on Tuesday.")
    threats = find(events(ex, text, published="2015-06-10"), "THREATEN")
    actors = {a for e in threats for a in lin(e.actor)}
    assert "al-shabaab" in actors, threats


def test_events_them_prefers_an_earlier_subject(ex: Extractor) -> None:
    text = "Hamas fired rockets at Israel, and Egypt's intelligence chief urged them to stop."
    req = find(events(ex, text), "REQUEST")
    assert req and req[0].recipient is not None and req[0].recipient.id == "hamas", req


def test_events_possessed_target_is_its_owner(ex: Extractor) -> None:
    text = ("The Houthis threatened Saudi Arabia on Monday. “All their oil facilities in Yemen "
            "will be targeted,” a Houthi spokesman said.")
    threats = [e for e in find(events(ex, text), "THREATEN") + find(events(ex, text), "ASSAULT")]
    assert any("sau" in lin(e.recipient) for e in threats), threats


def test_events_own_troops_are_no_target(ex: Extractor) -> None:
    evs = events(ex, "Syria says it is willing to withdraw its troops from Lebanon.")
    assert not any(e.recipient is not None and e.recipient.id == "syr" for e in evs), evs


def test_events_constrained_argument_is_no_event_of_its_own(ex: Extractor) -> None:
    evs = events(ex, "The Kenyan teachers' union called off its strike after talks with Kenya's government.")
    assert find(evs, "CONCEDE") and not find(evs, "ASSAULT"), evs
    evs = events(ex, "The European Union lifted sanctions on Belarus on Monday.")
    assert find(evs, "CONCEDE") and not find(evs, "SANCTION"), evs


def test_events_domestic_repression_falls_on_own_people(ex: Extractor) -> None:
    evs = find(events(ex, "Kenyan police dispersed the demonstrators in Nairobi on Monday."), "COERCE")
    assert evs and "ken" in lin(evs[0].recipient), evs


def test_events_demanded_content_is_no_event(ex: Extractor) -> None:
    evs = events(ex, "The World Health Organization renewed its demand that Yemen lift the siege of Taiz.")
    req = find(evs, "REQUEST")
    assert req and "yem" in lin(req[0].recipient), evs
    assert not find(evs, "CONCEDE"), evs


def test_events_conditional_offer_to_meet_is_an_agreement(ex: Extractor) -> None:
    evs = events(ex, "Colombian rebel leaders said they would meet government envoys if the army halted its offensive.")
    agree = find(evs, "AGREE")
    assert agree and agree[0].status == "conditional", evs


def test_events_month_name_in_a_date_is_no_march(ex: Extractor) -> None:
    evs = events(ex, "The IRGC released a warning to the United States on March 31, 2020.")
    assert not find(evs, "PROTEST"), evs


def test_events_subject_stranded_by_a_relative_clause(ex: Extractor) -> None:
    text = ("Officials said Jordan, which wants to keep the war from its borders after the attack "
            "on the camp, has asked Syria to curb its militias.")
    req = find(events(ex, text), "REQUEST")
    assert req and "jor" in lin(req[0].actor) and "syr" in lin(req[0].recipient), req


def test_events_unnamed_jets_are_the_military_speakers_own(ex: Extractor) -> None:
    evs = find(events(ex, "The Turkish military said jets on Monday struck Kurdish positions in Syria."), "ASSAULT")
    assert evs and "tur" in lin(evs[0].actor), evs


def test_events_same_strike_takes_the_striker(ex: Extractor) -> None:
    text = ("Israeli jets struck a convoy near Damascus on Sunday, killing a Hezbollah commander. "
            "A Syrian officer was killed in the same strike.")
    kills = [e for e in find(events(ex, text, published="2015-06-10"), "ASSAULT") if "syr" in lin(e.recipient)]
    assert kills and "isr" in lin(kills[0].actor), kills


def test_events_agent_hung_on_the_target_noun(ex: Extractor) -> None:
    text = "Ankara said two soldiers were wounded after a rocket attack on a Turkish base by PKK militants."
    got = find(events(ex, text), "ASSAULT")
    assert got and "pkk" in lin(got[0].actor) and "tur" in lin(got[0].recipient), got


def test_events_reason_for_an_arrest_is_the_charge(ex: Extractor) -> None:
    evs = events(ex, "A Canadian aid worker was arrested in Lebanon for collaborating with Israel.")
    assert find(evs, "COERCE") and not find(evs, "COOPERATE"), evs


def test_events_located_group_is_not_the_state(ex: Extractor) -> None:
    evs = find(events(ex, "The head of a new militant group in Syria threatened to attack Turkish troops."), "THREATEN")
    assert evs and (evs[0].actor is None or evs[0].actor.id != "syr"), evs


def test_events_speaker_closing_a_quote_was_named_before_it(ex: Extractor) -> None:
    text = ("Recep Tayyip Erdogan warned Syria on Monday. "
            "“They will pay a heavy price. This is not a warning. It is a threat,” he said.")
    threats = find(events(ex, text), "THREATEN")
    assert any("tur" in lin(e.actor) and "syr" in lin(e.recipient) for e in threats), threats


def test_events_generic_you_with_a_modal_is_advice(ex: Extractor) -> None:
    evs = events(ex, "If the army did this, then you should hold General Haftar responsible, an analyst said.")
    assert not find(evs, "ACCUSE"), evs


def test_events_civilian_speaker_on_a_deployment_names_no_actor(ex: Extractor) -> None:
    text = "Iran's foreign ministry said a deployment of forces in the Gulf was a provocation."
    mob = find(events(ex, text), "MOBILIZE")
    assert not any(e.actor is not None and e.actor.id and "irn" in lin(e.actor) for e in mob), mob


def test_events_purpose_of_a_deployment_is_no_threat(ex: Extractor) -> None:
    evs = events(ex, "Canada said it will deploy special forces to Mali to fight al-Qaeda.")
    assert find(evs, "MOBILIZE") and not find(evs, "THREATEN"), evs


def test_events_fighting_recalled_before_is_no_event(ex: Extractor) -> None:
    evs = events(ex, "“We fought the Turkish army before,” said a PKK commander.")
    assert not find(evs, "ASSAULT"), evs


def test_events_relative_clause_after_coordination_takes_the_nearest(ex: Extractor) -> None:
    text = "Canada cited the Syrian government and Hezbollah, which have launched rocket attacks on Israel."
    att = find(events(ex, text), "ASSAULT")
    assert att and all(e.actor is None or e.actor.id != "syr" for e in att), att


def test_events_the_strike_refers_to_the_strike_told_of(ex: Extractor) -> None:
    text = ("Rockets hit the Turkish embassy in Kabul on Monday. "
            "Ankara said the Taliban ordered the strike.")
    att = [e for e in find(events(ex, text, published="2015-06-10"), "ASSAULT") if e.actor and e.actor.id]
    assert att and "tur" in lin(att[-1].recipient), att


def test_events_threat_goes_on_at_the_same_target(ex: Extractor) -> None:
    text = ("“We will fight any Turkish soldier who enters Syria,” said Salih Muslim. "
            "“We are ready to resume fighting,” Salih Muslim said.")
    thr = find(events(ex, text), "THREATEN")
    assert len(thr) >= 2 and all("tur" in lin(e.recipient) for e in thr), thr


def test_events_owner_of_the_target_is_the_recipient(ex: Extractor) -> None:
    evs = find(events(ex, "Protesters in Beirut torched offices belonging to Hezbollah on Monday."), "ASSAULT")
    assert evs and "lbn.hezbollah" in lin(evs[0].recipient), evs


def test_events_name_beats_the_generic_word_it_modifies(ex: Extractor) -> None:
    text = ("Iranian-backed militias gathered in Baghdad. "
            "The Kataib Hezbollah militias demanded that US forces leave Iraq.")
    req = find(events(ex, text), "REQUEST")
    assert req and req[0].actor is not None and req[0].actor.id == "kataib-hezbollah", req


def test_events_strike_that_a_killing_happened_in_is_that_killing(ex: Extractor) -> None:
    evs = find(events(ex, "A Hamas commander was killed following an Israeli airstrike on Gaza City."), "ASSAULT")
    assert len(evs) == 1 and "isr" in lin(evs[0].actor), evs


def test_events_purpose_and_content_are_one_event(ex: Extractor) -> None:
    evs = events(ex, "The Malian president will visit Niger and Chad to mediate in their border dispute.")
    assert len(find(evs, "CONSULT") + find(evs, "AGREE")) == 1, evs
    evs = events(ex, "Kenyan demonstrators rioted after a demonstration calling for the resignation of William Ruto.")
    assert find(evs, "PROTEST") and not find(evs, "REQUEST"), evs


def test_events_protest_target_from_disapproval(ex: Extractor) -> None:
    evs = find(events(ex, "Demonstrators in Tehran blocked a road to show their disapproval of British policies."),
               "PROTEST")
    assert evs and "gbr" in lin(evs[0].recipient), evs


def test_events_a_states_ally_is_not_the_state(ex: Extractor) -> None:
    evs = find(events(ex, "Hezbollah fighters killed the deputy chief of Israel's militia ally in southern Lebanon."),
               "ASSAULT")
    assert evs and (evs[0].recipient is None or "isr" not in lin(evs[0].recipient)), evs


def test_events_declining_to_comment_is_no_rejection(ex: Extractor) -> None:
    assert not find(events(ex, "The Iranian foreign ministry declined to comment on the report."), "REJECT")


def test_events_travel_for_talks_is_a_meeting(ex: Extractor) -> None:
    evs = find(events(ex, "Turkish negotiators arrived in Moscow on Monday for talks on Syria."), "CONSULT")
    assert evs and "tur" in lin(evs[0].actor) and "rus" in lin(evs[0].recipient), evs


@pytest.mark.parametrize("text", [
    "Japanese and Korean negotiators struck a deal on Saturday to allow beef imports.",
    "A methane blast killed 18 miners in Kazakhstan on Monday.",
    "A train crash in Egypt killed six people on Sunday.",
    "Miss Peru beat more than 100 contestants to win the title in China.",
])
def test_events_idioms_and_accidents_are_no_attacks(ex: Extractor, text: str) -> None:
    assert not find(events(ex, text), "ASSAULT"), events(ex, text)


def test_events_beaten_protesters_are_attacked(ex: Extractor) -> None:
    assert find(events(ex, "Egyptian police beat protesters in Cairo on Friday."), "ASSAULT")


def test_events_labour_strike_is_a_protest(ex: Extractor) -> None:
    evs = events(ex, "A one-day nationwide strike of civil service workers in Kenya closed schools on Monday.")
    assert find(evs, "PROTEST") and not find(evs, "ASSAULT"), evs


@pytest.mark.parametrize("text", [
    "A powerful typhoon is poised to strike southern Japan on Sunday.",
    "Thailand's prime minister offered regrets for the deaths of protesters in army custody.",
])
def test_events_weather_and_courtesies_are_no_events(ex: Extractor, text: str) -> None:
    evs = events(ex, text)
    assert not find(evs, "ASSAULT") and not find(evs, "AGREE"), evs


@pytest.mark.parametrize("text", [
    "A gas attack killed 80 people in the Syrian town of Douma, the United States said.",
    "Rocket fire killed two Israeli soldiers near Gaza on Monday.",
    "A mine explosion killed three Turkish soldiers near the Iraqi border.",
])
def test_events_attacks_with_accident_like_words_stay_attacks(ex: Extractor, text: str) -> None:
    assert find(events(ex, text), "ASSAULT"), events(ex, text)


def test_events_killing_left_undated_takes_the_recorded_death(ex: Extractor) -> None:
    # the knowledge base records when a person died: an undated report of the killing is of that day
    text = ("Rockets hit a base near Baghdad on Sunday. The group later assassinated Hassan Nasrallah, "
            "who led Hezbollah for three decades.")
    e = [x for x in events(ex, text, "2024-11-20") if x.recipient and x.recipient.id == "hassan-nasrallah"]
    assert e and e[0].date == "2024-09-27", e


def test_events_killing_dated_in_the_text_keeps_its_date(ex: Extractor) -> None:
    # a day written in the clause is the evidence, even against the knowledge base
    e = find(events(ex, "Israel killed Hassan Nasrallah in Beirut on September 28.", "2024-11-20"), "ASSAULT")
    assert e and e[0].date == "2024-09-28", e


def test_events_death_date_never_dates_a_report_written_before_it(ex: Extractor) -> None:
    # a 2015 article about a killing of that person is not of the 2020 death
    evs = [x for x in events(ex, "Militants killed Qasem Soleimani, officials said.", "2015-06-10")
           if x.date == "2020-01-03"]
    assert not evs


def test_events_death_date_does_not_move_the_story_time(ex: Extractor) -> None:
    text = ("Rockets hit the embassy on Sunday. It came after the strike this month that killed Qassem "
            "Soleimani. Iraqi Prime Minister Adil Abdul-Mahdi condemned the attack.")
    evs = events(ex, text, "2020-01-28")
    kill, acc = find(evs, "ASSAULT"), find(evs, "ACCUSE")
    assert kill and kill[0].date == "2020-01-03", evs
    assert acc and acc[0].date != "2020-01-03", evs  # the condemnation is not dated by the killing


def test_events_target_named_beside_the_relative_clause(ex: Extractor) -> None:
    # "X, the base that was attacked by Iran in retaliation for Y": the base is X, not Y
    e = coded(ex, "Soldiers left Ain al-Asad, the base that was attacked by Iran in retaliation for the "
                  "assassination of Soleimani.", "ASSAULT", "irn", None)
    assert e.recipient is not None and e.recipient.id != "qasem-soleimani", e


def test_events_act_in_an_after_clause_is_its_own_event(ex: Extractor) -> None:
    # "condemned X after soldiers were killed": the killing is when, not what was condemned
    evs = events(ex, "The Jordanian government condemned the militants after three Jordanian soldiers were killed "
                     "in a drone attack on the border.")
    assert find(evs, "ACCUSE") and find(evs, "ASSAULT"), evs


def test_events_past_act_under_a_threat_is_no_threat(ex: Extractor) -> None:
    # "threatened to strike back after the US killed its general": the killing happened
    evs = events(ex, "Iran threatened to strike back after the United States killed its general.")
    kill = [e for e in find(evs, "ASSAULT") if e.actor and e.actor.id == "usa"]
    assert kill and kill[0].status == "asserted", evs
    assert not [e for e in find(evs, "THREATEN") if e.actor and e.actor.id == "usa"], evs


def test_events_act_in_an_after_clause_is_not_dated_by_the_clause_above(ex: Extractor) -> None:
    evs = events(ex, "On Friday, Iraq condemned the militants after a rocket attack killed two Iraqi soldiers.",
                 "2015-06-14")
    acc, kill = find(evs, "ACCUSE"), find(evs, "ASSAULT")
    assert acc and acc[0].date == "2015-06-12", evs
    assert kill and kill[0].date != "2015-06-12", evs  # before Friday, on a day not told


def test_events_attack_blamed_in_its_own_phrase_has_the_blamed_as_actor(ex: Extractor) -> None:
    text = "Last month a bombing killed a Turkish officer, an attack Ankara blamed on the PKK."
    evs = events(ex, text)
    att = [e for e in find(evs, "ASSAULT") if "tur" in lin(e.recipient)]
    assert att and att[0].actor is not None and att[0].actor.id == "pkk" and att[0].status == "claimed", evs
    assert att[0].source is not None and att[0].source.id and att[0].source.id.startswith("tur"), att[0]
    assert find(evs, "ACCUSE"), evs  # the blame is still an accusation of its own
    e = coded(ex, "Two Kenyan soldiers were killed in a roadside bombing, attributed to al-Shabaab.",
              "ASSAULT", "al-shabaab", "ken")
    assert e.status == "claimed", e


def test_events_crowd_denouncing_is_a_protest(ex: Extractor) -> None:
    # a crowd that denounces is protesting; a state that denounces accuses
    coded(ex, "Thousands of protesters in Nairobi denounced the Kenyan government on Monday.", "PROTEST",
          None, "ken")
    coded(ex, "Kenya denounced the Ugandan government on Monday.", "ACCUSE", "ken", "uga")


def test_events_attack_on_the_facility_named_before_is_located_there(ex: Extractor) -> None:
    text = ("The United States will close its consulate in Basra, citing threats from militias "
            "that have launched rocket attacks on the facility.")
    att = [e for e in events(ex, text, "2018-09-28") if e.type == "ASSAULT"]
    assert att and att[0].location is not None and att[0].location.id == "us-consulate-basra", att


def test_events_past_act_in_a_quote_is_not_dated_to_the_day_of_saying(ex: Extractor) -> None:
    # said today, done some day before: the month, not the day of the statement
    text = ('Erdogan spoke in Ankara on Monday. "Syria killed our soldiers," he said.')
    kill = [e for e in events(ex, text, "2015-06-10") if e.type == "ASSAULT"]
    assert kill and kill[0].date == "2015-06", kill


def test_events_them_stands_for_who_acted_earlier_in_the_sentence(ex: Extractor) -> None:
    # the parser hangs "a group" on "after"; "them" is still the group that attacked, not its target
    text = ("The day after an Islamic State cell operating in Syria attacked a Turkish military facility "
            "in southeastern Turkey on January 28, the commander of Iraq's army visited Erbil and "
            "persuaded them to call off the attack.")
    req = [e for e in events(ex, text) if e.type == "REQUEST"]
    assert req and req[0].recipient is not None and req[0].recipient.id == "isis", req


def test_events_weapon_object_is_no_target(ex: Extractor) -> None:
    # "fired three Katyusha rockets at the airport": the rockets (even named) are what was fired
    e = coded(ex, "Gunmen fired three Katyusha rockets at Iraq's Basra airport on Saturday.", "ASSAULT", None, "irq")
    assert e.location is not None and e.location.id == "basra-airport", e
    # a needed object naming a party is the target's: "expelled two Russian diplomats"
    coded(ex, "Switzerland expelled two Russian diplomats on Monday.", "SANCTION", "che", "rus")


def test_events_act_after_a_night_that_saw_it_is_not_dated_to_the_next_day(ex: Extractor) -> None:
    text = ("Rockets hit the Turkish embassy in Basra on Saturday, after a night that saw protesters "
            "torch the Iranian consulate.")
    evs = events(ex, text, "2015-06-14")
    arson = [e for e in evs if e.type == "ASSAULT" and e.recipient is not None and e.recipient.id == "irn"]
    assert arson and arson[0].date != "2015-06-13", evs  # the night before, not Saturday itself


def test_events_pronoun_outside_a_quote_points_at_the_speaker(ex: Extractor) -> None:
    # '"Kenya ... ," a statement by al-Shabaab said. It also ...': "it" is the group speaking,
    # not the country named inside the quotation
    text = ('"Kenya will never defeat us," said a statement released by al-Shabaab on Sunday. '
            "It also called on Somalia to expel foreign troops.")
    req = find(events(ex, text), "REQUEST")
    assert req and req[0].actor is not None and req[0].actor.id == "al-shabaab", req


def test_events_earlier_this_week_is_the_month_not_a_guessed_day(ex: Extractor) -> None:
    # written on Sunday 29 December: some day of 23-28 December, so December, not the 25th
    e = coded(ex, "The rocket attack earlier this week killed an American contractor.", "ASSAULT", None, "usa")
    assert e.date == "2015-06", e  # published Wednesday 10 June 2015: 7-9 June, all in June
    late = find(events(ex, "The rocket attack earlier this week killed an American contractor.", "2015-07-02"),
                "ASSAULT")
    assert late and late[0].date is not None and len(late[0].date) == 10, late  # 29 June - 1 July: a day


def test_events_office_named_is_its_holder_on_the_day(ex: Extractor) -> None:
    # roles change over time: the same words name Soleimani in 2019 and Ghaani in 2024
    text = "The commander of the Quds Force visited Baghdad on Monday."
    by_year = {pub: find(events(ex, text, pub), "CONSULT")[0].actor for pub in ("2019-05-01", "2024-01-31")}
    assert by_year["2019-05-01"] is not None and by_year["2019-05-01"].id == "qasem-soleimani"
    assert by_year["2024-01-31"] is not None and by_year["2024-01-31"].id == "esmail-ghaani"
    assert "irn.irgc.qf" in lin(by_year["2024-01-31"])  # the office's organisation stays in the lineage
    # not one person: "a commander", "the former commander"; an office two held that day stays the org
    for other in ("A commander of the Quds Force visited Baghdad on Monday.",
                  "The former commander of the Quds Force visited Baghdad on Monday."):
        assert find(events(ex, other, "2024-01-31"), "CONSULT")[0].actor.id == "irn.irgc.qf"  # type: ignore[union-attr]
    succession = find(events(ex, text, "2020-01-07"), "CONSULT")  # Monday 6 January 2020: Ghaani alone
    assert succession[0].actor is not None and succession[0].actor.id == "esmail-ghaani"


def test_events_service_members_of_a_country_are_its_military(ex: Extractor) -> None:
    coded(ex, "A drone strike killed three American service members in Jordan.", "ASSAULT", None, "usa.mil")
    coded(ex, "Two Turkish servicemen were killed by a roadside bomb in Hakkari.", "ASSAULT", None, "tur.mil")


def test_events_killing_the_clause_responds_to_dates_before_it(ex: Extractor) -> None:
    # "decided how to respond after the killing of ...": the killing came before, some day of the month
    text = ("Kenya said on Tuesday it had decided how to respond after the killing of three Kenyan "
            "soldiers in a bombing.")
    kill = [e for e in events(ex, text, "2015-06-10") if e.type == "ASSAULT"]
    assert kill and kill[0].date == "2015-06", kill


def test_events_group_behind_the_attack_claims_it(ex: Extractor) -> None:
    text = ("Gunmen attacked a Kenyan police post in Mandera on June 2. On Tuesday, a spokesman said "
            "al-Shabaab was behind the attack and promised more attacks to come.")
    evs = events(ex, text)
    claim = [e for e in find(evs, "ASSAULT") if e.actor is not None and e.actor.id == "al-shabaab"]
    assert claim and claim[0].date == "2015-06-02" and "ken" in lin(claim[0].recipient), evs
    threat = [e for e in find(evs, "THREATEN") if e.actor is not None and e.actor.id == "al-shabaab"]
    assert threat and "ken" in lin(threat[0].recipient), evs  # more of the same attacks, at their target
    assert not find(evs, "AGREE"), evs
