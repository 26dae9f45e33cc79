"""`planner agenda`: what happens when, recurring activities included."""

from __future__ import annotations

from datetime import date, timedelta

import click

from planner.cli.context import CliState, emit, json_option, pass_state, print_table
from planner.i18n import _


@click.command("agenda")
@click.option("--from", "since", help=_("First day (default: today)."))
@click.option("--to", "until", help=_("Last day (default: 30 days on)."))
@json_option
@pass_state
def agenda(state: CliState, since: str | None, until: str | None, as_json: bool) -> None:
    """Activities day by day, with their H-n to voting day."""
    from planner.dates import format_datetime, parse_date
    from planner.rules.labels import status_label
    from planner.services.activities import day_bounds
    from planner.services.agenda import agenda as build

    today = date.today()
    first = parse_date(since, today=today, field="from") if since else today
    last = parse_date(until, today=today, field="to") if until else first + timedelta(days=30)
    if last < first:
        raise click.BadParameter(_("the last day is before the first"), param_hint="--to")
    with state.db.read() as s:
        items = build(s, day_bounds(first)[0], day_bounds(last)[1])
    emit(
        as_json,
        [
            {
                "id": o.activity.id,
                "title": o.activity.title,
                "start": o.start,
                "end": o.end,
                "all_day": o.activity.all_day,
                "h": o.h_label,
                "status": o.activity.status,
                "venue": o.activity.venue,
            }
            for o in items
        ],
        lambda: print_table(
            [_("When"), _("H"), _("Status"), _("ID"), _("Title"), _("Venue")],
            [
                (
                    format_datetime(o.start, all_day=o.activity.all_day),
                    o.h_label or "",
                    status_label(o.activity.status),
                    o.activity.id,
                    o.activity.title,
                    o.activity.venue,
                )
                for o in items
            ],
        ),
    )


COMMANDS: list[click.Command] = [agenda]
