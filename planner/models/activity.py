"""Socialization activities and what they link to."""

from datetime import datetime

from sqlalchemy import DateTime, Index, text
from sqlmodel import Field, SQLModel

from planner.models.base import Record


class Activity(Record, table=True):
    # The agenda's recurring activities, whenever they began (migration 0003).
    __table_args__ = (
        Index("ix_activity_recurring", "start", sqlite_where=text("rrule IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(index=True)
    description: str = ""
    method_id: int | None = Field(default=None, foreign_key="method.id", ondelete="SET NULL")
    strategy_id: int | None = Field(default=None, foreign_key="strategy.id", ondelete="SET NULL")
    # The election the activity works towards: "H-30" is counted from its day.
    election_id: int | None = Field(default=None, foreign_key="election.id", ondelete="SET NULL")
    # Wall-clock time where the activity happens (WIB for Blora): naive on purpose.
    start: datetime = Field(index=True, sa_type=DateTime)
    end: datetime | None = Field(default=None, sa_type=DateTime)
    all_day: bool = False
    # An RFC 5545 RRULE ("FREQ=WEEKLY;COUNT=4"), expanded with dateutil.
    rrule: str | None = None
    venue: str = ""
    status: str = Field(default="rencana", index=True)
    budget: int | None = None  # rupiah
    target_participants: int | None = None
    actual_participants: int | None = None
    outcome: str = ""


class ActivityRegion(SQLModel, table=True):
    __tablename__ = "activity_region"
    # A region filter finds activity ids in the index alone (migration 0003).
    __table_args__ = (Index("ix_activity_region_code_activity", "region_code", "activity_id"),)

    activity_id: int = Field(foreign_key="activity.id", primary_key=True, ondelete="CASCADE")
    region_code: str = Field(foreign_key="region.code", primary_key=True, index=True)


class ActivitySegment(SQLModel, table=True):
    __tablename__ = "activity_segment"

    activity_id: int = Field(foreign_key="activity.id", primary_key=True, ondelete="CASCADE")
    segment_id: int = Field(
        foreign_key="segment.id", primary_key=True, index=True, ondelete="CASCADE"
    )


class ActivityStakeholder(SQLModel, table=True):
    __tablename__ = "activity_stakeholder"

    activity_id: int = Field(foreign_key="activity.id", primary_key=True, ondelete="CASCADE")
    stakeholder_id: int = Field(
        foreign_key="stakeholder.id", primary_key=True, index=True, ondelete="CASCADE"
    )
    role: str = "mitra"
