"""Partner organisations and the regions they serve."""

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from planner.models.base import Record


class Stakeholder(Record, table=True):
    __table_args__ = (UniqueConstraint("name", "category"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    category: str = Field(index=True)
    contact_person: str = ""
    contact_title: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    notes: str = ""


class StakeholderRegion(SQLModel, table=True):
    __tablename__ = "stakeholder_region"

    stakeholder_id: int = Field(foreign_key="stakeholder.id", primary_key=True, ondelete="CASCADE")
    region_code: str = Field(foreign_key="region.code", primary_key=True, index=True)
