"""The engine port and the summary of a run, shared by every engine."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from .output import is_done, read_marker
from .shards import Shard
from .worker import ShardResult, fingerprint


@dataclass
class RunSummary:
    engine: str
    workers: int
    shards: int = 0
    done: int = 0
    skipped: int = 0  # complete before this run started (resumed)
    failed: int = 0
    documents: int = 0
    failed_documents: int = 0
    events: int = 0
    mentions: int = 0
    relations: int = 0
    seconds: float = 0.0  # wall clock of the run, start-up included
    #: worker name -> peak resident memory (MB) seen in its results
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (shard path, reason)
    #: fingerprints (worker.fingerprint) of the code and data that extracted this run's shards
    fingerprints: set[str] = field(default_factory=set)
    #: already-done shards extracted by another proxywatch version or other data files
    stale: int = 0

    def add(self, r: ShardResult) -> None:
        if r.status == "skipped":
            self.skipped += 1
            return
        if r.status == "failed":
            self.failed += 1
            self.errors.append((r.path, r.error or "failed"))
        else:
            self.done += 1
            self.fingerprints.add(r.fingerprint)
        self.documents += r.documents
        self.failed_documents += r.failed_documents
        self.events += r.events
        self.mentions += r.mentions
        self.relations += r.relations
        if r.worker:
            self.peak_rss_mb[r.worker] = max(self.peak_rss_mb.get(r.worker, 0.0), r.peak_rss_mb)

    def fail(self, shard: Shard, reason: str) -> None:
        self.failed += 1
        self.errors.append((shard.path, reason))

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def lines(self) -> list[str]:
        out = [(f"{self.engine} x{self.workers}: shards {self.shards} · done {self.done} · "
                f"already done {self.skipped} · failed {self.failed} · documents {self.documents} "
                f"(failed {self.failed_documents}) · events {self.events} · mentions {self.mentions} · "
                f"relations {self.relations} · {self.seconds:.1f} s")]
        if self.peak_rss_mb:
            out.append("  peak memory per worker: " + ", ".join(
                f"{w} {mb:.0f} MB" for w, mb in sorted(self.peak_rss_mb.items())))
        if len(self.fingerprints) > 1:
            out.append(f"  warning: workers ran {len(self.fingerprints)} different proxywatch installs "
                       f"({', '.join(sorted(self.fingerprints))}); results may differ between shards")
        if self.stale:
            out.append(f"  warning: {self.stale} shards already done were extracted by another proxywatch"
                       " version or data; use a fresh --out to re-extract them")
        out += [f"  failed {path}: {why}" for path, why in self.errors]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


@runtime_checkable
class Engine(Protocol):
    name: str

    def run(self, shards: Sequence[Shard], out_dir: str | Path, workers: int) -> RunSummary:
        """Extract every shard not yet complete in ``out_dir``; never raises for one bad shard."""
        ...


def pending(shards: Sequence[Shard], out_dir: Path, summary: RunSummary) -> list[Shard]:
    """Shards still to do (in order); counts the complete ones (and stale ones) in ``summary``."""
    todo: list[Shard] = []
    done: list[Shard] = []
    for s in shards:
        (done if is_done(out_dir, s.key) else todo).append(s)
    here = fingerprint()
    summary.skipped = len(done)
    summary.stale = len([s for s in done if read_marker(out_dir, s.key).get("fingerprint") != here])
    return todo
