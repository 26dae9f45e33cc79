"""Starting the TUI from the command line; Textual is imported only here."""

from __future__ import annotations

from planner.cli.context import CliState


def launch_tui(state: CliState) -> None:
    from planner.tui.app import PlannerApp

    PlannerApp(state.config).run()
