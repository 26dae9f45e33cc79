"""A file made by the first schema is upgraded to head, backed up first, its records kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from planner.models import Segment, Stakeholder
from planner.services import stakeholders
from planner.store import migrate, open_database
from planner.store.backup import list_backups
from planner.store.database import Database


def _first_schema_file(path: Path) -> None:
    db = Database(path)
    try:
        migrate.upgrade(db.engine, "0001")
        assert migrate.current_revision(db.engine) == "0001"
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO stakeholder (created_at, updated_at, version, name, category, "
                "contact_person, contact_title, phone, email, address, notes) VALUES "
                "('2024-06-01 08:00:00', '2024-06-01 08:00:00', 3, 'Bawaslu Blora', "
                "'penyelenggara_pemilu', 'Pak Ketua', '', '0296 531234', '', 'Jl. Pemuda', '')"
            )
    finally:
        db.dispose()


def test_upgrade_from_the_first_schema(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    _first_schema_file(path)

    db = open_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision() != "0001"
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
        with db.read() as s:
            [kept] = stakeholders.list_stakeholders(s)
            assert (kept.name, kept.phone, kept.version) == ("Bawaslu Blora", "0296 531234", 3)
        # The upgraded file works as a current one: edits are audited and version-checked.
        with db.write() as s:
            stakeholders.update_stakeholder(s, kept.id or 0, {"notes": "x"}, expected_version=3)
            s.add(Segment(name="Pemilih pemula"))
        with db.read() as s:
            assert s.get(Stakeholder, kept.id).version == 4  # type: ignore[union-attr]
            logged = s.connection().exec_driver_sql("SELECT count(*) FROM audit_log").scalar()
            assert logged == 2
    finally:
        db.dispose()

    # The backup was taken before the migration: it still holds the first schema and the record.
    backups = list_backups(path)
    assert len(backups) == 1 and backups[0].name.endswith("-before-migration.db")
    raw = sqlite3.connect(backups[0])
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert raw.execute("SELECT name FROM stakeholder").fetchall() == [("Bawaslu Blora",)]
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "audit_log" not in tables
    finally:
        raw.close()

    # Opening again needs no migration and takes no second backup the same day.
    open_database(path).dispose()
    assert list_backups(path) == backups


def test_downgrade_to_the_first_schema_and_up_again(tmp_path: Path) -> None:
    from alembic import command

    path = tmp_path / "planner.db"
    open_database(path).dispose()
    db = Database(path)
    try:
        cfg = migrate._config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        assert migrate.current_revision(db.engine) == "0001"
        with db.engine.connect() as conn:
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert not {n for n in names if "audit" in n}
        migrate.upgrade(db.engine)
        assert migrate.current_revision(db.engine) == migrate.head_revision()
    finally:
        db.dispose()
