"""The dialog shown when a save collides with a colleague's: their values beside yours."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Label, Static

from planner.i18n import N_, _
from planner.tui.base import PlannerModal

MINE = "mine"
THEIRS = "theirs"
_CELL_WIDTH = 30


def _cell(value: str) -> str:
    text = " ".join(value.split()) or "–"
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"


class ConflictDialog(PlannerModal[dict[str, str] | None]):
    """Your values and the colleague's side by side; dismisses with the values to save.

    "Keep mine" returns your values (to save over theirs, at their version),
    "Take theirs" returns theirs, "Save merged" returns the side chosen per
    field. When `theirs` is None the record was deleted meanwhile: "Save as
    new" returns your values. Discarding returns None.
    """

    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > #dialog {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    ConflictDialog .title { text-style: bold; width: 100%; }
    ConflictDialog #explain { color: $text-muted; margin-bottom: 1; }
    ConflictDialog DataTable { height: auto; max-height: 12; }
    ConflictDialog #detail { height: auto; max-height: 4; color: $text-muted; margin-top: 1; }
    ConflictDialog Horizontal { height: auto; }
    ConflictDialog Button { margin: 1 1 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "keep_mine", N_("Keep mine")),
        Binding("t", "take_theirs", N_("Take theirs")),
        Binding("s", "save_merged", N_("Save merged")),
        Binding("space", "switch_side", N_("Switch side"), show=False),
        Binding("n", "save_new", N_("Save as new")),
        Binding("escape", "discard", N_("Discard")),
    ]

    def __init__(
        self,
        title: str,
        mine: dict[str, str],
        theirs: dict[str, str] | None,
        labels: dict[str, str],
    ) -> None:
        super().__init__()
        self._title = title
        self.mine = dict(mine)
        self.theirs = dict(theirs) if theirs is not None else None
        self.labels = labels
        names = list(mine)
        names += [name for name in (theirs or {}) if name not in mine]
        self.fields = names
        # Each differing field starts on the user's side: what they meant to save.
        self.choice: dict[str, str] = {name: MINE for name in self.differing}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The keys shown in the footer are the ones that make sense for this collision.
        if action in ("keep_mine", "take_theirs", "save_merged", "switch_side"):
            return not self.deleted
        if action == "save_new":
            return self.deleted
        return True

    @property
    def deleted(self) -> bool:
        return self.theirs is None

    @property
    def differing(self) -> list[str]:
        if self.theirs is None:
            return []
        return [n for n in self.fields if self.mine.get(n, "") != self.theirs.get(n, "")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self._title, classes="title")
            if self.deleted:
                yield Static(
                    _(
                        "A colleague deleted this record while you were editing it. Save your "
                        "version as a new record, or discard it."
                    ),
                    id="explain",
                )
            else:
                yield Static(
                    _(
                        "A colleague saved this record while you were editing it. Fields marked "
                        "≠ differ: keep yours, take theirs, or choose per field (Enter or a click "
                        "on a value, Space to switch) and save the merge."
                    ),
                    id="explain",
                )
            yield DataTable(id="fields", cursor_type="cell", zebra_stripes=False)
            yield Static("", id="detail")
            with Horizontal():
                if self.deleted:
                    yield Button(_("Save as new"), id="new", variant="primary")
                else:
                    yield Button(_("Keep mine"), id="mine", variant="primary")
                    yield Button(_("Take theirs"), id="theirs")
                    yield Button(_("Save merged"), id="merge")
                yield Button(_("Discard"), id="discard", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Field"), key="field")
        table.add_column(_("Yours"), key=MINE)
        if not self.deleted:
            table.add_column(_("Colleague's"), key=THEIRS)
        for name in self.fields:
            table.add_row(*self._cells(name), key=name)
        if self.differing:
            table.move_cursor(row=self.fields.index(self.differing[0]), column=1)
        table.focus()
        self._show_detail(self.fields[0] if self.fields else None)

    def _cells(self, name: str) -> list[Text]:
        label = self.labels.get(name, name)
        mine = _cell(self.mine.get(name, ""))
        if self.theirs is None:
            return [Text(label), Text(mine)]
        theirs = _cell(self.theirs.get(name, ""))
        if name not in self.choice:
            return [Text("  " + label), Text(mine), Text(theirs)]
        chosen = self.choice[name]
        return [
            Text("≠ " + label, style="bold"),
            Text(
                ("● " if chosen == MINE else "○ ") + mine, style="bold" if chosen == MINE else "dim"
            ),
            Text(
                ("● " if chosen == THEIRS else "○ ") + theirs,
                style="bold" if chosen == THEIRS else "dim",
            ),
        ]

    def _refresh_row(self, name: str) -> None:
        table = self.query_one(DataTable)
        for column, cell in zip(table.columns, self._cells(name), strict=True):
            table.update_cell(name, column, cell)

    def _current_field(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.fields:
            return None
        return self.fields[table.cursor_coordinate.row]

    def _show_detail(self, name: str | None) -> None:
        detail = self.query_one("#detail", Static)
        if name is None:
            detail.update("")
            return
        lines = [_("Yours: {value}").format(value=self.mine.get(name, "") or "–")]
        if self.theirs is not None:
            lines.append(_("Colleague's: {value}").format(value=self.theirs.get(name, "") or "–"))
        detail.update(Text("\n".join(lines)))

    @on(DataTable.CellHighlighted)
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._show_detail(self.fields[event.coordinate.row] if self.fields else None)

    @on(DataTable.CellSelected)
    def _selected(self, event: DataTable.CellSelected) -> None:
        name = self.fields[event.coordinate.row]
        if name not in self.choice:
            return
        column = event.cell_key.column_key.value
        if column == MINE:
            self.choice[name] = MINE
        elif column == THEIRS:
            self.choice[name] = THEIRS
        else:
            self.choice[name] = THEIRS if self.choice[name] == MINE else MINE
        self._refresh_row(name)

    def action_switch_side(self) -> None:
        name = self._current_field()
        if name is None or name not in self.choice:
            return
        self.choice[name] = THEIRS if self.choice[name] == MINE else MINE
        self._refresh_row(name)

    def merged(self) -> dict[str, str]:
        """The values to save with the sides chosen so far."""
        theirs = self.theirs or {}
        return {
            name: theirs.get(name, "")
            if self.choice.get(name) == THEIRS
            else self.mine.get(name, theirs.get(name, ""))
            for name in self.fields
        }

    def action_keep_mine(self) -> None:
        if not self.deleted:
            self.dismiss(dict(self.mine))

    def action_take_theirs(self) -> None:
        if self.theirs is not None:
            self.dismiss(dict(self.theirs))

    def action_save_merged(self) -> None:
        if not self.deleted:
            self.dismiss(self.merged())

    def action_save_new(self) -> None:
        if self.deleted:
            self.dismiss(dict(self.mine))

    def action_discard(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        actions = {
            "mine": self.action_keep_mine,
            "theirs": self.action_take_theirs,
            "merge": self.action_save_merged,
            "new": self.action_save_new,
            "discard": self.action_discard,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()
