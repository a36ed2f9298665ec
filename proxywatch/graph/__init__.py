"""The actor graph: actors as nodes; relations (dated, sourced) and interactions from incidents as edges."""
from __future__ import annotations

from .graph import ActorGraph, ActorProfile, Interaction, RelationEdge, actor_profile, build_graph

__all__ = ["ActorGraph", "ActorProfile", "Interaction", "RelationEdge", "actor_profile", "build_graph"]
