"""The REST API and dashboard server (FastAPI): ``create_app(store, extractor_factory, settings)``.

See docs/API.md. Importing this package does no I/O; ``create_app`` only wires
routes; the knowledge pack and the extractor load on first use.
"""
from __future__ import annotations

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
