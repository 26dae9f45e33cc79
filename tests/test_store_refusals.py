"""Files the planner must refuse, each with one clear message and nothing changed."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import event

from planner import errors
from planner.cli import cli
from planner.i18n import set_language
from planner.models import Stakeholder
from planner.services import stakeholders
from planner.store import Database, open_database
from planner.store.backup import backup_dir

PAGE = 4096


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(path: Path, match: str) -> errors.PlannerError:
    """Refused by the core and by the CLI (one line, no traceback), the file untouched."""
    before = digest(path) if path.is_file() else None
    with pytest.raises(errors.PlannerError, match=match) as caught:
        open_database(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "--lang", "en", "election", "list"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("planner: "), result.stderr
    if before is not None:
        assert digest(path) == before
        assert not backup_dir(path).exists()
    return caught.value


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    assert_refused(path, "not a planner database")


def test_an_sqlite_file_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    assert_refused(path, "no planner schema version")


def test_a_scribbled_header(blora_path: Path) -> None:
    with blora_path.open("r+b") as fh:
        fh.write(os.urandom(100))
    assert_refused(blora_path, "not a planner database")


def test_scribbled_pages(blora_path: Path) -> None:
    pages = blora_path.stat().st_size // PAGE
    with blora_path.open("r+b") as fh:
        fh.seek(PAGE * (pages // 2))
        fh.write(os.urandom(PAGE * 3))
    error = assert_refused(blora_path, "is damaged")
    assert "nothing was changed" in str(error) and "planner restore" in str(error)


def test_a_truncated_file(blora_path: Path) -> None:
    os.truncate(blora_path, blora_path.stat().st_size // 2)
    assert_refused(blora_path, "is damaged")


def test_a_damaged_file_points_at_the_newest_backup(blora_path: Path) -> None:
    open_database(blora_path).dispose()  # the first open of the day makes a backup
    [newest] = list(backup_dir(blora_path).glob("*.db"))
    os.truncate(blora_path, blora_path.stat().st_size // 2)
    with pytest.raises(errors.PlannerError, match="is damaged") as caught:
        open_database(blora_path)
    assert f"planner restore {newest}" in str(caught.value)


def test_a_file_from_a_newer_planner(blora_path: Path) -> None:
    conn = sqlite3.connect(blora_path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    conn.commit()
    conn.close()
    assert_refused(blora_path, "newer planner")


def test_a_missing_folder(tmp_path: Path) -> None:
    # An unmounted share looks like this: nothing may be created in its place.
    path = tmp_path / "nope" / "planner.db"
    with pytest.raises(errors.PlannerError, match="does not exist"):
        open_database(path)
    assert not path.parent.exists()


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    (tmp_path / "planner.db").mkdir()
    with pytest.raises(errors.PlannerError, match="is a folder"):
        open_database(tmp_path / "planner.db")


# --- read-only ------------------------------------------------------------------------------


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def readonly_copy(blora_path: Path, tmp_path: Path) -> Iterator[Path]:
    """The sample in a place the current user cannot write, root included."""
    if os.geteuid() != 0:
        blora_path.chmod(0o444)
        blora_path.parent.chmod(0o555)
        try:
            yield blora_path
        finally:
            blora_path.parent.chmod(0o755)
            blora_path.chmod(0o644)
        return
    # Root writes through file modes; a read-only mount stops it.
    mount_point = tmp_path / "ro"
    mount_point.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        shutil.copyfile(blora_path, mount_point / "blora.db")
        if not _mount("-o", "remount,ro", str(mount_point)):
            pytest.skip("cannot remount read-only here")
        yield mount_point / "blora.db"
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True)


def test_a_read_only_file_opens_read_only_and_refuses_writes(readonly_copy: Path) -> None:
    before = digest(readonly_copy)
    db = open_database(readonly_copy)
    try:
        assert db.readonly
        assert any("read-only" in w for w in db.warnings)
        with db.read() as s:
            assert stakeholders.list_stakeholders(s)
        with pytest.raises(errors.PlannerError, match="read-only"), db.write() as s:
            s.add(Stakeholder(name="Baru", category="media"))
    finally:
        db.dispose()
    assert digest(readonly_copy) == before
    result = CliRunner().invoke(
        cli,
        ["--db", str(readonly_copy), "--lang", "en", "segment", "add", "Ojek pangkalan"],
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "read-only" in result.stderr
    assert digest(readonly_copy) == before


# --- a full disk ---------------------------------------------------------------------------


def _fill_until_full(db: Database) -> errors.PlannerError:
    with db.write() as s:
        stakeholders.add_stakeholder(s, name="Sebelum", category="media")
    with pytest.raises(errors.PlannerError, match="is full") as caught, db.write() as s:
        stakeholders.add_stakeholder(s, name="Besar", category="media", notes="x" * 400_000)
    return caught.value


def _check_survived(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {r[0] for r in conn.execute("SELECT name FROM stakeholder")}
        assert names == {"Sebelum"}
        logged = conn.execute(
            "SELECT count(*) FROM audit_log WHERE table_name = 'stakeholder'"
        ).fetchone()[0]
        assert logged == 1
    finally:
        conn.close()


def test_a_full_disk_is_simulated_with_max_page_count(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    open_database(path).dispose()
    db = open_database(path)

    @event.listens_for(db.engine, "connect")
    def _cap(dbapi_conn: Any, _record: Any) -> None:
        # SQLite's own cap gives the same SQLITE_FULL as a full disk.
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 8}")

    db.engine.dispose()  # new connections get the cap
    try:
        error = _fill_until_full(db)
        assert "nothing was saved" in str(error)
    finally:
        db.dispose()
    _check_survived(path)


def test_a_really_full_disk(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs needs root")
    template = tmp_path / "template.db"
    open_database(template).dispose()
    size = template.stat().st_size
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    # Room for the file and a little more, not for a big record or a backup.
    kib = size // 1024 + 48
    if not _mount("-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(mount_point)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        path = mount_point / "planner.db"
        shutil.copyfile(template, path)
        db = open_database(path)
        try:
            # The daily backup did not fit: a warning, not a refusal.
            assert any("backup" in w for w in db.warnings), db.warnings
            assert not list(backup_dir(path).glob("*.db"))
            _fill_until_full(db)
        finally:
            db.dispose()
        _check_survived(path)
        reopened = open_database(path)
        reopened.dispose()
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True)
