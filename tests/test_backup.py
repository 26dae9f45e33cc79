"""Backups: daily on open, rotating, by hand; restoring one after checking it."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlmodel import select

from planner import errors
from planner.cli import cli
from planner.i18n import set_language
from planner.models import Segment
from planner.services import vocabulary
from planner.store import backup, migrate, open_database
from planner.store.backup import backup_dir, list_backups
from planner.store.database import Database

DAY = 24 * 3600


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def _register() -> None:
    from planner.cli import maintenance

    for command in maintenance.COMMANDS:
        if command.name not in cli.commands:
            cli.add_command(command)


def run(path: Path, *args: str, input: str | None = None) -> Result:
    _register()
    return CliRunner().invoke(cli, ["--db", str(path), "--lang", "en", *args], input=input)


def age(path: Path, seconds: float) -> None:
    """Pretend a backup was made `seconds` ago."""
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp))


def segments(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM segment"))
    finally:
        conn.close()


def add_segment(path: Path, name: str) -> None:
    db = open_database(path)
    try:
        with db.write() as s:
            vocabulary.add_segment(s, name=name)
    finally:
        db.dispose()


# --- daily backups -------------------------------------------------------------------------


def test_once_a_day_on_open(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    open_database(path).dispose()
    assert list_backups(path) == []  # a brand-new file has nothing to keep
    add_segment(path, "Pemilih pemula")  # this open is the day's first on a real file
    [first] = list_backups(path)
    assert first.name.endswith("-daily.db") and segments(first) == []
    add_segment(path, "Disabilitas")
    assert list_backups(path) == [first]
    age(first, DAY + 60)
    open_database(path).dispose()
    newest = list_backups(path)[0]
    assert newest != first and segments(newest) == ["Disabilitas", "Pemilih pemula"]


def test_no_daily_backup_of_a_read_only_file(
    blora_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.store import database

    monkeypatch.setattr(database, "_check_openable", lambda path: True)
    open_database(blora_path).dispose()
    assert not backup_dir(blora_path).exists()


def test_a_colleague_already_making_the_backup(blora_path: Path) -> None:
    folder = backup_dir(blora_path)
    folder.mkdir()
    lock = folder / ".daily.lock"
    lock.touch()
    open_database(blora_path).dispose()
    assert list_backups(blora_path) == []
    # A lock left by a process that died long ago does not stop backups for good.
    age(lock, 3600)
    open_database(blora_path).dispose()
    assert len(list_backups(blora_path)) == 1 and not lock.exists()


def test_a_failed_daily_backup_is_a_warning(blora_path: Path) -> None:
    backup_dir(blora_path).write_text("a file where the backup folder should be")
    db = open_database(blora_path)
    try:
        assert any("backup" in w and "failed" in w for w in db.warnings)
        with db.write() as s:
            vocabulary.add_segment(s, name="Masih bisa")
    finally:
        db.dispose()


def test_rotation_keeps_the_newest(blora_path: Path) -> None:
    made = []
    for n in range(backup.KEEP_BACKUPS + 3):
        made.append(backup.rotating_backup(blora_path, "manual"))
        age(made[-1], 1000 - n)
    kept = list_backups(blora_path)
    assert len(kept) == backup.KEEP_BACKUPS
    assert kept[0] == made[-1] and made[0] not in kept


# --- planner backup ------------------------------------------------------------------------


def test_cli_backup(blora_path: Path, tmp_path: Path) -> None:
    result = run(blora_path, "backup")
    assert result.exit_code == 0, result.output
    [made] = list_backups(blora_path)
    assert str(made) in result.stdout and made.name.endswith("-manual.db")

    target = tmp_path / "flashdisk" / "kpu.db"
    target.parent.mkdir()
    assert run(blora_path, "backup", str(target)).exit_code == 0
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    again = run(blora_path, "backup", str(target))
    assert again.exit_code == 1 and "already exists" in again.stderr
    missing = run(tmp_path / "none.db", "backup")
    assert missing.exit_code == 1 and "does not exist" in missing.stderr


# --- restoring -----------------------------------------------------------------------------


def test_restore_refuses_what_is_not_a_good_planner_file(blora_path: Path, tmp_path: Path) -> None:
    text = tmp_path / "text.db"
    text.write_text("not a database " * 100)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    damaged = backup.rotating_backup(blora_path, "manual")
    with damaged.open("r+b") as fh:
        fh.seek(4096 * 20)
        fh.write(os.urandom(4096 * 4))
    newer = backup.backup_to(blora_path, tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    conn.commit()
    conn.close()
    before = blora_path.read_bytes()
    for source, match in (
        (text, "not an SQLite file"),
        (other, "no planner data"),
        (damaged, "damaged"),
        (newer, "newer planner"),
        (tmp_path / "missing.db", "does not exist"),
        (blora_path, "the database itself"),
    ):
        with pytest.raises(errors.PlannerError, match=match):
            backup.restore_from(blora_path, source)
        result = run(blora_path, "restore", str(source), "--yes")
        assert result.exit_code == 1 and "Traceback" not in result.output, source
    assert blora_path.read_bytes() == before
    # Only the backup made for the test: a refused restore keeps nothing aside.
    assert list_backups(blora_path) == [damaged]


def test_restore_keeps_the_current_file_and_colleagues_see_the_result(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    add_segment(path, "Pemilih pemula")
    saved = backup.backup_to(path, tmp_path / "saved.db")
    add_segment(path, "Disabilitas")

    colleague = open_database(path)
    try:
        with colleague.read() as s:
            assert len(vocabulary.list_segments(s)) == 2
        result = backup.restore_from(path, saved)
        assert result.revision == migrate.head_revision()
        assert result.safety_copy is not None
        assert segments(result.safety_copy) == ["Disabilitas", "Pemilih pemula"]
        # The colleague's open connection reads the restored file, not a torn one.
        with colleague.read() as s:
            assert [x.name for x in vocabulary.list_segments(s)] == ["Pemilih pemula"]
        with colleague.write() as s:
            vocabulary.add_segment(s, name="Perempuan")
    finally:
        colleague.dispose()
    assert segments(path) == ["Pemilih pemula", "Perempuan"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_cli_restore_asks_first(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    add_segment(path, "Pemilih pemula")
    saved = backup.backup_to(path, tmp_path / "saved.db")
    add_segment(path, "Disabilitas")
    declined = run(path, "restore", str(saved), input="n\n")
    assert declined.exit_code == 1 and segments(path) == ["Disabilitas", "Pemilih pemula"]
    accepted = run(path, "restore", str(saved), input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "Restored" in accepted.stdout and "kept as" in accepted.stdout
    assert segments(path) == ["Pemilih pemula"]


def test_restore_an_older_schema_is_upgraded_after(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    db = Database(old)
    migrate.upgrade(db.engine, "0001")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO segment (created_at, updated_at, version, name, description, "
            "sort_order, active) VALUES ('2024-01-01', '2024-01-01', 1, 'Lama', '', 0, 1)"
        )
    db.dispose()
    path = tmp_path / "planner.db"
    add_segment(path, "Baru")
    result = run(path, "restore", str(old), "--yes")
    assert result.exit_code == 0, result.output
    assert segments(path) == ["Lama"]
    db = open_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
    finally:
        db.dispose()


def test_restore_over_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    add_segment(path, "Pemilih pemula")
    saved = backup.backup_to(path, tmp_path / "saved.db")
    with path.open("r+b") as fh:
        fh.write(os.urandom(4096))
    # A journal left by the crash that did the damage must not be played into the new file.
    Path(f"{path}-journal").write_bytes(os.urandom(2048))
    result = backup.restore_from(path, saved)
    assert result.safety_copy is not None and result.safety_copy.suffix == ".damaged"
    assert not Path(f"{path}-journal").exists()
    db = open_database(path)
    try:
        with db.read() as s:
            assert [x.name for x in s.exec(select(Segment)).all()] == ["Pemilih pemula"]
    finally:
        db.dispose()
