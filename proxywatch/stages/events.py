"""The events stage: triggers + roles + modality + dates + places -> Events.

For each parsed body sentence, every trigger of the lexicon becomes a
candidate event. Its actor and recipient come from the parse
(:mod:`roles`), its status and source from :mod:`modality`, its date from
the date mention attached to its clause, its place from the facility or
place of its clause. Candidates under a modal or inside an if-clause are
not events; future actions announced by their own actor become THREATEN
events ("we will strike them" is a threat).
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Protocol

from ..datafiles import load_yaml
from ..model import Actor, Document, Event, Evidence, Mention, Party, Place
from .attribution import quote_speakers
from .event_dates import (causal_antecedent, day_of, event_date, is_background, opens_span, usable_reference,
                          vaguely_recent)
from .lexicon import TriggerEntry, TriggerHit, TriggerLexicon
from .modality import Modality, analyse, is_past
from .quotes import OPEN_QUOTES, inside, quoted_spans
from .roles import (GOVERNING_VERBS, LOCATIVE_PREPS, RECIPIENT_PREPS, TokMention, align, mention_at, nominal_roles,
                    parties_in, prep_object, stranded_subject, subject_of, verbal_roles)

FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
OWN_FORCES = {"force", "forces", "troop", "troops", "soldier", "military", "army",
              "jet", "warplane", "aircraft", "helicopter", "bomber", "plane"}
SPEECH_TYPES = {"THREATEN", "ACCUSE", "REJECT", "REQUEST"}
HOSTILE = {"ASSAULT", "COERCE"}
MOVERS = {"RETREAT", "MOBILIZE", "AID"}  # "the evacuation of personnel": "of" names what moves
PLAN_HEADS = {"plan", "plot", "prepare", "intend", "develop", "seek", "aim", "intention", "scheme",
              "orchestrate", "mastermind"}
CONCESSIVE = {"RETREAT", "CONCEDE"}
# announced future actions of these types express intent to cooperate (CAMEO 03 -> AGREE)
INTENT_TO_COOPERATE = {"AID", "CONCEDE", "COOPERATE", "CONSULT", "SUPPORT", "RETREAT"}
# announced future deployments are mobilisation already ("Washington will deploy forces")
ANNOUNCED_MOVES = {"MOBILIZE"}
DECISION_VERBS = {"announce", "decide", "order", "approve", "authorize", "authorise"}
DECIDABLE = {"RETREAT", "MOBILIZE", "CONCEDE", "AID"}
# triggers whose complement is their content, not a separate event
EMBEDDING_TYPES = {"THREATEN", "ACCUSE", "REJECT", "REQUEST", "AGREE"}
_IDIOM_ENTRY = TriggerEntry(type="THREATEN", mode="idiom", lemma="", pos="NOUN")
_DEMAND_ENTRY = TriggerEntry(type="REQUEST", mode="demand", lemma="", pos="VERB")
DEONTIC = {"must", "should"}
MILITARY_UNITS = {"mil", "idf", "army", "navy", "centcom", "irgc", "peshmerga"}
# nouns that carry the event of their modifier: "a mediation effort", "a bombing campaign"
EVENT_CARRIERS = {"effort", "campaign", "operation", "drive", "bid", "initiative", "mission", "process", "round"}
ADVICE_MODALS = {"should", "would", "could", "might", "may", "can", "must"}
COMMAND_VERBS = {"order", "instruct", "direct"}
DECREE_VERBS = COMMAND_VERBS | {"announce", "approve", "authorize", "authorise", "decide"}


class ActorIndex(Protocol):
    def lineage(self, actor_id: str, date: str | None) -> tuple[str, ...]: ...
    def actor(self, actor_id: str) -> Actor | None: ...
    def place(self, place_id: str) -> Place | None: ...
    def holder(self, org: str, titles: Iterable[str], day: str, deputy: bool = False) -> str | None: ...


@dataclass(frozen=True)
class CameoMap:
    types: dict[str, Any]

    @classmethod
    def load(cls) -> "CameoMap":
        return cls(load_yaml("cameo_plover.yaml")["types"])

    def code(self, etype: str, mode: str | None) -> str | None:
        spec = self.types.get(etype)
        if not spec:
            return None
        return str((spec.get("modes") or {}).get(mode or "", spec["root"]))


@dataclass
class EventStage:
    lexicon: TriggerLexicon
    pack: ActorIndex
    cameo: CameoMap
    name: str = "events"
    requires: tuple[str, ...] = ("parse", "mentions", "timex")
    produces: tuple[str, ...] = ("events",)
    _capital_map: dict[str, str] | None = None

    def __call__(self, doc: Document) -> Document:
        parses = doc.cache.get("parses", {})
        timex_by_start = {t.start: t for t in doc.cache.get("timex", [])}
        dates = [m for m in doc.mentions if m.kind == "date"]
        parties = [m for m in doc.mentions if m.kind in ("actor", "facility", "place")]
        events: list[Event] = []
        state = _State(last_date=None)
        speakers = quote_speakers(doc, [m for m in parties if m.kind == "actor" and m.entity_id])
        for si, sent in enumerate(doc.sentences):
            sp = parses.get(si)
            if doc.in_body(sent.start) and not _is_headline(doc, sent):
                restated = self._restated(doc, sent, parties, dates, events)
                if restated:
                    events.extend(restated)
                    if restated[0].date and len(restated[0].date) == 10:
                        state.last_date = state.par_date = restated[0].date
            if sp is None or not doc.in_body(sent.start) or _is_headline(doc, sent):
                continue
            off = doc.offsets.to_clean(sent.start)
            in_sent = [m for m in parties if sent.start <= m.start < sent.end]
            tms = align(sp, in_sent, off, doc.offsets.to_clean)
            dms = align(sp, [m for m in dates if sent.start <= m.start < sent.end], off, doc.offsets.to_clean)
            qs = speakers.get(si)
            qtm = None
            if qs is not None:
                qtm = next((tm for tm in tms if tm.mention == qs), None) or _outside(qs)
            state.quotes = quoted_spans(doc.text, sent.start, sent.end)
            state.quote_pronoun = self._pronoun_speaker(doc, sp, sent, off) if qs is None else None
            keys: set[tuple[str, str | None, str | None]] = set()
            sentence_dates = []
            par = doc.text.rfind("\n\n", 0, sent.start)
            if par != state.paragraph:
                state.paragraph, state.par_date = par, None
            local = _local_speaker(sp, tms, self.lexicon)
            if local is not None and qtm is not None:
                qtm = local
            state.told = []
            for cand in self._candidates(doc, sp, tms, dms, timex_by_start, off, state, qtm):
                ev = self._finish(doc, sent, cand, tms)
                par_date = usable_reference(state.par_date, doc.meta.published)
                last_date = usable_reference(state.last_date, doc.meta.published)
                inherited = None
                if cand.unknowable:
                    pass
                elif ev.date is None and (par_date or last_date) and cand.etype in SPEECH_TYPES \
                        and qtm is not None:
                    inherited = par_date or last_date  # a quoted threat dates from its statement
                elif ev.date is None and (_inherits_date(cand) or cand.antecedent):
                    # narrative reference time: an undated past event in a paragraph about a dated
                    # one; else, reported as news without a date, the month of publication
                    inherited = par_date or last_date or (
                        doc.meta.published[:7] if doc.meta.published and len(doc.meta.published) >= 7 else None)
                if inherited:
                    told_before = qtm is not None and cand.etype not in SPEECH_TYPES and is_past(cand.tok)
                    if (vaguely_recent(cand.tok) or cand.antecedent or told_before) and len(inherited) == 10:
                        # ("Iran killed an American contractor," he tweeted today: some day before)
                        inherited = inherited[:7]  # "the recent U.S. missile attacks": not that very day
                    ev = replace(ev, date=inherited)
                if is_background(ev.date, doc.meta.published):
                    continue  # "after the 2003 US-led invasion": history recalled, not news
                written = ev.date
                ev = self._from_story(self._dated_by_death(doc, ev, cand), cand, events)
                key = (ev.type, ev.actor.id if ev.actor else None, ev.recipient.id if ev.recipient else None)
                if key in keys:
                    continue  # one event per type and dyad in a sentence
                keys.add(key)
                events.append(ev)
                state.told.append(ev)
                if written and cand.explicit:
                    sentence_dates.append(written)  # (a date known from elsewhere is no story time)
            _drop_less_informative(events, sentence_start=len(events) - len(keys))
            if not sentence_dates:
                # no event here used a date, but a written day still moves the story's time
                # ("... made the announcement on Tuesday." then the quote)
                sentence_dates = [m.value for m in dates if sent.start <= m.start < sent.end
                                  and m.value and len(m.value) == 10 and m.label != "range"
                                  and not opens_span(doc, m)]
            if sentence_dates:
                state.last_date = sentence_dates[-1]
                state.par_date = sentence_dates[-1]
        # ids are positions in the final list: filtering above must never leave two alike
        final = [replace(e, event_id=f"{doc.id}:{i}") for i, e in enumerate(_link_denials(events))]
        return doc.with_(events=tuple(final))

    # ------------------------------------------------------------ candidates
    def _candidates(self, doc: Document, sp: Any, tms: list[TokMention], dms: list[TokMention],
                    timexes: dict[int, Any], off: int, state: "_State",
                    quote_speaker: TokMention | None) -> Iterable["_Cand"]:
        hits = list(self.lexicon.match(sp))
        consumed = self.lexicon.consumed(sp, hits)
        hits = [h for h in hits if h.token_i not in consumed or h.entry.pos == "VERB"]
        trigger_heads = {h.token_i for h in hits}
        state.verb_triggers = frozenset(h.token_i for h in hits if h.entry.pos == "VERB")
        hit_types = {h.token_i: h.entry.type for h in hits}
        seen: set[tuple[int, str, str]] = set()
        produced_threat = False
        for hit in hits:
            t = sp[hit.token_i]
            if _inside_mention(tms, t.i) or _is_modifier_of_nonevent(t, trigger_heads) \
                    or any(d.start <= t.i < d.end for d in dms):
                continue  # (a date is no event: "on March 31")
            if (hit.entry.pos == "VERB" and t.tag_ == "VB" and t.dep_ == "ccomp"
                    and any(c.dep_ == "nsubj" for c in t.children) and not any(c.dep_ == "aux" for c in t.children)
                    and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)):
                continue  # "its demand that Israel ease restrictions": what is asked for, not done
            if _idiomatic(t, hit, self.lexicon) or _accidental(t, hit, self.lexicon):
                continue  # "struck a deal", "a methane blast killed 18 miners"
            if hit.entry.pos == "VERB" and t.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") \
                    and any(c.dep_ == "det" for c in t.children):
                continue  # "evacuated the wounded": a participle used as a noun names people
            concrete = hit.entry.pos == "NOUN" and any(c.dep_ == "prep" and c.lower_ == "by" for c in t.children)
            if _embedded_in(t, hit_types, self.lexicon) and not concrete and not (
                    hit.entry.pos == "NOUN" and t.dep_ == "dobj" and hit_types.get(t.head.i) is not None):
                # (an attack "by members of militias on the Embassy" is a concrete report even
                # inside an accusation; "accused them of supporting" is only its content)
                continue  # "threatened to attack", "accused them of supporting": the head event says it
            if (hit.entry.pos == "NOUN" and hit.entry.type == "ASSAULT" and t.dep_ in ("pobj", "dobj")
                    and t.head.lower_ in ("in", "by", "during", "following", "amid")
                    and hit_types.get(t.head.head.i) == "ASSAULT" and t.head.head.pos_ == "VERB"):
                continue  # "was killed following a US airstrike": the strike is that killing
            head_type = hit_types.get(t.head.i) if t.dep_ in ("advcl", "xcomp", "ccomp", "relcl", "acl") else None
            purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
            if head_type is not None and (purpose and (head_type == "MOBILIZE" or head_type == hit.entry.type)
                                          or hit.entry.type == "REQUEST" and head_type in ("PROTEST", "THREATEN")):
                # "will deploy special forces to fight ISIS", "will visit Dakar to mediate": the
                # purpose of the act; "would blockade Paris to demand", "a rally calling for":
                # what the protest or threat is for
                continue
            if (hit.entry.pos == "VERB" and hit.entry.type in HOSTILE
                    and any(c.dep_ == "advmod" and c.lower_ in ("before", "previously", "formerly", "once")
                            for c in t.children)
                    and not any(d.mention.value for d in dms)):
                continue  # "we fought them before": history recalled, undated
            if t.dep_ in ("pcomp", "pobj") and t.head.lower_ in ("for", "of", "with") \
                    and hit_types.get(t.head.head.i) in ("COERCE", "ACCUSE", "SANCTION"):
                continue  # "arrested for collaborating with Israel": the charge, not an act reported
            mod = analyse(t, self.lexicon)
            if mod.question or mod.in_condition:
                continue
            etype, emode = hit.entry.type, hit.entry.mode
            if hit.entry.pos == "VERB":
                act_tok, rec_tok = verbal_roles(t)
                if (hit.entry.needs and rec_tok is not None and rec_tok.dep_ == "dobj"
                        and rec_tok.lemma_.lower() in hit.entry.needs
                        and not any(f.mention.entity_id and f.mention.kind == "actor"
                                    for f in parties_in(rec_tok, tms, ("actor",)))):
                    # "fired three Katyusha rockets at the airport": the object is the word the
                    # trigger needs, the target is after a preposition ("expelled two Russian
                    # diplomats": a needed object naming a party is the target's, and stays)
                    rec_tok = prep_object(t, RECIPIENT_PREPS) or rec_tok
                mods: list[Any] = []
            else:
                carrier = t.head if t.dep_ == "compound" and t.head.lemma_.lower() in EVENT_CARRIERS else t
                act_tok, rec_tok, mods = nominal_roles(carrier, self.lexicon.light_verbs,
                                                       of_is_patient=etype not in MOVERS)
                if etype == "CONSULT" and rec_tok is not None and rec_tok.head.lower_ in ("on", "about", "over"):
                    rec_tok = None  # "talks on Syria": the topic, not the other side
                trip = _trip_verb(t) if etype == "CONSULT" else None
                if trip is not None:
                    # "negotiators return to Geneva for talks", "arrived in Cairo for talks with":
                    # whoever travels holds the talks, with whom the talks are with (or where)
                    act_tok = act_tok or subject_of(trip)
                    rec_tok = rec_tok or prep_object(trip, {"to", "in", "into"})
                if emode == "mediate" and carrier.head.pos_ == "VERB":
                    # "launched a mediation effort between the Emirates and Saudi Arabia": the
                    # parties "between" are mediated, the one who launched it mediates
                    act_tok = subject_of(carrier.head) or act_tok
                    rec_tok = prep_object(carrier, {"between"}) or rec_tok
                if t.dep_ == "pobj" and t.head.lower_ == "behind" and t.head.head.lemma_ == "be":
                    act_tok = subject_of(t.head.head)  # "his group was behind the attack": a claim of it
                if rec_tok is None:
                    rec_tok = _attached_target(t)
                if rec_tok is None and etype == "REQUEST":
                    # "reiterated its demand that Israel ease ...": the one asked is the subject
                    # of the clause, on the noun or on the verb carrying it
                    rec_tok = _ccomp_subject(t) or (_ccomp_subject(t.head) if t.dep_ == "dobj" else None)
                if act_tok is not None and causal_antecedent(t) and not _under(t, act_tok.i, 6):
                    act_tok = None  # "decided how to respond after the killing of ...": not his killing
            # (where the actor is, "a militant group in Iraq", is not who: see _located)
            if (act_tok is not None and act_tok.lower_ in ("you", "one") and not hit.entry.subject_is_recipient
                    and any(c.dep_ == "aux" and c.lower_ in ADVICE_MODALS for c in t.children)):
                continue  # "then you should hold Soleimani responsible": advice, not an act
            more_attacks = (etype == "AGREE" and hit.entry.pos == "VERB" and rec_tok is not None
                            and _hostile_object(rec_tok, self.lexicon) is not None)
            if more_attacks:
                etype, emode = "THREATEN", "threaten"  # "promised more attacks to come"
            if etype == "ACCUSE" and act_tok is not None and _crowd(act_tok, self.lexicon):
                etype, emode = "PROTEST", "demonstrate"  # "thousands of protesters denounce U.S. air strikes"
            actors = parties_in(act_tok, tms, ("actor",), RECIPIENT_PREPS | LOCATIVE_PREPS) if act_tok is not None else []
            if not actors and act_tok is not None:
                actors = self._capital_as_state(doc, act_tok, tms)
            if not actors and t.dep_ == "acl" and t.head.dep_ in ("dobj", "pobj", "attr", "appos"):
                # "released a statement accusing the US": the releaser accuses
                gov = subject_of(t.head.head)
                actors = parties_in(gov, tms, ("actor",)) if gov is not None else []
            if hit.entry.pos == "NOUN" and not any(a.mention.entity_id for a in actors):
                for m in mods:  # "the US assassination of ...", "Israeli strikes"
                    found = parties_in(m, tms, ("actor",))
                    if found and found[0].mention.entity_id:
                        actors = found
                        break
            if rec_tok is None and hit.entry.pos == "VERB" and etype in ("REQUEST", "ACCUSE", "REJECT"):
                rec_tok = _ccomp_subject(t)  # "demanded that the US cancel ..."
            condemned_act = (etype in ("ACCUSE", "REJECT") and rec_tok is not None
                             and _hostile_object(rec_tok, self.lexicon) is not None)
            if condemned_act and rec_tok is not None:
                # "condemned the drone attack on forces at Erbil": the target is whoever attacked
                # ("the Turkish crackdown": the modifier says who)
                inner_act, _, inner_mods = nominal_roles(rec_tok, self.lexicon.light_verbs)
                rec_tok = inner_act or next((m for m in inner_mods if mention_at(tms, m.i, ("actor",))), None)
            by_agent: list[TokMention] = []
            if (etype == "ACCUSE" and not condemned_act and rec_tok is not None and rec_tok.pos_ == "NOUN"
                    and not mention_at(tms, rec_tok.i, ("actor",))):
                by = prep_object(rec_tok, {"by"})
                if by is not None:
                    rec_tok = by  # "investigating alleged war crimes by Croatian extremists"
                    by_agent = parties_in(by, tms, ("actor",))
            denied_claim = (etype == "REJECT" and rec_tok is not None
                            and rec_tok.lemma_.lower() in self.lexicon.anaphoric_claims)
            if denied_claim:
                rec_tok = None  # "denied involvement in the attacks by X": the accuser is the target
            # (a state may investigate its own: the agent named is the target even so)
            recips = by_agent or _doers_before(rec_tok, tms, actors, state.told) or _recipients(rec_tok, tms, actors)
            if not recips and hit.entry.pos == "VERB" and not condemned_act and not denied_claim:
                recips = _complement_recipients(t, tms, actors) or _prepositional_recipients(t, tms, actors)
            if not recips and hit.entry.pos == "NOUN" and etype in MOVERS:
                # "the withdrawal of forces from Panama": a move is towards (or away from) a place
                recips = _prepositional_recipients(t, tms, actors) or next(
                    (f for c in t.subtree if c.dep_ == "prep" and c.lower_ in ("from", "to", "into") and c.i != t.i
                     for g in c.children if g.dep_ == "pobj" for f in [_recipients(g, tms, actors)] if f), [])
            if not recips and etype == "PROTEST":
                recips = _defied(t, tms)  # "blocked streets in defiance of Chinese authorities"
            if not actors and act_tok is not None:
                actors = self._located(doc, act_tok, tms, off) or _named(doc, act_tok, off, self.lexicon.actor_nouns)
            if (not actors and act_tok is not None and act_tok.lower_ in ("it", "they")
                    and (mod.speech_verb is None and quote_speaker is None or hit.entry.subject_is_recipient)):
                # "It also called on Iraq to ...": the actor of the sentences before
                actors = _previous_actor(doc, act_tok, off, recips, self.pack)
            if not recips and rec_tok is not None:
                recips = _facility_antecedent(doc, rec_tok, off, self.pack)
            if not recips and rec_tok is not None and rec_tok.lower_ in ("they", "them", "it"):
                recips = _previous_actor(doc, rec_tok, off, actors, self.pack)
            if not recips and rec_tok is not None:
                recips = _named(doc, rec_tok, off, self.lexicon.actor_nouns)
            if etype == "ASSAULT" and not any(r.mention.kind == "actor" and r.mention.entity_id for r in recips):
                # "shells landed inside the Green Zone near the U.S. embassy": a site someone runs
                # is the target, not the district around it
                operated = _operated_site(t, tms, self.pack)
                if operated:
                    recips = operated
            if hit.entry.pos == "VERB" and etype == "ASSAULT" and act_tok is None and not actors:
                # "was killed in a US drone strike", "killed following an Israeli raid": the one
                # who struck is the one who killed
                actors = _instrument_actor(t, tms, self.lexicon)
            blamed = (_attribution(t, tms, self.lexicon) if etype == "ASSAULT" and hit.entry.pos == "VERB"
                      and not any(a.mention.entity_id for a in actors) else None)
            blamers: list[TokMention] = []
            if blamed is not None:
                actors, blamers = blamed  # (the blame stays an accusation event of its own)
            if (hit.entry.pos == "VERB" and etype in ("RETREAT", "MOBILIZE") and act_tok is None and not actors
                    and any(c.dep_ == "nsubjpass" for c in t.children)):
                # "the ambassador and staff were evacuated": who moves is the one retreating
                actors = [r for r in recips if r.mention.kind == "actor"][:1]
                recips = _host_of(t, tms, self.pack)
            rec_ids = {r.mention.entity_id for r in recips if r.mention.entity_id}
            if len(actors) > 1 and rec_ids:
                # "talks between Iraq and the US": a conjunct that is the recipient is not also an actor
                actors = [a for a in actors if a.mention.entity_id not in rec_ids] or actors[:1]
            source = parties_in(mod.source_tok, tms, ("actor",)) if mod.source_tok is not None else []
            quoted = False
            if not source and quote_speaker is not None and mod.speech_verb is None:
                source = [quote_speaker]
                quoted = True
            elif (not source and state.quote_pronoun is not None and mod.speech_verb is None
                  and inside(state.quotes, doc.offsets.to_orig(off + t.idx))):
                source = [state.quote_pronoun]  # 'It went on ... warning that, "... they will burn"'
                quoted = True
            first_person = act_tok is not None and act_tok.lower_ in FIRST_PERSON and bool(source)
            poss = _child_dep(rec_tok, ("poss",)) if rec_tok is not None else None
            if (poss is not None and poss.pos_ == "PRON" and poss.lower_ in ("their", "its", "his", "her")
                    and etype in HOSTILE | {"THREATEN"}
                    and rec_tok is not None and (rec_tok.lemma_.lower(), "NOUN") not in self.lexicon.by_lemma
                    and not parties_in(rec_tok, tms, ("actor", "facility"), LOCATIVE_PREPS)):
                # "all their interests and facilities in Iraq will be targeted": whose they are,
                # not where
                owner = _previous_actor(doc, poss, off, actors + source, self.pack)
                if owner:
                    recips = owner
            if (hit.entry.pos == "NOUN" and etype in MOVERS and act_tok is None and not actors and source
                    and source[0].mention.entity_id and self._is_state_side(source[0])
                    and self._is_military(source[0])
                    and _own_move(t, self.lexicon, tms, source, self._country) is not None):
                # a spokesman on "the deployment of Patriot launchers in Iraq": his side's move
                actors = source[:1]
            citer = _citing(t) if hit.entry.pos == "NOUN" and etype in HOSTILE | {"THREATEN"} else None
            if citer is not None:
                # "closed its consulate, citing threats from Iran": a reason given is a charge
                # laid by whoever gives it, not a report of the threat itself
                accusers = parties_in(citer, tms, ("actor",))
                if not accusers and citer.pos_ == "PRON":
                    accusers = _previous_actor(doc, citer, off, actors, self.pack)
                if accusers and actors and accusers[0].mention.entity_id and _differs(accusers, actors):
                    yield self._cand("ACCUSE", "allege", t, hit, accusers[:1], actors, accusers[:1], "asserted",
                                     mod, dms, timexes, off, state)
                continue
            if hit.entry.pos == "NOUN" and not _nominal_is_event(t, source if first_person else actors, recips,
                                                                 dms, self.lexicon):
                continue
            if hit.entry.pos == "VERB" and etype == "REQUEST" and rec_tok is not None:
                target = _hostile_object(rec_tok, self.lexicon)
                if target is None and t.lemma_.lower() in COMMAND_VERBS:
                    target = _own_move(rec_tok, self.lexicon, tms, actors, self._country)
                if target is not None:
                    # "ordered the strike": the one who orders is the actor of the strike
                    etype, emode = target.type, target.mode
                    inner = nominal_roles(rec_tok, self.lexicon.light_verbs)[1]
                    recips = _recipients(inner, tms, actors)
            if act_tok is not None and act_tok.lower_ in FIRST_PERSON and source:
                actors = source
            elif (act_tok is not None and act_tok.lemma_.lower() in OWN_FORCES and source and
                  source[0].mention.entity_id and self._is_state_side(source[0])
                  and not any(a.mention.entity_id for a in actors)
                  and not any(c.dep_ in ("amod", "compound", "poss") for c in act_tok.children)):
                actors = source  # the US military: "Forces conducted a strike": its own forces
            elif (act_tok is not None and act_tok.pos_ == "PRON" and source and mod.speech_verb is not None
                  and not any(a.mention.entity_id for a in actors) and act_tok.lower_ in ("it", "they", "he", "she")):
                actors = source  # "Iran says it has launched missiles": the speaker's own act
            status = mod.status
            if blamed is not None and status == "asserted":
                status, source = "claimed", blamers or source  # laid at their door, by whoever blames
            if quoted and status == "asserted" and actors and _differs(source, actors):
                status = "claimed"  # a quotation reports what its speaker says others did
            if hit.entry.subject_is_recipient:
                # "Iran will pay a heavy price": the speaker threatens the subject
                actors, recips = source, actors
                status = "conditional" if _has_condition(t.doc, self.lexicon) else "asserted"
            elif mod.hypothetical and etype not in SPEECH_TYPES:
                # a planned attack reported by someone else is an accusation by the reporter
                if etype in HOSTILE and source and actors and _differs(source, actors) and mod.spec_head in PLAN_HEADS:
                    yield self._cand("ACCUSE", "allege", t, hit, source, actors, source, "asserted", mod, dms, timexes, off, state)
                continue
            elif mod.future and mod.condition_tok is None and not _has_condition(t, self.lexicon) and (
                    etype in ANNOUNCED_MOVES or (etype in DECIDABLE and _decided(t))):
                pass  # "Washington will deploy forces", "announced it will close its consulate": the move itself
            elif mod.future and etype in INTENT_TO_COOPERATE and (
                    mod.condition_tok is None and not _has_condition(t, self.lexicon) or etype != "RETREAT"):
                # "they will release the hostages", "promised to continue aid": intent (AGREE);
                # "would meet the mediator if he ...": an offer on terms, still an agreement
                # offered ("will withdraw unless ..." is leverage: a threat, below)
                conditional = mod.condition_tok is not None or _has_condition(t, self.lexicon)
                emode = f"intend-{emode}"
                etype = "AGREE"
                if conditional:
                    status = "conditional"
                if not actors:
                    actors = source
            elif mod.future and etype not in ("THREATEN", "AGREE", "REQUEST"):
                # an announced future hostile action: a threat by its actor, or by the speaker
                emode = f"threaten-{emode}"
                if etype in CONCESSIVE and source and actors and _differs(source, actors):
                    actors, recips = source, actors  # "will lead to their withdrawal"
                etype = "THREATEN"
                if not actors:
                    actors = source
                if not recips and mod.condition_tok is not None:
                    recips = _condition_agent(mod.condition_tok, tms)
                status = "conditional" if mod.condition_tok is not None else "asserted"
            elif etype == "THREATEN" and not more_attacks:
                if not recips or hit.entry.pos == "VERB" and rec_tok is None:
                    recips = _threat_target(t, tms, mod) or recips
                if not recips:
                    recips = _other_party(t, tms, actors + source, self._country)  # threats name their target
                if mod.condition_tok is not None or _has_condition(t, self.lexicon):
                    status = "conditional"
            if etype == "THREATEN":
                produced_threat = True
                if not recips and not more_attacks:  # (more of the attacks: at their target, below)
                    recips = _other_party(t, tms, actors + source, self._country)
            if mod.negated:
                if mod.speech_verb is None or etype in SPEECH_TYPES:
                    continue
                # a denial: the speaker rejects the claim; the event itself is denied
                if source:
                    yield self._cand("REJECT", "deny", t, hit, source, [], source, "asserted", mod, dms, timexes, off, state)
                continue
            if hit.entry.pos == "NOUN" and etype in SPEECH_TYPES and not actors:
                continue  # "due to threats to ...": no one threatens here
            if not any(p.mention.entity_id for p in actors + recips):
                continue  # nothing resolvable: no one the record could be about
            if etype == "REQUEST" and not recips:
                continue  # an appeal to no one named ("called for calm") is not coded
            if status == "claimed" and source and actors and not _differs(source, actors):
                status = "asserted"
            if (etype in HOSTILE and status == "claimed" and source and actors and _differs(source, actors)
                    and blamed is None  # (the attack's own phrase blames: one event, its actor claimed)
                    and (hit.entry.pos == "VERB" or concrete)  # "an attack by X": laid at X's door
                    and source[0].mention.entity_id and actors[0].mention.entity_id
                    and self._is_state_side(source[0])
                    and self._country(source[0]) != self._country(actors[0])):
                # (a state's side blames another; an agency or a rights group reporting an
                # attack is a witness, not a party accusing)
                # "He said Iran's IRGC ordered the strike": the speaker accuses
                yield self._cand("ACCUSE", "allege", t, hit, source, actors, source, "asserted", mod, dms, timexes, off, state)
            options: list[TokMention | None] = list(actors) if actors else [None]
            for a in options:
                key = (t.i, a.mention.entity_id or "" if a else "", etype)
                if key in seen:
                    continue
                seen.add(key)
                cand = self._cand(etype, emode, t, hit, [a] if a else [], recips, source, status, mod, dms, timexes,
                                  off, state)
                cand.halts_attacks = more_attacks or (etype in CONCESSIVE and rec_tok is not None
                                                      and _hostile_object(rec_tok, self.lexicon) is not None)
                yield cand
        for tok in sp:
            if tok.lemma_.lower() not in self.lexicon.speech_verbs or tok.pos_ != "VERB":
                continue
            for c in tok.children:
                if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in DEONTIC for a in c.children):
                    speaker, addressee = subject_of(tok), _child_dep(c, ("nsubj", "nsubjpass"))
                    acts = parties_in(speaker, tms, ("actor",)) if speaker is not None else []
                    recs = _recipients(addressee, tms, acts)
                    if acts and recs and acts[0].mention.entity_id:
                        mod = analyse(tok, self.lexicon)
                        yield self._cand("REQUEST", "demand", tok, TriggerHit(tok.i, tok.i + 1, _DEMAND_ENTRY),
                                         acts, recs, acts, "asserted", mod, dms, timexes, off, state)
        speaker = quote_speaker or _local_speaker(sp, tms, self.lexicon)
        if not produced_threat and speaker is not None:
            quote_speaker = speaker  # "Austin vowed the US would take all necessary actions"
            idiom = _idiom(sp, self.lexicon.threat_idioms)
            if idiom is not None:
                mod = analyse(idiom, self.lexicon)
                status = "conditional" if _has_condition(sp, self.lexicon) else "asserted"
                recips = _addressee(sp, tms) or _other_party(idiom, tms, [quote_speaker], self._country)
                yield self._cand("THREATEN", "idiom", idiom, TriggerHit(idiom.i, idiom.i + 1, _IDIOM_ENTRY),
                                 [quote_speaker], recips, [quote_speaker], status, mod, dms, timexes, off, state)

    @staticmethod
    def _cand(etype: str, emode: str, t: Any, hit: TriggerHit, actors: list[TokMention], recips: list[TokMention],
              source: list[TokMention], status: str, mod: Modality, dms: list[TokMention], timexes: dict[int, Any],
              off: int, state: "_State") -> "_Cand":
        return _Cand(etype, emode, t, hit, actors, recips, source, status, mod, dms, timexes, off, state)

    # ------------------------------------------------------------ finishing
    def _finish(self, doc: Document, sent: Any, c: "_Cand", tms: list[TokMention]) -> Event:
        date = event_date(doc, c)
        actor = self._office(doc, c, c.actors[0], date) if c.actors else None
        actor = actor or self._party(doc, c.actors[0].mention if c.actors else None, date)
        recipient = None
        location = None
        for r in c.recips:
            m = r.mention
            if m.kind == "actor":
                recipient = self._office(doc, c, r, date) or self._party(doc, m, date)
                break
            if m.kind in ("facility", "place") and m.entity_id:
                place = self.pack.place(m.entity_id)
                location = location or place
                op = _operator(self.pack, m.entity_id) or (place.country if place is not None else None)
                if op and recipient is None:
                    recipient = self._party(doc, Mention(m.start, m.end, "actor", op, m.method), date)
        if (c.etype in MOVERS and actor is not None and recipient is not None and actor.lineage
                and recipient.lineage[-1:] == actor.lineage[-1:]):
            # "closed its consulate in Basra": a move out of one's own site leaves the host state
            host = next((p.country for r in c.recips if r.mention.kind == "facility" and r.mention.entity_id
                         for p in [self.pack.place(r.mention.entity_id)] if p is not None and p.country), None)
            if host and host != actor.lineage[-1]:
                recipient = Party(host, recipient.name, tuple(self.pack.lineage(host, None)) or (host,))
        if location is None:
            location = self._location(c, tms)
        root = self.pack.actor(actor.lineage[-1]) if actor is not None and actor.lineage else None
        if (c.etype == "COERCE" and actor is not None and actor.id and root is not None and root.kind == "country"
                and (recipient is None or recipient.id is None)
                and (location is None or location.country == actor.lineage[-1])):
            # "police dispersed the demonstrators", "the army is holding refugees": repression
            # with no foreign party named falls on the state's own people
            recipient = Party(actor.lineage[-1], recipient.name if recipient is not None else actor.lineage[-1],
                              tuple(self.pack.lineage(actor.lineage[-1], None)) or (actor.lineage[-1],))
        if c.etype == "PROTEST" and (actor is None or actor.id is None) and location is not None and location.country:
            # unnamed protesters are people of the place they march in
            actor = Party(location.country, actor.name if actor is not None else location.name,
                          tuple(self.pack.lineage(location.country, None)) or (location.country,))
        if c.etype == "PROTEST" and recipient is None:
            # a protest naming no target is against the authorities where it happens (or, with
            # no place, of the protesters' own country), as event coders code it
            home = (location.country if location is not None else None) or (
                actor.lineage[-1] if actor is not None and actor.lineage else None)
            state_actor = self.pack.actor(home) if home else None
            if home:
                recipient = Party(home, state_actor.name if state_actor is not None else home,
                                  tuple(self.pack.lineage(home, None)) or (home,))
        source = self._party(doc, c.source[0].mention if c.source else None, date)
        conf = 0.4 + 0.2 * bool(actor and actor.id) + 0.2 * bool(recipient and recipient.id) + 0.1 * bool(date)
        if c.status == "claimed":
            conf -= 0.1
        t = c.tok
        tstart = doc.offsets.to_orig(c.off + t.idx)
        tend = doc.offsets.to_orig(c.off + t.doc[c.hit.end_i - 1].idx + len(t.doc[c.hit.end_i - 1].text))
        cond = None
        if c.mod.condition_tok is not None:
            sub = list(c.mod.condition_tok.subtree)
            cond = t.doc[sub[0].i: sub[-1].i + 1].text
        return Event(
            doc_id=doc.id, event_id="", type=c.etype, mode=c.emode,  # numbered in __call__
            actor=actor, recipient=recipient, date=date, location=location, status=c.status,  # type: ignore[arg-type]
            source=source, confidence=max(0.05, min(conf, 0.99)),
            cameo=self.cameo.code(c.etype, c.emode),
            evidence=Evidence(sent.start, sent.end, doc.text[sent.start:sent.end]),
            trigger=(tstart, tend), condition=cond,
        )

    def _located(self, doc: Document, tok: Any, tms: list[TokMention], off: int) -> list[TokMention]:
        """ "Demonstrators in Baghdad", "opposition parties in Nepal": unnamed people placed in a
        country are coded by that country, as event coders do."""
        if tok.lemma_.lower() not in self.lexicon.actor_nouns:
            return []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "from"):
                for g in c.children:
                    tm = mention_at(tms, g.i, ("place", "actor")) if g.dep_ == "pobj" else None
                    if tm is None or not tm.mention.entity_id:
                        continue
                    place = self.pack.place(tm.mention.entity_id) if tm.mention.kind == "place" else None
                    country = place.country if place is not None else (
                        tm.mention.entity_id if self._country(tm) == tm.mention.entity_id else None)
                    if country:
                        start = doc.offsets.to_orig(off + tok.left_edge.idx)
                        end = doc.offsets.to_orig(off + g.idx + len(g.text))
                        m = Mention(start, end, "actor", country, "located", tok.text)
                        return [TokMention(m, tok.left_edge.i, g.i + 1, tok.i)]
        return []

    def _country(self, tm: TokMention) -> str | None:
        """The state an actor belongs to: the last id of its lineage (a confirmation by one's
        own side is no accusation)."""
        eid = tm.mention.entity_id
        if not eid:
            return None
        lin = self.pack.lineage(eid, None)
        return lin[-1] if lin else eid

    def _from_story(self, ev: Event, cand: "_Cand", events: list[Event]) -> Event:
        """Fill what the sentence leaves to the story told so far (`events`, in text order)."""
        anaphor = _anaphoric_act(cand.tok, self.lexicon) if ev.type == "ASSAULT" else None
        if anaphor == "same":
            # "X was killed in the same strike": the strike just told of, by its striker
            prior = _last(events, "ASSAULT", lambda e: bool(e.actor and e.actor.id))
            if prior is not None:
                ev = replace(ev, actor=ev.actor if ev.actor and ev.actor.id else prior.actor,
                             date=prior.date or ev.date)
        elif anaphor == "definite" and ev.recipient is None:
            # "He said the IRGC ordered the strike": the strike already told of
            prior = _last(events, "ASSAULT", lambda e: bool(e.recipient and e.recipient.id))
            if prior is not None:
                # (the act told of is dated where it was told, not by the story's time now)
                # ("a spokesman said on Tuesday the group was behind the attack": Tuesday is the saying)
                own_date = cand.explicit and cand.mod.speech_verb is None
                ev = replace(ev, recipient=prior.recipient, date=ev.date if own_date else (prior.date or ev.date))
        if ev.type == "THREATEN" and ev.recipient is None and ev.actor is not None:
            # '"We will fight any American force ..." ... "we are ready to resume fighting"':
            # the same speaker's threat goes on at the same target
            me = ev.actor.id
            prior = _last(events[-3:], "THREATEN", lambda e: bool(e.recipient and e.actor and e.actor.id == me))
            if prior is not None:
                ev = replace(ev, recipient=prior.recipient)
        if cand.halts_attacks and ev.recipient is None and ev.actor is not None:
            ev = replace(ev, recipient=_last_target(events, ev.actor, self.pack))
        return ev

    def _pronoun_speaker(self, doc: Document, sp: Any, sent: Any, off: int) -> TokMention | None:
        """ 'It went on to boast about ... and warning that, "..."': a quotation introduced by a
        pronoun is spoken by what the pronoun stands for (the speaker of the sentences before)."""
        text = doc.text[sent.start:sent.end]
        if not any(q in text for q in OPEN_QUOTES):
            return None
        quoted = quoted_spans(doc.text, sent.start, sent.end)
        verbs = self.lexicon.speech_verbs | self.lexicon.quote_introducers
        for tok in sp:
            at = doc.offsets.to_orig(off + tok.idx)
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs or any(a <= at < b for a, b in quoted):
                continue
            subj = subject_of(tok)
            if subj is not None and subj.lower_ in ("it", "they", "he", "she"):
                found = _previous_actor(doc, subj, off, [], self.pack)
                return found[0] if found else None
        return None

    def _dated_by_death(self, doc: Document, ev: Event, cand: "_Cand") -> Event:
        """ "the U.S. later assassinated Suleimani": a killing the text leaves undated (or
        dates only by the story's time) happened on the day the knowledge base records the
        victim's death. A day written in the clause wins; a report published before that
        day is not of the killing."""
        if ev.type != "ASSAULT" or ev.recipient is None or not ev.recipient.id or ev.status == "conditional":
            return ev
        victim = self.pack.actor(ev.recipient.id)
        died = victim.died if victim is not None else None
        if not died or (doc.meta.published and doc.meta.published[:10] < died):
            return ev
        if ev.date and cand.explicit and not died.startswith(ev.date):
            return ev  # the writer dates it otherwise; the text is the evidence
        if ev.mode != "kill" and not _DEATH_WORDS.search(ev.evidence.text):
            return ev
        return replace(ev, date=died)

    def _restated(self, doc: Document, sent: Any, parties: list[Mention], dates: list[Mention],
                  events: list[Event]) -> list[Event]:
        """ "Militias have pledged to fight any US troops. Kata'ib Hezbollah, Badr and Asaib Ahl
        al-Haq made the announcement on Tuesday.": the groups named are the ones who said it."""
        text = doc.text[sent.start:sent.end]
        m = _RESTATEMENT.search(text)
        if m is None or not events:
            return []
        last = events[-1]
        prev = [s for s in doc.sentences if s.end <= sent.start]
        if last.type not in SPEECH_TYPES or not prev or last.evidence.start < prev[-1].start:
            return []  # only what the sentence just before said
        at = sent.start + m.start()
        speakers = [x for x in parties if x.kind == "actor" and x.entity_id and sent.start <= x.start < at]
        written = next((d.value for d in dates if sent.start <= d.start < sent.end and d.value), None)
        when = written or last.date
        if written and last.date is None:
            # "... made the announcement on Tuesday": that dates what was announced
            for i in range(len(events) - 1, -1, -1):
                if events[i].evidence.start < prev[-1].start:
                    break
                if events[i].date is None and events[i].type in SPEECH_TYPES:
                    events[i] = replace(events[i], date=written)
        out: list[Event] = []
        seen = {last.actor.id if last.actor else None}
        for x in speakers:
            if x.entity_id in seen:
                continue
            seen.add(x.entity_id)
            party = self._party(doc, x, when)
            out.append(replace(last, actor=party, source=party, date=when, status="asserted" if last.status in (
                "asserted", "claimed") else last.status, evidence=Evidence(sent.start, sent.end, text),
                trigger=(at, sent.start + m.end()), confidence=max(0.05, last.confidence - 0.1)))
        return out

    def _is_military(self, tm: TokMention) -> bool:
        """A speaker for armed forces (the Pentagon, the IDF): its lineage has a military unit."""
        eid = tm.mention.entity_id
        if not eid:
            return False
        return any(i.split(".")[-1] in MILITARY_UNITS or ".mil." in f"{i}." for i in self.pack.lineage(eid, None))

    def _is_state_side(self, tm: TokMention) -> bool:
        root = self._country(tm)
        actor = self.pack.actor(root) if root else None
        return actor is not None and actor.kind == "country"

    def _capital_as_state(self, doc: Document, tok: Any, tms: list[TokMention]) -> list[TokMention]:
        """ "Beirut again rejected ...": a capital as the subject of an act is its state."""
        tm = mention_at(tms, tok.i, ("place",))
        if tm is None or tm.mention.kind != "place":
            return []
        country = self._capitals().get(doc.text[tm.mention.start:tm.mention.end].lower())
        if country is None:
            return []
        m = tm.mention
        return [TokMention(Mention(m.start, m.end, "actor", country, "metonym", m.label), tm.start, tm.end, tm.head)]

    def _capitals(self) -> dict[str, str]:
        if self._capital_map is None:
            caps: dict[str, str] = {}
            for e in getattr(self.pack, "entries", ()):
                if e.role == "metonym" and e.entity_id and e.kind == "actor":
                    caps.setdefault(e.alias.lower(), e.entity_id)
            self._capital_map = caps
        return self._capital_map

    def _office(self, doc: Document, c: "_Cand", tm: TokMention, date: str | None) -> Party | None:
        """ "the commander of Iran's Quds Force", "Quds Force commander": the one person who
        held that office on the event's day (else None: the organisation stays the party)."""
        if tm.head < 0 or not tm.mention.entity_id or tm.mention.kind != "actor":
            return None
        tok = c.tok.doc[tm.head]
        role = None
        if tok.dep_ in ("compound", "poss", "nmod") and tok.head.i != tok.i:
            role = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.i != tok.head.i:
            role = tok.head.head
        titles = self.lexicon.office_titles.get(role.lemma_.lower()) if role is not None else None
        if role is None or not titles or role.tag_ in ("NNS", "NNPS"):
            return None
        mods = {x.lower_ for x in role.children if x.dep_ in ("det", "amod", "compound", "advmod")}
        if mods & {"a", "an", "one", "another", "former", "ex", "late", "new", "acting", "interim", "then"}:
            return None  # not the one office holder of the day ("a commander", "the former head")
        day = day_of(date) or day_of(doc.meta.published)
        org = self.pack.actor(tm.mention.entity_id)
        if day is None or org is None or org.kind == "person":
            return None
        person = self.pack.holder(org.id, titles, day, deputy="deputy" in mods)
        if person is None:
            return None
        start = doc.offsets.to_orig(c.off + role.left_edge.idx)
        end = doc.offsets.to_orig(c.off + role.right_edge.idx + len(role.right_edge.text))
        lineage = self.pack.lineage(person, day)
        return Party(person, doc.text[start:end], tuple(lineage) or (person,))

    def _party(self, doc: Document, m: Mention | None, date: str | None) -> Party | None:
        if m is None:
            return None
        name = doc.text[m.start:m.end]
        if not m.entity_id:
            return Party(None, name, ())
        lineage = self.pack.lineage(m.entity_id, day_of(date) or day_of(doc.meta.published))
        return Party(m.entity_id, name, tuple(lineage) or (m.entity_id,))

    def _location(self, c: "_Cand", tms: list[TokMention]) -> Place | None:
        """The facility or place named in the trigger's clause, nearest first ("attacked a base
        near Kirkuk"; for a noun, the clause of the verb carrying it: "killed in Baghdad in a strike")."""
        t = c.tok
        clause = t.head if t.pos_ in ("NOUN", "PROPN") and t.head.pos_ in ("VERB", "AUX") else t
        span = {x.i for x in clause.subtree}
        places = [tm for tm in tms if tm.mention.kind in ("facility", "place") and tm.mention.entity_id
                  and tm.head in span]
        for tm in sorted(places, key=lambda tm: (tm.mention.kind != "facility", abs(tm.head - t.i))):
            p = self.pack.place(tm.mention.entity_id or "")
            if p is not None:
                return p
        for r in c.recips:
            # "rocket attacks on the facility": the facility named before, where it was hit
            # (_facility_antecedent keeps its id in the label)
            if r.mention.method == "coref" and r.mention.label:
                p = self.pack.place(r.mention.label)
                if p is not None and p.kind == "facility":
                    return p
        return None


@dataclass
class _State:
    last_date: str | None
    paragraph: int = -2
    par_date: str | None = None
    verb_triggers: frozenset[int] = frozenset()  # token indexes of the sentence's verbal triggers
    told: list[Event] = field(default_factory=list)  # this sentence's events so far, in text order
    quotes: list[tuple[int, int]] = field(default_factory=list)  # this sentence's quotations
    quote_pronoun: TokMention | None = None  # who a pronoun introducing them stands for


@dataclass
class _Cand:
    etype: str
    emode: str
    tok: Any
    hit: TriggerHit
    actors: list[TokMention]
    recips: list[TokMention]
    source: list[TokMention]
    status: str
    mod: Modality
    dms: list[TokMention]
    timexes: dict[int, Any]
    off: int
    state: _State
    explicit: bool = False  # the date came from a date written in this clause
    unknowable: bool = False  # a date is written but cannot be resolved: never inherit one
    antecedent: bool = False  # told in a clause of what came before ("after X were killed")
    halts_attacks: bool = False  # "suspending its attacks", "promised more attacks": at their target


def _inside_mention(tms: list[TokMention], i: int) -> bool:
    return any(tm.start <= i < tm.end and tm.end - tm.start > 1 for tm in tms)


def _is_modifier_of_nonevent(t: Any, trigger_heads: set[int]) -> bool:
    """ "attack plans", "strike group": a nominal trigger modifying a non-event noun;
    "its long-threatened invasion", "the besieged town": a participle describing a noun."""
    if t.dep_ == "amod" and t.tag_ in ("VBN", "JJ") and t.head.pos_ in ("NOUN", "PROPN"):
        return True
    return t.pos_ in ("NOUN", "PROPN") and t.dep_ == "compound" and t.head.i not in trigger_heads \
        and t.head.lemma_.lower() not in EVENT_CARRIERS


def _has_condition(t: Any, lex: TriggerLexicon) -> bool:
    marks = lex.conditional_marks
    toks = t.subtree if hasattr(t, "subtree") else t
    for tok in toks:
        if tok.lower_ in marks and tok.dep_ in ("mark", "advmod", "aux"):
            return True
    toks = t.subtree if hasattr(t, "subtree") else t
    return any(tok.lower_ == "event" and tok.head.lower_ == "in" for tok in toks)


def _condition_agent(cond: Any, tms: list[TokMention]) -> list[TokMention]:
    """The subject of an if-clause: "if the US strikes" -> the US is the threat's target."""
    for c in cond.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return parties_in(c, tms, ("actor",))
    for c in cond.subtree:
        if c.dep_ == "pobj":
            found = parties_in(c, tms, ("actor",))
            if found:
                return found
    return []


def _threat_target(t: Any, tms: list[TokMention], mod: Modality) -> list[TokMention]:
    """Whom a threat is aimed at: the object of the threatened action, else the
    agent of the condition ("threatened to retaliate if the US strikes")."""
    for c in t.children:
        if c.dep_ in ("xcomp", "ccomp"):
            _, rec = verbal_roles(c)
            if rec is not None:
                found = parties_in(rec, tms)
                if found:
                    return found
    cond = mod.condition_tok
    if cond is None:
        for tok in t.subtree:
            if tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in tok.children):
                cond = tok
                break
    if cond is not None:
        found = _condition_agent(cond, tms)
        if found:
            return found
    skip = {x.i for x in cond.subtree} if cond is not None else set()
    for c in t.children:
        if c.dep_ in ("xcomp", "ccomp", "dobj"):
            for g in c.subtree:
                if g.i not in skip and g.dep_ in ("dobj", "pobj"):
                    found = parties_in(g, tms, ("actor",))
                    if found:
                        return found
    return []


def _operator(pack: ActorIndex, place_id: str) -> str | None:
    ops = getattr(pack, "operators", None) or {}
    return ops.get(place_id)


def _citing(n: Any) -> Any | None:
    """The subject of "citing"/"blaming" when noun `n` is the reason it gives."""
    tok = n
    for _ in range(4):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ == "VERB" and tok.lemma_.lower() == "cite":
            return subject_of(tok)
        if tok.pos_ not in ("VERB", "AUX") and tok.dep_ not in ("attr", "dobj"):
            return None
    return None


def _last_target(events: list[Event], actor: Party, pack: ActorIndex) -> Party | None:
    """Whom the actor (or a group it belongs to, short of a state) attacked last in the text."""
    mine = {i for i in actor.lineage if (a := pack.actor(i)) is None or a.kind != "country"}
    attacks = [e for e in events if e.type == "ASSAULT" and e.recipient is not None and e.recipient.id
               and e.status != "denied" and not set(e.recipient.lineage) & set(actor.lineage)]
    for e in reversed(attacks):
        if e.actor is not None and mine & set(e.actor.lineage):
            return e.recipient
    # else the attacks the story has just told of ("a group attacked the base ... The main
    # group announced it was suspending its attacks")
    return attacks[-1].recipient if attacks else None


TRIP_VERBS = {"arrive", "travel", "fly", "go", "head", "return", "come", "gather", "meet", "convene", "sit"}


def _trip_verb(n: Any) -> Any | None:
    """The verb of travel a meeting noun is the purpose of ("flew to Doha for talks")."""
    if n.dep_ == "pobj" and n.head.lower_ == "for" and n.head.head.pos_ == "VERB" \
            and n.head.head.lemma_.lower() in TRIP_VERBS:
        return n.head.head
    return None


_DEATH_WORDS = re.compile(r"\b(kill|assassinat|death|died|dead\b|slain)", re.I)


def _last(events: list[Event], etype: str, ok: Callable[[Event], bool]) -> Event | None:
    return next((e for e in reversed(events) if e.type == etype and ok(e)), None)


def _anaphoric_act(t: Any, lex: TriggerLexicon) -> str | None:
    """ "the same strike" -> "same"; "the strike", "that attack", "ordered the strike" ->
    "definite" (an attack the text has named: no target of its own); else None."""
    pobjs = [g for c in t.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for n in [t] + pobjs:
        if _hostile_object(n, lex) is not None and any(c.lower_ == "same" for c in n.children):
            return "same"
    for n in [t] + [c for c in t.children if c.dep_ == "dobj"]:
        if (_hostile_object(n, lex) is not None
                and any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in n.children)
                and not any(c.dep_ == "prep" and c.lower_ in ("on", "against", "at") for c in n.children)):
            return "definite"
    return None


def _idiomatic(t: Any, hit: TriggerHit, lex: TriggerLexicon) -> bool:
    objects = lex.idiomatic_objects.get(t.lemma_.lower(), frozenset()) if hit.entry.pos == "VERB" else frozenset()
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in objects for c in t.children)


def _accidental(t: Any, hit: TriggerHit, lex: TriggerLexicon) -> bool:
    """An accident reported with the words of an attack: its cause is no one's act."""
    if hit.entry.type != "ASSAULT" or not lex.accident_words:
        return False
    if hit.entry.pos == "NOUN":
        heads = [t]
    else:
        subj = subject_of(t)  # ("a typhoon poised to strike Japan": inherited through "poised")
        agent = next((g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        raised = _child_dep(t.head, ("nsubjpass", "nsubj")) if t.dep_ == "xcomp" else None  # "is poised to strike"
        heads = [h for h in (subj, agent, raised) if h is not None]
    for h in heads:
        head = h.lemma_.lower()
        if head in lex.accident_words:
            return True
        mods = {c.lemma_.lower() for c in h.children if c.dep_ in ("compound", "amod", "nmod")}
        if head in lex.accident_prone and mods & lex.accident_modifiers:
            return True
    return False


PROTEST_OBJECTS = {"defiance", "disapproval", "protest", "opposition", "anger", "outrage", "rejection"}


def _defied(t: Any, tms: list[TokMention]) -> list[TokMention]:
    """ "in defiance of Chinese authorities", "to show their disapproval of US policies": whom
    a protest is against."""
    for sub in t.head.subtree if t.head.i != t.i else t.subtree:
        g = prep_object(sub, {"of", "for", "against", "at", "to", "over"}) \
            if sub.lower_ in PROTEST_OBJECTS and sub.i != t.i else None
        found = parties_in(g, tms, ("actor",)) if g is not None else []
        if found:
            return found
    return []


def _instrument_actor(t: Any, tms: list[TokMention], lex: TriggerLexicon) -> list[TokMention]:
    for c in t.children:
        if c.lower_ not in ("in", "by", "during", "following", "after", "amid"):
            continue
        for n in c.children:
            if n.dep_ not in ("pobj", "dobj") or _hostile_object(n, lex) is None:
                continue
            for m in n.children:
                if m.dep_ in ("compound", "amod", "nmod", "poss"):
                    tm = mention_at(tms, m.i, ("actor",))
                    if tm is not None and tm.mention.entity_id:
                        return [tm]
    return []


def _attribution(t: Any, tms: list[TokMention],
                 lex: TriggerLexicon) -> tuple[list[TokMention], list[TokMention]] | None:
    """(blamed, blamers) for an attack whose own phrase says whose it was:
    "killed a contractor, an attack the U.S. blamed on Kataib Hezbollah" (a clause on an attack
    noun of the trigger's phrase), "killed in a drone attack ..., attributed to the group" (a
    participle on the trigger)."""
    nouns = [t] + [n for n in t.subtree if n.i != t.i and n.pos_ == "NOUN" and _hostile_object(n, lex) is not None
                   and not _verb_between(n, t)]
    for n in nouns:
        for v in n.children:
            if v.lemma_.lower() not in lex.attribution_verbs or v.dep_ not in ("relcl", "acl", "advcl"):
                continue
            if v.dep_ == "advcl" and (n.i != t.i or v.tag_ != "VBN"):
                continue  # ("..., blaming Iran": the speaker's own accusation, kept as one)
            on = prep_object(v, {"on", "to"})
            blamed = parties_in(on, tms, ("actor",)) if on is not None else []
            if not blamed or not blamed[0].mention.entity_id:
                continue
            subj = next((c for c in v.children if c.dep_ == "nsubj" and c.lower_ not in ("that", "which")), None)
            agent = prep_object(v, {"by"})
            who = subj if subj is not None else agent
            blamers = parties_in(who, tms, ("actor",)) if who is not None else []
            return blamed[:1], [b for b in blamers if b.mention.entity_id][:1]
    return None


def _verb_between(n: Any, top: Any) -> bool:
    """A verb on the path up from `n` to its ancestor `top` (n then belongs to another clause)."""
    a = n.head
    while a.i != top.i and a.head.i != a.i:
        if a.pos_ in ("VERB", "AUX"):
            return True
        a = a.head
    return False


def _host_of(t: Any, tms: list[TokMention], pack: ActorIndex) -> list[TokMention]:
    """The place a move is out of ("evacuated from their embassy in Baghdad"): its state."""
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "out"):
            for sub in c.subtree:
                tm = mention_at(tms, sub.i, ("place", "facility"))
                if tm is not None and tm.mention.entity_id:
                    place = pack.place(tm.mention.entity_id)
                    if place is not None and place.country:
                        m = tm.mention
                        return [TokMention(Mention(m.start, m.end, "actor", place.country, m.method), tm.start,
                                           tm.end, tm.head)]
    return []


def _doers_before(rec_tok: Any | None, tms: list[TokMention], actors: list[TokMention],
                  told: list[Event]) -> list[TokMention]:
    """ "After a group attacked the base, the commander persuaded them to call off the attack":
    a plural pronoun object stands for who acted earlier in the sentence, not for their target
    (the parser may hide that actor's subjecthood: "The day after a group attacked ...")."""
    if rec_tok is None or rec_tok.lower_ not in ("them", "they"):
        return []
    mine = {a.mention.entity_id for a in actors}
    for ev in reversed(told):
        aid = ev.actor.id if ev.actor else None
        if not aid or aid in mine:
            continue
        hit = [tm for tm in tms if tm.mention.entity_id == aid and tm.end <= rec_tok.i]
        if hit:
            return hit[-1:]
    return []


def _crowd(n: Any, lex: TriggerLexicon) -> bool:
    """ "protesters", "thousands of protesters", "a crowd of mourners"."""
    of = prep_object(n, {"of"})
    return n.lemma_.lower() in lex.crowd_nouns or (of is not None and of.lemma_.lower() in lex.crowd_nouns)


def _outside(m: Mention) -> TokMention:
    """A speaker named in another sentence: no tokens here."""
    return TokMention(m, -1, -1, -1)


def _differs(a: list[TokMention], b: list[TokMention]) -> bool:
    return a[0].mention.entity_id != b[0].mention.entity_id


def _attached_target(n: Any) -> Any | None:
    """ "attacks by members of militias on the Embassy": an on/against phrase under the noun."""
    for tok in n.subtree:
        if tok.dep_ == "prep" and tok.lower_ in ("on", "against", "targeting") and tok.head.i != n.i:
            for g in tok.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _idiom(sp: Any, idioms: tuple[str, ...]) -> Any | None:
    low = sp.text.lower()
    for phrase in idioms:
        i = low.find(phrase)
        if i != -1:
            span = sp.char_span(i, i + len(phrase), alignment_mode="expand")
            if span is not None and len(span):
                return span.root
    return None


def _link_denials(events: list[Event]) -> list[Event]:
    """A denial without a target answers the last accusation against the denier."""
    out: list[Event] = []
    for e in events:
        if e.type == "REJECT" and e.recipient is None and e.actor and e.actor.id:
            charges = [p for p in out if p.type == "ACCUSE" and p.recipient and p.actor and p.actor.id
                       and e.actor.id not in p.actor.lineage]
            mine = [p for p in charges if p.recipient is not None and e.actor.id in p.recipient.lineage]
            # the charge against the denier, else the story's last charge ("the US blamed the
            # militias ... Iran has denied involvement in the attacks")
            answered = (mine or charges)[-1:]
            if answered:
                e = replace(e, recipient=answered[0].actor)
        out.append(e)
    return out


def _recipients(rec_tok: Any | None, tms: list[TokMention], actors: list[TokMention]) -> list[TokMention]:
    """Mentions heading the recipient phrase; locative modifiers only as a last resort."""
    if rec_tok is None:
        return []
    owner = _owner(rec_tok, tms)
    if owner:
        return owner  # "offices belonging to Iranian-backed militias": whose they are
    found = parties_in(rec_tok, tms, ("actor", "facility", "place"), LOCATIVE_PREPS)
    if not found and rec_tok.dep_ == "appos":
        # "Ein al-Asad, the base that was attacked by Iran": the name the phrase stands beside
        found = parties_in(rec_tok.head, tms, ("actor", "facility", "place"), LOCATIVE_PREPS)
    if not any(f.mention.entity_id for f in found):
        # an unknown name placed somewhere ("inspectors to the Esfahan facilities in central
        # Iran"): where it is tells whose it is
        found = [f for f in parties_in(rec_tok, tms) if f.mention.entity_id] or found
    ids = {a.mention.entity_id for a in actors}
    if len(actors) == 1:
        # one actor cannot be its own target; with conjoined actors the caller sorts it out
        found = [f for f in found if f.mention.entity_id not in ids or not f.mention.entity_id]
    if not found and rec_tok.pos_ == "PRON" and rec_tok.lower_ in ("them", "it", "they", "him", "her"):
        # "Although X and Y are ..., Z designated them": the nearest earlier actor of the sentence
        sp = rec_tok.doc
        own = [(sp[a.head].left_edge.i, sp[a.head].right_edge.i) for a in actors if a.head >= 0]
        earlier = [tm for tm in tms if tm.end <= rec_tok.i and tm.mention.kind == "actor"
                   and tm.mention.entity_id not in ids
                   and not any(lo <= tm.head <= hi for lo, hi in own)]  # not "the commander of Iran's ..."
        # the subject of an earlier clause is the likelier antecedent ("a group attacked the
        # base ..., and the commander persuaded them"), else the nearest name
        subjects = [tm for tm in earlier if sp[tm.head].dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            found = [subjects[-1]]
        elif earlier:
            found = [earlier[-1]] if rec_tok.lower_ != "them" else earlier[-2:]
    return found


OWNING_VERBS = {"belong", "own", "run", "operate", "use", "affiliate", "link", "house", "occupy", "control"}


def _owner(tok: Any, tms: list[TokMention]) -> list[TokMention]:
    for c in tok.children:
        g = prep_object(c, {"to", "by", "with"}) if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in OWNING_VERBS \
            else None
        found = parties_in(g, tms, ("actor",)) if g is not None else []
        if found and found[0].mention.entity_id:
            return found
    return []


def _own_move(tok: Any, lex: TriggerLexicon, tms: list[TokMention], actors: list[TokMention],
              country: Callable[[TokMention], str | None]) -> TriggerEntry | None:
    """ "ordered the relocation of diplomatic personnel": a command over one's own people is
    the move itself, by whoever commands; "ordered the withdrawal of US troops" given by
    another state stays a demand on the US."""
    entry = next((e for e in lex.by_lemma.get((tok.lemma_.lower(), "NOUN"), []) if e.type in MOVERS), None)
    if entry is None:
        return None
    own = {country(a) for a in actors}
    for sub in tok.subtree:
        tm = mention_at(tms, sub.i, ("actor",))
        if tm is None or not tm.mention.entity_id or country(tm) in own:
            continue
        if any(a.dep_ == "prep" and a.lower_ in LOCATIVE_PREPS | {"from", "to"}
               for a in sub.ancestors if tok.i != a.i and tok.left_edge.i <= a.i <= tok.right_edge.i):
            continue  # "personnel in Iraq": where they are, not whose they are
        return None
    return entry


def _hostile_object(tok: Any, lex: TriggerLexicon) -> TriggerEntry | None:
    for e in lex.by_lemma.get((tok.lemma_.lower(), "NOUN"), []):
        if e.type in HOSTILE:
            return e
    return None


TERMINAL = (".", "!", "?", '"', "”", ":")


def _is_headline(doc: Document, sent: Any) -> bool:
    """Headlines repeat the story in Title Case; their events are the body's."""
    for z in doc.zones:
        if z.start <= sent.start < z.end and z.label == "title":
            return True
    text = doc.text[sent.start:sent.end].strip()
    first_body = next((z.start for z in doc.zones if z.kind == "body"), 0)
    before = [ln.strip() for ln in doc.text[first_body:sent.start].splitlines() if ln.strip()]
    if not text.endswith(TERMINAL) and doc.text[sent.end:sent.end + 1] in ("\n", "\r") \
            and len(before) <= 3 and all(not ln.endswith(TERMINAL) for ln in before):
        return True  # the opening lines, standing alone without a full stop: kicker and headline
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < 4 or text.endswith((".", "!", "?", '"', "”")):
        return False
    caps = sum(w[0].isupper() for w in words if len(w) > 3)
    return caps >= 0.8 * sum(1 for w in words if len(w) > 3)


def _complement_recipients(t: Any, tms: list[TokMention], actors: list[TokMention]) -> list[TokMention]:
    """ "offered to hand over to Britain", "agreed to reopen its border to Eritrea"."""
    for c in t.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            _, rec = verbal_roles(c)
            found = _recipients(rec, tms, actors)
            if found:
                return found
            for g in c.children:
                if g.dep_ in ("prep", "dative") and g.lower_ in ("to", "with", "on", "against", "for"):
                    for p in g.children:
                        if p.dep_ == "pobj":
                            found = _recipients(p, tms, actors)
                            if found:
                                return found
    return []


def _child_dep(tok: Any, deps: tuple[str, ...]) -> Any | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _ccomp_subject(t: Any) -> Any | None:
    """The subject of a "that" clause under `t` ("demanded that the US cancel", "its demand
    that Yemen lift")."""
    for c in t.children:
        if c.dep_ == "ccomp" or c.dep_ == "acl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            return _child_dep(c, ("nsubj", "nsubjpass"))
    return None


def _nominal_is_event(n: Any, actors: list[TokMention], recips: list[TokMention], dms: list[TokMention],
                      lex: TriggerLexicon) -> bool:
    """A noun such as "attack" or "threat" is an event mention only when the text anchors it:
    carried by a light verb, or with an agent and a target or date, or dated itself.
    "citing threats from Iran", "the threat from the group is intriguing": no event."""
    head = n.head
    if head.i != n.i and head.pos_ in ("VERB", "AUX"):
        lemma = head.lemma_.lower()
        if n.dep_ in ("dobj", "nsubjpass") and lemma in lex.light_verbs:
            return True
        if n.dep_ in ("dobj", "pobj") and (lemma, "VERB") in lex.by_lemma:
            return False  # "condemned the attack", "suspending its attacks": the verb is the event
        if n.dep_ == "dobj" and lemma in lex.speech_verbs and any(r.mention.entity_id for r in recips):
            return True  # "Iraqi media reported another strike against Basra airport"
    resolved_actor = any(a.mention.entity_id for a in actors)
    resolved_target = any(r.mention.entity_id for r in recips)
    if resolved_actor and n.dep_ == "pobj" and n.head.lower_ == "behind" and n.head.head.lemma_ == "be":
        return True  # "the group was behind the attack": responsibility for an act the story told
    if resolved_actor and _trip_verb(n) is not None:
        return True  # "arrived in Moscow for talks"
    if resolved_actor and _decreed(n):
        return True  # "I have directed that a relocation of personnel take place"
    if resolved_actor and n.lemma_.lower() in lex.mover_nouns and any(
            c.dep_ == "prep" and c.lower_ in ("in", "to", "into", "from", "out")
            and any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in c.children) for c in n.subtree):
        return True  # "the deployment of launchers in Iraq": a move with a where
    dated = any(n.i <= d.head <= n.right_edge.i or _under(n, d.head) for d in dms)
    if resolved_actor and (resolved_target or dated):
        return True
    if dated and (resolved_actor or resolved_target):
        return True
    if resolved_target and causal_antecedent(n) and n.head.lower_ in ("after", "following"):
        return True  # "decided how to respond after the killing of three American soldiers"
    # "killed in a drone attack on Tower 22": the circumstance of a reported outcome,
    # unless the verb it hangs on is an event of the same kind already
    if n.dep_ == "pobj" and n.head.lower_ in ("in", "during", "by") and resolved_target:
        gov = n.head.head
        return not (gov.pos_ == "VERB" and any(e.type in ("ASSAULT", "COERCE")
                                                for e in lex.by_lemma.get((gov.lemma_.lower(), "VERB"), [])))
    return False


def _decreed(n: Any) -> bool:
    """Is the noun the content of an order or announcement ("ordered the evacuation of",
    "announced that a pullout would begin")?"""
    tok = n
    for _ in range(3):
        if tok.head.i == tok.i:
            return False
        dep, tok = tok.dep_, tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            return False
        if (tok.lemma_.lower() in DECREE_VERBS or tok.lemma_.lower() in GOVERNING_VERBS) \
                and dep in ("dobj", "nsubj", "nsubjpass", "ccomp"):
            return True
        if dep not in ("nsubj", "nsubjpass", "ccomp", "dobj"):
            return False
    return False


def _under(n: Any, i: int, depth: int = 4) -> bool:
    tok = n.doc[i]
    for _ in range(depth + 1):
        if tok.i == n.i:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _named(doc: Document, tok: Any, off: int, actor_nouns: frozenset[str]) -> list[TokMention]:
    """An argument no gazetteer entry covers, kept by its surface name (id null):
    a proper name, or a noun that names people ("gunmen", "protesters")."""
    if not (tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and tok.lemma_.lower() in actor_nouns)):
        return []
    left = tok
    for c in tok.lefts:
        if c.dep_ in ("compound", "amod", "nmod") and c.i < left.i:
            left = c
    start = doc.offsets.to_orig(off + left.idx)
    end = doc.offsets.to_orig(off + tok.idx + len(tok.text))
    m = Mention(start, end, "actor", None, "syntax", tok.text)
    return [TokMention(m, left.i, tok.i + 1, tok.i)]


SHIFT_WORDS = {"later", "earlier", "previously", "before", "since", "ago", "once", "formerly", "past", "recently", "last"}


def _inherits_date(c: _Cand) -> bool:
    """Past-tense narration with no word moving the time away from the paragraph's date."""
    t = c.tok
    if any(w.lower_ in SHIFT_WORDS for w in t.sent):
        return False
    speech = c.mod.speech_verb
    if speech is not None and speech.tag_ in ("VBD", "VBN") and (c.mod.future or c.etype in SPEECH_TYPES):
        return True  # what someone said, announced or threatened dates from the saying
    verb = t if t.pos_ in ("VERB", "AUX") else t.head
    for _ in range(3):  # "issued a statement threatening ...": the participle takes its head's tense
        # ("directed that a relocation take place": a mandative bare verb takes its head's too)
        if (verb.tag_ in ("VBG", "VB") and verb.dep_ in ("acl", "advcl", "xcomp", "conj", "pcomp")
                or verb.tag_ == "VB" and verb.dep_ == "ccomp" and not any(c.dep_ == "aux" for c in verb.children)) \
                and verb.head.i != verb.i:
            verb = verb.head if verb.head.pos_ in ("VERB", "AUX") else verb.head.head
        else:
            break
    if verb.tag_ not in ("VBD", "VBN"):
        return False
    return not (c.mod.future or c.mod.hypothetical or c.status == "conditional")


def _embedded_in(t: Any, hit_types: dict[int, str], lex: TriggerLexicon) -> bool:
    """Is `t` the content of a threat, accusation, denial or request trigger above it?"""
    if t.dep_ == "xcomp" and any(c.dep_ == "dobj" and hit_types.get(c.i) in EMBEDDING_TYPES
                                 for c in t.head.children):
        return True  # "stepped up its threats to strike": the infinitive belongs to "threats"
    tok = t
    for _ in range(6):
        if tok.head.i == tok.i:
            return False
        if (tok.dep_ == "advcl" and is_past(tok)
                and any(c.dep_ == "mark" and c.lower_ in lex.circumstance_marks for c in tok.children)):
            return False  # "condemned the groups after three soldiers were killed": when, not what
        tok = tok.head
        if hit_types.get(tok.i) in EMBEDDING_TYPES:
            return True
        if tok.dep_ in ("ROOT",):
            return False
    return False


def _decided(t: Any) -> bool:
    """ "has announced it will close": a decision reported by its maker."""
    tok = t
    for _ in range(4):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.pos_ == "VERB" and tok.lemma_.lower() in DECISION_VERBS:
            return True
    return False


def _addressee(sp: Any, tms: list[TokMention]) -> list[TokMention]:
    """ "told Tehran, '...'": the object of a verb of saying is whom the words are aimed at."""
    for tok in sp:
        if tok.lemma_.lower() in ("tell", "warn", "advise", "inform", "threaten") and tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ in ("dobj", "dative"):
                    found = parties_in(c, tms, ("actor",))
                    if found:
                        return found
    return []


DIRECTIONAL = ("to", "toward", "towards", "against", "with", "on", "into", "from", "for")
LOCATIVE = ("in", "inside", "near", "at")


def _prepositional_recipients(t: Any, tms: list[TokMention], actors: list[TokMention]) -> list[TokMention]:
    """ "send arms to Pakistan", "withdraw its force from Chad", "lifted a curfew in Montenegro":
    the party a prepositional phrase of the verb (or of its object) points at."""
    heads = [t] + [c for c in t.children if c.dep_ == "dobj"]
    for preps in (DIRECTIONAL, LOCATIVE):
        for h in heads:
            for c in h.children:
                if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                    for g in c.children:
                        if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME"):
                            found = _recipients(g, tms, actors)
                            if found:
                                return found
    return []


def _drop_less_informative(events: list[Event], sentence_start: int) -> None:
    """In one sentence, an event that another of the same type and actor (or recipient)
    says more about is a duplicate: "began a hunger strike to protest against Sweden"."""
    sent = events[sentence_start:]
    keep = []
    for e in sent:
        dominated = any(
            o is not e and o.type == e.type and _near(o, e) and (
                (e.recipient is None and o.recipient is not None and _same(o.actor, e.actor)) or
                (e.actor is None and o.actor is not None and _same(o.recipient, e.recipient)) or
                (e.actor is not None and not e.actor.id and o.actor is not None and o.actor.id
                 and _same(o.recipient, e.recipient)) or
                # a protest coded against the protesters' own state only for want of a target
                (e.type == "PROTEST" and _self_directed(e) and not _self_directed(o) and _same(o.actor, e.actor)))
            for o in sent)
        if not dominated:
            keep.append(e)
    events[sentence_start:] = keep


def _self_directed(e: Event) -> bool:
    return bool(e.actor and e.recipient and e.actor.lineage and e.recipient.id == e.actor.lineage[-1])


def _same(a: Party | None, b: Party | None) -> bool:
    return (a.id if a else None) == (b.id if b else None)


def _near(a: Event, b: Event) -> bool:
    """Triggers close enough to describe one occurrence ("a hunger strike to protest")."""
    if not a.trigger or not b.trigger:
        return True
    return abs(a.trigger[0] - b.trigger[0]) <= 120


FACILITY_NOUNS = {"consulate", "embassy", "base", "airport", "compound", "camp", "facility", "mission", "airbase",
                  "site", "installation"}
GENERIC_FACILITY = {"facility", "compound", "site", "installation"}  # any site named before


def _facility_antecedent(doc: Document, tok: Any, off: int, pack: ActorIndex) -> list[TokMention]:
    """ "rockets landed near the consulate": the consulate named earlier in the document."""
    lemma = tok.lemma_.lower()
    if lemma not in FACILITY_NOUNS or not any(c.lower_ == "the" for c in tok.children):
        return []
    here = doc.offsets.to_orig(off + tok.idx)
    for m in sorted((m for m in doc.mentions if m.kind == "facility" and m.entity_id and m.end <= here),
                    key=lambda m: m.start, reverse=True):
        if lemma in GENERIC_FACILITY or lemma in doc.text[m.start:m.end].lower() or lemma in (m.entity_id or ""):
            op = _operator(pack, m.entity_id or "")
            place = pack.place(m.entity_id or "")
            eid = op or (place.country if place is not None else None)
            if eid:
                start, end = here, doc.offsets.to_orig(off + tok.idx + len(tok.text))
                return [TokMention(Mention(start, end, "actor", eid, "coref", m.entity_id or ""), tok.i, tok.i + 1, tok.i)]
    return []


def _other_party(t: Any, tms: list[TokMention], exclude: list[TokMention],
                 country_of: Callable[[TokMention], str | None]) -> list[TokMention]:
    """The nearest other resolved actor of the sentence, after the trigger first; never one of
    the threatener's own side ("Austin vowed the US would take all necessary actions")."""
    ids = {e.mention.entity_id for e in exclude}
    sides = {country_of(e) for e in exclude if e.mention.entity_id}
    cands = [tm for tm in tms if tm.mention.kind == "actor" and tm.mention.entity_id
             and tm.mention.entity_id not in ids and country_of(tm) not in sides]
    after = [tm for tm in cands if tm.start > t.i]
    before = [tm for tm in cands if tm.end <= t.i]
    if after:
        return [after[0]]
    return [before[-1]] if before else []


def _local_speaker(sp: Any, tms: list[TokMention], lex: TriggerLexicon) -> TokMention | None:
    """The subject of this sentence's own verb of saying, read off the parse."""
    for tok in sp:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in lex.speech_verbs | {"tell", "warn", "vow", "pledge", "threaten"}:
            subj = subject_of(tok) or stranded_subject(tok)
            if subj is not None:
                found = parties_in(subj, tms, ("actor",))
                if found and found[0].mention.entity_id:
                    return found[0]
    return None


# "made the announcement": the event of the sentence before, said again by whoever is named
_RESTATEMENT = re.compile(r"\b(?:made|issued|released|delivered|gave) (?:the|that|this) "
                          r"(?:announcement|statement|threat|warning|remarks|pledge|vow|demand)\b")
_PRONOUN_OPENING = re.compile(r"^\W*(?:(?:But|And|Yet|However|Still|Also|Meanwhile|Later|Then),?\s+)?(?:it|they|he|she)\b",
                              re.IGNORECASE)
_ANTECEDENT_REACH = 3  # sentences back a pronoun may look


def _previous_actor(doc: Document, tok: Any, off: int, exclude: list[TokMention],
                    pack: "ActorIndex | None" = None) -> list[TokMention]:
    """ "The State Department released a statement. But it noted ... It also called on Iraq":
    a pronoun points at the main actor of the last sentence that names one of its kind.

    The first actor of a sentence stands for its subject (news sentences open with it); a
    sentence that itself opens with a pronoun continues the same topic, so the search goes
    on past it. "it" wants an organisation or state, "he"/"she" a person, "they" either."""
    here = doc.offsets.to_orig(off + tok.idx)
    ids = {e.mention.entity_id for e in exclude}
    word = tok.lower_
    end = doc.offsets.to_orig(off + tok.idx + len(tok.text))
    own = [m for m in doc.mentions if m.kind == "actor" and m.entity_id and m.entity_id not in ids
           and doc.offsets.to_orig(off) <= m.start < here and _agrees(word, m.entity_id, pack)]
    if own:
        # "a group attacked the base, and the commander persuaded them": named earlier in
        # the same sentence
        m = own[0]
        return [TokMention(Mention(here, end, "actor", m.entity_id, "coref", m.label), tok.i, tok.i + 1, tok.i)]
    prev = [s for s in doc.sentences if s.end <= here][-_ANTECEDENT_REACH:]
    for sent in reversed(prev):
        if _PRONOUN_OPENING.match(doc.text[sent.start:sent.end]):
            continue  # its subject is the same pronoun: the topic goes on from further back
        cands = [m for m in doc.mentions if m.kind == "actor" and m.entity_id and m.entity_id not in ids
                 and sent.start <= m.start < sent.end and _agrees(word, m.entity_id, pack)]
        quoted = quoted_spans(doc.text, sent.start, sent.end)
        if quoted and not any(a <= here < b for a, b in quoted_spans(doc.text, *_sentence_of(doc, here))):
            # '"ISIS ... the Americans ...," a statement by the group claimed. It went on to boast':
            # a pronoun outside quotation marks points at the speaker, not at who is quoted
            outside = [m for m in cands if not any(a <= m.start < b for a, b in quoted)]
            cands = outside or cands
        if cands:
            m = cands[0]
            return [TokMention(Mention(here, end, "actor", m.entity_id, "coref", m.label), tok.i, tok.i + 1, tok.i)]
        return []
    return []


def _sentence_of(doc: Document, at: int) -> tuple[int, int]:
    return next(((s.start, s.end) for s in doc.sentences if s.start <= at < s.end), (at, at))


def _agrees(word: str, entity_id: str | None, pack: "ActorIndex | None") -> bool:
    if pack is None or not entity_id:
        return True
    actor = pack.actor(entity_id)
    if actor is None:
        return True
    if word in ("he", "she", "him", "her"):
        return actor.kind == "person"
    if word in ("it", "its", "they", "them", "their"):
        return actor.kind != "person"  # one person is "he" or "she", never "they"
    return True


def _operated_site(t: Any, tms: list[TokMention], pack: ActorIndex) -> list[TokMention]:
    """The actor running a facility named in the trigger's clause (its operator twin mention)."""
    span = {x.i for x in t.subtree}
    for tm in tms:
        if tm.mention.kind == "facility" and tm.head in span and _operator(pack, tm.mention.entity_id or ""):
            twin = [o for o in tms if o.mention.kind == "actor" and o.start == tm.start and o.end == tm.end]
            if twin:
                return twin[:1]
    for tm in tms:  # "... near the U.S. embassy": an institution named at the impact site
        head = t.doc[tm.head]
        if (tm.mention.kind == "actor" and tm.mention.entity_id and tm.head in span and head.dep_ == "pobj"
                and head.head.lower_ in ("near", "at", "inside", "on", "against", "into", "outside")):
            return [tm]
    return []
