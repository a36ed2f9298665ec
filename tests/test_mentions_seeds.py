"""Every alias of ../shared/spec/actors.yaml that occurs in the body of a seed resolves to its id.

An occurrence is accounted for when a mention over it has that id (or an id whose lineage
holds it, e.g. CENTCOM -> usa.mil.centcom -> usa.mil), when it is part of a longer name
that the data resolves to another entity ("Hizbullah" inside "Kata'ib Hizbullah"), when it
is part of a blocked non-actor name ("Washington Post"), or when a capital listed as an
alias is used as the place ("in Tehran").
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from proxywatch.ingest.readers import build_document
from proxywatch.knowledge.gazetteer import AhoCorasickGazetteer
from proxywatch.knowledge.pack import default_pack
from proxywatch.model import DocMeta
from proxywatch.stages.mentions import MentionStage


def _spec_aliases(shared: Path) -> list[tuple[str, str]]:
    spec = yaml.safe_load((shared / "spec" / "actors.yaml").read_text(encoding="utf-8"))
    out = []
    for section in spec.values():
        for aid, e in section.items():
            for a in (e["name"], *(e.get("aliases") or ())):
                out.append((a, aid))
    return out


@pytest.fixture(scope="module")
def stage() -> MentionStage:
    return MentionStage.load()


def test_mentions_seed_spec_aliases_resolve(shared: Path, stage: MentionStage) -> None:
    pack = default_pack()
    # the blockers alone, as if they were names, to see where they are
    blockers = AhoCorasickGazetteer([replace(e, entity_id="blocked", kind="actor")
                                     for e in pack.entries if e.kind == "blocker"])
    aliases = _spec_aliases(shared)
    total = ok = 0
    misses: list[str] = []
    for f in sorted((shared / "seeds").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        doc = stage(build_document(f.stem, text, DocMeta()))
        blocked = [(b.start, b.end) for b in blockers.find(doc.clean)]
        for alias, aid in aliases:
            flags = 0 if alias[:1].isupper() else re.IGNORECASE
            core = re.sub(r"^the ", "", alias)
            for m in re.finditer(r"(?<![\w-])" + re.escape(core) + r"(?!\w)", text, flags):
                if not doc.in_body(m.start()):
                    continue
                total += 1
                cover = [x for x in doc.mentions if x.start < m.end() and m.start() < x.end and x.kind != "date"]
                c0 = doc.offsets.to_clean(m.start())
                if any(x.entity_id and aid in pack.lineage(x.entity_id) for x in cover):
                    ok += 1
                elif any(x.end - x.start > m.end() - m.start() for x in cover):
                    ok += 1  # part of a longer name
                elif any(s <= c0 < e for s, e in blocked):
                    ok += 1
                elif any(x.kind == "place" for x in cover):
                    ok += 1  # a capital used as the place
                else:
                    misses.append(f"{f.stem[:3]} {alias!r}->{aid}: {text[max(0, m.start() - 30):m.end() + 20]!r}")
    assert total > 400
    assert ok / total >= 0.97, "\n".join(misses)
    assert not misses, "\n".join(misses)
