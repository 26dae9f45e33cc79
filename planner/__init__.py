"""Planner: plan socialization activities that raise voter participation."""

__version__ = "0.1.0"
