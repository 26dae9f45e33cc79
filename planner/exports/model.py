"""What every tabular export is made of: typed columns and rows, grouped into sheets.

The builders in planner.exports.tables and planner.exports.report produce
these; the writers in planner.exports.csv_xlsx turn them into files. A
column's kind, not the Python type of a value, decides how a cell is
written, so a count is a number in Excel and a code of digits stays text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    # A record id: a number without thousands grouping.
    ID = "id"
    INTEGER = "integer"
    # Rupiah, whole.
    MONEY = "money"
    # A percentage in points (71.24 means 71,24%); XLSX stores the fraction.
    PERCENT = "percent"
    # A plain fraction or score (a priority of 0.83).
    DECIMAL = "decimal"
    # A date, or a date and time: the value's own type decides, so an
    # all-day activity in a column of timed ones shows no 00:00.
    DATE = "date"
    BOOLEAN = "boolean"


CellValue = str | int | float | bool | date | datetime | None


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    # Width in characters for XLSX; None fits the content (within limits).
    width: int | None = None


@dataclass
class Table:
    """A header row and data rows; one CSV file or one block of a sheet."""

    columns: list[Column]
    rows: list[list[CellValue]] = field(default_factory=list)
    # A caption written above the table in a report sheet; lists have none.
    caption: str = ""
    # A last row of sums, set apart in bold (reports only).
    totals: list[CellValue] | None = None

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def add(self, *values: CellValue) -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"row has {len(values)} cells for {len(self.columns)} columns")
        self.rows.append(list(values))


@dataclass(frozen=True)
class Paragraph:
    text: str
    # A heading line (bold, larger) rather than body text.
    heading: bool = False


Block = Table | Paragraph


@dataclass
class Sheet:
    """One worksheet: a list export is a single table; a report section mixes blocks."""

    name: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        """A sheet that is only a table gets a frozen header row and a filter."""
        return len(self.blocks) == 1 and isinstance(self.blocks[0], Table)


def columns(*specs: tuple[str, Kind] | str) -> list[Column]:
    """Columns from headers, each optionally paired with its kind (text by default)."""
    return [Column(s) if isinstance(s, str) else Column(s[0], s[1]) for s in specs]
