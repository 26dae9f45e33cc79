"""What the activity screens show: list rows with their names joined, one activity in full,
the choices of the filter bar and the agenda's weeks and months.

Every query here is shared by the TUI and anyone else who needs the same view; the
screens only format what these return.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import String, and_, cast, func, literal_column, or_, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from planner.i18n import _
from planner.models import (
    Activity,
    ActivityRegion,
    ActivitySegment,
    Election,
    Region,
    Segment,
    Stakeholder,
)
from planner.services.activities import (
    ActivityDetail,
    ActivityFilter,
    activity_detail,
    count_activities,
    day_bounds,
    filtered_query,
)
from planner.services.agenda import Occurrence, agenda
from planner.services.records import delete_record

# Separators no name can contain, so group_concat'ed lists split back exactly.
_FIELD = "\x1f"
_ITEM = "\x1e"


@dataclass(frozen=True)
class RegionName:
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class ActivityRow:
    """One line of the activity list, with what it links to already named."""

    id: int
    version: int
    title: str
    start: datetime
    end: datetime | None
    all_day: bool
    recurring: bool
    status: str
    venue: str
    voting_day: date | None
    target: int | None
    actual: int | None
    outcome: str
    regions: tuple[RegionName, ...]
    segments: tuple[str, ...]

    @property
    def h_label(self) -> str | None:
        from planner.dates import h_label

        return None if self.voting_day is None else h_label(self.start.date(), self.voting_day)


@dataclass(frozen=True)
class ActivityListPage:
    """A window of the filtered list, and how many rows the filter and the table hold."""

    rows: list[ActivityRow]
    matching: int
    total: int
    offset: int


def _split(text: str | None) -> list[list[str]]:
    if not text:
        return []
    return [item.split(_FIELD) for item in text.split(_ITEM)]


# Walking the index on start costs a row lookup per activity passed; reading
# the whole table and sorting the matches costs about this many lookups.
_SCAN_AND_SORT_ROWS = 15_000


def _as_int(value: object) -> int:
    # The key column is never NULL in a row read from the table.
    assert isinstance(value, int)
    return value


def activity_rows(
    session: Session,
    flt: ActivityFilter | None,
    *,
    limit: int | None,
    offset: int = 0,
    matching: int | None = None,
    total: int | None = None,
) -> list[ActivityRow]:
    """The rows of the list in time order, regions and segments joined in the same query.

    A page is chosen by the ids alone (the index on start, or a scan when the
    filter is narrow), and only its rows are then read with their names: a
    page of 100,000 activities costs what a page of thirty does. `matching`
    and `total`, when the caller has counted them, say how narrow the filter
    is.
    """
    regions = (
        select(
            func.group_concat(
                col(Region.code) + _FIELD + col(Region.name) + _FIELD + col(Region.level), _ITEM
            )
        )
        .join(ActivityRegion, col(ActivityRegion.region_code) == col(Region.code))
        .where(col(ActivityRegion.activity_id) == col(Activity.id))
        .correlate(Activity)
        .scalar_subquery()
    )
    segments = (
        select(
            func.group_concat(
                cast(col(Segment.sort_order), String) + _FIELD + col(Segment.name), _ITEM
            )
        )
        .join(ActivitySegment, col(ActivitySegment.segment_id) == col(Segment.id))
        .where(col(ActivitySegment.activity_id) == col(Activity.id))
        .correlate(Activity)
        .scalar_subquery()
    )
    # Columns, not Activity objects: building ORM instances was most of a page's cost.
    query = (
        sa_select(
            col(Activity.id),
            col(Activity.version),
            col(Activity.title),
            col(Activity.start),
            col(Activity.end),
            col(Activity.all_day),
            col(Activity.rrule),
            col(Activity.status),
            col(Activity.venue),
            col(Activity.target_participants),
            col(Activity.actual_participants),
            col(Activity.outcome),
            col(Election.voting_day),
            regions,
            segments,
        )
        .outerjoin(Election, col(Election.id) == col(Activity.election_id))
        .order_by(col(Activity.start), col(Activity.id))
    )
    where = filtered_query(flt or ActivityFilter()).whereclause
    if limit is None:
        if where is not None:
            query = query.where(where)
    else:
        start: Any = col(Activity.start)
        first, count = offset, limit
        backwards = matching is not None and 2 * offset + limit > matching
        if backwards and matching is not None:
            # A page in the second half is the first read backwards from the
            # end: the last page of 100,000 costs what the first does.
            first, count = max(0, matching - offset - limit), max(0, min(limit, matching - offset))
        # In index order, a narrow filter passes total/matching rows per row
        # it keeps; past a point a plain scan and a sort is cheaper. "+start"
        # is SQLite's way of saying: not by the index.
        if (
            where is not None
            and matching is not None
            and total
            and (first + count) * total > _SCAN_AND_SORT_ROWS * max(matching, 1)
        ):
            start = literal_column("+activity.start")
        if backwards:
            page = select(col(Activity.id)).order_by(start.desc(), col(Activity.id).desc())
        else:
            page = select(col(Activity.id)).order_by(start, col(Activity.id))
        if where is not None:
            page = page.where(where)
        ids = page.limit(count).offset(first).subquery()
        query = query.join(ids, ids.c.id == col(Activity.id))
    rows: list[ActivityRow] = []
    for (
        activity_id,
        version,
        title,
        start_at,
        end_at,
        all_day,
        rrule,
        status,
        venue,
        target,
        actual,
        outcome,
        voting_day,
        region_text,
        segment_text,
    ) in session.connection().execute(query):
        region_names = sorted(
            (RegionName(code, name, level) for code, name, level in _split(region_text)),
            key=lambda r: r.code,
        )
        segment_names = [
            name for _order, name in sorted(_split(segment_text), key=lambda s: (int(s[0]), s[1]))
        ]
        rows.append(
            ActivityRow(
                id=_as_int(activity_id),
                version=version,
                title=title,
                start=start_at,
                end=end_at,
                all_day=all_day,
                recurring=bool(rrule),
                status=status,
                venue=venue,
                voting_day=voting_day,
                target=target,
                actual=actual,
                outcome=outcome,
                regions=tuple(region_names),
                segments=tuple(segment_names),
            )
        )
    return rows


def activity_list_page(
    session: Session,
    flt: ActivityFilter | None,
    *,
    limit: int | None,
    offset: int = 0,
    total: int | None = None,
) -> ActivityListPage:
    """A window of rows with the counts the screen shows ("12 of 30 activities").

    `total` is the count of all activities when the caller has it (a new
    filter over the same list): not counted again.
    """
    if total is None:
        total = count_activities(session)
    matching = count_activities(session, flt) if flt and flt != ActivityFilter() else total
    return ActivityListPage(
        rows=activity_rows(
            session, flt, limit=limit, offset=offset, matching=matching, total=total
        ),
        matching=matching,
        total=total,
        offset=offset,
    )


def activity_position(session: Session, flt: ActivityFilter | None, activity_id: int) -> int | None:
    """Where the activity stands in the filtered list (0 for the first), or None if not in it.

    A screen puts its cursor back on a saved activity this way, whichever
    page of 100,000 it is on.
    """
    activity = session.get(Activity, activity_id)
    if activity is None:
        return None
    where = filtered_query(flt or ActivityFilter()).whereclause
    mine = select(func.count()).select_from(Activity).where(col(Activity.id) == activity_id)
    before = (
        select(func.count())
        .select_from(Activity)
        .where(
            or_(
                col(Activity.start) < activity.start,
                and_(col(Activity.start) == activity.start, col(Activity.id) < activity_id),
            )
        )
    )
    if where is not None:
        mine, before = mine.where(where), before.where(where)
    if not session.exec(mine).one():
        return None
    return int(session.exec(before).one())


def short_regions(regions: tuple[RegionName, ...] | list[RegionName]) -> str:
    """ "Sambong, Cepu": names only (a kabupaten's name already says "Kabupaten")."""
    return ", ".join(r.name for r in regions)


# --- the filter bar -------------------------------------------------------------


@dataclass(frozen=True)
class FilterChoices:
    segments: list[tuple[int, str]]
    stakeholders: list[tuple[int, str]]
    voting_day: date | None
    """The next election's voting day, so "H-30" can be typed in the date fields."""
    version: tuple[float, ...] = ()
    """What the lists were read at (choices_version), to know when to read them again."""


def choices_version(session: Session) -> tuple[float, ...]:
    """A fingerprint of the segments and stakeholders: it moves with any add, edit or delete.

    Every save bumps a record's version, so the sum of versions moves with an
    edit, the count with a delete, the highest id with an add. Reading it
    costs a scan of ids; reading 20,000 names to find them unchanged costs far
    more, at every return to the activity list.
    """
    row = (
        session.connection()
        .execute(
            text(
                "SELECT (SELECT count(*) FROM segment), (SELECT max(id) FROM segment), "
                "(SELECT total(version) FROM segment), (SELECT count(*) FROM stakeholder), "
                "(SELECT max(id) FROM stakeholder), (SELECT total(version) FROM stakeholder)"
            )
        )
        .one()
    )
    return tuple(float(v or 0) for v in row)


def filter_choices(
    session: Session, *, today: date, previous: FilterChoices | None = None
) -> FilterChoices:
    """The filter bar's lists; `previous` is returned as it is when nothing changed since."""
    from planner.services.elections import next_election

    version = choices_version(session)
    election = next_election(session, today)
    voting_day = election.voting_day if election else None
    if previous is not None and previous.version == version:
        return replace(previous, voting_day=voting_day)
    segments = session.exec(
        select(Segment.id, Segment.name).order_by(col(Segment.sort_order), func.lower(Segment.name))
    ).all()
    stakeholders = session.exec(
        select(Stakeholder.id, Stakeholder.name).order_by(
            func.lower(Stakeholder.name), col(Stakeholder.id)
        )
    ).all()
    return FilterChoices(
        segments=[(i, n) for i, n in segments if i is not None],
        stakeholders=[(i, n) for i, n in stakeholders if i is not None],
        voting_day=voting_day,
        version=version,
    )


def date_range(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """Whole days: from the first moment of `since` to the last of `until`."""
    return (
        day_bounds(since)[0] if since is not None else None,
        day_bounds(until)[1] if until is not None else None,
    )


# --- one activity -----------------------------------------------------------------

NEXT_OCCURRENCES = 5


@dataclass(frozen=True)
class ActivityView:
    detail: ActivityDetail
    h_label: str | None
    reach_pct: float | None
    """Actual participants as a share of the target, in percent."""
    next_starts: list[datetime]
    """For a repeating activity: its next occurrences from now."""


def reach_pct(actual: int | None, target: int | None) -> float | None:
    if actual is None or not target:
        return None
    return actual / target * 100


def activity_view(session: Session, activity_id: int, *, now: datetime) -> ActivityView:
    from planner.dates import expand, h_label

    detail = activity_detail(session, activity_id)
    a = detail.activity
    election = detail.election
    label = (
        h_label(a.start.date(), election.voting_day)
        if election is not None and election.voting_day is not None
        else None
    )
    next_starts: list[datetime] = []
    if a.rrule:
        # A year ahead is enough to show what comes next, and bounds endless rules.
        next_starts = expand(a.start, a.rrule, now, now + timedelta(days=366))[:NEXT_OCCURRENCES]
    return ActivityView(
        detail=detail,
        h_label=label,
        reach_pct=reach_pct(a.actual_participants, a.target_participants),
        next_starts=next_starts,
    )


def delete_activity(session: Session, activity_id: int, *, expected_version: int | None) -> None:
    delete_record(
        session,
        Activity,
        activity_id,
        expected_version=expected_version,
        label=_("Activity {id}").format(id=activity_id),
    )


# --- the agenda -------------------------------------------------------------------


class Span(StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class AgendaPeriod:
    span: Span
    first: date
    last: date
    occurrences: list[Occurrence]


def period_of(day: date, span: Span) -> tuple[date, date]:
    """The week (Monday to Sunday) or the calendar month holding `day`."""
    if span is Span.WEEK:
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def shift_period(day: date, span: Span, steps: int) -> date:
    """The first day of the period `steps` weeks or months away from the one holding `day`."""
    first, _last = period_of(day, span)
    if span is Span.WEEK:
        return first + timedelta(weeks=steps)
    months = first.year * 12 + first.month - 1 + steps
    return date(months // 12, months % 12 + 1, 1)


def agenda_period(
    session: Session, day: date, span: Span, flt: ActivityFilter | None = None
) -> AgendaPeriod:
    """Every occurrence in the week or month holding `day`, repeating activities expanded."""
    first, last = period_of(day, span)
    return AgendaPeriod(
        span=span,
        first=first,
        last=last,
        occurrences=agenda(session, day_bounds(first)[0], day_bounds(last)[1], flt),
    )
