"""Manual focus-area (lokus) flags and stored settings."""

from sqlmodel import Field

from planner.models.base import Record


class Lokus(Record, table=True):
    """A region the team marked as a focus area, with KPU's criterion for it."""

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", index=True)
    criterion: str
    note: str = ""


class Setting(Record, table=True):
    """A stored setting; value is JSON text."""

    key: str = Field(primary_key=True)
    value: str
