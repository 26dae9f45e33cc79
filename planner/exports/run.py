"""One entry point for every export, shared by the CLI and the TUI.

A request names a kind of export, a format and the options that narrow it;
`check_request` refuses a combination that does not fit before anything is
read, and `build_export` returns the file's bytes, which the caller writes
with planner.exports.files.write_atomic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session

from planner import errors
from planner.i18n import _

ACTIVITIES = "activities"
STAKEHOLDERS = "stakeholders"
REGIONS = "regions"
GAPS = "gaps"
REPORT = "report"
CALENDAR = "calendar"
KINDS: tuple[str, ...] = (ACTIVITIES, STAKEHOLDERS, REGIONS, GAPS, REPORT, CALENDAR)

CSV, XLSX, ICS, HTML = "csv", "xlsx", "ics", "html"
FORMATS: tuple[str, ...] = (CSV, XLSX, ICS, HTML)
FORMATS_FOR: Mapping[str, tuple[str, ...]] = {
    ACTIVITIES: (CSV, XLSX),
    STAKEHOLDERS: (CSV, XLSX),
    REGIONS: (CSV, XLSX),
    GAPS: (CSV, XLSX),
    REPORT: (HTML, XLSX),
    CALENDAR: (ICS,),
}
# Which kinds each option means something for; given elsewhere it is refused,
# since silently ignoring it would hand over a file that is not what was asked.
OPTION_KINDS: Mapping[str, frozenset[str]] = {
    "from": frozenset({ACTIVITIES, REPORT, CALENDAR}),
    "to": frozenset({ACTIVITIES, REPORT, CALENDAR}),
    "region": frozenset({ACTIVITIES, REGIONS, GAPS, REPORT, CALENDAR}),
    "election": frozenset({REGIONS, GAPS, REPORT}),
    "level": frozenset({REGIONS, GAPS}),
    "contacts": frozenset({REPORT}),
}
SUFFIXES: Mapping[str, str] = {".csv": CSV, ".xlsx": XLSX, ".ics": ICS, ".html": HTML, ".htm": HTML}


class ExportRefused(errors.PlannerError):
    """The kind, format and options asked for do not go together."""


@dataclass(frozen=True)
class ExportRequest:
    kind: str
    format: str
    since: date | None = None
    until: date | None = None
    # A region's code or name, as typed.
    region: str | None = None
    election: str | None = None
    level: str | None = None
    include_contacts: bool = False
    # "comma", "semicolon", "tab" or None: by the language (see csv_style).
    delimiter: str | None = None

    def given_options(self) -> list[str]:
        given = {
            "from": self.since is not None,
            "to": self.until is not None,
            "region": bool(self.region),
            "election": bool(self.election),
            "level": self.level is not None,
            "contacts": self.include_contacts,
        }
        return [name for name, present in given.items() if present]


@dataclass(frozen=True)
class ExportResult:
    data: bytes
    # Data rows (lists), events (calendar) or activities (report).
    count: int


def format_for_suffix(suffix: str) -> str | None:
    return SUFFIXES.get(suffix.lower())


def check_request(request: ExportRequest) -> None:
    """Refuses a kind, a format or an option that does not fit; ExportRefused says why."""
    if request.kind not in KINDS:
        raise ExportRefused(
            _("unknown kind {kind}; choose one of {kinds}").format(
                kind=request.kind, kinds=", ".join(KINDS)
            )
        )
    allowed = FORMATS_FOR[request.kind]
    if request.format not in allowed:
        hint = ""
        if request.format == ICS:
            hint = " " + _("(a calendar of activities is the kind 'calendar')")
        raise ExportRefused(
            _("{kind} cannot be exported as {format}; use {formats}").format(
                kind=request.kind, format=request.format, formats=" or ".join(allowed)
            )
            + hint
        )
    for option in request.given_options():
        if request.kind not in OPTION_KINDS[option]:
            raise ExportRefused(
                _("--{option} does not apply to {kind}").format(option=option, kind=request.kind)
            )
    if request.delimiter is not None and request.format != CSV:
        raise ExportRefused(_("--delimiter applies to CSV files only"))
    if request.since and request.until and request.until < request.since:
        raise ExportRefused(_("the last day is before the first"))


def report_period(since: date | None, until: date | None, today: date) -> tuple[date, date]:
    """The period of a report: what was given, else the calendar year around it."""
    if since is None and until is None:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if since is None:
        assert until is not None
        return date(until.year, 1, 1), until
    if until is None:
        return since, date(since.year, 12, 31)
    return since, until


def build_export(session: Session, request: ExportRequest, *, now: datetime) -> ExportResult:
    """The export's bytes; reads the database, writes nothing."""
    from planner.exports.csv_xlsx import csv_style, to_csv, to_xlsx
    from planner.exports.model import Sheet, Table
    from planner.exports.tables import (
        activities_table,
        flag_report,
        gap_report,
        gaps_table,
        regions_table,
        stakeholders_table,
    )
    from planner.services.activities import ActivityFilter, find_election_for, resolve_region

    check_request(request)
    today = now.date()
    region_code = resolve_region(session, request.region).code if request.region else None
    election = find_election_for(session, request.election, today) if request.election else None
    since = datetime.combine(request.since, time.min) if request.since else None
    until = datetime.combine(request.until, time.max) if request.until else None
    level = request.level or "kecamatan"

    if request.kind == CALENDAR:
        from planner.exports.ics import activities_calendar

        text, activities = activities_calendar(
            session, ActivityFilter(since=since, until=until, region_code=region_code)
        )
        return ExportResult(text.encode("utf-8"), len(activities))

    if request.kind == REPORT:
        from planner.exports.report import gather_report
        from planner.exports.report_html import render_html
        from planner.exports.report_layout import build_report, report_sheets

        first, last = report_period(request.since, request.until, today)
        data = gather_report(
            session, region_code=region_code, since=first, until=last, now=now, election=election
        )
        report = build_report(data, include_contacts=request.include_contacts)
        if request.format == HTML:
            return ExportResult(render_html(report).encode("utf-8"), len(data.items))
        payload = to_xlsx(report_sheets(report), title=f"{report.title} — {report.subtitle}")
        return ExportResult(payload, len(data.items))

    table: Table
    name: str
    if request.kind == ACTIVITIES:
        table = activities_table(
            session, ActivityFilter(since=since, until=until, region_code=region_code)
        )
        name = _("Activities")
    elif request.kind == STAKEHOLDERS:
        table = stakeholders_table(session)
        name = _("Stakeholders")
    elif request.kind == REGIONS:
        flags = flag_report(session, election=election, level=level, scope_code=region_code)
        table = regions_table(session, flags)
        name = _("Regions")
    else:
        coverage = gap_report(
            session, election=election, level=level, scope_code=region_code, now=now
        )
        table = gaps_table(coverage)
        name = _("Coverage gaps")
    if request.format == CSV:
        return ExportResult(to_csv(table, csv_style(request.delimiter)), len(table.rows))
    return ExportResult(to_xlsx([Sheet(name, [table])], title=name), len(table.rows))
