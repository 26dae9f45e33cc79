"""One region's page: turnout per election, flags, lokus, activities and stakeholders."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Select, Static

from planner import errors
from planner.dates import format_short_date, format_time
from planner.formatting import number, percent
from planner.i18n import N_, _
from planner.models.enums import Denominator
from planner.rules.labels import (
    category_label,
    level_label,
    lokus_criterion_label,
    status_label,
)
from planner.services.lokus import CRITERIA, add_lokus, remove_lokus
from planner.services.region_views import LokusItem, RegionPageData, region_page
from planner.tui.base import PlannerModal, PlannerScreen
from planner.tui.screens.regions import RowTable
from planner.tui.widgets.confirm import Confirm

NOTE_MAX = 500


def _denominator(value: str) -> str:
    return _("DPT") if value == Denominator.DPT else _("DPT+DPTb+DPK")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class RegionPage(PlannerScreen):
    DEFAULT_CSS = """
    RegionPage #body { height: 1fr; }
    RegionPage #where, RegionPage #synthetic { height: auto; padding: 0 1; }
    RegionPage DataTable { height: auto; max-height: 14; }
    RegionPage #flags { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Back")),
        Binding("a", "add_lokus", N_("Add lokus")),
        Binding("x,delete", "clear_lokus", N_("Clear lokus"), key_display="x"),
        Binding("r", "reload", N_("Refresh")),
        Binding("h", "history", N_("History")),
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self._data: RegionPageData | None = None
        self._token = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(self.code, id="title", classes="title")
            yield Static(_("Loading…"), id="where", classes="muted")
            yield Static("", id="synthetic", classes="note")
            history: DataTable[object] = DataTable(
                id="history", cursor_type="row", zebra_stripes=True, classes="panel"
            )
            history.border_title = _("Turnout per election")
            yield history
            flags = Static("", id="flags", classes="panel")
            flags.border_title = _("Flags")
            yield flags
            lokus = RowTable(id="lokus", cursor_type="row", zebra_stripes=True, classes="panel")
            lokus.border_title = _("Focus area (lokus)")
            yield lokus
            activities = RowTable(
                id="activities", cursor_type="row", zebra_stripes=True, classes="panel"
            )
            activities.border_title = _("Activities here and within")
            yield activities
            stakeholders = RowTable(
                id="stakeholders", cursor_type="row", zebra_stripes=True, classes="panel"
            )
            stakeholders.border_title = _("Stakeholders serving it")
            yield stakeholders
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#history", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self._token += 1
        token, code = self._token, self.code
        self.db_read(lambda s: region_page(s, code), lambda data: self._show(token, data))

    def action_reload(self) -> None:
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_history(self) -> None:
        from planner.tui.screens.history import HistoryScreen

        label = self._data.region.label if self._data is not None else self.code
        self.app.push_screen(HistoryScreen("region", self.code, label))

    # -- showing ---------------------------------------------------------------------

    def _show(self, token: int, data: RegionPageData) -> None:
        if token != self._token:
            return
        self._data = data
        region = data.region
        self.query_one("#title", Static).update(f"{region.label} ({region.code})")
        where = [level_label(region.level)]
        if data.chain:
            where.append(" › ".join(r.label for r in data.chain))
        if data.child_count:
            where.append(_("{n} regions below").format(n=number(data.child_count)))
        self.query_one("#where", Static).update(" · ".join(where))
        self.query_one("#synthetic", Static).update(
            _("Sample data: figures below the kabupaten are partly synthetic.")
            if data.synthetic
            else ""
        )
        self._fill_history(data)
        self._fill_flags(data)
        self._fill_lokus(data)
        self._fill_activities(data)
        self._fill_stakeholders(data)

    def _fill_history(self, data: RegionPageData) -> None:
        table = self.query_one("#history", DataTable)
        table.clear(columns=True)
        table.add_columns(
            _("Election"),
            _("DPT"),
            _("DPTb"),
            _("DPK"),
            _("Voters"),
            _("Participation"),
            _("Base"),
            _("Invalid"),
            _("Target"),
            _("Figure"),
        )
        for h in data.history:
            how = _("entered") if h.entered else _("summed")
            if h.synthetic:
                how += ", " + _("synthetic")
            table.add_row(
                h.election.name,
                Text(number(h.dpt), justify="right"),
                Text(number(h.dptb), justify="right"),
                Text(number(h.dpk), justify="right"),
                Text(number(h.voters), justify="right"),
                Text(percent(h.participation), justify="right"),
                _denominator(h.election.denominator),
                Text(percent(h.invalid_pct), justify="right"),
                Text(percent(h.election.target_pct, 1), justify="right"),
                how,
                key=str(h.election.id),
            )
        if not data.history:
            table.add_row(_("No turnout figures for this region yet."), *[""] * 9)

    def _fill_flags(self, data: RegionPageData) -> None:
        flags = self.query_one("#flags", Static)
        if data.flag_election is None:
            flags.border_title = _("Flags")
            flags.update(_("No turnout figures, so no flags from results."))
            return
        flags.border_title = _("Flags for {election}").format(election=data.flag_election.name)
        if data.reasons:
            flags.update("\n".join(f"• {r.describe()}" for r in data.reasons))
        else:
            flags.update(_("Not flagged by the results."))

    def _fill_lokus(self, data: RegionPageData) -> None:
        table = self.query_one("#lokus", RowTable)
        table.clear(columns=True)
        table.add_columns(_("Criterion"), _("Note"))
        for item in data.lokus:
            table.add_row(
                lokus_criterion_label(item.criterion), _cut(item.note, 80), key=str(item.id)
            )
        table.border_subtitle = _("a: add · x: clear")

    def _fill_activities(self, data: RegionPageData) -> None:
        table = self.query_one("#activities", RowTable)
        table.clear(columns=True)
        table.add_columns(_("When"), _("Activity"), _("Status"), _("Where"))
        for a in data.activities:
            when = format_short_date(a.start.date())
            if not a.all_day:
                when += " " + format_time(a.start.time())
            table.add_row(
                when,
                _cut(a.title, 50),
                status_label(a.status),
                ", ".join(a.places),
                key=str(a.id),
            )
        shown = len(data.activities)
        table.border_subtitle = (
            _("{shown} of {total}").format(shown=shown, total=data.activity_total)
            if shown < data.activity_total
            else str(shown)
        )

    def _fill_stakeholders(self, data: RegionPageData) -> None:
        table = self.query_one("#stakeholders", RowTable)
        table.clear(columns=True)
        table.add_columns(_("Stakeholder"), _("Category"), _("Serves"))
        for s in data.stakeholders:
            serves = (
                _("all of {region}").format(region=s.via.label) if s.inherited else _("this region")
            )
            table.add_row(s.name, category_label(s.category), serves, key=str(s.id))
        table.border_subtitle = str(len(data.stakeholders))

    # -- opening records ---------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is None:
            return
        if event.data_table.id == "activities":
            self.app.open_record("activity", key)
        elif event.data_table.id == "stakeholders":
            self.app.open_record("stakeholder", key)

    # -- lokus -------------------------------------------------------------------------

    def action_add_lokus(self) -> None:
        if self._data is None:
            return
        region = self._data.region
        self.app.push_screen(LokusModal(region.code, region.label), self._lokus_added)

    def _lokus_added(self, lokus_id: int | None) -> None:
        if lokus_id is not None:
            self.notify(_("Marked as a lokus."))
            self.reload()

    def _highlighted_lokus(self) -> LokusItem | None:
        table = self.query_one("#lokus", RowTable)
        if self._data is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((x for x in self._data.lokus if str(x.id) == key), None)

    def action_clear_lokus(self) -> None:
        item = self._highlighted_lokus()
        if item is None or self._data is None:
            self.notify(_("This region has no lokus flag to clear."), severity="warning")
            return
        question = _("Clear the lokus flag {criterion} from {region}?").format(
            criterion=lokus_criterion_label(item.criterion), region=self._data.region.label
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._clear(item)

        self.app.push_screen(ConfirmModal(question), answered)

    def _clear(self, item: LokusItem) -> None:
        lokus_id, version = item.id, item.version

        def change(session: Session) -> None:
            remove_lokus(session, lokus_id, expected_version=version)

        self.db_write(change, lambda _result: self.notify(_("Lokus flag cleared.")))


class LokusModal(PlannerModal[int | None]):
    """Marks a region as a lokus: KPU's criterion and a note on why."""

    DEFAULT_CSS = """
    LokusModal { align: center middle; }
    LokusModal > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    LokusModal Label { margin-top: 1; }
    LokusModal Horizontal { height: auto; margin-top: 1; }
    LokusModal Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]

    def __init__(self, code: str, label: str) -> None:
        super().__init__()
        self.code = code
        self.label = label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                _("Mark {region} as a focus area (lokus)").format(region=self.label),
                classes="title",
            )
            yield Label(_("Criterion"))
            yield Select[str](
                [(lokus_criterion_label(c), c) for c in CRITERIA],
                prompt=_("Choose a criterion"),
                id="criterion",
            )
            yield Static("", id="criterion-error", classes="field-error")
            yield Label(_("Note"))
            yield Input(
                placeholder=_("Why this region needs attention"),
                max_length=NOTE_MAX,
                id="note",
            )
            yield Static("", id="note-error", classes="field-error")
            with Horizontal():
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#criterion", Select).focus()

    def _error(self, field: str, message: str) -> None:
        self.query_one(f"#{field}-error", Static).update(message)

    @on(Select.Changed, "#criterion")
    def _criterion_changed(self, event: Select.Changed) -> None:
        self._error("criterion", "" if event.value != Select.NULL else _("choose a criterion"))

    @on(Input.Changed, "#note")
    def _note_changed(self) -> None:
        self._error("note", "")

    @on(Input.Submitted, "#note")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        criterion = self.query_one("#criterion", Select).selection
        if criterion is None:
            self._error("criterion", _("choose a criterion"))
            self.query_one("#criterion", Select).focus()
            return
        note = self.query_one("#note", Input).value
        code = self.code
        self.query_one("#save", Button).disabled = True

        def change(session: Session) -> int:
            lokus = add_lokus(session, code, str(criterion), note)
            assert lokus.id is not None
            return lokus.id

        self.db_write(change, self.dismiss, on_error=self._failed)

    def _failed(self, exc: errors.PlannerError) -> None:
        self.query_one("#save", Button).disabled = False
        if isinstance(exc, errors.InvalidInput) and exc.field in ("criterion", "note"):
            self._error(exc.field, exc.message)
        else:
            self.notify(str(exc), severity="error")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmModal(Confirm):
    """A yes/no question about a region's flags."""
