"""`planner activity ...`: plan, list, edit and close socialization activities."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from planner.cli.context import (
    CliState,
    emit,
    json_option,
    pass_state,
    print_record,
    print_table,
    version_option,
    yes_option,
)
from planner.formatting import number
from planner.i18n import _
from planner.models.enums import ActivityStatus
from planner.services import activities as svc


def _draft_options(f: Any) -> Any:
    options = [
        click.option("--title", help=_("What the activity is.")),
        click.option(
            "--when",
            help=_(
                'Start: "Sabtu, 27 Juli 2024 09.00", "27/7/2024", "besok", '
                '"H-30" (before the election\'s voting day).'
            ),
        ),
        click.option("--end", help=_('End: a time ("11.00") or a date and time.')),
        click.option(
            "--repeat",
            "recurrence",
            help=_(
                'Recurrence: "setiap minggu, 5 kali", or an RRULE such as "FREQ=WEEKLY;COUNT=5".'
            ),
        ),
        click.option("--election", help=_("Election it works towards (default: the next one).")),
        click.option("--method", help=_("Socialization method (name or id).")),
        click.option("--strategy", help=_("Strategy (name or id).")),
        click.option("--venue", help=_("Where it takes place.")),
        click.option("--status", type=click.Choice([s.value for s in ActivityStatus])),
        click.option("--budget", help=_("Budget in rupiah (5.000.000).")),
        click.option("--target", help=_("Planned participants.")),
        click.option("--actual", help=_("Actual participants.")),
        click.option("--description"),
        click.option("--outcome", help=_("Outcome notes.")),
        click.option(
            "--region", "regions", multiple=True, help=_("Region code or name; repeat for several.")
        ),
        click.option(
            "--segment", "segments", multiple=True, help=_("Target segment; repeat for several.")
        ),
        click.option(
            "--stakeholder",
            "stakeholders",
            multiple=True,
            metavar="NAME[:ROLE]",
            help=_(
                "Stakeholder and role (penyelenggara, mitra, narasumber, undangan, "
                "peserta); repeat for several."
            ),
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _draft(kwargs: dict[str, Any], *, edit: bool) -> svc.ActivityDraft:
    def many(name: str) -> list[str] | None:
        values = list(kwargs.pop(name) or ())
        return values if values or not edit else None

    regions = many("regions")
    segments = many("segments")
    raw_stakeholders = many("stakeholders")
    stakeholders = None
    if raw_stakeholders is not None:
        stakeholders = []
        for item in raw_stakeholders:
            name, _sep, role = item.rpartition(":") if ":" in item else (item, "", "mitra")
            stakeholders.append((name, role or "mitra"))
    return svc.ActivityDraft(
        regions=regions, segments=segments, stakeholders=stakeholders, **kwargs
    )


def detail_dict(detail: svc.ActivityDetail) -> dict[str, Any]:
    a = detail.activity
    return {
        **a.model_dump(),
        "election": detail.election.name if detail.election else None,
        "method": detail.method.name if detail.method else None,
        "strategy": detail.strategy.name if detail.strategy else None,
        "regions": [{"code": r.code, "name": r.name} for r in detail.regions],
        "segments": [s.name for s in detail.segments],
        "stakeholders": [{"name": s.name, "role": role} for s, role in detail.stakeholders],
    }


def _print_detail(detail: svc.ActivityDetail) -> None:
    from planner.dates import describe_rrule, format_datetime, h_label
    from planner.rules.labels import role_label, status_label

    a = detail.activity
    when = format_datetime(a.start, all_day=a.all_day)
    if detail.election and detail.election.voting_day:
        when += f" ({h_label(a.start.date(), detail.election.voting_day)} {detail.election.name})"
    pairs: list[tuple[str, Any]] = [
        (_("ID"), a.id),
        (_("Title"), a.title),
        (_("When"), when),
        (_("Ends"), format_datetime(a.end) if a.end else ""),
        (_("Repeats"), describe_rrule(a.rrule) if a.rrule else ""),
        (_("Status"), status_label(a.status)),
        (_("Venue"), a.venue),
        (_("Method"), detail.method.name if detail.method else ""),
        (_("Strategy"), detail.strategy.name if detail.strategy else ""),
        (_("Regions"), ", ".join(f"{r.name} ({r.code})" for r in detail.regions)),
        (_("Segments"), ", ".join(s.name for s in detail.segments)),
        (
            _("Stakeholders"),
            "; ".join(f"{s.name} ({role_label(role)})" for s, role in detail.stakeholders),
        ),
        (_("Budget"), f"Rp {number(a.budget)}" if a.budget is not None else ""),
        (_("Participants"), f"{number(a.actual_participants)} / {number(a.target_participants)}"),
        (_("Description"), a.description),
        (_("Outcome"), a.outcome),
        (_("Version"), a.version),
    ]
    print_record(pairs)


@click.group("activity")
def activity() -> None:
    """Socialization activities (kegiatan)."""


@activity.command("add")
@_draft_options
@json_option
@pass_state
def add(state: CliState, /, as_json: bool, **kwargs: Any) -> None:
    """Plan a new activity."""
    draft = _draft(kwargs, edit=False)
    if not draft.title:
        raise click.UsageError(_("--title is required"))
    if not draft.when:
        raise click.UsageError(_("--when is required"))
    with state.db.write() as s:
        created = svc.add_activity(s, draft, today=date.today())
        assert created.id is not None
        detail = svc.activity_detail(s, created.id)
    emit(as_json, detail_dict(detail), lambda: _print_detail(detail))


@activity.command("list")
@click.option(
    "--status", "statuses", multiple=True, type=click.Choice([s.value for s in ActivityStatus])
)
@click.option("--from", "since", help=_("From this date."))
@click.option("--to", "until", help=_("Until this date."))
@click.option("--region", help=_("Held in this region or within it."))
@click.option("--segment", help=_("For this segment."))
@click.option("--stakeholder", help=_("With this stakeholder."))
@click.option("--search", default="", help=_("Text in the title, venue or description."))
@click.option("--limit", type=click.IntRange(min=1), default=None)
@json_option
@pass_state
def list_(
    state: CliState,
    statuses: tuple[str, ...],
    since: str | None,
    until: str | None,
    region: str | None,
    segment: str | None,
    stakeholder: str | None,
    search: str,
    limit: int | None,
    as_json: bool,
) -> None:
    """List activities, oldest first."""
    from planner.dates import format_datetime
    from planner.rules.labels import status_label

    with state.db.read() as s:
        flt = _filter(s, statuses, since, until, region, segment, stakeholder, search)
        rows = svc.list_activities(s, flt, limit=limit)
    emit(
        as_json,
        [r.model_dump() for r in rows],
        lambda: print_table(
            [_("ID"), _("When"), _("Status"), _("Title"), _("Venue")],
            [
                (
                    r.id,
                    format_datetime(r.start, all_day=r.all_day, weekday=False),
                    status_label(r.status),
                    r.title,
                    r.venue,
                )
                for r in rows
            ],
        ),
    )


def _filter(
    s: Any,
    statuses: tuple[str, ...],
    since: str | None,
    until: str | None,
    region: str | None,
    segment: str | None,
    stakeholder: str | None,
    search: str,
) -> svc.ActivityFilter:
    from planner.dates import parse_date
    from planner.models import Segment, Stakeholder

    today = date.today()
    start = svc.day_bounds(parse_date(since, today=today, field="from"))[0] if since else None
    end = svc.day_bounds(parse_date(until, today=today, field="to"))[1] if until else None
    return svc.ActivityFilter(
        status=statuses,
        since=start,
        until=end,
        region_code=svc.resolve_region(s, region).code if region else None,
        segment_id=svc._lookup(s, Segment, segment, "segment", _("segment")).id
        if segment
        else None,
        stakeholder_id=(
            svc._lookup(s, Stakeholder, stakeholder, "stakeholder", _("stakeholder")).id
            if stakeholder
            else None
        ),
        text=search,
    )


@activity.command("show")
@click.argument("activity_id", type=int)
@json_option
@pass_state
def show(state: CliState, activity_id: int, as_json: bool) -> None:
    """Show one activity with everything it links to."""
    with state.db.read() as s:
        detail = svc.activity_detail(s, activity_id)
    emit(as_json, detail_dict(detail), lambda: _print_detail(detail))


@activity.command("edit")
@click.argument("activity_id", type=int)
@_draft_options
@version_option
@json_option
@pass_state
def edit(
    state: CliState, /, activity_id: int, expected_version: int | None, as_json: bool, **kwargs: Any
) -> None:
    """Change an activity; options not given stay as they are."""
    draft = _draft(kwargs, edit=True)
    with state.db.write() as s:
        svc.update_activity(
            s, activity_id, draft, today=date.today(), expected_version=expected_version
        )
        detail = svc.activity_detail(s, activity_id)
    emit(as_json, detail_dict(detail), lambda: _print_detail(detail))


@activity.command("done")
@click.argument("activity_id", type=int)
@click.option("--actual", type=click.IntRange(min=0), help=_("How many took part."))
@click.option("--outcome", help=_("What came of it."))
@version_option
@pass_state
def done(
    state: CliState,
    activity_id: int,
    actual: int | None,
    outcome: str | None,
    expected_version: int | None,
) -> None:
    """Mark an activity done with its actual reach."""
    with state.db.write() as s:
        a = svc.complete_activity(
            s, activity_id, actual=actual, outcome=outcome, expected_version=expected_version
        )
    click.echo(_("Activity {id} marked done.").format(id=a.id))


@activity.command("duplicate")
@click.argument("activity_id", type=int)
@click.option("--when", help=_("Start of the copy (default: same as the original)."))
@pass_state
def duplicate(state: CliState, activity_id: int, when: str | None) -> None:
    """Copy an activity to plan it again."""
    from planner.dates import parse_when
    from planner.models import Activity, Election

    with state.db.write() as s:
        start = None
        if when:
            source = s.get(Activity, activity_id)
            election = (
                s.get(Election, source.election_id) if source and source.election_id else None
            )
            start = parse_when(
                when, today=date.today(), voting_day=election.voting_day if election else None
            ).start
        copy = svc.duplicate_activity(s, activity_id, start=start)
    click.echo(_("Copied as activity {id}.").format(id=copy.id))


@activity.command("rm")
@click.argument("activity_id", type=int)
@version_option
@yes_option
@pass_state
def rm(state: CliState, activity_id: int, expected_version: int | None, yes: bool) -> None:
    """Delete an activity."""
    from planner.models import Activity
    from planner.services.records import delete_record

    if not yes:
        click.confirm(_("Delete activity {id}?").format(id=activity_id), abort=True)
    with state.db.write() as s:
        delete_record(
            s,
            Activity,
            activity_id,
            expected_version=expected_version,
            label=_("Activity {id}").format(id=activity_id),
        )
    click.echo(_("Activity {id} deleted.").format(id=activity_id))


COMMANDS: list[click.Command] = [activity]
