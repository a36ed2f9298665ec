"""Saving many documents in few transactions (bulk loads of batch-extraction output).

``ingest_documents`` commits once per document: right for a live ingest
(an interrupted run loses at most the document in flight), slow for loading
millions of already-extracted documents. :func:`save_documents` wraps
``batch`` documents in one transaction on the SQL stores, with the very same
per-document semantics (``Store.save_document``: stored / unchanged /
replaced), so nothing about what ends up stored changes; only commit count.
A batch that fails is rolled back and retried one document at a time, so one
bad document is recorded as a failure and the rest are still stored.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from ..errors import ProxywatchError
from ..model import Document
from .ingest import IngestSummary, ingest_documents
from .port import Store
from .sqlbase import SqlStore


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while chunk := list(islice(it, size)):
        yield chunk


def save_documents(store: Store, docs: Iterable[Document], batch: int = 500) -> IngestSummary:
    """Save ``docs`` with one transaction per ``batch`` documents (SQL stores); else one each."""
    if not isinstance(store, SqlStore) or batch <= 1:
        return ingest_documents(store, docs)
    summary = IngestSummary()
    for chunk in _chunks(docs, batch):
        try:
            results = []
            # save_document's own transaction joins this one (the backends'
            # _tx is re-entrant), so the batch commits once, or not at all
            with store._guarded(f"saving {len(chunk)} documents"), store._tx(write=True, key="__bulk__"):
                results = [store.save_document(d) for d in chunk]
        except ProxywatchError:
            part = ingest_documents(store, chunk)
            for name in ("read", "stored", "unchanged", "replaced", "events"):
                setattr(summary, name, getattr(summary, name) + getattr(part, name))
            summary.failures += part.failures
            continue
        for r in results:
            summary.read += 1
            summary.add_saved(r)
    return summary
