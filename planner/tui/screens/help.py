"""Bantuan: the keys of every screen, in the current language."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Label

from planner.i18n import N_, _
from planner.tui.base import PlannerModal


def _screen_classes() -> list[tuple[str, type]]:
    from planner.tui.app import SCREENS
    from planner.tui.screens.activities import ActivitiesScreen
    from planner.tui.screens.dashboard import DashboardScreen
    from planner.tui.screens.gaps import GapsScreen
    from planner.tui.screens.lists import ListsScreen
    from planner.tui.screens.regions import RegionsScreen
    from planner.tui.screens.stakeholders import StakeholdersScreen

    classes = {
        "dashboard": DashboardScreen,
        "regions": RegionsScreen,
        "activities": ActivitiesScreen,
        "stakeholders": StakeholdersScreen,
        "gaps": GapsScreen,
        "lists": ListsScreen,
    }
    return [(_(label), classes[mode]) for mode, (_key, label) in SCREENS.items()]


def _rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    rows = []
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if not binding.description:
            continue
        keys = binding.key_display or binding.key.replace(",", " / ")
        rows.append((keys, _(binding.description)))
    return rows


class HelpScreen(PlannerModal[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80; max-width: 100%; height: 90%; border: thick $primary; background: $surface;
    }
    HelpScreen DataTable { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1", "dismiss", N_("Close"))]

    def compose(self) -> ComposeResult:
        from planner.tui.app import PlannerApp

        with VerticalScroll():
            yield Label(_("Keys everywhere"), classes="title")
            yield self._table(
                [
                    *_rows(PlannerApp.BINDINGS),
                    ("ctrl+p", _("Command palette: find screens and records by name")),
                    ("tab / shift+tab", _("Move between fields and tables")),
                ]
            )
            for title, cls in _screen_classes():
                rows = _rows(list(getattr(cls, "BINDINGS", [])))
                if rows:
                    yield Label(title, classes="title")
                    yield self._table(rows)
        yield Footer()

    def _table(self, rows: list[tuple[str, str]]) -> DataTable[str]:
        table: DataTable[str] = DataTable(show_cursor=False, zebra_stripes=True)
        table.add_columns(_("Key"), _("Action"))
        for row in rows:
            table.add_row(*row)
        return table

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
