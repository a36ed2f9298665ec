"""The store port: what every backend (SQLite, PostgreSQL, memory) offers.

Callers (CLI, API, exports, incident fusion) depend on this Protocol only.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Literal, Protocol, Self, runtime_checkable

from ..model import DocMeta, Document, Event, Mention, Relation

SaveStatus = Literal["stored", "unchanged", "replaced"]


@dataclass(frozen=True)
class SaveResult:
    doc_id: str
    status: SaveStatus
    content_hash: str
    events: int = 0


@dataclass(frozen=True)
class StoredDocument:
    """A document's record without its text and extraction (cheap to list)."""

    id: str
    content_hash: str
    meta: DocMeta
    chars: int
    events: int
    mentions: int
    relations: int
    ingested_at: str  # UTC ISO timestamp of the last store/replace


@runtime_checkable
class Store(Protocol):
    #: where the data lives: a file path or a DSN without its password
    location: str

    def save_document(self, doc: Document, force: bool = False) -> SaveResult:
        """Store ``doc`` with its zones, mentions, events and relations in ONE transaction.

        Same id and same text hash -> ``unchanged`` (nothing written) unless
        ``force``; same id, other text (or ``force``) -> ``replaced``; else ``stored``.
        """
        ...

    def events(self, actor: str | None = None, recipient: str | None = None,
               type: str | None = None, status: str | None = None, since: str | None = None,
               until: str | None = None, place: str | None = None,
               limit: int | None = None, q: str | None = None) -> list[Event]:
        """Events in document order. ``actor``/``recipient`` match any id of the lineage;
        ``place`` matches a place id, name (case-insensitive) or country code;
        ``since``/``until`` keep events whose date interval overlaps them; ``q`` is free
        text (words ANDed, "phrases", prefix*; see :mod:`proxywatch.store.fts`)."""
        ...

    def documents(self) -> list[StoredDocument]: ...

    def get_document(self, id: str) -> Document | None: ...

    def mentions(self, doc_id: str) -> list[Mention]: ...

    def relations(self, subject: str | None = None, relation: str | None = None,
                  object: str | None = None, doc_id: str | None = None) -> list[Relation]: ...

    def check(self) -> list[str]:
        """Integrity problems found (empty list = healthy)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None: ...
