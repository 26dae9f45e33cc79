"""`planner init`, `planner demo` and `planner setting`: a database ready to use."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from planner.cli.context import CliState, emit, json_option, pass_state, print_table
from planner.i18n import _


@click.command("init")
@click.option("--sample", type=click.Choice(["blora"]), help=_("Load a built-in sample."))
@pass_state
def init(state: CliState, sample: str | None) -> None:
    """Create the database (or bring it up to date) with KPU's default lists."""
    from planner.sample.vocabulary import seed_vocabulary

    db = state.db
    if sample == "blora":
        from planner.sample.blora import load_blora

        summary = load_blora(db, today=date.today())
        click.echo(
            _("Loaded the Blora sample into {path}: {summary}").format(
                path=db.path, summary=summary
            )
        )
        return
    with db.write() as s:
        seed_vocabulary(s)
    click.echo(_("Database ready: {path}").format(path=db.path))


def ensure_demo(path: Path, *, reset: bool) -> Path:
    """The demo file holding the Blora sample, made on first use."""
    from planner.sample.blora import load_blora
    from planner.store import open_database

    if reset:
        path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists()
    db = open_database(path)
    try:
        if fresh:
            load_blora(db, today=date.today())
    except BaseException:
        db.dispose()
        path.unlink(missing_ok=True)
        raise
    db.dispose()
    return path


@click.command("demo")
@click.option("--reset", is_flag=True, help=_("Rebuild the demo file from the sample."))
@click.option("--no-open", is_flag=True, help=_("Only create the demo file."))
@click.pass_context
def demo(ctx: click.Context, reset: bool, no_open: bool) -> None:
    """Open the planner on a demo file holding the Blora sample."""
    from planner.cli.tui_launch import launch_tui
    from planner.config import AppConfig, demo_db_path

    state: CliState = ctx.obj
    explicit = ctx.parent.params.get("db_path") if ctx.parent else None
    path = Path(explicit).expanduser() if explicit else demo_db_path()
    ensure_demo(path, reset=reset)
    click.echo(_("Demo database: {path}").format(path=path), err=True)
    if no_open:
        return
    state.close()
    launch_tui(CliState(AppConfig(db_path=path, language=state.config.language)))


@click.group("setting")
def setting() -> None:
    """Stored settings: flag thresholds, priority weights, the home region."""


@setting.command("list")
@json_option
@pass_state
def setting_list(state: CliState, as_json: bool) -> None:
    """Show every setting with its value."""
    from dataclasses import asdict

    from planner.services.settings import scope_region, thresholds

    with state.db.read() as s:
        values = {f"threshold.{k}": v for k, v in asdict(thresholds(s)).items()}
        values["scope.region"] = scope_region(s)
    emit(as_json, values, lambda: print_table([_("Setting"), _("Value")], values.items()))


@setting.command("set")
@click.argument("name")
@click.argument("value")
@pass_state
def setting_set(state: CliState, name: str, value: str) -> None:
    """Change a setting, e.g. `planner setting set drop_points 3`."""
    from planner.services.activities import resolve_region
    from planner.services.settings import SCOPE_KEY, set_threshold, set_value

    with state.db.write() as s:
        if name in (SCOPE_KEY, "scope"):
            set_value(s, SCOPE_KEY, resolve_region(s, value, "scope.region").code)
        else:
            set_threshold(s, name, value)
    click.echo(_("Saved."))


COMMANDS: list[click.Command] = [init, demo, setting]
