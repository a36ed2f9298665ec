"""proxywatch: sourced, queryable records of proxy conflict from news text.

The public API is :class:`proxywatch.api.Extractor` and the dataclasses of
:mod:`proxywatch.model`. Importing this package loads nothing heavy.
"""
from __future__ import annotations

from .model import Document, Event, Evidence, Incident, Mention, Party, Place, Relation

__all__ = ["Document", "Event", "Evidence", "Incident", "Mention", "Party", "Place", "Relation", "__version__"]
__version__ = "0.1.0"
