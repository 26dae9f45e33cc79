"""`planner import ...`: regions, turnout and stakeholders from staff's files.

Each command reads the whole file first (a broken file is refused there,
naming its row and column), previews it against the database, and then
writes everything in one transaction or nothing; `--dry-run` stops after
the preview.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planner import errors
from planner.cli.context import CliState, pass_state, print_record
from planner.formatting import number
from planner.i18n import _

if TYPE_CHECKING:
    from planner.importers.preview import ImportPreview, Progress

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_FILE_OR_FOLDER = click.Path(exists=True, dir_okay=True, path_type=Path)

# Smaller files are written before a bar would have drawn its first step.
BAR_THRESHOLD = 5000

_dry_run = click.option(
    "--dry-run", is_flag=True, help=_("Show what the import would change, and write nothing.")
)
_sheet = click.option(
    "--sheet",
    metavar="NAME",
    help=_("The sheet of an .xlsx workbook to read (default: the first)."),
)


@click.group("import")
def import_() -> None:
    """Import data files: CSV or Excel with Indonesian or English headers, or SIREKAP files."""


@contextmanager
def _bar(rows: int, label: str) -> Iterator[Progress | None]:
    if rows <= BAR_THRESHOLD:
        yield None
        return
    # On stderr, so that the summary on stdout stays clean for scripts.
    with click.progressbar(length=rows, label=label, file=sys.stderr) as bar:

        def update(done: int, _total: int) -> None:
            if done > bar.pos:
                bar.update(done - bar.pos)

        yield update


def _warnings(lines: list[str]) -> None:
    if lines:
        click.echo(_("Warnings:"))
        for line in lines:
            click.echo(f"  {line}")


def _preview(preview: ImportPreview, updated_label: str) -> None:
    pairs = [
        (_("Rows in the file"), number(preview.rows)),
        (_("New"), number(preview.to_add)),
        (updated_label, number(preview.to_update)),
        (_("Unchanged"), number(preview.unchanged)),
    ]
    if preview.skipped:
        pairs.append((_("Not imported"), number(preview.skipped)))
    click.echo(_("Preview of {path}:").format(path=preview.path))
    print_record(pairs)
    _warnings(preview.warnings)
    if preview.problems:
        click.echo(_("Problems (the file cannot be imported until they are fixed):"))
        for line in preview.problems:
            click.echo(f"  {line}")


def _stop_on_problems(preview: ImportPreview, dry_run: bool) -> None:
    """Ends a dry run after its preview, and any run whose preview found problems."""
    if dry_run:
        _preview(preview, _("Replacing") if preview.kind == "turnout" else _("Changed"))
        click.echo(_("Dry run: nothing was written."))
    elif preview.problems:
        for line in preview.problems:
            click.echo(line, err=True)
    if preview.problems:
        raise errors.PlannerError(_("Nothing was imported: the file has problems (listed above)."))


@import_.command("regions")
@click.argument("path", type=_FILE)
@_sheet
@_dry_run
@pass_state
def regions(state: CliState, path: Path, sheet: str | None, dry_run: bool) -> None:
    """Regions in the Kemendagri `kode,nama` format."""
    from planner.importers.preview import apply_regions, preview_regions, read_regions_file

    records = read_regions_file(path, sheet=sheet)
    with state.db.read() as s:
        preview = preview_regions(s, records, source=path.name)
    _stop_on_problems(preview, dry_run)
    if dry_run:
        return
    with _bar(len(records), _("Importing regions")) as progress, state.db.write() as s:
        summary = apply_regions(s, records, source=path.name, progress=progress)
    click.echo(
        _("{path}: {added} regions added, {updated} updated, {unchanged} unchanged.").format(
            path=path,
            added=number(summary.to_add),
            updated=number(summary.to_update),
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
@click.argument("path", type=_FILE_OR_FOLDER, metavar="FILE|FOLDER|ZIP")
@click.option("--election", required=True, help=_("Election name or id the figures belong to."))
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="HEADER=FIELD",
    help=_("Name the field of a column the planner does not recognise."),
)
@_sheet
@_dry_run
@pass_state
def turnout(
    state: CliState,
    path: Path,
    election: str,
    mappings: tuple[str, ...],
    sheet: str | None,
    dry_run: bool,
) -> None:
    """Turnout per region or per TPS for one election.

    FILE is CSV or Excel; a FOLDER or a ZIP holds SIREKAP's per-TPS JSON files.
    """
    from planner.importers.preview import apply_turnout, preview_turnout, read_turnout_file
    from planner.models import Election
    from planner.services.activities import _lookup

    data = read_turnout_file(path, sheet=sheet, explicit_map=_parse_map(mappings) or None)
    with state.db.read() as s:
        chosen: Election = _lookup(s, Election, election, "election", _("election"))
        preview = preview_turnout(s, chosen, data)
    _stop_on_problems(preview, dry_run)
    if dry_run:
        return
    with _bar(len(data.records), _("Importing turnout")) as progress, state.db.write() as s:
        current = s.get(Election, chosen.id)
        if current is None:
            raise errors.NotFound(
                _("The election {name} was deleted meanwhile.").format(name=chosen.name)
            )
        summary = apply_turnout(s, current, data, source=path.name, progress=progress)
    _warnings(summary.warnings)
    click.echo(
        _("{path}: {rows} rows for {election} ({added} new, {replaced} replaced).").format(
            path=path,
            rows=number(summary.rows),
            election=chosen.name,
            added=number(summary.to_add),
            replaced=number(summary.to_update),
        )
    )
    if summary.unchanged:
        click.echo(
            _("{count} of them already held the same figures and were left as they were.").format(
                count=number(summary.unchanged)
            )
        )


@import_.command("stakeholders")
@click.argument("path", type=_FILE)
@_sheet
@_dry_run
@pass_state
def stakeholders(state: CliState, path: Path, sheet: str | None, dry_run: bool) -> None:
    """Stakeholders, merged with those already stored by name and category."""
    from planner.importers.stakeholders import (
        apply_stakeholders,
        preview_stakeholders,
        read_stakeholder_file,
        summary_line,
    )

    rows = read_stakeholder_file(path, sheet=sheet)
    with state.db.read() as s:
        preview = preview_stakeholders(s, rows)
    _stop_on_problems(preview, dry_run)
    if dry_run:
        return
    with _bar(len(rows.records), _("Importing stakeholders")) as progress, state.db.write() as s:
        summary = apply_stakeholders(s, rows, progress=progress)
    _warnings(summary.warnings)
    click.echo(summary_line(summary))


COMMANDS: list[click.Command] = [import_]
