"""The analyst dashboard: static files served by proxywatch.server (plain JS, vendored data, no CDN)."""
from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
