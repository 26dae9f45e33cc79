"""The socialization report (laporan) for a period and a region, in KPU's layout.

`gather_report` reads everything the report says from the database;
planner.exports.report_layout arranges it in KPU's sections (latar
belakang, sasaran, maksud dan tujuan, dasar pelaksanaan, jangka waktu,
rencana anggaran biaya, susunan tim, persiapan, pelaksanaan, hasil).

An activity belongs to the report when it takes place in the region or
anywhere within it and has an occurrence in the period. Its budget and
reach count whole, even when only part of a recurring series falls in the
period: they are recorded for the activity, not per meeting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlmodel import Session, col, select

from planner import errors
from planner.i18n import _
from planner.models import (
    Challenge,
    Election,
    Region,
    Segment,
    Stakeholder,
    Strategy,
    StrategyChallenge,
)
from planner.models.enums import LEVEL_ORDER, ActivityStatus, StakeholderRole
from planner.rules.flags import RegionStatus
from planner.services.activities import ActivityDetail

LEGAL_BASIS_KEY = "report.legal_basis"
# Regulations are cited by their Indonesian titles in either language.
DEFAULT_LEGAL_BASIS: tuple[str, ...] = (
    "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum",
    "Peraturan Komisi Pemilihan Umum Nomor 9 Tahun 2022 tentang Partisipasi Masyarakat dalam "
    "Pemilihan Umum dan Pemilihan Gubernur dan Wakil Gubernur, Bupati dan Wakil Bupati, serta "
    "Wali Kota dan Wakil Wali Kota",
    "Keputusan Komisi Pemilihan Umum Nomor 620 Tahun 2024",
)

DONE = ActivityStatus.TERLAKSANA.value
CANCELLED = ActivityStatus.BATAL.value
_ROLE_ORDER = [r.value for r in StakeholderRole]

# ---------------------------------------------------------------------------
# The data


@dataclass(frozen=True)
class TurnoutLine:
    election: Election
    registered: int
    voters: int
    participation: float | None
    invalid_pct: float | None


@dataclass
class ReportItem:
    """An activity of the report with its occurrences within the period."""

    detail: ActivityDetail
    occurrences: list[datetime]

    @property
    def status(self) -> str:
        return self.detail.activity.status


@dataclass
class SegmentReach:
    segment: Segment
    done: int = 0
    planned: int = 0
    # Participants planned by every activity not cancelled, and by those
    # held; None while no activity recorded the figure (not the same as 0).
    target_all: int | None = None
    target_done: int | None = None
    actual: int | None = None

    @property
    def achievement(self) -> float | None:
        """Participants reached per participant planned, for the activities held."""
        if not self.target_done or self.actual is None:
            return None
        return self.actual / self.target_done * 100


def add_known(total: int | None, value: int | None) -> int | None:
    """A sum that stays None until a figure is known."""
    if value is None:
        return total
    return (total or 0) + value


@dataclass
class TeamMember:
    stakeholder: Stakeholder
    roles: list[str]
    activities: int


@dataclass
class StrategyUse:
    strategy: Strategy
    challenges: list[Challenge]
    activities: int


@dataclass
class PartsGrid:
    """Participation of the region and of its parts (kecamatan, desa) per election."""

    level: str
    elections: list[Election]
    # (label, rates per election); the region itself first.
    rows: list[tuple[str, list[float | None]]]


@dataclass
class ReportData:
    region: Region
    organisation: str
    since: date
    until: date
    generated: datetime
    synthetic: bool
    # The election whose results set the flags, and the one most of the
    # period's activities work towards (whose target the objectives name).
    election: Election | None
    campaign: Election | None
    turnout: list[TurnoutLine]
    own_status: RegionStatus | None
    part_level: str | None
    parts_total: int
    flagged_parts: list[RegionStatus]
    grid: PartsGrid | None
    items: list[ReportItem]
    segments: list[SegmentReach]
    unreached_segments: list[Segment]
    team: list[TeamMember]
    strategies: list[StrategyUse]
    legal_basis: list[str]
    activity_regions: list[tuple[Region, int]] = field(default_factory=list)

    @property
    def done(self) -> list[ReportItem]:
        return [i for i in self.items if i.status == DONE]

    @property
    def preparing(self) -> list[ReportItem]:
        return [i for i in self.items if i.status not in (DONE, CANCELLED)]

    @property
    def cancelled(self) -> list[ReportItem]:
        return [i for i in self.items if i.status == CANCELLED]

    @property
    def active(self) -> list[ReportItem]:
        return [i for i in self.items if i.status != CANCELLED]

    @property
    def latest(self) -> TurnoutLine | None:
        """The turnout of the report's election, else the most recent one."""
        if self.election is not None:
            for line in self.turnout:
                if line.election.id == self.election.id:
                    return line
        return self.turnout[-1] if self.turnout else None


def _child_level(level: str) -> str | None:
    order = [lv.value for lv in LEVEL_ORDER]
    index = order.index(level) if level in order else -1
    return order[index + 1] if 0 <= index < len(order) - 1 else None


def _organisation(session: Session, region: Region) -> str:
    from planner.services.regions import ancestors

    chain = [*ancestors(session, region.code), region]
    body = next((r for r in chain if r.level == "kabupaten"), None)
    if body is not None:
        return _("General Election Commission of {area}").format(area=body.name)
    province = next((r for r in chain if r.level == "provinsi"), None)
    if province is not None:
        return _("General Election Commission of {province} Province").format(
            province=province.name
        )
    return _("General Election Commission")


def _turnout(session: Session, region: Region) -> list[TurnoutLine]:
    from planner.rules.participation import invalid_rate, participation, registered
    from planner.services.regions import turnout_history

    return [
        TurnoutLine(
            election=e,
            registered=registered(t, e.denominator),
            voters=t.voters,
            participation=participation(t, e.denominator),
            invalid_pct=invalid_rate(t),
        )
        for e, t in turnout_history(session, region.code)
    ]


def _parts_grid(
    session: Session, region: Region, level: str, turnout: list[TurnoutLine]
) -> PartsGrid | None:
    from planner.services.dashboard import participation_grid
    from planner.services.regions import region_label

    grid = participation_grid(session, region.code, level=level)
    if not grid.regions:
        return None
    own = {line.election.id: line.participation for line in turnout}
    elections = [
        e
        for e in grid.elections
        if e.id in own or any((r.code, e.id or 0) in grid.rates for r in grid.regions)
    ]
    rows = [(region_label(region), [own.get(e.id) for e in elections])]
    for part in grid.regions:
        rows.append((part.name, [grid.rates.get((part.code, e.id or 0)) for e in elections]))
    return PartsGrid(level, elections, rows)


def _items(session: Session, region: Region, since: date, until: date) -> list[ReportItem]:
    from planner.exports.tables import load_details
    from planner.services.activities import ActivityFilter
    from planner.services.agenda import agenda

    occurrences = agenda(
        session,
        datetime.combine(since, time.min),
        datetime.combine(until, time.max),
        ActivityFilter(region_code=region.code),
    )
    starts: dict[int, list[datetime]] = defaultdict(list)
    order: list[int] = []
    activities = {}
    for occ in occurrences:
        aid = occ.activity.id
        assert aid is not None
        if aid not in starts:
            order.append(aid)
            activities[aid] = occ.activity
        starts[aid].append(occ.start)
    details = load_details(session, [activities[aid] for aid in order])
    return [ReportItem(details[aid], starts[aid]) for aid in order]


def _segments(
    session: Session, items: Sequence[ReportItem]
) -> tuple[list[SegmentReach], list[Segment]]:
    reach: dict[int, SegmentReach] = {}
    for item in items:
        if item.status == CANCELLED:
            continue
        a = item.detail.activity
        for segment in item.detail.segments:
            assert segment.id is not None
            row = reach.setdefault(segment.id, SegmentReach(segment))
            row.target_all = add_known(row.target_all, a.target_participants)
            if item.status == DONE:
                row.done += 1
                row.target_done = add_known(row.target_done, a.target_participants)
                row.actual = add_known(row.actual, a.actual_participants)
            else:
                row.planned += 1
    ordered = sorted(reach.values(), key=lambda r: (r.segment.sort_order, r.segment.name))
    active = session.exec(
        select(Segment).where(col(Segment.active)).order_by(col(Segment.sort_order))
    ).all()
    unreached = [s for s in active if s.id not in reach]
    return ordered, unreached


def _team(items: Sequence[ReportItem]) -> list[TeamMember]:
    roles: dict[int, set[str]] = defaultdict(set)
    count: dict[int, int] = defaultdict(int)
    known: dict[int, Stakeholder] = {}
    for item in items:
        if item.status == CANCELLED:
            continue
        for stakeholder, role in item.detail.stakeholders:
            assert stakeholder.id is not None
            known[stakeholder.id] = stakeholder
            roles[stakeholder.id].add(role)
            count[stakeholder.id] += 1

    def rank(role: str) -> int:
        return _ROLE_ORDER.index(role) if role in _ROLE_ORDER else len(_ROLE_ORDER)

    members = [TeamMember(known[sid], sorted(roles[sid], key=rank), count[sid]) for sid in known]
    members.sort(key=lambda m: (rank(m.roles[0]), m.stakeholder.name.casefold()))
    return members


def _strategies(session: Session, items: Sequence[ReportItem]) -> list[StrategyUse]:
    used: dict[int, StrategyUse] = {}
    for item in items:
        strategy = item.detail.strategy
        if item.status == CANCELLED or strategy is None or strategy.id is None:
            continue
        if strategy.id not in used:
            challenges = list(
                session.exec(
                    select(Challenge)
                    .join(StrategyChallenge, col(StrategyChallenge.challenge_id) == Challenge.id)
                    .where(StrategyChallenge.strategy_id == strategy.id)
                    .order_by(col(Challenge.name))
                )
            )
            used[strategy.id] = StrategyUse(strategy, challenges, 0)
        used[strategy.id].activities += 1
    return sorted(used.values(), key=lambda u: (-u.activities, u.strategy.name))


def _activity_regions(items: Sequence[ReportItem]) -> list[tuple[Region, int]]:
    count: dict[str, int] = defaultdict(int)
    known: dict[str, Region] = {}
    for item in items:
        if item.status == CANCELLED:
            continue
        for region in item.detail.regions:
            known[region.code] = region
            count[region.code] += 1
    return [(known[code], count[code]) for code in sorted(known)]


def _campaign(items: Sequence[ReportItem]) -> Election | None:
    count: dict[int, int] = defaultdict(int)
    known: dict[int, Election] = {}
    for item in items:
        election = item.detail.election
        if item.status == CANCELLED or election is None or election.id is None:
            continue
        known[election.id] = election
        count[election.id] += 1
    if not count:
        return None
    best = max(count, key=lambda eid: (count[eid], known[eid].voting_day or date.min))
    return known[best]


def legal_basis(session: Session) -> list[str]:
    """The regulations the report cites: the stored setting, else the defaults."""
    from planner.services.settings import get_value

    stored = get_value(session, LEGAL_BASIS_KEY)
    if isinstance(stored, list) and all(isinstance(x, str) for x in stored) and stored:
        return [str(x) for x in stored]
    return list(DEFAULT_LEGAL_BASIS)


def gather_report(
    session: Session,
    *,
    region_code: str | None,
    since: date,
    until: date,
    now: datetime,
    election: Election | None = None,
) -> ReportData:
    """Everything the report for a region and a period says, read in one session."""
    from planner.rules.flags import compute_flags
    from planner.services.regions import get_region
    from planner.services.settings import is_synthetic, scope_region

    if until < since:
        raise errors.InvalidInput("to", _("the last day is before the first"))
    code = region_code or scope_region(session)
    if not code:
        raise errors.InvalidInput(
            "region", _("name the region the report is for (no home region is set)")
        )
    region = get_region(session, code)
    turnout = _turnout(session, region)
    own_report = compute_flags(
        session, election, level=region.level, scope_code=region.parent_code or ""
    )
    own_status = next((s for s in own_report.regions if s.code == region.code), None)
    chosen = election or own_report.election
    part_level = _child_level(region.level)
    flagged: list[RegionStatus] = []
    parts_total = 0
    grid: PartsGrid | None = None
    if part_level is not None:
        parts = compute_flags(session, chosen, level=part_level, scope_code=region.code)
        # A lokus on the region itself comes back with its parts; it is the
        # region's own flag, reported as such.
        inside = [s for s in parts.regions if s.code != region.code]
        flagged = [s for s in inside if s.flagged]
        parts_total = sum(1 for s in inside if s.participation is not None)
        grid = _parts_grid(session, region, part_level, turnout)
    items = _items(session, region, since, until)
    segments, unreached = _segments(session, items)
    return ReportData(
        region=region,
        organisation=_organisation(session, region),
        since=since,
        until=until,
        generated=now,
        synthetic=is_synthetic(session),
        election=chosen,
        campaign=_campaign(items),
        turnout=turnout,
        own_status=own_status,
        part_level=part_level,
        parts_total=parts_total,
        flagged_parts=flagged,
        grid=grid,
        items=items,
        segments=segments,
        unreached_segments=unreached,
        team=_team(items),
        strategies=_strategies(session, items),
        legal_basis=legal_basis(session),
        activity_regions=_activity_regions(items),
    )
