"""The agenda: every occurrence of every activity between two moments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from planner.models import Activity, Election
from planner.services.activities import ActivityFilter, filtered_query


@dataclass(frozen=True)
class Occurrence:
    activity: Activity
    start: datetime
    end: datetime | None
    election: Election | None

    @property
    def h_label(self) -> str | None:
        """H-30 style distance to the activity's election, if it has a voting day."""
        from planner.dates import h_label

        if self.election is None or self.election.voting_day is None:
            return None
        return h_label(self.start.date(), self.election.voting_day)


def agenda(
    session: Session,
    since: datetime,
    until: datetime,
    flt: ActivityFilter | None = None,
    *,
    limit: int | None = None,
) -> list[Occurrence]:
    """Occurrences in [since, until], recurring activities expanded, in time order.

    `limit` keeps only the first occurrences (a dashboard shows a dozen of a
    national month's thousands).
    """
    from planner.dates import expand

    base = flt or ActivityFilter()
    # No `since` here: filtered_query would add "or recurring" to it, which no
    # index serves; the two kinds are read apart instead, each by its index.
    query = filtered_query(
        ActivityFilter(
            status=base.status,
            region_code=base.region_code,
            segment_id=base.segment_id,
            stakeholder_id=base.stakeholder_id,
            text=base.text,
        )
    )
    once = (
        query.where(
            col(Activity.rrule).is_(None),
            col(Activity.start) >= since,
            col(Activity.start) <= until,
        )
        .order_by(col(Activity.start), col(Activity.id))
        .limit(limit)
    )
    # Every occurrence of these comes at or after the activity's own start.
    repeating = query.where(col(Activity.rrule).is_not(None), col(Activity.start) <= until)
    activities = [*session.exec(once), *session.exec(repeating)]
    election_ids = {a.election_id for a in activities if a.election_id is not None}
    elections = {
        e.id: e for e in session.exec(select(Election).where(col(Election.id).in_(election_ids)))
    }
    out: list[Occurrence] = []
    for activity in activities:
        duration = activity.end - activity.start if activity.end else None
        election = elections.get(activity.election_id) if activity.election_id else None
        for start in expand(activity.start, activity.rrule, since, until):
            end = start + duration if duration is not None else None
            out.append(Occurrence(activity, start, end, election))
    out.sort(key=lambda o: (o.start, o.activity.id or 0))
    return out if limit is None else out[:limit]
