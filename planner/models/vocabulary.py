"""The division's editable lists: target segments, methods, strategies, challenges."""

from sqlmodel import Field, SQLModel

from planner.models.base import Record


class Segment(Record, table=True):
    """A target group (basis pemilih), e.g. pemilih pemula."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str = ""
    sort_order: int = 0
    active: bool = True


class Method(Record, table=True):
    """A socialization method, direct (langsung) or indirect (tidak langsung)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    mode: str = "langsung"
    description: str = ""
    active: bool = True


class Challenge(Record, table=True):
    """A problem a strategy answers: hoaks, partisipasi rendah, faktor geografis, ..."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str = ""


class Strategy(Record, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str = ""
    active: bool = True


class StrategyChallenge(SQLModel, table=True):
    __tablename__ = "strategy_challenge"

    strategy_id: int = Field(foreign_key="strategy.id", primary_key=True, ondelete="CASCADE")
    challenge_id: int = Field(foreign_key="challenge.id", primary_key=True, ondelete="CASCADE")
