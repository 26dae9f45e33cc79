"""What the stakeholder screens show: the directory, one stakeholder's page, form checks.

Read-only views over planner.services.stakeholders; the CLI and the TUI share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from planner import errors
from planner.models import ActivityStakeholder, Stakeholder
from planner.models.enums import StakeholderCategory
from planner.rules.labels import category_label
from planner.services import stakeholders
from planner.services.form_options import RegionChoice, region_choices

# Fields whose checks need no database: the form runs them as the user types.
OFFLINE_FIELDS: tuple[str, ...] = (
    "contact_person",
    "contact_title",
    "phone",
    "email",
    "address",
    "notes",
)


@dataclass(frozen=True)
class DirectoryFilter:
    search: str = ""
    category: str | None = None


@dataclass(frozen=True)
class DirectoryRow:
    id: int
    name: str
    category: str
    contact_person: str
    phone: str
    email: str
    activities: int
    version: int


@dataclass(frozen=True)
class Engagement:
    activity_id: int
    title: str
    start: datetime
    all_day: bool
    status: str
    role: str


@dataclass(frozen=True)
class StakeholderDetail:
    stakeholder: Stakeholder
    regions: list[RegionChoice]
    history: list[Engagement]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching_categories(text: str) -> list[str]:
    """Categories whose stored value or label in the current language contains the text."""
    needle = text.strip().lower()
    if not needle:
        return []
    return [
        c.value
        for c in StakeholderCategory
        if needle in c.value.replace("_", " ")
        or needle in c.value
        or needle in category_label(c.value).lower()
    ]


def _directory_query(flt: DirectoryFilter) -> Any:
    count = (
        select(func.count())
        .select_from(ActivityStakeholder)
        .where(col(ActivityStakeholder.stakeholder_id) == col(Stakeholder.id))
        .correlate(Stakeholder)
        .scalar_subquery()
    )
    query = select(Stakeholder, count.label("activities"))
    if flt.category:
        query = query.where(Stakeholder.category == flt.category)
    needle = flt.search.strip().lower()
    if needle:
        pattern = f"%{_escape_like(needle)}%"
        # SQLite's LIKE ignores ASCII case, as its lower() only lowers ASCII.
        conditions: list[Any] = [
            col(column).like(pattern, escape="\\")
            for column in (Stakeholder.name, Stakeholder.contact_person)
        ]
        categories = matching_categories(needle)
        if categories:
            conditions.append(col(Stakeholder.category).in_(categories))
        query = query.where(or_(*conditions))
    return query


def directory(
    session: Session,
    flt: DirectoryFilter = DirectoryFilter(),
    *,
    limit: int | None = None,
    offset: int = 0,
    matching: int | None = None,
) -> list[DirectoryRow]:
    """Stakeholders by name, with how many activities each took part in, in one query.

    The search looks in the name and the contact person (any case) and matches
    a category by its value or its label in the current language.
    """
    order = (func.lower(Stakeholder.name), col(Stakeholder.category), col(Stakeholder.id))
    backwards = limit is not None and matching is not None and 2 * offset + limit > matching
    if backwards and limit is not None and matching is not None:
        # A page in the second half is read from the end (`matching` is the
        # count the caller has): the sort keeps fewer rows.
        query = (
            _directory_query(flt)
            .order_by(*(part.desc() for part in order))
            .offset(max(0, matching - offset - limit))
            .limit(max(0, min(limit, matching - offset)))
        )
    else:
        query = _directory_query(flt).order_by(*order).offset(offset)
        if limit is not None:
            query = query.limit(limit)
    rows = [
        DirectoryRow(
            id=cast(int, row.id),
            name=row.name,
            category=row.category,
            contact_person=row.contact_person,
            phone=row.phone,
            email=row.email,
            activities=int(activities),
            version=row.version,
        )
        for row, activities in session.exec(query).all()
    ]
    return rows[::-1] if backwards else rows


def count_directory(
    session: Session,
    flt: DirectoryFilter = DirectoryFilter(),
) -> int:
    inner = _directory_query(flt).subquery()
    return int(session.execute(select(func.count()).select_from(inner)).scalar_one())


def directory_position(session: Session, flt: DirectoryFilter, stakeholder_id: int) -> int | None:
    """Where the stakeholder stands in the directory (0 for the first), or None if not in it."""
    row = session.get(Stakeholder, stakeholder_id)
    if row is None:
        return None
    inner = _directory_query(flt).subquery()
    mine = select(func.count()).select_from(inner).where(inner.c.id == stakeholder_id)
    if not session.execute(mine).scalar_one():
        return None
    key = func.lower(inner.c.name)
    # Lowered by SQLite too, which lowers only ASCII, so both sides agree.
    lowered = func.lower(row.name)
    before = (
        select(func.count())
        .select_from(inner)
        .where(
            or_(
                key < lowered,
                and_(key == lowered, inner.c.category < row.category),
                and_(key == lowered, inner.c.category == row.category, inner.c.id < row.id),
            )
        )
    )
    return int(session.execute(before).scalar_one())


def stakeholder_detail(session: Session, stakeholder_id: int) -> StakeholderDetail | None:
    """Everything the stakeholder's page shows, or None if it no longer exists."""
    row = session.get(Stakeholder, stakeholder_id)
    if row is None:
        return None
    history = [
        Engagement(
            activity_id=cast(int, activity.id),
            title=activity.title,
            start=activity.start,
            all_day=activity.all_day,
            status=activity.status,
            role=role,
        )
        for activity, role in stakeholders.engagement_history(session, stakeholder_id)
    ]
    return StakeholderDetail(
        stakeholder=row,
        regions=region_choices(
            session, [r.code for r in stakeholders.regions_of(session, stakeholder_id)]
        ),
        history=history,
    )


def offline_problem(field: str, value: str) -> str | None:
    """What is wrong with one typed value that needs no database to judge, or None.

    A name is only checked for emptiness here; whether it is taken needs
    name_problem, in a worker.
    """
    if field == "name" and value.strip():
        return None
    if field != "name" and field not in OFFLINE_FIELDS:
        return None
    try:
        # validate_stakeholder queries only for a non-empty name or a category,
        # so these values go through the very rules of a save without a database.
        stakeholders.validate_stakeholder(_NO_SESSION, {field: value})
    except errors.InvalidInput as exc:
        return exc.message
    return None


_NO_SESSION = cast(Session, None)


def name_problem(
    session: Session, name: str, category: str, *, current_id: int | None = None
) -> str | None:
    """Why this name cannot be saved in this category (empty, taken), or None."""
    try:
        stakeholders.validate_stakeholder(
            session, {"name": name, "category": category}, current_id=current_id
        )
    except errors.InvalidInput as exc:
        return exc.message if exc.field == "name" else None
    return None
