"""`planner region ...`: browsing the region tree and each region's turnout."""

from __future__ import annotations

from typing import Any

import click

from planner.cli.context import CliState, emit, json_option, pass_state, print_record, print_table
from planner.formatting import number, percent
from planner.i18n import _
from planner.models import Election, Region, TurnoutTotal
from planner.models.enums import Level
from planner.rules.participation import invalid_rate, participation
from planner.services import regions as svc

_LEVELS = click.Choice([v.value for v in Level], case_sensitive=False)


def _brief(region: Region) -> dict[str, Any]:
    return {
        "code": region.code,
        "name": region.name,
        "label": svc.region_label(region),
        "level": region.level,
        "parent_code": region.parent_code,
    }


def _figures(election: Election, t: TurnoutTotal) -> dict[str, Any]:
    return {
        "election_id": election.id,
        "election": election.name,
        "voting_day": election.voting_day,
        "denominator": election.denominator,
        **t.model_dump(
            include={
                "dpt",
                "dptb",
                "dpk",
                "voters",
                "valid",
                "invalid",
                "tps_count",
                "entered",
                "synthetic",
            }
        ),
        "participation": participation(t, election.denominator),
        "invalid_rate": invalid_rate(t),
    }


@click.group("region")
def region() -> None:
    """Administrative regions (provinsi, kabupaten, kecamatan, desa/kelurahan)."""


@region.command("list")
@click.option("--parent", metavar="CODE", help=_("Only regions under this one."))
@click.option(
    "--level",
    type=_LEVELS,
    help=_("Only this level; with --parent, at any depth under it."),
)
@click.option("--search", metavar="TEXT", help=_("Name contains TEXT, or code starts with it."))
@click.option(
    "--limit", type=click.IntRange(min=1), help=_("At most this many (search: 50 by default).")
)
@json_option
@pass_state
def list_(
    state: CliState,
    parent: str | None,
    level: str | None,
    search: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """List regions: the provinces, a region's children, or a search."""
    from planner.rules.labels import level_label

    with state.db.read() as s:
        if search is not None:
            rows = svc.search_regions(s, search, level=level, limit=limit or 50, within=parent)
        else:
            rows = svc.children(s, parent, level=level, limit=limit)
    emit(
        as_json,
        [_brief(r) for r in rows],
        lambda: print_table(
            [_("Code"), _("Name"), _("Level")],
            [(r.code, svc.region_label(r), level_label(r.level)) for r in rows],
        ),
    )


@region.command("show")
@click.argument("code")
@json_option
@pass_state
def show(state: CliState, code: str, as_json: bool) -> None:
    """Show a region: where it lies, its children and its turnout per election."""
    from planner.dates import format_date
    from planner.rules.labels import level_label

    with state.db.read() as s:
        r = svc.get_region(s, code)
        chain = svc.ancestors(s, r.code)
        child_count = svc.count_children(s, r.code)
        history = svc.turnout_history(s, r.code)
    data = {
        **_brief(r),
        "ancestors": [_brief(a) for a in chain],
        "children": child_count,
        "turnout": [_figures(e, t) for e, t in history],
    }

    def human() -> None:
        print_record(
            [
                (_("Code"), r.code),
                (_("Name"), svc.region_label(r)),
                (_("Level"), level_label(r.level)),
                (_("Within"), " / ".join(svc.region_label(a) for a in chain)),
                (_("Children"), number(child_count)),
            ]
        )
        if not history:
            return
        click.echo()
        print_table(
            [
                _("Election"),
                _("Voting day"),
                _("DPT"),
                _("Voters"),
                _("Participation"),
                _("Invalid"),
                _("Invalid rate"),
                "",
            ],
            [
                (
                    e.name,
                    format_date(e.voting_day) if e.voting_day else "",
                    number(t.dpt),
                    number(t.voters),
                    percent(participation(t, e.denominator)),
                    number(t.invalid),
                    percent(invalid_rate(t)),
                    # The built-in sample spreads real totals over kecamatan.
                    _("partly synthetic") if t.synthetic else "",
                )
                for e, t in history
            ],
        )

    emit(as_json, data, human)


COMMANDS: list[click.Command] = [region]
