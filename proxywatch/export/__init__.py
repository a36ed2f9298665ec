"""Exports of the store to other tools' formats (STIX 2.1, ACLED CSV, GraphML, Parquet)."""
from __future__ import annotations

from .acled import export_acled
from .graphml import export_graphml
from .parquet import export_parquet
from .stix import export_stix

__all__ = ["export_acled", "export_graphml", "export_parquet", "export_stix"]
