"""First start: an empty database offers the Blora sample, a region import, or a blank start."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Input, Label, ProgressBar, Static

from planner import errors
from planner.i18n import N_, _
from planner.tui.base import PlannerModal


class WelcomeScreen(PlannerModal[None]):
    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen > Vertical {
        width: 76; max-width: 100%; height: auto; border: thick $primary;
        background: $surface; padding: 1 2;
    }
    WelcomeScreen Horizontal { height: auto; }
    WelcomeScreen Button { margin: 1 1 0 0; }
    WelcomeScreen #import-row { display: none; height: auto; }
    WelcomeScreen #import-row.-shown { display: block; }
    WelcomeScreen ProgressBar { display: none; }
    WelcomeScreen ProgressBar.-shown { display: block; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Welcome to the planner"), classes="title")
            yield Static(
                _(
                    "This database is empty. Start with KPU Blora's sample (real totals, "
                    "kecamatan figures partly synthetic), import your regions from a "
                    "Kemendagri CSV, or start blank with KPU's default lists."
                )
            )
            with Horizontal():
                yield Button(_("Load the Blora sample"), id="sample", variant="primary")
                yield Button(_("Import regions"), id="import")
                yield Button(_("Start blank"), id="blank")
            with Vertical(id="import-row"):
                yield Label(_("CSV file with columns kode,nama:"))
                yield Input(placeholder="wilayah.csv", id="import-path")
                yield Static("", id="import-error", classes="field-error")
            with Center():
                yield ProgressBar(id="progress", show_eta=False)

    def _busy(self, busy: bool) -> None:
        for button in self.query(Button):
            button.disabled = busy
        self.query_one(ProgressBar).set_class(busy, "-shown")

    @on(Button.Pressed, "#sample")
    def load_sample(self) -> None:
        self._busy(True)
        self._load_sample()

    @work(thread=True, exit_on_error=False)
    def _load_sample(self) -> None:
        from planner.sample.blora import load_blora

        try:
            load_blora(self.app.database, today=self.app.today())
        except errors.PlannerError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self.dismiss, None)

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.notify(message, severity="error")

    @on(Button.Pressed, "#import")
    def show_import(self) -> None:
        self.query_one("#import-row").add_class("-shown")
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    def import_regions(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        error = self.query_one("#import-error", Static)
        if not path.is_file():
            error.update(_("No such file: {path}").format(path=path))
            return
        error.update("")
        self._busy(True)
        self._import(path)

    @work(thread=True, exit_on_error=False)
    def _import(self, path: Path) -> None:
        from planner.importers.fields import read_region_rows
        from planner.importers.tabular import read_table
        from planner.services.regions import import_regions
        from planner.services.setup import start_blank

        try:
            records = read_region_rows(read_table(path))
            with self.app.database.write() as session:
                start_blank(session)
                import_regions(session, records, source=path.name)
        except errors.PlannerError as exc:
            self.app.call_from_thread(self._import_failed, str(exc))
            return
        self.app.call_from_thread(self.dismiss, None)

    def _import_failed(self, message: str) -> None:
        self._busy(False)
        self.query_one("#import-error", Static).update(message)

    @on(Button.Pressed, "#blank")
    def start_blank(self) -> None:
        from planner.services.setup import start_blank

        self.db_write(start_blank, lambda _result: self.dismiss(None))


class FatalScreen(PlannerModal[None]):
    """The database cannot be opened: say why, plainly, and let the user leave."""

    DEFAULT_CSS = """
    FatalScreen { align: center middle; }
    FatalScreen > Vertical {
        width: 76; max-width: 100%; height: auto; border: thick $error;
        background: $surface; padding: 1 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "app.quit", N_("Quit"))]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("The database cannot be opened"), classes="title")
            yield Static(self.message, classes="error")
            yield Button(_("Quit"), variant="error", id="quit")

    @on(Button.Pressed, "#quit")
    def quit(self) -> None:
        self.app.exit()
