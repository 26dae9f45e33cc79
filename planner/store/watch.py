"""Noticing a colleague's commit cheaply: SQLite's data_version on a connection of our own."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class ChangeWatcher:
    """`changed()` is True once after any other connection committed to the file.

    PRAGMA data_version only moves for commits made through *other*
    connections, so this watcher keeps one private connection open; it costs
    one tiny query per poll and never holds a transaction.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._last: int | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = sqlite3.connect(
                f"file:{self._path}?mode=ro",
                uri=True,
                check_same_thread=False,
                isolation_level=None,
            )
        return self._conn

    def changed(self) -> bool:
        with self._lock:
            try:
                version = int(self._connection().execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:
                return False
            before, self._last = self._last, version
            return before is not None and version != before

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
