"""Pemangku kepentingan: the directory of partners, searched as you type.

The directory is a VirtualTable: it counts the matches and reads the pages on
screen, so 20,000 stakeholders open and jump to the end at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Select, Static

from planner import errors
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
    directory_position,
    stakeholder_detail,
)
from planner.tui.base import PlannerScreen
from planner.tui.screens.stakeholder_form import StakeholderForm
from planner.tui.widgets.virtual_table import Column, TableRow, VirtualTable

# Rows per page of the directory; the table keeps a few pages, never all of them.
PAGE = 100
# Widths of the text columns when the screen is wide enough for all of them.
NATURAL_WIDTHS = (36, 24, 24)
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


@dataclass(frozen=True)
class DirectoryLine(TableRow):
    stakeholder: DirectoryRow | None = None


def directory_lines(rows: list[DirectoryRow]) -> list[TableRow]:
    return [
        DirectoryLine(
            str(row.id),
            [
                Text(row.name),
                category_label(row.category),
                Text(row.contact_person),
                Text(row.phone),
                number(row.activities),
            ],
            stakeholder=row,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class _Loaded:
    flt: DirectoryFilter
    rows: list[DirectoryRow]
    total: int
    offset: int
    index: int


def _fetch(session: Session, flt: DirectoryFilter, index: int, wanted: int | None) -> _Loaded:
    """The count and the page holding row `index` (or stakeholder `wanted`, wherever it is)."""
    if wanted is not None:
        position = directory_position(session, flt, wanted)
        index = index if position is None else position
    total = count_directory(session, flt)
    if index >= total:
        index = 0
    offset = (index // PAGE) * PAGE
    return _Loaded(flt, directory(session, flt, limit=PAGE, offset=offset), total, offset, index)


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
        # Reads that started before the last keystroke are dropped when they arrive.
        self._token = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder=_("Search name, contact person or category"), id="search")
            yield Select(
                [(category_label(c.value), c.value) for c in StakeholderCategory],
                prompt=_("All categories"),
                id="category",
            )
        yield VirtualTable(id="directory", page_size=PAGE)
        yield Static("", id="count", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#directory", VirtualTable).focus()
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

    def reload(self, *, from_top: bool = False) -> None:
        """Count the matches and read the cursor's page (the first, after a new filter)."""
        self._token += 1
        token = self._token
        flt = self.current_filter()
        table = self.query_one("#directory", VirtualTable)
        wanted = int(self._select_after_load) if self._select_after_load else None
        self._select_after_load = None
        keep = str(wanted) if wanted is not None else table.cursor_key
        index = 0 if from_top else table.cursor_row
        self.db_read(
            lambda s: _fetch(s, flt, index, wanted),
            lambda loaded: self.show_rows(token, keep, loaded, filtering=from_top),
        )

    def show_rows(
        self, token: int, keep: str | None, loaded: _Loaded, *, filtering: bool = False
    ) -> None:
        flt, total = loaded.flt, loaded.total
        if token != self._token or flt != self.current_filter():
            return  # the user has typed on since this query started
        table = self.query_one("#directory", VirtualTable)
        app = self.app

        def fetch(offset: int, limit: int) -> list[TableRow]:
            # Runs in the table's worker thread, in a read of its own.
            try:
                with app.database.read() as s:
                    rows = directory(s, flt, limit=limit, offset=offset, matching=total)
                    return directory_lines(rows)
            except errors.PlannerError as exc:
                app.call_from_thread(app.notify, str(exc), severity="error")
                return []

        self._filled_width = self.size.width
        table.set_source(
            self._columns(),
            total,
            fetch,
            keep_key=keep,
            pages={loaded.offset // PAGE: directory_lines(loaded.rows)},
            cursor=loaded.index,
            # A keystroke in the search reads its first page only.
            read_last=not filtering,
        )
        if not total:
            count = (
                _("No stakeholder matches.")
                if flt.search or flt.category
                else _("No stakeholder yet: press a to add one.")
            )
        else:
            count = ngettext("{total} stakeholder", "{total} stakeholders", total).format(
                total=number(total)
            )
        self.query_one("#count", Static).update(count)

    def _columns(self) -> list[Column]:
        activities = _("Activities")
        fixed = PHONE_WIDTH + len(activities) + 4
        widths = text_column_widths(self.size.width, fixed, (5, 3, 3))
        name_w, category_w, contact_w = (
            w if w is not None else natural
            for w, natural in zip(widths, NATURAL_WIDTHS, strict=True)
        )
        return [
            Column("name", _("Name"), name_w),
            Column("category", _("Category"), category_w),
            Column("contact", _("Contact person"), contact_w),
            Column("phone", _("Phone"), PHONE_WIDTH),
            Column("activities", activities, len(activities), "right"),
        ]

    def on_resize(self) -> None:
        # Only a new width changes the columns; showing a modal above also resizes.
        if self.size.width != self._filled_width:
            self._filled_width = self.size.width
            self.query_one("#directory", VirtualTable).set_columns(self._columns())

    @on(Input.Changed, "#search")
    @on(Select.Changed, "#category")
    def _filter_changed(self) -> None:
        self.reload(from_top=True)

    @on(Input.Submitted, "#search")
    def action_to_table(self) -> None:
        self.query_one("#directory", VirtualTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    # -- actions ---------------------------------------------------------------------

    def _current_id(self) -> int | None:
        key = self.query_one("#directory", VirtualTable).cursor_key
        return int(key) if key else None

    def action_open(self) -> None:
        stakeholder_id = self._current_id()
        if stakeholder_id is not None:
            self.app.open_record("stakeholder", str(stakeholder_id))

    @on(VirtualTable.RowSelected, "#directory")
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
