"""What covers one cell of the gap matrix: the activities for a region and a segment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Label, Static

from planner import errors
from planner.dates import format_short_date, format_time
from planner.formatting import number
from planner.i18n import N_, _
from planner.models import Activity
from planner.rules.labels import status_label
from planner.services.records import get_or_raise
from planner.tui.base import PlannerModal

# What the modal hands back when the user asks for one more activity in the cell.
NEW = "new"


@dataclass(frozen=True)
class Covering:
    """One activity that covers a cell, as the matrix and this list show it."""

    id: int
    title: str
    start: datetime
    all_day: bool
    status: str
    target: int | None
    actual: int | None

    @classmethod
    def of(cls, activity: Activity) -> Covering:
        assert activity.id is not None
        return cls(
            activity.id,
            activity.title,
            activity.start,
            activity.all_day,
            activity.status,
            activity.target_participants,
            activity.actual_participants,
        )


def load_coverings(session: Session, ids: Sequence[int]) -> list[Covering]:
    """The activities with these ids, earliest first; any deleted meanwhile are left out."""
    found = []
    for i in ids:
        try:
            activity = get_or_raise(session, Activity, i, _("Activity {id}").format(id=i))
        except errors.NotFound:
            continue
        found.append(Covering.of(activity))
    return sorted(found, key=lambda c: (c.start, c.id))


def when_text(covering: Covering) -> str:
    text = format_short_date(covering.start.date())
    if not covering.all_day:
        text += " " + format_time(covering.start.time())
    return text


def reach_text(covering: Covering) -> str:
    if covering.actual is None and covering.target is None:
        return ""
    actual = number(covering.actual) if covering.actual is not None else "–"
    target = number(covering.target) if covering.target is not None else "–"
    return f"{actual}/{target}"


class CellDetail(PlannerModal[str | None]):
    """The list of activities for a region x segment; Enter opens one."""

    DEFAULT_CSS = """
    CellDetail { align: center middle; }
    CellDetail > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close")),
        # Priority: the table's own Enter would hide this one from the footer.
        Binding("enter", "open", N_("Open"), priority=True),
        Binding("n", "new", N_("New activity")),
    ]

    def __init__(self, region: str, segment: str, activity_ids: Sequence[int]) -> None:
        super().__init__()
        self.region_name = region
        self.segment_name = segment
        self.activity_ids = list(activity_ids)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                Text(f"{self.region_name} × {self.segment_name}"), classes="title", markup=False
            )
            yield Static(_("Activities that cover this cell:"), classes="hint")
            table: DataTable[object] = DataTable(id="coverings", cursor_type="row")
            # Inline: the app's stylesheet gives every table 1fr, which beats DEFAULT_CSS.
            table.styles.height = "auto"
            table.styles.max_height = 16
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#coverings", DataTable).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        ids = list(self.activity_ids)
        self.db_read(lambda s: load_coverings(s, ids), self.show_data)

    def show_data(self, coverings: list[Covering]) -> None:
        table = self.query_one("#coverings", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        rows = [
            (when_text(c), status_label(c.status), reach_text(c), c.title, str(c.id))
            for c in coverings
        ]
        headings = (_("When"), _("Status"), _("Participants"))
        widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headings)]
        for key, heading in zip(("when", "status", "reach"), headings, strict=True):
            table.add_column(heading, key=key)
        # The title takes what is left of the dialog, so no sideways scrolling is needed.
        room = self.query_one(Vertical).content_size.width - sum(widths) - 2 * 4
        table.add_column(_("Activity"), key="title", width=max(room, 20))
        for when, status, reach, title, key in rows:
            table.add_row(
                when,
                status,
                Text(reach, justify="right"),
                Text(title, no_wrap=True, overflow="ellipsis"),
                key=key,
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)

    def action_open(self) -> None:
        table = self.query_one("#coverings", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key:
            self.app.open_record("activity", key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_new(self) -> None:
        self.dismiss(NEW)

    def action_close(self) -> None:
        self.dismiss(None)
