"""Incident fusion: event mentions of one real-world occurrence -> one Incident with a claims ledger.

    from proxywatch.fuse import Fuser, refuse
    result = refuse(store, Fuser.load())     # fuse every stored event, replay analyst ops, save
    merge(store, fuser, "inc-…", "inc-…"); split(store, fuser, "inc-…", "doc:3")

See docs/FUSION.md.
"""
from __future__ import annotations

from .api import merge, refuse, split
from .denials import DenialLink, link_denials
from .fuse import Fuser, FusionResult, Membership, Operation, event_key
from .ledger import Contradiction, contradictions
from .match import PairMatch, compare
from .rules import FusionRules
from .storage import load_fusion, operations, record_operation, save_fusion

__all__ = [
           "Contradiction",
           "DenialLink",
           "Fuser",
           "FusionResult",
           "FusionRules",
           "Membership",
           "Operation",
           "PairMatch",
           "compare",
           "contradictions",
           "event_key",
           "link_denials",
           "load_fusion",
           "merge",
           "operations",
           "record_operation",
           "refuse",
           "save_fusion",
           "split",
]
