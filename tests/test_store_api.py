"""The Store port's behaviour, identical on every backend (memory, SQLite, PostgreSQL)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from store_samples import pg_schema, sample_document

from proxywatch.errors import StoreError
from proxywatch.model import Document
from proxywatch.store import Store, open_store


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        target = ":memory:"
        s = open_store(target)
        yield s
        s.close()
    elif request.param == "sqlite":
        s = open_store(str(tmp_path / "pw.db"))
        yield s
        s.close()
    else:
        for dsn in pg_schema():
            s = open_store(dsn)
            yield s
            s.close()


def test_store_document_round_trips_exactly(store: Store) -> None:
    doc = sample_document(3)
    assert store.save_document(doc).status == "stored"
    back = store.get_document(doc.id)
    assert back == doc
    assert back is not None and back.events == doc.events  # Party lineage, Place, Evidence, trigger
    assert store.mentions(doc.id) == list(doc.mentions)
    assert store.get_document("nope") is None


def test_store_events_round_trip_to_dataclass(store: Store) -> None:
    doc = sample_document(1)
    store.save_document(doc)
    got = store.events()
    assert got == list(doc.events)
    assert got[1].confidence == 1 / 3 and got[0].trigger == doc.events[0].trigger
    assert got[0].location is not None and got[0].location.aliases == ()
    assert got[1].location is not None and got[1].location.aliases == ("Bagdad",)


def test_store_same_text_is_unchanged(store: Store) -> None:
    doc = sample_document(2)
    first = store.save_document(doc)
    again = store.save_document(doc)
    assert (first.status, again.status) == ("stored", "unchanged")
    assert first.content_hash == again.content_hash
    assert len(store.events()) == 3 and len(store.documents()) == 1


def test_store_changed_text_replaces_extraction(store: Store) -> None:
    store.save_document(sample_document(2))
    store.save_document(sample_document(5))
    new = sample_document(2, variant=1)
    new = new.with_(events=new.events[:2], relations=())
    assert store.save_document(new).status == "replaced"
    assert store.get_document(new.id) == new
    events = store.events()
    assert len(events) == 5
    assert [e.event_id for e in events if e.doc_id == "doc-0002"] == ["doc-0002:0", "doc-0002:1"]
    assert [r.doc_id for r in store.relations()] == ["doc-0005"]
    assert store.check() == []


def test_store_force_replaces_same_text(store: Store) -> None:
    doc = sample_document(2)
    store.save_document(doc)
    fewer = doc.with_(events=doc.events[:1])
    assert store.save_document(fewer).status == "unchanged"
    assert store.save_document(fewer, force=True).status == "replaced"
    assert len(store.events()) == 1


def test_store_filters_match_lineage(store: Store) -> None:
    for i in range(3):
        store.save_document(sample_document(i))
    assert {e.type for e in store.events(actor="irq.pmf")} == {"REJECT"}
    assert len(store.events(actor="irq")) == 3  # lineage reaches the country
    assert {e.type for e in store.events(recipient="usa")} == {"ASSAULT"}
    assert {e.type for e in store.events(recipient="kataib-hezbollah")} == {"THREATEN"}
    assert store.events(actor="kataib-hezbollah", recipient="usa") == []
    assert len(store.events(type="assault")) == 3
    assert {e.status for e in store.events(status="denied")} == {"denied"}
    assert store.events(actor="nobody") == []


def test_store_filters_dates_places_limit(store: Store) -> None:
    for i in range(4):  # ASSAULTs on March 1..4, REJECTs dated 2020-03, THREATENs undated
        store.save_document(sample_document(i))
    assert [e.date for e in store.events(type="ASSAULT", since="2020-03-03")] == ["2020-03-03",
                                                                                  "2020-03-04"]
    assert [e.date for e in store.events(type="ASSAULT", until="2020-03-02")] == ["2020-03-01",
                                                                                  "2020-03-02"]
    # a month-precision date overlaps a day inside it; undated events never match a range
    assert len(store.events(type="REJECT", since="2020-03-15", until="2020-03-16")) == 4
    assert store.events(type="THREATEN", since="2000") == []
    assert store.events(since="2021") == []
    assert len(store.events(place="baghdad")) == 4
    assert len(store.events(place="US EMBASSY, BAGHDAD")) == 4
    assert len(store.events(place="irq")) == 8
    assert len(store.events(limit=5)) == 5
    with pytest.raises(StoreError):
        store.events(since="last week")


def test_store_documents_and_relations_listing(store: Store) -> None:
    for i in (4, 1):
        store.save_document(sample_document(i))
    docs = store.documents()
    assert [d.id for d in docs] == ["doc-0001", "doc-0004"]
    assert docs[0].meta == sample_document(1).meta and docs[0].events == 3
    assert docs[0].chars == len(sample_document(1).text)
    rels = store.relations(subject="irn.irgc.qf")
    assert len(rels) == 2 and rels[0] == sample_document(1).relations[0]
    assert store.relations(relation="member_of") == []
    assert len(store.relations(doc_id="doc-0004")) == 1


def test_store_drops_cache_and_keeps_stage_names(store: Store) -> None:
    doc = replace(sample_document(0), cache={"parses": object()})
    store.save_document(doc)
    back = store.get_document(doc.id)
    assert isinstance(back, Document) and back.cache == {}
    assert back.stages_run == ("sentences", "mentions", "events")


def test_store_rejects_duplicate_event_ids_atomically(store: Store) -> None:
    if store.location == ":memory:":
        pytest.skip("the memory twin keeps whatever document it is given")
    doc = sample_document(0)
    bad = doc.with_(events=(doc.events[0], doc.events[0]))
    with pytest.raises(StoreError) as info:
        store.save_document(bad)
    assert "doc-0000" in str(info.value)
    assert store.get_document("doc-0000") is None and store.events() == []
