"""`planner doctor` and the facts it reports: journal mode, location, schema, checks, backups."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import cli
from planner.i18n import set_language
from planner.store import filesystem, migrate, open_database
from planner.store.backup import backup_dir
from planner.store.database import Database, choose_journal_mode
from planner.store.doctor import SchemaState, diagnose

MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//nas/kpu /mnt/kpu cifs rw,vers=3.0 0 0
nas:/export/sosdiklih /mnt/nfs nfs4 rw 0 0
/dev/sdb1 /media/data\\040disk ext4 rw 0 0
"""


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def mounts(tmp_path: Path) -> Path:
    path = tmp_path / "mounts"
    path.write_text(MOUNTS)
    return path


def _register() -> None:
    from planner.cli import maintenance

    for command in maintenance.COMMANDS:
        if command.name not in cli.commands:
            cli.add_command(command)


def run(path: Path, *args: str) -> Result:
    _register()
    return CliRunner().invoke(cli, ["--db", str(path), "--lang", "en", *args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- choosing the journal mode -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "version", "mode", "network"),
    [
        ("/home/staf/planner.db", (3, 51, 3), "wal", False),
        ("/home/staf/planner.db", (3, 52, 0), "wal", False),
        ("/home/staf/planner.db", (3, 51, 2), "delete", False),
        ("/home/staf/planner.db", (3, 40, 1), "delete", False),
        ("/media/data disk/planner.db", (3, 51, 3), "wal", False),
        ("/mnt/kpu/planner.db", (3, 51, 3), "delete", True),
        ("/mnt/kpu/sub/dir/planner.db", (3, 53, 0), "delete", True),
        ("/mnt/nfs/planner.db", (3, 51, 3), "delete", True),
        # A sibling whose name only starts like the mount point is not on it.
        ("/mnt/kpu2/planner.db", (3, 51, 3), "wal", False),
    ],
)
def test_journal_mode_follows_location_and_sqlite_version(
    mounts: Path, path: str, version: tuple[int, int, int], mode: str, network: bool
) -> None:
    choice = choose_journal_mode(Path(path), mounts_file=mounts, sqlite_version=version)
    assert (choice.mode, choice.network) == (mode, network)
    if network:
        assert choice.warning is not None and "network share" in choice.warning
        assert "damage" in choice.warning
        assert "network share" in choice.reason
    else:
        assert choice.warning is None
    if mode == "delete" and not network:
        assert ".".join(map(str, version)) in choice.reason and "3.51.3" in choice.reason


def test_unknown_mounts_count_as_local(tmp_path: Path) -> None:
    choice = choose_journal_mode(
        tmp_path / "x.db", mounts_file=tmp_path / "missing", sqlite_version=(3, 51, 3)
    )
    assert choice.mode == "wal"


def test_a_database_on_a_share_uses_the_rollback_journal_and_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filesystem, "mount_type", lambda path, mounts_file=None: "cifs")
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 51, 3))
    db = open_database(tmp_path / "shared.db")
    try:
        assert db.journal.mode == "delete"
        assert any("network share" in w for w in db.warnings)
        with db.read() as s:
            assert s.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    finally:
        db.dispose()


def test_wal_on_a_local_disk_with_a_new_enough_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filesystem, "mount_type", lambda path, mounts_file=None: "ext4")
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 51, 3))
    db = open_database(tmp_path / "local.db")
    try:
        assert db.journal.mode == "wal" and db.warnings == []
        with db.write() as s:
            assert s.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert s.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()
    assert diagnose(tmp_path / "local.db").journal_mode == "wal"


# --- the report ----------------------------------------------------------------------------


def test_the_demo_file_gets_a_clean_report(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = run(path, "demo", "--no-open")
    assert result.exit_code == 0, result.output
    before = digest(path)
    result = run(path, "doctor")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "No problems found." in out and "Problem" not in out and "Warning" not in out
    for line in ("Integrity     ok", "Foreign keys  ok", f"SQLite        {sqlite3.sqlite_version}"):
        assert line in out
    head = migrate.head_revision()
    assert f"{head} (current; this planner: {head})" in out
    # A check changes nothing: no upgrade, no backup, not a byte.
    assert digest(path) == before
    assert not backup_dir(path).exists() or not list(backup_dir(path).glob("*.db"))


def test_json_report(blora_db: Database) -> None:
    open_database(blora_db.path).dispose()  # today's backup
    report = json.loads(run(blora_db.path, "doctor", "--json").stdout)
    assert report["ok"] is True and report["problems"] == []
    assert report["integrity"] == ["ok"] and report["foreign_key_problems"] == []
    assert report["schema_revision"] == report["head_revision"] == migrate.head_revision()
    assert report["schema_state"] == "current"
    assert report["journal_choice"]["mode"] == report["journal_mode"]
    assert report["local"] is True and report["readonly"] is False
    assert report["backups"] == 1 and report["last_backup"]["age_seconds"] < 60
    assert report["audit_entries"] > 0


def test_damage_is_a_problem(blora_path: Path) -> None:
    pages = blora_path.stat().st_size // 4096
    with blora_path.open("r+b") as fh:
        fh.seek(4096 * (pages // 2))
        fh.write(os.urandom(4096 * 2))
    result = run(blora_path, "doctor")
    assert result.exit_code == 1
    assert "Problem: " in result.stdout
    report = diagnose(blora_path)
    assert not report.ok and report.problems


def test_broken_references_are_a_problem(blora_path: Path) -> None:
    conn = sqlite3.connect(blora_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO activity_region (activity_id, region_code) VALUES (999, '33.16')")
    conn.commit()
    conn.close()
    report = diagnose(blora_path)
    assert report.integrity == ["ok"]
    [problem] = report.foreign_key_problems
    assert problem.startswith("activity_region row ") and "missing activity" in problem
    assert not report.ok
    assert run(blora_path, "doctor").exit_code == 1


def test_schema_newer_is_a_problem_and_older_a_warning(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    open_database(newer).dispose()
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    conn.commit()
    conn.close()
    report = diagnose(newer)
    assert report.schema_state == SchemaState.NEWER and not report.ok

    older = tmp_path / "older.db"
    db = Database(older)
    migrate.upgrade(db.engine, "0001")
    db.dispose()
    report = diagnose(older)
    assert report.schema_state == SchemaState.BEHIND and report.schema_revision == "0001"
    assert report.ok and any("upgraded" in w for w in report.warnings)
    assert report.audit_entries is None


def test_missing_and_foreign_files_are_problems(tmp_path: Path) -> None:
    report = diagnose(tmp_path / "nothing.db")
    assert not report.exists and not report.ok
    text = tmp_path / "text.db"
    text.write_text("hello")
    assert "not an SQLite file" in diagnose(text).problems[0]
    assert run(text, "doctor").exit_code == 1
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    assert diagnose(empty).schema_state == SchemaState.NONE


def test_a_share_is_reported_with_its_risk(
    blora_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filesystem, "mount_type", lambda path, mounts_file=None: "cifs")
    result = run(blora_path, "doctor")
    assert result.exit_code == 0
    assert "cifs (network share)" in result.stdout
    assert "Warning: " in result.stdout and "damage" in result.stdout
    report = diagnose(blora_path)
    assert report.local is False and report.journal_choice.mode == "delete"
