"""Saving edits safely: a change applies only to the version the user opened."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from planner import errors
from planner.i18n import _
from planner.models import Record, utcnow

R = TypeVar("R", bound=Record)


class Conflict(errors.PlannerError):
    """A colleague changed or deleted the record since the user opened it."""

    def __init__(self, record: Record | None, expected_version: int, label: str) -> None:
        if record is None:
            message = _("{label} was deleted by a colleague meanwhile.").format(label=label)
        else:
            message = _(
                "{label} was changed by a colleague meanwhile (version {theirs}, "
                "you opened version {yours})."
            ).format(label=label, theirs=record.version, yours=expected_version)
        super().__init__(message)
        self.current = record
        self.expected_version = expected_version

    @property
    def deleted(self) -> bool:
        return self.current is None


def check_version(
    session: Session,
    model: type[R],
    key: Any,
    expected_version: int | None,
    *,
    missing_label: str,
    label: Callable[[R], str],
) -> R:
    """The current row, if it is still at the version the user opened.

    Checked before the new values are judged: a stale form has to be reloaded
    either way. A row gone meanwhile is a conflict when the user had opened it,
    and plainly not found when they only named it.
    """
    row = session.get(model, key, populate_existing=True)
    if row is None:
        if expected_version is not None:
            raise Conflict(None, expected_version, missing_label)
        raise errors.NotFound(_("{label} not found.").format(label=missing_label))
    if expected_version is not None and row.version != expected_version:
        raise Conflict(row, expected_version, label(row))
    return row


def get_or_raise(session: Session, model: type[R], key: Any, label: str) -> R:
    row = session.get(model, key)
    if row is None:
        raise errors.NotFound(_("{label} not found.").format(label=label))
    return row


def apply_changes(
    session: Session,
    model: type[R],
    key: Any,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
    label: str,
) -> R:
    """Update a record if it is still at expected_version (None skips the check)."""
    row = session.get(model, key, populate_existing=True)
    if row is None:
        if expected_version is not None:
            raise Conflict(None, expected_version, label)
        raise errors.NotFound(_("{label} not found.").format(label=label))
    if expected_version is not None and row.version != expected_version:
        raise Conflict(row, expected_version, label)
    for name, value in changes.items():
        if name not in model.model_fields:
            raise errors.InvalidInput(name, _("unknown field"))
        setattr(row, name, value)
    touch(row)
    session.flush()
    return row


def touch(row: Record) -> None:
    """Marks a record changed even when only its links changed, so its version moves."""
    row.updated_at = utcnow()


def delete_record(
    session: Session, model: type[R], key: Any, *, expected_version: int | None, label: str
) -> None:
    row = session.get(model, key, populate_existing=True)
    if row is None:
        if expected_version is not None:
            raise Conflict(None, expected_version, label)
        raise errors.NotFound(_("{label} not found.").format(label=label))
    if expected_version is not None and row.version != expected_version:
        raise Conflict(row, expected_version, label)
    session.delete(row)
    session.flush()


def as_dict(row: SQLModel) -> dict[str, Any]:
    return row.model_dump()
