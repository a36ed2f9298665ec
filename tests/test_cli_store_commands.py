from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from fuse_samples import rocket_reports

from proxywatch.cli_store import register
from proxywatch.fuse import Fuser, refuse
from proxywatch.store import open_store


@pytest.fixture
def cli() -> click.Group:
    @click.group()
    def main() -> None:
        pass

    register(main)
    return main


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "pw.db")
    with open_store(path) as store:
        for d in rocket_reports():
            store.save_document(d)
        refuse(store, Fuser.load())
    return path


def _run(cli: click.Group, *args: str) -> str:
    res = CliRunner().invoke(cli, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_cli_store_incidents_jsonl_contract(cli: click.Group, db: str) -> None:
    rows = [json.loads(x) for x in _run(cli, "incidents", "--db", db, "--format", "jsonl").splitlines()]
    assert {"incident_id", "type", "date", "actor", "recipient", "location", "events"} <= set(rows[0])
    big = max(rows, key=lambda r: len(r["events"]))
    assert big["type"] == "ASSAULT" and len(big["events"]) == 4
    m = big["events"][0]
    assert {"doc_id", "event_id"} <= set(m) and set(m["evidence"]) == {"start", "end"}
    assert all(isinstance(m["evidence"]["start"], int) for m in big["events"])


def test_cli_store_filters_and_formats(cli: click.Group, db: str) -> None:
    out = _run(cli, "incidents", "--db", db, "--type", "threaten", "--format", "csv")
    lines = out.splitlines()
    assert lines[0].startswith("incident_id,type,date") and len(lines) == 2 and "THREATEN" in lines[1]
    out = _run(cli, "events", "--db", db, "--actor", "irq.pmf", "--format", "jsonl")
    assert {json.loads(x)["event_id"] for x in out.splitlines()} == {"wire-a:1", "wire-a:2"}
    out = _run(cli, "events", "--db", db, "--status", "claimed")
    assert "wire-b:1" in out and "wire-a:0" not in out
    out = _run(cli, "incidents", "--db", db, "--place", "Basra", "--format", "jsonl")
    assert len(out.splitlines()) == 1
    out = _run(cli, "actors", "--db", db, "--format", "csv")
    assert "kataib-hezbollah" in out and out.splitlines()[0].startswith("id,name")


def test_cli_store_read_commands_refuse_missing_db(cli: click.Group, tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    res = CliRunner().invoke(cli, ["incidents", "--db", str(missing)])
    assert res.exit_code == 2 and "no such database file" in res.output
    assert not missing.exists()


def test_cli_store_ledger_merge_split(cli: click.Group, db: str) -> None:
    rows = [json.loads(x) for x in _run(cli, "incidents", "--db", db, "--format", "jsonl").splitlines()]
    big = max(rows, key=lambda r: len(r["events"]))
    basra = next(r for r in rows if r["location"] and r["location"]["id"] == "basra")
    ledger = _run(cli, "incident", big["incident_id"], "--db", db)
    assert "rockets: 3" in ledger and "5" in ledger and "status:" in ledger and "Wire B" in ledger
    assert "fusion: auto with" in ledger
    out = _run(cli, "merge", big["incident_id"], basra["incident_id"], "--db", db)
    merged = out.split(" into ")[1].split()[0]
    after = [json.loads(x) for x in _run(cli, "incidents", "--db", db, "--format", "jsonl").splitlines()]
    assert len(after) == len(rows) - 1
    _run(cli, "split", merged, "wire-c:0", "--db", db)
    again = [json.loads(x) for x in _run(cli, "incidents", "--db", db, "--format", "jsonl").splitlines()]
    assert len(again) == len(rows)


def test_cli_store_actor_profile_and_exports(cli: click.Group, db: str, tmp_path: Path) -> None:
    out = _run(cli, "actor", "kataib-hezbollah", "--db", db)
    assert "activity: 1 incidents as actor" in out
    res = CliRunner().invoke(cli, ["actor", "no-such-actor-x", "--db", db])
    assert res.exit_code == 2
    for fmt, name in (("graphml", "g.graphml"), ("acled", "a.csv"), ("stix", "s.json")):
        target = tmp_path / name
        _run(cli, "export", fmt, "--db", db, "-o", str(target))
        assert target.stat().st_size > 0
    bundle = json.loads((tmp_path / "s.json").read_text())
    assert any(o.get("x_proxywatch_incident") for o in bundle["objects"])


def test_cli_store_eval_incidents_on_gold_events(cli: click.Group, tmp_path: Path) -> None:
    texts = {"n1": "Rockets hit Erbil airport on Monday. The attack wounded two guards.",
             "n2": "Kataib Hezbollah threatened US troops. Separately, a drone hit Basra."}
    gold = {"docs": {
        "n1": {"events": [
            {"type": "ASSAULT", "recipient": ["usa.mil"], "date": "2021-02-15", "incident": "erbil",
             "evidence": "Rockets hit Erbil airport"},
            {"type": "ASSAULT", "recipient": ["usa.mil"], "date": "2021-02-15", "incident": "erbil",
             "evidence": "The attack wounded two guards"}]},
        "n2": {"events": [
            {"type": "THREATEN", "actor": ["kataib-hezbollah"], "recipient": ["usa.mil"],
             "date": "2021-02-15", "incident": "threat", "evidence": "threatened US troops"},
            {"type": "ASSAULT", "date": "2021-02-14", "incident": "basra",
             "evidence": "a drone hit Basra"}]}}}
    res = _eval_gold(cli, tmp_path, texts, gold)
    assert res["reached"] == 4 and res["pairs_tp"] == 1 and res["pairs_fp"] == 0
    assert res["f1"] == 1.0


def test_cli_store_eval_incidents_direct_measure_ignores_the_sentence_mapping(
        cli: click.Group, tmp_path: Path) -> None:
    # two attacks told in one sentence: the overlap mapping hands that sentence's gold events
    # out in file order, so a fuser that keeps them apart correctly still loses the pairs;
    # compared by identity, the same fusion is exact
    texts = {"n1": "Rockets hit Erbil airport and a drone hit a base in Basra on Monday.",
             "n2": "The attack on Erbil airport wounded two guards."}
    gold = {"docs": {
        "n1": {"events": [
            {"type": "ASSAULT", "recipient": ["usa.mil"], "date": "2021-02-15", "incident": "erbil",
             "evidence": "Rockets hit Erbil airport"},
            {"type": "ASSAULT", "actor": ["kataib-hezbollah"], "recipient": ["irq"], "date": "2021-02-14",
             "incident": "basra", "evidence": "a drone hit a base in Basra"}]},
        "n2": {"events": [
            {"type": "ASSAULT", "recipient": ["usa.mil"], "date": "2021-02-15", "incident": "erbil",
             "evidence": "The attack on Erbil airport wounded two guards"}]}}}
    res = _eval_gold(cli, tmp_path, texts, gold)
    assert res["direct"] == {"events": 3, "pairs_tp": 1, "pairs_fp": 0, "pairs_fn": 0,
                             "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert res["f1"] < 1.0  # the mapped measure on the very same incidents


def _eval_gold(cli: click.Group, tmp_path: Path, texts: dict[str, str], gold: dict[str, Any]) -> dict[str, Any]:
    """`eval incidents --events gold --json` on a manifest of `texts` and the gold file `gold`."""
    import yaml

    (tmp_path / "manifest.jsonl").write_text("".join(
        json.dumps({"id": k, "text": v, "published": "2021-02-16"}) + "\n" for k, v in texts.items()))
    (tmp_path / "g.gold.yaml").write_text(yaml.safe_dump(gold))
    out = _run(cli, "eval", "incidents", "--gold", str(tmp_path / "g.gold.yaml"), "--events", "gold", "--json")
    return dict(json.loads(out))
