"""ingest_documents: counts, reasons, and carrying on past a bad document."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_samples import sample_document

from proxywatch.errors import MalformedInput
from proxywatch.model import Document
from proxywatch.store import ingest_documents, open_store


def _stream() -> Iterator[Document]:
    yield sample_document(0)
    yield sample_document(1)
    yield sample_document(0)  # duplicate
    yield sample_document(1, variant=2)  # changed text
    bad = sample_document(2)
    yield bad.with_(events=(bad.events[0], bad.events[0]))  # duplicate event ids
    yield sample_document(3)


def test_store_ingest_summary_counts_and_reasons(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "pw.db")) as store:
        summary = ingest_documents(store, _stream(), progress=False)
        assert (summary.read, summary.stored, summary.unchanged, summary.replaced, summary.failed) == \
            (6, 3, 1, 1, 1)
        assert summary.failures[0][0] == "doc-0002"
        assert "pw.db" in summary.failures[0][1]
        assert summary.events == 12  # three stored + one replaced document, 3 events each
        assert [d.id for d in store.documents()] == ["doc-0000", "doc-0001", "doc-0003"]
        text = str(summary)
        assert "stored 3" in text and "failed doc-0002" in text
        again = ingest_documents(store, _stream(), progress=False)
        # doc-0001 flips between its two texts; the rest is unchanged; the bad one fails again
        assert (again.stored, again.unchanged, again.replaced, again.failed) == (0, 3, 2, 1)


def test_store_ingest_reader_error_keeps_saved_documents(capsys: pytest.CaptureFixture[str]) -> None:
    def stream() -> Iterator[Document]:
        yield sample_document(0)
        raise MalformedInput("feed.jsonl", "bad JSON", line=2)

    store = open_store(":memory:")
    summary = ingest_documents(store, stream(), progress=True)
    assert (summary.read, summary.stored, summary.failed) == (1, 1, 1)
    assert summary.failures == [("feed.jsonl", "feed.jsonl:2: bad JSON")]
    assert [d.id for d in store.documents()] == ["doc-0000"]
    assert "ingest" in capsys.readouterr().err  # the progress bar went to stderr
