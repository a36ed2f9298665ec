"""Access to the versioned knowledge files shipped in ``proxywatch/data``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import KnowledgeError

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def load_yaml(name: str, data_dir: Path = DATA_DIR) -> Any:
    """Parse one data file (cached: the files are read-only at run time)."""
    path = data_dir / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise KnowledgeError(f"{path}: data file missing") from e
    except yaml.YAMLError as e:
        raise KnowledgeError(f"{path}: invalid YAML: {e}") from e
