"""The `planner` command: the TUI by default, and one subcommand group per noun."""

from __future__ import annotations

import importlib
from typing import Any

import click

from planner import errors
from planner.i18n import LANGUAGES

# Command name -> the module of planner.cli defining it (in its COMMANDS).
# A module is imported only when one of its commands runs or help lists them,
# so that `planner` alone reaches the TUI without loading every command's
# dependencies (the ORM above all); tests/test_startup.py keeps this table
# in step with the modules.
LAZY_COMMANDS: dict[str, str] = {
    "activity": "activity",
    "agenda": "agenda",
    "backup": "maintenance",
    "demo": "setup",
    "doctor": "maintenance",
    "election": "election",
    "export": "export",
    "flags": "flags",
    "gaps": "flags",
    "history": "history",
    "import": "importing",
    "init": "setup",
    "lokus": "lokus",
    "method": "vocabulary",
    "region": "region",
    "restore": "maintenance",
    "restore-record": "history",
    "segment": "vocabulary",
    "setting": "setup",
    "stakeholder": "stakeholder",
    "strategy": "vocabulary",
}


class PlannerGroup(click.Group):
    """Turns the core's errors into one line on stderr and exit code 1; loads commands lazily."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except errors.PlannerError as exc:
            click.echo(f"planner: {exc}", err=True)
            ctx.exit(1)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            module = importlib.import_module(f"planner.cli.{LAZY_COMMANDS[cmd_name]}")
            for found in module.COMMANDS:
                if found.name is not None and found.name not in self.commands:
                    self.add_command(found)
            command = self.commands.get(cmd_name)
        return command


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
    from planner.cli.context import CliState

    ctx.obj = CliState.create(db_path, lang)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from planner.cli.tui_launch import launch_tui

        launch_tui(ctx.obj)


def main() -> None:
    cli(prog_name="planner")
