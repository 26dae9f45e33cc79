"""Agenda: the week or the month day by day, repeating activities shown on every date."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from planner.dates import format_date, format_time, month_name
from planner.i18n import N_, _, ngettext
from planner.services.activities import ActivityFilter
from planner.services.activity_views import AgendaPeriod, Span, agenda_period, shift_period
from planner.tui.base import PlannerScreen
from planner.tui.screens.activities import clip as _clip
from planner.tui.screens.activities import day_text, status_text


def _is_filtered(flt: ActivityFilter) -> bool:
    return bool(
        flt.status
        or flt.region_code
        or flt.segment_id is not None
        or flt.stakeholder_id is not None
        or flt.text.strip()
    )


class AgendaScreen(PlannerScreen):
    """Pushed over the activity list; Escape goes back to it."""

    DEFAULT_CSS = """
    AgendaScreen #period { height: auto; }
    AgendaScreen #period-note { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        # Priority: the table would otherwise take left and right for its cursor.
        Binding("left,p", "move(-1)", N_("Previous"), key_display="←", priority=True),
        Binding("right,n", "move(1)", N_("Next"), key_display="→", priority=True),
        Binding("t", "today", N_("Today")),
        Binding("w", "span('week')", N_("Week")),
        Binding("m", "span('month')", N_("Month")),
        Binding("enter", "open", N_("Open")),
    ]

    def __init__(
        self,
        flt: ActivityFilter | None = None,
        *,
        day: date | None = None,
        span: Span = Span.WEEK,
    ) -> None:
        super().__init__()
        self.flt = flt or ActivityFilter()
        self.day = day
        self.span = span
        self.period: AgendaPeriod | None = None
        self._load_seq = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading…"), id="period", classes="title")
        yield Static("", id="period-note")
        yield DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        if self.day is None:
            self.day = self.app.today()
        self.query_one("#agenda", DataTable).focus()
        self.reload()

    async def recompose(self) -> None:
        await super().recompose()
        self.query_one("#agenda", DataTable).focus()

    def reload(self) -> None:
        day = self.day or self.app.today()
        span, flt = self.span, self.flt
        self._load_seq += 1
        seq = self._load_seq
        self.db_read(
            lambda s: agenda_period(s, day, span, flt),
            lambda period: self.show_period(seq, period),
        )

    def _heading(self, period: AgendaPeriod) -> str:
        if period.span is Span.WEEK:
            return _("Week of {first} to {last}").format(
                first=format_date(period.first), last=format_date(period.last)
            )
        return f"{month_name(period.first.month)} {period.first.year}"

    def show_period(self, seq: int, period: AgendaPeriod) -> None:
        if seq != self._load_seq:
            return
        self.period = period
        self.query_one("#period", Static).update(Text(self._heading(period)))
        note = ngettext("{n} occurrence", "{n} occurrences", len(period.occurrences)).format(
            n=len(period.occurrences)
        )
        if _is_filtered(self.flt):
            note += " · " + _("filtered as in the activity list")
        self.query_one("#period-note", Static).update(note)
        self._fill(period)

    def _fill(self, period: AgendaPeriod) -> None:
        table = self.query_one("#agenda", DataTable)
        table.clear(columns=True)
        table.add_column(_("Date"), key="date")
        table.add_column(_("Time"), key="time")
        table.add_column(_("H"), key="h")
        table.add_column(_("Status"), key="status")
        table.add_column(_("Activity"), key="title")
        table.add_column(_("Venue"), key="venue")
        today = self.app.today()
        by_day: dict[date, list[int]] = {}
        for index, occurrence in enumerate(period.occurrences):
            by_day.setdefault(occurrence.start.date(), []).append(index)
        days = sorted(by_day)
        if period.span is Span.WEEK:
            # A week shows its empty days too: free days are what a planner looks for.
            days = [date.fromordinal(period.first.toordinal() + i) for i in range(7)]
        cursor_row: int | None = None
        for day in days:
            label = Text(day_text(day), style="bold underline" if day == today else "bold")
            if day == today or (cursor_row is None and day > today):
                cursor_row = table.row_count if cursor_row is None else cursor_row
            indices = by_day.get(day, [])
            if not indices:
                table.add_row(
                    label,
                    "",
                    "",
                    "",
                    Text(_("nothing planned"), style="dim"),
                    "",
                    key=f"day:{day.isoformat()}",
                )
                continue
            for position, index in enumerate(indices):
                o = period.occurrences[index]
                a = o.activity
                table.add_row(
                    label if position == 0 else "",
                    _("all day") if a.all_day else format_time(o.start.time()),
                    o.h_label or "",
                    status_text(a.status),
                    Text(_clip(a.title + (" ↻" if a.rrule else ""), 52)),
                    Text(_clip(a.venue, 36)),
                    key=f"{a.id}@{o.start.isoformat()}",
                )
        if not period.occurrences and period.span is Span.MONTH:
            table.add_row("", "", "", "", Text(_("Nothing planned this month."), style="dim"), "")
        if cursor_row is not None:
            table.move_cursor(row=cursor_row)

    # -- actions --------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_move(self, steps: int) -> None:
        self.day = shift_period(self.day or self.app.today(), self.span, steps)
        self.reload()

    def action_today(self) -> None:
        self.day = self.app.today()
        self.reload()

    def action_span(self, span: str) -> None:
        self.span = Span(span)
        self.reload()

    def action_open(self) -> None:
        table = self.query_one("#agenda", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key and "@" in key:
            from planner.tui.screens.activity_page import ActivityPage

            self.app.push_screen(ActivityPage(int(key.split("@")[0])))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()
