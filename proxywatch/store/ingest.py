"""Save a stream of documents, one transaction each, and summarise the run."""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import ProxywatchError
from ..model import Document
from .port import SaveResult, Store


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    replaced: int = 0
    events: int = 0
    #: (document id or source, reason)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def add_saved(self, result: SaveResult) -> None:
        """Count one document the store took (stored, replaced or unchanged)."""
        if result.status == "stored":
            self.stored += 1
        elif result.status == "replaced":
            self.replaced += 1
        else:
            self.unchanged += 1
        if result.status != "unchanged":
            self.events += result.events

    def add_failure(self, source: str, reason: str) -> None:
        """Record a document that never reached the store (e.g. unreadable input)."""
        self.failures.append((source, reason))

    def lines(self) -> list[str]:
        out = [(f"read {self.read} · stored {self.stored} · unchanged (duplicate) {self.unchanged}"
                f" · replaced {self.replaced} · failed {self.failed} · events {self.events}")]
        out += [f"  failed {src}: {why}" for src, why in self.failures]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def ingest_documents(store: Store, docs: Iterable[Document], progress: bool = False) -> IngestSummary:
    """Save every document of ``docs``; a failure is recorded and the run goes on.

    Each document is its own transaction, so an interrupted run loses at most
    the document in flight and a rerun only adds what is missing.
    """
    summary = IngestSummary()
    for doc in _progress(_guarded_iter(docs, summary), progress):
        summary.read += 1
        try:
            result = store.save_document(doc)
        except ProxywatchError as exc:
            summary.add_failure(doc.id, str(exc))
            continue
        summary.add_saved(result)
    return summary


def _guarded_iter(docs: Iterable[Document], summary: IngestSummary) -> Iterator[Document]:
    # an extractor error ends the stream (a generator that raised cannot go
    # on), but the documents already saved stay saved and the reason is kept
    it = iter(docs)
    while True:
        try:
            doc = next(it)
        except StopIteration:
            return
        except ProxywatchError as exc:
            summary.add_failure(getattr(exc, "source", "input"), str(exc))
            return
        yield doc


def _progress(docs: Iterator[Document], enabled: bool) -> Iterator[Document]:
    if not enabled:
        return docs
    from tqdm import tqdm

    return iter(tqdm(docs, desc="ingest", unit="doc", file=sys.stderr))
