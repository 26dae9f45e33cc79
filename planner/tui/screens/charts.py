"""Grafik: participation per kecamatan, across elections, and reach per segment, as text bars."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from planner import errors
from planner.formatting import number, percent, points
from planner.i18n import N_, _
from planner.services.region_views import ElectionRef
from planner.tui.base import PlannerScreen
from planner.tui.widgets.bar_chart import Bar, BarChart, ChartLine, Heading
from planner.tui.widgets.charts import sparkline

PANES: tuple[str, ...] = ("per-kecamatan", "across-elections", "reach")


@dataclass(frozen=True)
class SegmentBars:
    name: str
    planned: int | None
    reached: int | None


@dataclass(frozen=True)
class ChartData:
    """What the three charts show, read in one go."""

    scope: str | None
    # Elections with turnout figures, oldest first.
    elections: list[ElectionRef]
    # (code, name) of the kecamatan of the scope.
    regions: list[tuple[str, str]]
    rates: dict[tuple[str, int], float]
    year: int
    segments: list[SegmentBars] = field(default_factory=list)
    reach_note: str = ""
    synthetic: bool = False

    def rate(self, code: str, election: ElectionRef) -> float | None:
        return self.rates.get((code, election.id))


def chart_data(session: Session, *, now: datetime, year: int) -> ChartData:
    """The participation grid of the home region's kecamatan and the year's reach per segment."""
    from planner.exports.report import gather_report
    from planner.models import Region
    from planner.services.dashboard import participation_grid
    from planner.services.settings import is_synthetic, scope_region

    scope = scope_region(session)
    grid = participation_grid(session, scope)
    home = session.get(Region, scope) if scope else None
    segments: list[SegmentBars] = []
    note = ""
    try:
        report = gather_report(
            session,
            region_code=scope,
            since=date(year, 1, 1),
            until=date(year, 12, 31),
            now=now,
        )
    except errors.InvalidInput as exc:
        note = exc.message
    else:
        segments = [SegmentBars(r.segment.name, r.target_all, r.actual) for r in report.segments]
    return ChartData(
        scope=home.name if home else None,
        elections=[ElectionRef.of(e) for e in grid.elections],
        regions=[(r.code, r.name) for r in grid.regions],
        rates=dict(grid.rates),
        year=year,
        segments=segments,
        reach_note=note,
        synthetic=is_synthetic(session),
    )


def scale_floor(values: list[float]) -> float:
    """Where participation bars start: ten points under the lowest value, on a ten.

    Turnout runs between about 60 and 90 per cent; bars from zero would all
    look alike, so the scale starts lower down and the caption says where.
    """
    if not values:
        return 0.0
    return float(max(0, int(min(values)) // 10 * 10 - 10))


def per_kecamatan(data: ChartData, election: ElectionRef, *, by_rate: bool) -> list[Bar]:
    rows = [(name, data.rates.get((code, election.id))) for code, name in data.regions]
    if by_rate:
        # Lagging first: those are what the division plans for.
        rows.sort(key=lambda row: (row[1] is None, row[1] or 0.0, row[0]))
    target = election.target_pct
    return [
        Bar(
            label=name,
            value=rate,
            text=percent(rate, 1),
            marker=target,
            low=rate is not None and target is not None and rate < target,
        )
        for name, rate in rows
    ]


def across_elections(data: ChartData, *, by_rate: bool) -> list[ChartLine]:
    values = list(data.rates.values())
    low, high = (min(values), max(values)) if values else (0.0, 100.0)
    regions = list(data.regions)
    if by_rate and data.elections:
        last = data.elections[-1]
        regions.sort(key=lambda r: (data.rate(r[0], last) is None, data.rate(r[0], last) or 0.0))
    lines: list[ChartLine] = []
    for code, name in regions:
        series = [data.rate(code, e) for e in data.elections]
        known = [v for v in series if v is not None]
        detail = sparkline(series, low, high)
        if len(known) >= 2:
            change = known[-1] - known[0]
            detail += "  " + _("{change} points since the first").format(
                change=("+" if change >= 0 else "−") + points(abs(change))
            )
        lines.append(Heading(name, detail))
        for election, rate in zip(data.elections, series, strict=True):
            target = election.target_pct
            lines.append(
                Bar(
                    label="  " + election.name,
                    value=rate,
                    text=percent(rate, 1),
                    marker=target,
                    low=rate is not None and target is not None and rate < target,
                )
            )
    return lines


def reach_bars(data: ChartData) -> list[Bar]:
    lines: list[Bar] = []
    for segment in data.segments:
        lines.append(
            Bar(label=segment.name, value=segment.planned, text=number(segment.planned), series=1)
        )
        lines.append(Bar(label="", value=segment.reached, text=number(segment.reached)))
    return lines


class ChartsScreen(PlannerScreen):
    """Three charts on tabs; `c` switches chart, `e` the election, `o` the order."""

    DEFAULT_CSS = """
    ChartsScreen TabbedContent { height: 1fr; }
    ChartsScreen TabPane { padding: 0; }
    ChartsScreen VerticalScroll { height: 1fr; padding: 0 1; }
    ChartsScreen .caption { color: $text-muted; height: auto; }
    ChartsScreen .note { padding: 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("c", "next_chart", N_("Chart")),
        Binding("e", "next_election", N_("Election")),
        Binding("E", "previous_election", N_("Previous election"), show=False),
        Binding("o", "toggle_order", N_("Order")),
        Binding("left_square_bracket", "year(-1)", N_("Year before"), key_display="["),
        Binding("right_square_bracket", "year(1)", N_("Year after"), key_display="]"),
        Binding("r", "reload", N_("Refresh")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._data: ChartData | None = None
        self._election_id: int | None = None
        self._by_rate = False
        self._year: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=PANES[0]):
            titles = (
                N_("Per kecamatan"),
                N_("Across elections"),
                N_("Reach per segment"),
            )
            for pane, title in zip(PANES, titles, strict=True):
                with TabPane(_(title), id=pane), VerticalScroll(id=f"{pane}-scroll"):
                    yield Static(_("Loading…"), id=f"{pane}-caption", classes="caption")
                    yield Static("", id=f"{pane}-note", classes="note")
                    yield BarChart(id=f"{pane}-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#{PANES[0]}-scroll", VerticalScroll).focus()
        self.reload()

    # -- data ------------------------------------------------------------------------

    def reload(self) -> None:
        now = self.app.now()
        if self._year is None:
            self._year = now.year
        year = self._year
        self.db_read(lambda s: chart_data(s, now=now, year=year), self.show_data)

    def action_reload(self) -> None:
        self.reload()

    def show_data(self, data: ChartData) -> None:
        self._data = data
        known = {e.id for e in data.elections}
        if self._election_id not in known:
            self._election_id = data.elections[-1].id if data.elections else None
        self._draw()

    def _election(self) -> ElectionRef | None:
        if self._data is None:
            return None
        return next((e for e in self._data.elections if e.id == self._election_id), None)

    # -- drawing ---------------------------------------------------------------------

    def _draw(self) -> None:
        data = self._data
        if data is None:
            return
        synthetic = (
            _("Sample data: figures below the kabupaten are partly synthetic.")
            if data.synthetic
            else ""
        )
        for pane in PANES[:2]:
            self.query_one(f"#{pane}-note", Static).update(synthetic)
        self._draw_per_kecamatan(data)
        self._draw_across(data)
        self._draw_reach(data)

    def _draw_per_kecamatan(self, data: ChartData) -> None:
        chart = self.query_one("#per-kecamatan-chart", BarChart)
        caption = self.query_one("#per-kecamatan-caption", Static)
        election = self._election()
        if election is None:
            caption.update(_("No election has turnout figures yet."))
            chart.plot([])
            return
        values = [v for (_code, eid), v in data.rates.items() if eid == election.id]
        if election.target_pct is not None:
            values.append(election.target_pct)
        low = scale_floor(values)
        lines = [
            _("{election}: participation per kecamatan of {area}").format(
                election=election.name, area=data.scope or _("all regions")
            ),
            self._scale_text(low, election.target_pct),
        ]
        caption.update("\n".join(lines))
        chart.plot(
            per_kecamatan(data, election, by_rate=self._by_rate),
            minimum=low,
            maximum=100.0,
            empty=_("No kecamatan has figures for this election."),
        )

    def _scale_text(self, low: float, target: float | None) -> str:
        text = _("Bars run from {low} to {high}.").format(
            low=percent(low, 0), high=percent(100.0, 0)
        )
        if target is not None:
            text += " " + _("│ marks the target ({target}).").format(target=percent(target, 1))
        return text

    def _draw_across(self, data: ChartData) -> None:
        chart = self.query_one("#across-elections-chart", BarChart)
        caption = self.query_one("#across-elections-caption", Static)
        if not data.elections:
            caption.update(_("No election has turnout figures yet."))
            chart.plot([])
            return
        low = scale_floor(
            [*data.rates.values(), *(e.target_pct for e in data.elections if e.target_pct)]
        )
        caption.update(
            "\n".join(
                [
                    _("Participation per kecamatan in each election, oldest first."),
                    _("Bars run from {low} to {high}.").format(
                        low=percent(low, 0), high=percent(100.0, 0)
                    )
                    + " "
                    + _("│ marks each election's target."),
                ]
            )
        )
        chart.plot(across_elections(data, by_rate=self._by_rate), minimum=low, maximum=100.0)

    def _draw_reach(self, data: ChartData) -> None:
        chart = self.query_one("#reach-chart", BarChart)
        caption = self.query_one("#reach-caption", Static)
        self.query_one("#reach-note", Static).update(data.reach_note)
        caption.update(
            "\n".join(
                [
                    _("Participants planned and reached per segment in {year}").format(
                        year=data.year
                    ),
                    _("▒ planned (activities not cancelled)   █ reached (activities held)"),
                ]
            )
        )
        highest = max(
            (v for s in data.segments for v in (s.planned, s.reached) if v is not None),
            default=0,
        )
        chart.plot(
            reach_bars(data),
            minimum=0.0,
            maximum=float(highest or 1),
            empty=_("No activity with a segment in {year}.").format(year=data.year),
        )

    # -- keys ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_next_chart(self) -> None:
        active = self.query_one(TabbedContent).active
        index = PANES.index(active) if active in PANES else 0
        self._show_pane(PANES[(index + 1) % len(PANES)])

    def _step_election(self, step: int) -> None:
        data = self._data
        if data is None or not data.elections:
            return
        ids = [e.id for e in data.elections]
        index = ids.index(self._election_id) if self._election_id in ids else len(ids) - 1
        self._election_id = ids[(index + step) % len(ids)]
        if self.query_one(TabbedContent).active != PANES[0]:
            self._show_pane(PANES[0])
        self._draw()

    def action_next_election(self) -> None:
        self._step_election(1)

    def action_previous_election(self) -> None:
        self._step_election(-1)

    def action_toggle_order(self) -> None:
        self._by_rate = not self._by_rate
        self.notify(
            _("Lowest participation first") if self._by_rate else _("In alphabetical order"),
            timeout=2,
        )
        self._draw()

    def action_year(self, step: int) -> None:
        self._year = (self._year or self.app.today().year) + step
        self._show_pane(PANES[2])
        self.reload()

    def _show_pane(self, pane: str) -> None:
        self.query_one(TabbedContent).active = pane
        # Up and down then scroll the chart at once.
        self.query_one(f"#{pane}-scroll", VerticalScroll).focus()
