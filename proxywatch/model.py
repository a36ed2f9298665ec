"""The artifacts that flow between pipeline stages, as frozen dataclasses.

Every offset (``start``/``end``) refers to ``Document.text`` exactly as it was
decoded from the input, never to the cleaned NLP text. Stages that work on
``Document.clean`` convert through ``Document.offsets`` (an :class:`OffsetMap`).
Mentions hold offsets, never copies of the text: ``doc.span_text(m)``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Mapping

ZoneKind = Literal["body", "boilerplate"]
MentionKind = Literal["actor", "place", "facility", "date"]
Status = Literal["asserted", "claimed", "denied", "conditional", "negated"]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions in the cleaned text back to the original text.

    Stored as aligned runs: ``clean_starts[i]`` in the clean text corresponds
    to ``orig_starts[i]`` in the original, and positions advance together
    until the next run. Deleted characters (soft hyphens, zero-width marks)
    start a new run. An identity map has a single run.
    """

    clean_starts: tuple[int, ...] = (0,)
    orig_starts: tuple[int, ...] = (0,)
    clean_len: int = 0
    orig_len: int = 0

    @classmethod
    def identity(cls, n: int) -> "OffsetMap":
        return cls((0,), (0,), n, n)

    def to_orig(self, i: int) -> int:
        if i >= self.clean_len:
            return self.orig_len
        k = bisect.bisect_right(self.clean_starts, i) - 1
        return self.orig_starts[k] + (i - self.clean_starts[k])

    def to_clean(self, i: int) -> int:
        if i >= self.orig_len:
            return self.clean_len
        k = bisect.bisect_right(self.orig_starts, i) - 1
        pos = self.clean_starts[k] + (i - self.orig_starts[k])
        nxt = self.clean_starts[k + 1] if k + 1 < len(self.clean_starts) else self.clean_len
        return min(pos, nxt)


@dataclass(frozen=True)
class DocMeta:
    published: str | None = None  # YYYY-MM-DD | YYYY-MM | YYYY | None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    path: str | None = None
    # where `published` came from: metadata | page | dateline | inferred-year
    date_source: str | None = None
    # year inferred from explicit years in the text when nothing else is known;
    # used to complete dates but never emitted as the publication date
    inferred_year: int | None = None


@dataclass(frozen=True)
class Zone:
    start: int
    end: int
    kind: ZoneKind
    label: str = ""  # nav, share, comments, tweets, tags, credit, related, title, body...


@dataclass(frozen=True)
class Sentence:
    start: int  # original offsets
    end: int
    relevant: bool = True  # set by the relevance cascade: worth parsing?


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: MentionKind
    entity_id: str | None  # canonical id, or None for NER names outside the pack
    method: str  # exact | fuzzy | ner | coref | rule
    label: str = ""  # NER label, or the alias that matched
    value: str | None = None  # dates: resolved ISO value (YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD)


@dataclass(frozen=True)
class Role:
    member_of: str
    role: str = ""
    start: str | None = None  # ISO date, inclusive
    end: str | None = None  # ISO date, exclusive: the role ends on that day


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str  # country | org | militia | person | group
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    roles: tuple[Role, ...] = ()
    country: str | None = None
    cameo: str | None = None
    died: str | None = None  # a person's day of death (ISO): dates an undated report of the killing


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: int  # ACLED-style: 1 exact site, 2 town, 3 region/country
    kind: str = "city"  # facility | city | region | country
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Party:
    """An actor as it appears in one event: canonical id, surface name, lineage."""

    id: str | None
    name: str
    lineage: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "lineage": list(self.lineage)}


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Event:
    doc_id: str
    event_id: str
    type: str
    evidence: Evidence
    mode: str | None = None
    actor: Party | None = None
    recipient: Party | None = None
    date: str | None = None
    location: Place | None = None
    status: Status = "asserted"
    source: Party | None = None
    confidence: float = 0.5
    cameo: str | None = None
    trigger: tuple[int, int] | None = None  # original offsets of the trigger words
    condition: str | None = None  # the trigger clause of a conditional event

    def to_json(self) -> dict[str, Any]:
        loc = None
        if self.location is not None:
            p = self.location
            loc = {"id": p.id, "name": p.name, "country": p.country, "lat": p.lat,
                   "lon": p.lon, "precision": p.precision}
        out: dict[str, Any] = {
            "doc_id": self.doc_id,
            "event_id": self.event_id,
            "type": self.type,
            "mode": self.mode,
            "actor": self.actor.to_json() if self.actor else None,
            "recipient": self.recipient.to_json() if self.recipient else None,
            "date": self.date,
            "location": loc,
            "status": self.status,
            "source": {"id": self.source.id, "name": self.source.name} if self.source else None,
            "evidence": {"text": self.evidence.text, "start": self.evidence.start,
                         "end": self.evidence.end},
            "confidence": round(self.confidence, 3),
            "cameo": self.cameo,
        }
        if self.trigger:
            out["trigger"] = {"start": self.trigger[0], "end": self.trigger[1]}
        if self.condition:
            out["condition"] = self.condition
        return out


@dataclass(frozen=True)
class Relation:
    subject: str
    relation: str  # commander_of, leader_of, deputy_commander_of, member_of, part_of,
    # supports, directs, succeeded, spokesman_of
    object: str
    doc_id: str
    evidence: Evidence
    date: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "relation": self.relation, "object": self.object,
                "doc_ids": [self.doc_id],
                "evidence": [{"doc_id": self.doc_id, "start": self.evidence.start,
                              "end": self.evidence.end, "text": self.evidence.text}],
                "date": self.date}


@dataclass(frozen=True)
class LedgerEntry:
    doc_id: str
    event_id: str
    outlet: str | None
    source: str | None
    status: str
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Incident:
    incident_id: str
    type: str
    date: str | None
    actor: Party | None
    recipient: Party | None
    location: Place | None
    ledger: tuple[LedgerEntry, ...] = ()


@dataclass(frozen=True)
class Document:
    id: str
    text: str  # as decoded from the input; every offset points here
    meta: DocMeta = field(default_factory=DocMeta)
    clean: str = ""  # normalised text for NLP (see ingest.normalize)
    offsets: OffsetMap = field(default_factory=OffsetMap)
    zones: tuple[Zone, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    # opaque per-stage caches (e.g. spaCy parses keyed by sentence index);
    # not part of the artifact, never compared or stored
    cache: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    stages_run: tuple[str, ...] = ()

    def span_text(self, m: Mention | Sentence | Zone) -> str:
        return self.text[m.start:m.end]

    def in_body(self, start: int) -> bool:
        """True unless `start` falls inside a boilerplate zone."""
        for z in self.zones:
            if z.start <= start < z.end:
                return z.kind == "body"
        return True

    def with_(self, **changes: Any) -> "Document":
        return replace(self, **changes)
