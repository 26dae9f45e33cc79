"""What an import would change, and making that change: the steps every import shares.

An import runs in three steps so that nothing is written the user has not
seen: read the file into records (a broken file is refused there, naming its
row and column), preview them against the database in a read transaction,
then apply them in one write transaction. `apply_*` computes the same plan
again inside the write transaction, so a colleague's change since the preview
is neither overwritten blindly nor miscounted; its result is what was written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NoReturn

from sqlalchemy import text
from sqlmodel import Session

from planner.errors import ImportProblem
from planner.formatting import number
from planner.i18n import _
from planner.importers.fields import (
    REGION_SYNONYMS,
    TURNOUT_SYNONYMS,
    RegionRecord,
    TurnoutRecord,
    read_region_rows,
    read_turnout_rows,
    turnout_records,
)
from planner.importers.sirekap import SirekapData, is_sirekap_source, read_sirekap
from planner.importers.tabular import map_headers, read_cells
from planner.models import Election
from planner.services.turnout import COUNT_FIELDS

# As planner.importers.xlsx has them; that module loads openpyxl, which a CSV never needs.
_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in all) as an import goes, so a screen can show a bar."""

ImportKind = Literal["regions", "turnout", "stakeholders"]

# A preview lists this many problems one by one, then only counts the rest:
# a file of the wrong kabupaten would otherwise print ten thousand lines.
MAX_LISTED_PROBLEMS = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportPreview:
    """Counts of what an import would do (or, from `apply_*`, did), and what stands in its way.

    `to_update` counts the records the file changes: for turnout, the rows
    that replace figures entered before for the same election and place.
    `skipped` counts what the file holds but is not imported (SIREKAP TPS not
    yet entered). Any problem refuses the whole import; warnings do not.
    """

    kind: ImportKind
    path: str
    rows: int
    to_add: int
    to_update: int
    unchanged: int
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0

    @property
    def can_import(self) -> bool:
        return not self.problems


def listed_problems(problems: Sequence[ImportProblem]) -> list[str]:
    """The problems as lines, the first MAX_LISTED_PROBLEMS of them and a count of the rest."""
    lines = [str(p) for p in problems[:MAX_LISTED_PROBLEMS]]
    if len(problems) > MAX_LISTED_PROBLEMS:
        lines.append(
            _("... and {count} more problems").format(
                count=number(len(problems) - MAX_LISTED_PROBLEMS)
            )
        )
    return lines


def refuse(problems: Sequence[ImportProblem]) -> NoReturn:
    """Raise the first problem, saying how many more there are."""
    first = problems[0]
    if len(problems) == 1:
        raise first
    raise ImportProblem(
        first.path,
        _("{message} (and {count} more problems; a preview lists them)").format(
            message=first.message, count=number(len(problems) - 1)
        ),
        row=first.row,
        column=first.column,
    )


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def known_region_codes(session: Session, codes: Iterable[str]) -> set[str]:
    """Which of the codes the database has, in one query whatever their number.

    The codes go in as one JSON array: 83,762 desa codes would otherwise take
    a hundred queries below SQLite's limit on bound values.
    """
    wanted = json.dumps(sorted(set(codes)))
    rows = session.connection().execute(
        text("SELECT code FROM region WHERE code IN (SELECT value FROM json_each(:codes))"),
        {"codes": wanted},
    )
    return {row[0] for row in rows}


# ---------------------------------------------------------------------------
# Regions


def read_regions_file(path: Path, *, sheet: str | None = None) -> list[RegionRecord]:
    """The rows of a Kemendagri `kode,nama` file: CSV, TSV or a workbook's sheet."""
    from planner.importers.xlsx import header_test, read_any

    table = read_any(
        path, sheet=sheet, is_header=header_test(REGION_SYNONYMS, required=("code", "name"))
    )
    return read_region_rows(table)


def _region_plan(
    session: Session, records: Sequence[RegionRecord], source: str
) -> tuple[int, int, int, list[ImportProblem]]:
    # The same rules as services.regions.import_regions, but every problem is
    # collected instead of the first one raised, for the user to see at once.
    conn = session.connection()
    existing: dict[str, tuple[str, str, str | None]] = {
        row[0]: (row[1], row[2], row[3])
        for row in conn.execute(text("SELECT code, name, level, parent_code FROM region"))
    }
    wanted: dict[str, RegionRecord] = {}
    problems: list[ImportProblem] = []
    for record in records:
        seen = wanted.get(record.code)
        if seen is not None and (seen.name, seen.level, seen.parent) != (
            record.name,
            record.level,
            record.parent,
        ):
            problems.append(
                ImportProblem(
                    source,
                    _(
                        "code {code} appears twice with different values (first on row {first})"
                    ).format(code=record.code, first=seen.line),
                    row=record.line,
                )
            )
            continue
        wanted[record.code] = record
    added = updated = unchanged = 0
    for record in wanted.values():
        if (
            record.parent is not None
            and record.parent not in existing
            and record.parent not in wanted
        ):
            problems.append(
                ImportProblem(
                    source,
                    _(
                        "the parent region {parent} of {code} is neither in the database nor in "
                        "the file"
                    ).format(parent=record.parent, code=record.code),
                    row=record.line,
                )
            )
            continue
        before = existing.get(record.code)
        if before is None:
            added += 1
        elif before == (record.name, str(record.level), record.parent):
            unchanged += 1
        else:
            updated += 1
    return added, updated, unchanged, problems


def preview_regions(
    session: Session, records: Sequence[RegionRecord], *, source: str
) -> ImportPreview:
    """How many regions the file adds, renames or re-parents, and leaves as they are."""
    added, updated, unchanged, problems = _region_plan(session, records, source)
    return ImportPreview(
        kind="regions",
        path=source,
        rows=len(records),
        to_add=added,
        to_update=updated,
        unchanged=unchanged,
        problems=listed_problems(problems),
    )


def apply_regions(
    session: Session,
    records: Sequence[RegionRecord],
    *,
    source: str,
    progress: Progress | None = None,
) -> ImportPreview:
    """Write the regions inside the caller's write transaction; refuses on any problem."""
    from planner.services.regions import import_regions

    *_counts, problems = _region_plan(session, records, source)
    if problems:
        refuse(problems)
    total = len(records)
    # import_regions writes in one pass and reports nothing on the way.
    _report(progress, 0, total)
    summary = import_regions(session, records, source=source)
    _report(progress, total, total)
    return ImportPreview(
        kind="regions",
        path=source,
        rows=total,
        to_add=summary.added,
        to_update=summary.updated,
        unchanged=summary.unchanged,
    )


# ---------------------------------------------------------------------------
# Turnout


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnoutInput:
    """Turnout records read from a table or from SIREKAP files, with what to tell the user."""

    path: Path
    records: list[TurnoutRecord]
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0
    # The column the codes were read from, to name it in errors about a row.
    code_column: str | None = None
    sirekap: SirekapData | None = None

    def where(self, record: TurnoutRecord) -> tuple[str, int | None, str | None]:
        """The file, row and column to name in an error about this record."""
        if self.sirekap is not None:
            return self.sirekap.file_of.get(record.line, str(self.path)), None, None
        return str(self.path), record.line, self.code_column


def read_turnout_file(
    path: Path,
    *,
    sheet: str | None = None,
    explicit_map: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> TurnoutInput:
    """Turnout from a CSV/TSV file, a workbook's sheet, or a folder or .zip of SIREKAP files.

    `progress` hears about SIREKAP files as they are read; a table is read at once.
    """
    if is_sirekap_source(path):
        if sheet is not None or explicit_map:
            raise ImportProblem(
                str(path),
                _(
                    "a folder or zip is read as SIREKAP files, which have no sheets or "
                    "columns to choose"
                ),
            )
        data = read_sirekap(path, progress=progress)
        return TurnoutInput(
            path=path,
            records=data.records,
            warnings=data.warnings(),
            skipped=data.skipped,
            sirekap=data,
        )
    if sheet is None and path.suffix.lower() not in _WORKBOOK_SUFFIXES:
        # A text file is read row by row: a national file's 820,000 rows never
        # sit in memory as dictionaries of cells.
        cells = read_cells(path)
        headers, header_line = cells.names, cells.header_line
        records = turnout_records(cells, explicit_map=explicit_map)
    else:
        from planner.importers.xlsx import header_test, read_any

        table = read_any(
            path,
            sheet=sheet,
            is_header=header_test(
                TURNOUT_SYNONYMS, required=("code", "dpt"), explicit=explicit_map
            ),
        )
        headers, header_line = table.headers, table.header_line
        records = read_turnout_rows(table, explicit_map=explicit_map)
    # Mapped again only to name the code column in later errors; it cannot fail now.
    columns = map_headers(
        headers,
        TURNOUT_SYNONYMS,
        required=("code",),
        path=str(path),
        explicit=explicit_map,
        row=header_line,
    )
    return TurnoutInput(path=path, records=records, code_column=columns["code"])


_Figures = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class _TurnoutPlan:
    added: list[TurnoutRecord]
    replaced: list[TurnoutRecord]
    unchanged: int
    problems: list[ImportProblem]
    warnings: list[str]


def _figures(record: TurnoutRecord) -> _Figures:
    """(synthetic, *counts) as the turnout table holds them after an import."""
    # Synthetic comes first: a real file's figures over the sample's made-up
    # ones are a change even where the numbers are equal.
    return (False, *(getattr(record, name) for name in COUNT_FIELDS))


def _turnout_plan(session: Session, election: Election, data: TurnoutInput) -> _TurnoutPlan:
    assert election.id is not None
    records = data.records
    problems: list[ImportProblem] = []
    if not records:
        problems.append(
            ImportProblem(str(data.path), _("there are no rows with figures to import"))
        )
    known = known_region_codes(session, (r.code for r in records))
    for record in records:
        if record.code not in known:
            path, row, column = data.where(record)
            problems.append(
                ImportProblem(
                    path,
                    _("region {code} is not in the database; import the regions first").format(
                        code=record.code
                    ),
                    row=row,
                    column=column,
                )
            )
    conn = session.connection()
    existing: dict[tuple[str, int], _Figures] = {
        (row[0], row[1]): (bool(row[2]), *row[3:])
        for row in conn.execute(
            text(
                f"SELECT region_code, tps, synthetic, {', '.join(COUNT_FIELDS)} "
                "FROM turnout WHERE election_id = :e"
            ),
            {"e": election.id},
        )
    }
    added: list[TurnoutRecord] = []
    replaced: list[TurnoutRecord] = []
    unchanged = 0
    for record in records:
        before = existing.get((record.code, record.tps or 0))
        if before is None:
            added.append(record)
        elif before == _figures(record):
            unchanged += 1
        else:
            replaced.append(record)

    warnings = list(data.warnings)
    area = election.region_code
    if area is not None:
        outside = sorted(
            {r.code for r in records if r.code != area and not r.code.startswith(area + ".")}
        )
        if outside:
            warnings.insert(
                0,
                _("{count} regions lie outside {election}'s area ({area}), such as {codes}").format(
                    count=number(len(outside)),
                    election=election.name,
                    area=area,
                    codes=", ".join(outside[:5]),
                ),
            )
    return _TurnoutPlan(added, replaced, unchanged, problems, warnings)


def preview_turnout(session: Session, election: Election, data: TurnoutInput) -> ImportPreview:
    """How many rows are new for the election, replace figures entered before, or match them."""
    plan = _turnout_plan(session, election, data)
    return ImportPreview(
        kind="turnout",
        path=str(data.path),
        rows=len(data.records),
        to_add=len(plan.added),
        to_update=len(plan.replaced),
        unchanged=plan.unchanged,
        problems=listed_problems(plan.problems),
        warnings=plan.warnings,
        skipped=data.skipped,
    )


def apply_turnout(
    session: Session,
    election: Election,
    data: TurnoutInput,
    *,
    source: str | None = None,
    progress: Progress | None = None,
) -> ImportPreview:
    """Write the figures inside the caller's write transaction; refuses on any problem.

    Rows whose figures are already stored as they are in the file are left
    alone, so their versions and the audit log only move for real changes.
    """
    from planner.importers.turnout import import_turnout

    assert election.id is not None
    plan = _turnout_plan(session, election, data)
    if plan.problems:
        refuse(plan.problems)
    label = source or data.path.name
    changed = plan.added + plan.replaced
    total = len(data.records)
    done = plan.unchanged
    _report(progress, done, total)
    added = replaced = 0
    if changed:

        def written(count: int, _of: int) -> None:
            _report(progress, done + count, total)

        summary = import_turnout(
            session, election, changed, path=str(data.path), source=label, progress=written
        )
        added, replaced = summary.added, summary.replaced
    return ImportPreview(
        kind="turnout",
        path=str(data.path),
        rows=total,
        to_add=added,
        to_update=replaced,
        unchanged=plan.unchanged,
        warnings=plan.warnings,
        skipped=data.skipped,
    )
