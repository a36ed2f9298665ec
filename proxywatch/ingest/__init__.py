"""Ingest: read inputs of every kind into complete Documents (see docs/ARCHITECTURE.md)."""
from __future__ import annotations

from .dedup import near_duplicates
from .docdate import resolve_document_date
from .normalize import normalize
from .readers import document_from_bytes, document_from_text, iter_documents, read_manifest
from .report import Failure, IngestReport
from .zones import find_zones

__all__ = [
    "Failure", "IngestReport", "document_from_bytes", "document_from_text", "find_zones",
    "iter_documents", "near_duplicates", "normalize", "read_manifest", "resolve_document_date",
]
