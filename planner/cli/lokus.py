"""`planner lokus ...`: marking regions as focus areas (lokus) by KPU's criteria."""

from __future__ import annotations

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
)
from planner.i18n import _
from planner.models import Lokus, Region
from planner.services import lokus as svc
from planner.services.regions import region_label

_CRITERIA = click.Choice(list(svc.CRITERIA), case_sensitive=False)


def _data(lokus: Lokus, region: Region) -> dict[str, Any]:
    return {
        "id": lokus.id,
        "region_code": region.code,
        "region": region_label(region),
        "criterion": lokus.criterion,
        "note": lokus.note,
        "version": lokus.version,
    }


@click.group("lokus")
def lokus() -> None:
    """Focus areas (lokus): regions marked by hand, with KPU's criterion."""


@lokus.command("add")
@click.argument("code")
@click.option(
    "--criterion", required=True, type=_CRITERIA, help=_("KPU's criterion for the focus area.")
)
@click.option("--note", default="", help=_("Why this region is a focus area."))
@json_option
@pass_state
def add(state: CliState, code: str, criterion: str, note: str, as_json: bool) -> None:
    """Mark the region CODE as a lokus."""
    from planner.rules.labels import lokus_criterion_label

    with state.db.write() as s:
        row = svc.add_lokus(s, code, criterion, note)
        region = s.get(Region, row.region_code)
        assert region is not None
        data = _data(row, region)
    emit(
        as_json,
        data,
        lambda: print_record(
            [
                (_("ID"), data["id"]),
                (_("Region"), f"{data['region']} ({data['region_code']})"),
                (_("Criterion"), lokus_criterion_label(data["criterion"])),
                (_("Note"), data["note"]),
            ]
        ),
    )


@lokus.command("list")
@json_option
@pass_state
def list_(state: CliState, as_json: bool) -> None:
    """List every lokus, by region code."""
    from planner.rules.labels import lokus_criterion_label

    with state.db.read() as s:
        rows = [_data(x, r) for x, r in svc.list_lokus(s)]
    emit(
        as_json,
        rows,
        lambda: print_table(
            [_("ID"), _("Code"), _("Region"), _("Criterion"), _("Note")],
            [
                (
                    r["id"],
                    r["region_code"],
                    r["region"],
                    lokus_criterion_label(r["criterion"]),
                    r["note"] if len(r["note"]) <= 60 else r["note"][:59] + "…",
                )
                for r in rows
            ],
        ),
    )


@lokus.command("rm")
@click.argument("lokus_id", metavar="ID", type=int)
@version_option
@pass_state
def rm(state: CliState, lokus_id: int, expected_version: int | None) -> None:
    """Clear the lokus flag ID."""
    with state.db.write() as s:
        svc.remove_lokus(s, lokus_id, expected_version=expected_version)
    click.echo(_("Lokus {id} cleared.").format(id=lokus_id))


COMMANDS: list[click.Command] = [lokus]
