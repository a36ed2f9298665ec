"""Per-event features computed once, so that scoring millions of pairs stays cheap.

A store repeats a few hundred parties, places and dates across its events, and
every field verdict of ``match.compare`` is a function of the two field values
alone. So each value is interned once (an index per distinct party, place and
date) and each verdict is computed once per distinct *pair of values*, then
looked up. ``Features.compare`` then gives exactly ``match.compare``'s answer
(the same ``match.combine`` applies the pair rules), and ``Features.bound``
gives an upper bound on a pair's points from those verdicts alone, so that
pairs which cannot reach the threshold are never fully scored.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

import numpy as np

from ..model import Event, Party, Place
from .match import (
    CONFLICT,
    POSSIBLE_CO_VICTIM,
    UNKNOWN,
    WITHIN_DOC,
    PairMatch,
    _first_day,
    _last_day,
    combine,
    compare_dates,
    compare_parties,
    compare_places,
    published_conflicts,
)
from .rules import FusionRules

#: every verdict a party, date or place field may end with (match.py)
_PARTY_VERDICTS = ("exact", "lineage", UNKNOWN, CONFLICT, "co_victim", "disputed",
                   POSSIBLE_CO_VICTIM)
_DATE_VERDICTS = ("day", "within", "year", UNKNOWN, CONFLICT, WITHIN_DOC)
_PLACE_VERDICTS = ("same", "near", UNKNOWN, CONFLICT)
_TIED, _NEAR = ("exact", "lineage"), ("same", "near")  # verdicts that anchor a pair
_NEG = -(1 << 30)  # a sure conflict: no sum of points reaches the threshold
_MARK = -(1 << 62)  # a verdict not looked up yet (slice_check rows)


def _intern(values: Sequence[Hashable], table: dict[Hashable, int]) -> list[int]:
    return [table.setdefault(v, len(table)) for v in values]


class Features:
    """Interned field values of ``evs`` and cached verdicts per pair of values."""

    def __init__(self, evs: Sequence[Event], rules: FusionRules,
                 published: Mapping[str, str | None] | None = None) -> None:
        self.evs, self.rules, self.published = evs, rules, published or {}
        self.types = [e.type.upper() for e in evs]
        docs: dict[Hashable, int] = {}
        self.doc = _intern([e.doc_id for e in evs], docs)
        # compare_parties reads only the id and the lineage; index 0: unnamed (unknown)
        self.parties: list[Party | None] = [None]
        ptab: dict[Hashable, int] = {}
        self.actor = self._parties([e.actor for e in evs], ptab)
        self.recipient = self._parties([e.recipient for e in evs], ptab)
        # compare_places reads every field but the name; index 0: no place (unknown)
        self.places: list[Place | None] = [None]
        ltab: dict[Hashable, int] = {}
        self.place: list[int] = []
        for e in evs:
            p = e.location
            if p is None:
                self.place.append(0)
                continue
            k = ltab.setdefault((p.id, p.country, p.lat, p.lon, p.precision, p.kind), len(ltab) + 1)
            if k == len(self.places):
                self.places.append(p)
            self.place.append(k)
        dtab: dict[Hashable, int] = {}
        self.date = _intern([e.date for e in evs], dtab)
        self.dates = list(dtab)
        # verdict caches keyed x * width + y (width: more than any index)
        self._width = max(len(self.parties), len(self.places), len(self.dates)) + 1
        self._pv: dict[int, str] = {}
        self._lv: dict[int, str] = {}
        self._dv: dict[int, str] = {}
        self._scope: dict[tuple[str, str], str | None] = {}
        self._np: tuple[np.ndarray, ...] | None = None
        self._published_days()
        pt = rules.point
        self._pts = {role: {v: pt(f"{role}_{v}") for v in verdicts}
                     for role, verdicts in (("actor", _PARTY_VERDICTS),
                                            ("recipient", _PARTY_VERDICTS),
                                            ("date", _DATE_VERDICTS), ("place", _PLACE_VERDICTS))}
        a, r = self._pts["actor"], self._pts["recipient"]
        # a conflicting party may still end as disputed / co-victim: bound by the best of those
        self._actor_relaxed = a["disputed"]
        self._recipient_relaxed = max(r["co_victim"], r[POSSIBLE_CO_VICTIM])
        self._within_doc = max(self._pts["date"]["within"], self._pts["date"][WITHIN_DOC])
        self._type_same = pt("type_same")
        self._same_doc, self._same_sentence = pt("same_doc"), pt("same_sentence")

    def _published_days(self) -> None:
        """Day ordinals for the published rule (match.published_conflicts), once per event.

        An event whose dates the rule's helpers reject (they raise) is left to
        ``published_conflicts`` itself, pair by pair, so it fails exactly as before.
        """
        self._first: list[int | None] = []  # first day the event may mean
        self._end: list[int | None] = []  # last day of a dated (not --MM-DD) event; else None
        self._pub_first: list[int | None] = []  # its report's first and last day
        self._pub_last: list[int | None] = []
        self._exact: list[bool] = []  # False: left to published_conflicts
        for e in self.evs:
            pub = self.published.get(e.doc_id)
            try:
                days = (_first_day(e.date), _last_day(pub), _first_day(pub),
                        _last_day(e.date) if e.date and not e.date.startswith("--") else None)
            except (ValueError, IndexError, TypeError):
                days, ok = (None, None, None, None), False
            else:
                ok = True
            first, pub_last, pub_first, end = (d.toordinal() if d is not None else None
                                               for d in days)
            self._first.append(first)
            self._pub_last.append(pub_last)
            self._pub_first.append(pub_first)
            self._end.append(end)
            self._exact.append(ok)

    def published_conflict(self, i: int, j: int) -> bool:
        """Exactly ``match.published_conflicts(evs[i], evs[j], rules, published)``."""
        if not self.published or self.doc[i] == self.doc[j]:
            return False
        if not (self._exact[i] and self._exact[j]):
            return published_conflicts(self.evs[i], self.evs[j], self.rules, self.published)
        for x, y in ((i, j), (j, i)):
            # reported_after: x began more than a day after y's report
            fx, py = self._first[x], self._pub_last[y]
            if fx is not None and py is not None and fx - py > 1:
                return True
        window = self.rules.undated_window_days
        if window is None:
            return False
        for x, y in ((i, j), (j, i)):
            # long_before: x undated, y ended more than ``window`` days before x's report
            ey, px = self._end[y], self._pub_first[x]
            if (not self.evs[x].date and ey is not None and px is not None
                    and px - ey > window):
                return True
        return False

    def _parties(self, parties: Sequence[Party | None], table: dict[Hashable, int]) -> list[int]:
        out = []
        for p in parties:
            if p is None or not p.id:
                out.append(0)
                continue
            k = table.setdefault((p.id, tuple(p.lineage)), len(table) + 1)
            if k == len(self.parties):
                self.parties.append(p)
            out.append(k)
        return out

    # -- verdicts of one field, once per distinct pair of values --------------------------

    def party_verdict(self, x: int, y: int) -> str:
        key = x * self._width + y
        v = self._pv.get(key)
        if v is None:
            v = self._pv[key] = (UNKNOWN if not x or not y else
                                  compare_parties(self.parties[x], self.parties[y],
                                                self.rules))
        return v

    def place_verdict(self, x: int, y: int) -> str:
        key = x * self._width + y
        v = self._lv.get(key)
        if v is None:
            v = self._lv[key] = (UNKNOWN if not x or not y else
                                  compare_places(self.places[x], self.places[y],
                                               self.rules))
        return v

    def date_verdict(self, x: int, y: int) -> str:
        key = x * self._width + y
        v = self._dv.get(key)
        if v is None:
            v = self._dv[key] = compare_dates(self.dates[x], self.dates[y],
                                              self.rules.date_slack_days)
        return v

    def scope(self, a: str, b: str) -> str | None:
        key = (a, b)
        if key not in self._scope:
            self._scope[key] = self.rules.type_scope(a, b)
        return self._scope[key]

    # -- pairs -----------------------------------------------------------------------------

    def bound(self, i: int, j: int) -> int | None:
        """At least the points ``compare`` gives the pair when compatible; None: a conflict.

        Every verdict is the field's own; the pair rules of ``combine`` may only turn
        a conflicting party into ``disputed``/``co_victim``, a day into a conflict,
        a month into ``within_doc``, or the type into ``unlinked`` (no points): each
        is bounded by the best of its outcomes.
        """
        ta, tb = self.types[i], self.types[j]
        scope = self.scope(ta, tb)
        if scope is None:
            return None
        same_doc = self.doc[i] == self.doc[j]
        if scope == "same_doc" and not same_doc:
            return 0  # unlinked across documents: no evidence
        pts = self._type_same if ta == tb else 0
        v = self.party_verdict(self.actor[i], self.actor[j])
        if v == CONFLICT:
            dis = self.rules.disputed_actor_types
            if ta not in dis or tb not in dis:
                return None
            pts += self._actor_relaxed
        else:
            pts += self._pts["actor"][v]
        v = self.party_verdict(self.recipient[i], self.recipient[j])
        if v == CONFLICT:
            co = self.rules.co_victim_types
            if ta not in co or tb not in co:
                return None
            pts += self._recipient_relaxed
        else:
            pts += self._pts["recipient"][v]
        v = self.date_verdict(self.date[i], self.date[j])
        if v == CONFLICT:
            return None
        if ta != tb and not same_doc and v not in ("day", "within"):
            return 0  # related types not dated together: unlinked
        pts += self._within_doc if (v == "within" and same_doc) else self._pts["date"][v]
        v = self.place_verdict(self.place[i], self.place[j])
        if v == CONFLICT:
            return None
        pts += self._pts["place"][v]
        if same_doc:
            a, b = self.evs[i].evidence, self.evs[j].evidence
            pts += (self._same_sentence if a.start < b.end and b.start < a.end
                    else self._same_doc)
        return pts

    def may_link(self, i: int, j: int) -> bool:
        """False when the pair surely does not link (a conflict, or too few points)."""
        b = self.bound(i, j)
        return b is not None and b >= self.rules.threshold

    def _context(self, ta: str, tb: str
                 ) -> tuple[int, dict[str, int], dict[str, int], dict[str, int], dict[str, int]]:
        """Points still needed beyond the type, and each field's points per verdict, for two
        documents' events of types ``ta``/``tb``; a sure conflict is worth ``_NEG``."""
        same = ta == tb
        need = self.rules.threshold - (self._type_same if same else 0)
        actor = dict(self._pts["actor"])
        actor[CONFLICT] = (self._actor_relaxed if {ta, tb} <= self.rules.disputed_actor_types
                           else _NEG)
        recipient = dict(self._pts["recipient"])
        recipient[CONFLICT] = (self._recipient_relaxed if {ta, tb} <= self.rules.co_victim_types
                               else _NEG)
        date = dict(self._pts["date"])
        date[CONFLICT] = _NEG
        if not same:
            # related types not dated together are unlinked: no points at all
            date.update({v: _NEG for v in date if v not in ("day", "within")})
        place = dict(self._pts["place"])
        place[CONFLICT] = _NEG
        return need, actor, recipient, date, place

    def cross_check(self, ta: str, tb: str) -> Callable[[int, int], bool]:
        """``may_link`` for events of types ``ta``/``tb`` in two documents that also have an
        anchor (a party sharing its lineage, the place same or near; blocking.py), as one
        function with its constants bound (blocking calls it for millions of pairs).

        The caller only pairs types that may fuse across documents (``any`` scope).
        """
        if self.rules.threshold <= 0:
            return lambda i, j: self.doc[i] != self.doc[j]  # nothing can be bounded away
        need, actor, recipient, date, place = self._context(ta, tb)
        doc, act, rec, loc, day = self.doc, self.actor, self.recipient, self.place, self.date
        width, pv, lv, dv = self._width, self._pv, self._lv, self._dv
        party_verdict, place_verdict, date_verdict = (self.party_verdict, self.place_verdict,
                                                      self.date_verdict)

        def check(i: int, j: int) -> bool:
            if doc[i] == doc[j]:
                return False
            va = pv.get(act[i] * width + act[j]) or party_verdict(act[i], act[j])
            vr = pv.get(rec[i] * width + rec[j]) or party_verdict(rec[i], rec[j])
            vl = lv.get(loc[i] * width + loc[j]) or place_verdict(loc[i], loc[j])
            if actor[va] + recipient[vr] + place[vl] + date[
                    dv.get(day[i] * width + day[j]) or date_verdict(day[i], day[j])] < need:
                return False
            return va in _TIED or vr in _TIED or vl in _NEAR
        return check

    def slice_check(self, ta: str, tb: str) -> Callable[[int, np.ndarray], np.ndarray]:
        """``cross_check`` of one event against an array of events, vectorised.

        A month, a year or an undated mention overlaps hundreds of events of its
        type; each field's points are looked up in a row per value of event ``i``
        (filled lazily from the same verdict caches), encoded as ``points * 4 +
        anchor`` so that one sum gives both the points and whether a field anchors.
        """
        need, actor, recipient, date, place = self._context(ta, tb)
        if self.rules.threshold <= 0:
            need = -(1 << 40)  # nothing can be bounded away
        arr = self._arrays()
        fields: tuple[tuple[np.ndarray, dict[int, np.ndarray], Callable[[int, int], str],
                            dict[str, int]], ...] = (
            (arr[0], {}, self.party_verdict, {v: 4 * p + (v in _TIED) for v, p in actor.items()}),
            (arr[1], {}, self.party_verdict,
             {v: 4 * p + (v in _TIED) for v, p in recipient.items()}),
            (arr[2], {}, self.place_verdict, {v: 4 * p + (v in _NEAR) for v, p in place.items()}),
            (arr[3], {}, self.date_verdict, {v: 4 * p for v, p in date.items()}),
        )
        docs, width = arr[4], self._width

        def check(i: int, js: np.ndarray) -> np.ndarray:
            total = np.zeros(len(js), dtype=np.int64)
            for values, rows, verdict, pts in fields:
                x = int(values[i])
                row = rows.get(x)
                if row is None:
                    row = rows[x] = np.full(width, _MARK, dtype=np.int64)
                ys = values[js]
                got = row[ys]
                miss = got == _MARK
                if miss.any():
                    for y in np.unique(ys[miss]).tolist():
                        row[y] = pts[verdict(x, y)]
                    got = row[ys]
                total += got
            keep = (total >> 2 >= need) & ((total & 3) > 0) & (docs[js] != docs[i])
            return js[keep]
        return check

    def _arrays(self) -> tuple[np.ndarray, ...]:
        if self._np is None:
            self._np = tuple(np.asarray(v, dtype=np.int64) for v in
                             (self.actor, self.recipient, self.place, self.date, self.doc))
        return self._np

    def compare(self, i: int, j: int) -> PairMatch:
        """Exactly ``match.compare(evs[i], evs[j], rules, published)``, from cached verdicts."""
        return combine(self.evs[i], self.evs[j], self.rules, self.published,
                       self.party_verdict(self.actor[i], self.actor[j]),
                       self.party_verdict(self.recipient[i], self.recipient[j]),
                       self.date_verdict(self.date[i], self.date[j]),
                       self.place_verdict(self.place[i], self.place[j]),
                       self.published_conflict(i, j))
