"""The local engine: shards in this process (1 worker) or in a process pool (N workers)."""
from __future__ import annotations

import multiprocessing
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .base import RunSummary, pending
from .shards import Shard
from .worker import ShardResult, get_extractor, process_shard


class LocalEngine:
    name = "local"

    def __init__(self, cascade: bool = True) -> None:
        self.cascade = cascade

    def run(self, shards: Sequence[Shard], out_dir: str | Path, workers: int = 1) -> RunSummary:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        summary = RunSummary(self.name, workers, shards=len(shards))
        t0 = time.perf_counter()
        todo = pending(shards, out, summary)
        if workers <= 1:
            for s in todo:
                summary.add(process_shard(s, str(out), self.cascade))
        elif todo:
            self._pool(todo, out, workers, summary)
        summary.seconds = time.perf_counter() - t0
        return summary

    def _pool(self, todo: Sequence[Shard], out: Path, workers: int, summary: RunSummary) -> None:
        # spawn, not fork: a forked child would inherit locks and threads of
        # the parent (spaCy, tqdm) mid-state
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=ctx,
                                 initializer=get_extractor, initargs=(self.cascade,)) as pool:
            futures: dict[Future[ShardResult], Shard] = {
                pool.submit(process_shard, s, str(out), self.cascade): s for s in todo}
            for fut in as_completed(futures):
                try:
                    summary.add(fut.result())
                except BrokenProcessPool as exc:
                    # a worker died (OOM, kill): its shard has no marker and reruns next time
                    summary.fail(futures[fut], f"worker process died ({exc})")
