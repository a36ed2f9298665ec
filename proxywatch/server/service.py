"""What the routes call: the store, its fusion result and analytics, cached per data version.

The store may be written by another process (``proxywatch ingest``) while the
server runs, so every cached value is keyed on :func:`queries.data_version`
and recomputed when it changes.
"""
from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from ..errors import AnalysisError
from ..fuse.fuse import FusionResult
from ..model import Document, Event, Incident
from ..store import fts, queries
from ..store.dates import bounds, overlaps
from ..store.port import Store
from ..store.queries import EventFilter
from .errors import ApiError

ExtractorFactory = Callable[[], Any]

#: seconds a cached answer may lag behind an ingest run by another process
VERSION_TTL = 1.0
#: /api/events counts its matches up to this many; beyond, ``total`` is a lower bound
TOTAL_CAP = 100_000
#: graphs kept per data version (one per filter the dashboard asks for)
GRAPH_CACHE = 64
ATTACK = "ASSAULT"
US = "usa"


def check_date(name: str, value: str | None) -> None:
    if value is not None and bounds(value)[0] is None:
        raise ApiError(422, f"{name}={value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD", "invalid_parameters",
                       [{"field": name, "in": "query", "message": "expected YYYY, YYYY-MM or YYYY-MM-DD"}])


def incident_matches(inc: Incident, f: EventFilter, places: dict[str, tuple[float | None, float | None]],
                     text: str | None = None) -> bool:
    """Does ``inc`` pass ``f``? ``q`` follows the event word rules (store/fts.py) over the words of the
    whole incident (``text``: its precomputed :func:`fts.incident_text`)."""
    for want, p in ((f.actor, inc.actor), (f.recipient, inc.recipient)):
        if want is not None and (p is None or want not in (p.id, *p.lineage)):
            return False
    if f.type is not None and inc.type != f.type.upper():
        return False
    if f.status is not None and f.status not in {le.status for le in inc.ledger}:
        return False
    if not overlaps(inc.date, f.since, f.until):
        return False
    loc = inc.location
    if f.place is not None:
        low = f.place.lower()
        if loc is None or not (loc.id == f.place or (loc.name or "").lower() == low
                               or (loc.country or "").lower() == low):
            return False
    if f.bbox is not None and (loc is None or not queries.in_bbox(loc.lat, loc.lon, f.bbox)):
        return False
    return not f.q or fts.holds_all(_terms(f.q), text if text is not None else fts.incident_text(inc))


@functools.lru_cache(maxsize=256)
def _terms(q: str) -> tuple[fts.Term, ...]:
    # parsed once per q, not once per incident (20 000 parses cost 100 ms)
    return tuple(fts.parse_query(q))


class Service:
    def __init__(self, store: Store, extractor_factory: ExtractorFactory | None = None) -> None:
        self.store = store
        self._factory = extractor_factory
        self._extractor: Any = None
        self._lock = threading.RLock()
        self._version: tuple[Any, ...] | None = None
        self._checked = 0.0
        self._cache: dict[str, Any] = {}
        self._totals: OrderedDict[tuple[Any, ...], int] = OrderedDict()
        self._graphs: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
        self._pack: Any = None

    # --- caching -------------------------------------------------------------
    def _fresh(self) -> None:
        # another process may ingest meanwhile: look at the version at most every VERSION_TTL seconds
        now = time.monotonic()
        if self._version is not None and now - self._checked < VERSION_TTL:
            return
        v = queries.data_version(self.store)
        self._checked = now
        if v != self._version:
            self._version = v
            self._cache.clear()
            self._totals.clear()
            self._graphs.clear()

    def invalidate(self) -> None:
        """Forget every cached value (after a write through this server)."""
        with self._lock:
            self._version = None
            self._cache.clear()
            self._totals.clear()
            self._graphs.clear()

    def _cached(self, key: str, make: Callable[[], Any]) -> Any:
        with self._lock:
            self._fresh()
            if key in self._cache:
                return self._cache[key]
            version = self._version
        # computed outside the lock: a slow fit must not hold up the event queries
        value = make()
        with self._lock:
            if self._version == version:
                self._cache[key] = value
        return value

    def memo(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """An analytics answer, kept until the data changes (fits and PELT take seconds)."""
        return self._cached(repr(key), make)

    # --- knowledge -----------------------------------------------------------
    def pack(self) -> Any:
        with self._lock:
            if self._pack is None:
                from ..knowledge.pack import KnowledgePack

                self._pack = KnowledgePack.load(cities=False)
            return self._pack

    def extractor(self) -> Any:
        with self._lock:
            if self._extractor is None:
                if self._factory is not None:
                    self._extractor = self._factory()
                else:
                    from ..api import Extractor

                    self._extractor = Extractor.load()
            return self._extractor

    # --- events --------------------------------------------------------------
    def places(self) -> dict[str, tuple[float | None, float | None]]:
        return self._cached("places", lambda: queries.place_coordinates(self.store))  # type: ignore[no-any-return]

    def _place_ids(self, f: EventFilter) -> list[str] | None:
        if f.bbox is None:
            return None
        box = f.bbox
        return sorted(pid for pid, (lat, lon) in self.places().items() if queries.in_bbox(lat, lon, box))

    def event_page(self, f: EventFilter, limit: int, offset: int) -> tuple[list[Event], int, bool]:
        """One page, the total and whether it is exact: counting stops at TOTAL_CAP matches
        (a full count of a common filter reads up to 1 M rows), so ``total`` is then a lower bound."""
        ids = self._place_ids(f)
        with self._lock:
            self._fresh()
            key = (f.key(), tuple(ids) if ids is not None else None)
            counted = self._totals.get(key)
        if counted is None:
            counted = queries.count_events(self.store, f, ids, cap=TOTAL_CAP)
            with self._lock:
                self._totals[key] = counted
                while len(self._totals) > 512:
                    self._totals.popitem(last=False)
        exact = counted < TOTAL_CAP
        if exact and offset >= counted:
            return [], counted, True
        items = queries.event_page(self.store, f, limit, offset, ids)
        if not exact:
            if len(items) < limit and (items or offset == 0):
                return items, offset + len(items), True  # the last page: now we know
            # at least what was counted, and more than this page when it is full
            counted = max(counted, offset + len(items) + (1 if len(items) == limit else 0))
        return items, counted, exact

    def event(self, doc_id: str, event_id: str) -> Event | None:
        return queries.get_event(self.store, doc_id, event_id)

    def document(self, doc_id: str) -> Document | None:
        return self.store.get_document(doc_id)

    # --- incidents -----------------------------------------------------------
    def fusion(self) -> FusionResult:
        from ..fuse.storage import load_fusion

        return self._cached("fusion", lambda: load_fusion(self.store))  # type: ignore[no-any-return]

    def incidents(self, f: EventFilter) -> list[Incident]:
        places = self.places() if f.bbox is not None else {}
        if not f.q:
            return [i for i in self.fusion().incidents if incident_matches(i, f, places)]
        def make() -> tuple[Any, list[str]]:
            result = self.fusion()
            return result, [fts.incident_text(i) for i in result.incidents]
        # texts and incidents from one cached value: the fusion may change between two reads
        result, texts = self._cached("incident_texts", make)
        return [i for i, t in zip(result.incidents, texts, strict=True) if incident_matches(i, f, places, t)]

    def incident_of(self) -> dict[str, str]:
        """``doc_id#event_id`` -> incident id."""
        def make() -> dict[str, str]:
            return {f"{m.doc_id}#{m.event_id}": m.incident_id for m in self.fusion().memberships}
        return self._cached("incident_of", make)  # type: ignore[no-any-return]

    def refuse(self) -> FusionResult:
        from ..fuse import Fuser, refuse

        with self._lock:
            result = refuse(self.store, Fuser.load())
            self.invalidate()
            return result

    # --- actors --------------------------------------------------------------
    def party_counts(self) -> dict[str, dict[str, int]]:
        return self._cached("parties", lambda: queries.party_counts(self.store))  # type: ignore[no-any-return]

    def actor_name(self, aid: str) -> str:
        a = self.pack().actor(aid)
        return str(a.name) if a is not None else aid

    def profile(self, aid: str) -> dict[str, Any]:
        from ..graph import actor_profile

        prof = actor_profile(self.store, self.pack(), aid, self.fusion().incidents)
        if (self.pack().actor(aid) is None and not prof.as_actor and not prof.as_recipient
                and not prof.relations):
            raise ApiError(404, f"{aid}: unknown actor (not in the knowledge pack nor in the store)")
        out = prof.to_json()
        out["counts"] = self.party_counts().get(aid, {"actor": 0, "recipient": 0, "source": 0})
        return out

    def graph(self, f: EventFilter) -> dict[str, Any]:
        """The actor graph of the filtered incidents, kept per filter until the data changes
        (building it from 20 000 incidents takes 130-160 ms)."""
        with self._lock:
            self._fresh()
            version = self._version
            hit = self._graphs.get(f.key())
            if hit is not None:
                self._graphs.move_to_end(f.key())
                return hit
        out = self._build_graph(f)
        with self._lock:
            if self._version == version:
                self._graphs[f.key()] = out
                while len(self._graphs) > GRAPH_CACHE:
                    self._graphs.popitem(last=False)
        return out

    def _build_graph(self, f: EventFilter) -> dict[str, Any]:
        from ..graph import build_graph

        incs = self.incidents(f)
        rels = self._cached("relations", lambda: self.store.relations())
        g = build_graph(incs, rels)
        nodes = []
        degree: dict[str, int] = {}
        for (a, b), i in g.interactions.items():
            degree[a] = degree.get(a, 0) + i.count
            degree[b] = degree.get(b, 0) + i.count
        for (s, _, o), r in g.relations.items():
            degree[s] = degree.get(s, 0) + 1
            degree[o] = degree.get(o, 0) + 1
        for n in g.nodes:
            names = g.names.get(n)
            known = self.pack().actor(n)
            nodes.append({"id": n, "name": known.name if known else (names.most_common(1)[0][0] if names else n),
                          "kind": known.kind if known else None, "degree": degree.get(n, 0)})
        edges: list[dict[str, Any]] = []
        for (a, b), i in sorted(g.interactions.items()):
            edges.append({"source": a, "target": b, "kind": "interaction", "types": dict(i.types),
                          "count": i.count, "first": i.first, "last": i.last, "incidents": i.incidents})
        for (s, rel, o), r in sorted(g.relations.items()):
            kind = "sponsorship" if rel in ("directs", "supports") else (
                "command" if rel.endswith("_of") and rel not in ("member_of", "part_of") else "relation")
            edges.append({"source": s, "target": o, "kind": kind, "relation": rel, "dates": r.dates,
                          "doc_ids": sorted({d for d, _ in r.evidence}), "count": len(r.evidence)})
        return {"nodes": nodes, "edges": edges}

    # --- analytics -----------------------------------------------------------
    def records(self, f: EventFilter | None = None) -> list[Any]:
        from ..analytics.records import incident_from_model

        incs = self.incidents(f) if f is not None else list(self.fusion().incidents)
        return [r for r in (incident_from_model(i) for i in incs) if r is not None]

    def weights(self) -> Any:
        from ..analytics.series import EscalationWeights

        return self._cached("weights", EscalationWeights.load)

    def daily(self, name: str, recs: list[Any] | None = None) -> Any:
        from ..analytics.series import daily_counts

        recs = self.records() if recs is None else recs
        if not recs:
            raise AnalysisError("the store holds no day-dated incidents")
        lo, hi = min(r.day for r in recs), max(r.day for r in recs)
        rows = self._rows(name, recs)
        return daily_counts([r.day for r in rows], lo, hi, name)

    @staticmethod
    def _rows(name: str, recs: list[Any]) -> list[Any]:
        if name == "us_attacks":
            return [r for r in recs if r.type == ATTACK and US in r.recipient]
        if name == "us_strikes":
            return [r for r in recs if r.type == ATTACK and US in r.actor]
        if name == "all":
            return recs
        return [r for r in recs if r.type == name.upper()]

    def threats(self) -> list[Any]:
        from ..analytics.sources import threats_from_store

        def make() -> list[Any]:
            return threats_from_store(self.store, self.weights().trigger_words, self._names())
        return self._cached("threats", make)  # type: ignore[no-any-return]

    def _names(self) -> dict[str, tuple[str, ...]]:
        pack = self.pack()
        out: dict[str, tuple[str, ...]] = {}
        for a in pack.actors.values():
            lin = tuple(pack.lineage(a.id))
            for s in (a.name, *a.aliases):
                if len(s) > 2 or (len(s) == 2 and s.isupper()):
                    out.setdefault(s, lin)
        return out

    def pair(self) -> tuple[list[str], Any, date]:
        import numpy as np

        recs = self.records()
        a, b = self.daily("us_attacks", recs), self.daily("us_strikes", recs)
        return ["us_attacks", "us_strikes"], np.vstack([a.counts, b.counts]), a.start

    def forecast(self, name: str, horizons: tuple[int, ...] = (1, 7), bin_days: int = 30) -> dict[str, Any]:
        """P(at least one ``name`` incident) in the next days, from a daily Hawkes fitted on all the data."""
        import numpy as np

        from ..analytics.daily import fit_daily
        from ..analytics.forecast import prob_any

        s = self.daily(name)
        y = np.asarray(s.counts, dtype=float)[None, :]
        if y.shape[1] < 14 or y.sum() < 3:
            raise AnalysisError(f"too little data to forecast {name}: {int(y.sum())} incidents "
                                f"over {y.shape[1]} days (need 3 over 14 days)")
        fitted = fit_daily(y, bin_days=bin_days, nb=True)
        ext = np.concatenate([y, np.zeros((1, 1))], axis=1)  # the day after the data
        out = {"series": name, "from": (s.end + timedelta(days=1)).isoformat(), "days": int(y.shape[1]),
               "incidents": int(y.sum()), "fit": fitted.to_json([name]), "probabilities": {}}
        for h in horizons:
            out["probabilities"][str(h)] = float(prob_any(fitted.params, ext, h)[0, -1])
        return out
