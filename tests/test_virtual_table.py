"""The virtual table draws a million rows while fetching only the pages it shows."""

from __future__ import annotations

import threading

from textual.app import App, ComposeResult

from planner.tui.widgets.virtual_table import Column, TableRow, VirtualTable

TOTAL = 1_000_000


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.lock = threading.Lock()

    def __call__(self, offset: int, limit: int) -> list[TableRow]:
        with self.lock:
            self.calls.append((offset, limit))
        end = min(offset + limit, TOTAL)
        return [TableRow(str(i), [f"row {i}", str(i * 2)]) for i in range(offset, end)]


class TableApp(App[None]):
    def __init__(self, fetch: Recorder) -> None:
        super().__init__()
        self.fetch = fetch
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield VirtualTable(page_size=50)

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.set_source(
            [Column("name", "Name", 20), Column("n", "Twice", 10, "right")], TOTAL, self.fetch
        )
        table.focus()

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        self.selected.append(event.key)


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_only_visible_pages_are_fetched_and_end_is_one_jump_away() -> None:
    fetch = Recorder()
    app = TableApp(fetch)
    async with app.run_test(size=(60, 20)) as pilot:
        await _settle(pilot)
        table = app.query_one(VirtualTable)
        first = table.row_at(0)
        assert first is not None and first.cells[0] == "row 0"
        assert len(fetch.calls) <= 2
        await pilot.press("end")
        await _settle(pilot)
        assert table.cursor_row == TOTAL - 1
        assert table.cursor_key == str(TOTAL - 1)
        # The pages between the first and the last were never asked for.
        assert len(fetch.calls) <= 5
        assert all(off < 100 or off >= TOTAL - 200 for off, _ in fetch.calls)
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == [str(TOTAL - 1)]


async def test_memory_is_bounded_while_paging_through() -> None:
    fetch = Recorder()
    app = TableApp(fetch)
    async with app.run_test(size=(60, 20)) as pilot:
        await _settle(pilot)
        table = app.query_one(VirtualTable)
        table.max_pages = 4
        for _ in range(40):
            await pilot.press("pagedown")
        await _settle(pilot)
        assert len(table._pages) <= table.max_pages
        assert table.cursor_row > 600


async def test_reload_keeps_the_cursor_on_the_same_record() -> None:
    fetch = Recorder()
    app = TableApp(fetch)
    async with app.run_test(size=(60, 20)) as pilot:
        await _settle(pilot)
        table = app.query_one(VirtualTable)
        for _ in range(7):
            await pilot.press("down")
        await _settle(pilot)
        assert table.cursor_key == "7"
        table.reload()
        await _settle(pilot)
        assert table.cursor_key == "7"


def test_plain_cells_draw_as_rich_text_draws_them() -> None:
    from rich.style import Style
    from rich.text import Text

    from planner.tui.widgets.virtual_table import _plain_cell

    table = VirtualTable()
    app = TableApp(Recorder())
    cells: list[str | Text] = [
        "",
        "33.16.06.2001",
        "a name that is far too long for its column",
        "exactly ten",
        Text("bold one", style="bold"),
        Text("strike", style="strike"),
        Text("plain text"),
        Text("short", justify="right"),
    ]
    style = Style(color="red", bgcolor="black", bold=True)
    for width in (1, 2, 5, 10, 11, 40):
        for align in ("left", "right"):
            column = Column("c", "C", width, align)
            for cell in cells:
                fast = _plain_cell(cell, column, style)
                assert fast is not None
                slow = VirtualTable._rich_cell.__get__(table)
                with app._context():
                    expected = slow(cell, column, style)
                assert "".join(s.text for s in expected) == fast.text, (cell, width, align)
                assert {s.style for s in expected if s.text} <= {fast.style}, (cell, width)
