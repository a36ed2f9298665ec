"""Shard discovery, record reading, partitions and the write/marker protocol (no NLP model)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from proxywatch.engines import output
from proxywatch.engines.output import (
    ShardRows,
    clear_partial,
    completed_keys,
    is_done,
    mark_started,
    partition_of,
    write_shard,
)
from proxywatch.engines.shards import Shard, ShardRead, discover_shards, iter_records, read_shard
from proxywatch.errors import InputError, MalformedInput
from proxywatch.ingest.readers import build_document
from proxywatch.model import DocMeta, Event, Evidence


def _jsonl_gz(path: Path, lines: list[str]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return path


TEXT_A = "The harbour authority said on Monday that two ferries would resume sailing next week."
TEXT_B = "Officials in the capital said the new bridge would open to traffic before the winter."


def test_engines_partition_values() -> None:
    assert partition_of("2020-01-03") == "2020-01-03"
    assert partition_of("2020-01") == "2020-01"
    assert partition_of("2020") == "2020"
    assert partition_of("--01-03") == "unknown"
    assert partition_of(None) == "unknown"
    assert partition_of("") == "unknown"


def test_engines_shard_key_deterministic_and_distinct(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = _jsonl_gz(tmp_path / "a" / "day 1.jsonl.gz", [json.dumps({"id": "x", "text": TEXT_A})])
    two = _jsonl_gz(tmp_path / "b" / "day 1.jsonl.gz", [json.dumps({"id": "y", "text": TEXT_B})])
    assert Shard.of(one) == Shard.of(str(one))
    assert Shard.of(one).key.startswith("day_1-")
    assert Shard.of(one).key != Shard.of(two).key


def test_engines_discover_recurses_and_skips_output_folders(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "_done").mkdir()
    _jsonl_gz(tmp_path / "in" / "sub" / "s1.jsonl.gz", [json.dumps({"id": "x", "text": TEXT_A})])
    (tmp_path / "in" / "s0.jsonl").write_text(json.dumps({"id": "y", "text": TEXT_B}) + "\n")
    (tmp_path / "in" / "_done" / "s9.jsonl").write_text("{}\n")
    (tmp_path / "in" / "notes.txt").write_text("not a shard")
    pq.write_table(pa.table({"id": ["z"], "text": [TEXT_A]}), tmp_path / "in" / "s2.parquet")
    names = [Path(s.path).name for s in discover_shards([tmp_path / "in", tmp_path / "in" / "s0.jsonl"])]
    assert names == ["s0.jsonl", "s2.parquet", "s1.jsonl.gz"]
    with pytest.raises(MalformedInput):
        discover_shards([tmp_path / "missing"])
    with pytest.raises(MalformedInput):
        discover_shards([tmp_path / "in" / "notes.txt"])


def test_engines_records_report_bad_lines_and_reject_corrupt_files(tmp_path: Path) -> None:
    good = json.dumps({"id": "x", "text": TEXT_A, "published": "2021-03-04", "outlet": "Harbour News"})
    p = _jsonl_gz(tmp_path / "s.jsonl.gz", [good, "{not json", "[1, 2]", json.dumps({"id": "e", "text": "  "})])
    recs = list(iter_records(p))
    assert [n for n, _ in recs] == [1, 2, 3, 4]
    assert isinstance(recs[1][1], InputError) and isinstance(recs[2][1], InputError)
    read = ShardRead()
    docs = list(read_shard(Shard.of(p), read))
    assert [d.id for d in docs] == ["x"]
    assert docs[0].meta.published == "2021-03-04" and docs[0].meta.outlet == "Harbour News"
    assert read.attempted == 4
    assert [f[0].rsplit(":", 1)[1] for f in read.failures] == ["2", "3", "4"]
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(gzip.compress(b'{"id": "x"}\n')[:15])
    with pytest.raises(MalformedInput):
        list(iter_records(bad))


def test_engines_parquet_records(tmp_path: Path) -> None:
    p = tmp_path / "s.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": [TEXT_A, TEXT_B], "published": ["2020-05", None],
                             "extra": [1, 2]}), p)
    docs = list(read_shard(Shard.of(p), ShardRead()))
    assert [(d.id, d.meta.published) for d in docs] == [("a", "2020-05"), ("b", None)]


def _doc_with_events(doc_id: str, dates: list[str | None]) -> object:
    doc = build_document(doc_id, TEXT_A, DocMeta(published="2021-03-04"))
    evs = tuple(Event(doc_id=doc_id, event_id=f"{doc_id}:{i}", type="CONSULT",
                      evidence=Evidence(0, 10, TEXT_A[:10]), date=d) for i, d in enumerate(dates))
    return doc.with_(events=evs)


def test_engines_write_shard_marker_last_and_partial_cleanup(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    rows = ShardRows.empty("k-1")
    rows.add(_doc_with_events("d1", ["2020-01-03", None]))  # type: ignore[arg-type]
    calls = {"n": 0}
    real = output.write_table

    def dying(path: Path, table: str, r: list[dict[str, object]]) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        real(path, table, r)

    mark_started(tmp_path, "k-1")
    monkeypatch.setattr(output, "write_table", dying)
    with pytest.raises(OSError):
        write_shard(tmp_path, rows, {"key": "k-1"})
    assert not is_done(tmp_path, "k-1") and completed_keys(tmp_path) == []
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("part-*.parquet"))
    assert left == ["documents/date=2021-03-04/part-k-1.parquet", "events/date=2020-01-03/part-k-1.parquet"]
    assert clear_partial(tmp_path, "k-1") == 2
    assert list(tmp_path.rglob("part-*.parquet")) == []
    monkeypatch.setattr(output, "write_table", real)
    files = write_shard(tmp_path, rows, {"key": "k-1"})
    assert "events/date=unknown/part-k-1.parquet" in files
    assert is_done(tmp_path, "k-1") and completed_keys(tmp_path) == ["k-1"]
    assert not (tmp_path / "_done" / "k-1.started").exists()
    # a shard never begun has nothing to clear, even if another shard's files are there
    assert clear_partial(tmp_path, "k-2") == 0


def test_engines_bulk_save_batches_and_isolates_a_failing_document(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from store_samples import sample_document

    from proxywatch.errors import StoreError
    from proxywatch.store import open_store
    from proxywatch.store.bulk import save_documents

    docs = [sample_document(i) for i in range(12)]
    with open_store(tmp_path / "bulk.db") as store:
        real = store.save_document

        def flaky(doc: Any, force: bool = False) -> Any:
            if doc.id == docs[8].id:
                raise StoreError("simulated failure")
            return real(doc, force)

        monkeypatch.setattr(store, "save_document", flaky)
        summary = save_documents(store, docs, batch=5)
        assert (summary.read, summary.stored, summary.failed) == (12, 11, 1)
        assert summary.failures[0][0] == docs[8].id
        assert [d.id for d in store.documents()] == sorted(d.id for d in docs if d.id != docs[8].id)
        assert store.check() == []
        monkeypatch.setattr(store, "save_document", real)
        again = save_documents(store, docs, batch=5)
        assert (again.stored, again.unchanged, again.failed) == (1, 11, 0)
        assert len(store.events()) == sum(len(d.events) for d in docs)
