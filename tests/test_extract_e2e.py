"""End to end: `proxywatch extract` on the seeds, scored by the shared scorer.

Issue #3 sets the goal at F1 >= 0.85 with the manifest; this test fails below
0.80 (the issue's floor). docs/EXTRACTION.md has the current figures.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from proxywatch.cli import main

ROOT = Path(__file__).resolve().parent.parent
FLOOR_SEEDS = 0.80  # issue #3's floor; measured 0.857 (2026-12-02)
FLOOR_RELATIONS = 0.85


def _score(shared: Path, gold: str, pred: Path, extra: list[str] | None = None) -> dict[str, float]:
    cmd = [sys.executable, str(shared / "tools" / "score_events.py"), "--gold", str(shared / "gold" / gold),
           "--pred", str(pred), "--json"] + (extra or [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_extract_seeds_manifest_scores_above_floor(shared: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    runner = CliRunner()
    res = runner.invoke(main, ["extract", "--manifest", str(shared / "gold" / "manifest.jsonl"), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    pred = tmp_path / "seeds.jsonl"
    pred.write_text(res.stdout, encoding="utf-8")
    for line in res.stdout.splitlines():
        ev = json.loads(line)
        assert set(ev) >= {"doc_id", "event_id", "type", "actor", "recipient", "date", "location", "status",
                           "source", "evidence", "confidence"}
    rel = runner.invoke(main, ["relations", "--manifest", str(shared / "gold" / "manifest.jsonl")])
    assert rel.exit_code == 0
    rel_path = tmp_path / "rel.jsonl"
    rel_path.write_text(rel.stdout, encoding="utf-8")
    score = _score(shared, "seeds.gold.yaml", pred, ["--relations", str(rel_path)])
    assert score["f1"] >= FLOOR_SEEDS, score
    assert score["relations_recall"] >= FLOOR_RELATIONS, score
    assert score["fp_boilerplate"] == 0, score


def test_extract_evidence_offsets_match_original_text(shared: Path) -> None:
    from click.testing import CliRunner

    res = CliRunner().invoke(main, ["extract", str(shared / "seeds" / "002_d4942d91dc72c31c.txt")])
    assert res.exit_code == 0
    text = (shared / "seeds" / "002_d4942d91dc72c31c.txt").read_text(encoding="utf-8")
    events = [json.loads(x) for x in res.stdout.splitlines()]
    assert events
    for ev in events:
        assert text[ev["evidence"]["start"]:ev["evidence"]["end"]] == ev["evidence"]["text"]
        assert ev["doc_id"] == "002_d4942d91dc72c31c"


def test_extract_bad_file_in_batch_is_reported_not_fatal(shared: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff" * 50)
    res = CliRunner().invoke(main, ["extract", str(bad), str(shared / "seeds" / "004_45bccc534f8ed574.txt")])
    assert res.exit_code == 0
    assert "broken.txt" in res.stderr
    assert any(json.loads(x)["doc_id"] == "004_45bccc534f8ed574" for x in res.stdout.splitlines())


@pytest.mark.parametrize("args", [["extract"], ["relations"], ["entities"]])
def test_extract_nothing_readable_exits_non_zero(tmp_path: Path, args: list[str]) -> None:
    from click.testing import CliRunner

    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    res = CliRunner().invoke(main, args + [str(empty)])
    assert res.exit_code != 0
    assert "empty.txt" in res.stderr
