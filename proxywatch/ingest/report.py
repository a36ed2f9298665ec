"""What happened to each input of a batch: read, ok, failed (with reason)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str
    line: int | None = None
    kind: str = "InputError"  # the InputError subclass name: EmptyInput, BinaryInput...

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


@dataclass
class IngestReport:
    """Collects the outcome of every source of a batch; never raises.

    ``read`` lists every source (file, JSONL line ``file:line``, stdin) that
    was attempted, ``ok`` the ids of the documents produced, ``failed`` one
    :class:`Failure` per input that could not be turned into a document,
    ``duplicates`` near-duplicate pairs when the caller ran dedup.
    """

    read: list[str] = field(default_factory=list)
    ok: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)

    def attempt(self, source: str) -> None:
        self.read.append(source)

    def success(self, doc_id: str) -> None:
        self.ok.append(doc_id)

    def fail(self, source: str, reason: str, line: int | None = None, kind: str = "InputError") -> None:
        self.failed.append(Failure(source, reason, line, kind))

    def fail_error(self, err: InputError) -> None:
        self.fail(err.source, err.reason, err.line, type(err).__name__)

    def lines(self) -> list[str]:
        """One readable line per failure, naming the file (and line) and reason."""
        return [f"skipped {f}" for f in self.failed]

    def summary(self) -> str:
        parts = [f"{len(self.read)} inputs read", f"{len(self.ok)} documents ok",
                 f"{len(self.failed)} failed"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} near-duplicate pairs")
        return ", ".join(parts)

    def exit_code(self, strict: bool = False) -> int:
        """0 unless nothing could be read (or, with ``strict``, anything failed)."""
        if not self.ok:
            return 1
        if strict and self.failed:
            return 1
        return 0
