"""Pemangku kepentingan: the directory of partners, searched as you type."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from planner.formatting import number
from planner.i18n import N_, _, ngettext
from planner.models.enums import StakeholderCategory
from planner.rules.labels import category_label
from planner.services.stakeholder_views import (
    DirectoryFilter,
    DirectoryRow,
    StakeholderDetail,
    count_directory,
    directory,
    stakeholder_detail,
)
from planner.tui.base import PlannerScreen
from planner.tui.screens.stakeholder_form import StakeholderForm
from planner.tui.widgets.tables import keep_cursor

# Rows fetched at once; the count line says when the search should narrow them.
PAGE = 500
# From this width every column gets its natural width; below it the text columns share.
WIDE = 110
PHONE_WIDTH = 14


def text_column_widths(width: int, fixed: int, weights: tuple[float, ...]) -> list[int | None]:
    """Widths for the text columns of a table `width` cells wide, or None for natural widths.

    fixed is what the other columns take; every column also takes 2 cells of padding.
    """
    if width >= WIDE:
        return [None] * len(weights)
    # 2 for the scrollbar, 2 per column of padding (the fixed ones are counted by the caller).
    room = max(width - 2 - fixed - 2 * len(weights), 8 * len(weights))
    total = sum(weights)
    widths = [max(8, int(room * w / total)) for w in weights]
    return list(widths)


def _fetch(
    session: Session, flt: DirectoryFilter
) -> tuple[DirectoryFilter, list[DirectoryRow], int]:
    return flt, directory(session, flt, limit=PAGE), count_directory(session, flt)


class StakeholdersScreen(PlannerScreen):
    DEFAULT_CSS = """
    StakeholdersScreen #filters { height: auto; }
    StakeholdersScreen #search { width: 1fr; }
    StakeholdersScreen #category { width: 32; }
    StakeholdersScreen #count { height: 1; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", N_("Search"), key_display="/"),
        Binding("a", "add", N_("Add")),
        Binding("e", "edit", N_("Edit")),
        Binding("enter", "open", N_("Open"), show=False),
        Binding("escape,down", "to_table", N_("Back to the list"), show=False),
        Binding("r", "reload", N_("Refresh"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._filled_width = -1
        self._select_after_load: str | None = None
        self._rows: list[DirectoryRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder=_("Search name, contact person or category"), id="search")
            yield Select(
                [(category_label(c.value), c.value) for c in StakeholderCategory],
                prompt=_("All categories"),
                id="category",
            )
        table: DataTable[Any] = DataTable(id="directory", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="count", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#directory", DataTable).focus()
        self.reload()

    # -- the data ------------------------------------------------------------------

    def current_filter(self) -> DirectoryFilter:
        category = self.query_one("#category", Select).value
        return DirectoryFilter(
            search=self.query_one("#search", Input).value,
            category=category if isinstance(category, str) else None,
        )

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        flt = self.current_filter()
        self.db_read(lambda s: _fetch(s, flt), self.show_rows)

    def show_rows(self, result: tuple[DirectoryFilter, list[DirectoryRow], int]) -> None:
        flt, rows, total = result
        if flt != self.current_filter():
            return  # the user has typed on since this query started
        self._rows = rows
        table = self._fill()
        if self._select_after_load is not None and self._select_after_load in table.rows:
            table.move_cursor(row=table.get_row_index(self._select_after_load))
        self._select_after_load = None
        if not rows:
            count = (
                _("No stakeholder matches.")
                if flt.search or flt.category
                else _("No stakeholder yet: press a to add one.")
            )
        elif total > len(rows):
            count = _("{shown} of {total} stakeholders shown; search to narrow them.").format(
                shown=number(len(rows)), total=number(total)
            )
        else:
            count = ngettext("{total} stakeholder", "{total} stakeholders", total).format(
                total=number(total)
            )
        self.query_one("#count", Static).update(count)

    def _fill(self) -> DataTable[Any]:
        self._filled_width = self.size.width
        table: DataTable[Any] = self.query_one("#directory", DataTable)
        activities = _("Activities")
        fixed = PHONE_WIDTH + len(activities) + 4
        name_w, category_w, contact_w = text_column_widths(self.size.width, fixed, (5, 3, 3))
        with keep_cursor(table):
            table.clear(columns=True)
            table.add_column(_("Name"), key="name", width=name_w)
            table.add_column(_("Category"), key="category", width=category_w)
            table.add_column(_("Contact person"), key="contact", width=contact_w)
            table.add_column(_("Phone"), key="phone")
            table.add_column(activities, key="activities")
            for row in self._rows:
                table.add_row(
                    Text(row.name),
                    category_label(row.category),
                    Text(row.contact_person),
                    Text(row.phone),
                    Text(number(row.activities), justify="right"),
                    key=str(row.id),
                )
        return table

    def on_resize(self) -> None:
        # Only a new width changes the columns; showing a modal above also resizes.
        if self.size.width != self._filled_width:
            self._fill()

    @on(Input.Changed, "#search")
    @on(Select.Changed, "#category")
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#search")
    def action_to_table(self) -> None:
        self.query_one("#directory", DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    # -- actions ---------------------------------------------------------------------

    def _current_id(self) -> int | None:
        table = self.query_one("#directory", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key else None

    def action_open(self) -> None:
        stakeholder_id = self._current_id()
        if stakeholder_id is not None:
            self.app.open_record("stakeholder", str(stakeholder_id))

    @on(DataTable.RowSelected, "#directory")
    def _row_selected(self) -> None:
        self.action_open()

    def action_add(self) -> None:
        self.app.push_screen(StakeholderForm(), self._saved)

    def action_edit(self) -> None:
        stakeholder_id = self._current_id()
        if stakeholder_id is not None:
            self.db_read(lambda s: stakeholder_detail(s, stakeholder_id), self._edit, group="edit")

    def _edit(self, detail: StakeholderDetail | None) -> None:
        if detail is None:
            self.notify(_("This stakeholder no longer exists."), severity="warning")
            self.reload()
            return
        self.app.push_screen(StakeholderForm(detail), self._saved)

    def _saved(self, saved: int | None) -> None:
        if saved is None:
            return
        self.notify(_("Saved."))
        self._select_after_load = str(saved)
        self.reload()
