"""Batch extraction end to end: local vs Dask (1 and 2 workers), resumption after a kill,
loading into SQLite, and the ``batch`` commands.

Reads the first 30 Reuters documents and the seeds from ../shared (never copied
here) plus a Parquet shard of hand-written sentences.
"""
from __future__ import annotations

import gzip
import itertools
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from proxywatch.engines import discover_shards, load_shards
from proxywatch.engines.load import iter_output_documents
from proxywatch.engines.local import LocalEngine
from proxywatch.engines.output import completed_keys
from proxywatch.engines.shards import Shard, ShardRead, read_shard
from proxywatch.engines.worker import get_extractor
from proxywatch.store import ingest_documents, open_store
from proxywatch.store.codec import event_to_dict

ROOT = Path(__file__).resolve().parent.parent

OWN = [
    {"id": "own-1", "published": "2020-01-05", "outlet": "Test Wire", "url": "https://example.org/1",
     "text": "BAGHDAD, Jan. 5, 2020 - Kataib Hezbollah fired rockets at the U.S. Embassy in Baghdad "
             "on Saturday, Iraqi security officials said. Iran's Quds Force has long armed the group, "
             "and its fighters threatened to attack American troops."},
    # no publication date and no date in the text: its event lands in date=unknown
    {"id": "own-2", "published": None, "outlet": None, "url": None,
     "text": "Kataib Hezbollah fighters fired rockets at American troops at a base near the airport, "
             "a militia spokesman said."},
    {"id": "own-3", "published": "2020-01-06", "outlet": None, "url": None, "text": "   "},  # fails
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    with gzip.open(shared / "corpora" / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as fh:
        reuters = [json.loads(line) for line in itertools.islice(fh, 30)]
    for i in range(3):
        with gzip.open(root / f"reuters-{i}.jsonl.gz", "wt", encoding="utf-8") as out:
            for rec in reuters[10 * i:10 * (i + 1)]:
                out.write(json.dumps(rec) + "\n")
    with open(root / "seeds.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}) + "\n" for p in sorted((shared / "seeds").glob("*.txt")))
    pq.write_table(pa.Table.from_pylist(OWN), root / "own.parquet")
    return root


@pytest.fixture(scope="module")
def shards(corpus: Path) -> list[Shard]:
    return discover_shards([corpus])


def _events(out: Path) -> list[dict[str, Any]]:
    return [event_to_dict(e) for d in iter_output_documents(out) for e in d.events]


def _tables(out: Path) -> dict[str, pa.Table]:
    return {p.relative_to(out).as_posix(): pq.read_table(p)
            for p in sorted(out.rglob("*.parquet"))}


@pytest.fixture(scope="module")
def local_out(tmp_path_factory: pytest.TempPathFactory, shards: list[Shard]) -> Path:
    out = tmp_path_factory.mktemp("local")
    summary = LocalEngine().run(shards, out, workers=1)
    assert summary.done == len(shards) == 5 and summary.failed == 0
    return out


def test_engines_local_matches_direct_extraction(local_out: Path, shards: list[Shard], corpus: Path) -> None:
    ex = get_extractor()
    direct = [event_to_dict(e) for s in sorted(shards, key=lambda s: s.key)
              for d in ex.extract_documents(read_shard(s, ShardRead())) for e in d.events]
    assert len(direct) > 10
    assert _events(local_out) == direct
    # the seeds shard gives what `proxywatch extract --manifest` gives
    manifest = [e.to_json() for d in ex.extract_manifest(corpus / "seeds.jsonl") for e in d.events]
    from_batch = [e.to_json() for d in iter_output_documents(local_out) for e in d.events
                  if d.id.startswith("00")]
    assert from_batch == manifest and manifest


def test_engines_partitions_and_file_names(local_out: Path, shards: list[Shard]) -> None:
    keys = {s.key for s in shards}
    files = [p.relative_to(local_out) for p in local_out.rglob("*.parquet")]
    assert files and all(f.name.removeprefix("part-").removesuffix(".parquet") in keys for f in files)
    assert all(f.parts[0] in ("documents", "mentions", "events", "relations") for f in files)
    unknown = pq.read_table(next((local_out / "events" / "date=unknown").glob("part-own-*.parquet")))
    assert "own-2" in unknown.column("doc_id").to_pylist()
    dated = pq.read_table(next((local_out / "events" / "date=2020-01-05").glob("part-own-*.parquet")))
    assert set(dated.column("doc_id").to_pylist()) == {"own-1"}
    assert set(dated.column("event_date").to_pylist()) == {"2020-01-05"}
    part = ds.partitioning(pa.schema([("date", pa.string())]), flavor="hive")
    events = ds.dataset(local_out / "events", format="parquet", partitioning=part).to_table()
    ids = events.column("event_id").to_pylist()
    assert len(ids) == len(set(ids)) == len(_events(local_out))
    marker = json.loads(next((local_out / "_done").glob("own-*.json")).read_text())
    assert marker["documents"] == 2 and marker["failed_documents"] == 1


def test_engines_dask_identical_for_1_and_2_workers(tmp_path: Path, local_out: Path,
                                                    shards: list[Shard]) -> None:
    from proxywatch.engines.dask_engine import DaskEngine

    expected = _tables(local_out)
    with DaskEngine() as engine:
        for n in (1, 2):
            out = tmp_path / f"dask{n}"
            summary = engine.run(shards, out, workers=n)
            assert (summary.done, summary.failed, summary.workers) == (len(shards), 0, n)
            assert len(summary.peak_rss_mb) <= n
            got = _tables(out)
            assert list(got) == list(expected)
            for name, table in expected.items():
                assert got[name].equals(table), name
            assert _events(out) == _events(local_out)
        # the plugin loaded the model in both workers (kept in a process global for every task)
        from proxywatch.engines.worker import loads
        assert list(engine.start(2).run(loads).values()) == [1, 1]


CHILD = """
import os, signal, sys
from proxywatch.engines import discover_shards, output
from proxywatch.engines.local import LocalEngine

calls = {"n": 0}
real = output.write_table

def dying(path, table, rows):
    calls["n"] += 1
    if calls["n"] == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)  # dies mid-shard: some files written, no marker
    real(path, table, rows)

output.write_table = dying
LocalEngine().run(discover_shards([sys.argv[1]]), sys.argv[2], workers=1)
"""


def test_engines_resume_after_kill_without_duplicates(tmp_path: Path, corpus: Path, local_out: Path,
                                                      shards: list[Shard]) -> None:
    out = tmp_path / "out"
    # the first shard in path order runs first; die on the 2nd file of the next one
    first = min(shards, key=lambda s: s.path)
    n_first = len(json.loads((local_out / "_done" / f"{first.key}.json").read_text())["files"])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(corpus), str(out), str(n_first + 2)],
                          check=False, env=env, timeout=300)
    assert proc.returncode == -signal.SIGKILL
    assert completed_keys(out) == [first.key]
    partial = list(out.rglob("part-*.parquet"))
    assert len(partial) == n_first + 1  # the dead shard's first file is on disk, unmarked
    assert list((out / "_done").glob("*.started"))

    # the rerun uses a process pool: resumption and pool results are checked at once
    summary = LocalEngine().run(shards, out, workers=2)
    assert (summary.skipped, summary.done, summary.failed) == (1, len(shards) - 1, 0)
    from proxywatch.engines.worker import worker_name
    assert 1 <= len(summary.peak_rss_mb) <= 2 and worker_name() not in summary.peak_rss_mb
    got, expected = _tables(out), _tables(local_out)
    assert list(got) == list(expected) and all(got[k].equals(expected[k]) for k in expected)
    assert not list((out / "_done").glob("*.started")) and not list(out.rglob(".*tmp*"))
    again = LocalEngine().run(shards, out, workers=1)
    assert (again.skipped, again.done, again.documents, again.stale) == (len(shards), 0, 0, 0)
    # a shard extracted by another install is reported, not silently mixed in
    marker = out / "_done" / f"{first.key}.json"
    marker.write_text(json.dumps(dict(json.loads(marker.read_text()), fingerprint="other")))
    mixed = LocalEngine().run(shards, out, workers=1)
    assert mixed.stale == 1 and "another proxywatch" in str(mixed)


def test_engines_load_into_sqlite_matches_direct_ingest(tmp_path: Path, local_out: Path,
                                                        shards: list[Shard]) -> None:
    ex = get_extractor()
    with open_store(tmp_path / "direct.db") as direct, open_store(tmp_path / "batch.db") as store:
        for s in sorted(shards, key=lambda s: s.key):
            ingest_documents(direct, ex.extract_documents(read_shard(s, ShardRead())))
        summary = load_shards(store, local_out)
        assert summary.shards == len(shards)
        assert summary.ingest.stored == len(store.documents()) == summary.ingest.read > 30
        assert summary.ingest.failed == 0
        assert store.events() == direct.events() and store.events()
        assert store.get_document("own-1") == direct.get_document("own-1")
        assert store.relations() == direct.relations()
        day = store.events(since="2020-01-05", until="2020-01-05")
        assert day and day == direct.events(since="2020-01-05", until="2020-01-05")
        assert store.events(actor="kataib-hezbollah") == direct.events(actor="kataib-hezbollah")
        assert store.check() == []
        again = load_shards(store, local_out)
        assert again.ingest.unchanged == summary.ingest.stored and again.ingest.stored == 0


def test_engines_cli_extract_load_and_query(tmp_path: Path, corpus: Path, local_out: Path) -> None:
    from proxywatch.cli_engine import batch
    from proxywatch.cli_store import events

    runner = CliRunner()
    out, db = tmp_path / "out", tmp_path / "pw.db"
    res = runner.invoke(batch, ["extract", str(corpus / "own.parquet"), str(corpus / "seeds.jsonl"),
                                "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "done 2" in res.output and "failed 1)" in res.output
    strict = runner.invoke(batch, ["extract", str(corpus / "own.parquet"), "--out", str(out), "--strict"])
    assert strict.exit_code == 0 and "already done 1" in strict.output  # resumed: nothing failed now
    bad = runner.invoke(batch, ["extract", str(corpus), "--out", str(out), "--scheduler", "tcp://x:1"])
    assert bad.exit_code == 2
    res = runner.invoke(batch, ["load", str(out), "--db", str(db), "--no-fuse"])
    assert res.exit_code == 0, res.output
    listed = runner.invoke(events, ["--db", str(db), "--format", "jsonl"])
    assert listed.exit_code == 0
    ids = [json.loads(line)["event_id"] for line in listed.output.splitlines() if line.strip()]
    assert "own-1:0" in ids and "own-2:0" in ids
    assert len(ids) == len(set(ids)) == len(_events(out))
