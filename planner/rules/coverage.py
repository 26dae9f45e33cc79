"""Which flagged regions and segments the activities reach, and what to do first."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from planner.models import Segment
from planner.rules.flags import FlagReport, RegionStatus
from planner.services.settings import Thresholds

DONE = "terlaksana"
CANCELLED = "batal"


@dataclass
class Cell:
    """What covers one flagged region for one segment."""

    planned: int = 0
    done: int = 0
    target: int = 0
    actual: int = 0
    activity_ids: list[int] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.planned or self.done)


@dataclass(frozen=True)
class ActivityRef:
    id: int
    title: str
    start: datetime
    status: str


@dataclass
class RegionCoverage:
    status: RegionStatus
    cells: dict[int, Cell]
    last: ActivityRef | None
    next: ActivityRef | None
    shortfall: float
    priority: float = 0.0

    def covered_segments(self) -> int:
        return sum(1 for c in self.cells.values() if c.covered)


@dataclass
class CoverageReport:
    flags: FlagReport
    segments: list[Segment]
    rows: list[RegionCoverage]
    since: datetime | None

    def gaps(self) -> list[tuple[RegionCoverage, Segment]]:
        return [
            (row, seg)
            for row in self.rows
            for seg in self.segments
            if seg.id is not None and not row.cells[seg.id].covered
        ]


def _shortfall(status: RegionStatus, report: FlagReport) -> float:
    """Points to the election's target, else to the scope's own rate; never negative."""
    if status.participation is None:
        return 0.0
    reference = report.election.target_pct if report.election else None
    if reference is None:
        reference = report.scope_participation
    if reference is None:
        return 0.0
    return max(0.0, reference - status.participation)


def _stamp(moment: datetime) -> str:
    # The text the DateTime columns hold, so that SQL compares like with like.
    return moment.isoformat(sep=" ", timespec="microseconds")


# The (region, activity) pairs that count: an activity held in the region or
# anywhere within it (a code range, so the index on activity_region serves it
# with one seek per flagged region), neither cancelled nor before `since`.
_HITS = """
    WITH hits AS (
        SELECT DISTINCT j.value AS code, a.id AS aid
        FROM json_each(:codes) AS j
        JOIN activity_region ar
          ON ar.region_code >= j.value AND ar.region_code < j.value || '/'
        JOIN activity a ON a.id = ar.activity_id
        WHERE a.status != :cancelled AND a.start >= :since
    )
"""

# Each (region, activity) pair once, with the activity's segments: at national
# scale some 24,000 rows, counted in one pass below.
_PAIRS_SQL = (
    _HITS
    + """
    SELECT h.code, a.id, a.title, a.start, a.status, a.target_participants,
           a.actual_participants,
           (SELECT group_concat(s.segment_id) FROM activity_segment s WHERE s.activity_id = a.id)
    FROM hits h JOIN activity a ON a.id = h.aid
"""
)


def _datetime(value: datetime | str) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def coverage(
    session: Session, report: FlagReport, *, now: datetime, since: datetime | None = None
) -> CoverageReport:
    """The coverage of every flagged region by segment, ranked by priority.

    An activity covers a region when it is held in that region or anywhere
    within it; cancelled activities and those before `since` do not count.
    SQL finds the pairs of flagged region and activity (nationwide, 2,000
    flagged kecamatan against 100,000 activities) through the index on the
    activity's regions, so that only the pairs that count come to Python.
    """
    if since is None and report.election is not None and report.election.voting_day is not None:
        # Activities before the flagged election's voting day answered an
        # earlier campaign; the gap is about what has been done since.
        since = datetime.combine(report.election.voting_day, datetime.min.time())
    segments = list(
        session.exec(
            select(Segment)
            .where(col(Segment.active))
            .order_by(col(Segment.sort_order), col(Segment.name))
        )
    )
    flagged = report.flagged
    cells: dict[str, dict[int, Cell]] = {
        s.code: {seg.id: Cell() for seg in segments if seg.id is not None} for s in flagged
    }
    last: dict[str, ActivityRef] = {}
    upcoming: dict[str, ActivityRef] = {}
    if flagged:
        params: dict[str, object] = {
            "codes": json.dumps([s.code for s in flagged]),
            "since": _stamp(since or datetime.min),
            "cancelled": CANCELLED,
        }
        rows = session.connection().execute(text(_PAIRS_SQL), params)
        for code, aid, title, start_value, status, target, actual, segment_ids in rows:
            row_cells = cells[code]
            for segment in str(segment_ids).split(",") if segment_ids else ():
                cell = row_cells.get(int(segment))
                if cell is None:
                    continue  # a retired segment has no column
                cell.activity_ids.append(aid)
                if status == DONE:
                    cell.done += 1
                    cell.actual += actual or 0
                else:
                    cell.planned += 1
                cell.target += target or 0
            start = _datetime(start_value)
            if start < now:
                if code not in last or start > last[code].start:
                    last[code] = ActivityRef(aid, title, start, status)
            elif code not in upcoming or start < upcoming[code].start:
                upcoming[code] = ActivityRef(aid, title, start, status)
        for row_cells in cells.values():
            for cell in row_cells.values():
                cell.activity_ids.sort()
    rows_out = [
        RegionCoverage(
            status=s,
            cells=cells[s.code],
            last=last.get(s.code),
            next=upcoming.get(s.code),
            shortfall=_shortfall(s, report),
        )
        for s in flagged
    ]
    rank(rows_out, len(segments), report.thresholds)
    return CoverageReport(report, segments, rows_out, since)


def rank(rows: list[RegionCoverage], segment_count: int, weights: Thresholds) -> None:
    """Priority in [0, 1]: the turnout shortfall, the voters at stake, and how little is covered.

    Each part is scaled to the largest among the flagged regions so that the
    weights (stored settings) compare like with like.
    """
    max_short = max((r.shortfall for r in rows), default=0.0) or 1.0
    max_dpt = max((r.status.dpt or 0 for r in rows), default=0) or 1
    total_weight = (
        weights.weight_shortfall + weights.weight_voters + weights.weight_uncovered
    ) or 1.0
    for row in rows:
        uncovered = 1.0 - (row.covered_segments() / segment_count if segment_count else 0.0)
        score = (
            weights.weight_shortfall * row.shortfall / max_short
            + weights.weight_voters * (row.status.dpt or 0) / max_dpt
            + weights.weight_uncovered * uncovered
        )
        row.priority = score / total_weight
    rows.sort(key=lambda r: (-r.priority, r.status.code))
