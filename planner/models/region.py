"""Administrative regions by their Kemendagri code (33.16.06.2001)."""

from sqlalchemy import Index
from sqlmodel import Field

from planner.models.base import Record


class Region(Record, table=True):
    # One level in code order is how every region table pages (migration 0003).
    __table_args__ = (Index("ix_region_level_code", "level", "code"),)

    code: str = Field(primary_key=True, max_length=13)
    name: str = Field(index=True)
    level: str = Field(index=True)
    parent_code: str | None = Field(default=None, foreign_key="region.code", index=True)
