"""A colleague's commit is noticed once; our own quiet polls are not changes."""

from __future__ import annotations

from planner.models import Segment
from planner.store import Database
from planner.store.watch import ChangeWatcher


def test_a_commit_from_another_connection_is_seen_once(db: Database) -> None:
    watcher = ChangeWatcher(db.path)
    try:
        assert watcher.changed() is False  # the first poll only sets the baseline
        assert watcher.changed() is False
        with db.write() as s:
            s.add(Segment(name="Ojek pangkalan"))
        assert watcher.changed() is True
        assert watcher.changed() is False
    finally:
        watcher.close()
