"""Everything the dashboard shows, gathered in one read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from planner.models import Election, Region, TurnoutTotal
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


def participation_grid(
    session: Session, scope: str | None, level: str = "kecamatan"
) -> ParticipationGrid:
    elections = list(
        session.exec(
            select(Election)
            .where(col(Election.id).in_(select(TurnoutTotal.election_id).distinct()))
            .order_by(col(Election.voting_day))
        )
    )
    query = select(Region).where(Region.level == level)
    if scope:
        query = query.where(col(Region.code) > scope + ".", col(Region.code) < scope + "/")
    regions = list(session.exec(query.order_by(col(Region.name))))
    grid = ParticipationGrid(elections, regions)
    codes = {r.code for r in regions}
    for election in elections:
        assert election.id is not None
        totals = session.exec(
            select(TurnoutTotal).where(
                TurnoutTotal.election_id == election.id, TurnoutTotal.level == level
            )
        )
        for total in totals:
            if total.region_code in codes:
                rate = participation(total, election.denominator)
                if rate is not None:
                    grid.rates[(total.region_code, election.id)] = rate
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
    this_week = agenda(session, day_bounds(week_start)[0], day_bounds(week_end)[1])
    coming = agenda(
        session,
        day_bounds(week_end + timedelta(days=1))[0],
        day_bounds(today + timedelta(days=coming_days))[1],
    )
    grid = participation_grid(session, scope_code)
    return Dashboard(
        scope, next_election, days, results, cov, this_week, coming, grid, is_synthetic(session)
    )


def week_of(day: date) -> tuple[date, date]:
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)
