"""Celah cakupan: which flagged regions no activity reaches yet, segment by segment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from planner.dates import format_short_date
from planner.formatting import number, percent
from planner.i18n import N_, _, ngettext
from planner.models import Election, Segment
from planner.models.enums import Level
from planner.rules.coverage import Cell, CoverageReport, RegionCoverage, coverage
from planner.rules.flags import compute_flags
from planner.rules.labels import level_label
from planner.services.elections import list_elections, turnout_region_count
from planner.services.settings import is_synthetic
from planner.tui.base import PlannerScreen
from planner.tui.screens.cell_detail import NEW, CellDetail, Covering, load_coverings
from planner.tui.widgets.gap_matrix import SEGMENT_PREFIX, GapMatrix

LEVELS = (Level.KECAMATAN.value, Level.DESA.value)


@dataclass(frozen=True)
class GapsData:
    coverage: CoverageReport
    # Elections with turnout figures, newest first: the ones that can set the flags.
    elections: list[Election]
    activities: dict[int, Covering]
    synthetic: bool


def load_gaps(session: Session, *, election_id: int | None, level: str, now: datetime) -> GapsData:
    """The coverage matrix for an election's results (None: the latest with figures)."""
    elections = [
        e
        for e in list_elections(session)
        if e.id is not None and turnout_region_count(session, e.id)
    ]
    elections.reverse()
    # An election deleted meanwhile falls back to the latest with figures.
    chosen = next((e for e in elections if e.id == election_id), None)
    report = coverage(session, compute_flags(session, chosen, level=level), now=now)
    ids = sorted(
        {aid for row in report.rows for cell in row.cells.values() for aid in cell.activity_ids}
    )
    activities = {c.id: c for c in load_coverings(session, ids)}
    return GapsData(report, elections, activities, is_synthetic(session))


def suggested_title(segment: str, region: str) -> str:
    return _("Socialization for {segment} in {region}").format(segment=segment, region=region)


class GapsScreen(PlannerScreen):
    DEFAULT_CSS = """
    GapsScreen #heading, GapsScreen #summary { padding: 0 1; height: auto; }
    GapsScreen #summary { color: $text-muted; }
    GapsScreen GapMatrix { height: 1fr; }
    GapsScreen #status {
        height: auto; padding: 0 1; background: $boost; border-top: solid $primary 50%;
    }
    GapsScreen #cell-status { height: auto; max-height: 2; }
    GapsScreen #region-status { height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the table's own Enter would hide this one from the footer.
        Binding("enter", "open", N_("Open"), priority=True),
        Binding("n", "new_activity", N_("New activity")),
        Binding("e", "next_election", N_("Election")),
        Binding("l", "toggle_level", N_("District/village")),
        Binding("r", "reload", N_("Refresh")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._election_id: int | None = None
        self._level = Level.KECAMATAN.value
        self._data: GapsData | None = None
        # Where the cursor goes after the next load: (region code, column key).
        self._keep: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading…"), id="heading")
        yield Static("", id="summary")
        yield GapMatrix(id="matrix")
        with Vertical(id="status"):
            yield Static("", id="cell-status")
            yield Static("", id="region-status", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(GapMatrix).focus()
        self.reload()

    async def recompose(self) -> None:
        # Rebuilt in another language: the cursor comes back to the same cell.
        matrices = self.query(GapMatrix)
        if matrices and self._keep is None:
            self._keep = matrices.first().cursor_keys()
        await super().recompose()

    # -- data ---------------------------------------------------------------------------

    def reload(self) -> None:
        election_id, level, now = self._election_id, self._level, self.app.now()
        self.db_read(
            lambda s: load_gaps(s, election_id=election_id, level=level, now=now), self.show_data
        )

    def action_reload(self) -> None:
        self.reload()

    def show_data(self, data: GapsData) -> None:
        self._data = data
        report = data.coverage
        self.query_one("#heading", Static).update(self._heading(data))
        self.query_one("#summary", Static).update(self._summary(report))
        matrix = self.query_one(GapMatrix)
        empty = (
            _("No village is flagged.")
            if self._level == Level.DESA.value
            else _("No district is flagged.")
        )
        matrix.show(report, keep=self._keep, empty=empty)
        self._keep = None
        if self.focused is None:  # rebuilt in another language
            matrix.focus()
        self._update_status()

    def _heading(self, data: GapsData) -> Text:
        flags = data.coverage.flags
        text = Text()
        e = flags.election
        if e is None:
            text.append(
                _("No election has turnout figures yet: import some with `planner import turnout`.")
            )
            return text
        text.append(e.name, style="bold")
        if e.target_pct is not None:
            text.append("  " + _("target {target}").format(target=percent(e.target_pct)))
        if flags.scope is not None:
            text.append(
                "  "
                + _("{area}: {rate}").format(
                    area=flags.scope.name, rate=percent(flags.scope_participation)
                )
            )
        if data.coverage.since is not None:
            text.append(
                "  "
                + _("activities since {date}").format(
                    date=format_short_date(data.coverage.since.date())
                ),
                style="italic",
            )
        if data.synthetic:
            text.append("  " + _("(sample: partly synthetic)"), style="italic")
        return text

    def _summary(self, report: CoverageReport) -> Text:
        cells = len(report.rows) * len(report.segments)
        flagged = len(report.rows)
        if self._level == Level.DESA.value:
            regions = ngettext("{n} village flagged", "{n} villages flagged", flagged)
        else:
            regions = ngettext("{n} district flagged", "{n} districts flagged", flagged)
        text = Text(
            _("{gaps} empty cells of {cells}").format(
                gaps=number(len(report.gaps())), cells=number(cells)
            )
            + "; "
            + regions.format(n=number(flagged))
        )
        text.append("   " + _("✓ done  ○ planned  · gap"))
        return text

    # -- the status line follows the cursor ---------------------------------------------

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._update_status()

    def _update_status(self) -> None:
        cell, region = self._status_texts()
        self.query_one("#cell-status", Static).update(cell)
        self.query_one("#region-status", Static).update(region)

    def _current(self) -> tuple[RegionCoverage, Segment | None] | None:
        matrix = self.query_one(GapMatrix)
        keys = matrix.cursor_keys()
        if keys is None:
            return None
        row = matrix.row_for(keys[0])
        if row is None:
            return None
        return row, matrix.segment_for(keys[1])

    def _status_texts(self) -> tuple[Text, Text]:
        """What the highlighted cell holds, then why its region is flagged."""
        current = self._current()
        if current is None:
            return Text(), Text()
        row, segment = current
        status = row.status
        region = Text(no_wrap=True, overflow="ellipsis")
        region.append(status.name, style="bold")
        region.append(
            "  "
            + _("priority {score}").format(score=number(round(row.priority * 100)))
            + "  "
            + _("participation {rate}").format(rate=percent(status.participation))
        )
        if status.reasons:
            region.append(": " + status.reasons_text())
        cell = Text()
        if segment is None or segment.id is None:
            cell.append(status.name, style="bold")
            cell.append(": " + _("Enter opens the region's page."))
            return cell, region
        cell.append(f"{status.name} × ", style="bold")
        cell.append(segment.name, style="bold reverse")
        cell.append(": " + self._cell_text(row.cells[segment.id]))
        return cell, region

    def _cell_text(self, cell: Cell) -> str:
        if not cell.covered:
            return _("no activity yet; Enter or n plans one")
        parts = []
        if cell.done:
            parts.append(_("{n} done").format(n=number(cell.done)))
        if cell.planned:
            parts.append(_("{n} planned").format(n=number(cell.planned)))
        if cell.target or cell.actual:
            parts.append(
                _("{actual}/{target} participants").format(
                    actual=number(cell.actual), target=number(cell.target)
                )
            )
        text = ", ".join(parts)
        coverings = [
            self._data.activities[i]
            for i in cell.activity_ids
            if self._data is not None and i in self._data.activities
        ]
        now = self.app.now()
        past = [c for c in coverings if c.start < now]
        coming = [c for c in coverings if c.start >= now]
        if past:
            last = max(past, key=lambda c: c.start)
            text += "; " + _("last {date} {title}").format(
                date=format_short_date(last.start.date()), title=last.title
            )
        if coming:
            nxt = min(coming, key=lambda c: c.start)
            text += "; " + _("next {date} {title}").format(
                date=format_short_date(nxt.start.date()), title=nxt.title
            )
        return text

    # -- actions ------------------------------------------------------------------------

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        current = self._current()
        if current is None:
            return
        row, segment = current
        if segment is None or segment.id is None:
            # The priority, name, participation and reason columns are the region's.
            self.app.open_record("region", row.status.code)
            return
        cell = row.cells[segment.id]
        if not cell.covered:
            self._new_activity(row, segment)
            return
        self.app.push_screen(
            CellDetail(row.status.name, segment.name, cell.activity_ids),
            lambda result: self._after_detail(row, segment, result),
        )

    def _after_detail(self, row: RegionCoverage, segment: Segment, result: str | None) -> None:
        if result == NEW:
            self._new_activity(row, segment)

    def action_new_activity(self) -> None:
        current = self._current()
        if current is None:
            return
        row, segment = current
        if segment is None:
            self.notify(_("Move to a segment's column first."), severity="warning")
            return
        self._new_activity(row, segment)

    def _new_activity(self, row: RegionCoverage, segment: Segment) -> None:
        # Imported here: the form is a sibling screen that pulls in much of its own.
        from planner.services.activities import ActivityDraft
        from planner.tui.screens.activity_form import ActivityForm

        draft = ActivityDraft(
            title=suggested_title(segment.name, row.status.name),
            regions=[row.status.code],
            segments=[segment.name],
        )
        keep = (row.status.code, f"{SEGMENT_PREFIX}{segment.id}")

        def saved(activity_id: int | None) -> None:
            if activity_id is not None:
                self._keep = keep
                self.reload()

        self.app.push_screen(ActivityForm(prefill=draft), saved)

    def action_next_election(self) -> None:
        data = self._data
        if data is None or not data.elections:
            self.notify(_("No election has turnout figures yet."), severity="warning")
            return
        shown = data.coverage.flags.election
        ids = [e.id for e in data.elections]
        at = ids.index(shown.id) if shown is not None and shown.id in ids else -1
        chosen = data.elections[(at + 1) % len(data.elections)]
        if len(data.elections) == 1:
            self.notify(_("Only {name} has turnout figures.").format(name=chosen.name), timeout=3)
        self._election_id = chosen.id
        self._keep = self.query_one(GapMatrix).cursor_keys()
        self.reload()

    def action_toggle_level(self) -> None:
        at = LEVELS.index(self._level) if self._level in LEVELS else 0
        self._level = LEVELS[(at + 1) % len(LEVELS)]
        self.notify(_("Flags by {level}").format(level=level_label(self._level)), timeout=2)
        self.reload()
