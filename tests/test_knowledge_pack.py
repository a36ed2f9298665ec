from __future__ import annotations

import pytest

from proxywatch.errors import KnowledgeError
from proxywatch.knowledge.pack import KnowledgePack, default_pack
from proxywatch.model import Actor, Role


@pytest.fixture(scope="module")
def pack() -> KnowledgePack:
    return default_pack()


def test_pack_lineage_follows_dated_roles(pack: KnowledgePack) -> None:
    assert pack.lineage("qasem-soleimani", "2019-05-01") == ("qasem-soleimani", "irn.irgc.qf", "irn.irgc", "irn")
    assert "irn.irgc.qf" not in pack.lineage("qasem-soleimani", "2020-02-01")
    assert pack.lineage("esmail-ghaani", "2020-04-01")[:2] == ("esmail-ghaani", "irn.irgc.qf")
    assert pack.lineage("mike-pompeo", "2018-09-28") == ("mike-pompeo", "usa.state", "usa")
    assert pack.lineage("mike-pompeo", "2017-06-01") == ("mike-pompeo", "usa.cia", "usa")


def test_pack_lineage_without_date_uses_latest_role(pack: KnowledgePack) -> None:
    assert pack.lineage("qasem-soleimani")[1] == "irn.irgc.qf"
    assert pack.lineage("mustafa-al-kadhimi", None) == ("mustafa-al-kadhimi", "irq.pmo", "irq.gov", "irq")


def test_pack_lineage_of_organisations(pack: KnowledgePack) -> None:
    assert pack.lineage("kataib-hezbollah") == ("kataib-hezbollah", "irq.pmf", "irq")
    assert pack.lineage("usa.mil.centcom") == ("usa.mil.centcom", "usa.mil", "usa")
    assert pack.lineage("irn") == ("irn",)


def test_pack_keeps_every_spec_id(pack: KnowledgePack, shared) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from proxywatch.knowledge.gazetteer import Gazetteer

    gaz = Gazetteer.from_pack(pack)
    spec = yaml.safe_load((shared / "spec" / "actors.yaml").read_text(encoding="utf-8"))
    for section in spec.values():
        for aid, e in section.items():
            assert pack.actor(aid) is not None, aid
            for alias in e.get("aliases") or ():
                # the alias stands for the id itself or a unit of it (CENTCOM -> usa.mil.centcom)
                ids = {x.entity_id for x in gaz.lookup(alias) if x.entity_id}
                assert any(aid in pack.lineage(i) for i in ids), (alias, aid, ids)


def test_pack_every_country_has_demonym_and_place(pack: KnowledgePack) -> None:
    countries = [a for a in pack.actors.values() if a.kind == "country"]
    assert len(countries) >= 249
    demonym_ids = {e.entity_id for e in pack.entries if e.role == "demonym"}
    assert all(c.id in demonym_ids for c in countries)
    assert all(pack.place(c.id) is not None for c in countries)


def test_pack_places_have_coordinates(pack: KnowledgePack) -> None:
    for fid in ("ain-al-asad", "tower-22", "us-embassy-baghdad", "al-tanf", "camp-taji"):
        p = pack.place(fid)
        assert p is not None and p.precision == 1 and p.lat is not None
    erbil = pack.place("erbil")
    assert erbil is not None and erbil.country == "irq" and abs(erbil.lat - 36.19) < 0.1  # type: ignore[operator]


def test_pack_in_memory() -> None:
    p = KnowledgePack.from_objects([
        Actor("xx", "Xland", "country"),
        Actor("xx.army", "Xland Army", "org"),
        Actor("bob", "Bob Smith", "person", roles=(Role("xx.army", "chief", "2001-01-01", "2002-01-01"),),
              country="xx"),
    ])
    assert p.lineage("bob", "2001-06-01") == ("bob", "xx.army", "xx")
    assert p.lineage("bob", "2003-06-01") == ("bob", "xx")


def test_pack_bad_data_dir_raises(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "countries.yaml").write_text("countries: {}\n")
    with pytest.raises(KnowledgeError):
        KnowledgePack.load(tmp_path, cities=False)


def test_pack_death_is_consistent_with_the_roles_it_ends(pack: KnowledgePack) -> None:
    # a person killed in office keeps the role on the day of death: `until` is the day after
    dead = [a for a in pack.actors.values() if a.died]
    assert {"qasem-soleimani", "abu-mahdi-al-muhandis"} <= {a.id for a in dead}
    for a in dead:
        for r in a.roles:
            assert r.end is None or r.end <= _next_day(a.died), (a.id, r)
        assert all(r.start is None or r.start <= (a.died or "") for r in a.roles), a.id


def _next_day(iso: str | None) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(iso or "") + dt.timedelta(days=1)).isoformat()


def test_pack_office_holder_is_unique_on_the_day(pack: KnowledgePack) -> None:
    assert pack.holder("irn.irgc.qf", ["commander"], "2019-06-01") == "qasem-soleimani"
    assert pack.holder("irn.irgc.qf", ["commander"], "2021-06-01") == "esmail-ghaani"
    assert pack.holder("irn.irgc.qf", ["commander"], "2020-01-03") is None  # both held it that day
    assert pack.holder("irn.irgc.qf", ["commander"], "2019-06-01", deputy=True) == "esmail-ghaani"
