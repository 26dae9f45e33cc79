"""Impor: regions, turnout and stakeholders from staff's files, previewed before any write.

The screen follows the CLI's three steps (planner.cli.importing): read the
file, preview it against the database, then write it in one transaction.
Reading and previewing run in a worker; the Import button stays disabled
until a preview of exactly what the form now says found no problem.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar, Literal

from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Button,
    DirectoryTree,
    Footer,
    Header,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from planner import errors
from planner.errors import ImportProblem
from planner.formatting import number
from planner.i18n import N_, _
from planner.importers.fields import TURNOUT_SYNONYMS, RegionRecord
from planner.importers.preview import ImportKind, ImportPreview, Progress, TurnoutInput
from planner.importers.stakeholders import StakeholderRows
from planner.models import Election
from planner.services.region_views import ElectionRef
from planner.tui.base import PlannerScreen
from planner.tui.screens.vocabulary_form import FORM_CSS, field_row, show_field_error

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})

KIND_LABELS: dict[ImportKind, str] = {
    "turnout": N_("Turnout (CSV, Excel or SIREKAP)"),
    "regions": N_("Regions (Kemendagri kode, nama)"),
    "stakeholders": N_("Stakeholders (CSV or Excel)"),
}

# What each turnout field holds, for the mapping step's choices.
FIELD_LABELS: dict[str, str] = {
    "code": N_("region or TPS code"),
    "name": N_("region name"),
    "tps": N_("TPS number"),
    "dpt": N_("registered voters (DPT)"),
    "dpt_men": N_("DPT, men"),
    "dpt_women": N_("DPT, women"),
    "dptb": N_("DPTb"),
    "dpk": N_("DPK"),
    "voters_dpt": N_("voters on the DPT"),
    "voters_dptb": N_("voters on the DPTb"),
    "voters_dpk": N_("voters on the DPK"),
    "voters": N_("voters (pengguna hak pilih)"),
    "voters_men": N_("voters, men"),
    "voters_women": N_("voters, women"),
    "valid": N_("valid ballots (suara sah)"),
    "invalid": N_("invalid ballots (suara tidak sah)"),
}

# Above this many changes a progress report per record would slow the import
# down; a hundred steps are as smooth as a bar can show.
PROGRESS_STEPS = 100


# ---------------------------------------------------------------------------
# Paths


def complete_path(value: str) -> str | None:
    """The first file or folder whose name continues what was typed; folders end in "/"."""
    if not value:
        return None
    typed = Path(os.path.expanduser(value))
    if value.endswith(("/", os.sep)):
        folder, start = typed, ""
    else:
        folder, start = typed.parent, typed.name
    try:
        names = sorted(
            (entry.name, entry.is_dir())
            for entry in os.scandir(folder)
            if entry.name.startswith(start) and (start.startswith(".") or entry.name[:1] != ".")
        )
    except OSError:
        return None
    for name, is_dir in names:
        if name == start and not is_dir:
            continue
        rest = name[len(start) :] + ("/" if is_dir else "")
        if rest:
            return value + rest
    return None


class PathSuggester(Suggester):
    """Suggests the rest of a file's path as it is typed; → takes the suggestion."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        # A folder on a network share may answer slowly: never on the UI thread.
        return await asyncio.to_thread(complete_path, value)


class ImportableFiles(DirectoryTree):
    """Folders and the files an import reads; hidden files left out."""

    SUFFIXES: ClassVar[frozenset[str]] = frozenset(
        {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".zip"}
    )

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in self.SUFFIXES)
        ]


def start_folder(typed: str) -> Path:
    """Where browsing starts: the folder of what was typed, else the home folder."""
    if typed.strip():
        path = Path(os.path.expanduser(typed.strip()))
        for candidate in (path, path.parent):
            if candidate.is_dir():
                return candidate
    return Path.home()


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, or none when it cannot be opened (the preview says why)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


# ---------------------------------------------------------------------------
# Reading and previewing


@dataclass(frozen=True)
class ImportRequest:
    """What the form asks for; a preview counts only for the request it was made for."""

    kind: ImportKind
    path: Path
    election_id: int | None = None
    sheet: str | None = None
    explicit_map: tuple[tuple[str, str], ...] = ()

    @property
    def mapping(self) -> dict[str, str] | None:
        return dict(self.explicit_map) or None


@dataclass(frozen=True)
class MappingNeed:
    """A turnout file whose needed columns are not all recognised."""

    headers: list[str]
    missing: list[str]
    recognised: dict[str, str] = field(default_factory=dict)


def mapping_need(
    path: Path, sheet: str | None, explicit: Mapping[str, str] | None
) -> MappingNeed | None:
    """Which needed turnout fields no column gives, and the columns left to choose from.

    None when the file cannot be read as a table at all, or when every needed
    field has a column (then the reading failed for another reason).
    """
    from planner.importers.tabular import map_headers
    from planner.importers.xlsx import header_test, read_any

    try:
        table = read_any(
            path,
            sheet=sheet,
            is_header=header_test(TURNOUT_SYNONYMS, required=("code", "dpt"), explicit=explicit),
        )
        mapped = map_headers(
            table.headers,
            TURNOUT_SYNONYMS,
            required=(),
            path=str(path),
            explicit=explicit,
            row=table.header_line,
        )
    except ImportProblem:
        return None
    missing = [f for f in ("code", "dpt") if f not in mapped]
    if "voters" not in mapped and "voters_dpt" not in mapped:
        missing.append("voters")
    if not missing:
        return None
    used = set(mapped.values()) - set((explicit or {}).keys())
    return MappingNeed([h for h in table.headers if h not in used], missing, mapped)


Loaded = list[RegionRecord] | TurnoutInput | StakeholderRows


def read_file(request: ImportRequest, progress: Progress | None = None) -> Loaded:
    """The file's records; raises ImportProblem naming the row and column of what is wrong."""
    if request.kind == "regions":
        from planner.importers.preview import read_regions_file

        return read_regions_file(request.path, sheet=request.sheet)
    if request.kind == "stakeholders":
        from planner.importers.stakeholders import read_stakeholder_file

        return read_stakeholder_file(request.path, sheet=request.sheet)
    from planner.importers.preview import read_turnout_file

    return read_turnout_file(
        request.path, sheet=request.sheet, explicit_map=request.mapping, progress=progress
    )


def _election(session: Session, election_id: int | None) -> Election:
    election = session.get(Election, election_id) if election_id is not None else None
    if election is None:
        raise errors.NotFound(_("The election was deleted meanwhile; choose another."))
    return election


def preview_loaded(session: Session, request: ImportRequest, loaded: Loaded) -> ImportPreview:
    """What importing the records would change; writes nothing."""
    from planner.importers.preview import preview_regions, preview_turnout
    from planner.importers.stakeholders import preview_stakeholders

    if isinstance(loaded, TurnoutInput):
        return preview_turnout(session, _election(session, request.election_id), loaded)
    if isinstance(loaded, StakeholderRows):
        return preview_stakeholders(session, loaded)
    return preview_regions(session, loaded, source=request.path.name)


def apply_loaded(
    session: Session, request: ImportRequest, loaded: Loaded, progress: Progress | None
) -> ImportPreview:
    """Writes the records in the caller's transaction: everything or, on any problem, nothing."""
    from planner.importers.preview import apply_regions, apply_turnout
    from planner.importers.stakeholders import apply_stakeholders

    if isinstance(loaded, TurnoutInput):
        election = _election(session, request.election_id)
        return apply_turnout(session, election, loaded, source=request.path.name, progress=progress)
    if isinstance(loaded, StakeholderRows):
        return apply_stakeholders(session, loaded, progress=progress)
    return apply_regions(session, loaded, source=request.path.name, progress=progress)


def record_count(loaded: Loaded) -> int:
    if isinstance(loaded, list):
        return len(loaded)
    return len(loaded.records)


# ---------------------------------------------------------------------------
# What the screen says


def _lines(title: str, items: list[str], style: str) -> list[str | tuple[str, str]]:
    parts: list[str | tuple[str, str]] = ["\n", (title, f"bold {style}")]
    for item in items:
        # A no-break space: a long path folds after the bullet instead of leaving it alone.
        parts += ["\n", (f"•\u00a0{item}", style)]
    return parts


def preview_content(preview: ImportPreview, *, done: bool = False) -> Content:
    """The counts, then the problems and the warnings, as the preview panel shows them."""
    changed = _("Replacing") if preview.kind == "turnout" else _("Changed")
    if done:
        changed = _("Replaced") if preview.kind == "turnout" else _("Changed")
    pairs = [
        (_("Rows in the file"), preview.rows),
        (_("New"), preview.to_add),
        (changed, preview.to_update),
        (_("Unchanged"), preview.unchanged),
    ]
    if preview.skipped:
        pairs.append((_("Not imported"), preview.skipped))
    width = max(len(label) for label, _value in pairs)
    parts: list[str | tuple[str, str]] = []
    for index, (label, value) in enumerate(pairs):
        if index:
            parts.append("\n")
        parts += [(label.ljust(width) + "  ", "$text-muted"), (number(value), "bold")]
    if preview.problems:
        parts += _lines(
            _("Problems (the file cannot be imported until they are fixed):"),
            preview.problems,
            "$text-error",
        )
    if preview.warnings:
        parts += _lines(_("Warnings:"), preview.warnings, "$text-warning")
    return Content.assemble(*parts)


def summary_text(preview: ImportPreview, request: ImportRequest, election: str) -> str:
    """What an import did, in the words the CLI uses."""
    name = request.path.name
    if preview.kind == "turnout":
        text = _("{path}: {rows} rows for {election} ({added} new, {replaced} replaced).").format(
            path=name,
            rows=number(preview.rows),
            election=election,
            added=number(preview.to_add),
            replaced=number(preview.to_update),
        )
        if preview.unchanged:
            text += " " + _(
                "{count} of them already held the same figures and were left as they were."
            ).format(count=number(preview.unchanged))
        return text
    if preview.kind == "stakeholders":
        from planner.importers.stakeholders import summary_line

        return summary_line(replace(preview, path=name))
    return _("{path}: {added} regions added, {updated} updated, {unchanged} unchanged.").format(
        path=name,
        added=number(preview.to_add),
        updated=number(preview.to_update),
        unchanged=number(preview.unchanged),
    )


# ---------------------------------------------------------------------------
# The screen


State = Literal["idle", "previewing", "ready", "importing"]


class ImportScreen(PlannerScreen):
    """Choose a file and what it holds, see what it would change, then import it whole."""

    DEFAULT_CSS = (
        """
    ImportScreen #body { height: 1fr; padding: 0 1; }
    ImportScreen .field-row { margin-bottom: 0; }
    ImportScreen #path-line { height: auto; }
    ImportScreen #path-line Input { width: 1fr; }
    ImportScreen #path-line Button { min-width: 10; margin-left: 1; }
    ImportScreen #tree-slot { height: auto; }
    ImportScreen #tree { height: 12; border: round $primary 50%; }
    ImportScreen #mapping, ImportScreen #mapping-rows { height: auto; }
    ImportScreen #mapping { display: none; }
    ImportScreen #mapping.-open { display: block; }
    ImportScreen .map-row { height: auto; }
    ImportScreen .map-row Label { width: 24; padding-right: 1; }
    ImportScreen .map-row Select { width: 1fr; }
    ImportScreen #buttons { height: auto; margin: 1 0 0 0; }
    ImportScreen #buttons Button { margin-right: 1; }
    ImportScreen #status { height: auto; color: $text-muted; }
    ImportScreen #progress { display: none; }
    ImportScreen #progress.-running { display: block; }
    ImportScreen #preview, ImportScreen #summary { height: auto; }
    """
        + FORM_CSS
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("ctrl+o", "browse", N_("Browse"), key_display="^o", priority=True),
        Binding("ctrl+r", "preview", N_("Preview"), key_display="^r", priority=True),
        Binding("ctrl+s", "run_import", N_("Import"), key_display="^s", priority=True),
    ]

    def __init__(self, kind: ImportKind = "turnout", path: str = "") -> None:
        super().__init__()
        self._initial_kind: ImportKind = kind
        self._initial_path = path
        self._state: State = "idle"
        self._elections: list[ElectionRef] = []
        self._previewed: ImportRequest | None = None
        self._loaded: Loaded | None = None
        # The mapping step's columns and the field chosen for each.
        self._map_selects: list[tuple[str, Select[str]]] = []
        self._sheet_timer: Timer | None = None
        self._sheets_for: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(_("Import data"), classes="title")
            yield field_row(
                _("Kind"),
                Select(
                    [(_(label), kind) for kind, label in KIND_LABELS.items()],
                    value=self._initial_kind,
                    allow_blank=False,
                    id="kind",
                    compact=True,
                ),
            )
            with Horizontal(classes="field-row"):
                yield Label(_("File"), classes="field-label")
                with Vertical(classes="field-body"):
                    with Horizontal(id="path-line"):
                        yield Input(
                            self._initial_path,
                            placeholder=_("path to a .csv, .xlsx, .zip or folder"),
                            suggester=PathSuggester(),
                            id="path",
                            compact=True,
                        )
                        yield Button(_("Browse"), id="browse", compact=True)
                    yield Static("", id="path-error", classes="field-error")
                    yield Static(
                        _("→ completes, Ctrl+O browses; turnout also reads SIREKAP folders, .zip"),
                        classes="hint",
                    )
            # The folder tree is mounted only while browsing: its loader runs until removed.
            yield Vertical(id="tree-slot")
            row = field_row(
                _("Election"),
                Select[int]([], prompt=_("Choose an election"), id="election", compact=True),
            )
            row.id = "election-row"
            yield row
            row = field_row(_("Sheet"), Select[str]([], allow_blank=True, id="sheet", compact=True))
            row.id = "sheet-row"
            row.display = False
            yield row
            with Vertical(id="mapping"):
                yield Static("", id="mapping-note", classes="note")
                yield Vertical(id="mapping-rows")
            with Horizontal(id="buttons"):
                yield Button(_("Preview"), id="preview-button", variant="primary", compact=True)
                yield Button(
                    _("Import"), id="import-button", variant="success", disabled=True, compact=True
                )
            yield Static("", id="status")
            yield ProgressBar(id="progress", show_eta=False)
            preview = Static("", id="preview", classes="panel")
            preview.border_title = _("Preview")
            preview.display = False
            yield preview
            summary = Static("", id="summary", classes="panel")
            summary.border_title = _("Imported")
            summary.display = False
            yield summary
        yield Footer()

    def on_mount(self) -> None:
        self._show_kind()
        self.query_one("#path", Input).focus()
        self.reload()
        if self._initial_path:
            self._check_sheets()

    # -- data ------------------------------------------------------------------------

    def reload(self) -> None:
        from planner.services.elections import list_elections

        self.db_read(lambda s: [ElectionRef.of(e) for e in list_elections(s)], self._show_elections)

    def _show_elections(self, elections: list[ElectionRef]) -> None:
        if self._elections and elections == self._elections:
            # Refilled only when they changed: refilling clears the choice for a moment,
            # which would make a preview in hand stale for nothing.
            return
        self._elections = elections
        select = self.query_one("#election", Select)
        current = select.value
        select.set_options([(e.name, e.id) for e in elections])
        ids = {e.id for e in elections}
        if isinstance(current, int) and current in ids:
            select.value = current
        else:
            today = self.app.today()
            # The most recent election that has been held: the one whose results come in.
            held = [e for e in elections if e.voting_day is not None and e.voting_day <= today]
            if held:
                select.value = max(held, key=lambda e: e.voting_day or today).id

    # -- the form --------------------------------------------------------------------

    def _kind(self) -> ImportKind:
        value = self.query_one("#kind", Select).value
        return next((kind for kind in KIND_LABELS if kind == value), "turnout")

    def _path(self) -> Path | None:
        typed = self.query_one("#path", Input).value.strip()
        return Path(os.path.expanduser(typed)) if typed else None

    def _election_id(self) -> int | None:
        value = self.query_one("#election", Select).value
        return value if isinstance(value, int) else None

    def _sheet(self) -> str | None:
        if not self.query_one("#sheet-row").display:
            return None
        value = self.query_one("#sheet", Select).value
        return value if isinstance(value, str) else None

    def _explicit_map(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (header, select.value)
            for header, select in self._map_selects
            if isinstance(select.value, str)
        )

    def request(self) -> ImportRequest | None:
        """What the form now asks for, or None after showing at its field what is missing."""
        path = self._path()
        kind = self._kind()
        problem = ""
        if path is None:
            problem = _("give the file to import")
        elif not path.exists():
            problem = _("there is no file or folder {path}").format(path=path)
        elif path.is_dir() and kind != "turnout":
            problem = _("this is a folder; only turnout is read from a folder (SIREKAP files)")
        show_field_error(self, "path", problem)
        election_id = self._election_id()
        show_field_error(
            self,
            "election",
            _("choose the election the figures belong to")
            if kind == "turnout" and election_id is None
            else "",
        )
        if problem or path is None or (kind == "turnout" and election_id is None):
            return None
        return ImportRequest(
            kind=kind,
            path=path,
            election_id=election_id if kind == "turnout" else None,
            sheet=self._sheet(),
            explicit_map=self._explicit_map() if kind == "turnout" else (),
        )

    def _show_kind(self) -> None:
        self.query_one("#election-row").display = self._kind() == "turnout"

    @on(Select.Changed, "#kind")
    def _kind_changed(self) -> None:
        self._show_kind()
        self._clear_mapping()
        self._stale()

    @on(Select.Changed, "#election")
    @on(Select.Changed, "#sheet")
    def _choice_changed(self, event: Select.Changed) -> None:
        if event.select.id == "election" and isinstance(event.value, int):
            show_field_error(self, "election", "")
        self._stale()

    @on(Select.Changed, ".map-select")
    def _mapping_changed(self) -> None:
        self._stale()

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        show_field_error(self, "path", "")
        self._clear_mapping()
        self._stale()
        # Listing a workbook's sheets opens it: wait until typing pauses.
        if self._sheet_timer is not None:
            self._sheet_timer.stop()
        self._sheet_timer = self.set_timer(0.3, self._check_sheets)

    @on(Input.Submitted, "#path")
    def _path_submitted(self) -> None:
        self.action_preview()

    def _check_sheets(self) -> None:
        path = self._path()
        row = self.query_one("#sheet-row")
        if path is None or path.suffix.lower() not in WORKBOOK_SUFFIXES or not path.is_file():
            row.display = False
            self._sheets_for = None
            return
        if path == self._sheets_for:
            return
        self._sheets_for = path

        def job() -> None:
            names = sheet_names(path)
            self.app.call_from_thread(self._show_sheets, path, names)

        self.run_worker(job, thread=True, group="sheets", exclusive=True, exit_on_error=False)

    def _show_sheets(self, path: Path, names: list[str]) -> None:
        if path != self._path():
            return
        row = self.query_one("#sheet-row")
        select = self.query_one("#sheet", Select)
        select.set_options([(name, name) for name in names])
        if names:
            select.value = names[0]
        row.display = len(names) > 1

    # -- browsing --------------------------------------------------------------------

    def _tree_open(self) -> bool:
        return bool(self.query("#tree"))

    @on(Button.Pressed, "#browse")
    def action_browse(self) -> None:
        if self._tree_open():
            self._close_tree()
            return
        tree = ImportableFiles(start_folder(self.query_one("#path", Input).value), id="tree")
        self.query_one("#tree-slot").mount(tree)
        tree.focus()

    def _close_tree(self) -> None:
        self.query_one("#tree-slot").remove_children()
        self.query_one("#path", Input).focus()

    @on(DirectoryTree.FileSelected)
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.query_one("#path", Input).value = str(event.path)
        self._close_tree()

    @on(DirectoryTree.DirectorySelected)
    def _folder_chosen(self, event: DirectoryTree.DirectorySelected) -> None:
        event.stop()
        # A folder of SIREKAP files is itself what turnout imports.
        if self._kind() == "turnout":
            self.query_one("#path", Input).value = str(event.path)

    # -- preview ---------------------------------------------------------------------

    def _stale(self) -> None:
        """The form changed: a preview made before no longer says what Import would do."""
        if self._state == "importing":
            return
        if self._state in ("ready", "previewing"):
            self._set_status(_("The form changed: preview again before importing."))
            self._hide_progress()
        self._previewed = None
        self._loaded = None
        self._state = "idle"
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        busy = self._state in ("previewing", "importing")
        self.query_one("#preview-button", Button).disabled = busy
        self.query_one("#import-button", Button).disabled = self._state != "ready"

    def _reveal(self, widget: Widget) -> None:
        # At 80x24 the form fills the screen: bring what just changed into view.
        self.call_after_refresh(widget.scroll_visible, animate=False, top=True)

    def _set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    @on(Button.Pressed, "#preview-button")
    def action_preview(self) -> None:
        if self._state in ("previewing", "importing"):
            return
        if self._tree_open():
            self._close_tree()
        request = self.request()
        if request is None:
            return
        self._state = "previewing"
        self._previewed = None
        self._loaded = None
        self._sync_buttons()
        self.query_one("#summary").display = False
        self._set_status(_("Reading {name}…").format(name=request.path.name))
        progress = self._progress_feed()
        app = self.app

        def job() -> None:
            try:
                loaded = read_file(request, progress)
            except ImportProblem as problem:
                need = (
                    mapping_need(request.path, request.sheet, request.mapping)
                    if request.kind == "turnout" and not request.path.is_dir()
                    else None
                )
                app.call_from_thread(self._refused, request, problem, need)
                return
            except errors.PlannerError as exc:
                app.call_from_thread(self._refused, request, exc, None)
                return
            try:
                with app.database.read() as session:
                    preview = preview_loaded(session, request, loaded)
            except errors.PlannerError as exc:
                app.call_from_thread(self._refused, request, exc, None)
                return
            app.call_from_thread(self._previewed_ok, request, loaded, preview)

        self.run_worker(job, thread=True, group="preview", exclusive=True, exit_on_error=False)

    def _current(self, request: ImportRequest) -> bool:
        # Quietly, without marking fields: the form may have changed while reading.
        path = self._path()
        return (
            self._state == "previewing"
            and path == request.path
            and self._kind() == request.kind
            and (request.kind != "turnout" or self._election_id() == request.election_id)
            and self._sheet() == request.sheet
            and (request.kind != "turnout" or self._explicit_map() == request.explicit_map)
        )

    def _refused(
        self, request: ImportRequest, problem: errors.PlannerError, need: MappingNeed | None
    ) -> None:
        self._hide_progress()
        if not self._current(request):
            self._state = "idle"
            self._sync_buttons()
            return
        self._state = "idle"
        self._sync_buttons()
        panel = self.query_one("#preview", Static)
        panel.display = True
        if need is not None:
            self._ask_mapping(need, request)
            self._set_status(_("Say what the columns hold, then preview again."))
            panel.update(Content.assemble((str(problem), "$text-error")))
            self._reveal(self.query_one("#mapping"))
            return
        self._set_status(_("Nothing can be imported from this file yet."))
        heading = (
            _("The file cannot be read:")
            if isinstance(problem, ImportProblem)
            else _("No preview:")
        )
        panel.update(
            Content.assemble(
                (heading, "bold $text-error"),
                "\n",
                (str(problem), "$text-error"),
            )
        )
        self._reveal(panel)

    def _previewed_ok(self, request: ImportRequest, loaded: Loaded, preview: ImportPreview) -> None:
        self._hide_progress()
        if not self._current(request):
            self._state = "idle"
            self._sync_buttons()
            return
        self._previewed = request
        self._loaded = loaded
        self._state = "ready" if preview.can_import else "idle"
        self._sync_buttons()
        panel = self.query_one("#preview", Static)
        panel.display = True
        panel.border_title = _("Preview of {path}:").format(path=request.path.name).rstrip(":")
        panel.update(preview_content(preview))
        if self._map_selects:
            self.query_one("#mapping-note", Static).update(
                _("The columns below are read as chosen.")
            )
        self._reveal(panel)
        if preview.can_import:
            self._set_status(
                _("Nothing has been written yet. Import (Ctrl+S) writes all of it, or nothing.")
            )
        else:
            self._set_status(_("Nothing can be imported until the problems are fixed."))

    # -- the mapping step ------------------------------------------------------------

    def _ask_mapping(self, need: MappingNeed, request: ImportRequest) -> None:
        chosen = dict(request.explicit_map)
        names = ", ".join(f"{f} ({_(FIELD_LABELS[f])})" for f in need.missing)
        self.query_one("#mapping-note", Static).update(
            _(
                "No column was recognised for: {fields}. Choose what each of these columns "
                "holds, then preview again (Ctrl+R)."
            ).format(fields=names)
        )
        rows = self.query_one("#mapping-rows", Vertical)
        rows.remove_children()
        options = [(f"{name} — {_(label)}", name) for name, label in FIELD_LABELS.items()]
        self._map_selects = [
            (
                header,
                Select[str](
                    options,
                    prompt=_("(not imported)"),
                    value=chosen.get(header, Select.NULL),
                    classes="map-select",
                    compact=True,
                ),
            )
            for header in need.headers
        ]
        rows.mount_all(
            Horizontal(Label(header), select, classes="map-row")
            for header, select in self._map_selects
        )
        mapping = self.query_one("#mapping")
        mapping.add_class("-open")
        if need.headers:
            self.call_after_refresh(self._focus_first_mapping)

    def _focus_first_mapping(self) -> None:
        if self._map_selects:
            self._map_selects[0][1].focus()

    def _clear_mapping(self) -> None:
        if not self._map_selects:
            return
        self._map_selects = []
        self.query_one("#mapping-rows", Vertical).remove_children()
        self.query_one("#mapping").remove_class("-open")

    # -- import ----------------------------------------------------------------------

    def _progress_feed(self) -> Progress:
        app = self.app
        last = -1

        def feed(done: int, total: int) -> None:
            nonlocal last
            step = done * PROGRESS_STEPS // total if total else PROGRESS_STEPS
            if step != last:
                last = step
                app.call_from_thread(self._show_progress, done, total)

        return feed

    def _show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.add_class("-running")
        bar.update(total=max(total, 1), progress=done)

    def _hide_progress(self) -> None:
        self.query_one("#progress", ProgressBar).remove_class("-running")

    @on(Button.Pressed, "#import-button")
    def action_run_import(self) -> None:
        request, loaded = self._previewed, self._loaded
        if self._state != "ready" or request is None or loaded is None:
            if self._state != "importing":
                self.notify(_("Preview the file first; Import is for a preview without problems."))
            return
        self._state = "importing"
        self._sync_buttons()
        self._set_status(_("Importing {name}…").format(name=request.path.name))
        self._show_progress(0, record_count(loaded))
        progress = self._progress_feed()
        self.db_write(
            lambda s: apply_loaded(s, request, loaded, progress),
            lambda summary: self._imported(request, summary),
            on_error=self._import_failed,
            group="import",
        )

    def _election_name(self, election_id: int | None) -> str:
        return next((e.name for e in self._elections if e.id == election_id), "")

    def _imported(self, request: ImportRequest, summary: ImportPreview) -> None:
        self._hide_progress()
        self._state = "idle"
        self._previewed = None
        self._loaded = None
        self._sync_buttons()
        self._set_status(_("Done."))
        self.query_one("#preview").display = False
        panel = self.query_one("#summary", Static)
        panel.display = True
        panel.update(
            Content.assemble(
                (summary_text(summary, request, self._election_name(request.election_id)), "bold"),
                "\n",
                preview_content(summary, done=True),
            )
        )
        self._reveal(panel)
        self.notify(_("Imported {name}.").format(name=request.path.name))

    def _import_failed(self, exc: errors.PlannerError) -> None:
        self._hide_progress()
        self._state = "idle"
        self._previewed = None
        self._loaded = None
        self._sync_buttons()
        self._set_status(_("Nothing was imported."))
        panel = self.query_one("#preview", Static)
        panel.display = True
        panel.update(
            Content.assemble(
                (_("Nothing was imported:"), "bold $text-error"), "\n", (str(exc), "$text-error")
            )
        )
        self._reveal(panel)
        self.notify(str(exc), severity="error", timeout=10)

    # -- leaving ---------------------------------------------------------------------

    def action_back(self) -> None:
        if self._tree_open():
            self._close_tree()
            return
        if self._state == "importing":
            self.notify(_("The import is still running; it finishes whole or not at all."))
            return
        self.app.pop_screen()
