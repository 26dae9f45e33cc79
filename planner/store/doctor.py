"""`planner doctor`: a health report on a database file that changes nothing in it."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from planner import errors
from planner.i18n import _
from planner.store import backup, filesystem, migrate
from planner.store.database import BUSY_TIMEOUT_MS, JournalChoice, choose_journal_mode

# How many rows of integrity_check and foreign_key_check a report lists at most.
_MAX_ROWS = 20
# After this long without a backup the report says so: daily backups are not happening.
STALE_BACKUP = timedelta(days=7)


class SchemaState(StrEnum):
    CURRENT = "current"
    BEHIND = "behind"  # upgraded (after a backup) when next opened for writing
    NEWER = "newer"  # written by a newer planner
    NONE = "none"  # no planner schema at all
    UNKNOWN = "unknown"  # the file could not be read


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    age: timedelta


@dataclass
class DoctorReport:
    path: Path
    exists: bool
    size: int | None
    readonly: bool
    filesystem: str
    local: bool
    sqlite_version: str
    journal_choice: JournalChoice
    # The mode the file is in now: "wal", or "delete" for any rollback journal.
    journal_mode: str | None = None
    schema_revision: str | None = None
    head_revision: str = ""
    schema_state: SchemaState = SchemaState.UNKNOWN
    integrity: list[str] = field(default_factory=list)
    foreign_key_problems: list[str] = field(default_factory=list)
    last_backup: BackupInfo | None = None
    backups: int = 0
    audit_entries: int | None = None
    # Problems make the report fail (exit 1); warnings are worth knowing but not wrong.
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "ok": self.ok,
            "exists": self.exists,
            "size": self.size,
            "readonly": self.readonly,
            "filesystem": self.filesystem,
            "local": self.local,
            "sqlite_version": self.sqlite_version,
            "journal_mode": self.journal_mode,
            "journal_choice": {
                "mode": self.journal_choice.mode,
                "reason": self.journal_choice.reason,
                "warning": self.journal_choice.warning,
            },
            "schema_revision": self.schema_revision,
            "head_revision": self.head_revision,
            "schema_state": str(self.schema_state),
            "integrity": self.integrity,
            "foreign_key_problems": self.foreign_key_problems,
            "last_backup": (
                {
                    "path": str(self.last_backup.path),
                    "age_seconds": round(self.last_backup.age.total_seconds()),
                }
                if self.last_backup
                else None
            ),
            "backups": self.backups,
            "audit_entries": self.audit_entries,
            "problems": self.problems,
            "warnings": self.warnings,
        }


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _file_journal_mode(path: Path) -> str | None:
    # Bytes 18 and 19 of the header are 2 for a WAL file and 1 for a rollback journal.
    with path.open("rb") as fh:
        header = fh.read(20)
    if len(header) < 20:
        return None
    return "wal" if header[18] == 2 else "delete"


def _schema(path: Path, report: DoctorReport) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        report.schema_revision = migrate.current_revision(engine)
        if report.schema_revision is None:
            report.schema_state = SchemaState.NONE
            report.problems.append(_("The file has no planner schema version."))
            return
        try:
            behind = migrate.needs_upgrade(engine)
        except errors.PlannerError as exc:
            report.schema_state = SchemaState.NEWER
            report.problems.append(str(exc))
            return
        report.schema_state = SchemaState.BEHIND if behind else SchemaState.CURRENT
        if behind:
            report.warnings.append(
                _(
                    "The schema is at {revision}, older than this planner's {head}; it is "
                    "upgraded (after a backup) the next time the file is opened."
                ).format(revision=report.schema_revision, head=report.head_revision)
            )
    finally:
        engine.dispose()


def _checks(conn: sqlite3.Connection, report: DoctorReport) -> None:
    report.integrity = [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({_MAX_ROWS})")]
    if report.integrity != ["ok"]:
        report.problems.append(
            _("The integrity check found damage: {details}").format(
                details="; ".join(report.integrity)
            )
        )
    for table, rowid, parent, _fkid in conn.execute("PRAGMA foreign_key_check").fetchmany(
        _MAX_ROWS
    ):
        report.foreign_key_problems.append(
            _("{table} row {rowid} refers to a missing {parent}").format(
                table=table, rowid=rowid, parent=parent
            )
        )
    if report.foreign_key_problems:
        report.problems.append(
            _("{n} rows refer to records that no longer exist.").format(
                n=len(report.foreign_key_problems)
            )
        )
    has_log = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'"
    ).fetchone()
    if has_log:
        report.audit_entries = int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def diagnose(path: Path | str) -> DoctorReport:
    """Everything `planner doctor` reports on a file, read without changing it."""
    path = Path(path).expanduser().resolve()
    fstype = filesystem.location(path)
    choice = choose_journal_mode(path)
    report = DoctorReport(
        path=path,
        exists=path.is_file(),
        size=path.stat().st_size if path.is_file() else None,
        readonly=path.exists()
        and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)),
        filesystem=fstype,
        local=not choice.network,
        sqlite_version=sqlite3.sqlite_version,
        journal_choice=choice,
        head_revision=migrate.head_revision(),
    )
    if choice.warning:
        report.warnings.append(choice.warning)
    backups = backup.list_backups(path)
    report.backups = len(backups)
    if backups:
        report.last_backup = BackupInfo(backups[0], backup.backup_age(backups[0]))
        if report.last_backup.age > STALE_BACKUP:
            report.warnings.append(
                _("The newest backup is {days} days old.").format(days=report.last_backup.age.days)
            )
    if not report.exists:
        report.problems.append(_("{path} does not exist.").format(path=path))
        return report
    with path.open("rb") as fh:
        if fh.read(16) != backup.SQLITE_HEADER:
            report.problems.append(
                _("{path} is not a planner database (not an SQLite file).").format(path=path)
            )
            return report
    report.journal_mode = _file_journal_mode(path)
    try:
        conn = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        try:
            _checks(conn, report)
        finally:
            conn.close()
        if report.integrity == ["ok"]:
            _schema(path, report)
    except sqlite3.Error as exc:
        if "readonly" in str(exc) and Path(f"{path}-journal").exists():
            # A hot journal: only a writing connection may undo the interrupted save.
            report.problems.append(
                _(
                    "A save was interrupted (a crash or a power cut) and left its journal "
                    "beside the file. Open the file once with the planner (any command) to "
                    "undo the unfinished save, then run the doctor again."
                )
            )
        else:
            report.problems.append(_("The file cannot be read: {reason}").format(reason=exc))
    except DBAPIError as exc:
        reason = exc.orig if exc.orig is not None else exc
        report.problems.append(_("The file cannot be read: {reason}").format(reason=reason))
    if report.readonly:
        report.warnings.append(_("The file is read-only for you: it can be read, not changed."))
    return report
