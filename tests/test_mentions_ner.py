from __future__ import annotations

import pytest

from proxywatch.model import Document, OffsetMap, Sentence
from proxywatch.stages.mentions import MentionStage, Resolver
from proxywatch.stages.ner import NerStage


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from proxywatch.nlp import load_nlp

    try:
        return load_nlp()
    except Exception as e:  # noqa: BLE001 - a missing model only skips this test
        pytest.skip(f"no spaCy model: {e}")


def test_mentions_ner_adds_unknown_names_with_null_id(nlp) -> None:  # type: ignore[no-untyped-def]
    resolver = Resolver.load()
    text = "Pentagon spokesman John Quillfeather said Qasem Soleimani had met Mahmoud Barzinji in Baghdad."
    doc = Document("t", text, clean=text, offsets=OffsetMap.identity(len(text)),
                   sentences=(Sentence(0, len(text)),))
    doc = MentionStage(resolver)(doc)
    doc = doc.with_(cache={"parses": {0: nlp(text)}})
    out = NerStage(resolver)(doc)
    ner = [(out.span_text(m), m.entity_id, m.label) for m in out.mentions if m.method == "ner"]
    assert ("John Quillfeather", None, "PERSON") in ner
    # names the gazetteer already found are not repeated
    assert not any(s == "Qasem Soleimani" for s, _, _ in ner)
