"""Everything the dashboard shows, gathered in one read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import exists, text
from sqlmodel import Session, col, select

from planner.models import Election, Region, TurnoutTotal
from planner.models.enums import Level
from planner.rules.coverage import CoverageReport, coverage
from planner.rules.flags import compute_flags
from planner.rules.participation import invalid_rate, participation
from planner.services.activities import day_bounds
from planner.services.agenda import Occurrence, agenda
from planner.services.settings import is_synthetic, scope_region


@dataclass(frozen=True)
class ElectionResult:
    election: Election
    participation: float | None
    invalid_pct: float | None
    dpt: int
    voters: int


@dataclass
class ParticipationGrid:
    """Participation per region (rows) and election (columns), oldest election first."""

    elections: list[Election]
    regions: list[Region]
    rates: dict[tuple[str, int], float] = field(default_factory=dict)
    level: str = Level.KECAMATAN.value

    def row(self, code: str) -> list[float | None]:
        return [self.rates.get((code, e.id or 0)) for e in self.elections]


@dataclass
class Dashboard:
    scope: Region | None
    next_election: Election | None
    days_to_vote: int | None
    results: list[ElectionResult]
    coverage: CoverageReport
    this_week: list[Occurrence]
    coming: list[Occurrence]
    grid: ParticipationGrid
    synthetic: bool


# The dashboard lists this many coming activities; a national month holds thousands.
UPCOMING_SHOWN = 14


def participation_grid(
    session: Session, scope: str | None, level: str = "kecamatan"
) -> ParticipationGrid:
    elections = list(
        session.exec(
            select(Election)
            .where(exists().where(col(TurnoutTotal.election_id) == col(Election.id)))
            .order_by(col(Election.voting_day))
        )
    )
    query = select(Region).where(Region.level == level)
    if scope:
        query = query.where(col(Region.code) > scope + ".", col(Region.code) < scope + "/")
    regions = list(session.exec(query.order_by(col(Region.name))))
    grid = ParticipationGrid(elections, regions, level=level)
    codes = {r.code for r in regions}
    conn = session.connection()
    sql = (
        "SELECT region_code, dpt, dptb, dpk, voters, valid, invalid FROM turnout_total "
        "WHERE election_id = :e AND level = :level"
    )
    params: dict[str, object] = {"level": level}
    if scope:
        sql += " AND region_code > :low AND region_code < :high"
        params.update(low=scope + ".", high=scope + "/")
    for election in elections:
        assert election.id is not None
        for row in conn.execute(text(sql), {**params, "e": election.id}):
            if row.region_code in codes:
                rate = participation(row, election.denominator)
                if rate is not None:
                    grid.rates[(row.region_code, election.id)] = rate
    return grid


def build_dashboard(session: Session, *, now: datetime, coming_days: int = 30) -> Dashboard:
    today = now.date()
    scope_code = scope_region(session)
    scope = session.get(Region, scope_code) if scope_code else None
    next_election = session.exec(
        select(Election).where(col(Election.voting_day) >= today).order_by(col(Election.voting_day))
    ).first()
    days = (
        (next_election.voting_day - today).days
        if next_election and next_election.voting_day
        else None
    )
    results: list[ElectionResult] = []
    if scope_code:
        rows = session.exec(
            select(Election, TurnoutTotal)
            .join(TurnoutTotal, col(TurnoutTotal.election_id) == Election.id)
            .where(TurnoutTotal.region_code == scope_code)
            .order_by(col(Election.voting_day))
        )
        for election, total in rows:
            results.append(
                ElectionResult(
                    election,
                    participation(total, election.denominator),
                    invalid_rate(total),
                    total.dpt,
                    total.voters,
                )
            )
    report = compute_flags(session)
    cov = coverage(session, report, now=now)
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)
    this_week = agenda(
        session, day_bounds(week_start)[0], day_bounds(week_end)[1], limit=UPCOMING_SHOWN
    )
    coming = agenda(
        session,
        day_bounds(week_end + timedelta(days=1))[0],
        day_bounds(today + timedelta(days=coming_days))[1],
        limit=UPCOMING_SHOWN,
    )
    # The chart shows the parts of the scope: a kabupaten's kecamatan, or for the
    # whole country its provinces (not 7,285 kecamatan in one table).
    scope_level = scope.level if scope is not None else None
    grid_level = _PARTS.get(scope_level, Level.KECAMATAN.value)
    grid = participation_grid(session, scope_code, level=grid_level)
    return Dashboard(
        scope, next_election, days, results, cov, this_week, coming, grid, is_synthetic(session)
    )


_PARTS: dict[str | None, str] = {
    None: Level.PROVINSI.value,
    Level.PROVINSI.value: Level.KABUPATEN.value,
    Level.KABUPATEN.value: Level.KECAMATAN.value,
    Level.KECAMATAN.value: Level.DESA.value,
}


def week_of(day: date) -> tuple[date, date]:
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)
