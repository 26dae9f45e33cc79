"""Live view: a colleague's save shows up without losing the user's place."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from planner.services.activities import ActivityDraft, add_activity
from planner.store import open_database
from tests.conftest import FIXED_NOW
from tests.tui_helpers import make_app, screen_text, settle


async def test_a_colleagues_save_appears_and_the_cursor_stays(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#upcoming", DataTable)
        table.focus()
        await pilot.press("down", "down")
        await settle(pilot)
        key_before = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        # The first poll only learns the file's current state.
        app._poll_changes()
        await settle(pilot)

        colleague = open_database(blora_path)
        with colleague.write() as s:
            add_activity(
                s,
                ActivityDraft(
                    title="Sosialisasi mendadak di Kunduran",
                    when="besok 08.00",
                    regions=["Kunduran"],
                ),
                today=FIXED_NOW.date(),
            )
        colleague.dispose()

        app._poll_changes()
        await settle(pilot)
        assert "Sosialisasi mendadak di Kunduran" in screen_text(app)
        key_after = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        assert key_after == key_before


async def test_no_change_no_reload(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reloads: list[int] = []
        original = app.screen.reload  # type: ignore[attr-defined]

        def counting() -> None:
            reloads.append(1)
            original()

        app.screen.reload = counting  # type: ignore[attr-defined]
        app._poll_changes()
        await settle(pilot)
        app._poll_changes()
        await settle(pilot)
        assert reloads == []
