"""The `planner` command: the TUI by default, and one subcommand group per noun."""

from __future__ import annotations

from typing import Any

import click

from planner import errors
from planner.cli.context import CliState
from planner.i18n import LANGUAGES


class PlannerGroup(click.Group):
    """Turns the core's errors into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except errors.PlannerError as exc:
            click.echo(f"planner: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=PlannerGroup, invoke_without_command=True)
@click.option(
    "--db",
    "db_path",
    metavar="PATH",
    help="Database file (default: $PLANNER_DB, else planner.db in the user's data folder).",
)
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language: id (default) or en.")
@click.version_option(package_name="planner")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, lang: str | None) -> None:
    """Plan socialization activities that raise voter participation."""
    ctx.obj = CliState.create(db_path, lang)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from planner.cli.tui_launch import launch_tui

        launch_tui(ctx.obj)


def _register() -> None:
    from planner.cli import (
        activity,
        agenda,
        election,
        export,
        flags,
        history,
        importing,
        lokus,
        maintenance,
        region,
        setup,
        stakeholder,
        vocabulary,
    )

    for module in (
        setup,
        importing,
        election,
        region,
        lokus,
        stakeholder,
        vocabulary,
        activity,
        flags,
        agenda,
        export,
        history,
        maintenance,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="planner")
