"""Riwayat: who changed a record and how, and the latest changes across the file.

HistoryScreen lists one record's audit entries (its links included);
RecentChangesScreen lists the newest entries of the whole database, filtered
by table or person, and puts a deleted record back after asking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from planner import errors
from planner.dates import format_datetime, format_short_date, format_time
from planner.formatting import number
from planner.i18n import N_, _
from planner.models import Activity, Challenge, Election, Method, Segment, Stakeholder, Strategy
from planner.rules.labels import category_label, method_mode_label, role_label, status_label
from planner.services import history as svc
from planner.services.form_options import region_choices
from planner.services.records import get_or_raise
from planner.store import audit
from planner.tui.base import PlannerScreen
from planner.tui.screens.vocabulary_form import Choice, ChoiceDialog
from planner.tui.widgets.tables import keep_cursor

# How many of the newest entries the recent-changes screen reads at once.
RECENT_LIMIT = 300
# From this width the Who column shows the computer as well as the person.
WIDE = 100
# The records named by their name or title rather than their number.
_NAMED: dict[
    str, type[Activity | Stakeholder | Segment | Method | Strategy | Election | Challenge]
] = {
    "activity": Activity,
    "stakeholder": Stakeholder,
    "segment": Segment,
    "method": Method,
    "strategy": Strategy,
    "election": Election,
    "challenge": Challenge,
}


@dataclass(frozen=True)
class HistoryView:
    """Audit entries, newest first, with the names of the records they mention."""

    entries: list[svc.HistoryEntry]
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    """table -> record key -> what people call it ("Bawaslu Blora", "Kec. Sambong")."""

    def name(self, table: str, key: object) -> str | None:
        return self.names.get(table, {}).get(str(key))


def _entry_values(entry: svc.HistoryEntry) -> dict[str, list[Any]]:
    """Every value an entry holds per column: the row's, an update's old and new, the key's."""
    values: dict[str, list[Any]] = {}
    if entry.action == audit.Action.UPDATE:
        for name, old, new in entry.field_changes():
            values[name] = [old, new]
    else:
        values = {name: [value] for name, value in entry.values.items()}
    try:
        keys = audit.parse_key(audit.table_of(entry.table), entry.key)
    except (KeyError, ValueError):
        keys = {}
    for name, value in keys.items():
        values.setdefault(name, []).append(value)
    return values


def _mentioned(entries: Iterable[svc.HistoryEntry]) -> dict[str, set[str]]:
    """table -> keys of the records the entries are about or point to."""
    found: dict[str, set[str]] = {}
    for entry in entries:
        if entry.table in _NAMED or entry.table == "region":
            found.setdefault(entry.table, set()).add(entry.key)
        try:
            table = audit.table_of(entry.table)
        except KeyError:
            continue
        values = _entry_values(entry)
        for fk in table.foreign_keys:
            target = fk.column.table.name
            for value in values.get(fk.parent.name, []):
                if value is not None:
                    found.setdefault(target, set()).add(str(value))
    return found


def with_names(session: Session, entries: list[svc.HistoryEntry]) -> HistoryView:
    """The entries and the names of what they mention; a deleted record keeps its last name."""
    names: dict[str, dict[str, str]] = {}
    for entry in reversed(entries):
        # Oldest first, so the newest name a record had wins.
        if entry.table in _NAMED and entry.values:
            names.setdefault(entry.table, {})[entry.key] = svc.record_label(entry)
    for table, keys in _mentioned(entries).items():
        known = names.setdefault(table, {})
        if table == "region":
            known.update({r.code: r.label for r in region_choices(session, sorted(keys))})
            continue
        model = _NAMED.get(table)
        if model is None:
            continue
        for key in keys:
            if not key.isdigit():
                continue
            try:
                row = get_or_raise(session, model, int(key), key)
            except errors.NotFound:
                continue
            known[key] = row.title if isinstance(row, Activity) else row.name
    return HistoryView(entries, names)


def local_time(at: datetime) -> str:
    """An entry's UTC time on this computer's clock, short: "28 Nov 2026 09.05"."""
    local = at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
    return f"{format_short_date(local.date())} {format_time(local.time())}"


def table_label(table: str) -> str:
    labels = {
        "activity": _("Activity"),
        "stakeholder": _("Stakeholder"),
        "region": _("Region"),
        "lokus": _("Focus area (lokus)"),
        "election": _("Election"),
        "turnout": _("Turnout"),
        "segment": _("Segment"),
        "method": _("Method"),
        "strategy": _("Strategy"),
        "challenge": _("Challenge"),
        "setting": _("Setting"),
        "activity_region": _("Activity's region"),
        "activity_segment": _("Activity's segment"),
        "activity_stakeholder": _("Activity's stakeholder"),
        "stakeholder_region": _("Stakeholder's region"),
        "strategy_challenge": _("Strategy's challenge"),
    }
    return labels.get(table, table)


def field_label(name: str) -> str:
    labels = {
        "title": _("Title"),
        "start": _("When"),
        "end": _("Until"),
        "all_day": _("All day"),
        "rrule": _("Repeats"),
        "election_id": _("Election"),
        "method_id": _("Method"),
        "strategy_id": _("Strategy"),
        "venue": _("Venue"),
        "status": _("Status"),
        "budget": _("Budget"),
        "target_participants": _("Participants planned"),
        "actual_participants": _("Participants reached"),
        "description": _("Description"),
        "outcome": _("Outcome"),
        "name": _("Name"),
        "category": _("Category"),
        "contact_person": _("Contact person"),
        "contact_title": _("Their position"),
        "phone": _("Phone"),
        "email": _("E-mail"),
        "address": _("Address"),
        "notes": _("Notes"),
        "role": _("Role"),
        "mode": _("Mode"),
        "sort_order": _("Order in lists"),
        "active": _("Active"),
        "note": _("Note"),
        "criterion": _("Criterion"),
    }
    return labels.get(name, name)


def value_text(
    name: str, value: Any, *, table: str = "", view: HistoryView | None = None, full: bool = False
) -> str:
    """A stored value as the rest of the planner shows it; cut short unless full.

    A reference to another record (election_id, method_id, ...) is shown by
    that record's name when the view knows it.
    """
    if value is None or value == "":
        return "–"
    target = _target(table, name)
    if view is not None and target is not None:
        named = view.name(target, value)
        if named is not None:
            return named if full else svc.short(named)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    readers: dict[str, Callable[[str], str]] = {
        "status": status_label,
        "category": category_label,
        "role": role_label,
        "mode": method_mode_label,
    }
    cut: Callable[[Any], str] = str if full else svc.short
    if name in readers and isinstance(value, str):
        return cut(readers[name](value))
    if name in ("start", "end") and isinstance(value, str):
        try:
            return format_datetime(datetime.fromisoformat(value), weekday=False)
        except ValueError:
            return cut(value)
    if name in ("budget", "target_participants", "actual_participants") and isinstance(value, int):
        return number(value)
    return cut(value)


def _target(table: str, column: str) -> str | None:
    """The table a column refers to ("election" for activity.election_id), if any."""
    try:
        columns = audit.table_of(table).c
    except KeyError:
        return None
    if column not in columns:
        return None
    for fk in columns[column].foreign_keys:
        return str(fk.column.table.name)
    return None


Owner = tuple[str, str]
"""(table, key) of the record whose history is shown."""


def _link_sides(entry: svc.HistoryEntry, view: HistoryView | None, owner: Owner | None) -> str:
    """The records a link row joins, by name: "Kec. Sambong", "Bawaslu Blora (mitra)".

    In one record's history the record itself (owner) is left out.
    """
    try:
        table = audit.table_of(entry.table)
        keys = audit.parse_key(table, entry.key)
    except (KeyError, ValueError):
        return entry.key
    sides: list[str] = []
    for fk in table.foreign_keys:
        value = keys.get(fk.parent.name)
        if value is None:
            continue
        target = fk.column.table.name
        if owner is not None and (target, str(value)) == owner:
            continue
        named = view.name(target, value) if view is not None else None
        sides.append(named or str(value))
    role = entry.values.get("role")
    text = " · ".join(sides) or entry.key
    return f"{text} ({role_label(role)})" if isinstance(role, str) and role else text


def change_lines(
    entry: svc.HistoryEntry,
    view: HistoryView | None = None,
    owner: Owner | None = None,
    *,
    full: bool = False,
) -> list[str]:
    """What the entry changed, in words: one line per field, old → new.

    owner is the key of the record whose history is shown: a link row is
    then named by the other record it joins.
    """
    if entry.table in audit.LINK_TABLES and entry.action != audit.Action.UPDATE:
        return [f"{table_label(entry.table)}: {_link_sides(entry, view, owner)}"]
    if entry.action == audit.Action.UPDATE:

        def shown(name: str, value: Any) -> str:
            return value_text(name, value, table=entry.table, view=view, full=full)

        lines = [
            f"{field_label(name)}: {shown(name, old)} → {shown(name, new)}"
            for name, old, new in entry.field_changes()
            if name != "version"
        ]
        if lines:
            return lines
    return [svc.describe(entry)]


def record_text(entry: svc.HistoryEntry, view: HistoryView | None = None) -> str:
    """Which record an entry is about: "Activity Gelar wicara…", "Region Kec. Sambong"."""
    if entry.table in audit.LINK_TABLES:
        return table_label(entry.table)
    named = view.name(entry.table, entry.key) if view is not None else None
    return f"{table_label(entry.table)} {named or entry.key}"


def entry_heading(entry: svc.HistoryEntry, view: HistoryView | None = None) -> str:
    return _("#{id} · {when} · {who} · {action} · {record}").format(
        id=entry.id,
        when=local_time(entry.at),
        who=f"{entry.user}@{entry.host}",
        action=svc.action_label(entry.action),
        record=record_text(entry, view),
    )


def _fit(text: str, width: int | None) -> Text:
    if width is not None and len(text) > width:
        text = text[: max(width - 1, 1)] + "…"
    return Text(text)


class EntriesScreen(PlannerScreen):
    """A table of audit entries, newest first, with the highlighted one in full below."""

    DEFAULT_CSS = """
    EntriesScreen #heading { padding: 0 1; }
    EntriesScreen #entries { height: 1fr; }
    EntriesScreen #detail-box {
        height: auto; max-height: 8; border-top: solid $primary 50%; padding: 0 1;
    }
    EntriesScreen #status { padding: 0 1; color: $text-muted; height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.view = HistoryView([])
        self.entries: dict[str, svc.HistoryEntry] = {}
        self._filled_width = -1
        self._owner: Owner | None = None

    def entries_table(self) -> DataTable[Any]:
        table: DataTable[Any] = DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        return table

    def detail(self) -> ComposeResult:
        with VerticalScroll(id="detail-box"):
            yield Static("", id="detail", markup=False)

    def show_view(self, view: HistoryView) -> None:
        self.view = view
        self.entries = {str(e.id): e for e in view.entries}
        self._fill()

    def columns(self) -> list[tuple[str, str]]:
        return [("when", _("When")), ("who", _("Who")), ("action", _("Action"))]

    def cells(self, entry: svc.HistoryEntry) -> list[str]:
        """The cells before the Change column, as text."""
        wide = self.size.width >= WIDE
        return [
            local_time(entry.at),
            f"{entry.user}@{entry.host}" if wide else entry.user,
            svc.action_label(entry.action),
        ]

    def _fill(self) -> None:
        self._filled_width = self.size.width
        table = self.query_one("#entries", DataTable)
        rows = [(entry, self.cells(entry)) for entry in self.view.entries]
        columns = self.columns()
        # What the other columns take (2 cells of padding each, 2 for the scrollbar):
        # the change gets the rest, at least 20 cells.
        taken = 2 + sum(
            2 + max([len(label)] + [len(cells[i]) for _entry, cells in rows])
            for i, (_key, label) in enumerate(columns)
        )
        change_width = max(self.size.width - taken - 2, 20)
        with keep_cursor(table):
            table.clear(columns=True)
            for key, label in columns:
                table.add_column(label, key=key)
            table.add_column(_("Change"), key="change")
            for entry, cells in rows:
                change = "; ".join(change_lines(entry, self.view, self._owner))
                table.add_row(
                    *(Text(c) for c in cells), _fit(change, change_width), key=str(entry.id)
                )
        self.show_detail()

    def on_resize(self) -> None:
        if self.size.width != self._filled_width and self.view.entries:
            self._fill()

    def current(self) -> svc.HistoryEntry | None:
        table = self.query_one("#entries", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.entries.get(key or "")

    def show_detail(self) -> None:
        entry = self.current()
        detail = self.query_one("#detail", Static)
        if entry is None:
            detail.update(_("No changes recorded."))
            return
        lines = [entry_heading(entry, self.view)]
        lines += ["  " + line for line in change_lines(entry, self.view, self._owner, full=True)]
        if entry.summary and entry.action != audit.Action.IMPORT:
            lines.append("  " + entry.summary)
        detail.update(Text("\n".join(lines)))

    @on(DataTable.RowHighlighted, "#entries")
    def _highlighted(self) -> None:
        self.show_detail()

    def action_back(self) -> None:
        self.app.pop_screen()


class HistoryScreen(EntriesScreen):
    """Every change to one record (an activity, a stakeholder, a region), the newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("r", "reload", N_("Refresh"), show=False),
    ]

    def __init__(self, table: str, key: str, label: str) -> None:
        super().__init__()
        self.table = table
        self.key = key
        self.label = label
        self._owner = (table, key)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            _("History of {record}").format(record=self.label),
            id="heading",
            classes="title",
            markup=False,
        )
        yield self.entries_table()
        yield from self.detail()
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("History of {record}").format(record=self.label)
        self.query_one("#entries", DataTable).focus()
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        table, key = self.table, self.key
        self.db_read(lambda s: with_names(s, svc.history(s, table, key)), self.show_view)


# --- the latest changes across the database --------------------------------------------------


@dataclass(frozen=True)
class RecentFilter:
    table: str | None = None
    user: str = ""


def recent_entries(session: Session, flt: RecentFilter, limit: int) -> HistoryView:
    """The newest entries matching the filter, named; a person is matched by user name."""
    entries = svc.recent(session, limit, table=flt.table, user=flt.user.strip() or None)
    return with_names(session, entries)


class RecentChangesScreen(EntriesScreen):
    """Riwayat perubahan: the newest changes of the whole file, by table or person.

    r on a deletion puts the record back (after asking); Enter opens a record.
    """

    DEFAULT_CSS = """
    RecentChangesScreen #filters { height: auto; padding: 0 1; }
    RecentChangesScreen #table-filter { width: 34; }
    RecentChangesScreen #user-filter { width: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("r", "restore", N_("Restore")),
        Binding("enter", "open", N_("Open"), show=False),
        Binding("t", "focus_table_filter", N_("Table")),
        Binding("u", "focus_user_filter", N_("Person")),
        Binding("f5", "reload", N_("Refresh"), show=False),
    ]

    def __init__(self, flt: RecentFilter | None = None) -> None:
        super().__init__()
        self.filter = flt or RecentFilter()
        self._user_timer: Timer | None = None
        self._token = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Change history"), id="heading", classes="title")
        with Horizontal(id="filters"):
            yield Select(
                [(table_label(t), t) for t in audit.audited_tables()],
                prompt=_("All tables"),
                value=self.filter.table or Select.NULL,
                id="table-filter",
                compact=True,
            )
            yield Input(
                self.filter.user,
                placeholder=_("Person (user name)"),
                id="user-filter",
                compact=True,
            )
        yield self.entries_table()
        yield Static("", id="status", markup=False)
        yield from self.detail()
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Change history")
        self.query_one("#entries", DataTable).focus()
        self.reload()

    def columns(self) -> list[tuple[str, str]]:
        return [*super().columns(), ("record", _("Record"))]

    def cells(self, entry: svc.HistoryEntry) -> list[str]:
        record = record_text(entry, self.view)
        limit = 28 if self.size.width >= WIDE else 16
        if len(record) > limit:
            record = record[: limit - 1] + "…"
        return [*super().cells(entry), record]

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._token += 1
        token, flt = self._token, self.filter
        self.db_read(
            lambda s: recent_entries(s, flt, RECENT_LIMIT),
            lambda view: self._loaded(token, view),
        )

    def _loaded(self, token: int, view: HistoryView) -> None:
        if token == self._token:
            self.show_view(view)

    # -- filtering ----------------------------------------------------------------------

    @on(Select.Changed, "#table-filter")
    def _table_chosen(self, event: Select.Changed) -> None:
        value = event.value
        table = value if isinstance(value, str) else None
        if table != self.filter.table:
            self.filter = RecentFilter(table, self.filter.user)
            self.reload()

    @on(Input.Changed, "#user-filter")
    def _user_typed(self, event: Input.Changed) -> None:
        # Read again once typing pauses, not on every key.
        if self._user_timer is not None:
            self._user_timer.stop()
        user = event.value
        self._user_timer = self.set_timer(0.3, lambda: self._filter_user(user))

    def _filter_user(self, user: str) -> None:
        if user != self.filter.user:
            self.filter = RecentFilter(self.filter.table, user)
            self.reload()

    @on(Input.Submitted, "#user-filter")
    def _user_done(self) -> None:
        self._filter_user(self.query_one("#user-filter", Input).value)
        self.query_one("#entries", DataTable).focus()

    def action_focus_table_filter(self) -> None:
        self.query_one("#table-filter", Select).focus()

    def action_focus_user_filter(self) -> None:
        self.query_one("#user-filter", Input).focus()

    # -- opening and restoring ------------------------------------------------------------

    def action_open(self) -> None:
        entry = self.current()
        if entry is None or not isinstance(self.focused, DataTable):
            return
        if entry.table in ("activity", "stakeholder", "region"):
            if entry.action == audit.Action.DELETE:
                self.notify(_("This record was deleted; press r to restore it."))
                return
            self.app.open_record(entry.table, entry.key)

    @on(DataTable.RowSelected, "#entries")
    def _selected(self) -> None:
        self.action_open()

    def _say(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    def action_restore(self) -> None:
        entry = self.current()
        if entry is None:
            return
        if entry.action != audit.Action.DELETE:
            message = _(
                "Only a deletion can be undone: choose an entry that says “{deleted}”."
            ).format(deleted=svc.action_label(audit.Action.DELETE))
            self._say(message)
            self.notify(message, severity="warning")
            return
        links = sum(len(rows) for rows in entry.links.values())
        record = record_text(entry, self.view)
        question = _("Put {record} back as it was before it was deleted?").format(record=record)
        if links:
            question += " " + _("Its {n} links come back with it.").format(n=links)
        self.app.push_screen(
            ChoiceDialog(
                _("Restore"),
                question,
                [Choice("restore", _("Restore"), "primary"), Choice("cancel", _("Cancel"))],
                focus="restore",
            ),
            lambda answer: self._restore(entry) if answer == "restore" else None,
        )

    def _restore(self, entry: svc.HistoryEntry) -> None:
        audit_id = entry.id
        self.db_write(
            lambda s: svc.restore_deleted(s, audit_id),
            lambda restored: self._restored(entry, restored),
            on_error=self._refused,
        )

    def _restored(self, entry: svc.HistoryEntry, restored: svc.Restored) -> None:
        message = _("Restored {record} with {n} links.").format(
            record=record_text(entry, self.view), n=restored.links
        )
        self._say(message)
        self.notify(message)

    def _refused(self, exc: errors.PlannerError) -> None:
        message = _("Not restored: {reason}").format(reason=str(exc))
        self._say(message)
        self.notify(message, severity="error", timeout=10)
