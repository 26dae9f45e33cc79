"""Opening the database file, transactions, migrations and backups."""

from planner.store.database import Database, open_database

__all__ = ["Database", "open_database"]
