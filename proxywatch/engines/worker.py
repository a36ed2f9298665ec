"""What runs inside a worker process: one shard in, its Parquet files and marker out.

The extractor (knowledge pack, lexicon, spaCy model) is loaded at most once
per process and kept in a module global: a Dask worker plugin or a process
pool initializer calls :func:`get_extractor` at start-up, and every task of
that process reuses it. Nothing is loaded at import.
"""
from __future__ import annotations

import os
import resource
import socket
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .output import ShardRows, clear_partial, is_done, mark_started, write_shard
from .shards import Shard, ShardRead, read_shard

_EXTRACTORS: dict[bool, Any] = {}
_LOADED_WITH: dict[bool, str] = {}  # fingerprint of the files each extractor was loaded from


def get_extractor(cascade: bool = True) -> Any:
    """This process's :class:`proxywatch.api.Extractor`, loaded on first use."""
    ex = _EXTRACTORS.get(cascade)
    if ex is None:
        from ..api import Extractor

        _LOADED_WITH[cascade] = fingerprint()
        ex = _EXTRACTORS[cascade] = Extractor.load(cascade=cascade)
    return ex


def loads() -> int:
    """How many extractors this process has loaded (1 per cascade setting at most)."""
    return len(_EXTRACTORS)


def fingerprint() -> str:
    """Hash of the proxywatch version and its data files: equal fingerprints, equal extraction.

    Kept in every completion marker, so a resumed run (or a cluster whose
    workers run another install) can tell which shards came from which code.
    """
    import hashlib
    from importlib import metadata, resources

    h = hashlib.sha256()
    try:
        h.update(metadata.version("proxywatch").encode())
    except metadata.PackageNotFoundError:
        h.update(b"unversioned")
    data = resources.files("proxywatch.data")
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.endswith((".py", ".pyc")):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:16]


def warm(cascade: bool = True) -> str:
    """Load this process's extractor now (returns the worker name, never the extractor)."""
    get_extractor(cascade)
    return worker_name()


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class ShardResult:
    key: str
    path: str
    status: str  # done | skipped (already complete) | failed
    documents: int = 0
    failed_documents: int = 0
    events: int = 0
    mentions: int = 0
    relations: int = 0
    seconds: float = 0.0  # extraction and writing, without model loading
    worker: str = ""
    peak_rss_mb: float = 0.0
    error: str | None = None
    fingerprint: str = ""
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source:line, reason)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def process_shard(shard: Shard, out_dir: str, cascade: bool = True) -> ShardResult:
    """Extract one shard into ``out_dir``; idempotent, safe to rerun after any crash.

    A shard whose marker exists is skipped. Otherwise what an earlier,
    unfinished attempt left is removed first, so a retry never duplicates rows.
    Unreadable records are counted as failed documents; an unreadable shard
    returns status ``failed`` (no marker, so the next run tries it again).
    """
    out = Path(out_dir)
    if is_done(out, shard.key):
        return ShardResult(shard.key, shard.path, "skipped", worker=worker_name())
    extractor = get_extractor(cascade)
    t0 = time.perf_counter()
    clear_partial(out, shard.key)
    mark_started(out, shard.key)
    read = ShardRead()
    rows = ShardRows.empty(shard.key)
    try:
        for doc in extractor.extract_documents(read_shard(shard, read)):
            rows.add(doc.with_(cache={}))
    except InputError as err:
        return ShardResult(shard.key, shard.path, "failed", worker=worker_name(),
                           peak_rss_mb=peak_rss_mb(), error=str(err))
    result = ShardResult(shard.key, shard.path, "done", documents=rows.documents,
                         failed_documents=len(read.failures), events=rows.events,
                         mentions=rows.mentions, relations=rows.relations,
                         worker=worker_name(), fingerprint=_LOADED_WITH.get(cascade, ""),
                         failures=read.failures)
    write_shard(out, rows, {"shard": shard.path, "key": shard.key, "documents": rows.documents,
                            "failed_documents": len(read.failures), "events": rows.events,
                            "mentions": rows.mentions, "relations": rows.relations,
                            "fingerprint": result.fingerprint,
                            "failures": [list(f) for f in read.failures[:1000]]})
    result.seconds = time.perf_counter() - t0
    result.peak_rss_mb = peak_rss_mb()
    return result
