"""Satu kegiatan: every field, where and for whom, with whom, when it repeats and its reach."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from planner import errors
from planner.dates import describe_rrule, format_datetime, format_short_date, format_time
from planner.formatting import number, percent, rupiah
from planner.i18n import N_, _
from planner.models import Activity
from planner.rules.labels import (
    category_label,
    level_label,
    method_mode_label,
    role_label,
    status_label,
)
from planner.services.activities import duplicate_activity
from planner.services.activity_views import ActivityView, activity_view, delete_activity
from planner.services.records import Conflict
from planner.tui.base import PlannerScreen
from planner.tui.widgets.confirm import Confirm

# --- shared by the activity screens -------------------------------------------------


def open_form(
    screen: Screen[Any],
    activity_id: int | None = None,
    then: Callable[[int | None], Any] | None = None,
) -> None:
    """Pushes the add/edit form; `then` gets the saved id, or None when cancelled."""
    from planner.tui.screens.activity_form import ActivityForm

    screen.app.push_screen(ActivityForm(activity_id), then)


def save_failed(screen: Screen[Any], exc: errors.PlannerError) -> None:
    """A change refused by the database: a colleague's edit gets its own, calmer notice."""
    if isinstance(exc, Conflict):
        screen.notify(str(exc), severity="warning", timeout=10)
    else:
        screen.notify(str(exc), severity="error")


class ConfirmDelete(Confirm):
    """Asks before deleting an activity."""

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__(question, detail, yes=_("Delete"), no=_("Cancel"), danger=True)


def confirm_delete(screen: PlannerScreen, activity_id: int, title: str, version: int) -> None:
    """Asks, then deletes the activity at the version shown; the screens reload after."""

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        screen.db_write(
            lambda s: delete_activity(s, activity_id, expected_version=version),
            lambda _none: deleted(),
            on_error=lambda exc: save_failed(screen, exc),
        )

    def deleted() -> None:
        screen.notify(_("Activity deleted: {title}").format(title=title))
        if isinstance(screen, ActivityPage) and screen.is_current:
            screen.app.pop_screen()

    screen.app.push_screen(
        ConfirmDelete(_("Delete this activity?"), title),
        answered,
    )


# --- the page ------------------------------------------------------------------------


# The facts shown beside their labels, in this order; empty ones are hidden.
FACTS = (
    "when",
    "repeats",
    "next",
    "status",
    "election",
    "venue",
    "method",
    "strategy",
    "segments",
    "budget",
    "participants",
    "version",
)


class ActivityPage(PlannerScreen):
    DEFAULT_CSS = """
    ActivityPage #body { height: 1fr; padding: 0 1; }
    ActivityPage #heading { padding: 0; }
    ActivityPage #summary { margin-bottom: 1; }
    ActivityPage #facts {
        grid-size: 2; grid-columns: auto 1fr; grid-gutter: 0 2; height: auto;
    }
    ActivityPage .fact-label { text-style: bold; }
    ActivityPage DataTable { height: auto; max-height: 12; }
    ActivityPage #texts { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("e", "edit", N_("Edit")),
        Binding("d", "done", N_("Mark done")),
        Binding("c", "duplicate", N_("Duplicate")),
        Binding("delete,x", "delete", N_("Delete"), key_display="Del"),
        Binding("h", "history", N_("History")),
        Binding("enter", "open", N_("Open"), show=False),
        Binding("r", "reload", N_("Refresh"), show=False),
    ]

    def __init__(self, activity_id: int) -> None:
        super().__init__()
        self.activity_id = activity_id
        self.view: ActivityView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(_("Loading…"), id="heading", classes="title", markup=False)
            yield Static("", id="summary", classes="muted", markup=False)
            with Grid(id="facts"):
                for key in FACTS:
                    yield Static("", id=f"label-{key}", classes="fact-label", markup=False)
                    yield Static("", id=f"fact-{key}", markup=False)
            regions: DataTable[Any] = DataTable(id="regions", cursor_type="row", zebra_stripes=True)
            regions.border_title = _("Regions")
            regions.add_class("panel")
            yield regions
            stakeholders: DataTable[Any] = DataTable(
                id="stakeholders", cursor_type="row", zebra_stripes=True
            )
            stakeholders.border_title = _("Stakeholders")
            stakeholders.add_class("panel")
            yield stakeholders
            yield Static("", id="texts")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        activity_id, now = self.activity_id, self.app.now()

        def query(s: Any) -> ActivityView | None:
            try:
                return activity_view(s, activity_id, now=now)
            except errors.NotFound:
                return None

        self.db_read(query, self.show_view)

    def show_view(self, view: ActivityView | None) -> None:
        if view is None:
            self.notify(
                _("Activity {id} no longer exists.").format(id=self.activity_id),
                severity="warning",
            )
            if self.is_current:
                self.app.pop_screen()
            return
        self.view = view
        d = view.detail
        a = d.activity
        self.sub_title = a.title
        self.query_one("#heading", Static).update(a.title)
        summary = [status_label(a.status)]
        if d.election is not None:
            summary.append(f"{view.h_label} {d.election.name}" if view.h_label else d.election.name)
        summary.append(format_datetime(a.start, all_day=a.all_day))
        self.query_one("#summary", Static).update(" · ".join(summary))
        for key, label, value in self._facts(view):
            for widget_id, text in ((f"#label-{key}", label), (f"#fact-{key}", value)):
                widget = self.query_one(widget_id, Static)
                widget.update(text)
                widget.display = bool(value)
        self._fill_regions(view)
        self._fill_stakeholders(view)
        texts: list[Content] = []
        for label, value in ((_("Description"), a.description), (_("Outcome"), a.outcome)):
            if value:
                texts.append(Content.assemble((label, "bold"), "\n", value))
        self.query_one("#texts", Static).update(Content("\n\n").join(texts))

    def _facts(self, view: ActivityView) -> list[tuple[str, str, str]]:
        """(key, label, value) for each of FACTS."""
        d = view.detail
        a = d.activity
        when = format_datetime(a.start, all_day=a.all_day)
        if a.end is not None and not a.all_day:
            if a.end.date() == a.start.date():
                when += f"–{format_time(a.end.time())}"
            else:
                when += " – " + format_datetime(a.end)
        elif a.all_day:
            when += " (" + _("all day") + ")"
        method = ""
        if d.method is not None:
            method = f"{d.method.name} ({method_mode_label(d.method.mode)})"
        participants = ""
        if a.target_participants is not None or a.actual_participants is not None:
            participants = _("{actual} of {target} planned").format(
                actual=number(a.actual_participants), target=number(a.target_participants)
            )
            if view.reach_pct is not None:
                participants += " · " + _("reach {pct}").format(pct=percent(view.reach_pct, 0))
        election = ""
        if d.election is not None:
            election = d.election.name + (f" ({view.h_label})" if view.h_label else "")
        next_starts = ", ".join(
            format_short_date(t.date()) + ("" if a.all_day else " " + format_time(t.time()))
            for t in view.next_starts
        )
        values = {
            "when": (_("When"), when),
            "repeats": (_("Repeats"), describe_rrule(a.rrule) if a.rrule else ""),
            "next": (_("Next dates"), next_starts),
            "status": (_("Status"), status_label(a.status)),
            "election": (_("Election"), election),
            "venue": (_("Venue"), a.venue),
            "method": (_("Method"), method),
            "strategy": (_("Strategy"), d.strategy.name if d.strategy else ""),
            "segments": (_("Segments"), ", ".join(s.name for s in d.segments)),
            "budget": (_("Budget"), rupiah(a.budget) if a.budget is not None else ""),
            "participants": (_("Participants"), participants),
            "version": (_("Version"), str(a.version)),
        }
        return [(key, *values[key]) for key in FACTS]

    def _fill_regions(self, view: ActivityView) -> None:
        table = self.query_one("#regions", DataTable)
        table.clear(columns=True)
        table.add_columns(_("Name"), _("Code"), _("Level"))
        for r in view.detail.regions:
            table.add_row(Text(r.name), r.code, level_label(r.level), key=r.code)
        table.display = bool(view.detail.regions)

    def _fill_stakeholders(self, view: ActivityView) -> None:
        table = self.query_one("#stakeholders", DataTable)
        table.clear(columns=True)
        table.add_columns(_("Name"), _("Role"), _("Category"))
        for s, role in view.detail.stakeholders:
            table.add_row(Text(s.name), role_label(role), category_label(s.category), key=str(s.id))
        table.display = bool(view.detail.stakeholders)

    # -- actions ------------------------------------------------------------------------

    def _activity(self) -> Activity | None:
        return self.view.detail.activity if self.view is not None else None

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_history(self) -> None:
        from planner.tui.screens.history import HistoryScreen

        activity = self._activity()
        label = activity.title if activity is not None else str(self.activity_id)
        self.app.push_screen(HistoryScreen("activity", str(self.activity_id), label))

    def action_edit(self) -> None:
        if self._activity() is not None:
            open_form(self, self.activity_id)

    def action_done(self) -> None:
        from planner.tui.screens.mark_done import MarkDoneModal

        activity = self._activity()
        if activity is not None:
            self.app.push_screen(MarkDoneModal.for_activity(activity))

    def action_duplicate(self) -> None:
        activity_id = self.activity_id
        self.db_write(
            lambda s: duplicate_activity(s, activity_id).id,
            self._duplicated,
            on_error=lambda exc: save_failed(self, exc),
        )

    def _duplicated(self, copy_id: int | None) -> None:
        if copy_id is None:
            return
        self.notify(_("Copied as activity {id}.").format(id=copy_id))

        def show_copy(_saved: int | None) -> None:
            # Saved or not, the copy exists: its page is where to go on from.
            if self.is_current:
                self.app.switch_screen(ActivityPage(copy_id))

        open_form(self, copy_id, show_copy)

    def action_delete(self) -> None:
        activity = self._activity()
        if activity is not None:
            confirm_delete(self, self.activity_id, activity.title, activity.version)

    def action_open(self) -> None:
        focused = self.focused
        if not isinstance(focused, DataTable) or not focused.row_count:
            return
        key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
        if not key:
            return
        if focused.id == "regions":
            self.app.open_record("region", key)
        elif focused.id == "stakeholders":
            self.app.open_record("stakeholder", key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()
