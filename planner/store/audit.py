"""Writing the audit log: every change made through a PlannerSession, in the change's transaction.

Changes are collected while the session flushes and written when it commits,
as rows of the same transaction: a save and its audit entry are stored
together or not at all. Several flushes of one save (a record, then its links,
then its version) are merged into one entry per record.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Connection, Table, event, inspect, select
from sqlalchemy import types as sqltypes
from sqlalchemy.orm import InstanceState, ORMExecuteState, SessionTransaction, UOWTransaction
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql.dml import Delete, Update
from sqlmodel import Session, SQLModel

import planner.models  # noqa: F401  (every table must be on the metadata)
from planner.models import utcnow

AUDIT_TABLE = "audit_log"
# Derived rows are rebuilt from audited ones; logging them would only be noise.
UNAUDITED_TABLES = frozenset({AUDIT_TABLE, "turnout_total", "alembic_version"})
# Rows that only join two records; they go with the record when it is deleted.
LINK_TABLES = (
    "activity_region",
    "activity_segment",
    "activity_stakeholder",
    "stakeholder_region",
    "strategy_challenge",
)
KEY_SEPARATOR = "|"
LINKS_FIELD = "_links"
# Bookkeeping columns: every update moves them, so they say nothing about the change.
_NOISE_FIELDS = frozenset({"updated_at"})

USER_ENV = "PLANNER_USER"
HOST_ENV = "PLANNER_HOST"

# session.info keys
AUDIT_ON = "planner_audit"
_PENDING = "planner_audit_pending"
_STAGED = "planner_audit_staged"
_MARKS = "planner_audit_marks"


class Action(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"
    IMPORT = "import"


@dataclass
class PendingEntry:
    action: str
    table: str
    key: str
    changes: dict[str, Any] = field(default_factory=dict)
    summary: str = ""


class PlannerSession(Session):
    """The Session the planner's Database hands out; audited when info[AUDIT_ON] is true."""


def actor() -> tuple[str, str]:
    """The OS user and host name a change is attributed to."""
    user = os.environ.get(USER_ENV)
    if not user:
        try:
            user = getpass.getuser()
        except (OSError, KeyError):
            # No login name in the environment and no passwd entry (a bare container).
            user = "unknown"
    host = os.environ.get(HOST_ENV) or socket.gethostname() or "unknown"
    return user, host


def table_of(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def audited_tables() -> list[str]:
    return sorted(t for t in SQLModel.metadata.tables if t not in UNAUDITED_TABLES)


def is_audited(table_name: str) -> bool:
    return table_name in SQLModel.metadata.tables and table_name not in UNAUDITED_TABLES


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return str(value)
    return value


def from_json(column: Column[Any], value: Any) -> Any:
    """A value read back from an audit entry, as the column stores it."""
    if value is None:
        return None
    if isinstance(column.type, sqltypes.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, sqltypes.Date):
        return date.fromisoformat(value)
    return value


def key_text(values: Sequence[Any]) -> str:
    return KEY_SEPARATOR.join(str(v) for v in values)


def key_of(table: Table, row: Mapping[str, Any]) -> str:
    return key_text([row[c.name] for c in table.primary_key.columns])


def parse_key(table: Table, key: str) -> dict[str, Any]:
    """The primary-key values named by a record key ("5", "5|33.16.06.2001")."""
    columns = list(table.primary_key.columns)
    parts = key.split(KEY_SEPARATOR) if len(columns) > 1 else [key]
    if len(parts) != len(columns):
        raise ValueError(key)
    values: dict[str, Any] = {}
    for column, part in zip(columns, parts, strict=True):
        values[column.name] = int(part) if isinstance(column.type, sqltypes.Integer) else part
    return values


def _row_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: jsonable(value) for name, value in row.items()}


def cascading_links(table_name: str) -> list[tuple[Table, Column[Any]]]:
    """The link tables whose rows the database deletes along with a row of table_name."""
    found: list[tuple[Table, Column[Any]]] = []
    for name in LINK_TABLES:
        link = table_of(name)
        for fk in link.foreign_keys:
            if fk.column.table.name == table_name and (fk.ondelete or "").upper() == "CASCADE":
                found.append((link, fk.parent))
    return found


def links_of(conn: Connection, table_name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """The link rows that point at a row, by link table (only tables that have some)."""
    links: dict[str, Any] = {}
    for link, column in cascading_links(table_name):
        assert column.foreign_keys
        target = next(iter(column.foreign_keys)).column.name
        rows = conn.execute(select(*link.c).where(column == row[target])).mappings().all()
        if rows:
            links.setdefault(link.name, []).extend(_row_json(dict(r)) for r in rows)
    return links


# --- collecting changes --------------------------------------------------------------


def _state_table(state: InstanceState[Any]) -> Table | None:
    table = state.mapper.local_table
    if not isinstance(table, Table) or table.name in UNAUDITED_TABLES:
        return None
    return table


def _column_names(state: InstanceState[Any]) -> list[tuple[str, str]]:
    """(attribute key, column name) of every column the object maps."""
    return [(attr.key, attr.columns[0].name) for attr in state.mapper.column_attrs]


def _stored_values(state: InstanceState[Any]) -> dict[str, Any]:
    """The row as the database holds it now, before this flush."""
    obj = state.obj()
    row: dict[str, Any] = {}
    for key, name in _column_names(state):
        if key in state.committed_state:
            row[name] = state.committed_state[key]
        elif key in state.dict:
            row[name] = state.dict[key]
        else:
            # Expired: reading it loads it, which is fine before the row is gone.
            row[name] = getattr(obj, key)
    return row


def _current_values(state: InstanceState[Any]) -> dict[str, Any]:
    obj = state.obj()
    return {
        name: state.dict[key] if key in state.dict else getattr(obj, key)
        for key, name in _column_names(state)
    }


def _version_key(state: InstanceState[Any]) -> str | None:
    column = state.mapper.version_id_col
    if column is None:
        return None
    return state.mapper.get_property_by_column(column).key


@dataclass
class _StagedUpdate:
    state: InstanceState[Any]
    table: Table
    key: str
    diff: dict[str, Any]
    old_version: Any


def _pending(session: OrmSession) -> list[PendingEntry]:
    entries: list[PendingEntry] = session.info.setdefault(_PENDING, [])
    return entries


def _before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    if not session.info.get(AUDIT_ON):
        return
    staged: list[_StagedUpdate] = session.info.setdefault(_STAGED, [])
    for obj in session.dirty:
        state = inspect(obj)
        table = _state_table(state)
        if table is None or not session.is_modified(obj):
            continue
        diff: dict[str, Any] = {}
        for key, name in _column_names(state):
            if name in _NOISE_FIELDS:
                continue
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                diff[name] = [jsonable(old), jsonable(new)]
        version_key = _version_key(state)
        old_version = state.dict.get(version_key) if version_key else None
        stored = _stored_values(state)
        staged.append(_StagedUpdate(state, table, key_of(table, stored), diff, old_version))
    pending = _pending(session)
    conn = session.connection()
    for obj in session.deleted:
        state = inspect(obj)
        table = _state_table(state)
        if table is None:
            continue
        row = _stored_values(state)
        changes = _row_json(row)
        links = links_of(conn, table.name, row)
        if links:
            changes[LINKS_FIELD] = links
        pending.append(PendingEntry(Action.DELETE, table.name, key_of(table, row), changes))


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    if not session.info.get(AUDIT_ON):
        return
    pending = _pending(session)
    staged: list[_StagedUpdate] = session.info.pop(_STAGED, [])
    for update in staged:
        version_key = _version_key(update.state)
        if version_key is not None:
            new_version = update.state.dict.get(version_key)
            if new_version != update.old_version:
                update.diff["version"] = [update.old_version, new_version]
        if update.diff:
            pending.append(PendingEntry(Action.UPDATE, update.table.name, update.key, update.diff))
    for obj in session.new:
        state = inspect(obj)
        table = _state_table(state)
        if table is None:
            continue
        row = _current_values(state)
        pending.append(PendingEntry(Action.INSERT, table.name, key_of(table, row), _row_json(row)))


def _bulk_statement(state: ORMExecuteState) -> Any:
    """An ORM-enabled bulk UPDATE or DELETE: log each row it touches."""
    session = state.session
    if not session.info.get(AUDIT_ON) or not (state.is_update or state.is_delete):
        return None
    statement = state.statement
    if not isinstance(statement, Update | Delete):
        return None
    table = statement.table
    if not isinstance(table, Table) or table.name in UNAUDITED_TABLES:
        return None
    if session.autoflush:
        # The statement would flush first; rows still pending must be seen here too.
        session.flush()
    conn = session.connection()
    query = select(*table.c)
    if statement.whereclause is not None:
        query = query.where(statement.whereclause)
    before = [dict(r) for r in conn.execute(query).mappings()]
    result = state.invoke_statement()
    pending = _pending(session)
    if state.is_delete:
        for row in before:
            pending.append(
                PendingEntry(Action.DELETE, table.name, key_of(table, row), _row_json(row))
            )
        return result
    pk = list(table.primary_key.columns)
    for row in before:
        where = [c == row[c.name] for c in pk]
        after = conn.execute(select(*table.c).where(*where)).mappings().first()
        if after is None:
            continue
        diff = {
            name: [jsonable(row[name]), jsonable(after[name])]
            for name in row
            if name not in _NOISE_FIELDS and row[name] != after[name]
        }
        if diff:
            pending.append(PendingEntry(Action.UPDATE, table.name, key_of(table, row), diff))
    return result


def _after_transaction_create(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:
        session.info.setdefault(_MARKS, {})[transaction] = len(_pending(session))


def _after_soft_rollback(session: Session, previous: SessionTransaction) -> None:
    marks: dict[SessionTransaction, int] = session.info.get(_MARKS, {})
    if previous.nested and previous in marks:
        # Only the savepoint's own changes were undone.
        del _pending(session)[marks.pop(previous) :]
        return
    session.info.pop(_PENDING, None)
    session.info.pop(_STAGED, None)
    session.info.pop(_MARKS, None)


def _before_commit(session: Session) -> None:
    if not session.info.get(AUDIT_ON):
        return
    # Commit flushes after this hook; flushing now lets that last flush be logged too.
    session.flush()
    write_pending(session)


def _after_commit(session: Session) -> None:
    session.info.pop(_MARKS, None)


_installed = False


def install() -> None:
    """Attach the audit listeners to PlannerSession; safe to call more than once."""
    global _installed
    if _installed:
        return
    event.listen(PlannerSession, "before_flush", _before_flush)
    event.listen(PlannerSession, "after_flush", _after_flush)
    event.listen(PlannerSession, "do_orm_execute", _bulk_statement)
    event.listen(PlannerSession, "after_transaction_create", _after_transaction_create)
    event.listen(PlannerSession, "after_soft_rollback", _after_soft_rollback)
    event.listen(PlannerSession, "before_commit", _before_commit)
    event.listen(PlannerSession, "after_commit", _after_commit)
    _installed = True


# --- writing entries ----------------------------------------------------------------


def _merge(entries: Iterable[PendingEntry]) -> list[PendingEntry]:
    """One entry per record and save, where several flushes touched it."""
    merged: list[PendingEntry | None] = []
    last: dict[tuple[str, str], int] = {}
    for entry in entries:
        if entry.action not in (Action.INSERT, Action.UPDATE, Action.DELETE):
            merged.append(entry)
            continue
        where = (entry.table, entry.key)
        index = last.get(where)
        previous = merged[index] if index is not None else None
        if previous is not None and index is not None:
            if previous.action == Action.INSERT and entry.action == Action.UPDATE:
                for name, (_old, new) in entry.changes.items():
                    previous.changes[name] = new
                continue
            if previous.action == Action.UPDATE and entry.action == Action.UPDATE:
                for name, (old, new) in entry.changes.items():
                    if name in previous.changes:
                        previous.changes[name][1] = new
                    else:
                        previous.changes[name] = [old, new]
                previous.changes = {
                    name: change
                    for name, change in previous.changes.items()
                    if name == "version" or change[0] != change[1]
                }
                continue
            if (
                previous.action == Action.DELETE
                and entry.action == Action.INSERT
                and LINKS_FIELD not in previous.changes
                and previous.changes == entry.changes
            ):
                # A link list rewritten with a row it already had: nothing changed.
                merged[index] = None
                del last[where]
                continue
        last[where] = len(merged)
        merged.append(entry)
    return [e for e in merged if e is not None]


def has_audit_table(conn: Connection) -> bool:
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (AUDIT_TABLE,)
    ).first()
    return found is not None


def _insert(conn: Connection, entries: Sequence[PendingEntry]) -> None:
    if not entries:
        return
    user, host = actor()
    now = utcnow()
    rows = [
        {
            "at": now,
            "actor_user": user,
            "actor_host": host,
            "action": str(e.action),
            "table_name": e.table,
            "record_key": e.key,
            "changes": json.dumps(e.changes, ensure_ascii=False, sort_keys=True, default=str),
            "summary": e.summary,
        }
        for e in entries
    ]
    conn.execute(table_of(AUDIT_TABLE).insert(), rows)


def write_pending(session: Session) -> int:
    """Write the changes collected so far into the audit log; returns how many entries."""
    entries = _merge(session.info.pop(_PENDING, []))
    _insert(session.connection(), entries)
    return len(entries)


def add_entry(
    session: Session,
    action: Action,
    table: str,
    key: str,
    changes: Mapping[str, Any],
    summary: str = "",
) -> None:
    """An entry written with the session's other changes (or at once, outside a PlannerSession)."""
    entry = PendingEntry(action, table, key, dict(changes), summary)
    if session.info.get(AUDIT_ON):
        _pending(session).append(entry)
        return
    conn = session.connection()
    if has_audit_table(conn):
        _insert(conn, [entry])


def record_bulk(session: Session, table: str, summary: str, keys_count: int) -> None:
    """One 'import' entry for rows written with raw SQL, which the session cannot see.

    Call it inside the import's transaction, after the rows are written.
    """
    add_entry(session, Action.IMPORT, table, "", {"rows": keys_count}, summary)


install()


@contextmanager
def suspended(session: Session) -> Iterator[None]:
    """Row-by-row auditing off for a bulk load in this block; pair it with record_bulk."""
    was = session.info.get(AUDIT_ON, False)
    session.flush()
    session.info[AUDIT_ON] = False
    try:
        yield
        session.flush()
    finally:
        session.info[AUDIT_ON] = was
