"""Every list the planner shows, as a table of typed cells for CSV and XLSX.

One function per list returns the header and the rows; the writers in
planner.exports.csv_xlsx do the rest, so a CSV file and a workbook of the
same list always hold the same values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from planner.exports.model import CellValue, Kind, Table, columns
from planner.i18n import _
from planner.models import (
    Activity,
    ActivityRegion,
    ActivitySegment,
    ActivityStakeholder,
    Election,
    Method,
    Region,
    Segment,
    Stakeholder,
    StakeholderRegion,
    Strategy,
    TurnoutTotal,
)
from planner.rules.coverage import CoverageReport
from planner.rules.flags import FlagReport
from planner.rules.participation import invalid_rate, participation
from planner.services.activities import ActivityDetail, ActivityFilter, list_activities
from planner.services.regions import region_label

# SQLite allows 32,766 bound parameters; staying well under keeps every
# version (older ones allow 999) happy.
_CHUNK = 900


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def load_details(session: Session, activities: Sequence[Activity]) -> dict[int, ActivityDetail]:
    """What activity_detail gives, for many activities in a handful of queries."""
    ids = [a.id for a in activities if a.id is not None]
    methods = {m.id: m for m in session.exec(select(Method))}
    strategies = {s.id: s for s in session.exec(select(Strategy))}
    elections = {e.id: e for e in session.exec(select(Election))}
    segments = {s.id: s for s in session.exec(select(Segment))}
    regions: dict[int, list[Region]] = defaultdict(list)
    segs: dict[int, list[Segment]] = defaultdict(list)
    partners: dict[int, list[tuple[Stakeholder, str]]] = defaultdict(list)
    for chunk in _chunks(ids):
        for aid, region in session.exec(
            select(ActivityRegion.activity_id, Region)
            .join(Region, col(Region.code) == ActivityRegion.region_code)
            .where(col(ActivityRegion.activity_id).in_(chunk))
            .order_by(col(Region.code))
        ):
            regions[aid].append(region)
        for aid, sid in session.exec(
            select(ActivitySegment.activity_id, ActivitySegment.segment_id).where(
                col(ActivitySegment.activity_id).in_(chunk)
            )
        ):
            segs[aid].append(segments[sid])
        for aid, stakeholder, role in session.exec(
            select(ActivityStakeholder.activity_id, Stakeholder, ActivityStakeholder.role)
            .join(Stakeholder, col(Stakeholder.id) == ActivityStakeholder.stakeholder_id)
            .where(col(ActivityStakeholder.activity_id).in_(chunk))
            .order_by(col(Stakeholder.name))
        ):
            partners[aid].append((stakeholder, role))
    details: dict[int, ActivityDetail] = {}
    for activity in activities:
        if activity.id is None:
            continue
        details[activity.id] = ActivityDetail(
            activity=activity,
            election=elections.get(activity.election_id),
            method=methods.get(activity.method_id),
            strategy=strategies.get(activity.strategy_id),
            regions=regions[activity.id],
            segments=sorted(segs[activity.id], key=lambda s: (s.sort_order, s.name)),
            stakeholders=partners[activity.id],
        )
    return details


def reach_pct(target: int | None, actual: int | None) -> float | None:
    """Participants reached per participant planned, in percent."""
    if not target or actual is None:
        return None
    return actual / target * 100


def partners_text(detail: ActivityDetail) -> str:
    from planner.rules.labels import role_label

    return "; ".join(f"{s.name} ({role_label(role)})" for s, role in detail.stakeholders)


def activities_table(session: Session, flt: ActivityFilter | None = None) -> Table:
    """One row per activity (a recurring one once, with its rule in words)."""
    from planner.dates import describe_rrule, h_label
    from planner.rules.labels import method_mode_label, status_label

    table = Table(
        columns(
            (_("ID"), Kind.ID),
            _("Title"),
            (_("Start"), Kind.DATE),
            (_("End"), Kind.DATE),
            (_("All day"), Kind.BOOLEAN),
            _("Repeats"),
            _("Status"),
            _("Election"),
            _("H"),
            _("Method"),
            _("Mode"),
            _("Strategy"),
            _("Regions"),
            _("Region codes"),
            _("Segments"),
            _("Stakeholders"),
            _("Venue"),
            (_("Budget (Rp)"), Kind.MONEY),
            (_("Participants planned"), Kind.INTEGER),
            (_("Participants reached"), Kind.INTEGER),
            (_("Reach (%)"), Kind.PERCENT),
            _("Description"),
            _("Outcome"),
        )
    )
    activities = list_activities(session, flt)
    details = load_details(session, activities)
    for activity in activities:
        assert activity.id is not None
        d = details[activity.id]
        election = d.election
        voting_day = election.voting_day if election else None
        table.add(
            activity.id,
            activity.title,
            activity.start.date() if activity.all_day else activity.start,
            (activity.end.date() if activity.all_day else activity.end) if activity.end else None,
            activity.all_day,
            describe_rrule(activity.rrule) if activity.rrule else "",
            status_label(activity.status),
            election.name if election else "",
            h_label(activity.start.date(), voting_day) if voting_day else "",
            d.method.name if d.method else "",
            method_mode_label(d.method.mode) if d.method else "",
            d.strategy.name if d.strategy else "",
            "; ".join(region_label(r) for r in d.regions),
            "; ".join(r.code for r in d.regions),
            "; ".join(s.name for s in d.segments),
            partners_text(d),
            activity.venue,
            activity.budget,
            activity.target_participants,
            activity.actual_participants,
            reach_pct(activity.target_participants, activity.actual_participants),
            activity.description,
            activity.outcome,
        )
    return table


def stakeholders_table(session: Session) -> Table:
    """Every stakeholder with its contacts and the regions it serves.

    The headers are ones the stakeholder importer recognises, the category
    is written as its label (which the importer accepts in either language)
    and the regions as codes separated by ";", so the file can be edited in
    Excel and imported back.
    """
    from planner.rules.labels import category_label
    from planner.services.stakeholders import list_stakeholders

    table = Table(
        columns(
            (_("ID"), Kind.ID),
            _("Name"),
            _("Category"),
            _("Contact person"),
            _("Position"),
            _("Phone"),
            _("E-mail"),
            _("Address"),
            _("Regions"),
            _("Region names"),
            (_("Activities"), Kind.INTEGER),
            _("Notes"),
        )
    )
    served: dict[int, list[Region]] = defaultdict(list)
    for sid, region in session.exec(
        select(StakeholderRegion.stakeholder_id, Region)
        .join(Region, col(Region.code) == StakeholderRegion.region_code)
        .order_by(col(Region.code))
    ):
        served[sid].append(region)
    engaged: dict[int, int] = defaultdict(int)
    for sid in session.exec(select(ActivityStakeholder.stakeholder_id)):
        engaged[sid] += 1
    for s in list_stakeholders(session):
        assert s.id is not None
        regions = served[s.id]
        table.add(
            s.id,
            s.name,
            category_label(s.category),
            s.contact_person,
            s.contact_title,
            s.phone,
            s.email,
            s.address,
            "; ".join(r.code for r in regions),
            "; ".join(region_label(r) for r in regions),
            engaged[s.id],
            s.notes,
        )
    return table


def elections_with_turnout(session: Session) -> list[Election]:
    has_rows = select(TurnoutTotal.election_id).distinct()
    return list(
        session.exec(
            select(Election)
            .where(col(Election.id).in_(has_rows))
            .order_by(col(Election.voting_day).is_(None), col(Election.voting_day))
        )
    )


def _within(code: str) -> tuple[str, str]:
    return code + ".", code + "/"


def regions_table(session: Session, flags: FlagReport) -> Table:
    """The scope and every region at the flags' level in it, with turnout per election.

    Each election gets four columns (DPT, voters, participation and invalid
    ballots); the flag columns come from the report, so they say exactly
    what `planner flags` says.
    """
    from planner.rules.labels import level_label

    elections = elections_with_turnout(session)
    specs: list[tuple[str, Kind] | str] = [_("Code"), _("Region"), _("Level")]
    for e in elections:
        specs += [
            (_("{election}: DPT").format(election=e.name), Kind.INTEGER),
            (_("{election}: voters").format(election=e.name), Kind.INTEGER),
            (_("{election}: participation (%)").format(election=e.name), Kind.PERCENT),
            (_("{election}: invalid (%)").format(election=e.name), Kind.PERCENT),
        ]
    specs += [(_("Flagged"), Kind.BOOLEAN), _("Reasons")]
    table = Table(columns(*specs))

    query = select(Region).where(Region.level == flags.level)
    scope = flags.scope
    if scope is not None:
        low, high = _within(scope.code)
        query = query.where(col(Region.code) > low, col(Region.code) < high)
    regions = ([scope] if scope is not None else []) + list(
        session.exec(query.order_by(col(Region.code)))
    )
    codes = [r.code for r in regions]
    totals: dict[tuple[int, str], TurnoutTotal] = {}
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start : start + _CHUNK]
        for total in session.exec(
            select(TurnoutTotal).where(col(TurnoutTotal.region_code).in_(chunk))
        ):
            totals[(total.election_id, total.region_code)] = total
    statuses = {s.code: s for s in flags.regions}
    for region in regions:
        cells: list[CellValue] = [region.code, region_label(region), level_label(region.level)]
        for e in elections:
            assert e.id is not None
            found = totals.get((e.id, region.code))
            if found is None:
                cells += [None, None, None, None]
            else:
                cells += [
                    found.dpt,
                    found.voters,
                    participation(found, e.denominator),
                    invalid_rate(found),
                ]
        status = statuses.get(region.code)
        if region is scope:
            cells += [None, ""]
        else:
            cells += [bool(status and status.flagged), status.reasons_text() if status else ""]
        table.add(*cells)
    return table


def gaps_table(coverage: CoverageReport) -> Table:
    """The gap matrix: each flagged region by priority, done and planned activities per segment."""
    specs: list[tuple[str, Kind] | str] = [
        (_("Priority"), Kind.DECIMAL),
        _("Code"),
        _("Region"),
        (_("DPT"), Kind.INTEGER),
        (_("Participation (%)"), Kind.PERCENT),
        (_("Shortfall (points)"), Kind.DECIMAL),
        _("Reasons"),
        (_("Segments without activity"), Kind.INTEGER),
        _("Last activity"),
        _("Next activity"),
    ]
    for seg in coverage.segments:
        specs += [
            (_("{segment}: done").format(segment=seg.name), Kind.INTEGER),
            (_("{segment}: planned").format(segment=seg.name), Kind.INTEGER),
        ]
    table = Table(columns(*specs))
    for row in coverage.rows:
        status = row.status
        cells: list[CellValue] = [
            round(row.priority, 4),
            status.code,
            status.name,
            status.dpt,
            status.participation,
            row.shortfall,
            status.reasons_text(),
            sum(1 for c in row.cells.values() if not c.covered),
            row.last.title if row.last else "",
            row.next.title if row.next else "",
        ]
        for seg in coverage.segments:
            assert seg.id is not None
            cell = row.cells[seg.id]
            cells += [cell.done, cell.planned]
        table.add(*cells)
    return table


def flag_report(
    session: Session, *, election: Election | None, level: str, scope_code: str | None
) -> FlagReport:
    """Flags within a region ("" or None: the database's own scope, else everywhere)."""
    from planner.rules.flags import compute_flags
    from planner.services.settings import scope_region

    scope = scope_code if scope_code else scope_region(session)
    return compute_flags(session, election, level=level, scope_code=scope or "")


def gap_report(
    session: Session,
    *,
    election: Election | None,
    level: str,
    scope_code: str | None,
    now: datetime,
) -> CoverageReport:
    from planner.rules.coverage import coverage

    return coverage(
        session,
        flag_report(session, election=election, level=level, scope_code=scope_code),
        now=now,
    )
