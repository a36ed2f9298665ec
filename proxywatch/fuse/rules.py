"""The fusion rules as data: type compatibility, distances, points (data/fusion.yaml)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import KnowledgeError

FILE = "fusion.yaml"
#: any: across documents too; same_doc: one report only; same_place: only when dated to
#: the same day at the same place (one report or several), else unlinked (match.py)
SCOPES = ("any", "same_doc", "same_place")


@dataclass(frozen=True)
class FusionRules:
    #: frozenset({a, b}) -> "any" | "same_doc" | "same_place"
    type_pairs: Mapping[frozenset[str], str] = field(default_factory=dict)
    never: frozenset[frozenset[str]] = frozenset()
    date_slack_days: int = 1
    #: an undated mention is no occurrence that ended this long before its report (None: off)
    undated_window_days: int | None = None
    max_km: float = 60.0
    near_km: float = 25.0
    points: Mapping[str, int] = field(default_factory=dict)
    threshold: int = 4
    broad_ids: frozenset[str] = frozenset()
    numbers: Mapping[str, int | None] = field(default_factory=dict)
    details: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    time_of_day: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: types of one act that may hit several recipients at once (one strike, several victims)
    co_victim_types: frozenset[str] = frozenset()
    #: types of one act whose perpetrator reports may name differently (claimed vs attributed)
    disputed_actor_types: frozenset[str] = frozenset()
    #: REJECT evidence words that refer back to an act or a charge ("denied the attack")
    denial_objects: tuple[str, ...] = ()
    #: denial words for a part in another's act: the denier need not be the attacker
    denial_roles: tuple[str, ...] = ()
    #: types of incidents a denial may refer back to
    deniable_types: frozenset[str] = frozenset()

    @classmethod
    def load(cls) -> FusionRules:
        from ..datafiles import load_yaml

        return cls.from_data(load_yaml(FILE), FILE)

    @classmethod
    def from_data(cls, data: Any, where: str = FILE) -> FusionRules:
        if not isinstance(data, Mapping) or data.get("version") != 1:
            raise KnowledgeError(f"{where}: expected a mapping with version: 1")
        try:
            pairs: dict[frozenset[str], str] = {}
            for row in data.get("types") or ():
                scope = str(row.get("scope", "any"))
                if scope not in SCOPES:
                    raise KnowledgeError(f"{where}: type pair {row}: scope must be one of {SCOPES}")
                pairs[frozenset((str(row["a"]).upper(), str(row["b"]).upper()))] = scope
            for fam in data.get("families") or ():
                scope = str(fam.get("scope", "any"))
                if scope not in SCOPES:
                    raise KnowledgeError(f"{where}: family {fam}: scope must be one of {SCOPES}")
                members = [str(t).upper() for t in fam["types"]]
                for i, a in enumerate(members):
                    for b in members[i + 1:]:
                        # an explicit pair is more specific than its family
                        pairs.setdefault(frozenset((a, b)), scope)
            never = frozenset(frozenset(str(t).upper() for t in p) for p in data.get("never") or ())
            return cls(
                type_pairs=pairs, never=never,
                date_slack_days=int(data.get("date_slack_days", 1)),
                undated_window_days=(None if data.get("undated_window_days") is None
                                     else int(data["undated_window_days"])),
                max_km=float(data.get("max_km", 60)), near_km=float(data.get("near_km", 25)),
                points={str(k): int(v) for k, v in (data.get("points") or {}).items()},
                threshold=int(data.get("threshold", 4)),
                broad_ids=frozenset(str(x) for x in data.get("broad_ids") or ()),
                numbers={str(k).lower(): (None if v is None else int(v))
                         for k, v in (data.get("numbers") or {}).items()},
                details={str(k): tuple(str(w).lower() for w in v)
                         for k, v in (data.get("details") or {}).items()},
                time_of_day={str(k): tuple(str(w).lower() for w in v)
                             for k, v in (data.get("time_of_day") or {}).items()},
                co_victim_types=_types(data.get("co_victim_types")),
                disputed_actor_types=_types(data.get("disputed_actor_types")),
                denial_objects=tuple(str(w).lower() for w in data.get("denial_objects") or ()),
                denial_roles=tuple(str(w).lower() for w in data.get("denial_roles") or ()),
                deniable_types=_types(data.get("deniable_types")),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise KnowledgeError(f"{where}: malformed fusion rules: {exc}") from exc

    def point(self, name: str) -> int:
        return self.points.get(name, 0)

    def type_scope(self, a: str, b: str) -> str | None:
        """``"any"``/``"same_doc"``/``"same_place"`` when types a and b may fuse, else None."""
        if frozenset((a, b)) in self.never:
            return None
        if a == b:
            return "any"
        return self.type_pairs.get(frozenset((a, b)))


def _types(values: Any) -> frozenset[str]:
    return frozenset(str(t).upper() for t in values or ())
