"""The schema comes from Alembic migrations, from the first revision on."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import planner.models  # noqa: F401
from planner import errors
from planner.i18n import set_language
from planner.store import open_database
from planner.store.backup import backup_dir
from planner.store.migrate import current_revision, head_revision


@pytest.fixture(autouse=True)
def _english() -> None:
    # The refusals are matched on their English text.
    set_language("en")


def test_empty_file_is_migrated_to_head_and_matches_the_models(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    try:
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        # A brand-new file has nothing worth a backup.
        assert not backup_dir(db.path).exists()
    finally:
        db.dispose()


def test_foreign_keys_are_on_for_every_connection(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fk.db")
    try:
        with db.read() as s:
            assert s.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()


def test_a_file_from_a_newer_planner_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    db = open_database(path)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    db.dispose()
    with pytest.raises(errors.PlannerError, match="newer planner"):
        open_database(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 20)
    with pytest.raises(errors.PlannerError, match="not a planner database"):
        open_database(path)
    assert path.read_text().startswith("these are my notes")


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(errors.PlannerError, match="does not exist"):
        open_database(tmp_path / "nope" / "x.db")
