from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner
from fuse_samples import rocket_reports

from proxywatch.cli_store import register
from proxywatch.store import open_store


def _cli() -> click.Group:
    @click.group()
    def main() -> None:
        pass

    register(main)
    return main


def _ids(db: str, *args: str) -> set[str]:
    res = CliRunner().invoke(_cli(), ["events", "--db", db, "--format", "jsonl", *args])
    assert res.exit_code == 0, res.output
    return {json.loads(x)["event_id"] for x in res.output.splitlines()}


def test_cli_store_events_q_uses_the_word_rules(tmp_path: Path) -> None:
    db = str(tmp_path / "pw.db")
    with open_store(db) as store:
        for d in rocket_reports():
            store.save_document(d)
    assert _ids(db, "--q", "ROCKETS erbil") == {"wire-a:0", "wire-b:0"}  # words ANDed, any case
    assert _ids(db, "--q", '"rocket attack"') == {"wire-a:1"}  # a phrase
    assert _ids(db, "--q", "rock*", "--status", "denied") == {"wire-a:1"}  # prefix, with a filter
    assert _ids(db, "--q", "rocke") == set()  # no substring matching
    assert len(_ids(db)) == 6
