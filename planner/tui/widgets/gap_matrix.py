"""The gap matrix: flagged regions down, target segments across, what covers each cell."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from textual.events import Resize
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from planner.formatting import number, percent, points
from planner.i18n import _
from planner.models import Segment
from planner.rules.coverage import Cell, CoverageReport, RegionCoverage
from planner.rules.flags import FlagKind, FlagReason
from planner.rules.labels import lokus_criterion_label

# Column keys of the columns that are not segments.
PRIORITY = "priority"
REGION = "region"
PARTICIPATION = "participation"
REASON = "reason"
SEGMENT_PREFIX = "s"
# A row that only carries a message (nothing flagged) has this key.
EMPTY_ROW = "-"

_REASON_WIDTH = 48
_SHORT_LABEL = 3


def _candidates(name: str, width: int) -> list[str]:
    """Headings for a segment from the most to the least preferred, none wider than `width`."""
    words = [w for w in re.split(r"[\s/_-]+", name) if w]
    if not words:
        return ["?"]
    found: list[str] = []
    if len(words) > 1:
        initials = "".join(w[0].upper() for w in words)
        found.append(initials[:width])
        # Pemilih Pemula / Pemilih Muda share initials less often than their
        # last words' beginnings, so lengthen the last word next.
        head = "".join(w[0].upper() for w in words[:-1])
        found += [(head + words[-1][:n].capitalize())[:width] for n in range(2, width + 1)]
    else:
        word = words[0]
        found.append(word[:width].capitalize())
        found += [(word[0] + rest).capitalize() for rest in _later_letters(word, width - 1)]
    return list(dict.fromkeys(c for c in found if c))


def _later_letters(word: str, count: int) -> list[str]:
    """Other spellings of a word's tail, consonants first: Keagamaan -> kgm."""
    if count <= 0 or len(word) < 2:
        return []
    consonants = "".join(ch for ch in word[1:] if ch.lower() not in "aeiou")
    return [consonants[:count], word[-count:]]


REASON_MAX = 60


def abbreviations(names: Sequence[str], width: int = _SHORT_LABEL) -> list[str]:
    """Unique short headings for the segments; numbers where letters cannot tell them apart."""
    options = [_candidates(name, width) for name in names]
    chosen = [opts[0] for opts in options]
    for _round in range(max((len(o) for o in options), default=0)):
        counts = Counter(chosen)
        clashing = [i for i, label in enumerate(chosen) if counts[label] > 1]
        if not clashing:
            return chosen
        # The first of a clashing group keeps its label; the others move on.
        seen: set[str] = set()
        for i in clashing:
            if chosen[i] not in seen:
                seen.add(chosen[i])
                continue
            taken = set(chosen)
            later = [c for c in options[i] if c not in taken]
            if later:
                chosen[i] = later[0]
    counts = Counter(chosen)
    return [label if counts[label] == 1 else str(i + 1) for i, label in enumerate(chosen)]


class Mark:
    """One cell's text, styled by the matrix's component classes when drawn.

    Looking the style up at draw time (not when the row is added) keeps the
    colours right after the user changes the theme.
    """

    __slots__ = ("_matrix", "kind", "text")

    def __init__(self, matrix: GapMatrix, kind: str, text: str) -> None:
        self._matrix = matrix
        self.kind = kind
        self.text = text

    def __rich__(self) -> Text:
        return Text(self.text, style=self._matrix.mark_style(self.kind), justify="center", end="")

    def __str__(self) -> str:
        return self.text


def cell_mark(cell: Cell) -> tuple[str, str]:
    """(component kind, text): done count, planned count, or a gap."""
    if cell.done:
        return "done", f"✓{cell.done}"
    if cell.planned:
        return "planned", f"○{cell.planned}"
    return "gap", "·"


def _brief(reason: FlagReason) -> str:
    """A few words per reason: the participation itself has its own column."""
    v, ref = reason.value or 0.0, reason.reference or 0.0
    if reason.kind == FlagKind.BELOW_TARGET:
        return _("below target")
    if reason.kind == FlagKind.BELOW_KABUPATEN:
        return _("{points} points below {area}").format(points=points(ref - v), area=reason.detail)
    if reason.kind == FlagKind.DROP:
        return _("fell {points} points").format(points=points(ref - v))
    if reason.kind == FlagKind.INVALID:
        return _("invalid {value}").format(value=percent(v, 1))
    return _("lokus: {criterion}").format(
        criterion=lokus_criterion_label(reason.detail.split(":", 1)[0])
    )


def short_reason(row: RegionCoverage) -> str:
    text = ", ".join(_brief(r) for r in row.status.reasons)
    if len(text) > _REASON_WIDTH:
        text = text[: _REASON_WIDTH - 1].rstrip(" ,") + "…"
    return text


class GapMatrix(DataTable[object]):
    """Flagged regions by priority against the active segments; the cursor moves by cell."""

    COMPONENT_CLASSES: ClassVar[set[str]] = DataTable.COMPONENT_CLASSES | {
        "gap-matrix--done",
        "gap-matrix--planned",
        "gap-matrix--gap",
    }
    DEFAULT_CSS = """
    GapMatrix > .gap-matrix--done { color: $text-success; text-style: bold; }
    GapMatrix > .gap-matrix--planned { color: $text-warning; }
    GapMatrix > .gap-matrix--gap { color: $text-error; background: $error 15%; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id,
            cursor_type="cell",
            zebra_stripes=True,
            fixed_columns=2,
            # The cursor must show on a gap too, whose tint is its own background.
            cursor_background_priority="css",
        )
        self._report: CoverageReport | None = None
        self._full_names = False
        self._empty = ""

    # -- what the screen asks ---------------------------------------------------------

    def segment_for(self, column_key: str) -> Segment | None:
        if self._report is None or not column_key.startswith(SEGMENT_PREFIX):
            return None
        wanted = column_key[len(SEGMENT_PREFIX) :]
        return next((s for s in self._report.segments if str(s.id) == wanted), None)

    def row_for(self, row_key: str) -> RegionCoverage | None:
        if self._report is None:
            return None
        return next((r for r in self._report.rows if r.status.code == row_key), None)

    def cursor_keys(self) -> tuple[str, str] | None:
        """(region code, column key) under the cursor, or None on an empty matrix."""
        if not self.row_count or not self.columns:
            return None
        try:
            cell_key = self.coordinate_to_cell_key(self.cursor_coordinate)
        except CellDoesNotExist:  # the cursor is outside a table being refilled
            return None
        row, column = cell_key.row_key.value, cell_key.column_key.value
        if row is None or column is None or row == EMPTY_ROW:
            return None
        return row, column

    def mark_style(self, kind: str) -> Style:
        name = f"gap-matrix--{kind}"
        # A partial style drops a translucent background's alpha; the full one
        # blends it over the table's own, so the gap tint reads in any theme.
        if self.get_component_styles(name).has_rule("background"):
            return self.get_component_rich_style(name)
        return self.get_component_rich_style(name, partial=True)

    # -- filling ----------------------------------------------------------------------

    def show(
        self, report: CoverageReport, *, keep: tuple[str, str] | None = None, empty: str = ""
    ) -> None:
        """Refill with a report; the cursor goes back to `keep` (or its old place) if it can.

        `empty` is what the table says when no region is flagged.
        """
        self._empty = empty or self._empty
        keep = keep or self.cursor_keys()
        old = self.cursor_coordinate
        self._report = report
        self._full_names = self._names_fit(report)
        self.clear(columns=True)
        self._add_columns(report)
        for row in report.rows:
            self.add_row(*self._cells(row), key=row.status.code)
        if not report.rows:
            message = Text(self._empty or _("No district is flagged."))
            self.add_row("", message, *[""] * (len(self.columns) - 2), key=EMPTY_ROW)
        self._restore(keep, old)

    def _add_columns(self, report: CoverageReport) -> None:
        # Widths come from the data, not from DataTable's measuring as rows
        # arrive, which depends on when the refill lands and made the layout vary.
        region_width = max([len(_("Region"))] + [len(r.status.name) for r in report.rows])
        reason_width = min(
            REASON_MAX, max([len(_("Reason"))] + [len(short_reason(r)) for r in report.rows])
        )
        self.add_column(_("Prio."), key=PRIORITY)
        self.add_column(_("Region"), key=REGION, width=region_width)
        names = [s.name for s in report.segments]
        labels = names if self._full_names else abbreviations(names)
        for segment, label in zip(report.segments, labels, strict=True):
            self.add_column(Text(label, justify="center"), key=f"{SEGMENT_PREFIX}{segment.id}")
        self.add_column(_("Part."), key=PARTICIPATION)
        self.add_column(_("Reason"), key=REASON, width=reason_width)

    def _cells(self, row: RegionCoverage) -> list[object]:
        cells: list[object] = [
            Text(number(round(row.priority * 100)), justify="right"),
            # Names come from files and users: never read them as markup.
            Text(row.status.name),
        ]
        for segment in self._segments():
            assert segment.id is not None
            kind, text = cell_mark(row.cells[segment.id])
            cells.append(Mark(self, kind, text))
        cells.append(Text(percent(row.status.participation, 1), justify="right"))
        cells.append(Text(short_reason(row)))
        return cells

    def _segments(self) -> list[Segment]:
        return self._report.segments if self._report is not None else []

    def _restore(self, keep: tuple[str, str] | None, old: Coordinate) -> None:
        if not self.row_count:
            return
        if keep is not None:
            row_key, column_key = keep
            if row_key in self.rows and column_key in self.columns:
                self.move_cursor(
                    row=self.get_row_index(row_key),
                    column=self.get_column_index(column_key),
                    animate=False,
                )
                return
        # Level or election changed: same column, first row; else the first segment.
        column = old.column if 0 < old.column < len(self.columns) else self.fixed_columns
        self.move_cursor(row=0, column=column, animate=False)

    # -- a wide terminal shows whole segment names --------------------------------------

    def _names_fit(self, report: CoverageReport) -> bool:
        width = self.size.width or self.app.size.width
        names = sum(len(s.name) + 2 * self.cell_padding for s in report.segments)
        longest = max((len(r.status.name) for r in report.rows), default=10)
        # priority, region, participation and a little of the reason stay in view.
        others = 6 + longest + 2 + 9 + 20
        return names + others <= width

    def on_resize(self, event: Resize) -> None:
        if self._report is not None and self._names_fit(self._report) != self._full_names:
            self.show(self._report)
