"""The one exception tree of proxywatch.

    ProxywatchError
    ├── InputError          a document could not be read (names file and reason)
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── OversizedInput
    │   ├── DecodeError
    │   └── MalformedInput  bad JSONL line, broken manifest entry, missing path
    ├── KnowledgeError      a data file of the knowledge pack is invalid
    ├── PipelineError       stages declared in an impossible order
    ├── StoreError          the database is corrupt, foreign or unreachable
    └── AnalysisError       a model cannot be fitted on the data given
"""
from __future__ import annotations


class ProxywatchError(Exception):
    """Base of every error proxywatch raises on purpose."""


class InputError(ProxywatchError):
    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class OversizedInput(InputError):
    pass


class DecodeError(InputError):
    pass


class MalformedInput(InputError):
    pass


class KnowledgeError(ProxywatchError):
    pass


class PipelineError(ProxywatchError):
    pass


class StoreError(ProxywatchError):
    pass


class AnalysisError(ProxywatchError):
    pass
