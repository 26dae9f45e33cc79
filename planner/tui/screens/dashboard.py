"""Dasbor: the countdown, the last results, flagged districts and the coming activities."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from planner.dates import format_date, format_short_date, format_time
from planner.formatting import percent
from planner.i18n import N_, _
from planner.services.dashboard import Dashboard, build_dashboard
from planner.tui.base import PlannerScreen
from planner.tui.widgets.charts import bar, sparkline
from planner.tui.widgets.tables import keep_cursor

WIDE = 110

# The chart shows the parts of the home region: the provinces for the whole country.
CHART_TITLES = {
    "provinsi": N_("Participation per province over the elections"),
    "kabupaten": N_("Participation per kabupaten/kota over the elections"),
    "kecamatan": N_("Participation per kecamatan over the elections"),
    "desa": N_("Participation per desa/kelurahan over the elections"),
}


class DashboardScreen(PlannerScreen):
    DEFAULT_CSS = """
    DashboardScreen #body { height: 1fr; }
    DashboardScreen Grid { grid-size: 1; grid-gutter: 0 1; height: auto; }
    DashboardScreen.-wide Grid { grid-size: 2; }
    DashboardScreen .panel { height: auto; }
    DashboardScreen DataTable { height: auto; max-height: 20; }
    DashboardScreen #countdown { padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", N_("Refresh")),
        Binding("i", "app.tool('import')", N_("Import")),
        Binding("x", "app.tool('export')", N_("Export")),
        Binding("g", "app.tool('charts')", N_("Charts")),
        Binding("enter", "open", N_("Open"), show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(_("Loading…"), id="countdown")
            yield Static("", id="synthetic", classes="note")
            with Grid():
                flagged: DataTable[object] = DataTable(
                    id="flagged", cursor_type="row", zebra_stripes=True
                )
                flagged.border_title = _("Flagged districts and their coverage")
                flagged.add_class("panel")
                yield flagged
                upcoming: DataTable[object] = DataTable(
                    id="upcoming", cursor_type="row", zebra_stripes=True
                )
                upcoming.border_title = _("This week and coming activities")
                upcoming.add_class("panel")
                yield upcoming
            chart: DataTable[object] = DataTable(id="chart", cursor_type="row", zebra_stripes=True)
            chart.border_title = _("Participation per kecamatan over the elections")
            chart.add_class("panel")
            yield chart
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        now = self.app.now()
        self.db_read(lambda s: build_dashboard(s, now=now), self.show_data)

    def show_data(self, data: Dashboard) -> None:
        self.query_one("#countdown", Static).update(self._headline(data))
        self.query_one("#synthetic", Static).update(
            _("Sample data: figures below the kabupaten are partly synthetic.")
            if data.synthetic
            else ""
        )
        fills = (
            ("#flagged", self._fill_flagged),
            ("#upcoming", self._fill_upcoming),
            ("#chart", self._fill_chart),
        )
        for table_id, fill in fills:
            with keep_cursor(self.query_one(table_id, DataTable)):
                fill(data)

    def _headline(self, data: Dashboard) -> Text:
        text = Text()
        e = data.next_election
        if e is not None and e.voting_day is not None and data.days_to_vote is not None:
            text.append(f"{e.name}  ", style="bold")
            text.append(f"H-{data.days_to_vote}  ", style="bold reverse")
            text.append(" " + format_date(e.voting_day, weekday=True))
            if e.voting_day_estimated:
                text.append("  " + _("(estimated date)"), style="italic")
            if e.target_pct is not None:
                text.append("  " + _("target {target}").format(target=percent(e.target_pct)))
        else:
            text.append(_("No coming election: add one with its voting day."), style="italic")
        if data.scope is not None and data.results:
            text.append("\n" + _("Results in {area}:").format(area=data.scope.name) + " ")
            parts = []
            for r in data.results[-3:]:
                part = f"{r.election.name} {percent(r.participation)}"
                if r.election.target_pct is not None:
                    part += " " + _("(target {target})").format(
                        target=percent(r.election.target_pct)
                    )
                parts.append(part)
            text.append(" · ".join(parts))
        return text

    def _fill_flagged(self, data: Dashboard) -> None:
        table = self.query_one("#flagged", DataTable)
        table.clear(columns=True)
        table.add_columns(_("District"), _("Part."), _("Covered"), _("Next activity"))
        total = len(data.coverage.segments)
        for row in data.coverage.rows[:12]:
            status = row.status
            covered = row.covered_segments()
            style = "bold red" if covered == 0 else ("yellow" if covered < total / 2 else "green")
            nxt = (
                f"{format_short_date(row.next.start.date())} {row.next.title}"
                if row.next
                else _("none planned")
            )
            table.add_row(
                status.name,
                percent(status.participation, 1),
                Text(f"{covered}/{total}", style=style),
                nxt[:40],
                key=status.code,
            )
        if not data.coverage.rows:
            table.add_row(_("No district is flagged."), "", "", "")

    def _fill_upcoming(self, data: Dashboard) -> None:
        table = self.query_one("#upcoming", DataTable)
        table.clear(columns=True)
        table.add_columns(_("When"), _("H"), _("Activity"))
        for occurrence in [*data.this_week, *data.coming][:14]:
            when = format_short_date(occurrence.start.date())
            if not occurrence.activity.all_day:
                when += " " + format_time(occurrence.start.time())
            table.add_row(
                when,
                occurrence.h_label or "",
                occurrence.activity.title[:44],
                key=f"{occurrence.activity.id}@{occurrence.start.isoformat()}",
            )
        if not data.this_week and not data.coming:
            table.add_row("", "", _("Nothing planned in the coming 30 days."))

    def _fill_chart(self, data: Dashboard) -> None:
        table = self.query_one("#chart", DataTable)
        table.clear(columns=True)
        grid = data.grid
        table.border_title = _(CHART_TITLES.get(grid.level, CHART_TITLES["kecamatan"]))
        table.add_column(_("Region") if grid.level != "kecamatan" else _("Kecamatan"), key="name")
        for e in grid.elections:
            table.add_column(e.name, key=f"e{e.id}")
        table.add_column(_("Trend"), key="trend")
        table.add_column(_("Last"), key="bar")
        values = list(grid.rates.values())
        low, high = (min(values), max(values)) if values else (0.0, 100.0)
        for region in grid.regions:
            row = grid.row(region.code)
            last = next((v for v in reversed(row) if v is not None), None)
            cells: list[object] = [region.name]
            cells += [percent(v, 1) if v is not None else "–" for v in row]
            cells.append(sparkline(row, low, high))
            cells.append(bar(last, width=12, maximum=100.0, style="cyan"))
            table.add_row(*cells, key=region.code)

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable) and focused.row_count:
            key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
            if not key:
                return
            if focused.id in ("flagged", "chart"):
                self.app.open_record("region", key)
            elif focused.id == "upcoming":
                self.app.open_record("activity", key.split("@")[0])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()
