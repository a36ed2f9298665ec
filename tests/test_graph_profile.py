from __future__ import annotations

from fuse_samples import KH, USMIL, rocket_reports

from proxywatch.fuse import Fuser, refuse
from proxywatch.graph import actor_profile, build_graph
from proxywatch.knowledge.pack import KnowledgePack
from proxywatch.model import Actor, Evidence, Incident, Relation, Role
from proxywatch.store import open_store


def _inc(iid: str, type: str, date: str) -> Incident:
    return Incident(iid, type, date, KH, USMIL, None)


def test_graph_interactions_count_incidents_with_first_and_last_date() -> None:
    g = build_graph([_inc("i1", "ASSAULT", "2021-02-15"), _inc("i2", "ASSAULT", "2020-01"),
                     _inc("i3", "THREATEN", "2021-03-01")], [])
    edge = g.interactions[("kataib-hezbollah", "usa.mil")]
    assert edge.types == {"ASSAULT": 2, "THREATEN": 1} and edge.count == 3
    assert (edge.first, edge.last) == ("2020-01", "2021-03-01")
    assert g.nodes == ["kataib-hezbollah", "usa.mil"]


def test_graph_relations_keep_dates_and_evidence() -> None:
    ev = Evidence(0, 10, "The Quds Force directs Kataib Hezbollah.")
    rels = [Relation("irn.irgc.qf", "directs", "kataib-hezbollah", "d1", ev, "2019"),
            Relation("irn.irgc.qf", "directs", "kataib-hezbollah", "d2", ev, "2020")]
    edge = build_graph([], rels).relations[("irn.irgc.qf", "directs", "kataib-hezbollah")]
    assert edge.dates == ["2019", "2020"] and [d for d, _ in edge.evidence] == ["d1", "d2"]


def test_graph_actor_profile_has_aliases_roles_relations_activity() -> None:
    store = open_store(":memory:")
    for d in rocket_reports():
        store.save_document(d)
    refuse(store, Fuser.load())
    pack = KnowledgePack.from_objects([
        Actor("kataib-hezbollah", "Kata'ib Hezbollah", "militia", aliases=("KH",), part_of="irq.pmf"),
        Actor("abu-fadak", "Abu Fadak", "person",
              roles=(Role("kataib-hezbollah", "leader", "2020-02"),)),
    ])
    prof = actor_profile(store, pack, "kataib-hezbollah")
    assert prof.name == "Kata'ib Hezbollah"
    assert "KH" in prof.aliases and "Kataib Hezbollah" in prof.aliases  # pack + surface name
    assert prof.activity == {"ASSAULT": 1}  # three reports, one incident
    assert prof.first == prof.last == "2021-02-15"
    text = "\n".join(prof.lines())
    assert "acted on usa.mil" in text
    person = actor_profile(store, pack, "abu-fadak")
    assert person.roles[0].member_of == "kataib-hezbollah" and person.roles[0].start == "2020-02"
