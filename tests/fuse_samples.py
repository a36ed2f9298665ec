"""Hand-built events for the fusion, graph and store-CLI tests (own sentences, no extractor)."""
from __future__ import annotations

from proxywatch.model import DocMeta, Document, Event, Evidence, OffsetMap, Party, Place

ERBIL = Place("erbil", "Erbil", "irq", 36.19, 44.01, 2, "city")
ERBIL_AIRPORT = Place("erbil.airport", "Erbil International Airport", "irq", 36.237, 43.963, 1,
                      "facility")
BASRA = Place("basra", "Basra", "irq", 30.51, 47.78, 2, "city")
KH = Party("kataib-hezbollah", "Kataib Hezbollah", ("kataib-hezbollah", "irq.pmf", "irq"))
AAH = Party("asaib-ahl-al-haq", "Asaib Ahl al-Haq", ("asaib-ahl-al-haq", "irq.pmf", "irq"))
USMIL = Party("usa.mil", "US forces", ("usa.mil", "usa"))
USA = Party("usa", "Washington", ("usa",))
SPOKESMAN = Party(None, "a spokesman")


def event(doc: str, n: int, type: str, text: str, start: int = 0, **kw: object) -> Event:
    return Event(doc_id=doc, event_id=f"{doc}:{n}", type=type,
                 evidence=Evidence(start, start + len(text), text), **kw)  # type: ignore[arg-type]


def document(doc_id: str, sentences: list[str], specs: list[dict[str, object]],
             outlet: str = "Wire A", published: str = "2021-02-16") -> Document:
    """A document of ``sentences``; ``specs[i]`` are the Event fields of sentence i's event."""
    text = " ".join(sentences)
    evs, pos = [], 0
    for i, (s, spec) in enumerate(zip(sentences, specs)):
        start = text.index(s, pos)
        pos = start + len(s)
        evs.append(event(doc_id, i, str(spec.pop("type")), s, start, **spec))
    return Document(id=doc_id, text=text, clean=text, offsets=OffsetMap.identity(len(text)),
                    meta=DocMeta(published=published, outlet=outlet, title=doc_id),
                    events=tuple(evs))


def rocket_reports() -> list[Document]:
    """Two outlets on one rocket attack (3 vs 5 rockets, one denial), one unrelated threat."""
    a = document("wire-a", [
        "Three rockets hit Erbil airport late on Monday, the Kurdish government said.",
        "Kataib Hezbollah denied any role in the rocket attack.",
        "Asaib Ahl al-Haq warned US forces they would be targeted next.",
    ], [
        {"type": "ASSAULT", "recipient": USMIL, "date": "2021-02-15", "location": ERBIL_AIRPORT,
         "status": "asserted", "source": Party(None, "the Kurdish government")},
        {"type": "ASSAULT", "actor": KH, "recipient": USMIL, "date": "2021-02", "location": ERBIL,
         "status": "denied", "source": KH},
        {"type": "THREATEN", "actor": AAH, "recipient": USMIL, "date": "2021-02-15",
         "status": "conditional", "source": AAH},
    ])
    b = document("wire-b", [
        "Five rockets struck near the airport in Erbil on Monday night, killing one contractor.",
        "A militia calling itself Saraya Awliya al-Dam claimed the attack.",
    ], [
        {"type": "ASSAULT", "recipient": USA, "date": "2021-02-15", "location": ERBIL,
         "status": "asserted", "source": SPOKESMAN},
        {"type": "ASSAULT", "date": "2021-02-15", "location": ERBIL, "status": "claimed"},
    ], outlet="Wire B")
    c = document("wire-c", [
        "Two rockets landed near the US consulate in Basra on Monday.",
    ], [
        {"type": "ASSAULT", "recipient": USA, "date": "2021-02-15", "location": BASRA},
    ], outlet="Wire C")
    return [a, b, c]
