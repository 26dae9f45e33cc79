"""Kegiatan: every activity in time order, narrowed by the filter bar, with the day's actions.

The list is a VirtualTable: it counts the matches and reads the pages on
screen, so 100,000 activities open, filter and jump to the end at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Select, Static

from planner import errors
from planner.dates import format_short_date, format_time, parse_date, weekday_name
from planner.i18n import N_, _, ngettext
from planner.models import Region
from planner.models.enums import ActivityStatus
from planner.rules.labels import status_label
from planner.services.activities import ActivityFilter, duplicate_activity, resolve_region
from planner.services.activity_views import (
    ActivityListPage,
    ActivityRow,
    FilterChoices,
    activity_list_page,
    activity_position,
    activity_rows,
    date_range,
    filter_choices,
    short_regions,
)
from planner.tui.base import PlannerScreen
from planner.tui.screens.activity_page import (
    ActivityPage,
    confirm_delete,
    open_form,
    save_failed,
)
from planner.tui.widgets.virtual_table import Column, TableRow, VirtualTable

# Rows per page of the list; the table keeps a few pages, never the whole list.
PAGE_SIZE = 100
# Seconds of quiet typing before a text filter is applied.
DEBOUNCE = 0.3

# Text styles rather than colours, so every theme reads them.
_STATUS_STYLE = {
    ActivityStatus.RENCANA.value: "",
    ActivityStatus.TERKONFIRMASI.value: "bold",
    ActivityStatus.TERLAKSANA.value: "italic",
    ActivityStatus.BATAL.value: "strike",
}


def status_text(status: str) -> Text:
    return Text(status_label(status), style=_STATUS_STYLE.get(status, ""))


def day_text(day: date) -> str:
    """ "Sab 28 Nov 2026": the weekday helps more than the year when planning a week."""
    return f"{weekday_name(day.weekday())[:3]} {format_short_date(day)}"


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class ActivityLine(TableRow):
    """A line of the list with the activity it shows, for the row actions."""

    activity: ActivityRow | None = None


def activity_columns() -> list[Column]:
    return [
        Column("date", _("Date"), 16),
        Column("time", _("Time"), max(5, len(_("all day")))),
        Column("h", _("H"), 7),
        Column("status", _("Status"), max(len(status_label(s.value)) for s in ActivityStatus)),
        Column("title", _("Activity"), 48),
        Column("regions", _("Regions"), 24),
        Column("segments", _("Segments"), 28),
    ]


def activity_lines(rows: list[ActivityRow]) -> list[TableRow]:
    return [
        ActivityLine(
            str(row.id),
            [
                day_text(row.start.date()),
                _("all day") if row.all_day else format_time(row.start.time()),
                row.h_label or "",
                status_text(row.status),
                Text(clip(row.title + (" ↻" if row.recurring else ""), 48)),
                Text(clip(short_regions(row.regions), 24)),
                Text(clip(", ".join(row.segments), 28)),
            ],
            activity=row,
        )
        for row in rows
    ]


class ActivityTable(VirtualTable):
    """The list; Enter opens the activity (the screen's binding shows it in the footer)."""


class ActivitiesScreen(PlannerScreen):
    DEFAULT_CSS = """
    ActivitiesScreen #filters {
        grid-size: 4; grid-columns: 1fr 1fr 1fr 1fr; grid-gutter: 0 1;
        height: auto; padding: 0 1;
    }
    ActivitiesScreen #filters Input, ActivitiesScreen #filters Select { width: 100%; }
    ActivitiesScreen #filters Static { height: auto; min-height: 1; }
    ActivitiesScreen .filter-hint { color: $text-muted; }
    ActivitiesScreen #f-search { column-span: 2; }
    ActivitiesScreen #filters Input.-bad { background-tint: $error 25%; }
    ActivitiesScreen #count { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", N_("Open")),
        Binding("n", "new", N_("New")),
        Binding("e", "edit", N_("Edit")),
        Binding("d", "done", N_("Mark done")),
        Binding("c", "duplicate", N_("Duplicate")),
        Binding("delete,x", "delete", N_("Delete"), key_display="Del"),
        Binding("a", "agenda", N_("Agenda")),
        Binding("f", "filters", N_("Filter")),
        Binding("r", "reset", N_("Reset filters")),
        Binding("escape", "focus_table", N_("To the list")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.flt = ActivityFilter()
        self.page: ActivityListPage | None = None
        self.choices: FilterChoices | None = None
        self._status: str | None = None
        self._since: date | None = None
        self._until: date | None = None
        self._region_code: str | None = None
        self._segment_id: int | None = None
        self._stakeholder_id: int | None = None
        self._text = ""
        # What was typed in the date and region fields, understood or not.
        self._typed = {"from": "", "to": "", "region": ""}
        self._debouncers: dict[str, Timer] = {}
        self._load_seq = 0
        self._select_after_load: int | None = None

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Built from the screen's state, so a change of language keeps the filters.
        choices = self.choices
        yield Header()
        with Grid(id="filters"):
            yield Select[str](
                [(status_label(s.value), s.value) for s in ActivityStatus],
                prompt=_("All statuses"),
                value=self._status or Select.NULL,
                id="f-status",
                compact=True,
            )
            yield Input(
                self._typed["from"], placeholder=_("From (date)"), id="f-from", compact=True
            )
            yield Input(self._typed["to"], placeholder=_("To (date)"), id="f-to", compact=True)
            region = Input(
                self._typed["region"], placeholder=_("Region"), id="f-region", compact=True
            )
            region.tooltip = _("A region code (33.16.06) or name (Sambong); its villages count too")
            yield region
            yield Static("", id="h-status", classes="filter-hint")
            yield Static("", id="h-from", classes="filter-hint")
            yield Static("", id="h-to", classes="filter-hint")
            yield Static("", id="h-region", classes="filter-hint")
            yield Select[int](
                [(Text(name), value) for value, name in choices.segments] if choices else [],
                prompt=_("All segments"),
                value=self._segment_id if self._segment_id is not None else Select.NULL,
                id="f-segment",
                compact=True,
            )
            yield Select[int](
                [(Text(name), value) for value, name in choices.stakeholders] if choices else [],
                prompt=_("All stakeholders"),
                value=self._stakeholder_id if self._stakeholder_id is not None else Select.NULL,
                id="f-stakeholder",
                compact=True,
            )
            yield Input(
                self._text,
                placeholder=_("Search title, venue, description"),
                id="f-search",
                compact=True,
            )
        yield Static("", id="count")
        yield ActivityTable(id="activities", page_size=PAGE_SIZE)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#activities", ActivityTable).focus()
        self.reload()

    async def recompose(self) -> None:
        # Rebuilt in another language: the list keeps the keyboard.
        await super().recompose()
        self.query_one("#activities", ActivityTable).focus()

    # -- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        today, previous = self.app.today(), self.choices
        self.db_read(
            lambda s: filter_choices(s, today=today, previous=previous),
            self._show_choices,
            group="choices",
        )
        self._load_rows()

    def _load_rows(self, *, from_top: bool = False) -> None:
        """Count the matches and read the page the cursor is on (the first, after a filter).

        The cursor stays on its activity: after a save, on the one saved,
        wherever in the list that is; after a new filter, if the first page
        holds it.
        """
        self._load_seq += 1
        seq, flt = self._load_seq, self.flt
        table = self.query_one("#activities", ActivityTable)
        wanted = self._select_after_load
        self._select_after_load = None
        keep = wanted if wanted is not None else self._cursor_id()
        index = 0 if from_top else table.cursor_row
        # A new filter over the same list: the count of all activities stands.
        known_total = self.page.total if from_top and self.page is not None else None

        def query(s: Session) -> tuple[ActivityListPage, int]:
            at = index
            if wanted is not None:
                position = activity_position(s, flt, wanted)
                at = index if position is None else position
            page = activity_list_page(
                s, flt, limit=PAGE_SIZE, offset=(at // PAGE_SIZE) * PAGE_SIZE, total=known_total
            )
            if page.offset and not page.rows:
                # The list shrank below the cursor's page: start from the top.
                page, at = activity_list_page(s, flt, limit=PAGE_SIZE), 0
            return page, at

        self.db_read(
            query,
            lambda result: self._show_page(seq, keep, *result, filtering=from_top),
            group="rows",
        )

    def _show_page(
        self,
        seq: int,
        keep: int | None,
        page: ActivityListPage,
        index: int,
        *,
        filtering: bool = False,
    ) -> None:
        if seq != self._load_seq:
            return  # a newer filter's rows are on their way
        self.page = page
        table = self.query_one("#activities", ActivityTable)
        flt, matching, total = self.flt, page.matching, page.total
        app = self.app

        def fetch(offset: int, limit: int) -> list[TableRow]:
            # Runs in the table's worker thread, in a read of its own.
            try:
                with app.database.read() as s:
                    rows = activity_rows(
                        s, flt, limit=limit, offset=offset, matching=matching, total=total
                    )
            except errors.PlannerError as exc:
                app.call_from_thread(app.notify, str(exc), severity="error")
                return []
            return activity_lines(rows)

        # If the kept row went (deleted, or filtered out once done) the cursor stays put.
        table.set_source(
            activity_columns(),
            page.matching,
            fetch,
            keep_key=str(keep) if keep is not None else None,
            pages={page.offset // PAGE_SIZE: activity_lines(page.rows)},
            cursor=index,
            # A new filter reads its first page only; End then reads the last.
            read_last=not filtering,
        )
        self._show_count(page)

    def _show_count(self, page: ActivityListPage) -> None:
        text = ngettext(
            "{shown} of {total} activity", "{shown} of {total} activities", page.total
        ).format(shown=page.matching, total=page.total)
        if page.matching == 0 and page.total:
            text += " — " + _("no activity matches the filters; r resets them")
        self.query_one("#count", Static).update(text)

    def _show_choices(self, choices: FilterChoices) -> None:
        previous = self.choices
        self.choices = choices
        for select_id, options, old in (
            ("#f-segment", choices.segments, previous.segments if previous else None),
            ("#f-stakeholder", choices.stakeholders, previous.stakeholders if previous else None),
        ):
            if options == old:
                continue
            select = self.query_one(select_id, Select)
            current = select.selection
            select.set_options([(Text(name), value) for value, name in options])
            if current is not None and any(value == current for value, _n in options):
                select.value = current

    # -- the filter bar -----------------------------------------------------------------

    def _debounce(self, name: str, callback: Callable[[], None]) -> None:
        timer = self._debouncers.pop(name, None)
        if timer is not None:
            timer.stop()

        def fire() -> None:
            self._debouncers.pop(name, None)
            callback()

        self._debouncers[name] = self.set_timer(DEBOUNCE, fire)

    @property
    def typing_pending(self) -> bool:
        """True while a typed filter waits for the typing to pause."""
        return bool(self._debouncers)

    def _run_now(self, name: str, callback: Callable[[], None]) -> None:
        timer = self._debouncers.pop(name, None)
        if timer is not None:
            timer.stop()
        callback()

    def _hint(self, field: str, message: str, *, error: bool = False) -> None:
        hint = self.query_one(f"#h-{field}", Static)
        hint.set_class(error, "field-error")
        hint.set_class(not error, "filter-hint")
        hint.update(Text(message))
        if field != "status":
            # Not "-invalid": the app's style for it gives a compact input a tall border.
            self.query_one(f"#f-{field}", Input).set_class(error, "-bad")

    def _apply(self) -> None:
        since, until = date_range(self._since, self._until)
        flt = ActivityFilter(
            status=(self._status,) if self._status else (),
            since=since,
            until=until,
            region_code=self._region_code,
            segment_id=self._segment_id,
            stakeholder_id=self._stakeholder_id,
            text=self._text.strip(),
        )
        if flt != self.flt:
            self.flt = flt
            self._load_rows(from_top=True)

    def _read_date(self, field: str) -> None:
        """Shows the day understood (or why not) and keeps the last good one meanwhile."""
        text = self.query_one(f"#f-{field}", Input).value.strip()
        value: date | None = None
        if text:
            voting_day = self.choices.voting_day if self.choices else None
            try:
                value = parse_date(text, today=self.app.today(), voting_day=voting_day, field=field)
            except errors.InvalidInput as exc:
                self._hint(field, exc.message, error=True)
                return
            self._hint(field, day_text(value))
        else:
            self._hint(field, "")
        if field == "from":
            self._since = value
        else:
            self._until = value
        if self._since and self._until and self._until < self._since:
            self._hint("to", _("before the start date"), error=True)

    @on(Input.Changed, "#f-from")
    @on(Input.Changed, "#f-to")
    def _date_changed(self, event: Input.Changed) -> None:
        field = "from" if event.input.id == "f-from" else "to"
        self._typed[field] = event.value
        self._read_date(field)
        self._debounce("dates", self._apply)

    @on(Input.Changed, "#f-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._text = event.value
        self._debounce("search", self._apply)

    @on(Input.Changed, "#f-region")
    def _region_changed(self, event: Input.Changed) -> None:
        self._typed["region"] = event.value
        self._debounce("region", self._resolve_region)

    def _resolve_region(self) -> None:
        text = self.query_one("#f-region", Input).value.strip()
        if not text:
            self._region_code = None
            self._hint("region", "")
            self._apply()
            return

        def query(s: Session) -> Region | errors.InvalidInput:
            try:
                return resolve_region(s, text)
            except errors.InvalidInput as exc:
                return exc

        self.db_read(query, lambda found: self._region_resolved(text, found), group="region")

    def _region_resolved(self, text: str, found: Region | errors.InvalidInput) -> None:
        if text != self.query_one("#f-region", Input).value.strip():
            return  # the user has typed on since
        if isinstance(found, errors.InvalidInput):
            self._hint("region", found.message, error=True)
            return
        self._region_code = found.code
        self._hint("region", f"{found.name} ({found.code})")
        self._apply()

    @on(Input.Submitted, "#filters Input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "f-region":
            self._run_now("region", self._resolve_region)
        else:
            self._run_now("search" if event.input.id == "f-search" else "dates", self._apply)
        self.query_one("#activities", ActivityTable).focus()

    @on(Select.Changed, "#filters Select")
    def _select_changed(self, event: Select.Changed) -> None:
        selection = event.select.selection
        if event.select.id == "f-status":
            self._status = selection if isinstance(selection, str) else None
        elif event.select.id == "f-segment":
            self._segment_id = selection if isinstance(selection, int) else None
        elif event.select.id == "f-stakeholder":
            self._stakeholder_id = selection if isinstance(selection, int) else None
        self._apply()

    def action_filters(self) -> None:
        self.query_one("#f-search", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_table":
            # Shown only where it does something: in the filter bar.
            focused = self.focused
            return focused is not None and focused is not self.query_one("#activities")
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_focus_table(self) -> None:
        self.query_one("#activities", ActivityTable).focus()

    def action_reset(self) -> None:
        for timer in self._debouncers.values():
            timer.stop()
        self._debouncers.clear()
        for input_id in ("#f-from", "#f-to", "#f-region", "#f-search"):
            self.query_one(input_id, Input).value = ""
        for select in self.query("#filters Select").results(Select):
            select.clear()
        for field in ("status", "from", "to", "region"):
            self._hint(field, "")
        self._status = self._region_code = None
        self._since = self._until = None
        self._segment_id = self._stakeholder_id = None
        self._text = ""
        self._typed = {"from": "", "to": "", "region": ""}
        self._apply()

    # -- row actions --------------------------------------------------------------------

    def _cursor_id(self) -> int | None:
        key = self.query_one("#activities", ActivityTable).cursor_key
        return int(key) if key else None

    def selected(self) -> ActivityRow | None:
        table = self.query_one("#activities", ActivityTable)
        line = table.row_at(table.cursor_row) if table.total else None
        return line.activity if isinstance(line, ActivityLine) else None

    def action_open(self) -> None:
        row = self.selected()
        if row is not None:
            self.app.push_screen(ActivityPage(row.id))

    @on(VirtualTable.RowSelected, "#activities")
    def _row_selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def _saved(self, saved_id: int | None) -> None:
        if saved_id is not None:
            self._select_after_load = saved_id
            self._load_rows()

    def action_new(self) -> None:
        open_form(self, None, self._saved)

    def action_edit(self) -> None:
        row = self.selected()
        if row is not None:
            open_form(self, row.id, self._saved)

    def action_done(self) -> None:
        from planner.tui.screens.mark_done import MarkDoneModal

        row = self.selected()
        if row is None:
            return
        self.app.push_screen(
            MarkDoneModal(
                row.id,
                title=row.title,
                version=row.version,
                target=row.target,
                actual=row.actual,
                outcome=row.outcome,
            )
        )

    def action_duplicate(self) -> None:
        row = self.selected()
        if row is None:
            return
        source_id = row.id
        self.db_write(
            lambda s: duplicate_activity(s, source_id).id,
            self._duplicated,
            on_error=lambda exc: save_failed(self, exc),
        )

    def _duplicated(self, copy_id: int | None) -> None:
        if copy_id is None:
            return
        self.notify(_("Copied as activity {id}.").format(id=copy_id))
        self._select_after_load = copy_id
        open_form(self, copy_id, self._saved)

    def action_delete(self) -> None:
        row = self.selected()
        if row is not None:
            confirm_delete(self, row.id, row.title, row.version)

    def action_agenda(self) -> None:
        from planner.tui.screens.agenda import AgendaScreen

        # The agenda picks its own dates; the other filters carry over.
        self.app.push_screen(AgendaScreen(replace(self.flt, since=None, until=None)))
