"""A database's first steps: is it empty, and starting it blank."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from planner.models import Region


def is_empty(session: Session) -> bool:
    """No regions yet: the planner has nothing to plan for."""
    return int(session.exec(select(func.count()).select_from(Region)).one()) == 0


def start_blank(session: Session) -> None:
    """KPU's default segments, methods and strategies, ready to edit."""
    from planner.sample.vocabulary import seed_vocabulary

    seed_vocabulary(session)
