"""Durable event store behind the :class:`Store` port.

``open_store("proxywatch.db")`` opens the embedded SQLite file;
``open_store("postgresql://...")`` the team server; ``open_store(":memory:")``
an in-memory twin for tests. See docs/STORE.md.
"""
from __future__ import annotations

from pathlib import Path

from .ingest import IngestSummary, ingest_documents
from .memory import MemoryStore
from .port import SaveResult, SaveStatus, Store, StoredDocument

DEFAULT_PATH = "proxywatch.db"

__all__ = ["DEFAULT_PATH", "IngestSummary", "MemoryStore", "SaveResult", "SaveStatus", "Store",
           "StoredDocument", "ingest_documents", "open_store"]


def open_store(path_or_dsn: str | Path = DEFAULT_PATH, create: bool = True) -> Store:
    """Open the store at a file path (SQLite), a ``postgresql://`` DSN, or ``:memory:``.

    ``create=False`` (for read-only commands such as ``events`` or ``export``)
    makes a missing SQLite file a StoreError instead of a new empty store.
    """
    target = str(path_or_dsn)
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore.open(target)
    if target == ":memory:":
        return MemoryStore()
    from .sqlite import SqliteStore

    return SqliteStore.open(target, create=create)
