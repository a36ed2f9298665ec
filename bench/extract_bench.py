"""Extraction throughput: full proxywatch pipeline vs bare spaCy ``nlp.pipe``.

    .venv/bin/python bench/extract_bench.py [--n 500] [--shared ../shared]

Prints documents/s, words/s and peak RSS for (a) the first N Reuters-21578
documents (mostly off-topic: the relevance cascade should skip the parser)
and (b) the seeds plus development articles (on-topic), each with the
cascade on and off, next to bare spaCy on the same texts with the same
model; and the seeds F1 with the cascade on and off.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proxywatch.api import Extractor
from proxywatch.ingest.readers import build_document
from proxywatch.model import DocMeta
from proxywatch.nlp import load_nlp


def reuters(shared: Path, n: int) -> list[tuple[str, str]]:
    out = []
    with gzip.open(shared / "corpora" / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = rec.get("text") or rec.get("body") or ""
            if text.strip():
                out.append((str(rec.get("id", len(out))), text))
            if len(out) >= n:
                break
    return out


def on_topic(shared: Path) -> list[tuple[str, str]]:
    out = []
    for manifest in (shared / "gold" / "manifest.jsonl", shared / "gold" / "articles_dev" / "manifest.jsonl"):
        for line in manifest.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            out.append((rec["id"], (manifest.parent / rec["path"]).read_text(encoding="utf-8")))
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_pipeline(ex: Extractor, texts: list[tuple[str, str]], label: str) -> float:
    docs = [build_document(i, t, DocMeta()) for i, t in texts]
    t0 = time.perf_counter()
    n_events = 0
    for d in tqdm(ex.extract_documents(docs), total=len(docs), desc=label, leave=False):
        n_events += len(d.events)
    return time.perf_counter() - t0


def time_spacy(nlp: object, texts: list[tuple[str, str]]) -> float:
    t0 = time.perf_counter()
    for _ in tqdm(nlp.pipe([t for _, t in texts], batch_size=32), total=len(texts), desc="spacy", leave=False):  # type: ignore[attr-defined]
        pass
    return time.perf_counter() - t0


def seeds_f1(shared: Path, cascade: bool) -> str:
    cmd = [sys.executable, "-m", "proxywatch.cli", "extract", "--manifest", str(shared / "gold" / "manifest.jsonl")]
    if not cascade:
        cmd.append("--no-cascade")
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl") as out:
        subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, check=True)
        res = subprocess.run([sys.executable, str(shared / "tools" / "score_events.py"), "--gold",
                              str(shared / "gold" / "seeds.gold.yaml"), "--pred", out.name, "--json"],
                             capture_output=True, text=True, check=True)
    return str(json.loads(res.stdout)["f1"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    nlp = load_nlp()
    sets = {"reuters": reuters(args.shared, args.n), "on-topic": on_topic(args.shared)}
    fast, slow = Extractor.load(cascade=True), Extractor.load(cascade=False)
    print(f"{'corpus':<10} {'docs':>5} {'words':>8} {'spaCy d/s':>10} {'cascade d/s':>12} {'ratio':>6} "
          f"{'no-cascade d/s':>15} {'ratio':>6}")
    for name, texts in sets.items():
        words = sum(len(t.split()) for _, t in texts)
        ts = time_spacy(nlp, texts)
        tc = time_pipeline(fast, texts, "cascade")
        tn = time_pipeline(slow, texts, "no-cascade")
        n = len(texts)
        print(f"{name:<10} {n:>5} {words:>8} {n / ts:>10.1f} {n / tc:>12.1f} {ts / tc:>6.2f} {n / tn:>15.1f} {ts / tn:>6.2f}"
              f"   words/s cascade {words / tc:,.0f}")
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    print(f"seeds F1 cascade on {seeds_f1(args.shared, True)}, off {seeds_f1(args.shared, False)}")


if __name__ == "__main__":
    main()
