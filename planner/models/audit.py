"""The audit log: who changed which record, when, and how. Rows are never changed."""

from datetime import datetime

from sqlalchemy import DateTime, Index
from sqlmodel import Field, SQLModel

from planner.models.base import utcnow


class AuditEntry(SQLModel, table=True):
    """One change to one record (or one bulk import), written in the change's own transaction.

    `changes` is JSON text: {field: [old, new]} for an update, the full row for
    an insert, a delete or a restore (a delete also keeps the record's link
    rows under "_links", so it can be restored whole), {"rows": n} for an import.
    Triggers in the migration refuse any UPDATE or DELETE of these rows.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "table_name", "record_key"),)

    id: int | None = Field(default=None, primary_key=True)
    # UTC, naive, like every other timestamp in the file.
    at: datetime = Field(default_factory=utcnow, nullable=False, sa_type=DateTime)
    actor_user: str = Field(index=True)
    actor_host: str = ""
    action: str
    table_name: str
    record_key: str = ""
    changes: str = "{}"
    summary: str = ""
