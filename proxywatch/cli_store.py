"""Store commands of ``proxywatch``: ingest, queries, incidents, analyst operations, exports, eval.

Registered on the main click group by :func:`register` (called from cli.py).
Read commands open the store with ``create=False``: a mistyped ``--db``
path is an error, never a new empty database.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from .errors import ProxywatchError
from .model import Event, Incident
from .store import DEFAULT_PATH

FORMATS = click.Choice(["table", "csv", "jsonl"])


def _fail(msg: str) -> None:
    click.echo(f"proxywatch: {msg}", err=True)
    sys.exit(2)


def db_option(f: Any) -> Any:
    return click.option("--db", "db", default=DEFAULT_PATH, show_default=True,
                        help="store: SQLite file path or postgresql:// DSN")(f)


def filter_options(f: Any) -> Any:
    for opt in reversed([
        click.option("--actor", help="actor id (matches any id of the lineage)"),
        click.option("--recipient", help="recipient id (matches any id of the lineage)"),
        click.option("--type", "type_", help="PLOVER type"),
        click.option("--status", type=click.Choice(["asserted", "claimed", "denied", "conditional",
                                                    "negated"])),
        click.option("--since", help="YYYY, YYYY-MM or YYYY-MM-DD"),
        click.option("--until", help="YYYY, YYYY-MM or YYYY-MM-DD"),
        click.option("--place", help="place id, place name or country code"),
        click.option("--format", "fmt", type=FORMATS, default="table", show_default=True),
    ]):
        f = opt(f)
    return f


def _open(db: str, create: bool = False) -> Any:
    from .store import open_store

    return open_store(db, create=create)


def _emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str,
          full: Sequence[dict[str, Any]] | None = None) -> None:
    """Print ``rows`` as a table or CSV of ``columns``, or ``full`` rows as JSONL."""
    if fmt == "jsonl":
        for r in full if full is not None else rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
        return
    widths = {c: min(40, max([len(c), *(len(str(r.get(c, "") or "-")) for r in rows)])) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for r in rows:
        cells = [str(r.get(c, "") or "-") for c in columns]
        click.echo("  ".join(v[:widths[c]].ljust(widths[c]) for v, c in zip(cells, columns)).rstrip())


def _pname(p: Any) -> str:
    return (p.id or p.name) if p is not None else ""


def event_flat(e: Event) -> dict[str, Any]:
    return {"doc_id": e.doc_id, "event_id": e.event_id, "type": e.type, "mode": e.mode or "",
            "actor": _pname(e.actor), "recipient": _pname(e.recipient), "date": e.date or "",
            "place": e.location.name if e.location else "", "status": e.status,
            "source": _pname(e.source), "confidence": round(e.confidence, 3),
            "evidence": e.evidence.text}


def incident_flat(inc: Incident) -> dict[str, Any]:
    return {"incident_id": inc.incident_id, "type": inc.type, "date": inc.date or "",
            "actor": _pname(inc.actor), "recipient": _pname(inc.recipient),
            "place": inc.location.name if inc.location else "", "reports": len(inc.ledger),
            "documents": len({le.doc_id for le in inc.ledger}),
            "statuses": ",".join(sorted({le.status for le in inc.ledger}))}


def incident_matches(inc: Incident, actor: str | None, recipient: str | None, type_: str | None,
                     status: str | None, since: str | None, until: str | None,
                     place: str | None) -> bool:
    from .store.dates import overlaps

    for want, p in ((actor, inc.actor), (recipient, inc.recipient)):
        if want is not None and (p is None or want not in (p.id, *p.lineage)):
            return False
    if type_ is not None and inc.type != type_.upper():
        return False
    if status is not None and status not in {le.status for le in inc.ledger}:
        return False
    if not overlaps(inc.date, since, until):
        return False
    if place is not None:
        loc = inc.location
        low = place.lower()
        if loc is None or not (loc.id == place or (loc.name or "").lower() == low
                               or (loc.country or "").lower() == low):
            return False
    return True


def _fuse_store(store: Any) -> Any:
    from .fuse import Fuser, refuse

    return refuse(store, Fuser.load())


def register(main: click.Group) -> None:
    """Add the store commands to ``main``."""
    for cmd in (ingest, events, incidents, actors, actor, incident, merge, split, export, eval_group):
        main.add_command(cmd)


@click.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False), help="JSONL manifest of documents")
@db_option
@click.option("--no-cascade", is_flag=True, help="parse every body sentence (slower)")
@click.option("--no-fuse", is_flag=True, help="store only; do not re-fuse incidents")
@click.option("--progress/--no-progress", default=True, help="progress bar on stderr")
def ingest(files: tuple[str, ...], manifest: str | None, db: str, no_cascade: bool, no_fuse: bool,
           progress: bool) -> None:
    """Extract FILES or --manifest and store them (idempotent); then fuse incidents."""
    from .api import Extractor
    from .ingest.report import IngestReport
    from .store import ingest_documents

    if not files and not manifest:
        _fail("give FILES or --manifest")
    report = IngestReport()
    try:
        store = _open(db, create=True)
        with store:
            ex = Extractor.load(cascade=not no_cascade)
            docs = ex.extract_manifest(manifest, report) if manifest else ex.extract_paths(list(files), report)
            summary = ingest_documents(store, docs, progress=progress)
            for line in report.lines():
                summary.add_failure("input", line)
            click.echo(str(summary), err=True)
            if not no_fuse:
                result = _fuse_store(store)
                multi = sum(1 for i in result.incidents if len(i.ledger) > 1)
                click.echo(f"incidents {len(result.incidents)} ({multi} with several reports)", err=True)
    except ProxywatchError as e:
        _fail(str(e))


@click.command()
@db_option
@filter_options
@click.option("--limit", type=int)
@click.option("--q", "q", default=None, metavar="TEXT",
              help='free text: words ANDed, "a phrase", prefix* (as /api/events?q=; docs/STORE.md)')
def events(db: str, actor: str | None, recipient: str | None, type_: str | None, status: str | None,
           since: str | None, until: str | None, place: str | None, fmt: str, limit: int | None,
           q: str | None) -> None:
    """List stored events."""
    try:
        with _open(db) as store:
            evs = store.events(actor=actor, recipient=recipient, type=type_, status=status,
                               since=since, until=until, place=place, limit=limit, q=q)
    except ProxywatchError as e:
        _fail(str(e))
    _emit([event_flat(e) for e in evs],
          ["event_id", "type", "actor", "recipient", "date", "place", "status", "source"], fmt,
          [e.to_json() for e in evs])


@click.command()
@db_option
@filter_options
def incidents(db: str, actor: str | None, recipient: str | None, type_: str | None, status: str | None,
              since: str | None, until: str | None, place: str | None, fmt: str) -> None:
    """List fused incidents (jsonl: one incident a line with its member events)."""
    from .fuse import load_fusion
    from .fuse.output import incident_row
    from .store.sqlbase import check_date_filter

    try:
        check_date_filter("since", since)
        check_date_filter("until", until)
        with _open(db) as store:
            result = load_fusion(store)
    except ProxywatchError as e:
        _fail(str(e))
    keep = [i for i in result.incidents
            if incident_matches(i, actor, recipient, type_, status, since, until, place)]
    _emit([incident_flat(i) for i in keep],
          ["incident_id", "type", "date", "actor", "recipient", "place", "reports", "statuses"], fmt,
          [incident_row(i, result) for i in keep])


@click.command()
@db_option
@filter_options
def actors(db: str, actor: str | None, recipient: str | None, type_: str | None, status: str | None,
           since: str | None, until: str | None, place: str | None, fmt: str) -> None:
    """List actors of the stored events (filtered as `events`), with counts."""
    try:
        with _open(db) as store:
            evs = store.events(actor=actor, recipient=recipient, type=type_, status=status,
                               since=since, until=until, place=place)
    except ProxywatchError as e:
        _fail(str(e))
    rows = actor_rows(evs)
    _emit(rows, ["id", "name", "as_actor", "as_recipient", "first", "last", "types"], fmt)


def actor_rows(evs: Iterable[Event]) -> list[dict[str, Any]]:
    from .store.dates import bounds

    stats: dict[str, dict[str, Any]] = {}
    for e in evs:
        for role, p in (("as_actor", e.actor), ("as_recipient", e.recipient)):
            if p is None or not p.id:
                continue
            s = stats.setdefault(p.id, {"id": p.id, "names": Counter(), "as_actor": 0,
                                        "as_recipient": 0, "dates": [], "types": Counter()})
            s["names"][p.name] += 1
            s[role] += 1
            if role == "as_actor":
                s["types"][e.type] += 1
            if bounds(e.date)[0]:
                s["dates"].append(e.date)
    out = []
    for aid in sorted(stats):
        s = stats[aid]
        dates = sorted(s["dates"], key=lambda d: bounds(d)[0] or d)
        out.append({"id": aid, "name": s["names"].most_common(1)[0][0], "as_actor": s["as_actor"],
                    "as_recipient": s["as_recipient"], "first": dates[0] if dates else None,
                    "last": dates[-1] if dates else None,
                    "types": ";".join(f"{t}:{n}" for t, n in sorted(s["types"].items()))})
    return out


@click.command()
@click.argument("actor_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def actor(actor_id: str, db: str, fmt: str) -> None:
    """Profile of ACTOR_ID: aliases, roles over time, relations, activity."""
    from .graph import actor_profile
    from .knowledge.pack import KnowledgePack

    try:
        pack = KnowledgePack.load()
        with _open(db) as store:
            prof = actor_profile(store, pack, actor_id)
    except ProxywatchError as e:
        _fail(str(e))
    if pack.actor(actor_id) is None and not prof.as_actor and not prof.as_recipient and not prof.relations:
        _fail(f"{actor_id}: unknown actor (not in the knowledge pack nor in the store)")
    if fmt == "json":
        click.echo(json.dumps(prof.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(prof.lines()))


@click.command()
@click.argument("incident_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def incident(incident_id: str, db: str, fmt: str) -> None:
    """The claims ledger of INCIDENT_ID: every report, its status and details, contradictions."""
    from .fuse import contradictions, load_fusion
    from .fuse.output import incident_row

    try:
        with _open(db) as store:
            result = load_fusion(store)
    except ProxywatchError as e:
        _fail(str(e))
    inc = result.incident(incident_id)
    if inc is None:
        _fail(f"{incident_id}: no such incident")
        return
    conflicts = contradictions(inc)
    if fmt == "json":
        row = incident_row(inc, result)
        row["contradictions"] = [{"field": c.field, "values": {k: list(v) for k, v in c.values.items()}}
                                 for c in conflicts]
        click.echo(json.dumps(row, ensure_ascii=False, indent=2))
        return
    click.echo("\n".join(ledger_lines(inc, result, conflicts)))


def ledger_lines(inc: Incident, result: Any, conflicts: Sequence[Any]) -> list[str]:
    why = {(m.doc_id, m.event_id): m for m in result.members(inc.incident_id)}
    out = [(f"{inc.incident_id}  {inc.type}  {inc.date or 'undated'}  "
           f"{_pname(inc.actor) or '?'} -> {_pname(inc.recipient) or '?'}"
           f"{'  at ' + inc.location.name if inc.location else ''}"),
           f"{len(inc.ledger)} reports in {len({le.doc_id for le in inc.ledger})} documents"]
    for le in inc.ledger:
        details = ", ".join(f"{k}={v}" for k, v in le.details.items() if k not in ("evidence", "type"))
        out.append(f"- {le.doc_id} {le.event_id} [{le.status}] outlet={le.outlet or '?'} "
                   f"source={le.source or '-'}  {details}")
        ev = le.details.get("evidence") or {}
        if ev.get("text"):
            out.append(f"    \"{ev['text']}\"")
        m = why.get((le.doc_id, le.event_id))
        if m is not None:
            matched = ", ".join(f"{k}:{v}" for k, v in m.fields.items())
            out.append(f"    fusion: {m.method}"
                       + (f" with {m.matched_with} ({m.points} pts; {matched})" if m.matched_with else ""))
    if conflicts:
        out.append("contradictions:")
        out += [f"  {c.describe()}" for c in conflicts]
    else:
        out.append("contradictions: none")
    return out


@click.command()
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--note", default="", help="why (kept with the operation)")
def merge(a: str, b: str, db: str, note: str) -> None:
    """Record that incidents A and B are one occurrence (reversible: a recorded operation)."""
    from .fuse import Fuser
    from .fuse import merge as do_merge

    try:
        with _open(db) as store:
            op, result = do_merge(store, Fuser.load(), a, b, note)
    except ProxywatchError as e:
        _fail(str(e))
    click.echo(f"merged {a} and {b} into {result.incident_of(op.a)} (recorded at {op.at})")


@click.command()
@click.argument("incident_id")
@click.argument("event_id")
@db_option
@click.option("--note", default="", help="why (kept with the operation)")
def split(incident_id: str, event_id: str, db: str, note: str) -> None:
    """Record that EVENT_ID is not part of INCIDENT_ID; it becomes its own incident."""
    from .fuse import Fuser
    from .fuse import split as do_split

    try:
        with _open(db) as store:
            op, result = do_split(store, Fuser.load(), incident_id, event_id, note)
    except ProxywatchError as e:
        _fail(str(e))
    click.echo(f"split {op.a} from {incident_id} into {result.incident_of(op.a)} (recorded at {op.at})")


@click.command()
@click.argument("fmt", type=click.Choice(["stix", "acled", "graphml", "parquet"]))
@db_option
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False))
def export(fmt: str, db: str, output: str) -> None:
    """Export the store as a STIX 2.1 bundle, ACLED-style CSV, GraphML or Parquet."""
    from .export import export_acled, export_graphml, export_parquet, export_stix
    from .fuse import load_fusion

    try:
        with _open(db) as store:
            incs = list(load_fusion(store).incidents) or None
            if fmt == "stix":
                from .knowledge.pack import KnowledgePack

                n: Any = export_stix(store, output, actors=KnowledgePack.load().actors, incidents=incs)
            elif fmt == "acled":
                n = export_acled(store, output)
            elif fmt == "graphml":
                n = export_graphml(store, output)
            else:
                n = export_parquet(store, output, incidents=incs)
    except ProxywatchError as e:
        _fail(str(e))
    click.echo(f"wrote {output} ({n})", err=True)


@click.group("eval")
def eval_group() -> None:
    """Measure against gold files."""


@eval_group.command("incidents")
@click.option("--gold", "golds", multiple=True, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--manifest", "manifests", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="manifest of each --gold (default: manifest.jsonl beside it)")
@click.option("--db", "db", default=None, help="fuse the events of this store instead of extracting")
@click.option("--events", "source", type=click.Choice(["extracted", "gold"]), default="extracted",
              show_default=True, help="gold: fuse the gold events themselves (fusion quality alone)")
@click.option("--json", "as_json", is_flag=True)
def eval_incidents(golds: tuple[str, ...], manifests: tuple[str, ...], db: str | None, source: str,
                   as_json: bool) -> None:
    """Pairwise precision/recall/F1 of same-incident decisions against gold `incident:` slugs."""
    try:
        res = run_eval([Path(g) for g in golds], [Path(m) for m in manifests], db, source)
    except ProxywatchError as e:
        _fail(str(e))
    if as_json:
        click.echo(json.dumps(res))
    else:
        click.echo(f"incidents ({source} events): reached {res['reached']}/"
                   f"{res['gold_events_with_incident']} gold events; pairwise precision "
                   f"{res['precision']} recall {res['recall']} f1 {res['f1']} "
                   f"(tp {res['pairs_tp']}, fp {res['pairs_fp']}, fn {res['pairs_fn']})")
        d = res.get("direct")
        if d:
            click.echo(f"  the same gold events compared by identity (no sentence mapping): pairwise "
                       f"precision {d['precision']} recall {d['recall']} f1 {d['f1']} "
                       f"(tp {d['pairs_tp']}, fp {d['pairs_fp']}, fn {d['pairs_fn']})")


def run_eval(golds: Sequence[Path], manifests: Sequence[Path], db: str | None, source: str,
             extract: Callable[[Sequence[Path]], list[Event]] | None = None) -> dict[str, Any]:
    """Fuse (extracted, stored or gold) events of the gold documents and score the incidents."""
    from .fuse import Fuser
    from .fuse.evaluate import gold_as_events, load_gold, read_manifest_texts, score
    from .fuse.output import incident_row

    if manifests and len(manifests) != len(golds):
        raise click.UsageError("give one --manifest per --gold, or none")
    pairs = list(zip(golds, manifests or [g.parent / "manifest.jsonl" for g in golds]))
    gold, texts, metas = [], {}, {}
    for g, m in pairs:
        t, md = read_manifest_texts(m)
        texts.update(t)
        metas.update(md)
        gold += load_gold(g, t)
    if source == "gold":
        from .knowledge.pack import KnowledgePack

        evs = gold_as_events(gold, texts, KnowledgePack.load())
    elif db is not None:
        with _open(db) as store:
            evs = [e for e in store.events() if e.doc_id in texts]
    else:
        evs = (extract or _extract)([m for _, m in pairs])
    result = Fuser.load().fuse(evs, metas)
    res = score([incident_row(i) for i in result.incidents], gold)
    if source == "gold":
        from .fuse.evaluate import score_direct
        from .fuse.fuse import event_key

        res["direct"] = score_direct({e.event_id: result.incident_of(event_key(e)) for e in evs}, gold)
    return res


def _extract(manifests: Sequence[Path]) -> list[Event]:
    from .api import Extractor
    from .ingest.report import IngestReport

    ex = Extractor.load()
    out: list[Event] = []
    for m in manifests:
        for doc in ex.extract_manifest(m, IngestReport()):
            out.extend(doc.events)
    return out
