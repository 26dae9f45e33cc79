"""Reading a delimited text file into a Table of trimmed strings, and parsing its cells.

Everything format-specific ends at `table_from_records`: a reader only has to
yield each record with the line (or sheet row) it started on. The CSV/TSV
reader and the XLSX reader both plug into `_READERS` and feed
the same function, so the field mapping and checks never see the difference.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.errors import ImportProblem
from planner.i18n import _


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: the line it starts on in the file, and its cells by header."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class Table:
    """A file's header and data rows, every cell a stripped string ("" when blank)."""

    path: Path
    headers: list[str]
    rows: list[Row]
    header_line: int = 1


Record = tuple[int, Sequence[str]]
"""A raw record: the 1-based line (or sheet row) it starts on, and its cells."""


DELIMITERS = (",", ";", "\t")
# On a tie the rarer-in-text delimiter wins: a comma is likelier to be data.
_TIE_ORDER = {"\t": 0, ";": 1, ",": 2}

_SPREADSHEET_SUFFIXES = frozenset({".xls", ".ods"})


def read_table(path: Path) -> Table:
    """Read a CSV or TSV file (UTF-8, UTF-8 with BOM, or Windows-1252)."""
    reader = _READERS.get(path.suffix.lower(), _read_delimited)
    return reader(path)


def _read_spreadsheet(path: Path) -> Table:
    raise ImportProblem(
        str(path),
        _("spreadsheet files cannot be read yet; save the sheet as CSV (UTF-8) and import that"),
    )


def _read_delimited(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem(str(path), _("the file does not exist")) from None
    except OSError as exc:
        raise ImportProblem(
            str(path), _("the file cannot be read: %(reason)s") % {"reason": exc.strerror}
        ) from None
    text = decode_text(data, path=path)
    return table_from_records(path, _csv_records(text, path))


def _read_workbook(path: Path) -> Table:
    # Imported here: openpyxl is loaded only when a workbook is read.
    from planner.importers.xlsx import read_xlsx

    return read_xlsx(path)


_READERS: dict[str, Callable[[Path], Table]] = {
    **dict.fromkeys(_SPREADSHEET_SUFFIXES, _read_spreadsheet),
    ".xlsx": _read_workbook,
    ".xlsm": _read_workbook,
}


def decode_text(data: bytes, *, path: Path) -> str:
    """UTF-8 (BOM or not) when the bytes are valid UTF-8, else Windows-1252.

    Excel on Indonesian Windows saves "CSV (Comma delimited)" as Windows-1252
    and "Unicode Text" as UTF-16 with a BOM; both are handled.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(
                str(path), _("the file starts like UTF-16 text but is not")
            ) from None
    if b"\x00" in data:
        raise ImportProblem(
            str(path),
            _("this is not a text file (a spreadsheet?); save it as CSV and import that"),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: the file is some other encoding.
        raise ImportProblem(
            str(path),
            _("the file is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8"),
        ) from None


def _first_logical_line(text: str, start: int) -> str:
    """Text of the record starting at `start`, up to its first newline outside quotes."""
    quoted = False
    for i in range(start, len(text)):
        char = text[i]
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            return text[start:i]
    return text[start:]


def detect_delimiter(line: str) -> str:
    """The delimiter a header line uses, counting only those outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: (counts[d], -_TIE_ORDER[d]))
    # A one-column file has no delimiter at all; any choice reads it the same.
    return best if counts[best] else ","


def _csv_records(text: str, path: Path) -> Iterator[Record]:
    lines = io.StringIO(text, newline="")
    skip_line = 0
    # Find the header's line to choose the delimiter; blank lines before it are allowed.
    offset = 0
    line_no = 1
    for raw in lines:
        if raw.strip():
            break
        offset += len(raw)
        line_no += 1
    header_text = _first_logical_line(text, offset)
    sep = re.fullmatch(r"\s*sep=(.)\s*", header_text)
    if sep and sep.group(1) in DELIMITERS:
        # Excel's "sep=;" hint line names the delimiter and is not the header.
        delimiter = sep.group(1)
        skip_line = line_no
    else:
        delimiter = detect_delimiter(header_text)

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous_end = 0
    while True:
        start = previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportProblem(
                str(path),
                _("the row is not valid CSV (%(reason)s); check its quotes") % {"reason": exc},
                row=start,
            ) from None
        previous_end = reader.line_num
        if start != skip_line:
            yield start, cells


def _is_blank(cells: Sequence[str]) -> bool:
    return all(not cell for cell in cells)


def _unneutralise(cell: str) -> str:
    # Exports put an apostrophe before = + - @ so that spreadsheets don't run them.
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def _stripped(cells: Sequence[str]) -> list[str]:
    stripped = [cell.strip() for cell in cells]
    # One search of the row instead of a call per cell: exported apostrophes are rare.
    if "'" in "".join(stripped):
        stripped = [_unneutralise(cell) for cell in stripped]
    return stripped


@dataclass(frozen=True, slots=True)
class CellRows:
    """A file's header and its data rows as lists of cells, read as they are needed.

    `headers` keeps every column's position ("" where a column has no
    header); each row has exactly one cell per header, stripped, and the rows
    have passed every check `table_from_records` makes. A million rows read
    this way never exist as a million dictionaries at once.
    """

    path: Path
    headers: list[str]
    header_line: int
    rows: Iterator[tuple[int, list[str]]]

    @property
    def names(self) -> list[str]:
        """The headers that name a column, as Table.headers gives them."""
        return [h for h in self.headers if h]


def cells_from_records(path: Path, records: Iterable[Record]) -> CellRows:
    """The header of raw records (the first non-blank record), and their rows to come.

    Shared by every file format so that the same rules (stripping, blank rows,
    cells without a header) hold whatever the file was. A problem in a row is
    raised when the iteration reaches it.
    """
    name = str(path)
    iterator = iter(records)
    header_line = 0
    headers: list[str] = []
    for line, cells in iterator:
        stripped = [_unneutralise(cell.strip()) for cell in cells]
        if not _is_blank(stripped):
            header_line, headers = line, stripped
            break
    if not header_line:
        raise ImportProblem(name, _("the file is empty"))

    # Trailing empty headers come from trailing delimiters, which Excel writes freely.
    while headers and not headers[-1]:
        headers.pop()
    first_seen: dict[str, int] = {}
    for position, header in enumerate(headers, start=1):
        if not header:
            continue
        if header in first_seen:
            raise ImportProblem(
                name,
                _("the column name appears twice (columns %(first)d and %(second)d)")
                % {"first": first_seen[header], "second": position},
                row=header_line,
                column=header,
            )
        first_seen[header] = position
    return CellRows(path, headers, header_line, _checked_rows(name, headers, iterator))


def _checked_rows(
    name: str, headers: list[str], iterator: Iterator[Record]
) -> Iterator[tuple[int, list[str]]]:
    width = len(headers)
    unnamed = [i for i, header in enumerate(headers) if not header]
    for line, cells in iterator:
        stripped = _stripped(cells)
        if not any(stripped):
            continue
        if len(stripped) > width:
            extra = stripped[width:]
            if not _is_blank(extra):
                used = width + max(i for i, cell in enumerate(extra, start=1) if cell)
                raise ImportProblem(
                    name,
                    _(
                        "the row has %(cells)d values but the header names only %(columns)d "
                        "columns (is a value with a delimiter in it missing its quotes?)"
                    )
                    % {"cells": used, "columns": width},
                    row=line,
                )
            stripped = stripped[:width]
        elif len(stripped) < width:
            stripped.extend([""] * (width - len(stripped)))
        for i in unnamed:
            if stripped[i]:
                raise ImportProblem(
                    name,
                    _("the value '%(value)s' is in column %(position)d, which has no header")
                    % {"value": stripped[i], "position": i + 1},
                    row=line,
                )
        yield line, stripped


def no_data_rows(cells: CellRows) -> ImportProblem:
    return ImportProblem(
        str(cells.path), _("the file has a header but no data rows"), row=cells.header_line
    )


def table_from_records(path: Path, records: Iterable[Record]) -> Table:
    """Build a Table from raw records: the first non-blank record is the header."""
    cells = cells_from_records(path, records)
    headers = cells.headers
    named = "" not in headers
    rows: list[Row] = []
    for line, stripped in cells.rows:
        values = dict(zip(headers, stripped, strict=True))
        if not named:
            values.pop("", None)
        rows.append(Row(line, values))
    if not rows:
        raise no_data_rows(cells)
    return Table(path=path, headers=cells.names, rows=rows, header_line=cells.header_line)


def read_cells(path: Path) -> CellRows:
    """A CSV or TSV file's rows as cells, read one by one (see CellRows).

    Spreadsheets are refused as read_table refuses them; a workbook is read
    whole and handed over row by row.
    """
    reader = _READERS.get(path.suffix.lower())
    if reader is not None:
        table = reader(path)
        return CellRows(
            path,
            table.headers,
            table.header_line,
            ((row.line, [row.values[h] for h in table.headers]) for row in table.rows),
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem(str(path), _("the file does not exist")) from None
    except OSError as exc:
        raise ImportProblem(
            str(path), _("the file cannot be read: %(reason)s") % {"reason": exc.strerror}
        ) from None
    text = decode_text(data, path=path)
    del data
    return cells_from_records(path, _csv_records(text, path))


# ---------------------------------------------------------------------------
# Cells


_EMPTY = frozenset({"", "-", "–", "—"})
_PLAIN = re.compile(r"[0-9]+")
# One separator kind throughout (the backreference): 1.234.567, 22,549, 22 549.
_GROUPED = re.compile(r"[0-9]{1,3}([., \u00a0\u202f])[0-9]{3}(?:\1[0-9]{3})*")
# Exports of float columns write whole counts as 22549.0 or 22549,00.
_ZERO_FRACTION = re.compile(r"([0-9]+)[.,]0{1,2}")
_DECIMAL = re.compile(r"[0-9]+[.,][0-9]+")
_NEGATIVE = re.compile(r"[-−][0-9., ]+")
_PERCENT = re.compile(r"([0-9]+(?:[.,][0-9]+)?)\s*%?")


def parse_count(text: str, *, path: Path | str, line: int, column: str) -> int | None:
    """A whole count written with or without thousands separators; None when blank or "-".

    "22.549" is read as 22549 (Indonesian grouping) and "22,549" likewise; a
    separator followed by other than three digits ("12.5") is refused, since
    a count has no decimals and guessing would silently misread a figure.
    """
    value = text.strip()
    if value in _EMPTY:
        return None
    if _PLAIN.fullmatch(value):
        return int(value)
    grouped = _GROUPED.fullmatch(value)
    if grouped:
        return int(re.sub(r"[^0-9]", "", value))
    zero_fraction = _ZERO_FRACTION.fullmatch(value)
    if zero_fraction:
        return int(zero_fraction.group(1))
    if _NEGATIVE.fullmatch(value):
        message = _("'%(value)s' is negative; a count cannot be")
    elif _DECIMAL.fullmatch(value):
        message = _(
            "'%(value)s' is not a whole number; a count has no decimals, and thousands "
            "are grouped by three (22.549)"
        )
    else:
        message = _("'%(value)s' is not a number")
    raise ImportProblem(str(path), message % {"value": value}, row=line, column=column)


def parse_percent(text: str, *, path: Path | str, line: int, column: str) -> float | None:
    """A percentage such as "77,47", "77.47" or "77,47%"; None when blank or "-"."""
    value = text.strip()
    if value in _EMPTY:
        return None
    match = _PERCENT.fullmatch(value)
    if match:
        return float(match.group(1).replace(",", "."))
    if _NEGATIVE.fullmatch(value.rstrip("% ")):
        message = _("'%(value)s' is negative; a percentage cannot be")
    else:
        message = _("'%(value)s' is not a percentage (such as 77,47 or 77.47%%)")
    raise ImportProblem(str(path), message % {"value": value}, row=line, column=column)


# ---------------------------------------------------------------------------
# Headers


def normalize_header(header: str) -> str:
    """The form headers are compared in.

    "Jumlah_DPT (L+P)" -> "jumlah dpt l p"; "Pemilih Pérempuan" -> "pemilih perempuan".
    """
    decomposed = unicodedata.normalize("NFKD", header.casefold())
    kept = "".join(
        char if char.isalnum() else " " for char in decomposed if not unicodedata.combining(char)
    )
    return " ".join(kept.split())


def _examples(names: Sequence[str], limit: int = 4) -> str:
    return ", ".join(f"'{n}'" for n in names[:limit])


def _listing(headers: Sequence[str]) -> str:
    return ", ".join(f"'{h}'" for h in headers if h)


def missing_column_problem(
    field: str,
    synonyms: Mapping[str, Sequence[str]],
    headers: Sequence[str],
    *,
    path: Path | str,
    row: int = 1,
) -> ImportProblem:
    """The error for a needed field no header matches; lists what the file does have."""
    return ImportProblem(
        str(path),
        _(
            "no column for '%(field)s' (a header such as %(examples)s); "
            "the file's columns are: %(headers)s"
        )
        % {
            "field": field,
            "examples": _examples(synonyms.get(field, ())),
            "headers": _listing(headers),
        },
        row=row,
    )


def map_headers(
    headers: Sequence[str],
    synonyms: Mapping[str, Sequence[str]],
    *,
    required: Collection[str],
    path: Path | str,
    explicit: Mapping[str, str] | None = None,
    row: int = 1,
) -> dict[str, str]:
    """Canonical field -> the file's header for it.

    `synonyms` lists, per field, the headers that mean it, preferred first (a
    file with both "Desa" and "Kecamatan" takes the first one listed for the
    name). `explicit` maps a header to a field and wins over the synonyms.
    Matching ignores case, accents, punctuation and underscores.
    """
    name = str(path)
    by_form: dict[str, list[str]] = {}
    for header in headers:
        if header:
            by_form.setdefault(normalize_header(header), []).append(header)

    mapping: dict[str, str] = {}
    claimed: set[str] = set()
    for wanted, field in (explicit or {}).items():
        if field not in synonyms:
            raise ImportProblem(
                name,
                _("unknown field '%(field)s' in the column map; the fields are: %(fields)s")
                % {"field": field, "fields": ", ".join(synonyms)},
            )
        if wanted in headers:
            actual = wanted
        else:
            matches = by_form.get(normalize_header(wanted), [])
            if len(matches) != 1:
                raise ImportProblem(
                    name,
                    _(
                        "the column map names '%(header)s', which is not one column of the file; "
                        "its columns are: %(headers)s"
                    )
                    % {"header": wanted, "headers": _listing(headers)},
                    row=row,
                )
            actual = matches[0]
        if field in mapping and mapping[field] != actual:
            raise ImportProblem(
                name,
                _("the column map gives '%(field)s' two columns: '%(first)s' and '%(second)s'")
                % {"field": field, "first": mapping[field], "second": actual},
                row=row,
            )
        mapping[field] = actual
        claimed.add(actual)

    for field, names in synonyms.items():
        if field in mapping:
            continue
        for synonym in names:
            candidates = [h for h in by_form.get(normalize_header(synonym), []) if h not in claimed]
            if not candidates:
                continue
            if len(candidates) > 1:
                raise ImportProblem(
                    name,
                    _(
                        "columns '%(first)s' and '%(second)s' could both be '%(field)s'; "
                        "rename one or map the columns explicitly"
                    )
                    % {"first": candidates[0], "second": candidates[1], "field": field},
                    row=row,
                    column=candidates[1],
                )
            mapping[field] = candidates[0]
            claimed.add(candidates[0])
            break

    for field in required:
        if field not in mapping:
            raise missing_column_problem(field, synonyms, headers, path=path, row=row)
    return mapping
