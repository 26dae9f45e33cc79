"""Driving the TUI in tests: a fixed clock, and waiting until the workers are done."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from planner.config import AppConfig
from planner.tui.app import PlannerApp
from planner.tui.widgets.virtual_table import VirtualTable
from tests.conftest import FIXED_NOW


def make_app(path: Path, lang: str = "id") -> PlannerApp:
    return PlannerApp(AppConfig(db_path=path, language=lang), clock=lambda: FIXED_NOW)


async def settle(pilot: Pilot[None], rounds: int = 40) -> None:
    """Waits until no worker runs and the screen has caught up with their results."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            return


def screen_text(app: PlannerApp) -> str:
    """All the text the current screen shows, for assertions."""
    from textual.widgets import DataTable, Static

    from planner.tui.widgets.virtual_table import VirtualTable

    parts: list[str] = []
    for widget in app.screen.query("*"):
        if isinstance(widget, VirtualTable):
            parts.extend(c.label for c in widget.columns)
            for row in widget.loaded_rows():
                parts.append(" ".join(str(c) for c in row.cells))
        elif isinstance(widget, DataTable):
            for row_key in widget.rows:
                parts.append(" ".join(str(c) for c in widget.get_row(row_key)))
            parts.extend(str(c.label) for c in widget.columns.values())
            if widget.border_title:
                parts.append(str(widget.border_title))
        elif isinstance(widget, Static):
            parts.append(str(widget.render()))
    return "\n".join(parts)


# -- reading a VirtualTable --------------------------------------------------------------


def vt_keys(table: VirtualTable) -> list[str]:
    """The keys of the rows in memory, in order: every row of a table of a few pages."""
    return [row.key for row in table.loaded_rows()]


def vt_row(table: VirtualTable, key: str) -> list[str]:
    """One row's cells as text, by the row's key."""
    for row in table.loaded_rows():
        if row.key == key:
            return [str(cell) for cell in row.cells]
    raise KeyError(key)


def vt_cell(table: VirtualTable, key: str, column: str) -> str:
    """One cell as text, by the row's key and the column's key."""
    index = [c.key for c in table.columns].index(column)
    return vt_row(table, key)[index]


def vt_point_at(table: VirtualTable, key: str) -> None:
    """Put the cursor on the row with this key (it must be in memory)."""
    table.focus()
    table.cursor_row = vt_keys(table).index(key)
