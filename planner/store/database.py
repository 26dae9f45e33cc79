"""The database file: connections, short transactions, and opening it safely."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from planner import errors
from planner.i18n import _
from planner.store import backup, migrate
from planner.store.audit import AUDIT_ON, PlannerSession, has_audit_table

BUSY_TIMEOUT_MS = 5000
# How long a save waits quietly before it says that it is waiting on a colleague.
WAIT_NOTICE_MS = 300
# WAL resets could corrupt the file in SQLite before this release.
WAL_MIN_SQLITE = (3, 51, 3)
# A file up to this size is checked page by page at every open, in well under a
# tenth of a second. A bigger one (a province's or the whole country's: 400 MB)
# would take seconds at every start, so it is checked that way once a day, just
# before its daily backup (a damaged file must never become the newest backup)
# and before a migration; the other opens check that it is not truncated.
FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class JournalChoice:
    mode: str
    reason: str
    # Set when where the file lives puts it at risk, whatever the journal mode.
    warning: str | None = None
    network: bool = False


def choose_journal_mode(
    path: Path,
    *,
    mounts_file: Path | None = None,
    sqlite_version: tuple[int, int, int] | None = None,
) -> JournalChoice:
    """WAL only where it is safe; the rollback journal everywhere else."""
    from planner.store.filesystem import is_network_path

    version = sqlite_version or sqlite3.sqlite_version_info
    version_text = ".".join(str(p) for p in version)
    if is_network_path(path, mounts_file=mounts_file):
        return JournalChoice(
            "delete",
            _("the file is on a network share, where WAL's shared memory does not work"),
            warning=_(
                "{path} is on a network share. File locks over the network are not fully "
                "reliable: two PCs saving at the same moment can damage the file. The planner "
                "uses the rollback journal there and keeps daily backups; keep the file on one "
                "PC's local disk if you can."
            ).format(path=path),
            network=True,
        )
    if version < WAL_MIN_SQLITE:
        return JournalChoice(
            "delete",
            _(
                "SQLite {version} is older than 3.51.3, which fixed a WAL-reset corruption bug"
            ).format(version=version_text),
        )
    return JournalChoice("wal", _("local disk and SQLite {version}").format(version=version_text))


def _is_busy(exc: DBAPIError) -> bool:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return "locked" in text or "busy" in text


class Database:
    """One planner database. Every change runs in one short write transaction."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.journal = choose_journal_mode(path)
        # Things the person should know about this file; the CLI prints them, the TUI shows them.
        self.warnings: list[str] = []
        if self.journal.warning:
            self.warnings.append(self.journal.warning)
        # Called (from the saving thread) when a save has to wait for a colleague's.
        self.on_wait: Callable[[], None] | None = None
        self._audited = False
        mode = "ro" if readonly else "rwc"
        self.engine = create_engine(
            f"sqlite:///file:{path}?mode={mode}&uri=true",
            connect_args={"check_same_thread": False},
        )
        self._install_pragmas()
        self._write_engine = self.engine.execution_options(planner_write=True)

    def _install_pragmas(self) -> None:
        journal_mode = self.journal.mode
        readonly = self.readonly

        @event.listens_for(self.engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            # We emit BEGIN ourselves (below) so that writes can take the write
            # lock up front with BEGIN IMMEDIATE instead of failing half-way.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                cur.execute(f"PRAGMA journal_mode = {journal_mode}")
                cur.execute(
                    "PRAGMA synchronous = FULL"
                    if journal_mode == "delete"
                    else "PRAGMA synchronous = NORMAL"
                )
            cur.close()

        @event.listens_for(self.engine, "begin")
        def _on_begin(conn: Connection) -> None:
            if not conn.get_execution_options().get("planner_write", False):
                conn.exec_driver_sql("BEGIN")
                return
            notice = self.on_wait
            if notice is None:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {WAIT_NOTICE_MS}")
            try:
                try:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                except OperationalError as exc:
                    if not _is_busy(exc):
                        raise
                    notice()
                    conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @property
    def audited(self) -> bool:
        """Whether the file has an audit log (a file at the first schema has none)."""
        if not self._audited:
            with self.engine.connect() as conn:
                self._audited = has_audit_table(conn)
        return self._audited

    @contextmanager
    def read(self) -> Iterator[PlannerSession]:
        """A read that ends when the block ends: no transaction outlives a screen's query."""
        try:
            with PlannerSession(self.engine, expire_on_commit=False) as session:
                yield session
        except DBAPIError as exc:
            raise translate_operational_error(exc, self.path) from exc

    @contextmanager
    def write(self) -> Iterator[PlannerSession]:
        """One all-or-nothing change: committed at the end of the block, rolled back on error.

        Every change is written to the audit log in the same transaction.
        """
        if self.readonly:
            raise errors.PlannerError(_("The database is open read-only; nothing can be changed."))
        try:
            audited = self.audited
            with (
                PlannerSession(
                    self._write_engine, expire_on_commit=False, info={AUDIT_ON: audited}
                ) as session,
                session.begin(),
            ):
                try:
                    yield session
                except errors.PlannerError as exc:
                    # A conflict carries the colleague's record for the dialog; the
                    # rollback would expire it, so it leaves the session intact first.
                    current = getattr(exc, "current", None)
                    state = inspect(current, raiseerr=False) if current is not None else None
                    if state is not None and current in session:
                        session.expunge(current)
                    raise
        except StaleDataError as exc:
            raise errors.PlannerError(
                _("A colleague changed this record while you were saving; open it again.")
            ) from exc
        except IntegrityError as exc:
            raise errors.PlannerError(
                _("The change was refused by the database: {error}").format(
                    error=exc.orig if exc.orig is not None else exc
                )
            ) from exc
        except DBAPIError as exc:
            raise translate_operational_error(exc, self.path) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def translate_operational_error(exc: DBAPIError, path: Path) -> errors.PlannerError:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in text or "busy" in text:
        return errors.PlannerError(
            _("A colleague is saving to {path}; tried for {seconds} seconds. Try again.").format(
                path=path, seconds=BUSY_TIMEOUT_MS // 1000
            )
        )
    if "disk is full" in text or "database or disk is full" in text:
        return errors.PlannerError(
            _("The disk holding {path} is full; nothing was saved.").format(path=path)
        )
    if "readonly" in text or "read-only" in text:
        return errors.PlannerError(_("{path} cannot be written (read-only).").format(path=path))
    if "not a database" in text or "malformed" in text:
        return errors.PlannerError(
            _("{path} is not a planner database or is damaged.").format(path=path)
        )
    if "disk I/O error" in text:
        return errors.PlannerError(
            _(
                "Reading or writing {path} failed (disk I/O error); nothing was saved. "
                "Check the disk or the network connection."
            ).format(path=path)
        )
    if "unable to open" in text:
        return errors.PlannerError(_("{path} cannot be opened.").format(path=path))
    return errors.PlannerError(_("Database error on {path}: {error}").format(path=path, error=text))


def _check_openable(path: Path) -> bool:
    """Returns whether the file must be opened read-only; refuses what cannot be opened."""
    if not path.parent.exists():
        raise errors.PlannerError(
            _("The folder {folder} does not exist.").format(folder=path.parent)
        )
    if path.exists():
        if path.is_dir():
            raise errors.PlannerError(
                _("{path} is a folder, not a database file.").format(path=path)
            )
        try:
            with path.open("rb") as fh:
                header = fh.read(16)
        except OSError as exc:
            raise errors.PlannerError(
                _("{path} cannot be read: {reason}").format(path=path, reason=exc.strerror)
            ) from exc
        if header and header != backup.SQLITE_HEADER:
            raise errors.PlannerError(
                _("{path} is not a planner database (not an SQLite file).").format(path=path)
            )
        return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)
    if not os.access(path.parent, os.W_OK):
        raise errors.PlannerError(
            _("The folder {folder} cannot be written.").format(folder=path.parent)
        )
    return False


def _damaged(path: Path, detail: str) -> errors.PlannerError:
    newest = backup.newest_backup(path)
    if newest is not None:
        advice = _("Restore the newest backup with: planner restore {backup}").format(backup=newest)
    else:
        advice = _("Restore a backup with: planner restore FILE")
    return errors.PlannerError(
        _("{path} is damaged ({detail}); nothing was changed. {advice}").format(
            path=path, detail=detail, advice=advice
        )
    )


def _quick_check(db: Database) -> None:
    """Refuses a damaged file before anything is written to it or backed up from it."""
    try:
        with db.engine.connect() as conn:
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check(5)")]
    except DBAPIError as exc:
        text = str(exc.orig) if exc.orig is not None else str(exc)
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            raise _damaged(db.path, text) from exc
        raise
    if rows != ["ok"]:
        raise _damaged(db.path, "; ".join(rows))


def _check_length(db: Database) -> None:
    """Refuses a file shorter than its own header says: cut off by a failed copy or a full disk."""
    with db.path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100:
        raise _damaged(db.path, _("the file is shorter than an SQLite header"))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is only kept up to date by writers that also set bytes 92-95.
    if header[92:96] == header[24:28] and pages * page_size > db.path.stat().st_size:
        raise _damaged(db.path, _("the file is shorter than its header says; it was cut off"))


def open_database(
    path: Path | str,
    *,
    migrate_schema: bool = True,
    check: bool = True,
    daily_backup: bool = True,
) -> Database:
    """Open (creating if needed) and migrate a database file, backing it up first.

    A damaged file, one from a newer planner, or one that needs an upgrade but
    cannot be backed up is refused with nothing changed. A file that is not
    writable opens read-only, with a warning saying so.
    """
    path = Path(path).expanduser().resolve()
    readonly = _check_openable(path)
    existed = path.exists() and path.stat().st_size > 0
    db = Database(path, readonly=readonly)
    try:
        checked = False
        if existed and check:
            if path.stat().st_size <= FULL_CHECK_MAX_BYTES or (
                not readonly and daily_backup and backup.daily_backup_due(path)
            ):
                _quick_check(db)
                checked = True
            else:
                _check_length(db)
        if migrate_schema and migrate.needs_upgrade(db.engine):
            if readonly:
                raise errors.PlannerError(
                    _("{path} needs a schema upgrade but is read-only.").format(path=path)
                )
            if existed:
                if check and not checked:
                    _quick_check(db)
                backup.rotating_backup(path, "before-migration")
            migrate.upgrade(db.engine)
        if readonly:
            db.warnings.append(
                _(
                    "{path} is read-only: it was opened for reading, and nothing can be saved."
                ).format(path=path)
            )
        elif existed and daily_backup:
            try:
                backup.daily_backup(path)
            except errors.PlannerError as exc:
                # The file itself is fine; a missing backup must not stop the day's work.
                db.warnings.append(str(exc))
    except DBAPIError as exc:
        db.dispose()
        raise translate_operational_error(exc, path) from exc
    except Exception:
        db.dispose()
        raise
    return db
