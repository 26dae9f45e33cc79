"""The command palette finds screens and records by name."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.command import CommandPalette

from tests.tui_helpers import make_app, settle


async def _type_and_wait(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await settle(pilot)
    for ch in text:
        await pilot.press(ch)
    # The palette searches after a short debounce, records in a thread.
    for _ in range(20):
        await asyncio.sleep(0.1)
        await pilot.pause()


async def test_a_region_is_found_by_name_and_opened(blora_path: Path) -> None:
    from planner.tui.screens.region_page import RegionPage

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _type_and_wait(pilot, "Sambong")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RegionPage)
        assert app.screen.code == "33.16.06"


async def test_a_screen_is_found_by_name(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _type_and_wait(pilot, "Coverage gaps")
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "gaps"
