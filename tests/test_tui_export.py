"""Ekspor in the TUI: the form offers what each kind takes, and the file is written whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func
from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select, Static

from planner.exports.run import FORMATS_FOR
from planner.models import Activity
from planner.store import open_database
from planner.tui.screens.data_export import ExportScreen, default_name
from tests.tui_helpers import make_app, settle

SAMBONG = "33.16.06"


async def open_export(pilot: Pilot[None]) -> ExportScreen:
    await settle(pilot)
    screen = ExportScreen()
    pilot.app.push_screen(screen)
    await settle(pilot)
    assert pilot.app.screen is screen
    return screen


def shown(screen: ExportScreen, selector: str) -> str:
    widget = screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


def format_values(screen: ExportScreen) -> list[str]:
    select = screen.query_one("#format", Select)
    return [str(value) for _label, value in select._options if value != Select.NULL]


async def test_activities_to_xlsx(blora_path: Path, tmp_path: Path) -> None:
    database = open_database(blora_path)
    with database.read() as s:
        activities = s.exec(select(func.count()).select_from(Activity)).one()
    database.dispose()
    out = tmp_path / "kegiatan.xlsx"

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_export(pilot)
        # The default file is named by kind and date, in the format's extension.
        assert Path(screen.query_one("#out", Input).value).name == default_name(
            "activities", "csv", date(2026, 11, 28)
        )
        assert format_values(screen) == list(FORMATS_FOR["activities"])
        screen.query_one("#format", Select).value = "xlsx"
        await settle(pilot)
        assert screen.query_one("#out", Input).value.endswith("activities-2026-11-28.xlsx")
        screen.query_one("#out", Input).value = str(out)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"{activities} rows written to {out}." in shown(screen, "#result")

    assert out.stat().st_size > 0
    book = load_workbook(out, read_only=True)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    titles = {str(cell) for row in rows for cell in row if cell is not None}
    database = open_database(blora_path)
    with database.read() as s:
        first = s.exec(select(Activity.title).order_by(col(Activity.id))).first()
    database.dispose()
    assert first in titles


async def test_report_to_html_for_a_kecamatan(blora_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "laporan.html"
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_export(pilot)
        assert not screen.query_one("#contacts", Checkbox).display
        screen.query_one("#kind", Select).value = "report"
        await settle(pilot)
        assert format_values(screen) == ["html", "xlsx"]
        assert screen.query_one("#contacts", Checkbox).display
        assert not screen.query_one(".option-level").display
        screen.query_one("#format", Select).value = "html"
        screen.query_one("#out", Input).value = str(out)
        screen.query_one("#since", Input).value = "1/1/2026"
        screen.query_one("#until", Input).value = "31/12/2026"
        screen.query_one("#region", Select).value = SAMBONG
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"Report written to {out}" in shown(screen, "#result")

    html = out.read_text(encoding="utf-8")
    assert "Sambong" in html
    assert "<svg" in html
    assert len(html) > 2000


async def test_bad_input_is_shown_at_its_field_and_nothing_is_written(
    blora_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kalender.ics"
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_export(pilot)
        screen.query_one("#kind", Select).value = "calendar"
        await settle(pilot)
        assert format_values(screen) == ["ics"]
        assert screen.query_one("#out", Input).value.endswith(".ics")
        screen.query_one("#out", Input).value = str(out)
        screen.query_one("#since", Input).value = "31/12/2026"
        screen.query_one("#until", Input).value = "bukan tanggal"
        await settle(pilot)
        assert shown(screen, "#until-error")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not out.exists()
        screen.query_one("#until", Input).value = "1/1/2026"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "the last day is before the first" in shown(screen, "#until-error")
        assert not out.exists()

        screen.query_one("#out", Input).value = str(tmp_path / "tidak-ada" / "kalender.ics")
        await settle(pilot)
        assert "does not exist" in shown(screen, "#out-error")
        screen.query_one("#out", Input).value = str(out.with_suffix(".csv"))
        await settle(pilot)
        assert "should end in .ics" in shown(screen, "#out-error")

        screen.query_one("#out", Input).value = str(out)
        screen.query_one("#until", Input).value = "31/1/2027"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"written to {out}" in shown(screen, "#result")
        assert out.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
