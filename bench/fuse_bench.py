"""Fusion benchmark: seconds and peak RSS of `Fuser.fuse` on synthetic stores of N events.

    .venv/bin/python bench/fuse_bench.py                    # N = 1k, 10k, 100k
    .venv/bin/python bench/fuse_bench.py --sizes 1000,10000 --json out.json
    .venv/bin/python bench/fuse_bench.py --sizes 100000 --profile /tmp/fuse  # /tmp/fuse-100000.prof

Each size runs in a fresh child process (so peak RSS is that size's own):
the child builds the events, notes its RSS, fuses, and reports the fusion
seconds and the peak RSS. The store is made to look like news on one theatre:
~30 actors with lineages (militias under the PMF under Iraq, IRGC units under
Iran, US units under the US), 16 PLOVER types, occurrences over three years,
each reported 1-6 times by articles published 0-3 days later, reports that
leave a party unnamed, name its parent, or date to the month or year, 5%
undated, ~6 events an article. To time another version of the fuser, put
its package first on PYTHONPATH (the child imports `proxywatch` normally).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from typing import Any

TYPES = ["ASSAULT", "COERCE", "PROTEST", "THREATEN", "ACCUSE", "REJECT", "REQUEST", "MOBILIZE",
         "CONSULT", "AGREE", "CONCEDE", "RETREAT", "SUPPORT", "COOPERATE", "AID", "SANCTION"]
#: how often each type occurs (attacks and accusations dominate proxy-conflict news)
WEIGHTS = [20, 6, 5, 8, 8, 5, 5, 4, 6, 3, 2, 3, 5, 4, 2, 3]
START = date(2019, 1, 1)
DAYS = 3 * 365


def _actors() -> list[tuple[str, tuple[str, ...]]]:
    militias = ["kataib-hezbollah", "asaib-ahl-al-haq", "harakat-nujaba", "kataib-sayyid-al-shuhada",
                "badr", "saraya-awliya-al-dam", "ashab-al-kahf", "kataib-imam-ali", "saraya-salam",
                "usbat-al-thaireen"]
    out: list[tuple[str, tuple[str, ...]]] = [
        (m, (m, "irq.pmf", "iraqi-shia-militias", "irq")) for m in militias]
    out += [("irq.pmf", ("irq.pmf", "irq")), ("irq", ("irq",)), ("irq.gov", ("irq.gov", "irq")),
            ("irq.mil", ("irq.mil", "irq")), ("krg", ("krg", "irq"))]
    out += [(f"irn.irgc.{u}", (f"irn.irgc.{u}", "irn.irgc", "irn")) for u in ("qf", "navy", "af")]
    out += [("irn.irgc", ("irn.irgc", "irn")), ("irn", ("irn",)), ("irn.gov", ("irn.gov", "irn"))]
    out += [(f"usa.{u}", (f"usa.{u}", "usa")) for u in ("mil", "gov", "dos", "centcom", "embassy")]
    out += [("usa", ("usa",)), ("gbr", ("gbr",)), ("isr", ("isr",)), ("syr", ("syr",)),
            ("lbn", ("lbn",)), ("hezbollah", ("hezbollah", "lbn"))]
    return out


def _places() -> list[tuple[str, str, float, float, int, str]]:
    cities = [("baghdad", 33.31, 44.36), ("erbil", 36.19, 44.01), ("basra", 30.51, 47.78),
              ("kirkuk", 35.47, 44.39), ("mosul", 36.34, 43.13), ("najaf", 32.03, 44.33),
              ("karbala", 32.62, 44.02), ("balad", 34.01, 44.15), ("anbar", 33.42, 43.3),
              ("taji", 33.53, 44.26), ("deir-ez-zor", 35.33, 40.14), ("al-qaim", 34.37, 41.09)]
    out = [(c, "irq" if c != "deir-ez-zor" else "syr", la, lo, 2, "city") for c, la, lo in cities]
    for c, la, lo in cities[:8]:
        out.append((f"{c}.base", "irq", la + 0.05, lo + 0.04, 1, "facility"))
        out.append((f"{c}.airport", "irq", la - 0.04, lo + 0.02, 1, "facility"))
    return out


def build(n: int, seed: int = 7) -> tuple[list[Any], dict[str, Any]]:
    """``n`` events and their documents' metas, deterministic for ``seed``."""
    from proxywatch.model import DocMeta, Event, Evidence, Party, Place

    rng = random.Random(seed)
    actors = _actors()
    parties = {a: Party(a, a, lin) for a, lin in actors}
    parent = {a: lin[1] if len(lin) > 1 else None for a, lin in actors}
    places = [Place(p, p, c, la, lo, prec, kind) for p, c, la, lo, prec, kind in _places()]
    ids = [a for a, _ in actors]
    reports: list[tuple[int, Any]] = []  # (publication day, event fields)
    while len(reports) < n:
        typ = rng.choices(TYPES, WEIGHTS)[0]
        day = rng.randrange(DAYS)
        act, rec = rng.sample(ids, 2)
        place = rng.choice(places) if rng.random() < 0.6 else None
        for _ in range(rng.choice((1, 2, 3, 3, 4, 5, 6))):
            reports.append((day + rng.choice((0, 0, 1, 1, 2, 3)),
                            _report(rng, typ, day, act, rec, place, parties, parent, ids)))
    reports = reports[:n]
    # articles: ~6 reports each, grouped by publication day
    by_day: dict[int, list[Any]] = {}
    for pub, fields in reports:
        by_day.setdefault(pub, []).append(fields)
    events, metas = [], {}
    for pub in sorted(by_day):
        rows = by_day[pub]
        rng.shuffle(rows)
        for k in range(0, len(rows), 6):
            doc = f"d{pub:04d}-{k // 6:03d}"
            metas[doc] = DocMeta(published=(START + timedelta(days=pub)).isoformat(),
                                 outlet=f"outlet-{rng.randrange(20)}", title=doc)
            pos = 0
            for i, f in enumerate(rows[k:k + 6]):
                if i and rng.random() < 0.1:
                    pos -= 120  # two codes of one sentence
                text = f"sentence {i} of {doc} about a {f['type'].lower()}".ljust(119) + "."
                events.append(Event(doc_id=doc, event_id=f"{doc}:{i}",
                                    evidence=Evidence(pos, pos + len(text), text), **f))
                pos += 120
    return events, metas


def _report(rng: random.Random, typ: str, day: int, act: str, rec: str, place: Any,
            parties: dict[str, Any], parent: dict[str, str | None], ids: list[str]) -> dict[str, Any]:
    def party(pid: str) -> Any:
        r = rng.random()
        if r < 0.2:
            return None  # "a militia", "unknown gunmen"
        up = parent[pid]
        if r < 0.3 and up:
            return parties[up]  # named by its parent
        if r < 0.34:
            return parties[rng.choice(ids)]  # a misreading
        return parties[pid]

    d = START + timedelta(days=day + rng.choice((0, 0, 0, 0, 1, -1)))
    r = rng.random()
    when: str | None
    if r < 0.05:
        when = None
    elif r < 0.15:
        when = d.isoformat()[:7]
    elif r < 0.18:
        when = d.isoformat()[:4]
    elif r < 0.19:
        when = "--" + d.isoformat()[5:]
    else:
        when = d.isoformat()
    return {"type": typ if rng.random() > 0.05 else rng.choice(TYPES), "actor": party(act),
            "recipient": party(rec), "date": when,
            "location": place if rng.random() < 0.7 else None,
            "status": rng.choice(("asserted", "asserted", "asserted", "claimed", "denied"))}


def _rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(n: int, profile: str | None = None) -> dict[str, Any]:
    import cProfile

    from proxywatch.fuse import Fuser

    t0 = time.perf_counter()
    events, metas = build(n)
    built = time.perf_counter() - t0
    rss_before = _rss_mb()
    fuser = Fuser.load()
    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    result = fuser.fuse(events, metas)
    if prof:
        prof.disable()  # profiled seconds are inflated: time without --profile
        prof.dump_stats(f"{profile}-{n}.prof")
    secs = time.perf_counter() - t0
    multi = sum(1 for i in result.incidents if len(i.ledger) > 1)
    # a digest of every decision, so two versions of the fuser can be shown to agree
    rows = sorted((m.doc_id, m.event_id, m.incident_id, m.method, m.matched_with or "", m.points,
                   sorted(m.fields.items())) for m in result.memberships)
    digest = hashlib.sha1(repr(rows).encode()).hexdigest()[:16]
    return {"n": len(events), "docs": len(metas), "build_s": round(built, 2),
            "fuse_s": round(secs, 2), "rss_before_mb": round(rss_before, 1),
            "peak_rss_mb": round(_rss_mb(), 1), "incidents": len(result.incidents),
            "multi_report": multi, "digest": digest}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode
    ap.add_argument("--json", dest="json_out")
    ap.add_argument("--profile", help="dump each size's cProfile stats to PROFILE-N.prof")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.profile)))
        return
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        # run from the bench folder so PYTHONPATH (not the working directory) picks the package
        cmd = [sys.executable, __file__, "--one", str(n)]
        if args.profile:
            cmd += ["--profile", os.path.abspath(args.profile)]
        out = subprocess.run(cmd, check=True,
                             capture_output=True, text=True, cwd=os.path.dirname(__file__)).stdout
        row = json.loads(out.strip().splitlines()[-1])
        rows.append(row)
        print(f"N={row['n']:>7} docs={row['docs']:>6}  fuse {row['fuse_s']:>8.2f} s  "
              f"peak RSS {row['peak_rss_mb']:>7.1f} MB (before fusing {row['rss_before_mb']:.1f})"
              f"  incidents {row['incidents']} ({row['multi_report']} with several reports)  digest {row['digest']}",
              flush=True)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
