"""`planner import ...`: regions and turnout from KPU's files, each import one transaction."""

from __future__ import annotations

from pathlib import Path

import click

from planner.cli.context import CliState, pass_state
from planner.formatting import number
from planner.i18n import _

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group("import")
def import_() -> None:
    """Import data files (CSV with Indonesian or English headers)."""


@import_.command("regions")
@click.argument("path", type=_FILE)
@pass_state
def regions(state: CliState, path: Path) -> None:
    """Regions in the Kemendagri `kode,nama` format."""
    from planner.importers.fields import read_region_rows
    from planner.importers.tabular import read_table
    from planner.services.regions import import_regions

    records = read_region_rows(read_table(path))
    with state.db.write() as s:
        summary = import_regions(s, records, source=path.name)
    click.echo(
        _("{path}: {added} regions added, {updated} updated, {unchanged} unchanged.").format(
            path=path,
            added=number(summary.added),
            updated=number(summary.updated),
            unchanged=number(summary.unchanged),
        )
    )


def _parse_map(items: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items:
        header, sep, field = item.partition("=")
        if not sep or not header.strip() or not field.strip():
            raise click.BadParameter(
                _("use HEADER=FIELD, e.g. 'Jml Pemilih=dpt'"), param_hint="--map"
            )
        mapping[header.strip()] = field.strip()
    return mapping


@import_.command("turnout")
@click.argument("path", type=_FILE)
@click.option("--election", required=True, help=_("Election name or id the figures belong to."))
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="HEADER=FIELD",
    help=_("Name the field of a column the planner does not recognise."),
)
@pass_state
def turnout(state: CliState, path: Path, election: str, mappings: tuple[str, ...]) -> None:
    """Turnout per region or per TPS for one election."""
    from planner.importers.fields import read_turnout_rows
    from planner.importers.tabular import read_table
    from planner.importers.turnout import import_turnout
    from planner.models import Election
    from planner.services.activities import _lookup

    records = read_turnout_rows(read_table(path), explicit_map=_parse_map(mappings) or None)
    with state.db.write() as s:
        chosen: Election = _lookup(s, Election, election, "election", _("election"))
        summary = import_turnout(s, chosen, records, path=str(path), source=path.name)
    click.echo(
        _("{path}: {rows} rows for {election} ({added} new, {replaced} replaced).").format(
            path=path,
            rows=number(summary.rows),
            election=chosen.name,
            added=number(summary.added),
            replaced=number(summary.replaced),
        )
    )


COMMANDS: list[click.Command] = [import_]
