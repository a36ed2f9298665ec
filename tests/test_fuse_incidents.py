from __future__ import annotations

from pathlib import Path

import pytest
from fuse_samples import rocket_reports

from proxywatch.errors import StoreError
from proxywatch.fuse import Fuser, contradictions, load_fusion, merge, operations, refuse, split
from proxywatch.fuse.details import DetailParser
from proxywatch.fuse.rules import FusionRules
from proxywatch.store import open_store


@pytest.fixture
def fuser() -> Fuser:
    return Fuser.load()


def _filled(path: str) -> object:
    store = open_store(path)
    for d in rocket_reports():
        store.save_document(d)
    return store


def _by_event(result: object) -> dict[str, str]:
    return {m.event_id: m.incident_id for m in result.memberships}  # type: ignore[attr-defined]


def test_fuse_reports_across_documents_become_one_incident(fuser: Fuser) -> None:
    evs = [e for d in rocket_reports() for e in d.events]
    res = fuser.fuse(evs, {d.id: d.meta for d in rocket_reports()})
    inc = _by_event(res)
    attack = inc["wire-a:0"]
    assert inc["wire-b:0"] == attack and inc["wire-b:1"] == attack and inc["wire-a:1"] == attack
    assert inc["wire-a:2"] != attack  # a threat is not the attack
    assert inc["wire-c:0"] != attack  # Basra is not Erbil
    fused = res.incident(attack)
    assert fused is not None and fused.type == "ASSAULT" and fused.date == "2021-02-15"
    assert fused.actor is not None and fused.actor.id == "kataib-hezbollah"
    assert {le.outlet for le in fused.ledger} == {"Wire A", "Wire B"}


def test_fuse_ledger_keeps_details_and_surfaces_contradictions(fuser: Fuser) -> None:
    docs = rocket_reports()
    res = fuser.fuse([e for d in docs for e in d.events], {d.id: d.meta for d in docs})
    fused = res.incident(_by_event(res)["wire-a:0"])
    assert fused is not None
    entries = {le.event_id: le for le in fused.ledger}
    assert entries["wire-a:0"].details["rockets"] == 3
    assert entries["wire-b:0"].details["rockets"] == 5
    assert entries["wire-b:0"].details["killed"] == 1
    assert entries["wire-b:0"].details["time_of_day"] == "night"
    assert entries["wire-a:1"].status == "denied" and entries["wire-a:1"].source == "Kataib Hezbollah"
    found = {c.field: c for c in contradictions(fused)}
    assert set(found["rockets"].values) == {"3", "5"}
    assert "denied" in found["status"].values and "asserted" in found["status"].values
    assert "date" not in found  # 2021-02 and 2021-02-15 agree


def test_fuse_membership_says_which_fields_matched(fuser: Fuser) -> None:
    docs = rocket_reports()
    res = fuser.fuse([e for d in docs for e in d.events])
    m = next(x for x in res.memberships if x.event_id == "wire-b:0")
    assert m.method == "auto" and m.matched_with is not None
    assert m.fields["date"] == "day" and m.fields["place"] in ("same", "near")
    assert m.points >= fuser.rules.threshold


def test_fuse_details_parse_counts_and_time() -> None:
    parse = DetailParser.from_rules(FusionRules.load()).parse
    assert parse("Two Katyusha rockets fell at dawn, wounding four guards.") == {
        "rockets": 2, "wounded": 4, "time_of_day": "dawn"}
    assert parse("The drone strike killed 3 fighters and injured 12 others.") == {
        "killed": 3, "wounded": 12}  # no count of drones is given
    assert "rockets" not in parse("In 2019 rockets were fired.")  # a year is not a count


def test_fuse_stored_and_reloaded_from_sqlite(tmp_path: Path, fuser: Fuser) -> None:
    db = str(tmp_path / "pw.db")
    with _filled(db) as store:  # type: ignore[attr-defined]
        res = refuse(store, fuser)
    with open_store(db, create=False) as store:
        assert "0002_incidents" in store.applied_migrations()
        again = load_fusion(store)
    assert again.incidents == res.incidents
    assert sorted(again.memberships, key=lambda m: m.event_id) == sorted(
        res.memberships, key=lambda m: m.event_id)


@pytest.mark.parametrize("where", ["memory", "sqlite"])
def test_fuse_merge_and_split_are_recorded_and_replayed(tmp_path: Path, fuser: Fuser, where: str) -> None:
    store = _filled(":memory:" if where == "memory" else str(tmp_path / "pw.db"))
    res = refuse(store, fuser)  # type: ignore[arg-type]
    inc = _by_event(res)
    attack, basra = inc["wire-a:0"], inc["wire-c:0"]
    _op, merged = merge(store, fuser, attack, basra, note="same campaign night")  # type: ignore[arg-type]
    assert _by_event(merged)["wire-c:0"] == _by_event(merged)["wire-a:0"]
    # the merge survives a re-fusion (e.g. after the next ingest)
    again = refuse(store, fuser)  # type: ignore[arg-type]
    assert _by_event(again)["wire-c:0"] == _by_event(again)["wire-a:0"]
    merged_id = _by_event(again)["wire-a:0"]
    _, parted = split(store, fuser, merged_id, "wire-c:0")  # type: ignore[arg-type]
    by = _by_event(parted)
    assert by["wire-c:0"] != by["wire-a:0"] and by["wire-b:0"] == by["wire-a:0"]
    ops = operations(store)  # type: ignore[arg-type]
    assert [o.op for o in ops] == ["merge", "split"] and ops[0].note == "same campaign night"
    assert next(m for m in parted.memberships if m.event_id == "wire-c:0").method == "split"


def test_fuse_split_of_unknown_member_is_an_error(fuser: Fuser) -> None:
    store = _filled(":memory:")
    res = refuse(store, fuser)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="not a member"):
        split(store, fuser, _by_event(res)["wire-a:0"], "wire-c:0")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="no such incident"):
        merge(store, fuser, "inc-nope", _by_event(res)["wire-a:0"])  # type: ignore[arg-type]
