"""Daftar: the division's own segments, methods and strategies, to add, rename, retire or delete."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from planner import errors
from planner.formatting import number
from planner.i18n import N_, _
from planner.models import Method, Segment, Strategy
from planner.rules.labels import method_mode_label
from planner.services import vocabulary
from planner.tui.base import PlannerScreen
from planner.tui.screens.vocabulary_form import (
    Choice,
    ChoiceDialog,
    Kind,
    VocabEntry,
    VocabularyForm,
)
from planner.tui.widgets.tables import keep_cursor

# (kind, pane id, tab title); the order of the tabs.
TABS: tuple[tuple[Kind, str, str], ...] = (
    ("segment", "segments", N_("Segments")),
    ("method", "methods", N_("Methods")),
    ("strategy", "strategies", N_("Strategies")),
)
_PANE = {kind: pane for kind, pane, _title in TABS}
_KIND = {pane: kind for kind, pane, _title in TABS}


def load_lists(session: Session) -> dict[Kind, list[VocabEntry]]:
    """Every entry of the three lists, with how many activities use it."""
    segments = [
        VocabEntry(
            kind="segment",
            id=int(row.id or 0),
            name=row.name,
            description=row.description,
            active=row.active,
            version=row.version,
            used=vocabulary.activities_using(session, Segment, int(row.id or 0)),
            sort_order=row.sort_order,
        )
        for row in vocabulary.list_segments(session)
    ]
    methods = [
        VocabEntry(
            kind="method",
            id=int(row.id or 0),
            name=row.name,
            description=row.description,
            active=row.active,
            version=row.version,
            used=vocabulary.activities_using(session, Method, int(row.id or 0)),
            mode=row.mode,
        )
        for row in vocabulary.list_methods(session)
    ]
    strategies = [
        VocabEntry(
            kind="strategy",
            id=int(row.id or 0),
            name=row.name,
            description=row.description,
            active=row.active,
            version=row.version,
            used=vocabulary.activities_using(session, Strategy, int(row.id or 0)),
            challenges=tuple(c.name for c in vocabulary.challenges_of(session, int(row.id or 0))),
        )
        for row in vocabulary.list_strategies(session)
    ]
    return {"segment": segments, "method": methods, "strategy": strategies}


def _set_active(session: Session, entry: VocabEntry, active: bool) -> None:
    changes = {"active": active}
    if entry.kind == "segment":
        vocabulary.update_segment(session, entry.id, changes, expected_version=entry.version)
    elif entry.kind == "method":
        vocabulary.update_method(session, entry.id, changes, expected_version=entry.version)
    else:
        vocabulary.update_strategy(session, entry.id, changes, expected_version=entry.version)


def _delete(session: Session, entry: VocabEntry, force: bool) -> None:
    version = entry.version
    if entry.kind == "segment":
        vocabulary.delete_segment(session, entry.id, expected_version=version, force=force)
    elif entry.kind == "method":
        vocabulary.delete_method(session, entry.id, expected_version=version, force=force)
    else:
        vocabulary.delete_strategy(session, entry.id, expected_version=version, force=force)


class ListsScreen(PlannerScreen):
    DEFAULT_CSS = """
    ListsScreen TabbedContent { height: 1fr; }
    ListsScreen TabPane { padding: 0; }
    ListsScreen DataTable { height: 1fr; }
    ListsScreen #detail {
        height: auto; max-height: 6; padding: 0 1;
        border-top: solid $primary 50%;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", N_("Add")),
        Binding("e", "edit", N_("Edit")),
        Binding("t", "toggle_active", N_("Active on/off"), key_display="t"),
        Binding("d,delete", "delete", N_("Delete"), key_display="d"),
        Binding("left_square_bracket", "switch_tab(-1)", N_("Previous list"), key_display="["),
        Binding("right_square_bracket", "switch_tab(1)", N_("Next list"), key_display="]"),
        Binding("r", "reload", N_("Refresh"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._filled_width = -1
        self._entries: dict[Kind, dict[str, VocabEntry]] = {k: {} for k, _p, _t in TABS}
        self._focused_once = False
        self._select_after_load: tuple[Kind, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="segments"):
            for _kind, pane, title in TABS:
                with TabPane(_(title), id=pane):
                    table: DataTable[Any] = DataTable(
                        id=f"{pane}-table", cursor_type="row", zebra_stripes=True
                    )
                    yield table
        yield Static("", id="detail", markup=False)
        yield Footer()

    def _add_columns(self, kind: Kind, table: DataTable[Any]) -> None:
        status, used = _("Status"), _("Activities")
        if kind == "segment":
            table.add_column(_("Order"), key="order")
        name_width: int | None = None
        challenges_width: int | None = None
        if kind == "strategy":
            # Strategy names run long: name and challenges share what the other columns leave.
            status_width = max(len(status), len(_("active")), len(_("inactive")))
            room = self.size.width - 2 - status_width - len(used) - 4 * 2
            name_width = max(16, room * 11 // 20)
            challenges_width = max(12, room - name_width)
        table.add_column(_("Name"), key="name", width=name_width)
        if kind == "method":
            table.add_column(_("Mode"), key="mode")
        if kind == "strategy":
            table.add_column(_("Challenges"), key="challenges", width=challenges_width)
        table.add_column(status, key="active")
        table.add_column(used, key="used")

    def on_mount(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.db_read(load_lists, self.show_data)

    # -- showing -----------------------------------------------------------------

    def show_data(self, data: dict[Kind, list[VocabEntry]]) -> None:
        for kind, entries in data.items():
            self._entries[kind] = {str(e.id): e for e in entries}
            self._fill(kind)
        if self._select_after_load is not None:
            kind, key = self._select_after_load
            self._select_after_load = None
            table = self._table(kind)
            if key in table.rows:
                table.move_cursor(row=table.get_row_index(key))
        if not self._focused_once:
            self._focused_once = True
            self._table(self._kind()).focus()
        self._show_detail()

    def _fill(self, kind: Kind) -> None:
        self._filled_width = self.size.width
        table = self._table(kind)
        with keep_cursor(table):
            table.clear(columns=True)
            self._add_columns(kind, table)
            for key, entry in self._entries[kind].items():
                table.add_row(*self._cells(entry), key=key)

    def on_resize(self) -> None:
        # Only a new width changes the columns; showing a modal above also resizes.
        if self.size.width != self._filled_width:
            for kind, _pane, _title in TABS:
                self._fill(kind)

    def _cells(self, entry: VocabEntry) -> list[object]:
        style = "" if entry.active else "dim"
        cells: list[object] = []
        if entry.kind == "segment":
            cells.append(Text(str(entry.sort_order), style=style, justify="right"))
        cells.append(Text(entry.name, style=style))
        if entry.kind == "method":
            cells.append(Text(method_mode_label(entry.mode), style=style))
        if entry.kind == "strategy":
            cells.append(Text(", ".join(entry.challenges), style=style))
        cells.append(Text(_("active") if entry.active else _("inactive"), style=style))
        cells.append(Text(number(entry.used), style=style, justify="right"))
        return cells

    def _show_detail(self) -> None:
        entry = self._current()
        detail = self.query_one("#detail", Static)
        if entry is None:
            detail.update(_("Nothing here yet: press a to add one."))
            return
        lines = [entry.name]
        if entry.description:
            lines.append(entry.description)
        if entry.kind == "strategy":
            lines.append(_("Challenges: {names}").format(names=", ".join(entry.challenges) or "–"))
        detail.update("\n".join(lines))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self._show_detail()

    # -- where the user is ------------------------------------------------------

    def _kind(self) -> Kind:
        return _KIND.get(self.query_one(TabbedContent).active, "segment")

    def _table(self, kind: Kind) -> DataTable[Any]:
        return self.query_one(f"#{_PANE[kind]}-table", DataTable)

    def _current(self) -> VocabEntry | None:
        kind = self._kind()
        table = self._table(kind)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._entries[kind].get(key or "")

    def action_switch_tab(self, step: int) -> None:
        panes = [pane for _kind, pane, _title in TABS]
        tabs = self.query_one(TabbedContent)
        tabs.active = panes[(panes.index(tabs.active) + step) % len(panes)]
        self._table(self._kind()).focus()

    # -- actions -------------------------------------------------------------------

    def action_add(self) -> None:
        kind = self._kind()
        self.app.push_screen(VocabularyForm(kind), lambda saved: self._saved(kind, saved))

    def action_edit(self) -> None:
        entry = self._current()
        if entry is not None:
            self.app.push_screen(
                VocabularyForm(entry.kind, entry), lambda saved: self._saved(entry.kind, saved)
            )

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()

    def _saved(self, kind: Kind, saved: int | None) -> None:
        if saved is None:
            return
        self.notify(_("Saved."))
        # The new row exists only once the reload has filled the table.
        self._select_after_load = (kind, str(saved))
        self.reload()

    def action_toggle_active(self) -> None:
        entry = self._current()
        if entry is None:
            return
        active = not entry.active
        message = (_("{name} is active again.") if active else _("{name} is now inactive.")).format(
            name=entry.name
        )
        self.db_write(lambda s: _set_active(s, entry, active), lambda _r: self.notify(message))

    def action_delete(self) -> None:
        entry = self._current()
        if entry is None:
            return
        if entry.used:
            # Used entries go straight to the attempt: the refusal explains the choices.
            self._try_delete(entry, force=False)
            return
        self.app.push_screen(
            ChoiceDialog(
                _("Delete"),
                _("Delete {name}? This cannot be undone.").format(name=entry.name),
                [
                    Choice("delete", _("Delete"), "error"),
                    Choice("cancel", _("Cancel")),
                ],
                focus="cancel",
            ),
            lambda answer: self._try_delete(entry, force=False) if answer == "delete" else None,
        )

    def _try_delete(self, entry: VocabEntry, *, force: bool) -> None:
        self.db_write(
            lambda s: _delete(s, entry, force),
            lambda _r: self.notify(_("{name} deleted.").format(name=entry.name)),
            on_error=lambda exc: self._delete_failed(entry, exc),
        )

    def _delete_failed(self, entry: VocabEntry, exc: errors.PlannerError) -> None:
        if not isinstance(exc, vocabulary.InUse):
            self.notify(str(exc), severity="error", timeout=10)
            return
        choices = [
            Choice("force", _("Delete anyway"), "error"),
            Choice("cancel", _("Keep it")),
        ]
        if entry.active:
            choices.insert(0, Choice("deactivate", _("Make inactive"), "primary"))

        def answered(answer: str | None) -> None:
            if answer == "force":
                self._try_delete(entry, force=True)
            elif answer == "deactivate":
                self.db_write(
                    lambda s: _set_active(s, entry, False),
                    lambda _r: self.notify(_("{name} is now inactive.").format(name=entry.name)),
                )

        self.app.push_screen(ChoiceDialog(_("In use"), str(exc), choices, focus="cancel"), answered)
