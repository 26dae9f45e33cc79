"""Refilling a table without losing the user's place in it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from textual.widgets import DataTable


@contextmanager
def keep_cursor(table: DataTable[Any]) -> Iterator[None]:
    """Refill inside the block; the cursor goes back to the same row if it is still there."""
    key = None
    if table.row_count and table.cursor_row >= 0:
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            key = None
    column = table.cursor_column
    scroll_y = table.scroll_y
    yield
    if key is not None and key in table.rows:
        table.move_cursor(row=table.get_row_index(key), column=column, animate=False)
        table.scroll_to(y=scroll_y, animate=False, immediate=True)
