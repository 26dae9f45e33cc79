"""The database file: connections, short transactions, and opening it safely."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from planner import errors
from planner.i18n import _
from planner.store import backup, migrate

BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class JournalChoice:
    mode: str
    reason: str


def choose_journal_mode(path: Path) -> JournalChoice:
    """WAL only where it is safe; the rollback journal everywhere else."""
    from planner.store.filesystem import is_network_path

    if is_network_path(path):
        return JournalChoice(
            "delete",
            _("the file is on a network share, where WAL's shared memory does not work"),
        )
    if sqlite3.sqlite_version_info < (3, 51, 3):
        return JournalChoice(
            "delete",
            _(
                "SQLite {version} is older than 3.51.3, which fixed a WAL-reset corruption bug"
            ).format(version=sqlite3.sqlite_version),
        )
    return JournalChoice(
        "wal", _("local disk and SQLite {version}").format(version=sqlite3.sqlite_version)
    )


def _install_pragmas(engine: Engine, journal_mode: str, readonly: bool) -> None:
    @event.listens_for(engine, "connect")
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

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("planner_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """One planner database. Every change runs in one short write transaction."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.journal = choose_journal_mode(path)
        mode = "ro" if readonly else "rwc"
        self.engine = create_engine(
            f"sqlite:///file:{path}?mode={mode}&uri=true",
            connect_args={"check_same_thread": False},
        )
        _install_pragmas(self.engine, self.journal.mode, readonly)
        self._write_engine = self.engine.execution_options(planner_write=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read that ends when the block ends: no transaction outlives a screen's query."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One all-or-nothing change: committed at the end of the block, rolled back on error."""
        if self.readonly:
            raise errors.PlannerError(_("The database is open read-only; nothing can be changed."))
        try:
            with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as exc:
            raise translate_operational_error(exc, self.path) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def translate_operational_error(exc: OperationalError, path: Path) -> errors.PlannerError:
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
        with path.open("rb") as fh:
            header = fh.read(16)
        if header and header != b"SQLite format 3\x00":
            raise errors.PlannerError(
                _("{path} is not a planner database (not an SQLite file).").format(path=path)
            )
        return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)
    if not os.access(path.parent, os.W_OK):
        raise errors.PlannerError(
            _("The folder {folder} cannot be written.").format(folder=path.parent)
        )
    return False


def open_database(path: Path | str, *, migrate_schema: bool = True) -> Database:
    """Open (creating if needed) and migrate a database file, backing it up first."""
    path = Path(path).expanduser().resolve()
    readonly = _check_openable(path)
    existed = path.exists() and path.stat().st_size > 0
    db = Database(path, readonly=readonly)
    try:
        if migrate_schema and migrate.needs_upgrade(db.engine):
            if readonly:
                raise errors.PlannerError(
                    _("{path} needs a schema upgrade but is read-only.").format(path=path)
                )
            if existed:
                backup.rotating_backup(path, "before-migration")
            migrate.upgrade(db.engine)
    except OperationalError as exc:
        db.dispose()
        raise translate_operational_error(exc, path) from exc
    except Exception:
        db.dispose()
        raise
    return db
