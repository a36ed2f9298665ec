"""``proxywatch batch``: extraction over sharded inputs on an engine, and loading its output.

Registered on the main click group by :func:`register` (called from cli.py).
See docs/SCALE.md.
"""
from __future__ import annotations

import sys

import click

from .errors import ProxywatchError
from .store import DEFAULT_PATH


def _fail(msg: str) -> None:
    click.echo(f"proxywatch: {msg}", err=True)
    sys.exit(2)


def register(main: click.Group) -> None:
    """Add the ``batch`` command group to ``main``."""
    main.add_command(batch)


@click.group()
def batch() -> None:
    """Batch extraction over sharded JSONL / JSONL.gz / Parquet, locally or on Dask."""


@batch.command("extract")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="output folder (Parquet shards; rerun with the same folder to resume)")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="worker processes (local pool or LocalCluster; ignored with --scheduler)")
@click.option("--scheduler", help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
@click.option("--no-cascade", is_flag=True, help="parse every body sentence (slower)")
@click.option("--strict", is_flag=True, help="exit non-zero when any document or shard fails")
def extract(inputs: tuple[str, ...], out_dir: str, engine: str, workers: int, scheduler: str | None,
            no_cascade: bool, strict: bool) -> None:
    """Extract INPUTS (shard files or folders of them) into Parquet under --out."""
    from .engines import discover_shards, get_engine

    if scheduler and engine != "dask":
        _fail("--scheduler needs --engine dask")
    try:
        shards = discover_shards(list(inputs))
        summary = get_engine(engine, scheduler=scheduler, cascade=not no_cascade).run(
            shards, out_dir, workers)
    except ProxywatchError as e:
        _fail(str(e))
    click.echo(str(summary), err=True)
    if summary.failed or (strict and summary.failed_documents):
        sys.exit(1)


@batch.command("load")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--db", "db", default=DEFAULT_PATH, show_default=True,
              help="store: SQLite file path or postgresql:// DSN")
@click.option("--no-fuse", is_flag=True, help="store only; do not re-fuse incidents")
@click.option("--progress/--no-progress", default=False, help="progress bar on stderr")
def load(out_dir: str, db: str, no_fuse: bool, progress: bool) -> None:
    """Load the completed shards of OUT_DIR into the store; then fuse incidents."""
    from .engines import load_shards
    from .store import open_store

    try:
        with open_store(db, create=True) as store:
            summary = load_shards(store, out_dir, progress=progress)
            click.echo(str(summary), err=True)
            if not no_fuse:
                from .fuse import Fuser, refuse

                result = refuse(store, Fuser.load())
                multi = sum(1 for i in result.incidents if len(i.ledger) > 1)
                click.echo(f"incidents {len(result.incidents)} ({multi} with several reports)", err=True)
    except ProxywatchError as e:
        _fail(str(e))
    if summary.ingest.failed:
        sys.exit(1)
