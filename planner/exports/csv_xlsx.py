"""Writing tables as CSV and as Excel workbooks, safe to open in any spreadsheet.

CSV: UTF-8 with a byte order mark, because Excel reads a CSV file without
one as the ANSI code page and garbles "Pasi Kuala Ba'u"'s neighbours with
accents. The delimiter follows the language (see `csv_style`): Excel splits
a double-clicked CSV file on the list separator of the Windows regional
settings, which is ";" wherever the decimal separator is "," (Indonesian
among them) and "," in English settings. A "sep=;" first line would pin it
for every Excel, but Excel then ignores the byte order mark, so it is not
written. The importers detect either delimiter, so a file round-trips
whichever was chosen.

Cells that a spreadsheet would run as a formula (text starting with = + - @,
a tab or a carriage return) are neutralised as OWASP's CSV-injection
guidance says: in CSV an apostrophe is put before them, and in XLSX they
are stored as string cells (with Excel's quote prefix, so editing one does
not turn it into a formula either). Values in numeric columns are real
numbers and are never touched: -5 stays the number -5.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from planner.exports.model import CellValue, Kind, Paragraph, Sheet, Table
from planner.i18n import _, current_language

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Excel's own limits and a width that still fits a screen.
_SHEET_TITLE_MAX = 31
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH = 50
_MIN_WIDTH = 6
# Report paragraphs are cut into lines of this many characters, one per row:
# a long text in one cell would run far off the right edge of the sheet.
_PARAGRAPH_WIDTH = 110

_NUMBER_FORMATS = {
    Kind.ID: "0",
    Kind.INTEGER: "#,##0",
    Kind.MONEY: "#,##0",
    Kind.PERCENT: "0.00%",
    Kind.DECIMAL: "0.00",
}
# Day first in both languages, as the division writes dates.
_DATE_FORMAT = "dd/mm/yyyy"
_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="7F7F7F"))


def neutralise(text: str) -> str:
    """The text as a CSV cell no spreadsheet will evaluate."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


@dataclass(frozen=True)
class CsvStyle:
    delimiter: str
    decimal: str


DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t"}


def csv_style(delimiter: str | None = None, language: str | None = None) -> CsvStyle:
    """The delimiter and decimal mark a CSV file is written with.

    By default both follow the language: Indonesian gets ";" and decimal
    commas (71,24), English "," and decimal points (71.24), which is what
    Excel with the matching regional settings opens into columns and numbers.
    A delimiter given by name ("comma", "semicolon", "tab") or as the
    character overrides that; the decimal mark is then "," only with ";".
    """
    if delimiter is None:
        chosen = ";" if (language or current_language()) == "id" else ","
    else:
        chosen = DELIMITER_NAMES.get(delimiter, delimiter)
        if chosen not in DELIMITER_NAMES.values():
            raise ValueError(f"unknown delimiter {delimiter!r}")
    return CsvStyle(chosen, "," if chosen == ";" else ".")


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _decimal_text(value: float, digits: int, decimal: str) -> str:
    return f"{value:.{digits}f}".replace(".", decimal)


def csv_cell(value: CellValue, kind: Kind, decimal: str = ".") -> str:
    """One cell as CSV text: numbers plain (no grouping), dates ISO, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if kind in (Kind.ID, Kind.INTEGER, Kind.MONEY) and isinstance(value, int | float):
        return str(round(value))
    if kind in (Kind.PERCENT, Kind.DECIMAL) and isinstance(value, int | float):
        return _decimal_text(float(value), 2, decimal)
    if isinstance(value, datetime):
        # ISO order: every Excel locale reads it as a date, and no reader
        # can mistake 03/04 for April or March.
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return _decimal_text(float(value), 2, decimal) if isinstance(value, float) else str(value)
    return neutralise(str(value))


def to_csv(table: Table, style: CsvStyle | None = None) -> bytes:
    """The table as a CSV file's bytes (UTF-8 with BOM, CRLF line ends)."""
    style = style or csv_style()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=style.delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in table.headers])
    kinds = [c.kind for c in table.columns]
    rows = table.rows + ([table.totals] if table.totals is not None else [])
    for row in rows:
        writer.writerow(
            [csv_cell(value, kind, style.decimal) for value, kind in zip(row, kinds, strict=True)]
        )
    return buffer.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------------------
# XLSX


def _clean(text: str) -> str:
    # Control characters other than tab and line breaks make openpyxl refuse
    # the whole workbook; a stray one pasted into a note must not.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _sheet_title(name: str, used: set[str]) -> str:
    base = _SHEET_TITLE_FORBIDDEN.sub(" ", name).strip().strip("'") or "Sheet"
    base = base[:_SHEET_TITLE_MAX]
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title = base[: _SHEET_TITLE_MAX - len(suffix)] + suffix
        n += 1
    used.add(title.casefold())
    return title


def _set_text(cell: Cell, text: str) -> None:
    cell.value = _clean(text)
    # openpyxl would store "=..." as a formula; a string cell is never run.
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


def _set_value(cell: Cell, value: CellValue, kind: Kind) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        _set_text(cell, yes_no(value))
    elif kind in _NUMBER_FORMATS and isinstance(value, int | float):
        cell.value = value / 100 if kind is Kind.PERCENT else value
        cell.number_format = _NUMBER_FORMATS[kind]
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = _DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = _DATE_FORMAT
    elif isinstance(value, int | float):
        cell.value = value
    else:
        _set_text(cell, str(value))


def _display_length(value: CellValue, kind: Kind) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, int | float) and not isinstance(value, bool):
        return len(f"{value:,.2f}") if kind in (Kind.PERCENT, Kind.DECIMAL) else len(f"{value:,}")
    text = yes_no(value) if isinstance(value, bool) else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


class _Widths:
    def __init__(self) -> None:
        self.chars: dict[int, int] = {}
        self.fixed: dict[int, int] = {}

    def see(self, index: int, length: int) -> None:
        self.chars[index] = max(self.chars.get(index, 0), length)

    def apply(self, ws: Worksheet) -> None:
        for index in sorted(set(self.chars) | set(self.fixed)):
            width = self.fixed.get(index) or min(
                _MAX_WIDTH, max(_MIN_WIDTH, self.chars.get(index, 0) + 2)
            )
            ws.column_dimensions[get_column_letter(index)].width = width


def _cell(ws: Worksheet, row: int, column: int) -> Cell:
    cell = ws.cell(row, column)
    # Nothing here merges cells, so every cell is a real one.
    assert isinstance(cell, Cell)
    return cell


def _write_table(ws: Worksheet, table: Table, row: int, widths: _Widths) -> int:
    """Writes the table from `row`; returns the first row after it."""
    if table.caption:
        _set_text(_cell(ws, row, 1), table.caption)
        _cell(ws, row, 1).font = Font(bold=True)
        row += 1
    for index, column in enumerate(table.columns, start=1):
        cell = _cell(ws, row, index)
        _set_text(cell, column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        widths.see(index, min(len(column.header), 24))
        if column.width is not None:
            widths.fixed[index] = column.width
    row += 1
    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    rows = table.rows + ([table.totals] if table.totals is not None else [])
    for number, values in enumerate(rows, start=1):
        is_total = table.totals is not None and number == len(rows)
        for index, (value, column) in enumerate(zip(values, table.columns, strict=True), start=1):
            cell = _cell(ws, row, index)
            _set_value(cell, value, column.kind)
            if is_total:
                cell.font = Font(bold=True)
            length = _display_length(value, column.kind)
            widths.see(index, length)
            long_text = isinstance(value, str) and (length > _MAX_WIDTH or "\n" in value)
            cell.alignment = wrap if long_text else top
        row += 1
    return row


def _write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    widths = _Widths()
    row = 1
    for block in sheet.blocks:
        if isinstance(block, Paragraph):
            lines = (
                [block.text]
                if block.heading
                else textwrap.wrap(block.text, _PARAGRAPH_WIDTH) or [""]
            )
            for line in lines:
                cell = _cell(ws, row, 1)
                _set_text(cell, line)
                if block.heading:
                    cell.font = Font(bold=True, size=13)
                row += 1
            if not block.heading:
                row += 1
        else:
            row = _write_table(ws, block, row, widths) + 1
    widths.apply(ws)
    if sheet.is_list:
        table = sheet.blocks[0]
        assert isinstance(table, Table)
        last = get_column_letter(max(1, len(table.columns)))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
        ws.print_title_rows = "1:1"
    # Printed on A4 landscape, as wide as the page, as long as it needs.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def to_xlsx(sheets: Sequence[Sheet], *, title: str = "") -> bytes:
    """The sheets as an .xlsx workbook's bytes."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    used: set[str] = set()
    for sheet in sheets:
        ws = workbook.create_sheet(_sheet_title(sheet.name, used))
        _write_sheet(ws, sheet)
    if not sheets:
        workbook.create_sheet("Sheet")
    workbook.properties.creator = "planner"
    if title:
        workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
