"""kill -9 a real ingest process mid-run: at most the document in flight is lost."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_samples import pg_schema

from proxywatch.store import open_store

TESTS = Path(__file__).resolve().parent
N_DOCS = 300

CHILD = """
import sys
from proxywatch.store import ingest_documents, open_store
from store_samples import sample_document

def docs(n):
    for i in range(n):
        # printed when document i is requested: every earlier one is committed
        print(i, flush=True)
        yield sample_document(i)

store = open_store(sys.argv[1])
summary = ingest_documents(store, docs(int(sys.argv[2])), progress=False)
print("DONE", summary.stored, summary.unchanged, flush=True)
store.close()
"""


def _child(target: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), str(TESTS.parent)]))
    return subprocess.Popen([sys.executable, "-c", CHILD, target, str(N_DOCS)], env=env,
                            stdout=subprocess.PIPE, text=True)


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "crash.db")
    else:
        yield from pg_schema()


def test_store_survives_kill_9_mid_ingest(target: str) -> None:
    proc = _child(target)
    assert proc.stdout is not None
    requested = -1
    for line in proc.stdout:
        requested = int(line)
        if requested >= 60:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with open_store(target) as store:
        assert store.check() == []
        kept = [d.id for d in store.documents()]
        # every document committed before the kill is there, as an unbroken prefix with no
        # half-written one (the child may have committed a few more before the signal landed)
        assert len(kept) >= requested
        assert kept == [f"doc-{i:04d}" for i in range(len(kept))]
        assert len(store.events()) == 3 * len(kept)

    rerun = _child(target)
    out, _ = rerun.communicate(timeout=300)
    assert rerun.returncode == 0
    done = out.strip().splitlines()[-1].split()
    assert done == ["DONE", str(N_DOCS - len(kept)), str(len(kept))]

    with open_store(target) as store:
        assert store.check() == []
        assert [d.id for d in store.documents()] == [f"doc-{i:04d}" for i in range(N_DOCS)]
        ids = [e.event_id for e in store.events()]
        assert len(ids) == len(set(ids)) == 3 * N_DOCS
