"""The planner's Textual application: modes for each task, one database, two languages."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen

from planner import errors
from planner.config import AppConfig
from planner.i18n import N_, _, current_language, set_language

if TYPE_CHECKING:
    # The store loads SQLAlchemy and the models: a worker imports it once the
    # app shell is on screen, so the first paint never waits for the ORM.
    from planner.store import Database
    from planner.store.watch import ChangeWatcher

# Often enough to feel live; a poll is one PRAGMA on an idle connection.
LIVE_POLL_SECONDS = 2.0

# Mode name -> (key, label). The order is the order of the keys 1..6.
SCREENS: dict[str, tuple[str, str]] = {
    "dashboard": ("1", N_("Dashboard")),
    "regions": ("2", N_("Regions")),
    "activities": ("3", N_("Activities")),
    "stakeholders": ("4", N_("Stakeholders")),
    "gaps": ("5", N_("Coverage gaps")),
    "lists": ("6", N_("Lists")),
}


# Screens opened over any mode (Escape comes back): name -> label.
TOOLS: dict[str, str] = {
    "import": N_("Import data"),
    "export": N_("Export"),
    "charts": N_("Charts"),
    "history": N_("Change history"),
}


def _screen_factory(mode: str) -> Callable[[], Screen[None]]:
    def make() -> Screen[None]:
        # Imported on first use so that start-up pays only for the first screen.
        if mode == "dashboard":
            from planner.tui.screens.dashboard import DashboardScreen

            return DashboardScreen()
        if mode == "regions":
            from planner.tui.screens.regions import RegionsScreen

            return RegionsScreen()
        if mode == "activities":
            from planner.tui.screens.activities import ActivitiesScreen

            return ActivitiesScreen()
        if mode == "stakeholders":
            from planner.tui.screens.stakeholders import StakeholdersScreen

            return StakeholdersScreen()
        if mode == "gaps":
            from planner.tui.screens.gaps import GapsScreen

            return GapsScreen()
        from planner.tui.screens.lists import ListsScreen

        return ListsScreen()

    return make


def _planner_commands() -> type[Provider]:
    # Textual resolves a callable here when the palette first opens.
    from planner.tui.commands import PlannerCommands

    return PlannerCommands


class PlannerApp(App[None]):
    CSS_PATH = "planner.tcss"
    TITLE = "Planner"
    COMMANDS = App.COMMANDS | {_planner_commands}
    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {
        mode: _screen_factory(mode) for mode in SCREENS
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"go('{mode}')", label, key_display=key)
            for mode, (key, label) in SCREENS.items()
        ),
        Binding("f1,question_mark", "help", N_("Help"), key_display="F1"),
        Binding("f2", "toggle_language", N_("Language"), show=False),
        Binding("ctrl+q", "quit", N_("Quit"), priority=True),
    ]

    def __init__(
        self,
        config: AppConfig,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        set_language(config.language)
        super().__init__()
        self.config = config
        self._clock = clock or datetime.now
        self._database: Database | None = None
        self._watcher: ChangeWatcher | None = None
        # The file name only: the full path is long, and `planner doctor` shows it.
        self.sub_title = config.db_path.name

    # -- facts every screen asks for -------------------------------------------------

    @property
    def database(self) -> Database:
        if self._database is None:
            raise errors.PlannerError(_("The database is not open yet."))
        return self._database

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self._clock().date()

    # -- start-up ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from textual.widgets import Footer, Header, LoadingIndicator

        yield Header()
        yield LoadingIndicator()
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Planner — voter participation")
        # After the shell's first frame: the worker's imports would otherwise
        # share the interpreter with drawing it.
        self.call_after_refresh(self._open)

    @work(thread=True, exit_on_error=False)
    def _open(self) -> None:
        from planner.store import open_database

        try:
            database = open_database(self.config.db_path)
        except errors.PlannerError as exc:
            self.call_from_thread(self._failed, str(exc))
            return
        with database.read() as session:
            from planner.services.setup import is_empty

            empty = is_empty(session)
        self.call_from_thread(self._opened, database, empty)

    def _failed(self, message: str) -> None:
        from planner.tui.screens.welcome import FatalScreen

        self.push_screen(FatalScreen(message))

    def _opened(self, database: Database, empty: bool) -> None:
        from planner.store.watch import ChangeWatcher

        # What start-up loaded (Textual, SQLAlchemy, the models: about a million
        # objects) lives as long as the app. Left out of the collector's full
        # passes, it stops costing pauses of tens of milliseconds while browsing.
        gc.freeze()
        from textual.widgets import LoadingIndicator

        # The shell's indicator would go on animating under the screens.
        self.query(LoadingIndicator).remove()
        self._database = database
        self._watcher = ChangeWatcher(database.path)
        self.set_interval(LIVE_POLL_SECONDS, self._poll_changes, name="live-refresh")
        # Read-only, network share, ...: said once, plainly.
        for warning in database.warnings:
            self.notify(warning, severity="warning", timeout=10)
        database.on_wait = lambda: self.call_from_thread(
            self.notify, _("Waiting for a colleague's save to finish…")
        )
        if empty:
            from planner.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(), lambda _result: self.switch_mode("dashboard"))
        else:
            self.switch_mode("dashboard")

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
        if self._database is not None:
            self._database.dispose()

    # -- live view -------------------------------------------------------------------

    def _poll_changes(self) -> None:
        watcher = self._watcher
        if watcher is None:
            return

        def poll() -> None:
            if watcher.changed():
                self.call_from_thread(self.colleague_changed)

        self.run_worker(
            poll, thread=True, group="live-refresh", exclusive=True, exit_on_error=False
        )

    def colleague_changed(self) -> None:
        """Someone saved: every screen in the stack fetches again; open forms keep their input."""
        from planner.tui.base import PlannerScreen

        for screen in self.screen_stack:
            if isinstance(screen, PlannerScreen):
                screen.reload()

    # -- actions ---------------------------------------------------------------------

    def action_go(self, mode: str) -> None:
        if self._database is None:
            return
        self.switch_mode(mode)

    def action_help(self) -> None:
        from planner.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    async def action_toggle_language(self) -> None:
        await self.change_language("en" if current_language() == "id" else "id")

    async def change_language(self, lang: str) -> None:
        """Every screen speaks the new language: built again, keeping the current one."""
        set_language(lang)
        self.config = AppConfig(self.config.db_path, lang)
        self.title = _("Planner — voter participation")
        current = self.current_mode
        for mode in SCREENS:
            if mode != current:
                await self.remove_mode(mode)
                self.add_mode(mode, _screen_factory(mode))
        screen = self.screen
        await screen.recompose()
        reload = getattr(screen, "reload", None)
        if callable(reload):
            reload()
        self.refresh_bindings()

    def data_changed(self) -> None:
        """After a save: the screen on show fetches its data again."""
        reload = getattr(self.screen, "reload", None)
        if callable(reload):
            reload()

    def open_tool(self, name: str) -> None:
        """Import, export or the charts, over the current screen; Escape comes back."""
        if self._database is None:
            return
        screen: Screen[None]
        if name == "import":
            from planner.tui.screens.data_import import ImportScreen

            screen = ImportScreen()
        elif name == "export":
            from planner.tui.screens.data_export import ExportScreen

            screen = ExportScreen()
        elif name == "history":
            from planner.tui.screens.history import RecentChangesScreen

            screen = RecentChangesScreen()
        else:
            from planner.tui.screens.charts import ChartsScreen

            screen = ChartsScreen()
        self.push_screen(screen)

    def action_tool(self, name: str) -> None:
        self.open_tool(name)

    def open_record(self, kind: str, key: str) -> None:
        """Show one record's page, from the command palette or a link."""
        if kind == "region":
            from planner.tui.screens.region_page import RegionPage

            self.push_screen(RegionPage(key))
        elif kind == "activity":
            from planner.tui.screens.activity_page import ActivityPage

            self.push_screen(ActivityPage(int(key)))
        elif kind == "stakeholder":
            from planner.tui.screens.stakeholder_page import StakeholderPage

            self.push_screen(StakeholderPage(int(key)))
