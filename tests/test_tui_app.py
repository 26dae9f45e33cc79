"""The app shell: welcome on an empty file, the dashboard on the sample, two languages."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from planner.models import Region, Segment
from planner.store import open_database
from tests.tui_helpers import make_app, screen_text, settle


async def test_an_empty_database_shows_the_welcome_screen_and_starts_blank(tmp_path: Path) -> None:
    from planner.tui.screens.welcome import WelcomeScreen

    path = tmp_path / "empty.db"
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert "Selamat datang" in screen_text(app)
        await pilot.click("#blank")
        await settle(pilot)
        assert app.current_mode == "dashboard"
        assert not isinstance(app.screen, WelcomeScreen)
    db = open_database(path)
    with db.read() as s:
        assert len(s.exec(select(Segment)).all()) >= 10
        assert s.exec(select(Region)).first() is None
    db.dispose()


async def test_the_dashboard_shows_blora(blora_path: Path) -> None:
    app = make_app(blora_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.current_mode == "dashboard"
        text = screen_text(app)
        assert "Pemilu 2029" in text and "H-808" in text
        assert "Sambong" in text and "Bogorejo" in text
        assert "71,24%" in text  # Pilkada Blora 2024, formatted the Indonesian way


async def test_switching_language_rewrites_the_screen(blora_path: Path) -> None:
    app = make_app(blora_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Kecamatan yang ditandai" in screen_text(app)
        await pilot.press("f2")
        await settle(pilot)
        text = screen_text(app)
        assert "Flagged districts" in text
        assert "71.24%" in text
