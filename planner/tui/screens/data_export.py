"""Ekspor: lists, the calendar and the socialization report, written to a file the user names.

The same request the CLI's `planner export` builds (planner.exports.run):
the form offers only the formats and options the chosen kind takes, checks
what it can as the user types, and builds and writes the file in a worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Header, Input, Select, Static

from planner import errors
from planner.dates import parse_date
from planner.exports.run import (
    CALENDAR,
    CSV,
    FORMATS_FOR,
    HTML,
    ICS,
    KINDS,
    OPTION_KINDS,
    REPORT,
    XLSX,
    ExportRefused,
    ExportRequest,
    ExportResult,
    check_request,
)
from planner.i18n import N_, _
from planner.rules.labels import level_label
from planner.services.region_views import ElectionRef
from planner.tui.base import PlannerScreen
from planner.tui.screens.data_import import PathSuggester
from planner.tui.screens.vocabulary_form import FORM_CSS, field_row, show_field_error

KIND_LABELS: dict[str, str] = {
    "activities": N_("Activities"),
    "stakeholders": N_("Stakeholders"),
    "regions": N_("Regions with turnout and flags"),
    "gaps": N_("Coverage gaps"),
    "report": N_("Socialization report"),
    "calendar": N_("Calendar of activities"),
}
FORMAT_LABELS: dict[str, str] = {
    CSV: N_("CSV (comma or semicolon separated)"),
    XLSX: N_("Excel workbook (.xlsx)"),
    ICS: N_("iCalendar (.ics)"),
    HTML: N_("Web page to print (.html)"),
}
LEVELS: tuple[str, ...] = ("kecamatan", "desa")

# Form field -> the option of ExportRequest it sets (planner.exports.run.OPTION_KINDS).
OPTION_ROWS: dict[str, str] = {
    "since": "from",
    "until": "to",
    "region": "region",
    "election": "election",
    "level": "level",
    "contacts": "contacts",
}
# Which form field an InvalidInput from the export names.
ERROR_FIELDS: dict[str, str] = {
    "from": "since",
    "to": "until",
    "region": "region",
    "election": "election",
}


def default_folder() -> Path:
    """Documents in the user's home when there is one, else the folder the planner runs in."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.cwd()


def default_name(kind: str, fmt: str, today: date) -> str:
    """A file name saying what it holds and when it was made: activities-2026-11-28.xlsx."""
    return f"{kind}-{today.isoformat()}.{fmt}"


@dataclass(frozen=True)
class ExportChoices:
    """The regions and elections the options offer."""

    regions: list[tuple[str, str]]
    elections: list[ElectionRef]


def export_choices(session: Session) -> ExportChoices:
    """The home region and the regions under it (the provinces without one), and every election."""
    from planner.services.elections import list_elections
    from planner.services.regions import children, get_region, region_label
    from planner.services.settings import scope_region

    scope = scope_region(session)
    regions = []
    if scope:
        home = get_region(session, scope)
        regions.append((region_label(home), home.code))
    regions += [(region_label(r), r.code) for r in children(session, scope)]
    return ExportChoices(regions, [ElectionRef.of(e) for e in list_elections(session)])


class ExportScreen(PlannerScreen):
    """Choose what to export and where; the file is written whole or not at all."""

    DEFAULT_CSS = (
        """
    ExportScreen #body { height: 1fr; padding: 0 1; }
    ExportScreen .field-row { margin-bottom: 0; }
    ExportScreen #contacts { margin-left: 18; border: none; padding: 0; height: 1; }
    ExportScreen #buttons { height: auto; margin: 1 0 0 0; }
    ExportScreen #status { height: auto; color: $text-muted; }
    ExportScreen #result { height: auto; }
    """
        + FORM_CSS
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("ctrl+s", "export", N_("Export"), key_display="^s", priority=True),
    ]

    def __init__(self, kind: str = "activities") -> None:
        super().__init__()
        self._kind = kind if kind in KINDS else KINDS[0]
        self._format = FORMATS_FOR[self._kind][0]
        self._exporting = False

    def compose(self) -> ComposeResult:
        today = self.app.today()
        out = default_folder() / default_name(self._kind, self._format, today)
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(_("Export"), classes="title")
            yield field_row(
                _("Kind"),
                Select(
                    [(_(KIND_LABELS[k]), k) for k in KINDS],
                    value=self._kind,
                    allow_blank=False,
                    id="kind",
                    compact=True,
                ),
            )
            yield field_row(
                _("Format"),
                Select(
                    self._format_options(self._kind),
                    value=self._format,
                    allow_blank=False,
                    id="format",
                    compact=True,
                ),
            )
            yield field_row(
                _("Save as"),
                Input(str(out), suggester=PathSuggester(), id="out", compact=True),
                hint=" ",
            )
            yield self._option_row(
                "since",
                field_row(
                    _("From"),
                    Input(placeholder=_("first day, e.g. 1/1/2026"), id="since", compact=True),
                ),
            )
            yield self._option_row(
                "until",
                field_row(
                    _("To"),
                    Input(placeholder=_("last day, e.g. 31/12/2026"), id="until", compact=True),
                ),
            )
            yield self._option_row(
                "region",
                field_row(
                    _("Region"),
                    Select[str]([], prompt=_("(the home region)"), id="region", compact=True),
                ),
            )
            yield self._option_row(
                "election",
                field_row(
                    _("Election"),
                    Select[int](
                        [], prompt=_("(the latest with results)"), id="election", compact=True
                    ),
                ),
            )
            yield self._option_row(
                "level",
                field_row(
                    _("Level"),
                    Select(
                        [(level_label(level), level) for level in LEVELS],
                        value=LEVELS[0],
                        allow_blank=False,
                        id="level",
                        compact=True,
                    ),
                ),
            )
            checkbox = Checkbox(
                _("Include contact persons, phone numbers and e-mails"),
                id="contacts",
                compact=True,
            )
            yield self._option_row("contacts", checkbox)
            with Horizontal(id="buttons"):
                yield Button(_("Export"), id="export-button", variant="primary", compact=True)
            yield Static("", id="status")
            result = Static("", id="result", classes="panel")
            result.border_title = _("Written")
            result.display = False
            yield result
        yield Footer()

    def _option_row(self, name: str, widget: Widget) -> Widget:
        widget.add_class("option")
        widget.set_class(True, f"option-{name}")
        return widget

    def on_mount(self) -> None:
        self._show_options()
        self._check_out()
        self.query_one("#kind", Select).focus()
        self.reload()

    # -- data ------------------------------------------------------------------------

    def reload(self) -> None:
        self.db_read(export_choices, self._show_choices)

    def _show_choices(self, choices: ExportChoices) -> None:
        region = self.query_one("#region", Select)
        current = region.value
        region.set_options(choices.regions)
        if isinstance(current, str) and any(code == current for _label, code in choices.regions):
            region.value = current
        election = self.query_one("#election", Select)
        chosen = election.value
        election.set_options([(e.name, e.id) for e in choices.elections])
        if isinstance(chosen, int) and any(e.id == chosen for e in choices.elections):
            election.value = chosen

    # -- the form --------------------------------------------------------------------

    @staticmethod
    def _format_options(kind: str) -> list[tuple[str, str]]:
        return [(_(FORMAT_LABELS[f]), f) for f in FORMATS_FOR[kind]]

    def _show_options(self) -> None:
        for name, option in OPTION_ROWS.items():
            shown = self._kind in OPTION_KINDS[option]
            for widget in self.query(f".option-{name}"):
                widget.display = shown

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        kind = str(event.value)
        if kind == self._kind or kind not in KINDS:
            return
        old_default = default_name(self._kind, self._format, self.app.today())
        self._kind = kind
        fmt = self._format if self._format in FORMATS_FOR[kind] else FORMATS_FOR[kind][0]
        select = self.query_one("#format", Select)
        select.set_options(self._format_options(kind))
        select.value = fmt
        out = self.query_one("#out", Input)
        path = Path(out.value)
        if path.name == old_default or not out.value.strip():
            # The name is still the one made up for the old kind: make it up again.
            folder = path.parent if out.value.strip() else default_folder()
            out.value = str(folder / default_name(kind, fmt, self.app.today()))
        self._set_format(fmt)
        self._show_options()
        self.query_one("#result").display = False

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value in FORMATS_FOR[self._kind]:
            self._set_format(event.value)

    def _set_format(self, fmt: str) -> None:
        self._format = fmt
        out = self.query_one("#out", Input)
        if out.value.strip():
            path = Path(out.value.strip())
            if path.suffix.lower() != f".{fmt}":
                out.value = str(path.with_suffix(f".{fmt}"))

    @on(Input.Changed, "#out")
    def _check_out(self) -> None:
        self._out_problem(quiet=False)

    def _out_problem(self, *, quiet: bool) -> str:
        """What is wrong with the file name ("" when nothing); shown at the field unless quiet."""
        typed = self.query_one("#out", Input).value.strip()
        hint = ""
        problem = ""
        if not typed:
            problem = _("name the file to write")
        else:
            path = Path(os.path.expanduser(typed))
            if path.is_dir():
                problem = _("{path} is a folder, not a file.").format(path=path)
            elif not path.parent.is_dir():
                problem = _("The folder {folder} does not exist.").format(folder=path.parent)
            elif path.suffix.lower() != f".{self._format}":
                problem = _("the name should end in .{format}").format(format=self._format)
            elif path.exists():
                hint = _("A file of this name exists: it will be replaced.")
        if not quiet:
            show_field_error(self, "out", problem)
            for widget in self.query("#out").results(Input):
                body = widget.parent
                if body is not None:
                    for note in body.query(".hint").results(Static):
                        note.update(hint or " ")
        return problem

    @on(Input.Changed, "#since")
    @on(Input.Changed, "#until")
    def _check_day(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        self._day(field, quiet=False)

    def _day(self, field: str, *, quiet: bool) -> tuple[date | None, str]:
        """The date typed in a field, and what is wrong with it ("" when nothing)."""
        text = self.query_one(f"#{field}", Input).value.strip()
        day: date | None = None
        problem = ""
        if text:
            try:
                day = parse_date(text, today=self.app.today(), field=field)
            except errors.InvalidInput as exc:
                problem = exc.message
        if not quiet:
            show_field_error(self, field, problem)
        return day, problem

    def request(self) -> tuple[ExportRequest, Path] | None:
        """The export the form asks for and the file, or None after showing what is wrong."""
        problems: dict[str, str] = {}
        if problem := self._out_problem(quiet=False):
            problems["out"] = problem
        takes = {name for name, option in OPTION_ROWS.items() if self._kind in OPTION_KINDS[option]}
        since = until = None
        if "since" in takes:
            since, problem = self._day("since", quiet=False)
            if problem:
                problems["since"] = problem
            until, problem = self._day("until", quiet=False)
            if problem:
                problems["until"] = problem
        region = self.query_one("#region", Select).value if "region" in takes else None
        election = self.query_one("#election", Select).value if "election" in takes else None
        level = self.query_one("#level", Select).value if "level" in takes else None
        contacts = "contacts" in takes and self.query_one("#contacts", Checkbox).value
        request = ExportRequest(
            kind=self._kind,
            format=self._format,
            since=since,
            until=until,
            region=region if isinstance(region, str) else None,
            election=str(election) if isinstance(election, int) else None,
            level=level if isinstance(level, str) else None,
            include_contacts=contacts,
        )
        if not problems:
            try:
                check_request(request)
            except ExportRefused as exc:
                field = "until" if since and until and until < since else "kind"
                problems[field] = str(exc)
                show_field_error(self, field, str(exc))
        if problems:
            first = next(iter(problems))
            self.query_one(f"#{first}").focus()
            return None
        out = Path(os.path.expanduser(self.query_one("#out", Input).value.strip()))
        return request, out

    # -- exporting -------------------------------------------------------------------

    @on(Button.Pressed, "#export-button")
    def action_export(self) -> None:
        if self._exporting:
            return
        asked = self.request()
        if asked is None:
            return
        request, out = asked
        self._exporting = True
        self.query_one("#export-button", Button).disabled = True
        self.query_one("#status", Static).update(_("Writing {name}…").format(name=out.name))
        app = self.app
        now = app.now()

        def job() -> None:
            from planner.exports.files import write_atomic
            from planner.exports.run import build_export

            try:
                with app.database.read() as session:
                    result = build_export(session, request, now=now)
                write_atomic(out, result.data)
            except errors.PlannerError as exc:
                app.call_from_thread(self._failed, exc)
                return
            app.call_from_thread(self._written, request, out, result)

        self.run_worker(job, thread=True, group="export", exclusive=True, exit_on_error=False)

    def _written(self, request: ExportRequest, out: Path, result: ExportResult) -> None:
        self._exporting = False
        self.query_one("#export-button", Button).disabled = False
        if request.kind == REPORT:
            message = _("Report written to {path} ({n} activities).")
        elif request.kind == CALENDAR:
            message = _("{n} activities written to {path}.")
        else:
            message = _("{n} rows written to {path}.")
        text = message.format(path=out, n=result.count)
        self.query_one("#status", Static).update("")
        panel = self.query_one("#result", Static)
        panel.display = True
        panel.update(Content.assemble((text, "bold")))
        self.call_after_refresh(panel.scroll_visible, animate=False)
        self._out_problem(quiet=False)
        self.notify(text)

    def _failed(self, exc: errors.PlannerError) -> None:
        self._exporting = False
        self.query_one("#export-button", Button).disabled = False
        self.query_one("#status", Static).update("")
        field = ERROR_FIELDS.get(exc.field) if isinstance(exc, errors.InvalidInput) else None
        if isinstance(exc, errors.InvalidInput) and field is not None:
            show_field_error(self, field, exc.message)
            self.query_one(f"#{field}").focus()
        else:
            show_field_error(self, "out", str(exc))
        self.notify(str(exc), severity="error", timeout=10)

    def action_back(self) -> None:
        self.app.pop_screen()
