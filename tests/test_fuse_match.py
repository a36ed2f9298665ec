from __future__ import annotations

from fuse_samples import AAH, BASRA, ERBIL, ERBIL_AIRPORT, KH, USA, USMIL, event

from proxywatch.fuse import FusionRules, compare
from proxywatch.fuse.match import compare_dates, compare_parties, compare_places
from proxywatch.model import Party

RULES = FusionRules.load()


def test_fuse_dates_within_precision() -> None:
    assert compare_dates("2021-02-15", "2021-02-15") == "day"
    assert compare_dates("2021-02-15", "2021-02-16") == "day"  # one day of slack
    assert compare_dates("2021-02-15", "2021-02-18") == "conflict"
    assert compare_dates("2021-02", "2021-02-15") == "within"
    assert compare_dates("2021-03", "2021-02-15") == "conflict"
    assert compare_dates("--02-15", "2021-02-15") == "day"
    assert compare_dates("--02-15", "2021-03-15") == "conflict"
    assert compare_dates("2021", "2021-02-15") == "year"
    assert compare_dates(None, "2021-02-15") == "unknown"
    # an overnight attack on the last day of a month reported on the first of the next
    assert compare_dates("2021-01-31", "2021-02") == "within"
    # but December and January, both told only by the month, are two months
    assert compare_dates("2019-12", "2020-01") == "conflict"


def test_fuse_places_by_id_and_distance() -> None:
    assert compare_places(ERBIL, ERBIL, RULES) == "same"
    assert compare_places(ERBIL, ERBIL_AIRPORT, RULES) == "near"  # dotted id, and 6 km
    assert compare_places(ERBIL, BASRA, RULES) == "conflict"  # ~700 km
    assert compare_places(None, BASRA, RULES) == "unknown"


def test_fuse_parties_share_lineage_or_unknown() -> None:
    assert compare_parties(KH, KH, RULES) == "exact"
    assert compare_parties(KH, AAH, RULES) == "lineage"  # both under the PMF umbrella
    assert compare_parties(USMIL, USA, RULES) == "lineage"  # only the country in common
    assert compare_parties(KH, USMIL, RULES) == "conflict"
    assert compare_parties(None, KH, RULES) == "unknown"
    assert compare_parties(Party(None, "gunmen"), KH, RULES) == "unknown"


def test_fuse_threats_never_fuse_with_attacks() -> None:
    a = event("d1", 0, "ASSAULT", "Rockets hit the base.", actor=KH, recipient=USMIL,
              date="2021-02-15", location=ERBIL)
    t = event("d1", 1, "THREATEN", "KH threatened the base.", 30, actor=KH, recipient=USMIL,
              date="2021-02-15", location=ERBIL)
    m = compare(a, t, RULES)
    assert not m.compatible and m.conflict == "type"


def test_fuse_pair_explains_fields_and_points() -> None:
    a = event("d1", 0, "ASSAULT", "Rockets hit Erbil.", recipient=USMIL, date="2021-02-15",
              location=ERBIL)
    b = event("d2", 0, "ASSAULT", "Rockets hit Erbil airport.", recipient=USA, date="2021-02-15",
              location=ERBIL_AIRPORT)
    m = compare(a, b, RULES)
    assert m.compatible
    assert m.fields == {"type": "same", "actor": "unknown", "recipient": "lineage", "date": "day",
                        "place": "near"}
    assert m.points == 1 + 1 + 2 + 1


def test_fuse_same_doc_type_pair_only_within_document() -> None:
    a = event("d1", 0, "THREATEN", "They threatened and accused.", actor=KH, date="2021-02-15")
    b = event("d1", 1, "ACCUSE", "They accused the US.", 40, actor=KH, date="2021-02-15")
    c = event("d2", 0, "ACCUSE", "They accused the US.", actor=KH, date="2021-02-15")
    assert compare(a, b, RULES).compatible
    # across documents the pair is no evidence (0 points) but no veto either
    across = compare(a, c, RULES)
    assert across.fields["type"] == "unlinked" and across.points == 0
