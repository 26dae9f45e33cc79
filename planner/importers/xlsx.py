"""Reading one sheet of an Excel workbook into the same Table a CSV file gives.

Staff keep their figures in Excel, and a sheet is not a CSV file: KPU's
sheets usually open with a title block (REKAPITULASI ..., the kabupaten, the
election) above the header, Excel stores every number as a float, and a
sheet's used range often runs past the table. The rows go through
`table_from_records` like a CSV file's, so the field mapping and every check
after it never see which kind of file it was.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from planner.errors import ImportProblem
from planner.i18n import _
from planner.importers.tabular import Record, Table, map_headers, read_table, table_from_records

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})

# A title block is a few lines; a header further down than this is more
# likely a second table on the same sheet than the one meant.
HEADER_SEARCH_ROWS = 15

HeaderTest = Callable[[Sequence[str]], bool]
"""Whether a row of cells (as text) is the header the caller can map."""

# A float holds every integer up to 2**53 exactly; past that "whole" is noise.
_EXACT_INTEGER = 2**53


def header_test(
    synonyms: Mapping[str, Sequence[str]],
    *,
    required: Collection[str],
    explicit: Mapping[str, str] | None = None,
) -> HeaderTest:
    """A row is the header when the caller's fields can be mapped from it.

    `explicit` is the user's own HEADER=FIELD map: a header row the synonyms
    alone do not recognise is still found when the map names its columns.
    """

    def test(cells: Sequence[str]) -> bool:
        try:
            map_headers(
                [cell.strip() for cell in cells],
                synonyms,
                required=required,
                path="",
                explicit=explicit,
            )
        except ImportProblem:
            return False
        return True

    return test


def _any_known_header(cells: Sequence[str]) -> bool:
    # Imported here: the stakeholder fields pull in the ORM, which reading a
    # turnout sheet does not otherwise need.
    from planner.importers.fields import REGION_SYNONYMS, TURNOUT_SYNONYMS
    from planner.importers.stakeholders import STAKEHOLDER_SYNONYMS

    kinds: tuple[tuple[Mapping[str, Sequence[str]], tuple[str, ...]], ...] = (
        (TURNOUT_SYNONYMS, ("code", "dpt")),
        (REGION_SYNONYMS, ("code", "name")),
        (STAKEHOLDER_SYNONYMS, ("name", "category")),
    )
    return any(header_test(synonyms, required=required)(cells) for synonyms, required in kinds)


def cell_text(value: object) -> str:
    """A cell's value as the text a CSV export of it would hold.

    Whole floats lose their ".0" (Excel stores 22549 as 22549.0), so counts
    and codes stored as numbers read like typed ones; dates are ISO.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT_INTEGER:
            return str(int(value))
        # The shortest text that reads back as the same float: 77.47, not 77.46999999999999.
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _is_header_like(values: Sequence[object]) -> bool:
    """Header cells are words: no numbers, no dates, and more than one of them."""
    filled = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
    if len(filled) < 2:
        return False
    for value in filled:
        if not isinstance(value, str):
            return False
        compact = value.strip().replace(".", "").replace(",", "")
        if compact.isdigit():
            return False
    return True


def _header_index(head: Sequence[tuple[int, Sequence[object], list[str]]], test: HeaderTest) -> int:
    """Index in `head` of the header row; len(head) when the first rows are all blank."""
    nonblank = [i for i, (_line, _values, cells) in enumerate(head) if any(cells)]
    if not nonblank:
        return len(head)
    for i in nonblank:
        if test(head[i][2]):
            return i
    # No row names the needed fields: pick what looks most like a header, so
    # the error that follows lists the sheet's real column names, not its title.
    worded = [i for i in nonblank if _is_header_like(head[i][1])]
    if worded:
        return max(worded, key=lambda i: (sum(1 for c in head[i][2] if c), -i))
    return nonblank[0]


def _open(path: Path) -> Workbook:
    name = str(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ImportProblem(name, _("the file does not exist")) from None
    except IsADirectoryError:
        raise ImportProblem(name, _("this is a folder, not a workbook")) from None
    except PermissionError:
        raise ImportProblem(name, _("the file cannot be read (permission denied)")) from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError):
        # openpyxl reports a damaged or foreign file with whatever its parser hit first.
        raise ImportProblem(
            name,
            _(
                "this is not an Excel workbook (.xlsx) or it is damaged; an old .xls or a "
                "password-protected file must be saved again as .xlsx"
            ),
        ) from None


def _choose_sheet(workbook: Workbook, sheet: str | None, name: str) -> ReadOnlyWorksheet:
    sheets = [ws for ws in workbook.worksheets if isinstance(ws, ReadOnlyWorksheet)]
    if not sheets:
        raise ImportProblem(name, _("the workbook has no sheet with cells"))
    if sheet is None:
        return sheets[0]
    wanted = sheet.strip()
    for matches in (
        [ws for ws in sheets if ws.title == wanted],
        [ws for ws in sheets if ws.title.strip().casefold() == wanted.casefold()],
    ):
        if len(matches) == 1:
            return matches[0]
    raise ImportProblem(
        name,
        _("the workbook has no sheet named '{sheet}'; its sheets are: {sheets}").format(
            sheet=sheet, sheets=", ".join(f"'{ws.title}'" for ws in sheets)
        ),
    )


def read_xlsx(
    path: Path, *, sheet: str | None = None, is_header: HeaderTest | None = None
) -> Table:
    """The table on one sheet (the first unless `sheet` names one) of an .xlsx workbook.

    The header is the first of the first 15 rows that `is_header` accepts
    (by default: one naming the fields of any file the planner imports);
    the rows above it are the title block and are dropped. Row numbers in
    errors are the sheet's own, as Excel shows them.
    """
    name = str(path)
    workbook = _open(path)
    try:
        worksheet = _choose_sheet(workbook, sheet, name)
        # The stored used range is often wrong (too small from some writers,
        # a million rows from formatting in others); read what is really there.
        worksheet.reset_dimensions()
        # min_row=1 because the default is the stored range's first row, which
        # would shift every row number; the stubs type this method as Worksheet's.
        reader: Any = worksheet
        rows: Iterator[Sequence[object]] = reader.iter_rows(min_row=1, values_only=True)
        head: list[tuple[int, Sequence[object], list[str]]] = []
        for line, values in enumerate(rows, start=1):
            head.append((line, values, [cell_text(v) for v in values]))
            if len(head) >= HEADER_SEARCH_ROWS:
                break
        start = _header_index(head, is_header or _any_known_header)

        def records() -> Iterator[Record]:
            for line, _values, cells in head[start:]:
                yield line, cells
            for line, values in enumerate(rows, start=len(head) + 1):
                yield line, [cell_text(v) for v in values]

        try:
            return table_from_records(path, records())
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
            raise ImportProblem(
                name, _("the sheet cannot be read to its end; the workbook is damaged")
            ) from None
    finally:
        workbook.close()


def read_any(path: Path, *, sheet: str | None = None, is_header: HeaderTest | None = None) -> Table:
    """A workbook's sheet, or a CSV/TSV file; `sheet` only has a meaning for a workbook."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_xlsx(path, sheet=sheet, is_header=is_header)
    if sheet is not None:
        raise ImportProblem(
            str(path),
            _("the file is not a workbook (.xlsx), so it has no sheet '{sheet}' to choose").format(
                sheet=sheet
            ),
        )
    return read_table(path)
