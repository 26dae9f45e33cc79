"""One stakeholder: how to reach them, where they work, and what they took part in."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from planner.dates import format_short_date
from planner.i18n import N_, _, ngettext
from planner.rules.labels import category_label, role_label, status_label
from planner.services.stakeholder_views import StakeholderDetail, stakeholder_detail
from planner.services.stakeholders import delete_stakeholder
from planner.tui.base import PlannerScreen
from planner.tui.screens.stakeholder_form import StakeholderForm
from planner.tui.screens.stakeholders import text_column_widths
from planner.tui.screens.vocabulary_form import Choice, ChoiceDialog
from planner.tui.widgets.tables import keep_cursor


def _contact_text(detail: StakeholderDetail) -> Text:
    row = detail.stakeholder
    text = Text()

    def line(label: str, value: str) -> None:
        if value:
            if text:
                text.append("\n")
            text.append(f"{label}: ", style="bold")
            text.append(value)

    line(_("Category"), category_label(row.category))
    person = row.contact_person
    if row.contact_title:
        person = f"{person} ({row.contact_title})" if person else row.contact_title
    line(_("Contact person"), person)
    line(_("Phone"), row.phone)
    line(_("E-mail"), row.email)
    line(_("Address"), row.address)
    line(
        _("Regions it serves"),
        ", ".join(r.label for r in detail.regions) or _("none recorded"),
    )
    line(_("Notes"), row.notes)
    return text


class StakeholderPage(PlannerScreen):
    DEFAULT_CSS = """
    StakeholderPage #info { height: auto; max-height: 45%; }
    StakeholderPage #contacts { padding: 0 1; }
    StakeholderPage #history {
        height: 1fr; border: round $primary 50%; border-title-color: $text-primary;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("e", "edit", N_("Edit")),
        Binding("d", "delete", N_("Delete")),
        Binding("h", "history", N_("History")),
        Binding("enter", "open", N_("Open the activity"), show=False),
        Binding("r", "reload", N_("Refresh"), show=False),
    ]

    def __init__(self, stakeholder_id: int) -> None:
        super().__init__()
        self._filled_width = -1
        self.stakeholder_id = stakeholder_id
        self.detail: StakeholderDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="info"):
            yield Label(_("Loading…"), id="name", classes="title", markup=False)
            yield Static("", id="contacts")
        history: DataTable[Any] = DataTable(id="history", cursor_type="row", zebra_stripes=True)
        history.border_title = _("Activities it took part in")
        yield history
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#history", DataTable).focus()
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        stakeholder_id = self.stakeholder_id
        self.db_read(lambda s: stakeholder_detail(s, stakeholder_id), self.show_detail)

    def show_detail(self, detail: StakeholderDetail | None) -> None:
        self.detail = detail
        name = self.query_one("#name", Label)
        contacts = self.query_one("#contacts", Static)
        if detail is None:
            name.update(_("This stakeholder no longer exists."))
            contacts.update("")
            self._fill()
            return
        name.update(detail.stakeholder.name)
        self.sub_title = detail.stakeholder.name
        contacts.update(_contact_text(detail))
        self._fill()

    def _fill(self) -> None:
        self._filled_width = self.size.width
        table: DataTable[Any] = self.query_one("#history", DataTable)
        history = self.detail.history if self.detail else []
        # Date, status and role take about 11 + 13 + 13 cells; the title shares the rest.
        (title_width,) = text_column_widths(self.size.width - 2, 37 + 6, (1,))
        with keep_cursor(table):
            table.clear(columns=True)
            table.add_column(_("Date"), key="date")
            table.add_column(_("Activity"), key="title", width=title_width)
            table.add_column(_("Status"), key="status")
            table.add_column(_("Role"), key="role")
            for item in history:
                table.add_row(
                    format_short_date(item.start.date()),
                    Text(item.title),
                    status_label(item.status),
                    role_label(item.role),
                    key=str(item.activity_id),
                )
            if self.detail is not None and not history:
                table.add_row("", _("No activity yet."), "", "")

    def on_resize(self) -> None:
        # Only a new width changes the columns; showing a modal above also resizes.
        if self.size.width != self._filled_width:
            self._fill()

    # -- actions -----------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_history(self) -> None:
        from planner.tui.screens.history import HistoryScreen

        detail = self.detail
        label = detail.stakeholder.name if detail is not None else str(self.stakeholder_id)
        self.app.push_screen(HistoryScreen("stakeholder", str(self.stakeholder_id), label))

    def action_open(self) -> None:
        table = self.query_one("#history", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key and key.isdigit():
            self.app.open_record("activity", key)

    @on(DataTable.RowSelected, "#history")
    def _row_selected(self) -> None:
        self.action_open()

    def action_edit(self) -> None:
        if self.detail is not None:
            self.app.push_screen(StakeholderForm(self.detail), self._saved)

    def _saved(self, saved: int | None) -> None:
        if saved is not None:
            self.notify(_("Saved."))
            self.reload()

    def action_delete(self) -> None:
        detail = self.detail
        if detail is None:
            return
        row = detail.stakeholder
        n = len(detail.history)
        message = _("Delete {name}? This cannot be undone.").format(name=row.name)
        if n:
            message += " " + ngettext(
                "It is taken off the {n} activity it took part in.",
                "It is taken off the {n} activities it took part in.",
                n,
            ).format(n=n)
        self.app.push_screen(
            ChoiceDialog(
                _("Delete"),
                message,
                [Choice("delete", _("Delete"), "error"), Choice("cancel", _("Cancel"))],
                focus="cancel",
            ),
            lambda answer: self._delete(detail) if answer == "delete" else None,
        )

    def _delete(self, detail: StakeholderDetail) -> None:
        stakeholder_id, version = self.stakeholder_id, detail.stakeholder.version
        name = detail.stakeholder.name

        def deleted(_result: None) -> None:
            self.notify(_("{name} deleted.").format(name=name))
            self.app.pop_screen()

        self.db_write(
            lambda s: delete_stakeholder(s, stakeholder_id, expected_version=version), deleted
        )
