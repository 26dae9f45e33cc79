"""The conflict dialog alone: each choice dismisses with the values to save."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from planner.i18n import set_language
from planner.tui.screens.conflict import ConflictDialog

MINE = {"title": "Sosialisasi pemilih pemula", "venue": "Aula SMA 1", "status": "rencana"}
THEIRS = {"title": "Sosialisasi pemilih pemula", "venue": "Balai Desa", "status": "terkonfirmasi"}
LABELS = {"title": "Title", "venue": "Venue", "status": "Status"}

_UNSET: Any = object()


class Host(App[None]):
    def __init__(self, dialog: ConflictDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.result: Any = _UNSET

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self._done)

    def _done(self, result: dict[str, str] | None) -> None:
        self.result = result


def _dialog(theirs: dict[str, str] | None = THEIRS) -> ConflictDialog:
    set_language("en")
    return ConflictDialog("Activity 'Sosialisasi'", MINE, theirs, LABELS)


async def _press(keys: list[str], theirs: dict[str, str] | None = THEIRS) -> Any:
    app = Host(_dialog(theirs))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()
    return app.result


async def test_differing_fields_are_marked_and_start_on_my_side() -> None:
    app = Host(_dialog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row(key)] for key in table.rows]
        assert rows[0][0].strip() == "Title" and not rows[0][0].startswith("≠")
        assert rows[1][0] == "≠ Venue" and rows[1][1] == "● Aula SMA 1"
        assert rows[1][2] == "○ Balai Desa"
        # The cursor starts on the first differing field, on my value.
        assert table.cursor_coordinate == Coordinate(1, 1)
        assert app.result is _UNSET


async def test_keep_mine() -> None:
    assert await _press(["m"]) == MINE


async def test_take_theirs() -> None:
    assert await _press(["t"]) == THEIRS


async def test_discard() -> None:
    assert await _press(["escape"]) is None


async def test_merge_field_by_field_with_the_keyboard() -> None:
    # Venue: Enter on the colleague's cell takes theirs; status stays mine.
    result = await _press(["right", "enter", "s"])
    assert result == {"title": MINE["title"], "venue": "Balai Desa", "status": "rencana"}


async def test_space_switches_the_side_of_the_current_field() -> None:
    result = await _press(["down", "space", "s"])
    assert result == {"title": MINE["title"], "venue": "Aula SMA 1", "status": "terkonfirmasi"}


async def test_merge_with_the_mouse() -> None:
    app = Host(_dialog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        table = dialog.query_one(DataTable)
        table.move_cursor(row=2, column=2)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.click("#merge")
        await pilot.pause()
    assert app.result == {"title": MINE["title"], "venue": "Aula SMA 1", "status": "terkonfirmasi"}


async def test_buttons_keep_mine_and_take_theirs() -> None:
    for button, expected in (("#mine", MINE), ("#theirs", THEIRS), ("#discard", None)):
        app = Host(_dialog())
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.click(button)
            await pilot.pause()
        assert app.result == expected, button


async def test_a_record_deleted_meanwhile_can_be_saved_as_new_or_discarded() -> None:
    app = Host(_dialog(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#explain", Static).render())
        assert "deleted" in text
        assert not app.screen.query("#mine") and app.screen.query("#new")
        # Keys that need the colleague's values do nothing here.
        await pilot.press("t")
        await pilot.press("m")
        await pilot.pause()
        assert app.result is _UNSET
        await pilot.press("n")
        await pilot.pause()
    assert app.result == MINE
    assert await _press(["escape"], theirs=None) is None
