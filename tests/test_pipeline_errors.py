"""The pipeline checks stage order at build time and isolates a document that breaks a stage."""
from __future__ import annotations

import pytest

from proxywatch.errors import PipelineError
from proxywatch.model import Document, OffsetMap
from proxywatch.pipeline import FunctionStage, Pipeline


def _doc(i: str, text: str) -> Document:
    return Document(i, text, clean=text, offsets=OffsetMap.identity(len(text)))


def test_pipeline_rejects_a_stage_before_its_requirements() -> None:
    needs = FunctionStage("events", lambda d: d, requires=("parse",))
    with pytest.raises(PipelineError, match="requires"):
        Pipeline([needs])


def test_pipeline_one_broken_document_does_not_stop_the_batch() -> None:
    def fragile(d: Document) -> Document:
        if "boom" in d.text:
            raise ValueError("cannot handle this one")
        return d.with_(events=())

    pipe = Pipeline([FunctionStage("fragile", fragile, produces=("events",))])
    failures: list[tuple[str, str]] = []
    docs = [_doc("a", "fine"), _doc("b", "boom"), _doc("c", "also fine")]
    out = list(pipe.pipe(docs, batch_size=8, on_error=lambda d, e: failures.append((d.id, str(e)))))
    assert [d.id for d in out] == ["a", "c"]
    assert failures == [("b", "cannot handle this one")]
    assert out[0].stages_run == ("fragile",)


def test_pipeline_without_error_handler_raises() -> None:
    def broken(d: Document) -> Document:
        raise ValueError("x")

    with pytest.raises(ValueError):
        list(Pipeline([FunctionStage("broken", broken)]).pipe([_doc("a", "t")]))
