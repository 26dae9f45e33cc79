"""Alembic migrations of the planner's schema, applied on open after a backup."""
