"""`planner export`: every list, the calendar and the report, written to a file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from planner import errors
from planner.cli.context import CliState, pass_state
from planner.exports.run import FORMATS, KINDS
from planner.i18n import _

_LEVELS = ["kabupaten", "kecamatan", "desa"]


def _day(text: str | None, option: str, today: date) -> date | None:
    from planner.dates import parse_date

    if text is None:
        return None
    try:
        return parse_date(text, today=today, field=option.lstrip("-"))
    except errors.InvalidInput as exc:
        raise click.BadParameter(exc.message, param_hint=option) from None


def _format(fmt: str | None, out: Path) -> str:
    from planner.exports.run import format_for_suffix

    by_suffix = format_for_suffix(out.suffix)
    if fmt is None:
        if by_suffix is None:
            raise click.UsageError(
                _("cannot tell the format from {name}; give --format").format(name=out.name)
            )
        return by_suffix
    if by_suffix is not None and by_suffix != fmt:
        raise click.UsageError(
            _("--out ends in {suffix} but --format is {format}").format(
                suffix=out.suffix, format=fmt
            )
        )
    return fmt


@click.command("export")
@click.argument("kind", type=click.Choice(KINDS), metavar="KIND")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help=_("File format (default: from the --out file's extension)."),
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=_("The file to write; replaced whole, or left as it was if the export fails."),
)
@click.option(
    "--from", "since", metavar="DATE", help=_("First day (activities, calendar, report).")
)
@click.option("--to", "until", metavar="DATE", help=_("Last day (activities, calendar, report)."))
@click.option(
    "--region",
    metavar="CODE|NAME",
    help=_("Region code or name: the area listed, or the report's region."),
)
@click.option(
    "--election",
    metavar="NAME",
    help=_("Election whose results set the flags (regions, gaps, report)."),
)
@click.option(
    "--level",
    type=click.Choice(_LEVELS),
    help=_("Level of the regions listed (regions, gaps; default: kecamatan)."),
)
@click.option(
    "--contacts",
    is_flag=True,
    help=_("Put the stakeholders' contact persons, phone numbers and e-mails in the report."),
)
@click.option(
    "--delimiter",
    type=click.Choice(["comma", "semicolon", "tab"]),
    help=_("CSV delimiter (default: semicolon in Indonesian, comma in English)."),
)
@pass_state
def export(
    state: CliState,
    kind: str,
    fmt: str | None,
    out: Path,
    since: str | None,
    until: str | None,
    region: str | None,
    election: str | None,
    level: str | None,
    contacts: bool,
    delimiter: str | None,
) -> None:
    """Write a list, the calendar or the socialization report to a file.

    KIND is activities, stakeholders, regions or gaps (as csv or xlsx),
    calendar (ics) or report (html or xlsx). A report covers this calendar
    year unless --from and --to say otherwise.
    """
    from planner.exports.files import write_atomic
    from planner.exports.run import (
        CALENDAR,
        REPORT,
        ExportRefused,
        ExportRequest,
        build_export,
        check_request,
    )

    now = datetime.now()
    request = ExportRequest(
        kind=kind,
        format=_format(fmt, out),
        since=_day(since, "--from", now.date()),
        until=_day(until, "--to", now.date()),
        region=region,
        election=election,
        level=level,
        include_contacts=contacts,
        delimiter=delimiter,
    )
    try:
        check_request(request)
    except ExportRefused as exc:
        raise click.UsageError(str(exc)) from None
    with state.db.read() as session:
        result = build_export(session, request, now=now)
    write_atomic(out, result.data)
    if kind == REPORT:
        message = _("Report written to {path} ({n} activities).")
    elif kind == CALENDAR:
        message = _("{n} activities written to {path}.")
    else:
        message = _("{n} rows written to {path}.")
    click.echo(message.format(path=out, n=result.count))


COMMANDS: list[click.Command] = [export]
