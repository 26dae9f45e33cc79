"""A table that renders only the rows on screen and fetches them a page at a time.

A desa table of 83,762 rows or an activity list of 100,000 opens as fast as
one of thirty: the widget knows only the row count, asks its source for the
pages it is about to draw (in a thread worker, never on the UI thread), and
keeps a bounded number of pages in memory.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar, Literal

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cell = str | Text


@dataclass(frozen=True)
class Column:
    key: str
    # May hold "\n": the header grows to the tallest label.
    label: str
    width: int
    align: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class TableRow:
    key: str
    cells: Sequence[Cell]


# (offset, limit) -> rows; runs in a worker thread, so it may query the database.
Fetch = Callable[[int, int], list[TableRow]]


@lru_cache(maxsize=256)
def _parsed(style: str) -> Style:
    return Style.parse(style)


def _plain_cell(cell: Cell, column: Column, style: Style) -> Segment | None:
    """A cell of printable ASCII in one style as one segment; None for anything else.

    What Rich's Text makes of such a cell, at a twentieth of the cost: a
    screen of a 100,000-row table is redrawn whole at every jump.
    """
    if isinstance(cell, Text):
        if cell.spans:
            return None
        plain = cell.plain
        own = cell.style
        base = (_parsed(own) if isinstance(own, str) else own) + style if own else style
    else:
        plain, base = cell, style
    if not (plain.isascii() and plain.isprintable()):
        return None
    width = column.width
    if len(plain) > width:
        plain = plain[: width - 1] + "…" if width > 0 else ""
    padded = plain.rjust(width) if column.align == "right" else plain.ljust(width)
    return Segment(padded + " ", base)


class VirtualTable(ScrollView, can_focus=True):
    """Rows come from `fetch(offset, limit)`; only the visible pages are ever loaded."""

    DEFAULT_CSS = """
    VirtualTable { height: 1fr; background: $surface; }
    VirtualTable > .virtual-table--header { text-style: bold; background: $panel; }
    VirtualTable > .virtual-table--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: bold; }
    VirtualTable:blur > .virtual-table--cursor { background: $block-cursor-blurred-background;
        text-style: none; }
    VirtualTable > .virtual-table--odd { background: $surface-lighten-1; }
    VirtualTable > .virtual-table--placeholder { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--odd",
        "virtual-table--placeholder",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("enter", "select", show=False),
    ]

    cursor_row: reactive[int] = reactive(0)

    class RowHighlighted(Message):
        def __init__(self, table: VirtualTable, index: int, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.index = index
            self.key = key

        @property
        def control(self) -> VirtualTable:
            # Lets a screen pick one table's messages: @on(RowHighlighted, "#table").
            return self.table

    class RowSelected(Message):
        def __init__(self, table: VirtualTable, index: int, key: str) -> None:
            super().__init__()
            self.table = table
            self.index = index
            self.key = key

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(
        self,
        *,
        page_size: int = 100,
        max_pages: int = 40,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.page_size = page_size
        self.max_pages = max_pages
        self.columns: list[Column] = []
        self.total = 0
        self._fetch: Fetch | None = None
        self._pages: OrderedDict[int, list[TableRow]] = OrderedDict()
        self._pending: set[int] = set()
        # Bumped on every new source so that a page fetched for an old one is dropped.
        self._generation = 0
        self._wanted_key: str | None = None
        self.header_height = 1

    # -- the source ----------------------------------------------------------------

    def set_source(
        self,
        columns: Sequence[Column],
        total: int,
        fetch: Fetch,
        *,
        keep_key: str | None = None,
        pages: dict[int, list[TableRow]] | None = None,
        cursor: int | None = None,
        read_last: bool = True,
    ) -> None:
        """Show a new set of rows; the cursor goes to `keep_key` once its page is known.

        `pages` are pages (by number) the caller read along with the count,
        so that a search keystroke costs one read, not two; `cursor` puts the
        cursor on a row first, so that the page holding `keep_key` is the one
        drawn and fetched. `read_last=False` leaves the last page unread until
        it is scrolled to (a search keystroke reads its first page only).
        """
        self.columns = list(columns)
        self.header_height = max((c.label.count("\n") + 1 for c in self.columns), default=1)
        self.total = total
        self._fetch = fetch
        self._pages.clear()
        self._pending.clear()
        self._generation += 1
        self._wanted_key = keep_key
        for number, rows in sorted((pages or {}).items()):
            if number * self.page_size < total:
                self._pages[number] = rows
        width = sum(c.width + 1 for c in self.columns)
        self.virtual_size = Size(width, total + self.header_height)
        if cursor is not None:
            self.cursor_row = max(0, min(cursor, total - 1))
            self._scroll_to_cursor()
        elif self.cursor_row >= total:
            self.cursor_row = max(0, total - 1)
        for number, rows in sorted((pages or {}).items()):
            self._find_wanted(number, rows)
        self.refresh()
        # End is the jump people make most: once the first frame is drawn, the
        # last page is read too, so that it is there when they press it.
        if read_last:
            generation = self._generation
            self.call_after_refresh(self._prefetch_last, generation)

    def _prefetch_last(self, generation: int) -> None:
        if generation == self._generation and self.total > self.page_size:
            self._request((self.total - 1) // self.page_size)

    def set_columns(self, columns: Sequence[Column]) -> None:
        """New columns (widths for a new screen size) over the same rows, nothing fetched."""
        self.columns = list(columns)
        self.header_height = max((c.label.count("\n") + 1 for c in self.columns), default=1)
        width = sum(c.width + 1 for c in self.columns)
        self.virtual_size = Size(width, self.total + self.header_height)
        self.refresh()

    def reload(self, total: int | None = None) -> None:
        """Fetch the rows again (after a change), keeping the cursor on the same record."""
        if self._fetch is None:
            return
        self.set_source(
            self.columns,
            self.total if total is None else total,
            self._fetch,
            keep_key=self.cursor_key,
        )

    @property
    def cursor_key(self) -> str | None:
        row = self.row_at(self.cursor_row)
        return row.key if row else None

    def row_at(self, index: int) -> TableRow | None:
        page = self._pages.get(index // self.page_size)
        if page is None:
            return None
        offset = index % self.page_size
        return page[offset] if offset < len(page) else None

    def loaded_rows(self) -> list[TableRow]:
        """The rows currently in memory, in order (for tests and for export of a view)."""
        return [row for _page, rows in sorted(self._pages.items()) for row in rows]

    # -- paging ----------------------------------------------------------------------

    def _request(self, page: int) -> None:
        if page in self._pages or page in self._pending or self._fetch is None:
            return
        if page * self.page_size >= self.total:
            return
        self._pending.add(page)
        fetch, generation = self._fetch, self._generation
        offset, limit = page * self.page_size, self.page_size

        def job() -> None:
            rows = fetch(offset, limit)
            self.app.call_from_thread(self._loaded, generation, page, rows)

        self.run_worker(job, thread=True, group=f"page-{id(self)}", exit_on_error=False)

    def _loaded(self, generation: int, page: int, rows: list[TableRow]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._pages[page] = rows
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        self._find_wanted(page, rows)
        if page == self.cursor_row // self.page_size:
            self._post_highlight()
        self.refresh()

    def _find_wanted(self, page: int, rows: list[TableRow]) -> None:
        if self._wanted_key is None:
            return
        for offset, row in enumerate(rows):
            if row.key == self._wanted_key:
                self._wanted_key = None
                self.cursor_row = page * self.page_size + offset
                return

    @property
    def is_fetching(self) -> bool:
        return bool(self._pending)

    @property
    def cursor_loaded(self) -> bool:
        """Whether the row under the cursor (if any) is in memory: a page has arrived."""
        return self.total == 0 or self.row_at(self.cursor_row) is not None

    # -- drawing ---------------------------------------------------------------------

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_height)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        if y < self.header_height:
            style = self.get_component_rich_style("virtual-table--header")
            labels = [self._label_line(c.label, y) for c in self.columns]
            line = self._line(labels, style)
            return self._crop(line, scroll_x, width, style)
        index = scroll_y + y - self.header_height
        base = self.rich_style
        if index >= self.total:
            return Strip.blank(width, base)
        page = index // self.page_size
        self._pages.move_to_end(page) if page in self._pages else self._request(page)
        # The next page is fetched early once it is within a screenful, so that
        # scrolling rarely shows a gap; not before, so that opening a table or
        # typing a search costs one read, not two.
        if index % self.page_size >= self.page_size - self._visible_rows():
            self._request(page + 1)
        row = self.row_at(index)
        if row is None:
            style = self.get_component_rich_style("virtual-table--placeholder")
            return self._crop(self._line(["…"], style), scroll_x, width, style)
        if index == self.cursor_row:
            style = base + self.get_component_rich_style("virtual-table--cursor")
        elif index % 2:
            style = base + self.get_component_rich_style("virtual-table--odd")
        else:
            style = base
        return self._crop(self._line(row.cells, style), scroll_x, width, style)

    def _label_line(self, label: str, y: int) -> str:
        # Short labels sit on the header's bottom line, above their column.
        lines = label.split("\n")
        index = y - (self.header_height - len(lines))
        return lines[index] if 0 <= index < len(lines) else ""

    def _line(self, cells: Sequence[Cell], style: Style) -> list[Segment]:
        segments: list[Segment] = []
        for column, cell in zip(self.columns, cells, strict=False):
            fast = _plain_cell(cell, column, style)
            if fast is not None:
                segments.append(fast)
            else:
                segments.extend(self._rich_cell(cell, column, style))
        return segments

    def _rich_cell(self, cell: Cell, column: Column, style: Style) -> list[Segment]:
        text = cell.copy() if isinstance(cell, Text) else Text(str(cell))
        text.truncate(column.width, overflow="ellipsis")
        if column.align == "right":
            text.align("right", column.width)
        else:
            text.pad_right(column.width - text.cell_len)
        text.pad_right(1)
        text.stylize_before(style)
        return list(text.render(self.app.console))

    def _crop(self, segments: list[Segment], scroll_x: int, width: int, style: Style) -> Strip:
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, style).simplify()

    # -- the cursor ------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        del old
        self._scroll_to_cursor()
        self._post_highlight()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        new = self.cursor_row
        visible = self._visible_rows()
        if new < self.scroll_y:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= self.scroll_y + visible:
            self.scroll_to(y=new - visible + 1, animate=False, immediate=True)

    def _post_highlight(self) -> None:
        if self.total:
            self.post_message(self.RowHighlighted(self, self.cursor_row, self.cursor_key))

    def _move(self, delta: int) -> None:
        if self.total:
            self.cursor_row = max(0, min(self.total - 1, self.cursor_row + delta))

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-self._visible_rows())

    def action_page_down(self) -> None:
        self._move(self._visible_rows())

    def action_first(self) -> None:
        self._move(-self.total)

    def action_last(self) -> None:
        self._move(self.total)

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowSelected(self, self.cursor_row, key))

    def on_click(self, event: events.Click) -> None:
        if event.y < self.header_height:
            return
        index = int(self.scroll_y) + event.y - self.header_height
        if index < self.total:
            if index == self.cursor_row:
                self.action_select()
            else:
                self.cursor_row = index

    def on_resize(self) -> None:
        self.refresh()
