"""Columns every editable record carries: timestamps and an optimistic-lock version."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    # Stored naive in UTC: SQLite has no time zone type, and one convention
    # for every row keeps comparisons between rows honest.
    return datetime.now(UTC).replace(tzinfo=None)


class Record(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, nullable=False, sa_type=DateTime)
    updated_at: datetime = Field(
        default_factory=utcnow,
        nullable=False,
        sa_type=DateTime,
        sa_column_kwargs={"onupdate": utcnow},
    )
    # SQLAlchemy bumps this on every UPDATE and refuses a flush whose row has
    # moved on (StaleDataError); services also compare it with the version the
    # user opened, because a fresh session would otherwise save over a
    # colleague's change without noticing.
    version: int = Field(default=1, nullable=False)

    @declared_attr  # type: ignore[arg-type]
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
