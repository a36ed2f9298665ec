"""Each export is re-imported with an independent reader and checked for content."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from store_samples import KH, USSTATE, sample_document

from proxywatch.export import export_acled, export_graphml, export_parquet, export_stix
from proxywatch.export.acled import ACLED_COLUMNS, AcledMap
from proxywatch.export.parquet import incidents_path
from proxywatch.export.stix import build_bundle, stix_id
from proxywatch.model import Actor, Event, Evidence, Incident, LedgerEntry
from proxywatch.store import MemoryStore, Store


@pytest.fixture
def store() -> Store:
    s = MemoryStore()
    for i in range(3):
        s.save_document(sample_document(i))
    return s


def _by_type(bundle: dict, kind: str) -> list[dict]:
    return [o for o in bundle["objects"] if o["type"] == kind]


def test_export_stix_bundle_is_valid_stix21(store: Store, tmp_path: Path) -> None:
    import stix2
    from stix2validator import ValidationOptions, validate_instance

    path = tmp_path / "out.json"
    n = export_stix(store, path)
    bundle = json.loads(path.read_text(encoding="utf-8"))
    assert bundle["type"] == "bundle" and len(bundle["objects"]) == n
    result = validate_instance(bundle, ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    parsed = stix2.parse(bundle, allow_custom=True)
    assert len(parsed.objects) == n


def test_export_stix_objects_carry_the_facts(store: Store) -> None:
    bundle = build_bundle(store)
    ids = {o["id"] for o in bundle["objects"]}
    actors = {o["x_proxywatch_id"]: o for o in _by_type(bundle, "threat-actor")}
    # USA troops threatened (hostile) and QF sponsors: threat actors; the embassy: an identity
    assert set(actors) == {"usa.mil", "kataib-hezbollah", "irn.irgc.qf"}
    identities = {o.get("x_proxywatch_id"): o for o in _by_type(bundle, "identity")}
    assert identities["usa.state"]["identity_class"] == "organization"
    assert "Example Wire" in {o["name"] for o in identities.values()}
    reports = _by_type(bundle, "report")
    assert len(reports) == 3
    for rep in reports:
        assert rep["published"].startswith("2020-03-0")
        assert rep["external_references"][0]["url"].startswith("https://news.example.org/doc-")
        assert set(rep["object_refs"]) <= ids, "a report points at objects outside the bundle"
    rels = {(o["relationship_type"], o["source_ref"], o["target_ref"]) for o in
            _by_type(bundle, "relationship")}
    assert ("attributed-to", actors["kataib-hezbollah"]["id"], actors["irn.irgc.qf"]["id"]) in rels
    assert ("targets", actors["usa.mil"]["id"], actors["kataib-hezbollah"]["id"]) in rels
    notes = _by_type(bundle, "note")
    assert any(n["abstract"].startswith("Attribution basis: irn.irgc.qf directs") for n in notes)
    assert any(n["abstract"] == "REJECT denied by Kataib Hezbollah" for n in notes)
    locs = {o["x_proxywatch_id"]: o for o in _by_type(bundle, "location")}
    assert locs["baghdad"]["country"] == "IQ" and locs["baghdad"]["latitude"] == pytest.approx(33.3152)
    for o in bundle["objects"]:
        for key in ("sighting_of_ref", "source_ref", "target_ref", "created_by_ref"):
            if key in o:
                assert o[key] in ids
        for ref in o.get("where_sighted_refs", []) + o.get("object_refs", []):
            assert ref in ids


def test_export_stix_ids_are_deterministic(store: Store) -> None:
    first = build_bundle(store)
    assert build_bundle(store) == first
    grown = MemoryStore()
    for i in range(5):
        grown.save_document(sample_document(i))
    # a bigger store keeps the ids it had: importers update, not duplicate
    old = {o["id"] for o in first["objects"]}
    assert old <= {o["id"] for o in build_bundle(grown)["objects"]}
    assert stix_id("threat-actor", " Kataib-Hezbollah ") == stix_id("threat-actor", "kataib-hezbollah")


def test_export_stix_uses_pack_names_and_incident_sightings(store: Store) -> None:
    pack = {"kataib-hezbollah": Actor("kataib-hezbollah", "Kata'ib Hezbollah", "militia",
                                      aliases=("KH", "Kataib Hezbollah"))}
    e = store.events(actor="kataib-hezbollah")[0]
    inc = Incident("basra-2020-03", "REJECT", "2020-03", KH, None, e.location,
                   ledger=(LedgerEntry(e.doc_id, e.event_id, "Example Wire", "Kataib Hezbollah",
                                       "denied"),))
    bundle = build_bundle(store, actors=pack, incidents=[inc])
    kh = next(o for o in _by_type(bundle, "threat-actor") if o["x_proxywatch_id"] == "kataib-hezbollah")
    assert kh["name"] == "Kata'ib Hezbollah" and kh["aliases"] == ["KH", "Kataib Hezbollah"]
    sightings = _by_type(bundle, "sighting")
    assert [s["x_proxywatch_incident"] for s in sightings] == ["basra-2020-03"]
    assert sightings[0]["first_seen"] == "2020-03-01T00:00:00.000Z"
    assert sightings[0]["last_seen"] == "2020-03-31T23:59:59.000Z"


def test_export_acled_csv_reads_back(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    assert export_acled(store, path) == 9
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ())[:len(ACLED_COLUMNS)] == ACLED_COLUMNS
        rows = list(reader)
    assault = next(r for r in rows if r["pw_plover_type"] == "ASSAULT")
    assert assault["event_date"] == "2020-03-01" and assault["time_precision"] == "1"
    assert assault["event_type"] == "Explosions/Remote violence"
    assert assault["sub_event_type"] == "Shelling/artillery/missile attack"
    assert assault["disorder_type"] == "Political violence"
    assert assault["actor1"] == "Unidentified Armed Group (Iraq)"
    assert assault["country"] == "Iraq" and assault["iso"] == "368"
    assert assault["geo_precision"] == "1" and float(assault["latitude"]) == pytest.approx(33.2995)
    assert assault["source"] == "Example Wire"
    assert assault["notes"].startswith("Three rockets struck near the US Embassy")
    assert assault["event_id_cnty"].startswith("IRQ")
    reject = next(r for r in rows if r["pw_plover_type"] == "REJECT")
    assert (reject["event_date"], reject["time_precision"]) == ("2020-03-01", "3")
    assert reject["event_type"] == "Strategic developments"
    threat = next(r for r in rows if r["pw_plover_type"] == "THREATEN")
    assert threat["tags"] == "date of publication" and threat["time_precision"] == "3"
    assert threat["pw_actor2_lineage"] == "kataib-hezbollah;irq.pmf;irq"
    assert len({r["event_id_cnty"] for r in rows}) == 9


def test_export_acled_map_rules() -> None:
    amap = AcledMap.load()

    def kind(type_: str, mode: str, text: str) -> tuple[str, str]:
        return amap.classify(Event("d", "d:0", type_, Evidence(0, len(text), text), mode=mode))

    assert kind("ASSAULT", "strike", "A drone hit a car near the airport.") == \
        ("Explosions/Remote violence", "Air/drone strike")
    assert kind("ASSAULT", "attack", "Gunmen attacked a checkpoint.") == ("Battles", "Armed clash")
    assert kind("PROTEST", "protest", "Crowds stormed the compound.") == ("Riots", "Violent demonstration")
    assert kind("PROTEST", "protest", "Hundreds marched peacefully.") == ("Protests", "Peaceful protest")
    assert kind("COERCE", "seize", "Police arrested two men.") == ("Strategic developments", "Arrests")
    assert kind("ACCUSE", "accuse", "He blamed the militia.") == ("Strategic developments", "Other")
    # keywords must start a word: "attacked" by a minister is no landmine
    assert kind("ASSAULT", "attack", "The minister was attacked.") == ("Battles", "Armed clash")


def test_export_graphml_opens_in_networkx(store: Store, tmp_path: Path) -> None:
    import networkx as nx

    path = tmp_path / "actors.graphml"
    n_nodes, n_edges = export_graphml(store, path)
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == n_nodes and g.number_of_edges() == n_edges
    assert g.nodes["kataib-hezbollah"]["label"] == "Kataib Hezbollah"
    assert g.nodes["kataib-hezbollah"]["events_as_actor"] == 3
    edges = {(u, v, d["kind"]): d for u, v, d in g.edges(data=True)}
    inter = edges[("usa.mil", "kataib-hezbollah", "interaction")]
    assert inter["types"] == "THREATEN:3" and inter["weight"] == 3.0
    rel = edges[("irn.irgc.qf", "kataib-hezbollah", "relation")]
    assert rel["relation"] == "directs" and rel["doc_ids"] == "doc-0000;doc-0001;doc-0002"
    assert ("kataib-hezbollah", "irq.pmf", "lineage") in edges
    assert ("irq.pmf", "irq", "lineage") in edges


def test_export_parquet_reads_back(store: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    e = store.events()[1]
    inc = Incident("i1", e.type, e.date, e.actor, USSTATE, e.location,
                   ledger=(LedgerEntry(e.doc_id, e.event_id, "Example Wire", None, e.status),))
    counts = export_parquet(store, path, incidents=[inc])
    assert counts == {"events": 9, "incidents": 1}
    table = pq.read_table(path)
    assert table.num_rows == 9
    rows = table.to_pylist()
    assert [r["event_id"] for r in rows] == [x.event_id for x in store.events()]
    reject = rows[1]
    assert reject["actor_lineage"] == ["kataib-hezbollah", "irq.pmf", "irq"]
    assert reject["confidence"] == pytest.approx(1 / 3)
    assert (reject["date_lo"], reject["date_hi"]) == ("2020-03-01", "2020-03-31")
    assert rows[0]["trigger_start"] is not None and rows[2]["condition"] == "if the attacks went on"
    inc_rows = pq.read_table(incidents_path(path)).to_pylist()
    assert inc_rows[0]["incident_id"] == "i1" and inc_rows[0]["event_ids"] == [e.event_id]
