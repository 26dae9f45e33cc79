"""Copies of the database file made with SQLite's online backup API, and restoring one."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from planner import errors
from planner.i18n import _

KEEP_BACKUPS = 10
DAILY = timedelta(days=1)
SQLITE_HEADER = b"SQLite format 3\x00"
# A daily-backup lock older than this was left by a process that died.
_STALE_LOCK_SECONDS = 600
_BUSY_SECONDS = 5.0


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.name}.backups"


def _failed(target: Path, reason: object) -> errors.PlannerError:
    return errors.PlannerError(
        _("The backup to {target} failed: {reason}").format(target=target, reason=reason)
    )


def backup_to(db_path: Path, target: Path) -> Path:
    """Copy a consistent snapshot of db_path to target, even while others write."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=_BUSY_SECONDS)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        # A half-written copy (a full disk) must not pass for a backup later.
        target.unlink(missing_ok=True)
        raise _failed(target, exc) from exc
    return target


def list_backups(db_path: Path) -> list[Path]:
    """The backups in the rotation, the newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{db_path.stem}-*.db") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def newest_backup(db_path: Path) -> Path | None:
    backups = list_backups(db_path)
    return backups[0] if backups else None


def rotating_backup(db_path: Path, reason: str) -> Path:
    """A timestamped backup beside the file; only the newest KEEP_BACKUPS stay."""
    folder = backup_dir(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_to(db_path, folder / f"{db_path.stem}-{stamp}-{reason}.db")
    for old in list_backups(db_path)[KEEP_BACKUPS:]:
        old.unlink(missing_ok=True)
    return target


def backup_age(path: Path, now: float | None = None) -> timedelta:
    return timedelta(seconds=max(0.0, (now or time.time()) - path.stat().st_mtime))


def daily_backup_due(db_path: Path, *, max_age: timedelta = DAILY) -> bool:
    """Whether the newest backup is older than max_age, or there is none."""
    newest = newest_backup(db_path)
    return newest is None or backup_age(newest) >= max_age


def daily_backup(db_path: Path, *, max_age: timedelta = DAILY) -> Path | None:
    """A backup when the newest one is older than max_age; None when none was due.

    Colleagues opening the file at the same moment would each make one, so a
    lock file lets only the first do it.
    """
    if not daily_backup_due(db_path, max_age=max_age):
        return None
    folder = backup_dir(db_path)
    lock = folder / ".daily.lock"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if lock.exists() and time.time() - lock.stat().st_mtime > _STALE_LOCK_SECONDS:
            lock.unlink(missing_ok=True)
    except OSError as exc:
        raise _failed(folder, exc) from exc
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return None
    except OSError as exc:
        raise _failed(folder, exc) from exc
    try:
        os.close(fd)
        newest = newest_backup(db_path)
        if newest is not None and backup_age(newest) < max_age:
            return None
        return rotating_backup(db_path, "daily")
    finally:
        lock.unlink(missing_ok=True)


# --- restoring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    revision: str
    # The current file as it was before the restore; None when there was none.
    safety_copy: Path | None


def check_database_file(path: Path) -> str:
    """The schema revision of a planner database file fit to restore; refuses anything else."""
    from sqlalchemy import create_engine

    from planner.store import migrate

    if not path.is_file():
        raise errors.PlannerError(_("{path} does not exist.").format(path=path))
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise errors.PlannerError(
                _("{path} is not a planner database (not an SQLite file).").format(path=path)
            )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=_BUSY_SECONDS)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise errors.PlannerError(
            _("{path} is damaged ({detail}); choose another backup.").format(path=path, detail=exc)
        ) from exc
    if rows != ["ok"]:
        raise errors.PlannerError(
            _("{path} is damaged ({detail}); choose another backup.").format(
                path=path, detail="; ".join(rows)
            )
        )
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        revision = migrate.current_revision(engine)
        if revision is None:
            raise errors.PlannerError(
                _("{path} holds no planner data (no schema version).").format(path=path)
            )
        # Refuses a file from a newer planner; an older one is upgraded when next opened.
        migrate.needs_upgrade(engine)
    finally:
        engine.dispose()
    return revision


def _keep_aside(db_path: Path) -> Path | None:
    """The current file, saved before it is replaced; copied as bytes if SQLite cannot read it."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        return rotating_backup(db_path, "before-restore")
    except errors.PlannerError:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        # Not named *.db: a damaged copy must never be offered as the newest backup.
        target = backup_dir(db_path) / f"{db_path.stem}-{stamp}-before-restore.damaged"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(db_path, target)
        except OSError as exc:
            raise _failed(target, exc) from exc
        return target


def _replace_whole_file(db_path: Path, source: Path) -> None:
    """For a current file SQLite cannot write into: a fresh copy renamed over it."""
    temporary = db_path.with_name(f".{db_path.name}.restoring")
    backup_to(source, temporary)
    # A journal left beside the old file would be played back into the new one.
    for suffix in ("-journal", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, db_path)


def restore_from(db_path: Path, source: Path) -> RestoreResult:
    """Replace the database with a backup, after checking it and keeping the current one aside.

    The copy goes through the backup API into the open file, so colleagues who
    have it open see either the old or the restored database, never a mix.
    """
    db_path = db_path.expanduser().resolve()
    source = source.expanduser().resolve()
    if source == db_path:
        raise errors.PlannerError(_("{path} is the database itself.").format(path=source))
    if not db_path.parent.is_dir():
        raise errors.PlannerError(
            _("The folder {folder} does not exist.").format(folder=db_path.parent)
        )
    revision = check_database_file(source)
    safety = _keep_aside(db_path)
    if not db_path.exists() or db_path.stat().st_size == 0:
        _replace_whole_file(db_path, source)
        return RestoreResult(source, revision, safety)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=_BUSY_SECONDS)
        try:
            dst = sqlite3.connect(db_path, timeout=_BUSY_SECONDS)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "not a database" in text or "malformed" in text:
            _replace_whole_file(db_path, source)
            return RestoreResult(source, revision, safety)
        raise errors.PlannerError(
            _("Restoring {source} into {path} failed: {reason}. The file was not changed.").format(
                source=source, path=db_path, reason=text
            )
        ) from exc
    return RestoreResult(source, revision, safety)
