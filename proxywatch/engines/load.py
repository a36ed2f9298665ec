"""Loading the Parquet output of a batch run into the store (SQLite, PostgreSQL, memory).

Only shards with a completion marker are read, so the output of a run still
going (or one that died) is loaded up to its last complete shard and never
half. Documents are rebuilt exactly (text, zones, sentences, mentions,
events, relations) and saved through ``Store.save_document``, so loading is
idempotent (same text -> ``unchanged``) and the store's usual commands
(``proxywatch events``, ``incidents``...) query them as if ingested directly.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoreError
from ..model import Document
from ..store import IngestSummary, Store
from ..store.bulk import save_documents
from .output import completed_keys, shard_documents


@dataclass
class LoadSummary:
    shards: int = 0
    ingest: IngestSummary = field(default_factory=IngestSummary)

    def __str__(self) -> str:
        return f"shards {self.shards}\n{self.ingest}"


def iter_output_documents(out_dir: str | Path) -> Iterator[Document]:
    """Every Document of the completed shards of ``out_dir``, shard by shard."""
    out = Path(out_dir)
    for key in completed_keys(out):
        yield from shard_documents(out, key)


def load_shards(store: Store, out_dir: str | Path, progress: bool = False, batch: int = 500) -> LoadSummary:
    """Save the documents of every completed shard of ``out_dir`` into ``store``.

    ``batch`` documents share one transaction (see :mod:`proxywatch.store.bulk`).
    """
    out = Path(out_dir)
    if not out.is_dir():
        raise StoreError(f"{out}: no such batch output folder")
    keys = completed_keys(out)
    docs = iter_output_documents(out)
    if progress:
        import sys

        from tqdm import tqdm

        docs = iter(tqdm(docs, desc="load", unit="doc", file=sys.stderr))
    return LoadSummary(len(keys), save_documents(store, docs, batch=batch))
