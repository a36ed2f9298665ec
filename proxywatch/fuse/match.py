"""Is this pair of event mentions the same occurrence? Field by field, with reasons.

Each field gives a verdict: a *conflict* (the pair cannot fuse), *unknown*
(one side says nothing: compatible, no evidence) or a kind of match worth
points (data/fusion.yaml). The verdicts are kept so every fusion decision
can say which fields matched.
"""
from __future__ import annotations

import calendar
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache

from ..model import Event, Party, Place
from ..store.dates import bounds
from .rules import FusionRules

CONFLICT = "conflict"
UNKNOWN = "unknown"
UNLINKED = "unlinked"
#: a co-victim type on the same day with another recipient and no tie: neither evidence nor veto
POSSIBLE_CO_VICTIM = "possible_co_victim"
#: a month-dated and a day-dated mention in one document: needs an exact party to fuse
WITHIN_DOC = "within_doc"
_MD = re.compile(r"^--(\d{2})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class PairMatch:
    compatible: bool
    points: int
    #: field -> verdict, e.g. {"type": "same", "actor": "exact", "date": "day"}
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def conflict(self) -> str | None:
        """The first field that forbids the fusion, if any."""
        return next((k for k, v in self.fields.items() if v == CONFLICT), None)


def _day(iso: str) -> Date | None:
    try:
        return Date.fromisoformat(iso)
    except ValueError:
        return None


# date verdicts are pure functions of short strings, and a store repeats the same few
# thousand dates in millions of compared pairs: cached
@lru_cache(maxsize=1 << 16)
def compare_dates(a: str | None, b: str | None, slack_days: int = 1) -> str:
    """``day`` | ``within`` | ``year`` | ``unknown`` | ``conflict`` for two partial ISO dates."""
    if not a or not b:
        return UNKNOWN
    ma, mb = _MD.match(a), _MD.match(b)
    if ma or mb:
        return _compare_month_day(a, b, slack_days)
    alo, ahi = bounds(a)
    blo, bhi = bounds(b)
    if alo is None or ahi is None or blo is None or bhi is None:
        return UNKNOWN
    if alo == ahi and blo == bhi:
        da, db = _day(alo), _day(blo)
        if da is None or db is None:
            return UNKNOWN
        return "day" if abs((da - db).days) <= slack_days else CONFLICT
    if ahi < blo or bhi < alo:
        # a month-end overnight attack may be dated to the next month's first day
        # (a day on one side: two whole months side by side are two months)
        da, db = _day(ahi if ahi < blo else bhi), _day(blo if ahi < blo else alo)
        near = (da is not None and db is not None and 0 < (db - da).days <= slack_days
                and (alo == ahi or blo == bhi))
        if not near:
            return CONFLICT
    if len(a) == 4 or len(b) == 4:
        return "year"
    return "within"


def _compare_month_day(a: str, b: str, slack_days: int) -> str:
    def md(s: str) -> tuple[int, int | None] | None:
        m = _MD.match(s)
        if m:
            return int(m.group(1)), int(m.group(2))
        if len(s) >= 7 and s[5:7].isdigit():
            return int(s[5:7]), int(s[8:10]) if len(s) >= 10 and s[8:10].isdigit() else None
        return None  # a bare year (or no date at all) says nothing about month and day

    pa, pb = md(a), md(b)
    if pa is None or pb is None:
        return UNKNOWN
    if pa[1] is None or pb[1] is None:
        return "within" if pa[0] == pb[0] else CONFLICT
    # compare in a leap year so that --02-29 exists
    da, db = Date(2000, pa[0], pa[1]), Date(2000, pb[0], pb[1])
    return "day" if abs((da - db).days) <= slack_days else CONFLICT


def km(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _broad_place(p: Place) -> bool:
    return p.kind in ("country", "region") or p.precision >= 3


def compare_places(a: Place | None, b: Place | None, rules: FusionRules) -> str:
    """``same`` | ``near`` | ``unknown`` | ``conflict``."""
    if a is None or b is None:
        return UNKNOWN
    if a.id and a.id == b.id:
        return "same"
    if a.country and b.country and a.country != b.country:
        return CONFLICT
    if _broad_place(a) or _broad_place(b):
        return UNKNOWN  # "in Iraq" neither confirms nor rules out "in Baghdad"
    # a facility's id is dotted under its city's ("baghdad.us-embassy")
    if a.id and b.id and (a.id.startswith(b.id + ".") or b.id.startswith(a.id + ".")):
        return "near"
    d = km(a, b)
    if d is None:
        return UNKNOWN
    if d <= rules.near_km:
        return "near"
    return CONFLICT if d > rules.max_km else UNKNOWN


def _broad_id(aid: str, rules: FusionRules) -> bool:
    # countries are ISO alpha-3 ids ("usa", "irq"); umbrellas are listed in the data
    return (len(aid) == 3 and aid.isalpha()) or aid in rules.broad_ids


def compare_parties(a: Party | None, b: Party | None, rules: FusionRules) -> str:
    """``exact`` | ``lineage`` | ``unknown`` | ``conflict`` (an unknown actor is compatible)."""
    if a is None or b is None or not a.id or not b.id:
        return UNKNOWN
    la = {a.id, *a.lineage}
    lb = {b.id, *b.lineage}
    if a.id == b.id:
        return "exact"
    for inner, outer in ((a.id, lb), (b.id, la)):
        if inner in outer:
            return "lineage" if _broad_id(inner, rules) else "exact"
    return "lineage" if la & lb else CONFLICT


def _same_sentence(a: Event, b: Event) -> bool:
    return (a.doc_id == b.doc_id and a.evidence.start < b.evidence.end
            and b.evidence.start < a.evidence.end)


def _day_precise(d: str | None) -> bool:
    return bool(d) and len(d or "") == 10 and not (d or "").startswith("--")


@lru_cache(maxsize=1 << 16)
def reported_after(event_date: str | None, published: str | None) -> bool:
    """True when an event dated ``event_date`` began after a report ``published`` then.

    A report cannot describe what had not yet happened, so an undated mention
    in an article of 2020 is not the visit of 2024 (one day of slack for time zones).
    """
    lo, _ = bounds(event_date)
    dlo, dhi = _day(lo or ""), _last_day(published)
    return dlo is not None and dhi is not None and (dlo - dhi).days > 1


def long_before(undated: Event, dated: Event, published: Mapping[str, str | None],
                window_days: int | None) -> bool:
    """True when an undated mention's report came out ``window_days`` after ``dated`` ended.

    News reports an occurrence it does not date as recent ("the attack", "the
    strike"); an older one is dated ("the 2018 attack"). So an undated mention
    is not an occurrence that ended long before its own report was published.
    """
    if window_days is None or undated.date or not dated.date or dated.date.startswith("--"):
        return False
    end, pub = _last_day(dated.date), _first_day(published.get(undated.doc_id))
    return end is not None and pub is not None and (pub - end).days > window_days


@lru_cache(maxsize=1 << 14)
def _first_day(date: str | None) -> Date | None:
    lo, _ = bounds(date)
    return _day(lo or "")


@lru_cache(maxsize=1 << 14)
def _last_day(date: str | None) -> Date | None:
    """The last day a YYYY / YYYY-MM / YYYY-MM-DD date may mean."""
    _, hi = bounds(date)
    if hi is None:
        return None
    y, m, d = int(hi[:4]), int(hi[5:7]), int(hi[8:10])
    return Date(y, m, min(d, calendar.monthrange(y, m)[1]))


def _type_verdict(a: Event, b: Event, rules: FusionRules, same_doc: bool) -> str:
    scope = rules.type_scope(a.type.upper(), b.type.upper())
    if scope is None:
        return CONFLICT
    if scope == "same_doc" and not same_doc:
        # a pair fused only as one statement of one report: across documents it is no
        # evidence for the pair, but no veto either (the report's own mentions link them)
        return UNLINKED
    return "same" if a.type.upper() == b.type.upper() else "compatible"


def _one_act(a: Event, b: Event, group: frozenset[str]) -> bool:
    # both reports code the act with a type of the group, on the very same known day
    # (relaxing a party needs the date to agree exactly, not within the slack)
    return (a.type.upper() in group and b.type.upper() in group
            and _day_precise(a.date) and a.date == b.date)


def _recipient_kinds(a: Event, b: Event, rules: FusionRules) -> list[bool]:
    """For each named recipient of the pair: is it broad (a country or an umbrella)?"""
    return [_broad_id(p.id, rules) for p in (a.recipient, b.recipient) if p is not None and p.id]


def _one_broad(a: Event, b: Event, rules: FusionRules) -> bool:
    kinds = _recipient_kinds(a, b, rules)
    return len(kinds) == 2 and kinds[0] != kinds[1]


def _victims_may_be_one_act(a: Event, b: Event, rules: FusionRules, date: str) -> bool:
    group = rules.co_victim_types
    if a.type.upper() not in group or b.type.upper() not in group or _same_sentence(a, b):
        return False  # (two victims in one sentence: the writer's own two codes)
    kinds = _recipient_kinds(a, b, rules)
    if len(kinds) < 2 or all(kinds):
        return False  # two countries (or umbrellas) are two victims
    if date == "day" and a.date != b.date and a.doc_id == b.doc_id:
        return False  # one writer giving two days tells two occurrences apart (time zones are outlets')
    # a country against someone specific says little, whatever the date; two specific
    # victims only when dated close together
    return any(kinds) or date in ("day", "within")


def compare(a: Event, b: Event, rules: FusionRules,
            published: Mapping[str, str | None] | None = None) -> PairMatch:
    """Every field's verdict for the pair, whether it may fuse, and its points.

    ``published`` (doc id -> publication date) lets an undated mention rule out
    occurrences later than its own report.
    """
    return combine(a, b, rules, published,
                   compare_parties(a.actor, b.actor, rules),
                   compare_parties(a.recipient, b.recipient, rules),
                   compare_dates(a.date, b.date, rules.date_slack_days),
                   compare_places(a.location, b.location, rules))


def combine(a: Event, b: Event, rules: FusionRules, published: Mapping[str, str | None] | None,
            actor: str, recipient: str, date: str, place: str,
            published_conflict: bool | None = None) -> PairMatch:
    """``compare`` from the four field verdicts of the pair (each a function of one field).

    Split out so that a fuser may compute those verdicts once per distinct pair of
    values (features.py) and still decide with the very same rules;
    ``published_conflict``, when given, is the published rule's answer for the pair.
    """
    same_doc = a.doc_id == b.doc_id
    fields: dict[str, str] = {}
    pts = 0
    fields["type"] = _type_verdict(a, b, rules, same_doc)
    if fields["type"] == "same":
        pts += rules.point("type_same")
    same_sentence = _same_sentence(a, b)
    if (same_sentence and date == "day" and a.date != b.date
            and _day_precise(a.date) and _day_precise(b.date)):
        # one sentence giving two days tells two occurrences apart ("a day after ...")
        date = CONFLICT
    if date == "day" and place != CONFLICT:
        if (recipient == CONFLICT and _one_act(a, b, rules.co_victim_types)
                and (actor in ("exact", "lineage") or place in ("same", "near") or same_doc)):
            # one strike, several victims: "X and Y were killed in the strike"; the
            # attacker must be one (named on both sides), or the place, or the report
            recipient = "co_victim"
        elif (actor == CONFLICT and recipient in ("exact", "lineage")
              and _one_act(a, b, rules.disputed_actor_types)):
            # one attack on one target that day, attributed differently by different reports
            actor = "disputed"
        elif recipient == CONFLICT and actor != CONFLICT and _one_act(a, b, rules.co_victim_types):
            # the same act that day, other victims, nothing yet ties the two reports: no
            # evidence for the pair, but no veto either, so a report tying both (same place,
            # same document) can still gather them ("X was hit ... Y was also killed")
            recipient = POSSIBLE_CO_VICTIM
    if (recipient == CONFLICT and actor in ("exact", "lineage") and date in ("day", "within", UNKNOWN)
            and place != CONFLICT and _victims_may_be_one_act(a, b, rules, date)):
        # the same attacker's act told with other victims, dated a little apart (a night
        # strike is Thursday in one time zone and Friday in another; one report gives the
        # month), or one report names only the victims' country ("a top Iranian general"):
        # weak evidence either way, so no points and no veto
        recipient = POSSIBLE_CO_VICTIM
        if place == "same" and _one_broad(a, b, rules):
            # "Iran's missiles hit Iraq's Ain al-Asad base" / "... US troops at Ain al-Asad":
            # the site's host country and the troops there, by one attacker at one site
            recipient = "co_victim"
    if (same_doc and not same_sentence and date == "within"
            and _day_precise(a.date) != _day_precise(b.date)):
        # one writer dating one mention to the day and another only to the month is
        # usually telling two occurrences apart ("earlier this month", "a similar attack
        # in December"): no evidence from the date, and only a named party can tie them
        date = WITHIN_DOC
    if fields["type"] == "compatible" and not same_doc and date not in ("day", "within"):
        # two related types are one occurrence only when dated together
        fields["type"] = UNLINKED
    if (fields["type"] == "compatible" and not (date == "day" and place == "same")
            and rules.type_scope(a.type.upper(), b.type.upper()) == "same_place"):
        # an act around an attack (the call to storm a site, troops sent to it) is the
        # attack's incident only at that very site on that day; elsewhere, no evidence
        # but no veto either (other reports of the attack may lack the date or place)
        fields["type"] = UNLINKED
    for name, verdict in (("actor", actor), ("recipient", recipient), ("date", date),
                          ("place", place)):
        fields[name] = verdict
        pts += rules.point(f"{name}_{verdict}")
    if published_conflict is None:
        published_conflict = published_conflicts(a, b, rules, published)
    if published_conflict:
        fields["published"] = CONFLICT
    if same_sentence:
        fields["document"] = "same_sentence"
        pts += rules.point("same_sentence")
    elif same_doc:
        fields["document"] = "same_doc"
        pts += rules.point("same_doc")
    compatible = CONFLICT not in fields.values()
    evidence = compatible and fields["type"] != UNLINKED
    return PairMatch(compatible, pts if evidence else 0, fields)


def published_conflicts(a: Event, b: Event, rules: FusionRules,
                        published: Mapping[str, str | None] | None) -> bool:
    """The published rule: one mention is later than the other's report, or an undated one
    is long before it (``reported_after``, ``long_before``); across documents only."""
    if not published or a.doc_id == b.doc_id:
        return False
    return (reported_after(a.date, published.get(b.doc_id))
            or reported_after(b.date, published.get(a.doc_id))
            or long_before(a, b, published, rules.undated_window_days)
            or long_before(b, a, published, rules.undated_window_days))
