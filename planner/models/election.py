"""Elections and the turnout recorded for them."""

from datetime import date

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from planner.models.base import Record


class Election(Record, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str = Field(index=True)
    voting_day: date | None = Field(default=None, index=True)
    # The day of a future election is often only announced late.
    voting_day_estimated: bool = False
    target_pct: float | None = None
    denominator: str = "dpt"
    # The area the election is held in (a pilkada's kabupaten); None = national.
    region_code: str | None = Field(default=None, foreign_key="region.code")
    notes: str = ""


class TurnoutFigures(SQLModel):
    """The counts KPU publishes per TPS and per region."""

    dpt: int = 0
    dptb: int | None = None
    dpk: int | None = None
    voters_dpt: int | None = None
    voters_dptb: int | None = None
    voters_dpk: int | None = None
    voters: int = 0
    valid: int | None = None
    invalid: int | None = None
    dpt_men: int | None = None
    dpt_women: int | None = None
    voters_men: int | None = None
    voters_women: int | None = None


class Turnout(TurnoutFigures, Record, table=True):
    """A figure as entered: for a region (tps = 0) or one TPS in a desa."""

    __table_args__ = (UniqueConstraint("election_id", "region_code", "tps"),)

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", ondelete="CASCADE")
    region_code: str = Field(foreign_key="region.code", index=True)
    tps: int = 0
    # Where the figure came from (a file name, "sampel"), and whether it was
    # made up: the Blora sample spreads real totals over kecamatan.
    source: str = ""
    synthetic: bool = False


class TurnoutTotal(TurnoutFigures, table=True):
    """Effective figures per region, derived from Turnout in the same transaction.

    A region's figure is the one entered for it, or else the sum of its
    children's; keeping the roll-up at write time makes reads a lookup.
    """

    __tablename__ = "turnout_total"
    # One election's regions at one level, in code order (migration 0003).
    __table_args__ = (
        Index("ix_turnout_total_election_level_code", "election_id", "level", "region_code"),
    )

    election_id: int = Field(foreign_key="election.id", primary_key=True, ondelete="CASCADE")
    region_code: str = Field(foreign_key="region.code", primary_key=True)
    level: str = Field(index=True)
    entered: bool = False
    tps_count: int = 0
    synthetic: bool = False
