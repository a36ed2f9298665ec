from __future__ import annotations

from golden import check_golden

from proxywatch.ingest.readers import build_document
from proxywatch.knowledge import entities_json
from proxywatch.knowledge.pack import default_pack
from proxywatch.model import DocMeta
from proxywatch.stages.mentions import MentionStage

# Hand-written, in the style of wire copy: spelling variants, metonyms, facilities.
TEXT = (
    "BAGHDAD — Rockets struck near Ain al-Assad air base and the U.S. Embassy in Baghdad on Sunday, "
    "Iraq’s Security Media Cell said. Washington blamed Kataeb Hizballah, while Tehran denied any role.\n"
    "Quds Force chief Ismail Qaani met Hadi al-Ameri and Qais al-Khazali in Irbil, officials said. "
    "Iranian-backed militias have attacked U.S. forces at Tower 22 and al-Tanf, the Pentagon said.\n"
    "Lebanon’s Hezbollah praised the attacks; Harakat Hezbollah al-Nujaba vowed more.\n"
)


def test_mentions_golden_aliases(update_golden: bool) -> None:
    doc = build_document("golden-aliases", TEXT, DocMeta(published="2024-02-01"))
    doc = MentionStage.load()(doc)
    check_golden("mentions_aliases", entities_json(doc, default_pack()), update_golden)
