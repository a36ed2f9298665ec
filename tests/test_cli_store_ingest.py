from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from proxywatch.cli_store import register


def test_cli_store_ingest_stores_fuses_and_is_idempotent(tmp_path: Path) -> None:
    @click.group()
    def main() -> None:
        pass

    register(main)
    (tmp_path / "a.txt").write_text(
        "BAGHDAD, March 3, 2020 - Three rockets struck Camp Taji north of Baghdad on Tuesday, "
        "wounding two soldiers, the Iraqi military said.\n")
    (tmp_path / "b.txt").write_text(
        "March 4, 2020 - Five rockets hit Camp Taji on Tuesday night, officials said.\n")
    db = str(tmp_path / "pw.db")
    files = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", *files, "--db", db, "--no-progress"])
    assert first.exit_code == 0, first.output
    assert "read 2 · stored 2" in first.output and "incidents" in first.output
    second = runner.invoke(main, ["ingest", *files, "--db", db, "--no-progress"])
    assert "stored 0 · unchanged (duplicate) 2" in second.output
    out = runner.invoke(main, ["incidents", "--db", db, "--format", "jsonl"]).output
    rows = [json.loads(x) for x in out.splitlines()]
    members = [(m["doc_id"], m["event_id"]) for r in rows for m in r["events"]]
    assert len(members) == len(set(members)) and members  # each event in exactly one incident
