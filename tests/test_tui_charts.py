"""Grafik: participation per kecamatan and across elections, and reach per segment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from planner.exports.report import gather_report
from planner.formatting import number, percent
from planner.importers.codes import level_of
from planner.importers.fields import RegionRecord
from planner.services.dashboard import participation_grid
from planner.services.regions import import_regions
from planner.store import open_database
from planner.tui.app import PlannerApp
from planner.tui.screens.charts import ChartsScreen, scale_floor
from planner.tui.widgets.bar_chart import Bar, BarChart, Heading, bar_cells, chart_text
from tests.conftest import FIXED_NOW
from tests.tui_helpers import make_app, screen_text, settle

BLORA = "33.16"


def expected_rates(
    path: Path,
) -> tuple[list[tuple[str, float | None]], dict[str, dict[str, float]]]:
    """(election name, target) oldest first, and kecamatan name -> election name -> rate."""
    database = open_database(path)
    with database.read() as s:
        grid = participation_grid(s, BLORA)
        elections = [(e.name, e.target_pct) for e in grid.elections]
        names = {r.code: r.name for r in grid.regions}
        rates: dict[str, dict[str, float]] = {}
        by_id = {e.id: e.name for e in grid.elections}
        for (code, eid), rate in grid.rates.items():
            rates.setdefault(names[code], {})[by_id[eid]] = rate
    database.dispose()
    return elections, rates


async def open_charts(pilot: Pilot[None]) -> ChartsScreen:
    await settle(pilot)
    screen = ChartsScreen()
    pilot.app.push_screen(screen)
    await settle(pilot)
    assert pilot.app.screen is screen
    return screen


def chart(app: PlannerApp, pane: str) -> BarChart:
    return app.screen.query_one(f"#{pane}-chart", BarChart)


def line_of(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


async def test_participation_per_kecamatan_shows_sambong_and_bogorejo(blora_path: Path) -> None:
    elections, rates = expected_rates(blora_path)
    latest, target = elections[-1]
    assert latest == "Pilkada Blora 2024"
    assert target is not None
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_charts(pilot)
        text = screen_text(app)
        assert f"{latest}: participation per kecamatan of Kabupaten Blora" in text
        assert f"marks the target ({percent(target, 1)})" in text
        for name in ("Sambong", "Bogorejo"):
            line = line_of(text, name)
            assert percent(rates[name][latest], 1) in line
            assert "█" in line
            assert "│" in line
        bars = {b.label: b for b in chart(app, "per-kecamatan").lines if isinstance(b, Bar)}
        assert len(bars) == 16
        assert bars["Sambong"].value == rates["Sambong"][latest]
        assert bars["Sambong"].low and bars["Bogorejo"].low
        # Every line fits the terminal.
        width = chart(app, "per-kecamatan").content_size.width
        assert all(
            len(line) <= width for line in str(chart(app, "per-kecamatan").render()).split("\n")
        )

        # The lowest first: Bogorejo and Sambong lead.
        await pilot.press("o")
        await settle(pilot)
        order = [b.label for b in chart(app, "per-kecamatan").lines if isinstance(b, Bar)]
        assert set(order[:2]) == {"Bogorejo", "Sambong"}

        # `e` moves to the next election, round to the oldest.
        await pilot.press("e")
        await settle(pilot)
        oldest = elections[0][0]
        text = screen_text(app)
        assert f"{oldest}: participation per kecamatan" in text
        assert percent(rates["Sambong"][oldest], 1) in line_of(text, "Sambong")
        await pilot.press("E")
        await settle(pilot)
        assert f"{latest}: participation per kecamatan" in screen_text(app)


async def test_across_elections_groups_each_kecamatan(blora_path: Path) -> None:
    elections, rates = expected_rates(blora_path)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_charts(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "across-elections"
        lines = chart(app, "across-elections").lines
        start = next(
            i
            for i, line in enumerate(lines)
            if isinstance(line, Heading) and line.text == "Sambong"
        )
        group = lines[start + 1 : start + 1 + len(elections)]
        assert [line.label.strip() for line in group if isinstance(line, Bar)] == [
            name for name, _target in elections
        ]
        assert [line.value for line in group if isinstance(line, Bar)] == [
            rates["Sambong"].get(name) for name, _target in elections
        ]
        assert "points since the first" in screen_text(app)


async def test_planned_and_reached_per_segment(blora_path: Path) -> None:
    database = open_database(blora_path)
    with database.read() as s:
        report = gather_report(
            s,
            region_code=BLORA,
            since=date(2026, 1, 1),
            until=date(2026, 12, 31),
            now=FIXED_NOW,
        )
        segments = [(r.segment.name, r.target_all, r.actual) for r in report.segments]
    database.dispose()
    assert segments

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_charts(pilot)
        await pilot.press("c", "c")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "reach"
        bars = [b for b in chart(app, "reach").lines if isinstance(b, Bar)]
        assert [(b.label, b.value, b.series) for b in bars[::2]] == [
            (name, planned, 1) for name, planned, _reached in segments
        ]
        assert [b.value for b in bars[1::2]] == [reached for _n, _p, reached in segments]
        text = screen_text(app)
        assert "Participants planned and reached per segment in 2026" in text
        name, planned, _reached = segments[0]
        assert number(planned) in line_of(text, name)

        # The year before has other activities, or none.
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "per segment in 2025" in screen_text(app)


async def test_charts_read_in_the_light_theme_and_in_indonesian(blora_path: Path) -> None:
    _elections, rates = expected_rates(blora_path)
    app = make_app(blora_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-light"
        await open_charts(pilot)
        text = screen_text(app)
        assert percent(rates["Sambong"]["Pilkada Blora 2024"], 1) in line_of(text, "Sambong")
        assert "," in percent(71.25, 1)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ChartsScreen)


@pytest.fixture
def without_turnout(tmp_path: Path) -> Path:
    """Blora's regions and nothing else."""
    path = tmp_path / "kosong.db"
    database = open_database(path)
    with database.write() as s:
        import_regions(
            s,
            [
                RegionRecord(1, "33", "Jawa Tengah", level_of("33"), None),
                RegionRecord(2, BLORA, "Kabupaten Blora", level_of(BLORA), "33"),
            ],
            source="test",
        )
    database.dispose()
    return path


async def test_without_turnout_the_charts_say_so(without_turnout: Path) -> None:
    app = make_app(without_turnout, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_charts(pilot)
        assert "No election has turnout figures yet." in screen_text(app)


def test_bars_scale_in_eighths_and_mark_the_target() -> None:
    assert bar_cells(50.0, width=4, minimum=0, maximum=100, shaded=False) == "██  "
    assert bar_cells(56.25, width=4, minimum=0, maximum=100, shaded=False) == "██▎ "
    assert bar_cells(None, width=3, minimum=0, maximum=100, shaded=False) == "   "
    assert bar_cells(100.0, width=3, minimum=0, maximum=100, shaded=True) == "▒▒▒"
    text = chart_text(
        [
            Heading("Sambong"),
            Bar("Pilkada 2024", 62.1, "62,1%", marker=82.0, low=True),
            Bar("Tanpa data", None, "–"),
        ],
        width=40,
        minimum=50,
        maximum=100,
    ).plain
    lines = text.split("\n")
    assert lines[0] == "Sambong"
    assert lines[1].startswith("Pilkada 2024 62,1% ")
    assert "│" in lines[1]
    assert lines[2].rstrip() == "Tanpa data".ljust(12) + " " + "–".rjust(5)
    assert all(len(line) <= 40 for line in lines)
    assert scale_floor([61.9, 75.9, 82.0]) == 50.0
    assert scale_floor([]) == 0.0
