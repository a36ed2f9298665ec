from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from golden import check_golden

from proxywatch.errors import KnowledgeError
from proxywatch.ingest.normalize import normalize
from proxywatch.ingest.zones import BoilerplateRules, find_zones
from proxywatch.model import Document


def _doc(text: str) -> Document:
    return Document("t", text, zones=find_zones(text))


def _kind_at(doc: Document, phrase: str) -> str:
    i = doc.text.index(phrase)
    return "body" if doc.in_body(i) else "boilerplate"


def _label_at(doc: Document, phrase: str) -> str:
    i = doc.text.index(phrase)
    return next(z.label for z in doc.zones if z.start <= i < z.end)


PAGE = """Home » News » Middle East »

Skip to content

Militia fires rockets at coalition base

Share this

Three rockets struck a coalition base near the airport on Sunday, officials said.
"We will not stop," a militia spokesman told reporters.

No group claimed responsibility.

Troops on alert

Commanders raised the alert level after the attack.

Photo of the damaged gate at the base.
(AP Photo/Staff)

Jane Doe is a senior fellow and contributor to the Example Journal.

Do you value our coverage? Support our independent journalism today.

3 Comments

  • readerOne says:

    They should leave now.

Tags: Iraq, militias
"""


def test_zones_cover_text_without_gaps() -> None:
    zones = find_zones(PAGE)
    assert zones[0].start == 0 and zones[-1].end == len(PAGE)
    for a, b in itertools.pairwise(zones):
        assert a.end == b.start and a.start < a.end


def test_zones_label_handwritten_page() -> None:
    doc = _doc(PAGE)
    assert _label_at(doc, "Home » News") == "nav"
    assert _label_at(doc, "Skip to content") == "nav"
    assert _label_at(doc, "Share this") == "share"
    assert _label_at(doc, "(AP Photo/Staff)") == "credit"
    assert _label_at(doc, "Photo of the damaged gate") == "caption"
    assert _label_at(doc, "Jane Doe is a senior fellow") == "bio"
    assert _kind_at(doc, "Support our independent journalism") == "boilerplate"
    assert _kind_at(doc, "3 Comments") == "boilerplate"
    assert _kind_at(doc, "They should leave now.") == "boilerplate"
    assert _kind_at(doc, "Tags: Iraq") == "boilerplate"
    # article text, quoted speech, headline and section heading stay body
    for phrase in ("Militia fires rockets", "Three rockets struck", '"We will not stop,"',
                   "No group claimed", "Troops on alert", "Commanders raised"):
        assert _kind_at(doc, phrase) == "body", phrase
    assert _label_at(doc, "Militia fires rockets") == "title"


def test_zones_article_without_furniture_is_all_body() -> None:
    text = ("Iran-backed fighters attacked a convoy on Monday.\n\n"
            "\"This is only the beginning,\" one commander said.\n\nShort line\n\n"
            "Officials said the convoy carried supplies.\n")
    assert all(z.kind == "body" for z in find_zones(text))


def test_zones_feed_of_timestamped_posts() -> None:
    posts = "".join(f"{h}:0{h}pm\nThe Example Desk\nPost number {h} about something else entirely.\n\n"
                    for h in range(1, 4))
    text = "Officials said the strike killed two fighters in the city.\n\n" * 6 + posts
    doc = _doc(text)
    assert _label_at(doc, "Post number 2") == "tweets"
    assert _kind_at(doc, "The Example Desk") == "boilerplate"
    assert _kind_at(doc, "Officials said") == "body"


def test_zones_trailing_topic_list_and_hashtags() -> None:
    text = ("The group claimed the drone attack in a statement on Telegram.\n\n" * 4
            + "#attack #drone #militia #iraq\n\nIraq\n\nSyria\n\nHouthis\n")
    doc = _doc(text)
    assert _label_at(doc, "#attack") == "tags"
    assert _label_at(doc, "Houthis") == "topics"
    assert _kind_at(doc, "The group claimed") == "body"


def test_zones_early_subscribe_line_does_not_open_tail() -> None:
    text = "Subscribe to Example Daily\n\n" + "The militia fired rockets at the base, police said.\n\n" * 10
    doc = _doc(text)
    assert _kind_at(doc, "Subscribe to") == "boilerplate"
    assert all(z.kind == "body" for z in doc.zones if z.start > 30)


def test_zones_bad_rules_raise_knowledge_error() -> None:
    with pytest.raises(KnowledgeError):
        BoilerplateRules.from_dict({"lines": {"nav": ["("]}, "tail_start": {}, "bio": []})


def _seed_files(shared: Path) -> list[Path]:
    return sorted((shared / "seeds").glob("*.txt"))


def test_zones_golden_seeds(shared: Path, update_golden: bool) -> None:
    out = {}
    for f in _seed_files(shared):
        text = f.read_text("utf-8")
        # offsets and labels only: the third-party text never enters the repo
        out[f.stem] = [[z.start, z.end, z.kind, z.label] for z in find_zones(text)]
    check_golden("ingest/zones_seeds", out, update_golden)


def _find(text: str, phrase: str) -> int:
    """Position of a gold phrase; gold phrases use plain spaces and quotes."""
    i = text.find(phrase)
    if i >= 0:
        return i
    clean, om = normalize(text)
    j = clean.find(phrase)
    assert j >= 0, phrase
    return om.to_orig(j)


@pytest.mark.parametrize("gold,folder", [("gold/seeds.gold.yaml", "seeds"),
                                         ("gold/articles_dev/articles.gold.yaml", "gold/articles_dev")])
def test_zones_measured_on_gold_boilerplate_and_key_evidence(shared: Path, gold: str, folder: str) -> None:
    docs = yaml.safe_load((shared / gold).read_text("utf-8"))["docs"]
    for doc_id, spec in docs.items():
        path = next((shared / folder).glob(f"{doc_id}*.txt"))
        doc = _doc(path.read_text("utf-8"))
        for marker in spec.get("boilerplate_from") or []:
            start = _find(doc.text, marker)
            body_after = [z for z in doc.zones if z.end > start and z.kind == "body"]
            assert not body_after, (doc_id, marker, body_after)
        for ev in spec["events"]:
            if ev.get("key") and ev.get("evidence"):
                assert doc.in_body(_find(doc.text, ev["evidence"])), (doc_id, ev["id"])


def test_zones_hard_wrapped_continuations_stay_body() -> None:
    text = ("The ministry said the talks were slowed\nby the end of March, officials said, and the\n"
            "share.\nStandards for the grades stay the same, he said,\n    Battery said the firm is a major "
            "underwriter of\nlife insurance.\n")
    assert all(z.kind == "body" for z in find_zones(text))
