"""`planner flags` and `planner gaps`: where turnout lags, and what no activity covers yet."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from planner.cli.context import CliState, emit, json_option, pass_state, print_table
from planner.formatting import number, percent
from planner.i18n import _
from planner.models.enums import Level
from planner.rules.coverage import CoverageReport
from planner.rules.flags import FlagReport

_LEVELS = [Level.KABUPATEN.value, Level.KECAMATAN.value, Level.DESA.value]


def _report(state: CliState, election: str | None, level: str) -> tuple[FlagReport, bool]:
    from planner.rules.flags import compute_flags
    from planner.services.activities import find_election_for
    from planner.services.settings import is_synthetic

    with state.db.read() as s:
        chosen = find_election_for(s, election, datetime.now().date()) if election else None
        report = compute_flags(s, chosen, level=level)
        return report, is_synthetic(s)


def _header(report: FlagReport, synthetic: bool) -> None:
    if report.election is None:
        click.echo(
            _("No election has turnout figures yet: import some with `planner import turnout`.")
        )
        return
    e = report.election
    line = _("Election: {name}").format(name=e.name)
    if e.target_pct is not None:
        line += "  " + _("target {target}").format(target=percent(e.target_pct))
    if report.scope is not None:
        line += "  " + _("{area}: {rate}").format(
            area=report.scope.name, rate=percent(report.scope_participation)
        )
    click.echo(line)
    if synthetic:
        click.echo(_("Note: figures below the kabupaten are partly synthetic (sample data)."))


def flags_dict(report: FlagReport) -> dict[str, Any]:
    return {
        "election": report.election.name if report.election else None,
        "previous": report.previous.name if report.previous else None,
        "level": report.level,
        "scope": report.scope.code if report.scope else None,
        "scope_participation": report.scope_participation,
        "flagged": [
            {
                "code": r.code,
                "name": r.name,
                "level": r.level,
                "dpt": r.dpt,
                "voters": r.voters,
                "participation": r.participation,
                "invalid_pct": r.invalid_pct,
                "reasons": [
                    {
                        "kind": x.kind,
                        "value": x.value,
                        "reference": x.reference,
                        "detail": x.detail,
                        "text": x.describe(),
                    }
                    for x in r.reasons
                ],
            }
            for r in report.flagged
        ],
    }


@click.command("flags")
@click.option("--election", help=_("Election name or id (default: the latest with figures)."))
@click.option(
    "--level", type=click.Choice(_LEVELS), default=Level.KECAMATAN.value, show_default=True
)
@json_option
@pass_state
def flags(state: CliState, election: str | None, level: str, as_json: bool) -> None:
    """Regions flagged for low turnout, each with its reasons."""
    report, synthetic = _report(state, election, level)

    def human() -> None:
        _header(report, synthetic)
        if report.election is not None or report.flagged:
            click.echo()
            print_table(
                [_("Code"), _("Region"), _("DPT"), _("Participation"), _("Invalid"), _("Reasons")],
                [
                    (
                        r.code,
                        r.name,
                        number(r.dpt),
                        percent(r.participation),
                        percent(r.invalid_pct),
                        r.reasons_text(),
                    )
                    for r in report.flagged
                ],
            )

    # The dictionary only for --json: describing every reason of 2,000 flagged
    # kecamatan twice would double the work of a national report.
    emit(as_json, flags_dict(report) if as_json else None, human)


def gaps_dict(cov: CoverageReport) -> dict[str, Any]:
    return {
        "election": cov.flags.election.name if cov.flags.election else None,
        "since": cov.since,
        "segments": [s.name for s in cov.segments],
        "rows": [
            {
                "code": row.status.code,
                "name": row.status.name,
                "priority": round(row.priority, 4),
                "shortfall_points": round(row.shortfall, 2),
                "dpt": row.status.dpt,
                "reasons": [x.describe() for x in row.status.reasons],
                "last": row.last.title if row.last else None,
                "next": row.next.title if row.next else None,
                "cells": {
                    seg.name: {
                        "planned": row.cells[seg.id].planned,
                        "done": row.cells[seg.id].done,
                        "target": row.cells[seg.id].target,
                        "actual": row.cells[seg.id].actual,
                        "activities": row.cells[seg.id].activity_ids,
                    }
                    for seg in cov.segments
                    if seg.id is not None
                },
            }
            for row in cov.rows
        ],
        "gaps": [
            {"code": r.status.code, "name": r.status.name, "segment": s.name} for r, s in cov.gaps()
        ],
    }


def _print_gaps(cov: CoverageReport, synthetic: bool) -> None:
    from planner.dates import format_short_date

    _header(cov.flags, synthetic)
    if cov.since is not None:
        click.echo(
            _("Activities counted since {date}.").format(date=format_short_date(cov.since.date()))
        )
    click.echo()
    headers = [_("Priority"), _("Region")] + [str(i + 1) for i in range(len(cov.segments))]
    rows = []
    for row in cov.rows:
        cells = []
        for seg in cov.segments:
            assert seg.id is not None
            cell = row.cells[seg.id]
            if cell.done:
                cells.append(f"✓{cell.done}")
            elif cell.planned:
                cells.append(f"○{cell.planned}")
            else:
                cells.append("·")
        rows.append([f"{row.priority:.2f}", row.status.name, *cells])
    print_table(headers, rows)
    click.echo()
    click.echo(_("✓ done  ○ planned  · gap (no activity)"))
    for i, seg in enumerate(cov.segments):
        click.echo(f"  {i + 1:>2}  {seg.name}")
    gaps = cov.gaps()
    click.echo()
    click.echo(_("{n} uncovered cells (region x segment).").format(n=len(gaps)))


@click.command("gaps")
@click.option("--election", help=_("Election whose results set the flags."))
@click.option(
    "--level", type=click.Choice(_LEVELS), default=Level.KECAMATAN.value, show_default=True
)
@json_option
@pass_state
def gaps(state: CliState, election: str | None, level: str, as_json: bool) -> None:
    """The gap matrix: flagged regions x target segments, by priority."""
    from planner.rules.coverage import coverage
    from planner.services.settings import is_synthetic

    report, _synthetic = _report(state, election, level)
    with state.db.read() as s:
        cov = coverage(s, report, now=datetime.now())
        synthetic = is_synthetic(s)
    emit(as_json, gaps_dict(cov) if as_json else None, lambda: _print_gaps(cov, synthetic))


COMMANDS: list[click.Command] = [flags, gaps]
