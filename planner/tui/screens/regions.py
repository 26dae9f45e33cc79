"""Wilayah: the kecamatan of the kabupaten with their turnout and flags, down to each TPS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.widgets.data_table import RowDoesNotExist

from planner.formatting import number, percent
from planner.i18n import N_, _
from planner.services.region_views import (
    TPS,
    ElectionRef,
    RegionRow,
    RegionTable,
    TpsTable,
    child_level,
    home,
    region_table,
    short_reason,
    tps_table,
)
from planner.tui.base import PlannerScreen

# Rows fetched at once; windowing for bigger tables comes later.
LIMIT = 1000
CRUMB_SEPARATOR = " › "


class RowTable(DataTable[object]):
    """A row table whose Enter shows in the footer, as "Open"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", N_("Open")),
    ]


@dataclass
class _Frame:
    """One step of the drill-down: the regions at `level` under `parent` (a desa's TPS)."""

    parent: str | None
    level: str
    # The row the cursor was on, to put it back there when coming up again.
    cursor: str | None = None


def election_header(election: ElectionRef, chosen: bool) -> Text:
    """A two-line column title: "Pilkada" over "2024"; the chosen election underlined."""
    words = election.name.split()
    year = str(election.voting_day.year) if election.voting_day else ""
    label = f"{words[0]}\n{year}" if words and year else election.name
    return Text(label + ("*" if chosen else ""), style="bold underline" if chosen else "")


def _highlighted_key(table: DataTable[object]) -> str | None:
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


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
        Binding("r", "reload", N_("Refresh")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._frames: list[_Frame] = []
        self._election_id: int | None = None
        self._search = ""
        self._data: RegionTable | TpsTable | None = None
        self._rows: dict[str, RegionRow] = {}
        self._want_cursor: str | None = None
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
            yield RowTable(id="table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="detail", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#table", RowTable).focus()
        self.reload()

    # -- fetching --------------------------------------------------------------------

    def reload(self) -> None:
        self._token += 1
        token = self._token
        frame = self._frames[-1] if self._frames else None
        election_id, search = self._election_id, self._search

        def query(session: Session) -> tuple[_Frame | None, RegionTable | TpsTable]:
            start: _Frame | None = None
            current = frame
            if current is None:
                where = home(session)
                start = _Frame(where.parent.code if where.parent else None, where.level)
                current = start
            if current.level == TPS:
                assert current.parent is not None
                return start, tps_table(
                    session, current.parent, election_id=election_id, search=search, limit=LIMIT
                )
            return start, region_table(
                session,
                current.parent,
                current.level,
                election_id=election_id,
                search=search,
                limit=LIMIT,
            )

        self.db_read(query, lambda result: self._show(token, *result))

    def _show(self, token: int, start: _Frame | None, data: RegionTable | TpsTable) -> None:
        if token != self._token:
            return
        if start is not None and not self._frames:
            self._frames = [start]
        self._data = data
        table = self.query_one("#table", RowTable)
        keep = self._want_cursor or _highlighted_key(table)
        self._want_cursor = None
        if isinstance(data, TpsTable):
            self._fill_tps(table, data)
        else:
            self._fill_regions(table, data)
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(keep), scroll=True)
            except RowDoesNotExist:  # filtered out or gone: stay at the top
                table.move_cursor(row=0)
        self._show_crumbs(data)
        self._show_status(data)
        self._show_detail(_highlighted_key(table))
        self.query_one("#search", Input).placeholder = (
            _("Search by TPS number (/)")
            if isinstance(data, TpsTable)
            else _("Search by name or code (/)")
        )
        self.refresh_bindings()

    # -- showing ---------------------------------------------------------------------

    def _fill_regions(self, table: RowTable, data: RegionTable) -> None:
        table.clear(columns=True)
        table.header_height = 2
        table.add_column(_("Code"), key="code")
        table.add_column(_("Name"), key="name")
        table.add_column(Text(_("DPT"), justify="right"), key="dpt")
        chosen = data.election.id if data.election else None
        for election in data.elections:
            table.add_column(
                election_header(election, election.id == chosen), key=f"e{election.id}"
            )
        table.add_column(Text(_("Invalid"), justify="right"), key="invalid")
        table.add_column(_("Flags"), key="flags")
        self._rows = {row.code: row for row in data.rows}
        for row in data.rows:
            table.add_row(
                row.code,
                Text(row.name),
                Text(number(row.dpt), justify="right"),
                *(Text(percent(v, 1), justify="right") for v in row.participation),
                Text(percent(row.invalid_pct, 1), justify="right"),
                Text(", ".join(short_reason(r, row.level) for r in row.reasons)),
                key=row.code,
            )

    def _fill_tps(self, table: RowTable, data: TpsTable) -> None:
        table.clear(columns=True)
        table.header_height = 1
        self._rows = {}
        for label, key in (
            (_("TPS"), "tps"),
            (_("DPT"), "dpt"),
            (_("Voters"), "voters"),
            (_("Participation"), "participation"),
            (_("Invalid"), "invalid"),
            (_("Invalid %"), "invalid_pct"),
        ):
            table.add_column(Text(label, justify="right"), key=key)
        for row in data.rows:
            table.add_row(
                Text(f"{row.tps:03d}", justify="right"),
                Text(number(row.dpt), justify="right"),
                Text(number(row.voters), justify="right"),
                Text(percent(row.participation, 1), justify="right"),
                Text(number(row.invalid), justify="right"),
                Text(percent(row.invalid_pct, 1), justify="right"),
                key=f"tps:{row.tps}",
            )

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
        shown = len(data.rows)
        count = (
            _("{shown} of {total} rows").format(shown=number(shown), total=number(data.total))
            if shown < data.total
            else _("{n} rows").format(n=number(data.total))
        )
        line = f"{line} · {count}"
        if data.synthetic:
            line += "\n" + _("Sample data: figures below the kabupaten are partly synthetic.")
        self.query_one("#status", Static).update(line)

    def _show_detail(self, key: str | None) -> None:
        detail = self.query_one("#detail", Static)
        data = self._data
        if data is None:
            return
        if not data.rows:
            detail.update(
                _("Nothing matches {text}.").format(text=self._search)
                if self._search
                else _("Nothing to show here.")
            )
            return
        row = self._rows.get(key) if key else None
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

    @on(DataTable.RowHighlighted, "#table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None shows the key dimmed: it exists but has nothing to do here.
        if action == "next_election":
            data = self._data
            return None if data is None or len(data.elections) < 2 else True
        if action == "back":
            searching = isinstance(self.focused, Input)
            return True if len(self._frames) > 1 or self._search or searching else None
        return True

    # -- moving around ---------------------------------------------------------------

    @on(DataTable.RowSelected, "#table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.drill(event.row_key.value)

    def drill(self, code: str | None) -> None:
        """Show what lies under the region code: its children, or a desa's TPS."""
        if not self._frames or code is None:
            return
        top = self._frames[-1]
        below = child_level(top.level)
        if below is None:
            return  # a TPS has nothing under it
        top.cursor = code
        self._frames.append(_Frame(code, below))
        self._clear_search()
        self.reload()

    def go_to(self, index: int) -> None:
        """Back up to the frame at index (0 is the top of the tree shown)."""
        if not 0 <= index < len(self._frames) - 1:
            return
        del self._frames[index + 1 :]
        self._want_cursor = self._frames[-1].cursor
        self._clear_search()
        self.reload()

    def action_go_to(self, index: int) -> None:
        self.go_to(index)

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.query_one("#table", RowTable).focus()
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
        self.query_one("#table", RowTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value == self._search:
            return
        self._search = event.value
        self.reload()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#table", RowTable).focus()

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
            code = _highlighted_key(self.query_one("#table", RowTable)) or top.parent
        if code:
            self.app.open_record("region", code)

    def action_reload(self) -> None:
        self.reload()
