"""Wilayah: regions with their turnout and flags, from the country down to each TPS.

The table is a VirtualTable: whether it lists the 16 kecamatan of a kabupaten
or the 83,762 desa of the country, it counts the rows and reads only the
pages on screen, so it opens, searches and jumps to its end at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import DataTable, Footer, Header, Input, Static

from planner import errors
from planner.formatting import number, percent
from planner.i18n import N_, _
from planner.models.enums import LEVEL_ORDER
from planner.rules.labels import level_label
from planner.services.region_views import (
    TPS,
    ElectionRef,
    RegionRow,
    RegionTable,
    TpsRow,
    TpsTable,
    child_level,
    home,
    region_table,
    short_reason,
    tps_table,
)
from planner.tui.base import PlannerScreen
from planner.tui.widgets.virtual_table import Column, TableRow, VirtualTable

if TYPE_CHECKING:
    from sqlmodel import Session

# Rows per page: the table keeps a few pages, never the whole list.
PAGE = 100
CRUMB_SEPARATOR = " › "
_LEVELS = tuple(str(level) for level in LEVEL_ORDER)


class RowTable(DataTable[object]):
    """A row table whose Enter shows in the footer, as "Open" (the region page's tables)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", N_("Open")),
    ]


class RegionTableView(VirtualTable):
    """The region table; its Enter shows in the footer, as "Open"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", N_("Open")),
    ]


@dataclass(frozen=True)
class RegionLine(TableRow):
    """A row of the table with the region (or TPS) it shows, for the detail line."""

    region: RegionRow | None = None
    tps: TpsRow | None = None


@dataclass
class _Frame:
    """One step of the drill-down: the regions at `level` under `parent` (a desa's TPS)."""

    parent: str | None
    level: str
    # The row the cursor was on, to put it back there when coming up again.
    cursor: str | None = None
    cursor_index: int = 0


def election_header(election: ElectionRef, chosen: bool) -> str:
    """A two-line column title: "Pilkada" over "2024"; the chosen election starred."""
    words = election.name.split()
    year = str(election.voting_day.year) if election.voting_day else ""
    label = f"{words[0]}\n{year}" if words and year else election.name
    return label + ("*" if chosen else "")


def _right(text: str) -> Text:
    return Text(text, justify="right")


def region_columns(data: RegionTable) -> list[Column]:
    chosen = data.election.id if data.election else None
    columns = [
        Column("code", _("Code"), 13),
        Column("name", _("Name"), 26),
        Column("dpt", _("DPT"), 11, "right"),
    ]
    for election in data.elections:
        label = election_header(election, election.id == chosen)
        width = max(7, *(len(line) for line in label.split("\n")))
        columns.append(Column(f"e{election.id}", label, width, "right"))
    columns.append(Column("invalid", _("Invalid"), 8, "right"))
    columns.append(Column("flags", _("Flags"), 40))
    return columns


def region_lines(data: RegionTable) -> list[TableRow]:
    return [
        RegionLine(
            row.code,
            [
                row.code,
                Text(row.name),
                number(row.dpt),
                *(percent(v, 1) for v in row.participation),
                percent(row.invalid_pct, 1),
                Text(", ".join(short_reason(r, row.level) for r in row.reasons)),
            ],
            region=row,
        )
        for row in data.rows
    ]


def tps_columns() -> list[Column]:
    return [
        Column("tps", _("TPS"), 5, "right"),
        Column("dpt", _("DPT"), 9, "right"),
        Column("voters", _("Voters"), 9, "right"),
        Column("participation", _("Participation"), 13, "right"),
        Column("invalid", _("Invalid"), 8, "right"),
        Column("invalid_pct", _("Invalid %"), 9, "right"),
    ]


def tps_lines(data: TpsTable) -> list[TableRow]:
    return [
        RegionLine(
            f"tps:{row.tps}",
            [
                f"{row.tps:03d}",
                number(row.dpt),
                number(row.voters),
                percent(row.participation, 1),
                number(row.invalid),
                percent(row.invalid_pct, 1),
            ],
            tps=row,
        )
        for row in data.rows
    ]


class RegionsScreen(PlannerScreen):
    DEFAULT_CSS = """
    RegionsScreen #body { height: 1fr; }
    RegionsScreen #crumbs { height: auto; }
    RegionsScreen #status { height: auto; padding: 0 1; }
    RegionsScreen #search { margin: 0 1; }
    RegionsScreen #table { height: 1fr; }
    RegionsScreen #detail { height: auto; max-height: 4; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("backspace,escape", "back", N_("Up"), key_display="Esc"),
        Binding("o", "page", N_("Region page")),
        Binding("slash", "search", N_("Search"), key_display="/"),
        Binding("e", "next_election", N_("Election")),
        Binding("l", "level", N_("Level")),
        Binding("r", "reload", N_("Refresh")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._frames: list[_Frame] = []
        self._election_id: int | None = None
        self._search = ""
        self._data: RegionTable | TpsTable | None = None
        # Where the next read puts the cursor: a record's key and the row to look at.
        self._want_cursor: tuple[str | None, int] | None = None
        # The next read is for a search keystroke: its first page, and no more.
        self._searching = False
        # Results of older reads are dropped: a search typed fast starts many.
        self._token = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="body"):
            yield Static("", id="crumbs", classes="title")
            yield Static(_("Loading…"), id="status", classes="muted")
            yield Input(
                value=self._search,
                placeholder=_("Search by name or code (/)"),
                id="search",
                compact=True,
            )
            yield RegionTableView(id="table", page_size=PAGE)
            yield Static("", id="detail", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#table", RegionTableView).focus()
        self.reload()

    # -- fetching --------------------------------------------------------------------

    def _query(
        self, frame: _Frame, election_id: int | None, search: str
    ) -> Callable[[Session, int, int, int | None], RegionTable | TpsTable]:
        """What one page of this frame is: the same read for the first page and the rest."""

        def page(
            session: Session, offset: int, limit: int, total: int | None
        ) -> RegionTable | TpsTable:
            if frame.level == TPS:
                assert frame.parent is not None
                return tps_table(
                    session,
                    frame.parent,
                    election_id=election_id,
                    search=search,
                    limit=limit,
                    offset=offset,
                    known_total=total,
                )
            return region_table(
                session,
                frame.parent,
                frame.level,
                election_id=election_id,
                search=search,
                limit=limit,
                offset=offset,
                known_total=total,
            )

        return page

    def reload(self) -> None:
        """Count the rows and read the first page (the cursor's page on the way back up)."""
        self._token += 1
        token = self._token
        frame = self._frames[-1] if self._frames else None
        election_id, search = self._election_id, self._search
        table = self.query_one("#table", RegionTableView)
        if self._want_cursor is not None:
            keep, index = self._want_cursor
        else:
            keep, index = table.cursor_key, table.cursor_row
        self._want_cursor = None
        searching, self._searching = self._searching, False
        start_offset = (index // PAGE) * PAGE

        def query(session: Session) -> tuple[_Frame, RegionTable | TpsTable, int]:
            current = frame
            if current is None:
                where = home(session)
                current = _Frame(where.parent.code if where.parent else None, where.level)
            page = self._query(current, election_id, search)
            data = page(session, start_offset, PAGE, None)
            offset = start_offset
            if start_offset and not data.rows:
                # The list shrank below the cursor's page: start from the top.
                data, offset = page(session, 0, PAGE, None), 0
            return current, data, offset

        self.db_read(
            query, lambda result: self._show(token, keep, index, *result, searching=searching)
        )

    def _show(
        self,
        token: int,
        keep: str | None,
        index: int,
        frame: _Frame,
        data: RegionTable | TpsTable,
        offset: int,
        *,
        searching: bool = False,
    ) -> None:
        if token != self._token:
            return
        if not self._frames:
            self._frames = [frame]
        self._data = data
        table = self.query_one("#table", RegionTableView)
        if isinstance(data, TpsTable):
            columns, lines = tps_columns(), tps_lines(data)
        else:
            columns, lines = region_columns(data), region_lines(data)
        election_id = data.election.id if data.election else None
        page = self._query(frame, election_id, self._search)
        to_lines = tps_lines if isinstance(data, TpsTable) else region_lines
        app, total = self.app, data.total

        def fetch(offset: int, limit: int) -> list[TableRow]:
            # Runs in the table's worker thread, in a read of its own.
            try:
                with app.database.read() as session:
                    # Counted with the first page: the others need not count again.
                    return to_lines(page(session, offset, limit, total))  # type: ignore[arg-type]
            except errors.PlannerError as exc:
                app.call_from_thread(app.notify, str(exc), severity="error")
                return []

        table.set_source(
            columns,
            data.total,
            fetch,
            keep_key=keep,
            pages={offset // PAGE: lines},
            cursor=index if keep is not None else 0,
            read_last=not searching,
        )
        self._show_crumbs(data)
        self._show_status(data)
        self._show_detail()
        self.query_one("#search", Input).placeholder = (
            _("Search by TPS number (/)")
            if isinstance(data, TpsTable)
            else _("Search by name or code (/)")
        )
        self.refresh_bindings()

    # -- showing ---------------------------------------------------------------------

    def _show_crumbs(self, data: RegionTable | TpsTable) -> None:
        chain = list(data.chain)
        root = self._frames[0].parent if self._frames else None
        codes = [r.code for r in chain]
        if root is not None and root in codes:
            chain = chain[codes.index(root) :]
        labels = [r.label for r in chain]
        if root is None:
            labels.insert(0, "Indonesia")
        # Each crumb is a link back up to that level; the last is where we are.
        parts = [
            f"[@click=screen.go_to({i})]{escape(label)}[/]"
            if i < len(labels) - 1
            else escape(label)
            for i, label in enumerate(labels)
        ]
        self.query_one("#crumbs", Static).update(CRUMB_SEPARATOR.join(parts))

    def _show_status(self, data: RegionTable | TpsTable) -> None:
        if data.election is None:
            line = (
                _("No TPS figures for this desa or kelurahan.")
                if isinstance(data, TpsTable)
                else _("No election has figures here yet.")
            )
        else:
            what = (
                _("TPS of {election}")
                if isinstance(data, TpsTable)
                else _("DPT, invalid and flags: {election}")
            )
            line = what.format(election=data.election.name)
            if len(data.elections) > 1:
                line += " " + _("(e: change)")
        count = _("{n} rows").format(n=number(data.total))
        if isinstance(data, RegionTable):
            count = f"{level_label(data.level)}: {count}"
        line = f"{line} · {count}"
        if data.synthetic:
            line += "\n" + _("Sample data: figures below the kabupaten are partly synthetic.")
        self.query_one("#status", Static).update(line)

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        data = self._data
        if data is None:
            return
        if not data.total:
            detail.update(
                _("Nothing matches {text}.").format(text=self._search)
                if self._search
                else _("Nothing to show here.")
            )
            return
        table = self.query_one("#table", RegionTableView)
        line = table.row_at(table.cursor_row)
        row = line.region if isinstance(line, RegionLine) else None
        if row is None:
            detail.update("")
            return
        if row.reasons:
            text = "; ".join(r.describe() for r in row.reasons)
        elif data.election is not None:
            text = _("No flag for {election}.").format(election=data.election.name)
        else:
            text = ""
        detail.update(f"{row.name}: {text}" if text else row.name)

    @on(VirtualTable.RowHighlighted, "#table")
    def _highlighted(self) -> None:
        self._show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None shows the key dimmed: it exists but has nothing to do here.
        if action == "next_election":
            data = self._data
            return None if data is None or len(data.elections) < 2 else True
        if action == "back":
            searching = isinstance(self.focused, Input)
            return True if len(self._frames) > 1 or self._search or searching else None
        if action == "level":
            return True if self._frames and self._frames[-1].level != TPS else None
        return True

    # -- moving around ---------------------------------------------------------------

    @on(VirtualTable.RowSelected, "#table")
    def _selected(self, event: VirtualTable.RowSelected) -> None:
        self.drill(event.key)

    def drill(self, code: str | None) -> None:
        """Show what lies under the region code: its children, or a desa's TPS."""
        if not self._frames or code is None:
            return
        top = self._frames[-1]
        below = child_level(top.level)
        if below is None:
            return  # a TPS has nothing under it
        table = self.query_one("#table", RegionTableView)
        top.cursor, top.cursor_index = code, table.cursor_row
        self._frames.append(_Frame(code, below))
        self._clear_search()
        self._want_cursor = (None, 0)
        self.reload()

    def go_to(self, index: int) -> None:
        """Back up to the frame at index (0 is the top of the tree shown)."""
        if not 0 <= index < len(self._frames) - 1:
            return
        del self._frames[index + 1 :]
        top = self._frames[-1]
        self._want_cursor = (top.cursor, top.cursor_index)
        self._clear_search()
        self.reload()

    def action_go_to(self, index: int) -> None:
        self.go_to(index)

    def levels(self) -> tuple[str, ...]:
        """The levels the top frame can list: those below its parent (all, for the country)."""
        if not self._frames or self._frames[-1].level == TPS:
            return ()
        parent = self._frames[-1].parent
        depth = parent.count(".") + 1 if parent else 0
        return _LEVELS[depth:]

    def show_level(self, level: str) -> None:
        """List every region of a level within the top frame's parent: all 83,762 desa, say."""
        if level not in self.levels():
            return
        top = self._frames[-1]
        top.level, top.cursor, top.cursor_index = level, None, 0
        self._clear_search()
        self._want_cursor = (None, 0)
        self.reload()

    def action_level(self) -> None:
        levels = self.levels()
        if levels:
            current = self._frames[-1].level
            following = levels[(levels.index(current) + 1) % len(levels)]
            self.show_level(following)

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.query_one("#table", RegionTableView).focus()
        elif len(self._frames) > 1:
            self.go_to(len(self._frames) - 2)
        elif self._search:
            search.value = ""

    def _clear_search(self) -> None:
        self._search = ""
        search = self.query_one("#search", Input)
        if search.value:
            # Set after _search, so the Changed handler sees nothing new to fetch.
            search.value = ""
        self.query_one("#table", RegionTableView).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value == self._search:
            return
        self._search = event.value
        # A new search counts again and reads its first page only; the row
        # the cursor was on stays under it if that page holds it.
        self._want_cursor = (self.query_one("#table", RegionTableView).cursor_key, 0)
        self._searching = True
        self.reload()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#table", RegionTableView).focus()

    def action_next_election(self) -> None:
        data = self._data
        if data is None or len(data.elections) < 2 or data.election is None:
            return
        ids = [e.id for e in data.elections]
        self._election_id = ids[(ids.index(data.election.id) + 1) % len(ids)]
        self.reload()

    def action_page(self) -> None:
        if not self._frames:
            return
        top = self._frames[-1]
        if top.level == TPS:
            code = top.parent
        else:
            code = self.query_one("#table", RegionTableView).cursor_key or top.parent
        if code:
            self.app.open_record("region", code)

    def action_reload(self) -> None:
        self.reload()
