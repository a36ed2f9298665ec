"""`/api/incidents?q=` follows the event word rules (store/fts.py) over each incident's words."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from server_samples import build_store, client

from proxywatch.model import Incident, LedgerEntry, Party, Place
from proxywatch.server.service import incident_matches
from proxywatch.store.queries import EventFilter


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return client(build_store(tmp_path_factory.mktemp("incq") / "api.db"))


def _ids(api: TestClient, q: str) -> set[str]:
    r = api.get("/api/incidents", params={"q": q, "limit": 1000})
    assert r.status_code == 200, r.text
    return {i["incident_id"] for i in r.json()["items"]}


def test_server_incident_q_words_not_substrings(api: TestClient) -> None:
    rejects = _ids(api, "denied firing")
    assert rejects and rejects == _ids(api, "FIRING Denied")  # words ANDed, any order, any case
    assert _ids(api, "fir") == set()  # a substring is no longer a match...
    assert _ids(api, "fir*") >= rejects  # ...a prefix is
    assert _ids(api, '"firing denied"') == set() and _ids(api, '"denied firing"') == rejects
    assert _ids(api, "embassy tehran") == set()
    assert _ids(api, "kataib-hezbollah") >= rejects  # inner punctuation: the phrase of its parts
    assert _ids(api, "*") == set()  # nothing searchable


def test_server_incident_q_reads_parties_place_and_every_report() -> None:
    loc = Place("erbil", "Erbil", "irq", 36.19, 44.01, 2, aliases=("Hawler",))
    inc = Incident("inc-1", "ASSAULT", "2021-02-15", Party("kataib-hezbollah", "Kataib Hezbollah",
                                                           ("kataib-hezbollah", "irq.pmf")), None, loc,
                   (LedgerEntry("d1", "d1:0", "Wire A", None, "asserted",
                                {"evidence": {"text": "Rockets hit the airport."}}),
                    LedgerEntry("d2", "d2:3", "Wire Bé", "the militia", "denied",
                                {"evidence": {"text": "The militia denied it."}})))

    def hit(q: str) -> bool:
        return incident_matches(inc, EventFilter(q=q), {})

    assert hit("hawler rockets") and hit("irq.pmf") and hit("assault")  # aliases, lineage, type
    assert hit("airport militia")  # words of two reports: ANDed over the whole incident
    assert hit("wire be") and hit("WIRE BÉ")  # outlets, accents ignored
    assert not hit("air") and not hit("rockets tehran")
