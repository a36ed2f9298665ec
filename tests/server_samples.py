"""A small store and app for the server tests: hand-built documents, a fake extractor."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from store_samples import sample_document

from proxywatch.model import DocMeta, Document, Event, Evidence, Mention, OffsetMap, Party, Sentence
from proxywatch.server import Settings, create_app
from proxywatch.store import open_store

BASE = "http://127.0.0.1"
TOKEN = "s3cret-token"


class FakeExtractor:
    """Finds "Kataib Hezbollah ... attacked ..." in one sentence; enough to test the endpoint."""

    def extract_text(self, text: str, doc_id: str = "text", published: str | None = None,
                     kind: str = "txt") -> Document:
        events: list[Event] = []
        mentions: list[Mention] = []
        i = text.find("Kataib Hezbollah")
        if i >= 0:
            mentions.append(Mention(i, i + 16, "actor", "kataib-hezbollah", "exact", "Kataib Hezbollah"))
            end = text.find(".", i)
            end = len(text) if end < 0 else end + 1
            if "attacked" in text[i:end]:
                t = text.index("attacked", i)
                events.append(Event(doc_id, f"{doc_id}:0", "ASSAULT", Evidence(i, end, text[i:end]),
                                    mode="attack", date=published,
                                    actor=Party("kataib-hezbollah", "Kataib Hezbollah",
                                                ("kataib-hezbollah", "irq.pmf", "irq")),
                                    trigger=(t, t + 8)))
        return Document(id=doc_id, text=text, meta=DocMeta(published=published), clean=text,
                        offsets=OffsetMap.identity(len(text)), sentences=(Sentence(0, len(text)),),
                        mentions=tuple(mentions), events=tuple(events))


def build_store(path: Path, n: int = 12) -> Path:
    from proxywatch.fuse import Fuser, refuse

    with open_store(path) as store:
        for i in range(n):
            doc = sample_document(i)
            if i == n - 1:  # one hostile document: payloads in text-derived fields and metadata
                doc = replace(doc, meta=replace(doc.meta, url="javascript:alert(1)",
                                                outlet="<script>alert(1)</script>"))
            store.save_document(doc)
        refuse(store, Fuser.load())
    return path


def client(db: Path, token: str | None = None, **settings: Any) -> TestClient:
    app = create_app(open_store(db, create=False), extractor_factory=FakeExtractor,
                     settings=Settings(token=token, **settings))
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)
