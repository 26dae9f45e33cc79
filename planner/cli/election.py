"""`planner election ...`: the elections activities count towards and turnout belongs to."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from sqlmodel import Session

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
from planner.formatting import number, percent
from planner.i18n import _, ngettext
from planner.models import Election, Region
from planner.models.enums import Denominator, ElectionKind
from planner.services import elections as svc

_KINDS = click.Choice([k.value for k in ElectionKind], case_sensitive=False)
_DENOMINATORS = click.Choice([d.value for d in Denominator], case_sensitive=False)


class _Percent(click.ParamType[float | str, Any]):
    """A percentage as either language writes it ("77,5" or "77.5", "%" allowed); "" clears."""

    name = "percent"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float | str:
        if isinstance(value, float):
            return value
        text = str(value).strip().removesuffix("%").strip().replace(",", ".")
        if not text:
            return ""
        try:
            return float(text)
        except ValueError:
            self.fail(_("{value} is not a percentage").format(value=value), param, ctx)


_PERCENT = _Percent()


def _day(text: str) -> date:
    from planner.dates import parse_date

    return parse_date(text, today=date.today(), field="voting_day")


def denominator_label(value: str) -> str:
    return "DPT" if value == Denominator.DPT else "DPT + DPTb + DPK"


def _voting_day_text(e: Election) -> str:
    from planner.dates import format_date

    if e.voting_day is None:
        return ""
    text = format_date(e.voting_day)
    return f"{text} ({_('estimated')})" if e.voting_day_estimated else text


def _regions_text(n: int) -> str:
    return ngettext("{n} region", "{n} regions", n).format(n=number(n))


def _detail(s: Session, e: Election) -> dict[str, Any]:
    assert e.id is not None
    region = s.get(Region, e.region_code) if e.region_code else None
    return {
        **e.model_dump(),
        "region_name": region.name if region else None,
        "turnout_regions": svc.turnout_region_count(s, e.id),
    }


def _print_detail(data: dict[str, Any], e: Election) -> None:
    from planner.rules.labels import kind_label

    region = f"{data['region_name']} ({e.region_code})" if e.region_code else _("national")
    print_record(
        [
            (_("ID"), e.id),
            (_("Name"), e.name),
            (_("Kind"), kind_label(e.kind)),
            (_("Voting day"), _voting_day_text(e)),
            (_("Target"), percent(e.target_pct) if e.target_pct is not None else ""),
            (_("Denominator"), denominator_label(e.denominator)),
            (_("Region"), region),
            (_("Turnout figures"), _regions_text(data["turnout_regions"])),
            (_("Notes"), e.notes),
            (_("Version"), e.version),
        ]
    )


def _emit(as_json: bool, data: dict[str, Any], e: Election) -> None:
    emit(as_json, data, lambda: _print_detail(data, e))


@click.group("election")
def election() -> None:
    """Elections (pemilu, pilkada, ...) with their voting day and participation target."""


@election.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=_KINDS, help=_("Kind of election."))
@click.option("--voting-day", help=_('Voting day: "14/2/2024", "27 November 2024".'))
@click.option("--estimated", is_flag=True, help=_("The voting day is not announced yet."))
@click.option("--target", type=_PERCENT, help=_("Participation target in percent (77,5)."))
@click.option(
    "--denominator",
    type=_DENOMINATORS,
    default=Denominator.DPT.value,
    show_default=True,
    help=_("Registered voters counted: DPT alone, or DPT + DPTb + DPK."),
)
@click.option("--region", help=_("Region it is held in (a pilkada's kabupaten); none = national."))
@click.option("--notes", default="")
@json_option
@pass_state
def add(
    state: CliState,
    name: str,
    kind: str,
    voting_day: str | None,
    estimated: bool,
    target: float | str | None,
    denominator: str,
    region: str | None,
    notes: str,
    as_json: bool,
) -> None:
    """Add an election."""
    day = _day(voting_day) if voting_day else None
    with state.db.write() as s:
        e = svc.add_election(
            s,
            name=name,
            kind=kind,
            voting_day=day,
            voting_day_estimated=estimated,
            target_pct=target if isinstance(target, float) else None,
            denominator=denominator,
            region_code=region or None,
            notes=notes,
        )
        data = _detail(s, e)
    _emit(as_json, data, e)


@election.command("list")
@json_option
@pass_state
def list_(state: CliState, as_json: bool) -> None:
    """List elections by voting day."""
    from planner.rules.labels import kind_label

    with state.db.read() as s:
        rows = svc.list_elections(s)
    emit(
        as_json,
        [e.model_dump() for e in rows],
        lambda: print_table(
            [
                _("ID"),
                _("Name"),
                _("Kind"),
                _("Voting day"),
                _("Target"),
                _("Denominator"),
                _("Region"),
            ],
            [
                (
                    e.id,
                    e.name,
                    kind_label(e.kind),
                    _voting_day_text(e),
                    percent(e.target_pct) if e.target_pct is not None else "",
                    denominator_label(e.denominator),
                    e.region_code or "",
                )
                for e in rows
            ],
        ),
    )


@election.command("show")
@click.argument("name_or_id")
@json_option
@pass_state
def show(state: CliState, name_or_id: str, as_json: bool) -> None:
    """Show one election."""
    with state.db.read() as s:
        e = svc.find_election(s, name_or_id)
        data = _detail(s, e)
    _emit(as_json, data, e)


@election.command("edit")
@click.argument("name_or_id")
@click.option("--name", help=_("New name."))
@click.option("--kind", type=_KINDS)
@click.option("--voting-day", help=_("Voting day; an empty value clears it."))
@click.option(
    "--estimated/--announced",
    "estimated",
    default=None,
    help=_("Whether the voting day is still an estimate."),
)
@click.option("--target", type=_PERCENT, help=_("Target in percent; an empty value clears it."))
@click.option("--denominator", type=_DENOMINATORS)
@click.option("--region", help=_("Region code; an empty value makes it national."))
@click.option("--notes")
@version_option
@json_option
@pass_state
def edit(
    state: CliState,
    name_or_id: str,
    name: str | None,
    kind: str | None,
    voting_day: str | None,
    estimated: bool | None,
    target: float | str | None,
    denominator: str | None,
    region: str | None,
    notes: str | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Change an election; options not given stay as they are."""
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = name
    if kind is not None:
        changes["kind"] = kind
    if voting_day is not None:
        changes["voting_day"] = _day(voting_day) if voting_day.strip() else None
    if estimated is not None:
        changes["voting_day_estimated"] = estimated
    if target is not None:
        changes["target_pct"] = target if isinstance(target, float) else None
    if denominator is not None:
        changes["denominator"] = denominator
    if region is not None:
        changes["region_code"] = region.strip() or None
    if notes is not None:
        changes["notes"] = notes
    if not changes:
        raise click.UsageError(_("Nothing to change: give at least one field option."))
    with state.db.write() as s:
        found = svc.find_election(s, name_or_id)
        assert found.id is not None
        e = svc.update_election(s, found.id, changes, expected_version=expected_version)
        data = _detail(s, e)
    _emit(as_json, data, e)


@election.command("rm")
@click.argument("name_or_id")
@version_option
@yes_option
@pass_state
def rm(state: CliState, name_or_id: str, expected_version: int | None, yes: bool) -> None:
    """Delete an election with its turnout figures; its activities stay."""
    with state.db.read() as s:
        e = svc.find_election(s, name_or_id)
        assert e.id is not None
        election_id, seen_version = e.id, e.version
        regions = svc.turnout_region_count(s, e.id)
    if not yes:
        click.confirm(
            _("Delete election {name} and its turnout figures ({regions})?").format(
                name=e.name, regions=_regions_text(regions)
            ),
            abort=True,
        )
        # The user agreed to delete what was just shown, not whatever a
        # colleague may have made of it while the question was open.
        if expected_version is None:
            expected_version = seen_version
    with state.db.write() as s:
        svc.delete_election(s, election_id, expected_version=expected_version)
    click.echo(_("Election {name} deleted.").format(name=e.name))


COMMANDS: list[click.Command] = [election]
