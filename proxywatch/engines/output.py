"""The Parquet output of a batch run, and the completion markers that make it resumable.

Layout under the output folder (hive partitions, one file per input shard
and partition, so a rerun of a shard overwrites exactly its own files)::

    documents/date=1987-02-26/part-<shard key>.parquet   by publication date
    mentions/date=1987-02-26/part-<shard key>.parquet    by publication date
    events/date=2020-01-03/part-<shard key>.parquet      by event date
    relations/date=unknown/part-<shard key>.parquet      by relation date
    _done/<shard key>.json      written last, atomically: the shard is complete
    _done/<shard key>.started   the shard was begun (its files may be partial)

A partition value is the date at its own precision (``2020-01-03``,
``2020-01`` or ``2020``); undated and year-less dates go to ``date=unknown``.
Columns never repeat the partition key (``event_date``, not ``date``), so
``pyarrow.dataset(..., partitioning="hive")`` and DuckDB's
``hive_partitioning`` read the folders without a name clash.

Every file is written to a temporary name and renamed into place; the marker
is renamed into place only after all the shard's files are, so a marker
always means complete output, whatever moment a run died at.
"""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Document, Event, Mention, Relation, Zone

TABLES = ("documents", "mentions", "events", "relations")
DONE_DIR = "_done"
UNKNOWN = "unknown"
_PARTITION = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def partition_of(date: str | None) -> str:
    """Partition value of a (partial) ISO date: itself when it has a year, else ``unknown``."""
    if date and _PARTITION.match(date.strip()):
        return date.strip()
    return UNKNOWN


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    lst = pa.list_(s)
    return {
        "documents": pa.schema([
            ("doc_id", s), ("shard", s), ("seq", i), ("published", s), ("date_source", s),
            ("inferred_year", i), ("url", s), ("outlet", s), ("title", s), ("path", s),
            ("content_hash", s), ("chars", i), ("n_events", i), ("n_mentions", i),
            ("n_relations", i), ("text", s), ("clean", s), ("offsets", s), ("zones", s),
            ("sentences", s), ("stages", s)]),
        "mentions": pa.schema([
            ("doc_id", s), ("seq", i), ("start", i), ("end", i), ("kind", s), ("entity_id", s),
            ("method", s), ("label", s), ("value", s), ("surface", s)]),
        "events": pa.schema([
            ("doc_id", s), ("event_id", s), ("seq", i), ("type", s), ("mode", s), ("status", s),
            ("event_date", s), ("date_lo", s), ("date_hi", s),
            ("actor_id", s), ("actor_name", s), ("actor_lineage", lst),
            ("recipient_id", s), ("recipient_name", s), ("recipient_lineage", lst),
            ("source_id", s), ("source_name", s),
            ("place_id", s), ("place_name", s), ("place_country", s), ("lat", f), ("lon", f),
            ("geo_precision", i), ("confidence", f), ("cameo", s), ("conditional", b),
            ("evidence_text", s), ("evidence_start", i), ("evidence_end", i),
            ("published", s), ("outlet", s), ("url", s),
            ("body", s)]),  # lossless JSON (store codec): rebuilds the exact model.Event
        "relations": pa.schema([
            ("doc_id", s), ("seq", i), ("subject", s), ("relation", s), ("object", s),
            ("relation_date", s), ("evidence_text", s), ("evidence_start", i), ("evidence_end", i)]),
    }


# --- rows ---------------------------------------------------------------
def document_row(doc: Document, shard_key: str, seq: int) -> dict[str, Any]:
    from ..store import codec

    m = doc.meta
    return {
        "doc_id": doc.id, "shard": shard_key, "seq": seq, "published": m.published,
        "date_source": m.date_source, "inferred_year": m.inferred_year, "url": m.url,
        "outlet": m.outlet, "title": m.title, "path": m.path,
        "content_hash": codec.content_hash(doc.text), "chars": len(doc.text),
        "n_events": len(doc.events), "n_mentions": len(doc.mentions),
        "n_relations": len(doc.relations), "text": doc.text, "clean": doc.clean,
        "offsets": codec.dumps(codec.offsets_to_dict(doc.offsets)),
        "zones": codec.dumps([list(codec.zone_row(z)) for z in doc.zones]),
        "sentences": codec.dumps(codec.sentences_to_list(doc.sentences)),
        "stages": codec.dumps(list(doc.stages_run)),
    }


def mention_row(doc: Document, seq: int, m: Mention) -> dict[str, Any]:
    return {"doc_id": doc.id, "seq": seq, "start": m.start, "end": m.end, "kind": m.kind,
            "entity_id": m.entity_id, "method": m.method, "label": m.label, "value": m.value,
            "surface": doc.span_text(m)}


def event_row(doc: Document, seq: int, e: Event) -> dict[str, Any]:
    from ..export.common import flat_event
    from ..store import codec

    loc = e.location
    return {
        **flat_event(e), "seq": seq, "event_date": e.date, "place_country": loc.country if loc else None,
        "conditional": e.condition is not None, "published": doc.meta.published,
        "outlet": doc.meta.outlet, "url": doc.meta.url, "body": codec.dumps(codec.event_to_dict(e)),
    }


def relation_row(seq: int, r: Relation) -> dict[str, Any]:
    return {"doc_id": r.doc_id, "seq": seq, "subject": r.subject, "relation": r.relation,
            "object": r.object, "relation_date": r.date, "evidence_text": r.evidence.text,
            "evidence_start": r.evidence.start, "evidence_end": r.evidence.end}


@dataclass
class ShardRows:
    """Rows of one shard, grouped by table and partition, in document order."""

    key: str
    rows: dict[tuple[str, str], list[dict[str, Any]]]
    documents: int = 0
    events: int = 0
    mentions: int = 0
    relations: int = 0

    @classmethod
    def empty(cls, key: str) -> ShardRows:
        return cls(key, defaultdict(list))

    def add(self, doc: Document) -> None:
        day = partition_of(doc.meta.published)
        self.rows[("documents", day)].append(document_row(doc, self.key, self.documents))
        self.rows[("mentions", day)] += [mention_row(doc, i, m) for i, m in enumerate(doc.mentions)]
        for i, e in enumerate(doc.events):
            self.rows[("events", partition_of(e.date))].append(event_row(doc, i, e))
        for i, r in enumerate(doc.relations):
            self.rows[("relations", partition_of(r.date))].append(relation_row(i, r))
        self.documents += 1
        self.events += len(doc.events)
        self.mentions += len(doc.mentions)
        self.relations += len(doc.relations)


# --- files ----------------------------------------------------------------
def part_name(key: str) -> str:
    return f"part-{key}.parquet"


def marker_path(out_dir: Path, key: str) -> Path:
    return out_dir / DONE_DIR / f"{key}.json"


def started_path(out_dir: Path, key: str) -> Path:
    return out_dir / DONE_DIR / f"{key}.started"


def is_done(out_dir: Path, key: str) -> bool:
    return marker_path(out_dir, key).is_file()


def _fsync_dir(path: Path) -> None:
    # the rename is durable only once the folder entry is on disk
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def write_table(path: Path, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """One Parquet file, via a temporary name and an atomic rename."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    arrow = pa.Table.from_pylist(list(rows), schema=_schemas()[table])
    pq.write_table(arrow, tmp, compression="zstd")
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def clear_partial(out_dir: Path, key: str) -> int:
    """Remove what an unfinished earlier attempt of shard ``key`` left; return files removed."""
    if not started_path(out_dir, key).exists():
        return 0  # never begun: nothing of it can be on disk
    removed = 0
    name = part_name(key)
    for table in TABLES:
        root = out_dir / table
        if not root.is_dir():
            continue
        for part in root.iterdir():
            for f in (part / name, *part.glob(f".{name}.tmp-*")):
                if f.exists():
                    f.unlink()
                    removed += 1
    return removed


def write_shard(out_dir: Path, rows: ShardRows, summary: Mapping[str, Any]) -> list[str]:
    """Write every file of a shard, then its marker; return the files (relative paths)."""
    files = []
    for (table, day), table_rows in sorted(rows.rows.items()):
        if not table_rows:
            continue
        rel = Path(table) / f"date={day}" / part_name(rows.key)
        write_table(out_dir / rel, table, table_rows)
        files.append(rel.as_posix())
    body = dict(summary, files=files)
    atomic_write_bytes(marker_path(out_dir, rows.key),
                       json.dumps(body, indent=1, sort_keys=True).encode("utf-8"))
    started_path(out_dir, rows.key).unlink(missing_ok=True)
    return files


def mark_started(out_dir: Path, key: str) -> None:
    atomic_write_bytes(started_path(out_dir, key), b"")


def read_marker(out_dir: Path, key: str) -> dict[str, Any]:
    try:
        return dict(json.loads(marker_path(out_dir, key).read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{marker_path(out_dir, key)}: unreadable completion marker ({exc})") from exc


def completed_keys(out_dir: Path) -> list[str]:
    d = Path(out_dir) / DONE_DIR
    if not d.is_dir():
        return []
    return sorted(p.name[: -len(".json")] for p in d.glob("*.json") if not p.name.startswith("."))


# --- reading back -------------------------------------------------------
def _read_rows(out_dir: Path, files: Iterable[str], table: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for rel in files:
        if rel.startswith(f"{table}/"):
            rows += pq.read_table(out_dir / rel).to_pylist()
    return rows


def shard_documents(out_dir: Path, key: str) -> Iterator[Document]:
    """The Documents of one completed shard, rebuilt from its Parquet files, in shard order."""
    from ..store import codec

    files = read_marker(out_dir, key).get("files", [])
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _read_rows(out_dir, files, "mentions"):
        mentions[r["doc_id"]].append(r)
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _read_rows(out_dir, files, "events"):
        events[r["doc_id"]].append(r)
    relations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _read_rows(out_dir, files, "relations"):
        relations[r["doc_id"]].append(r)
    for d in sorted(_read_rows(out_dir, files, "documents"), key=lambda r: r["seq"]):
        did = d["doc_id"]
        meta = codec.meta_from_dict({k: d[k] for k in ("published", "date_source", "inferred_year",
                                                        "url", "outlet", "title", "path")})
        yield Document(
            id=did, text=d["text"], meta=meta, clean=d["clean"] or "",
            offsets=codec.offsets_from_dict(codec.loads(d["offsets"], "offsets")),
            zones=tuple(Zone(int(a), int(b), k, lab) for a, b, k, lab in codec.loads(d["zones"], "zones")),
            sentences=codec.sentences_from_list(codec.loads(d["sentences"], "sentences")),
            mentions=tuple(Mention(r["start"], r["end"], r["kind"], r["entity_id"], r["method"],
                                   r["label"] or "", r["value"])
                           for r in sorted(mentions.get(did, []), key=lambda r: r["seq"])),
            events=tuple(codec.event_from_dict(codec.loads(r["body"], "event"))
                         for r in sorted(events.get(did, []), key=lambda r: r["seq"])),
            relations=tuple(codec.relation_from_dict({
                "subject": r["subject"], "relation": r["relation"], "object": r["object"],
                "doc_id": r["doc_id"], "date": r["relation_date"],
                "evidence": {"start": r["evidence_start"], "end": r["evidence_end"],
                             "text": r["evidence_text"]}})
                for r in sorted(relations.get(did, []), key=lambda r: r["seq"])),
            stages_run=tuple(codec.loads(d["stages"], "stages") or ()))
