"""Pairwise precision/recall of "same incident" decisions against gold ``incident:`` slugs.

The same measure as ../shared/tools/score_incidents.py: each predicted member
event is mapped to the gold event (carrying a slug) whose evidence sentence
it overlaps, preferring one of the incident's type; over the gold events so
reached, every pair is compared (same predicted incident vs same slug).
Extraction misses do not count; fusion mistakes do.
"""
from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, MalformedInput
from ..model import DocMeta, Event, Evidence, Party


@dataclass(frozen=True)
class GoldEvent:
    doc_id: str
    span: tuple[int, int]
    slug: str | None
    types: frozenset[str]
    raw: Mapping[str, Any]


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return left + 1, right + 1


def _norm(s: str) -> str:
    return s.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').replace("\u00a0", " ")


def locate(text: str, phrase: str) -> tuple[int, int] | None:
    """The sentence (as the scorer widens it) holding ``phrase``."""
    i = text.find(phrase)
    if i == -1:
        i = _norm(text).find(_norm(phrase))
        if i == -1:
            return None
    return _sentence_span(text, i, i + len(phrase))


def _as_list(x: Any) -> list[str]:
    if x is None:
        return []
    return [str(v) for v in x] if isinstance(x, list) else [str(x)]


def read_manifest_texts(path: Path) -> tuple[dict[str, str], dict[str, DocMeta]]:
    texts: dict[str, str] = {}
    metas: dict[str, DocMeta] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read manifest: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            texts[rec["id"]] = rec["text"] if "text" in rec else (
                path.parent / rec["path"]).read_text(encoding="utf-8", errors="replace")
        except (ValueError, KeyError, OSError) as exc:
            raise MalformedInput(str(path), f"bad manifest entry: {exc}", n) from exc
        metas[rec["id"]] = DocMeta(published=rec.get("published"), url=rec.get("url"),
                                   outlet=rec.get("outlet"), title=rec.get("title"))
    return texts, metas


def load_gold(gold: Path, texts: Mapping[str, str]) -> list[GoldEvent]:
    """Every gold event whose evidence is found in its document (slug or not)."""
    try:
        data = yaml.safe_load(gold.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(str(gold), f"cannot read gold file: {exc}") from exc
    out = []
    for doc, g in (data.get("docs") or {}).items():
        for e in g.get("events") or []:
            span = locate(texts.get(doc, ""), str(e.get("evidence", "")))
            if span:
                out.append(GoldEvent(str(doc), span, e.get("incident"),
                                     frozenset(_as_list(e.get("type"))), e))
    return out


def score(incident_rows: Iterable[Mapping[str, Any]], gold: Sequence[GoldEvent]) -> dict[str, Any]:
    """Pairwise precision / recall / F1 of predicted incidents (JSONL rows) vs gold slugs."""
    slugged = [g for g in gold if g.slug]
    by_doc: dict[str, list[tuple[int, tuple[int, int], frozenset[str]]]] = {}
    for i, g in enumerate(slugged):
        by_doc.setdefault(g.doc_id, []).append((i, g.span, g.types))
    assigned: dict[int, str] = {}
    for inc in incident_rows:
        iid = str(inc.get("incident_id"))
        for m in inc.get("events") or []:
            ev = m.get("evidence") or {}
            s, e = ev.get("start"), ev.get("end")
            if not isinstance(s, int) or not isinstance(e, int):
                continue
            cands = [(i, types) for i, span, types in by_doc.get(str(m.get("doc_id")), [])
                     if s < span[1] and e > span[0] and i not in assigned]
            if not cands:
                continue
            typed = [i for i, types in cands if inc.get("type") in types or "*" in types]
            assigned[(typed or [cands[0][0]])[0]] = iid
    pairs = _pairs([(slugged[i].slug, assigned[i]) for i in sorted(assigned)])
    return {"gold_events_with_incident": len(slugged), "reached": len(assigned), **pairs}


def _pairs(items: Sequence[tuple[str | None, str | None]]) -> dict[str, Any]:
    """Pairwise counts and P/R/F1 of (gold slug, predicted incident) items."""
    tp = fp = fn = 0
    for (ga, pa), (gb, pb) in itertools.combinations(items, 2):
        same_gold, same_pred = ga == gb, pa == pb
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"pairs_tp": tp, "pairs_fp": fp, "pairs_fn": fn,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}


def score_direct(incident_of: Mapping[str, str | None], gold: Sequence[GoldEvent]) -> dict[str, Any]:
    """Pairwise P/R/F1 of fused *gold* events compared by identity, with no mapping.

    ``incident_of`` maps the ids ``gold_as_events`` gives (``doc:g<n>``) to incident ids.
    The overlap mapping of ``score`` hands a sentence's gold events out in file order, so
    two of one type in one sentence may swap incidents: that costs pairs the fuser did not
    get wrong. This measure is fusion alone, exactly.
    """
    items = [(g.slug, incident_of.get(f"{g.doc_id}:g{n}")) for n, g in enumerate(gold) if g.slug]
    items = [(slug, inc) for slug, inc in items if inc]
    return {"events": len(items), **_pairs(items)}


def _first_id(ids: list[str]) -> str | None:
    return next((x for x in ids if x != "?" and not x.startswith("name:")), None)


def gold_as_events(gold: Sequence[GoldEvent], texts: Mapping[str, str], pack: Any = None) -> list[Event]:
    """The gold events as Events (first listed type and actor), to measure fusion alone.

    Events typed ``"*"`` (any) are left out: they code nothing.
    """
    out = []
    for n, g in enumerate(gold):
        types = [t for t in _as_list(g.raw.get("type")) if t != "*"]
        if not types:
            continue
        date = g.raw.get("date")
        date = str(date) if date is not None else None

        s, e = g.span
        out.append(Event(doc_id=g.doc_id, event_id=f"{g.doc_id}:g{n}", type=types[0],
                         evidence=Evidence(s, e, texts.get(g.doc_id, "")[s:e]),
                         actor=_gold_party(g, "actor", date, pack),
                         recipient=_gold_party(g, "recipient", date, pack), date=date,
                         status=str(g.raw.get("status", "asserted"))))  # type: ignore[arg-type]
    out.sort(key=lambda ev: (ev.doc_id, ev.evidence.start))
    return out


def _gold_party(g: GoldEvent, role: str, date: str | None, pack: Any) -> Party | None:
    aid = _first_id(_as_list(g.raw.get(role)))
    if aid is None:
        return None
    lineage = tuple(pack.lineage(aid, date)) if pack is not None else (aid,)
    return Party(aid, aid, lineage or (aid,))
