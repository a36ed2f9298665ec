"""Scale benchmark: documents/s of batch extraction with 1 and 2 Dask workers, peak memory
per worker, and a projection of hardware and hours for a GDELT-sized feed and a 10 M archive.

    .venv/bin/python bench/scale_bench.py                 # first 600 Reuters documents
    .venv/bin/python bench/scale_bench.py --docs 2000 --workers 1,2,4 --json out.json

Both worker counts run in the same process on the same shards, each into a
fresh output folder, on a warm cluster (workers started and the model loaded
before the clock starts), so the ratio measures the engine, not start-up.
The on-topic rate is measured separately on the seed articles (in this
process): Reuters is mostly off-topic, which the relevance cascade discards
cheaply, so the projection blends the two rates.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DAILY = (100_000, 200_000)
ARCHIVE = 10_000_000


def write_shards(corpus: Path, n_docs: int, shard_size: int, folder: Path) -> int:
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        recs = [json.loads(line) for line in itertools.islice(fh, n_docs)]
    for i in range(0, len(recs), shard_size):
        with gzip.open(folder / f"shard-{i // shard_size:05d}.jsonl.gz", "wt", encoding="utf-8") as out:
            for rec in recs[i:i + shard_size]:
                out.write(json.dumps(rec) + "\n")
    return len(recs)


def ontopic_rate(seeds: Path, repeat: int) -> tuple[float, float]:
    """(documents/s, characters/s) of one process on the seed articles."""
    from proxywatch.engines.worker import get_extractor
    from proxywatch.ingest.readers import document_from_text
    from proxywatch.model import DocMeta

    ex = get_extractor()
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    docs = [document_from_text(t, f"seed-{r}-{i}", DocMeta(), doc_id=f"seed-{r}-{i}")
            for r in range(repeat) for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    for _ in ex.extract_documents(docs):
        pass
    dt = time.perf_counter() - t0
    return len(docs) / dt, sum(len(d.text) for d in docs) / dt


def projection(per_core: float, ontopic: float, share: float, rss_mb: float) -> list[str]:
    """Hours and cores for the target volumes, from a per-core rate blended by on-topic share."""
    # time per document is the share-weighted mean of the two per-document costs
    blended = 1.0 / ((1 - share) / per_core + share / ontopic)
    out = [(f"per-core rate: off-topic {per_core:.1f} docs/s, on-topic {ontopic:.1f} docs/s, "
            f"blended at {share:.0%} on-topic {blended:.1f} docs/s")]
    for rate, label in ((blended, f"blended {share:.0%} on-topic"), (ontopic, "all on-topic (worst case)")):
        out.append(f"  [{label}]")
        for daily in DAILY:
            core_h = daily / rate / 3600
            out.append(f"    {daily:>9,} articles/day: {core_h:7.1f} core-hours/day -> "
                       f"{max(1, int(-(-core_h // 24)))} cores keep up in real time, "
                       f"{max(1, int(-(-core_h // 1)))} cores finish a day's feed in 1 h")
        core_h = ARCHIVE / rate / 3600
        nodes = max(1, int(-(-core_h / 24 // 32)))
        out.append(f"    {ARCHIVE:>9,} article archive: {core_h:9,.0f} core-hours -> "
                   f"{core_h / 64:7.1f} h on 64 cores, {core_h / 256:6.1f} h on 256 cores; "
                   f"{nodes} x 32-core nodes finish in a day")
    out.append(f"  memory: {rss_mb:.0f} MB peak per worker -> {32 * rss_mb / 1024:.0f} GB RAM for a "
               f"32-worker node (one worker per core)")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "reuters21578.jsonl.gz")
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--docs", type=int, default=600, help="first N documents of the corpus")
    ap.add_argument("--shard-size", type=int, default=25)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--ontopic-share", type=float, default=0.05,
                    help="share of on-topic articles assumed in the projection")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    from proxywatch.engines import discover_shards
    from proxywatch.engines.dask_engine import DaskEngine

    counts = [int(x) for x in args.workers.split(",")]
    results: dict[str, Any] = {"docs": args.docs, "shard_size": args.shard_size, "runs": []}
    with tempfile.TemporaryDirectory(prefix="pw-scale-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        n = write_shards(args.corpus, args.docs, args.shard_size, folder)
        shards = discover_shards([folder])
        print(f"{n} documents of {args.corpus.name} in {len(shards)} shards of {args.shard_size}")
        with DaskEngine() as engine:
            for w in counts:
                t0 = time.perf_counter()
                engine.start(w)
                warm = time.perf_counter() - t0
                s = engine.run(shards, Path(tmp) / f"out-{w}", workers=w)
                peak = max(s.peak_rss_mb.values()) if s.peak_rss_mb else 0.0
                run = {"workers": w, "documents": s.documents, "failed_documents": s.failed_documents,
                       "events": s.events, "seconds": round(s.seconds, 2),
                       "docs_per_s": round(s.docs_per_second, 2), "startup_s": round(warm, 1),
                       "peak_rss_mb": {k: round(v) for k, v in s.peak_rss_mb.items()},
                       "max_peak_rss_mb": round(peak)}
                results["runs"].append(run)
                print(f"  {w} worker(s): {s.documents} docs ({s.failed_documents} rejected at ingest), "
                      f"{s.events} events in {s.seconds:.1f} s = {s.docs_per_second:.1f} docs/s "
                      f"(start-up and model load {warm:.1f} s, untimed); peak RSS per worker "
                      + ", ".join(f"{v:.0f} MB" for v in s.peak_rss_mb.values()))
    base = results["runs"][0]
    for r in results["runs"][1:]:
        r["speedup"] = round(r["docs_per_s"] / base["docs_per_s"], 2) if base["docs_per_s"] else 0.0
        print(f"  speed-up {r['workers']} vs {base['workers']} worker(s): {r['speedup']:.2f}x"
              f" (goal >= 1.8x for 2)")
    on_docs, on_chars = ontopic_rate(args.seeds, repeat=2)
    results["ontopic_docs_per_s"] = round(on_docs, 2)
    results["ontopic_chars_per_s"] = round(on_chars)
    per_core = base["docs_per_s"] / base["workers"]
    rss = max(r["max_peak_rss_mb"] for r in results["runs"])
    lines = projection(per_core, on_docs, args.ontopic_share, rss)
    results["projection"] = lines
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
