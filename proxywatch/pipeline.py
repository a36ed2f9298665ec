"""An ordered list of named stages, each ``Document -> Document``.

A stage declares what it ``requires`` and ``produces`` (names of Document
fields or facts such as ``"parse"``); :class:`Pipeline` checks at build time
that every requirement is produced by an earlier stage or by ingest.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from .errors import PipelineError
from .model import Document

# What a Document carries when it leaves ingest.
INGEST_PRODUCES = frozenset({"text", "meta", "clean", "offsets", "zones"})


class Stage(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> tuple[str, ...]: ...

    @property
    def produces(self) -> tuple[str, ...]: ...

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True)
class FunctionStage:
    """Wraps a plain function as a stage."""

    name: str
    func: Callable[[Document], Document]
    requires: tuple[str, ...] = ()
    produces: tuple[str, ...] = ()

    def __call__(self, doc: Document) -> Document:
        return self.func(doc)


class Pipeline:
    def __init__(self, stages: Sequence[Stage], available: Iterable[str] = INGEST_PRODUCES) -> None:
        have = set(available)
        for st in stages:
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise PipelineError(f"stage {st.name!r} requires {missing}, produced by no earlier stage")
            have.update(st.produces)
        self.stages = list(stages)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def without(self, *names: str) -> "Pipeline":
        return Pipeline([s for s in self.stages if s.name not in names])

    def __call__(self, doc: Document) -> Document:
        for st in self.stages:
            doc = st(doc)
            doc = doc.with_(stages_run=doc.stages_run + (st.name,))
        return doc

    def pipe(self, docs: Iterable[Document], batch_size: int = 32,
             on_error: Callable[[Document, Exception], None] | None = None) -> Iterator[Document]:
        """Documents in order; stages with a ``pipe`` method (the parser) see whole batches,
        which is what makes batching in spaCy pay off.

        One document that breaks a stage must not stop a batch: the batch is rerun document
        by document and the failing one is handed to `on_error` (re-raised without it).
        """
        batch: list[Document] = []
        for d in docs:
            batch.append(d)
            if len(batch) >= batch_size:
                yield from self._guarded(batch, on_error)
                batch = []
        if batch:
            yield from self._guarded(batch, on_error)

    def _guarded(self, batch: list[Document], on_error: Callable[[Document, Exception], None] | None) -> list[Document]:
        if on_error is None:
            return self._run_batch(batch)
        try:
            return self._run_batch(batch)
        except Exception:  # a defect in some stage: isolate the document that triggers it
            out = []
            for d in batch:
                try:
                    out.extend(self._run_batch([d]))
                except Exception as e:  # noqa: BLE001 - reported per document, the batch goes on
                    on_error(d, e)
            return out

    def _run_batch(self, batch: list[Document]) -> list[Document]:
        for st in self.stages:
            piped = getattr(st, "pipe", None)
            batch = list(piped(batch)) if callable(piped) else [st(d) for d in batch]
            batch = [d.with_(stages_run=d.stages_run + (st.name,)) for d in batch]
        return batch
