"""Escalation analytics over plain time series (no store dependency)."""
