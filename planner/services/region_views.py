"""What the region screens show: tables of regions with turnout and flags, TPS, a region's page.

Every function reads in the caller's session and returns plain frozen
dataclasses, so a screen can hand them across threads and the CLI can reuse
them. Lists take limit/offset so that large tables can be fetched a window
at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, cast, exists, func, or_
from sqlmodel import Session, col, select

from planner import errors
from planner.formatting import percent, points
from planner.i18n import _
from planner.models import (
    Activity,
    ActivityRegion,
    Election,
    Lokus,
    Region,
    Stakeholder,
    StakeholderRegion,
    Turnout,
    TurnoutTotal,
)
from planner.models.enums import LEVEL_ORDER, Level
from planner.rules.flags import FlagKind, FlagReason, compute_flags
from planner.rules.participation import invalid_rate, participation
from planner.services import regions
from planner.services.activities import ActivityFilter, count_activities, filtered_query
from planner.services.settings import is_synthetic, scope_region

TPS = "tps"
"""The pseudo-level below desa: the polling stations of one desa."""


@dataclass(frozen=True)
class RegionRef:
    code: str
    name: str
    level: str
    label: str

    @classmethod
    def of(cls, region: Region) -> RegionRef:
        return cls(region.code, region.name, region.level, regions.region_label(region))


@dataclass(frozen=True)
class ElectionRef:
    id: int
    name: str
    kind: str
    voting_day: date | None
    denominator: str
    target_pct: float | None

    @classmethod
    def of(cls, election: Election) -> ElectionRef:
        assert election.id is not None
        return cls(
            election.id,
            election.name,
            election.kind,
            election.voting_day,
            election.denominator,
            election.target_pct,
        )


@dataclass(frozen=True)
class Home:
    """Where the regions screen starts: the scope region's children, or the provinces."""

    parent: RegionRef | None
    level: str


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str
    # Figures of the chosen election (RegionTable.election).
    dpt: int | None
    voters: int | None
    invalid_pct: float | None
    # One per RegionTable.elections, oldest first; None where there is no figure.
    participation: tuple[float | None, ...]
    reasons: tuple[FlagReason, ...]
    synthetic: bool

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class RegionTable:
    parent: RegionRef | None
    # The parent's ancestors and the parent itself, the province first.
    chain: tuple[RegionRef, ...]
    level: str
    elections: tuple[ElectionRef, ...]
    election: ElectionRef | None
    rows: tuple[RegionRow, ...]
    total: int
    synthetic: bool

    def participation_of(self, row: RegionRow, election_id: int) -> float | None:
        for election, value in zip(self.elections, row.participation, strict=True):
            if election.id == election_id:
                return value
        return None


@dataclass(frozen=True)
class TpsRow:
    tps: int
    dpt: int
    voters: int
    participation: float | None
    invalid: int | None
    invalid_pct: float | None
    synthetic: bool


@dataclass(frozen=True)
class TpsTable:
    desa: RegionRef
    chain: tuple[RegionRef, ...]
    # The elections with TPS figures for this desa, oldest first.
    elections: tuple[ElectionRef, ...]
    election: ElectionRef | None
    rows: tuple[TpsRow, ...]
    total: int
    synthetic: bool


@dataclass(frozen=True)
class HistoryRow:
    election: ElectionRef
    dpt: int
    dptb: int | None
    dpk: int | None
    voters: int
    participation: float | None
    invalid: int | None
    invalid_pct: float | None
    # True when the figure was entered for the region, False when summed from below.
    entered: bool
    synthetic: bool
    tps_count: int


@dataclass(frozen=True)
class LokusItem:
    id: int
    criterion: str
    note: str
    version: int


@dataclass(frozen=True)
class ActivityItem:
    id: int
    start: datetime
    all_day: bool
    title: str
    status: str
    # The regions it is held in, among this region and those within it.
    places: tuple[str, ...]


@dataclass(frozen=True)
class ServingStakeholder:
    id: int
    name: str
    category: str
    # The region the link names: this one, or an ancestor it also serves.
    via: RegionRef
    inherited: bool


@dataclass(frozen=True)
class RegionPageData:
    region: RegionRef
    chain: tuple[RegionRef, ...]
    child_count: int
    history: tuple[HistoryRow, ...]
    flag_election: ElectionRef | None
    reasons: tuple[FlagReason, ...]
    lokus: tuple[LokusItem, ...]
    activities: tuple[ActivityItem, ...]
    activity_total: int
    stakeholders: tuple[ServingStakeholder, ...]
    synthetic: bool


# -- levels ---------------------------------------------------------------------------


def child_level(level: str) -> str | None:
    """The level one step down: kecamatan -> desa; desa -> TPS; TPS -> None."""
    if level == TPS:
        return None
    if level == Level.DESA:
        return TPS
    order = [str(v) for v in LEVEL_ORDER]
    return order[order.index(_check_level(level)) + 1]


def _check_level(level: str) -> str:
    order = [str(v) for v in LEVEL_ORDER]
    if level not in order:
        raise errors.InvalidInput(
            "level",
            _("{value} is not a region level (choose one of {choices})").format(
                value=level, choices=", ".join(order)
            ),
        )
    return level


def home(session: Session) -> Home:
    """The scope region and the level below it, or the provinces when no scope is set."""
    code = scope_region(session)
    scope = session.get(Region, code) if code else None
    if scope is None:
        return Home(None, Level.PROVINSI.value)
    below = child_level(scope.level)
    if below is None or below == TPS:
        # A desa as scope: show it among its siblings rather than its TPS.
        parent = session.get(Region, scope.parent_code) if scope.parent_code else None
        return Home(RegionRef.of(parent) if parent else None, scope.level)
    return Home(RegionRef.of(scope), below)


# -- shared pieces --------------------------------------------------------------------


def _chain(session: Session, code: str) -> tuple[RegionRef, ...]:
    region = regions.get_region(session, code)
    return tuple(RegionRef.of(r) for r in [*regions.ancestors(session, region.code), region])


def _under(column: Any, code: str) -> Any:
    # Descendants share the dotted prefix; a range keeps the index usable.
    return (column > code + ".") & (column < code + "/")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_condition(search: str) -> Any | None:
    needle = search.strip().lower()
    if not needle:
        return None
    pattern = f"%{_escape_like(needle)}%"
    # SQLite's LIKE ignores ASCII case, as its lower() only lowers ASCII: the
    # same matches without calling lower() on 83,762 names per keystroke.
    condition = or_(
        col(Region.name).like(pattern, escape="\\"),
        col(Region.code).like(pattern, escape="\\"),
    )
    compact = needle.replace(".", "").replace(" ", "")
    if compact.isascii() and compact.isdigit():
        # "331606" finds 33.16.06 as SIREKAP writes codes without dots.
        condition = or_(
            condition,
            func.replace(col(Region.code), ".", "").like(f"%{compact}%"),
        )
    return condition


def _ordered_elections(session: Session, condition: Any) -> tuple[ElectionRef, ...]:
    query = (
        select(Election)
        .where(condition)
        .order_by(col(Election.voting_day).is_(None), col(Election.voting_day), col(Election.id))
    )
    return tuple(ElectionRef.of(e) for e in session.exec(query))


def _choose(elections: tuple[ElectionRef, ...], election_id: int | None) -> ElectionRef | None:
    """The asked election if it has figures here, else the latest that has."""
    for election in elections:
        if election.id == election_id:
            return election
    return elections[-1] if elections else None


# -- the table of regions -------------------------------------------------------------


def _regions_query(parent_code: str | None, level: str, search: str) -> Any:
    query = select(Region).where(Region.level == level)
    if parent_code:
        query = query.where(_under(col(Region.code), parent_code))
    condition = _search_condition(search)
    if condition is not None:
        query = query.where(condition)
    return query


def region_table(
    session: Session,
    parent_code: str | None,
    level: str,
    *,
    election_id: int | None = None,
    search: str = "",
    limit: int | None = None,
    offset: int = 0,
    known_total: int | None = None,
) -> RegionTable:
    """The regions at a level under a parent (the whole country when None), by code.

    Participation comes for every election with figures at that level there;
    DPT, invalid ballots and flags for the chosen election (by default the
    latest with figures). `known_total` is the count the caller already has
    (a later page of a table it counted): it is not counted again, and a page
    in the second half is read from the end, where the index starts it.
    """
    _check_level(level)
    parent = regions.get_region(session, parent_code) if parent_code else None
    parent_code = parent.code if parent else None
    chain = _chain(session, parent.code) if parent else ()

    # One probe per election into the totals' (election, level, code) index.
    with_figures = exists().where(
        col(TurnoutTotal.election_id) == col(Election.id), col(TurnoutTotal.level) == level
    )
    if parent_code:
        with_figures = with_figures.where(_under(col(TurnoutTotal.region_code), parent_code))
    elections = _ordered_elections(session, with_figures)
    chosen = _choose(elections, election_id)

    base = _regions_query(parent_code, level, search)
    if known_total is None:
        total = int(session.exec(select(func.count()).select_from(base.subquery())).one())
    else:
        total = known_total
    found: list[Region]
    if limit is not None and known_total is not None and 2 * offset + limit > total:
        # Rows [offset, offset + limit) are the first ones read backwards from
        # the end: no walk over the 80,000 codes before them.
        backwards = base.order_by(col(Region.code).desc())
        backwards = backwards.offset(max(0, total - offset - limit)).limit(
            max(0, min(limit, total - offset))
        )
        found = list(session.exec(backwards))[::-1]
    else:
        page = base.order_by(col(Region.code)).offset(offset)
        if limit is not None:
            page = page.limit(limit)
        found = list(session.exec(page))
    codes = [r.code for r in found]

    figures: dict[tuple[str, int], TurnoutTotal] = {}
    if codes and elections:
        rows = session.exec(
            select(TurnoutTotal).where(
                col(TurnoutTotal.region_code).in_(codes),
                col(TurnoutTotal.election_id).in_([e.id for e in elections]),
            )
        )
        figures = {(t.region_code, t.election_id): t for t in rows}

    reasons: dict[str, tuple[FlagReason, ...]] = {}
    if codes:
        election = session.get(Election, chosen.id) if chosen else None
        # "" rather than None: None would fall back to the stored scope. Only
        # this page's regions are judged: a page of desa need not judge 83,762.
        report = compute_flags(
            session, election, level=level, scope_code=parent_code or "", codes=codes
        )
        wanted = set(codes)
        # Without a chosen election compute_flags picks the latest anywhere,
        # whose figures are not the ones shown; only the manual lokus flags hold.
        reasons = {
            s.code: tuple(r for r in s.reasons if chosen is not None or r.kind == FlagKind.LOKUS)
            for s in report.regions
            if s.code in wanted
        }

    table_rows: list[RegionRow] = []
    synthetic = False
    for region in found:
        mine = figures.get((region.code, chosen.id)) if chosen else None
        rates = tuple(
            participation(t, e.denominator)
            if (t := figures.get((region.code, e.id))) is not None
            else None
            for e in elections
        )
        row_synthetic = any(
            t.synthetic for e in elections if (t := figures.get((region.code, e.id))) is not None
        )
        synthetic = synthetic or row_synthetic
        table_rows.append(
            RegionRow(
                code=region.code,
                name=region.name,
                level=region.level,
                dpt=mine.dpt if mine else None,
                voters=mine.voters if mine else None,
                invalid_pct=invalid_rate(mine) if mine else None,
                participation=rates,
                reasons=reasons.get(region.code, ()),
                synthetic=row_synthetic,
            )
        )
    return RegionTable(
        parent=RegionRef.of(parent) if parent else None,
        chain=chain,
        level=level,
        elections=elections,
        election=chosen,
        rows=tuple(table_rows),
        total=total,
        synthetic=synthetic,
    )


# -- the TPS of one desa ------------------------------------------------------------------


def tps_table(
    session: Session,
    desa_code: str,
    *,
    election_id: int | None = None,
    search: str = "",
    limit: int | None = None,
    offset: int = 0,
    known_total: int | None = None,
) -> TpsTable:
    """The polling stations of a desa for one election (by default the latest with TPS rows).

    Search keeps the TPS whose number contains the digits typed; `known_total`
    skips the count, as for region_table (a desa has at most a few dozen TPS).
    """
    desa = regions.get_region(session, desa_code)
    with_tps = exists().where(
        col(Turnout.election_id) == col(Election.id),
        col(Turnout.region_code) == desa.code,
        col(Turnout.tps) > 0,
    )
    elections = _ordered_elections(session, with_tps)
    chosen = _choose(elections, election_id)
    rows: list[TpsRow] = []
    total = 0
    synthetic = False
    if chosen is not None:
        query = select(Turnout).where(
            Turnout.region_code == desa.code,
            Turnout.election_id == chosen.id,
            col(Turnout.tps) > 0,
        )
        # "TPS 003" and "3" both find TPS 3 (and 13, 30...); words alone filter nothing.
        digits = "".join(c for c in search if c.isdigit()).lstrip("0")
        if digits:
            query = query.where(cast(col(Turnout.tps), String).like(f"%{digits}%"))
        if known_total is None:
            total = int(session.exec(select(func.count()).select_from(query.subquery())).one())
        else:
            total = known_total
        page = query.order_by(col(Turnout.tps)).offset(offset)
        if limit is not None:
            page = page.limit(limit)
        for t in session.exec(page):
            synthetic = synthetic or t.synthetic
            rows.append(
                TpsRow(
                    tps=t.tps,
                    dpt=t.dpt,
                    voters=t.voters,
                    participation=participation(t, chosen.denominator),
                    invalid=t.invalid,
                    invalid_pct=invalid_rate(t),
                    synthetic=t.synthetic,
                )
            )
    return TpsTable(
        desa=RegionRef.of(desa),
        chain=_chain(session, desa.code),
        elections=elections,
        election=chosen,
        rows=tuple(rows),
        total=total,
        synthetic=synthetic,
    )


# -- one region's page ----------------------------------------------------------------


def history(session: Session, code: str) -> tuple[HistoryRow, ...]:
    """The region's effective figures per election, the oldest first."""
    out: list[HistoryRow] = []
    for election, t in regions.turnout_history(session, code):
        out.append(
            HistoryRow(
                election=ElectionRef.of(election),
                dpt=t.dpt,
                dptb=t.dptb,
                dpk=t.dpk,
                voters=t.voters,
                participation=participation(t, election.denominator),
                invalid=t.invalid,
                invalid_pct=invalid_rate(t),
                entered=t.entered,
                synthetic=t.synthetic,
                tps_count=t.tps_count,
            )
        )
    return tuple(out)


def activities_in(
    session: Session, code: str, *, limit: int | None = None, offset: int = 0
) -> tuple[ActivityItem, ...]:
    """Activities held in the region or within it, the newest first."""
    region = regions.get_region(session, code)
    query = (
        filtered_query(ActivityFilter(region_code=region.code))
        .order_by(col(Activity.start).desc(), col(Activity.id).desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    found: list[Activity] = list(session.exec(query))
    ids = [a.id for a in found]
    places: dict[int, list[str]] = {}
    if ids:
        links = session.exec(
            select(ActivityRegion.activity_id, Region)
            .join(Region, col(Region.code) == col(ActivityRegion.region_code))
            .where(
                col(ActivityRegion.activity_id).in_(ids),
                or_(
                    col(ActivityRegion.region_code) == region.code,
                    _under(col(ActivityRegion.region_code), region.code),
                ),
            )
            .order_by(col(Region.code))
        )
        for activity_id, place in links:
            places.setdefault(activity_id, []).append(regions.region_label(place))
    return tuple(
        ActivityItem(
            id=a.id,
            start=a.start,
            all_day=a.all_day,
            title=a.title,
            status=a.status,
            places=tuple(places.get(a.id, [])),
        )
        for a in found
        if a.id is not None
    )


def serving_stakeholders(session: Session, code: str) -> tuple[ServingStakeholder, ...]:
    """Stakeholders linked to the region, then those linked to a region above it."""
    chain = _chain(session, code)
    by_code = {r.code: r for r in chain}
    region = chain[-1]
    query = (
        select(Stakeholder, StakeholderRegion.region_code)
        .join(StakeholderRegion, col(StakeholderRegion.stakeholder_id) == col(Stakeholder.id))
        .where(col(StakeholderRegion.region_code).in_(list(by_code)))
    )
    found = [
        ServingStakeholder(
            id=s.id,
            name=s.name,
            category=s.category,
            via=by_code[link],
            inherited=link != region.code,
        )
        for s, link in session.exec(query)
        if s.id is not None
    ]
    # Own links first, then the nearest ancestor's; by name within each.
    depth = {r.code: i for i, r in enumerate(chain)}
    found.sort(key=lambda s: (s.inherited, -depth[s.via.code], s.name.lower()))
    return tuple(found)


def region_page(session: Session, code: str, *, activity_limit: int = 200) -> RegionPageData:
    """Everything a region's page shows, in one read."""
    region = regions.get_region(session, code)
    chain = _chain(session, region.code)
    past = history(session, region.code)
    flag_election = past[-1].election if past else None
    reasons: tuple[FlagReason, ...] = ()
    if flag_election is not None:
        report = compute_flags(
            session,
            session.get(Election, flag_election.id),
            level=region.level,
            scope_code=region.parent_code or "",
        )
        for status in report.regions:
            if status.code == region.code:
                # Manual lokus flags have their own list on the page.
                reasons = tuple(r for r in status.reasons if r.kind != FlagKind.LOKUS)
    lokus = tuple(
        LokusItem(id=x.id, criterion=x.criterion, note=x.note, version=x.version)
        for x in session.exec(
            select(Lokus).where(Lokus.region_code == region.code).order_by(col(Lokus.id))
        )
        if x.id is not None
    )
    return RegionPageData(
        region=chain[-1],
        chain=chain[:-1],
        child_count=regions.count_children(session, region.code),
        history=past,
        flag_election=flag_election,
        reasons=reasons,
        lokus=lokus,
        activities=activities_in(session, region.code, limit=activity_limit),
        activity_total=count_activities(session, ActivityFilter(region_code=region.code)),
        stakeholders=serving_stakeholders(session, region.code),
        synthetic=any(h.synthetic for h in past) or (bool(past) and is_synthetic(session)),
    )


# -- words for the flags --------------------------------------------------------------


def short_reason(reason: FlagReason, level: str) -> str:
    """A flag in a word or two, for a table cell; FlagReason.describe() gives the sentence."""
    from planner.rules.labels import lokus_criterion_label

    if reason.kind == FlagKind.BELOW_TARGET:
        return _("below target")
    if reason.kind == FlagKind.BELOW_KABUPATEN:
        # A kabupaten is compared with its province, anything lower with its kabupaten.
        if level == Level.KABUPATEN:
            return _("below province")
        return _("below kabupaten")
    if reason.kind == FlagKind.DROP:
        gap = (reason.reference or 0.0) - (reason.value or 0.0)
        return _("fell {points} pts").format(points=points(gap))
    if reason.kind == FlagKind.INVALID:
        return _("invalid {value}").format(value=percent(reason.value, 1))
    return _("lokus: {criterion}").format(
        criterion=lokus_criterion_label(reason.detail.split(":", 1)[0])
    )
