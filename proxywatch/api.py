"""The public Python API: what the CLI and the REST API call.

    >>> import proxywatch
    >>> nlp = proxywatch.Extractor.load()
    >>> for doc in nlp.extract_paths(["article.txt"]):
    ...     for event in doc.events: print(event.to_json())
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .ingest.report import IngestReport
from .model import Document
from .pipeline import Pipeline


@dataclass
class Extractor:
    """A ready pipeline (knowledge pack, lexicon and spaCy model loaded once)."""

    pipeline: Pipeline
    pack: Any

    @classmethod
    def load(cls, cascade: bool = True, all_names: bool = False) -> "Extractor":
        """`all_names`: run spaCy's NER on every parsed sentence (for `entities`), not only on
        sentences holding a trigger."""
        from .knowledge.pack import KnowledgePack
        from .nlp import load_nlp

        pack = KnowledgePack.load()
        return cls(build_pipeline(pack, load_nlp(), cascade=cascade, all_names=all_names), pack)

    def extract_documents(self, docs: Iterable[Document], report: IngestReport | None = None) -> Iterator[Document]:
        """Documents through the pipeline; with a report, a document that breaks a stage is
        recorded there (id and reason) and the rest go on."""
        on_error = None
        if report is not None:
            rep = report

            def on_error(doc: Document, exc: Exception) -> None:
                rep.fail(doc.meta.path or doc.id, f"extraction failed: {type(exc).__name__}: {exc}",
                         kind="ExtractionError")
        return self.pipeline.pipe(docs, on_error=on_error)

    def extract_paths(self, sources: Sequence[str | Path], report: IngestReport | None = None) -> Iterator[Document]:
        from .ingest.readers import iter_documents

        rep = report if report is not None else IngestReport()
        return self.extract_documents(iter_documents(sources, rep), rep)

    def extract_manifest(self, manifest: str | Path, report: IngestReport | None = None) -> Iterator[Document]:
        from .ingest.readers import read_manifest

        rep = report if report is not None else IngestReport()
        return self.extract_documents(read_manifest(manifest, rep), rep)

    def extract_text(self, text: str, doc_id: str = "text", published: str | None = None,
                     kind: str = "txt") -> Document:
        """Extract from one text (``kind="html"`` for a page); raises InputError on bad input."""
        from .ingest.readers import document_from_text
        from .model import DocMeta

        meta = DocMeta(published=published, date_source="metadata" if published else None)
        return self.pipeline(document_from_text(text, doc_id, meta, doc_id=doc_id, kind=kind))


def build_pipeline(pack: Any, nlp: Any, cascade: bool = True, all_names: bool = False) -> Pipeline:
    """The standard stage list, in order."""
    from .stages.coref import CorefStage
    from .stages.events import CameoMap, EventStage
    from .stages.lexicon import TriggerLexicon
    from .stages.mentions import MentionStage, Resolver
    from .stages.ner import NerStage
    from .stages.parse import ParseStage, RelevanceStage
    from .stages.relations import RelationStage
    from .stages.sentences import SentenceStage
    from .stages.timex import TimexStage

    lex = TriggerLexicon.load()
    resolver = Resolver.from_pack(pack)
    return Pipeline([
        SentenceStage(),
        MentionStage(resolver),
        CorefStage(pack),
        TimexStage(),
        RelevanceStage(lex, enabled=cascade),
        ParseStage(nlp, disable=("ner",), verbs=lex.verb_lemmas),
        NerStage(resolver, ner=nlp.get_pipe("ner"),
                 wanted=None if all_names else (lambda sp: next(lex.match(sp), None) is not None)),
        EventStage(lex, pack, CameoMap.load()),
        RelationStage(pack, resolve_name=_name_resolver(resolver)),
    ])


def _name_resolver(resolver: Any) -> Any:
    """alias -> actor id, for modifiers such as "Iranian-backed"."""
    def resolve(name: str) -> str | None:
        for entry in resolver.gazetteer.lookup(name):
            if entry.entity_id and entry.kind == "actor":
                return str(entry.entity_id)
        return None
    return resolve
