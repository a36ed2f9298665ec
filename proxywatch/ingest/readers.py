"""Readers for every input kind: .txt, .html/.htm, .jsonl, manifests, directories, stdin.

Each yields complete :class:`Document` objects (text as decoded, resolved
date, clean text with its offset map, zones). Nothing bad in the input stops
a batch: each failure is recorded in the :class:`IngestReport` with the file,
the line for JSONL, and the reason.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import BinaryInput, DecodeError, EmptyInput, InputError, MalformedInput, OversizedInput
from ..model import DocMeta, Document
from . import html as html_mod
from .docdate import resolve_document_date, valid_published
from .normalize import normalize
from .report import IngestReport
from .zones import find_zones

MAX_BYTES = 10_000_000
TEXT_EXT = frozenset({".txt", ".text", ".md"})
HTML_EXT = frozenset({".html", ".htm", ".xhtml"})
JSONL_EXT = frozenset({".jsonl", ".ndjson"})
READABLE_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT

# Encodings a Western news text plausibly comes in when it is not UTF-8;
# charset-normalizer picks among them by measured coherence.
_FALLBACK_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman"]
_STOPWORDS = frozenset(
    ["the", "a", "an", "of", "to", "in", "and", "or", "is", "are", "was", "were", "be", "been", "it", "its", "that", "this", "for", "on", "with", "as", "by", "at", "from", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "not", "but", "has", "have", "had", "will", "would", "said", "says", "who", "which", "after", "over", "than", "more", "about", "into"])
_WORD = re.compile(r"[^\W\d_]+")


def decode(data: bytes, source: str, max_bytes: int = MAX_BYTES) -> str:
    """Bytes to text: UTF-8 (BOM stripped), UTF-16 with BOM, else a detected Western encoding."""
    if len(data) > max_bytes:
        raise OversizedInput(source, f"{len(data)} bytes is over the limit of {max_bytes}")
    if not data.strip():
        raise EmptyInput(source, "empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"), source)
        except UnicodeDecodeError as exc:
            raise DecodeError(source, "invalid UTF-16") from exc
    if b"\x00" in data[:8192]:
        raise BinaryInput(source, "binary data (NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return _check_text(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_FALLBACK_ENCODINGS).best()
    if best is None:
        raise DecodeError(source, "not valid UTF-8 and no Western encoding fits")
    return _check_text(str(best), source)


def _check_text(text: str, source: str) -> str:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise EmptyInput(source, "empty input (only whitespace)")
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > max(2, 0.01 * min(len(text), 20000)):
        raise BinaryInput(source, "binary data (control characters), not text")
    return text


def check_english(text: str, source: str) -> None:
    """Reject texts that are clearly not English (cheap stopword ratio)."""
    words = _WORD.findall(text[:20000])
    if len(words) < 30:
        return  # too short to judge; headlines and briefs pass
    ratio = sum(1 for w in words if w.lower() in _STOPWORDS) / len(words)
    if ratio < 0.08:
        raise InputError(source, f"not English (stopword ratio {ratio:.2f})")


def build_document(doc_id: str, text: str, meta: DocMeta) -> Document:
    """A Document complete from ingest: resolved date, clean text and offsets, zones."""
    clean, offsets = normalize(text)
    return Document(id=doc_id, text=text, meta=resolve_document_date(text, meta),
                    clean=clean, offsets=offsets, zones=find_zones(text))


def document_from_bytes(data: bytes, source: str, meta: DocMeta | None = None, *,
                        doc_id: str | None = None, kind: str | None = None,
                        max_bytes: int = MAX_BYTES) -> Document:
    """One document from raw bytes; ``kind`` is "html" or "txt" (sniffed when None).

    Raises an InputError subclass when the bytes are not a readable English text.
    """
    if kind is None:
        kind = "html" if html_mod.looks_like_html(data) else "txt"
    return document_from_text(decode(data, source, max_bytes), source, meta, doc_id=doc_id, kind=kind)


def document_from_text(text: str, source: str, meta: DocMeta | None = None, *,
                       doc_id: str | None = None, kind: str = "txt") -> Document:
    """One document from decoded text (``kind`` "html" extracts the main text first)."""
    meta = meta or DocMeta()
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise DecodeError(source, "text holds unpaired surrogate code points")
    text = _check_text(text, source)
    if kind == "html":
        page = html_mod.extract(text, source)
        text = page.text
        published = valid_published(meta.published)
        page_pub = valid_published(page.date)
        meta = replace(
            meta,
            title=meta.title or page.title,
            url=meta.url or page.url,
            outlet=meta.outlet or page.outlet,
            published=published or page_pub,
            date_source=meta.date_source or ("metadata" if published else "page" if page_pub else None),
        )
    check_english(text, source)
    return build_document(doc_id or _stem(source), text, meta)


def _stem(source: str) -> str:
    name = Path(source).name
    return name.rsplit(".", 1)[0] if "." in name else (name or "stdin")


def _kind_of(path: Path) -> str:
    ext = path.suffix.lower()
    return "html" if ext in HTML_EXT else "jsonl" if ext in JSONL_EXT else "txt"


def _read_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise OversizedInput(source, f"{size} bytes is over the limit of {max_bytes}")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise MalformedInput(source, "no such file") from exc
    except IsADirectoryError as exc:
        raise MalformedInput(source, "is a directory") from exc
    except PermissionError as exc:
        raise MalformedInput(source, "permission denied") from exc
    except OSError as exc:
        raise MalformedInput(source, f"cannot read ({exc.strerror or exc})") from exc


def _read_file(path: Path, report: IngestReport, max_bytes: int,
               meta: DocMeta | None = None, doc_id: str | None = None,
               count: bool = True) -> Iterator[Document]:
    source = str(path)
    kind = _kind_of(path)
    if kind == "jsonl":
        yield from read_manifest(path, report, max_bytes=max_bytes)
        return
    if count:
        report.attempt(source)
    meta = meta or DocMeta(path=source)
    try:
        data = _read_bytes(path, source, max_bytes)
        doc = document_from_bytes(data, source, meta, doc_id=doc_id or path.stem, kind=kind,
                                  max_bytes=max_bytes)
    except InputError as err:
        report.fail_error(err)
        return
    report.success(doc.id)
    yield doc


def _meta_from_record(rec: Mapping[str, Any], path: str | None) -> DocMeta:
    def s(key: str) -> str | None:
        v = rec.get(key)
        return str(v) if isinstance(v, (str, int)) and str(v).strip() else None

    published = s("published") or s("date")
    return DocMeta(published=valid_published(published), url=s("url"), outlet=s("outlet"),
                   title=s("title"), path=path)


def _jsonl_lines(stream: BinaryIO | None, data: bytes | None) -> Iterator[tuple[int, bytes]]:
    if data is not None:
        for n, raw in enumerate(data.splitlines(), 1):
            yield n, raw
    elif stream is not None:
        for n, raw in enumerate(stream, 1):
            yield n, raw


def read_manifest(path: str | Path, report: IngestReport, *, max_bytes: int = MAX_BYTES) -> Iterator[Document]:
    """Documents of a JSONL file or manifest: ``id`` plus ``text`` or ``path``, and metadata.

    ``path`` is relative to the manifest's folder; ``published`` may be a
    day, a month, a year or absent. A bad line is reported as file:line.
    """
    p = Path(path)
    source = str(p)
    try:
        fh = p.open("rb")
    except OSError as exc:
        report.attempt(source)
        reason = "no such file" if isinstance(exc, FileNotFoundError) else f"cannot read ({exc.strerror})"
        report.fail(source, reason, kind="MalformedInput")
        return
    with fh:
        yield from _records(_jsonl_lines(fh, None), source, p.parent, report, max_bytes)


def _records(lines: Iterator[tuple[int, bytes]], source: str, base: Path | None,
             report: IngestReport, max_bytes: int) -> Iterator[Document]:
    for n, raw in lines:
        if not raw.strip():
            continue
        report.attempt(f"{source}:{n}")
        try:
            rec = _parse_line(raw, source, n)
            doc = _record_document(rec, source, n, base, report, max_bytes)
        except InputError as err:
            report.fail_error(err)
            continue
        if doc is not None:
            yield doc


def _parse_line(raw: bytes, source: str, n: int) -> dict[str, Any]:
    if len(raw) > MAX_BYTES:
        raise OversizedInput(source, "line over the size limit", n)
    try:
        rec = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DecodeError(source, "line is not UTF-8", n) from exc
    except json.JSONDecodeError as exc:
        raise MalformedInput(source, f"malformed JSON ({exc.msg} at column {exc.colno})", n) from exc
    except RecursionError as exc:
        raise MalformedInput(source, "malformed JSON (nested too deeply)", n) from exc
    if not isinstance(rec, dict):
        raise MalformedInput(source, f"expected a JSON object, got {type(rec).__name__}", n)
    return rec


def _record_document(rec: dict[str, Any], source: str, n: int, base: Path | None,
                     report: IngestReport, max_bytes: int) -> Document | None:
    text, rel = rec.get("text"), rec.get("path")
    raw_id = rec.get("id")
    if raw_id is not None and not isinstance(raw_id, (str, int)):
        raise MalformedInput(source, "`id` must be a string", n)
    if isinstance(text, str):
        doc_id = str(raw_id) if raw_id is not None else f"{_stem(source)}-{n}"
        kind = "html" if html_mod.looks_like_html(text[:2048].encode("utf-8", "replace")) else "txt"
        try:
            doc = document_from_text(text, source, _meta_from_record(rec, None), doc_id=doc_id, kind=kind)
        except InputError as err:
            raise type(err)(source, err.reason, n) from err
        report.success(doc.id)
        return doc
    if isinstance(rel, str) and rel.strip():
        if base is None:
            raise MalformedInput(source, "`path` given on stdin, where there is no folder to resolve it", n)
        target = (base / rel)
        doc_id = str(raw_id) if raw_id is not None else Path(rel).stem
        meta = _meta_from_record(rec, str(target))
        if not target.exists():
            raise MalformedInput(source, f"path {rel!r} does not exist", n)
        if target.suffix.lower() in JSONL_EXT:
            raise MalformedInput(source, f"path {rel!r} is a JSONL file, not a document", n)
        docs = list(_read_file(target, report, max_bytes, meta=meta, doc_id=doc_id, count=False))
        return docs[0] if docs else None
    raise MalformedInput(source, "record has neither `text` nor `path`", n)


def _iter_dir(root: Path, report: IngestReport, max_bytes: int) -> Iterator[Document]:
    files = sorted(p for p in root.rglob("*")
                   if p.is_file() and p.suffix.lower() in READABLE_EXT
                   and not any(part.startswith(".") for part in p.relative_to(root).parts))
    if not files:
        report.attempt(str(root))
        report.fail(str(root), "directory holds no .txt, .html or .jsonl files", kind="EmptyInput")
    for f in files:
        yield from _read_file(f, report, max_bytes)


def _read_stdin(report: IngestReport, max_bytes: int, stream: BinaryIO | None = None) -> Iterator[Document]:
    source = "<stdin>"
    data = (stream or sys.stdin.buffer).read(max_bytes + 1)
    first = data.lstrip()[:1]
    if first == b"{" and _looks_like_jsonl(data):
        yield from _records(_jsonl_lines(None, data), source, Path.cwd(), report, max_bytes)
        return
    report.attempt(source)
    try:
        doc = document_from_bytes(data, source, DocMeta(path=source), doc_id="stdin", max_bytes=max_bytes)
    except InputError as err:
        report.fail_error(err)
        return
    report.success(doc.id)
    yield doc


def _looks_like_jsonl(data: bytes) -> bool:
    line = data.lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line.decode("utf-8-sig")), dict)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return False


def iter_documents(sources: Sequence[str | Path], report: IngestReport, *,
                   max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None) -> Iterator[Document]:
    """Documents from files, directories (recursive), JSONL files and "-" (stdin).

    A bare file gives id = file name without extension and no metadata.
    Failures go to ``report``; the batch always continues.
    """
    for src in sources:
        if str(src) == "-":
            yield from _read_stdin(report, max_bytes, stdin)
            continue
        path = Path(src)
        if path.is_dir():
            yield from _iter_dir(path, report, max_bytes)
        elif not path.exists():
            report.attempt(str(path))
            report.fail(str(path), "no such file or directory", kind="MalformedInput")
        else:
            yield from _read_file(path, report, max_bytes)
