"""In-memory twin of the SQL stores: same semantics, no persistence (for tests)."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from ..model import Document, Event, Mention, Relation
from . import fts
from .codec import content_hash
from .dates import overlaps
from .port import SaveResult, StoredDocument
from .sqlbase import check_date_filter, party_ids, utc_now


@dataclass(frozen=True)
class _Row:
    doc: Document
    digest: str
    ingested_at: str


class MemoryStore:
    location = ":memory:"

    def __init__(self) -> None:
        self._docs: dict[str, _Row] = {}
        self._lock = threading.Lock()

    def save_document(self, doc: Document, force: bool = False) -> SaveResult:
        digest = content_hash(doc.text)
        # the cache is never stored by the SQL stores: drop it here too
        clean_doc = doc.with_(cache={})
        with self._lock:
            old = self._docs.get(doc.id)
            if old is not None and old.digest == digest and not force:
                return SaveResult(doc.id, "unchanged", digest, len(doc.events))
            self._docs[doc.id] = _Row(clean_doc, digest, utc_now())
        return SaveResult(doc.id, "replaced" if old else "stored", digest, len(doc.events))

    def _sorted(self) -> list[_Row]:
        with self._lock:
            return [self._docs[k] for k in sorted(self._docs)]

    def events(self, actor: str | None = None, recipient: str | None = None,
               type: str | None = None, status: str | None = None, since: str | None = None,
               until: str | None = None, place: str | None = None,
               limit: int | None = None, q: str | None = None) -> list[Event]:
        check_date_filter("since", since)
        check_date_filter("until", until)
        terms = fts.parse_query(q) if q else None
        out: list[Event] = []
        for row in self._sorted():
            for e in row.doc.events:
                ids = set(party_ids(e))
                if actor is not None and ("actor", actor) not in ids:
                    continue
                if recipient is not None and ("recipient", recipient) not in ids:
                    continue
                if type is not None and e.type != type.upper():
                    continue
                if status is not None and e.status != status:
                    continue
                if not overlaps(e.date, since, until):
                    continue
                if place is not None and not _place_matches(e, place):
                    continue
                if terms is not None and not fts.matches(terms, fts.search_text(e)):
                    continue
                out.append(e)
        return out[:limit] if limit is not None else out

    def documents(self) -> list[StoredDocument]:
        return [StoredDocument(r.doc.id, r.digest, r.doc.meta, len(r.doc.text), len(r.doc.events),
                               len(r.doc.mentions), len(r.doc.relations), r.ingested_at)
                for r in self._sorted()]

    def get_document(self, id: str) -> Document | None:
        with self._lock:
            row = self._docs.get(id)
        return row.doc if row else None

    def mentions(self, doc_id: str) -> list[Mention]:
        doc = self.get_document(doc_id)
        return list(doc.mentions) if doc else []

    def relations(self, subject: str | None = None, relation: str | None = None,
                  object: str | None = None, doc_id: str | None = None) -> list[Relation]:
        out = []
        for row in self._sorted():
            for r in row.doc.relations:
                if ((subject is None or r.subject == subject)
                        and (relation is None or r.relation == relation)
                        and (object is None or r.object == object)
                        and (doc_id is None or row.doc.id == doc_id)):
                    out.append(r)
        return out

    def check(self) -> list[str]:
        return []

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _place_matches(e: Event, place: str) -> bool:
    loc = e.location
    if loc is None:
        return False
    low = place.lower()
    return (loc.id == place or (loc.name or "").lower() == low
            or (loc.country or "").lower() == low)
