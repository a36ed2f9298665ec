"""The knowledge pack (actors, places, aliases) and name resolution over it.

Nothing here reads files on import: ``KnowledgePack.load()`` / ``default_pack()`` do.
"""
from __future__ import annotations

from typing import Any

from ..model import Document
from .gazetteer import AhoCorasickGazetteer, DictGazetteer, Gazetteer, Hit
from .keys import key, keyed
from .pack import AliasEntry, KnowledgePack, default_pack

__all__ = ["AhoCorasickGazetteer", "AliasEntry", "DictGazetteer", "Gazetteer", "Hit", "KnowledgePack",
           "default_pack", "entities_json", "key", "keyed"]


def entities_json(doc: Document, pack: KnowledgePack) -> list[dict[str, Any]]:
    """One record per actor/place/facility mention of `doc` (for `proxywatch entities`).

    Lineage is taken on the document's publication date (the most recent roles when
    unknown); places have no lineage beyond themselves and their country.
    """
    out: list[dict[str, Any]] = []
    for m in doc.mentions:
        if m.kind == "date":
            continue
        lineage: list[str] = []
        if m.entity_id is not None:
            if m.kind == "actor":
                lineage = list(pack.lineage(m.entity_id, doc.meta.published))
            else:
                p = pack.place(m.entity_id)
                lineage = [m.entity_id] + ([p.country] if p is not None and p.country else [])
        out.append({"doc_id": doc.id, "start": m.start, "end": m.end, "text": doc.span_text(m),
                    "id": m.entity_id, "lineage": lineage, "kind": m.kind, "method": m.method})
    return out
