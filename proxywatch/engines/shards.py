"""Input shards: discovering them and reading their records as Documents.

A shard is one file of records (``.jsonl``, ``.ndjson``, ``.jsonl.gz``,
``.ndjson.gz`` or ``.parquet``), each record an ``id``, a ``text`` (or a
``path`` relative to the shard's folder) and optional ``published``/``date``,
``url``, ``outlet`` and ``title``. The shard is the unit of work, of output
file naming and of resumption, so its key must not depend on which machine
or run reads it: it is the file's stem plus a hash of its absolute path.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, MalformedInput
from ..model import DocMeta, Document

SHARD_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".parquet")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Shard:
    path: str  # absolute
    key: str  # deterministic, file-name safe: names the outputs and the marker

    @classmethod
    def of(cls, path: str | Path) -> Shard:
        p = Path(path).resolve()
        digest = hashlib.sha1(str(p).encode("utf-8", "surrogatepass")).hexdigest()[:12]
        return cls(str(p), f"{_UNSAFE.sub('_', shard_stem(p))}-{digest}")


@dataclass
class ShardRead:
    """What reading a shard gave besides its documents: per-record failures."""

    attempted: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source:line, reason)


def shard_stem(path: Path) -> str:
    name = path.name
    for suffix in sorted(SHARD_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or "shard"
    return path.stem or "shard"


def is_shard_file(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(SHARD_SUFFIXES)


def discover_shards(inputs: Sequence[str | Path]) -> list[Shard]:
    """Shards of files and directories (searched recursively), sorted, without repeats.

    Raises MalformedInput for an input that does not exist or is not a shard file.
    """
    found: dict[str, Shard] = {}
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if is_shard_file(f)
                           and not any(part.startswith((".", "_")) for part in f.relative_to(p).parts))
            if not files:
                raise MalformedInput(str(p), f"directory holds no shard files ({', '.join(SHARD_SUFFIXES)})")
        elif is_shard_file(p):
            files = [p]
        elif not p.exists():
            raise MalformedInput(str(p), "no such file or directory")
        else:
            raise MalformedInput(str(p), f"not a shard file (expected {', '.join(SHARD_SUFFIXES)})")
        for f in files:
            s = Shard.of(f)
            found.setdefault(s.key, s)
    return sorted(found.values(), key=lambda s: s.path)


def iter_records(path: str | Path) -> Iterator[tuple[int, Mapping[str, Any] | InputError]]:
    """``(line or row number, record)`` of a shard; a bad line yields its InputError instead.

    Raises MalformedInput when the file itself cannot be opened or decoded.
    """
    p = Path(path)
    name = p.name.lower()
    try:
        if name.endswith(".parquet"):
            yield from _parquet_records(p)
            return
        opener = gzip.open if name.endswith(".gz") else open
        with opener(p, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                if raw.strip():
                    yield n, _parse(raw, str(p), n)
    except (OSError, EOFError) as exc:  # missing file, truncated or corrupt gzip
        raise MalformedInput(str(p), f"cannot read shard ({exc})") from exc


def _parse(raw: bytes, source: str, n: int) -> Mapping[str, Any] | InputError:
    try:
        rec = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return MalformedInput(source, "line is not UTF-8", n)
    except (json.JSONDecodeError, RecursionError) as exc:
        return MalformedInput(source, f"malformed JSON ({exc})", n)
    if not isinstance(rec, dict):
        return MalformedInput(source, f"expected a JSON object, got {type(rec).__name__}", n)
    return rec


def _parquet_records(p: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(p)
    except (pa.ArrowException, OSError) as exc:
        raise MalformedInput(str(p), f"not a readable Parquet file ({exc})") from exc
    wanted = [c for c in ("id", "text", "path", "published", "date", "url", "outlet", "title")
              if c in pf.schema_arrow.names]
    n = 0
    # batches keep memory flat on large shards
    for batch in pf.iter_batches(batch_size=512, columns=wanted):
        for rec in batch.to_pylist():
            n += 1
            yield n, rec


def record_meta(rec: Mapping[str, Any]) -> DocMeta:
    """DocMeta from a record's metadata fields, as the JSONL manifest reader takes them."""
    from ..ingest.docdate import valid_published

    def s(key: str) -> str | None:
        v = rec.get(key)
        return str(v) if isinstance(v, (str, int)) and str(v).strip() else None

    return DocMeta(published=valid_published(s("published") or s("date")), url=s("url"),
                   outlet=s("outlet"), title=s("title"))


def record_document(rec: Mapping[str, Any], source: str, n: int, base: Path) -> Document:
    """One Document from one record; raises an InputError subclass for a bad record."""
    from ..ingest import html as html_mod
    from ..ingest.readers import document_from_bytes, document_from_text

    raw_id = rec.get("id")
    if raw_id is not None and not isinstance(raw_id, (str, int)):
        raise MalformedInput(source, "`id` must be a string", n)
    text, rel = rec.get("text"), rec.get("path")
    meta = record_meta(rec)
    try:
        if isinstance(text, str):
            doc_id = str(raw_id) if raw_id is not None else f"{shard_stem(Path(source))}-{n}"
            kind = "html" if html_mod.looks_like_html(text[:2048].encode("utf-8", "replace")) else "txt"
            return document_from_text(text, source, meta, doc_id=doc_id, kind=kind)
        if isinstance(rel, str) and rel.strip():
            target = base / rel
            try:
                data = target.read_bytes()
            except OSError as exc:
                raise MalformedInput(source, f"path {rel!r} cannot be read ({exc.strerror or exc})", n) from exc
            doc_id = str(raw_id) if raw_id is not None else Path(rel).stem
            return document_from_bytes(data, str(target), meta, doc_id=doc_id)
    except InputError as err:
        if err.line is not None:
            raise
        raise type(err)(source, err.reason, n) from err
    raise MalformedInput(source, "record has neither `text` nor `path`", n)


def read_shard(shard: Shard, read: ShardRead) -> Iterator[Document]:
    """Documents of a shard in file order; bad records go to ``read.failures``."""
    base = Path(shard.path).parent
    for n, rec in iter_records(shard.path):
        read.attempted += 1
        if isinstance(rec, InputError):
            read.failures.append((f"{shard.path}:{n}", rec.reason))
            continue
        try:
            yield record_document(rec, shard.path, n, base)
        except InputError as err:
            read.failures.append((f"{shard.path}:{n}", err.reason))
