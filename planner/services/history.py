"""What happened to a record: its audit entries, and bringing a deleted record back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from planner import errors
from planner.i18n import _
from planner.models import AuditEntry, utcnow
from planner.store import audit

_LIKE_ESCAPE = "\\"
_SHORT = 40


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: datetime  # UTC, naive
    user: str
    host: str
    action: str
    table: str
    key: str
    changes: dict[str, Any]
    summary: str

    @property
    def values(self) -> dict[str, Any]:
        """The row an insert, delete or restore stored (without its links)."""
        if self.action == audit.Action.UPDATE:
            return {}
        return {k: v for k, v in self.changes.items() if k != audit.LINKS_FIELD}

    @property
    def links(self) -> dict[str, list[dict[str, Any]]]:
        links: dict[str, list[dict[str, Any]]] = self.changes.get(audit.LINKS_FIELD, {})
        return links

    def field_changes(self) -> list[tuple[str, Any, Any]]:
        """(field, old, new) of an update, the version last."""
        if self.action != audit.Action.UPDATE:
            return []
        items = [(name, change[0], change[1]) for name, change in self.changes.items()]
        return sorted(items, key=lambda item: (item[0] == "version", item[0]))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat() + "Z",
            "user": self.user,
            "host": self.host,
            "action": self.action,
            "table": self.table,
            "key": self.key,
            "changes": self.changes,
            "summary": self.summary,
        }


@dataclass(frozen=True)
class Restored:
    table: str
    key: str
    links: int


def _entry(row: AuditEntry) -> HistoryEntry:
    assert row.id is not None
    try:
        changes = json.loads(row.changes) if row.changes else {}
    except ValueError:
        changes = {}
    return HistoryEntry(
        id=row.id,
        at=row.at,
        user=row.actor_user,
        host=row.actor_host,
        action=row.action,
        table=row.table_name,
        key=row.record_key,
        changes=changes if isinstance(changes, dict) else {},
        summary=row.summary,
    )


def check_table(table: str) -> str:
    if not audit.is_audited(table):
        raise errors.InvalidInput(
            "table",
            _("{table} has no history; tables with one: {tables}").format(
                table=table, tables=", ".join(audit.audited_tables())
            ),
        )
    return table


def _escape(text: str) -> str:
    return text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")


def _link_conditions(table: str, key: str) -> list[Any]:
    """Entries of link rows that join this record to another (an activity's regions, ...)."""
    conditions: list[Any] = []
    for name in audit.LINK_TABLES:
        link = audit.table_of(name)
        pk = [c.name for c in link.primary_key.columns]
        for fk in link.foreign_keys:
            if fk.column.table.name != table or fk.parent.name not in pk:
                continue
            position = pk.index(fk.parent.name)
            parts = ["%"] * len(pk)
            parts[position] = _escape(key)
            pattern = audit.KEY_SEPARATOR.join(parts)
            conditions.append(
                (col(AuditEntry.table_name) == name)
                & col(AuditEntry.record_key).like(pattern, escape=_LIKE_ESCAPE)
            )
    return conditions


def history(
    session: Session, table: str, key: str, *, limit: int | None = None
) -> list[HistoryEntry]:
    """Every entry about one record, its link rows included, the newest first."""
    check_table(table)
    condition: Any = (col(AuditEntry.table_name) == table) & (col(AuditEntry.record_key) == key)
    for extra in _link_conditions(table, key):
        condition = condition | extra
    query = select(AuditEntry).where(condition).order_by(col(AuditEntry.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return [_entry(row) for row in session.exec(query).all()]


def recent(
    session: Session, limit: int = 50, table: str | None = None, user: str | None = None
) -> list[HistoryEntry]:
    """The latest entries, optionally of one table or one person, the newest first."""
    query = select(AuditEntry)
    if table is not None:
        query = query.where(AuditEntry.table_name == check_table(table))
    if user is not None:
        query = query.where(func.lower(AuditEntry.actor_user) == user.lower())
    query = query.order_by(col(AuditEntry.id).desc()).limit(limit)
    return [_entry(row) for row in session.exec(query).all()]


def get_entry(session: Session, audit_id: int) -> HistoryEntry:
    row = session.get(AuditEntry, audit_id)
    if row is None:
        raise errors.NotFound(_("History entry {id} not found.").format(id=audit_id))
    return _entry(row)


# --- restoring a deleted record ------------------------------------------------------------


def _typed(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: audit.from_json(table.c[name], value)
        for name, value in values.items()
        if name in table.c
    }


def _exists(session: Session, table: Table, where: dict[str, Any]) -> bool:
    query = core_select(1).select_from(table).where(*(table.c[k] == v for k, v in where.items()))
    return session.connection().execute(query.limit(1)).first() is not None


def _check_parents(
    session: Session, table: Table, row: dict[str, Any], what: str, skip: str | None = None
) -> None:
    for fk in table.foreign_keys:
        value = row.get(fk.parent.name)
        target = fk.column.table
        if value is None or target.name == skip:
            continue
        if not _exists(session, target, {fk.column.name: value}):
            raise errors.PlannerError(
                _(
                    "{what} cannot be restored: the {parent} {key} it refers to no longer exists."
                ).format(what=what, parent=target.name, key=value)
            )


def restore_deleted(session: Session, audit_id: int) -> Restored:
    """Put a deleted record back, with the link rows it had, at a new version.

    Refused when the key is in use again or a record it refers to is gone; the
    restore is itself an audit entry.
    """
    entry = get_entry(session, audit_id)
    if entry.action != audit.Action.DELETE:
        raise errors.PlannerError(
            _(
                "History entry {id} is not a deletion; only a deleted record can be restored."
            ).format(id=audit_id)
        )
    if not audit.is_audited(entry.table):
        raise errors.PlannerError(
            _("Records of {table} cannot be restored.").format(table=entry.table)
        )
    table = audit.table_of(entry.table)
    what = _("{table} {key}").format(table=entry.table, key=entry.key)
    row = _typed(table, entry.values)
    key_values = {c.name: row.get(c.name) for c in table.primary_key.columns}
    if _exists(session, table, key_values):
        raise errors.PlannerError(
            _("{what} cannot be restored: a record with that key exists again.").format(what=what)
        )
    _check_parents(session, table, row, what)
    link_rows: list[tuple[Table, dict[str, Any]]] = []
    for name, rows in entry.links.items():
        link = audit.table_of(name)
        for values in rows:
            typed = _typed(link, values)
            _check_parents(session, link, typed, what, skip=table.name)
            link_rows.append((link, typed))
    if "version" in row:
        # A form still open on the deleted record must not save over the restored one.
        row["version"] = int(row["version"] or 0) + 1
    if "updated_at" in row:
        row["updated_at"] = utcnow()
    conn = session.connection()
    conn.execute(table.insert().values(**row))
    for link, values in link_rows:
        conn.execute(link.insert().values(**values))
    stored = {name: audit.jsonable(value) for name, value in row.items()}
    if entry.links:
        stored[audit.LINKS_FIELD] = entry.links
    audit.add_entry(
        session,
        audit.Action.RESTORE,
        table.name,
        entry.key,
        stored,
        _("restored from history entry {id}").format(id=audit_id),
    )
    # Objects loaded before the restore would not know the record is back.
    session.expire_all()
    return Restored(table.name, entry.key, len(link_rows))


# --- describing entries -----------------------------------------------------------------------


def action_label(action: str) -> str:
    labels: dict[str, str] = {
        audit.Action.INSERT: _("added"),
        audit.Action.UPDATE: _("changed"),
        audit.Action.DELETE: _("deleted"),
        audit.Action.RESTORE: _("restored"),
        audit.Action.IMPORT: _("imported"),
    }
    return labels.get(action, action)


def short(value: Any) -> str:
    text = "–" if value is None or value == "" else str(value)
    text = " ".join(text.split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def record_label(entry: HistoryEntry) -> str:
    values = entry.values
    for name in ("title", "name", "region_code", "key"):
        if values.get(name):
            return short(values[name])
    return entry.key


def describe(entry: HistoryEntry) -> str:
    """One line saying what the entry changed."""
    if entry.action == audit.Action.UPDATE:
        parts = [
            f"{name}: {short(old)} → {short(new)}"
            for name, old, new in entry.field_changes()
            if name != "version"
        ]
        return "; ".join(parts) if parts else _("links changed")
    if entry.action == audit.Action.IMPORT:
        return entry.summary
    label = record_label(entry)
    links = sum(len(rows) for rows in entry.links.values())
    if links:
        return _("{record} (with {n} links)").format(record=label, n=links)
    return label
