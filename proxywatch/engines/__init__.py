"""Batch extraction over sharded inputs, locally or on a Dask cluster (docs/SCALE.md).

    >>> from proxywatch.engines import discover_shards, get_engine, load_shards
    >>> shards = discover_shards(["corpus/"])
    >>> summary = get_engine("dask", scheduler="tcp://10.0.0.5:8786").run(shards, "out/", workers=8)
    >>> with open_store("proxywatch.db") as store: load_shards(store, "out/")
"""
from __future__ import annotations

from typing import Any

from ..errors import InputError
from .base import Engine, RunSummary
from .load import LoadSummary, load_shards
from .shards import Shard, discover_shards
from .worker import ShardResult, process_shard

ENGINES = ("local", "dask")

__all__ = ["ENGINES", "Engine", "LoadSummary", "RunSummary", "Shard", "ShardResult", "discover_shards",
           "get_engine", "load_shards", "process_shard"]


def get_engine(name: str, scheduler: str | None = None, cascade: bool = True, **options: Any) -> Engine:
    """An engine by name: ``local`` or ``dask`` (``scheduler`` = address of a running cluster)."""
    if name == "local":
        if scheduler:
            raise InputError("--scheduler", "only the dask engine takes a scheduler address")
        from .local import LocalEngine

        return LocalEngine(cascade=cascade)
    if name == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(scheduler=scheduler, cascade=cascade, **options)
    raise InputError("--engine", f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
