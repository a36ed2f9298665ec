"""The distributed engine, on Dask: a LocalCluster, or an existing cluster by scheduler address.

Each shard is one task. A worker plugin loads the extractor when the worker
starts (so model loading is off the task clock and happens once per worker
process); tasks are pure functions of (shard, output folder) whose outputs
are deterministic and atomically renamed, so Dask's own retry of a task
lost with a dead worker cannot duplicate anything.
"""
from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from distributed import Client, LocalCluster, WorkerPlugin, as_completed
from distributed.scheduler import KilledWorker

from ..errors import ProxywatchError
from .base import RunSummary, pending
from .shards import Shard
from .worker import get_extractor, process_shard, warm


class ModelPlugin(WorkerPlugin):  # type: ignore[misc]
    """Dask worker plugin: load the extractor once, when the worker process starts."""

    name = "proxywatch-extractor"

    def __init__(self, cascade: bool = True) -> None:
        self.cascade = cascade

    def setup(self, worker: Any) -> None:
        get_extractor(self.cascade)



class DaskEngine:
    """``DaskEngine()`` starts a LocalCluster per run; ``DaskEngine(scheduler="tcp://host:8786")``
    uses a running cluster (its workers must have proxywatch installed and see ``out_dir``).

    As a context manager the cluster and client stay up across runs (the
    benchmark uses that to keep start-up out of its timings).
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, cascade: bool = True,
                 memory_limit: str = "auto", retries: int = 2) -> None:
        self.scheduler = scheduler
        self.cascade = cascade
        self.memory_limit = memory_limit
        self.retries = retries
        self._client: Any = None
        self._cluster: Any = None
        self._workers = 0

    def start(self, workers: int = 2) -> Any:
        """Connect (or start a LocalCluster of ``workers`` single-threaded processes); return the client."""
        if self._client is not None and (self.scheduler or workers == self._workers):
            return self._client
        if self._client is not None and self._cluster is not None:
            # resize in place: workers that stay keep their loaded model
            self._cluster.scale(workers)
            self._wait_for(workers)
            self._workers = workers
            self._client.run(warm, self.cascade)
            return self._client
        self.close()
        if self.scheduler:
            self._client = Client(self.scheduler)
        else:
            # one thread per process: the pipeline is CPU-bound Python, so
            # threads would only contend for the GIL
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         memory_limit=self.memory_limit, dashboard_address=None,
                                         silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        self._workers = workers
        self._client.register_plugin(ModelPlugin(self.cascade), name=ModelPlugin.name)
        # the plugin covers workers that join later; this makes sure every
        # current worker has finished loading before the first task is timed
        self._client.run(warm, self.cascade)
        return self._client

    def _wait_for(self, n: int, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self._client.scheduler_info(n_workers=-1).get("workers", {})) != n:
            if time.monotonic() > deadline:
                raise ProxywatchError(f"the Dask cluster did not reach {n} workers in {timeout:.0f} s")
            time.sleep(0.1)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None
        self._workers = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def run(self, shards: Sequence[Shard], out_dir: str | Path, workers: int = 2) -> RunSummary:
        out = Path(out_dir).resolve()
        out.mkdir(parents=True, exist_ok=True)
        summary = RunSummary(self.name, workers, shards=len(shards))
        t0 = time.perf_counter()
        todo = pending(shards, out, summary)
        if todo:
            owned = self._client is None
            client = self.start(workers)
            try:
                summary.workers = len(client.scheduler_info().get("workers", {})) or workers
                # the output folder is part of the key: two runs of the same shards
                # into different folders on one cluster must not share a task
                tag = hashlib.sha1(str(out).encode("utf-8", "surrogatepass")).hexdigest()[:8]
                futures = {client.submit(process_shard, s, str(out), self.cascade,
                                         key=f"proxywatch-shard-{s.key}-{tag}", pure=False,
                                         retries=self.retries): s for s in todo}
                for fut in as_completed(list(futures)):
                    try:
                        summary.add(fut.result())
                    except KilledWorker as exc:
                        summary.fail(futures[fut], f"workers kept dying on this shard ({exc})")
            finally:
                if owned:
                    self.close()
        summary.seconds = time.perf_counter() - t0
        return summary
