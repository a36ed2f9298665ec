"""Follow-through end to end: the seed articles extracted, stored, and analysed from the store."""
from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from proxywatch.cli_analyze import register
from proxywatch.store import open_store


def test_cli_analyze_seeds_conditional_threats_of_2013_were_never_triggered(shared: Path, tmp_path: Path) -> None:
    from proxywatch.api import Extractor

    db = tmp_path / "pw.db"
    ex = Extractor.load()
    with open_store(db) as store:
        for doc in ex.extract_manifest(shared / "gold" / "manifest.jsonl"):
            store.save_document(doc)

    @click.group()
    def main() -> None:
        pass
    register(main)
    res = CliRunner().invoke(main, ["analyze", "followthrough", "--db", str(db)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    y2013 = [t for t in out["threats"] if t["date"].startswith("2013")]
    # the 2013 threats were conditional on a US strike on Syria, which never came
    assert y2013 and all(t["trigger_type"] == "ASSAULT" for t in y2013)
    assert all(t["status"] == "not_triggered" for t in y2013)
    assert sum("usa" in t["target"] for t in y2013) >= 2
    # a conditional threat with an untyped trigger ("if you cross us") is not counted as a failure
    for row in out["by_actor"].values():
        assert row["followed"] + row["not_followed"] + row["not_triggered"] + row["open"] \
            + row["trigger_unknown"] == row["threats"]
