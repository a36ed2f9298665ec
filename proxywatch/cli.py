"""The ``proxywatch`` command: thin click commands over :mod:`proxywatch.api`."""
from __future__ import annotations

import json
import sys

from typing import Any, Callable, Iterator

import click

from .errors import ProxywatchError
from .ingest.report import IngestReport
from .model import Document


def _fail(msg: str) -> None:
    click.echo(f"proxywatch: {msg}", err=True)
    sys.exit(2)


def _docs(extractor: Any, files: tuple[str, ...], manifest: str | None, report: IngestReport) -> Iterator[Document]:
    if manifest:
        return extractor.extract_manifest(manifest, report)
    if not files:
        files = ("-",)
    return extractor.extract_paths(list(files), report)


def _finish(report: IngestReport, strict: bool) -> None:
    for line in report.lines():
        click.echo(line, err=True)
    click.echo(report.summary(), err=True)
    code = report.exit_code(strict)
    if code:
        sys.exit(code)


input_options = [
    click.argument("files", nargs=-1, type=click.Path()),
    click.option("--manifest", type=click.Path(exists=True, dir_okay=False), help="JSONL manifest of documents"),
    click.option("--strict", is_flag=True, help="exit non-zero when any input fails"),
    click.option("--no-cascade", is_flag=True, help="parse every body sentence (slower; for measuring)"),
]


def with_inputs(f: Any) -> Any:
    for opt in reversed(input_options):
        f = opt(f)
    return f


@click.group()
@click.version_option(package_name="proxywatch")
def main() -> None:
    """proxywatch: sourced records of proxy conflict from news text."""


def _run(files: tuple[str, ...], manifest: str | None, strict: bool, no_cascade: bool,
         emit: Callable[[Any, Iterator[Document]], None], all_names: bool = False) -> None:
    """Load the extractor, feed the inputs to `emit`, report failures: every input command's frame."""
    from .api import Extractor

    report = IngestReport()
    try:
        ex = Extractor.load(cascade=not no_cascade, all_names=all_names)
        emit(ex, _docs(ex, files, manifest, report))
    except ProxywatchError as e:
        _fail(str(e))
    _finish(report, strict)


def _echo_json(row: Any) -> None:
    click.echo(json.dumps(row, ensure_ascii=False))


@main.command()
@with_inputs
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl")
def extract(files: tuple[str, ...], manifest: str | None, strict: bool, no_cascade: bool, fmt: str) -> None:
    """Extract PLOVER events (docs: ../shared/spec/EVENTS.md) from FILES or --manifest."""
    def emit(ex: Any, docs: Iterator[Document]) -> None:
        for doc in docs:
            for ev in doc.events:
                if fmt == "jsonl":
                    _echo_json(ev.to_json())
                else:
                    a = ev.actor.id or ev.actor.name if ev.actor else "-"
                    r = ev.recipient.id or ev.recipient.name if ev.recipient else "-"
                    click.echo(f"{ev.event_id}\t{ev.type}\t{a}\t{r}\t{ev.date or '-'}\t{ev.status}")
    _run(files, manifest, strict, no_cascade, emit)


@main.command()
@with_inputs
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl")
def entities(files: tuple[str, ...], manifest: str | None, strict: bool, no_cascade: bool, fmt: str) -> None:
    """Print every resolved actor/place mention of FILES or --manifest."""
    from .knowledge import entities_json

    def emit(ex: Any, docs: Iterator[Document]) -> None:
        for doc in docs:
            for row in entities_json(doc, ex.pack):
                _echo_json(row)
    _run(files, manifest, strict, no_cascade, emit, all_names=True)


@main.command()
@with_inputs
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl")
def relations(files: tuple[str, ...], manifest: str | None, strict: bool, no_cascade: bool, fmt: str) -> None:
    """Print command, membership, sponsorship and succession relations, merged across documents."""
    from .stages.relations import merge_relations

    def emit(ex: Any, docs: Iterator[Document]) -> None:
        for row in merge_relations([r for doc in docs for r in doc.relations]):
            _echo_json(row)
    _run(files, manifest, strict, no_cascade, emit)


def _register_groups() -> None:
    from . import cli_analyze, cli_engine, cli_serve, cli_store

    cli_store.register(main)
    cli_analyze.register(main)
    cli_serve.register(main)
    cli_engine.register(main)


def run() -> None:  # pragma: no cover - console entry for `python -m proxywatch`
    main()


_register_groups()

if __name__ == "__main__":  # pragma: no cover
    main()

