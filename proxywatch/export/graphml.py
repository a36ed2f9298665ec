"""GraphML of the actor graph (Gephi, yEd, networkx.read_graphml).

Nodes are actor ids. Edges, told apart by their ``kind`` attribute:
``relation`` (command, membership, sponsorship... with dates and documents),
``interaction`` (events actor -> recipient, counted by PLOVER type, first
and last date) and ``lineage`` (an id to what it is part of).
Written with xml.etree so that exporting needs no graph library.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from ..model import Party
from ..store.dates import bounds
from ..store.port import Store

NS = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS = {"label": "string", "lineage": "string", "events_as_actor": "int",
             "events_as_recipient": "int"}
EDGE_KEYS = {"kind": "string", "relation": "string", "weight": "double", "types": "string",
             "first_date": "string", "last_date": "string", "doc_ids": "string", "evidence": "string"}


@dataclass
class _Node:
    names: Counter[str] = field(default_factory=Counter)
    lineage: tuple[str, ...] = ()
    as_actor: int = 0
    as_recipient: int = 0


@dataclass
class _Edge:
    kind: str
    relation: str = ""
    types: Counter[str] = field(default_factory=Counter)
    dates: list[str] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)
    evidence: list[str] = field(default_factory=list)
    count: int = 0


def export_graphml(store: Store, path: str | Path) -> tuple[int, int]:
    """Write the actor graph; return (nodes, edges)."""
    nodes: dict[str, _Node] = defaultdict(_Node)
    edges: dict[tuple[str, str, str], _Edge] = {}

    def node(p: Party) -> str | None:
        if not p.id:
            return None
        n = nodes[p.id]
        n.names[p.name] += 1
        if len(p.lineage) > len(n.lineage):
            n.lineage = p.lineage
        return p.id

    def edge(src: str, tgt: str, kind: str, relation: str = "") -> _Edge:
        return edges.setdefault((src, tgt, f"{kind}:{relation}"), _Edge(kind, relation))

    for e in store.events():
        a = node(e.actor) if e.actor else None
        r = node(e.recipient) if e.recipient else None
        if a:
            nodes[a].as_actor += 1
        if r:
            nodes[r].as_recipient += 1
        if a and r:
            ed = edge(a, r, "interaction")
            ed.count += 1
            ed.types[e.type] += 1
            ed.docs.add(e.doc_id)
            if bounds(e.date)[0]:
                ed.dates.append(str(e.date))
    for rel in store.relations():
        nodes[rel.subject]
        nodes[rel.object]
        ed = edge(rel.subject, rel.object, "relation", rel.relation)
        ed.count += 1
        ed.docs.add(rel.doc_id)
        ed.evidence.append(rel.evidence.text)
        if rel.date:
            ed.dates.append(rel.date)
    for nid in list(nodes):
        lineage = nodes[nid].lineage
        for child, parent in pairwise(lineage):
            nodes[parent]
            edge(child, parent, "lineage").count = 1
    _write(Path(path), nodes, edges)
    return len(nodes), len(edges)


def _write(path: Path, nodes: dict[str, _Node], edges: dict[tuple[str, str, str], _Edge]) -> None:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}graphml")
    for scope, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name, typ in keys.items():
            ET.SubElement(root, f"{{{NS}}}key", {"id": f"{scope[0]}_{name}", "for": scope,
                                                  "attr.name": name, "attr.type": typ})
    graph = ET.SubElement(root, f"{{{NS}}}graph", {"id": "actors", "edgedefault": "directed"})

    def data(parent: ET.Element, key: str, value: object) -> None:
        if value not in ("", None):
            ET.SubElement(parent, f"{{{NS}}}data", {"key": key}).text = str(value)

    for nid in sorted(nodes):
        n = nodes[nid]
        el = ET.SubElement(graph, f"{{{NS}}}node", {"id": nid})
        ranked = sorted(n.names.items(), key=lambda kv: (-kv[1], kv[0]))
        data(el, "n_label", ranked[0][0] if ranked else nid)
        data(el, "n_lineage", ";".join(n.lineage))
        data(el, "n_events_as_actor", n.as_actor)
        data(el, "n_events_as_recipient", n.as_recipient)
    for i, key in enumerate(sorted(edges)):
        src, tgt, _ = key
        ed = edges[key]
        el = ET.SubElement(graph, f"{{{NS}}}edge", {"id": f"e{i}", "source": src, "target": tgt})
        data(el, "e_kind", ed.kind)
        data(el, "e_relation", ed.relation)
        data(el, "e_weight", float(ed.count))
        data(el, "e_types", ";".join(f"{t}:{c}" for t, c in sorted(ed.types.items())))
        ordered = sorted(ed.dates, key=lambda d: bounds(d)[0] or d)
        data(el, "e_first_date", ordered[0] if ordered else "")
        data(el, "e_last_date", ordered[-1] if ordered else "")
        data(el, "e_doc_ids", ";".join(sorted(ed.docs)))
        data(el, "e_evidence", ed.evidence[0] if ed.evidence else "")
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
