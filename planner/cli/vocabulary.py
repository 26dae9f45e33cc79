"""`planner segment|method|strategy ...`: the division's editable lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from sqlmodel import Session

from planner import errors
from planner.cli.context import (
    CliState,
    emit,
    json_option,
    pass_state,
    print_table,
    version_option,
    yes_option,
)
from planner.i18n import _
from planner.models import Method, Segment, Strategy
from planner.models.enums import MethodMode
from planner.services import vocabulary as svc

_MODES = click.Choice([m.value for m in MethodMode], case_sensitive=False)

_force_option = click.option(
    "--force", is_flag=True, help=_("Delete even if activities use it, taking it off them.")
)
_active_option = click.option(
    "--active/--inactive", "active", default=None, help=_("Offer it for new activities or not.")
)


def _active_text(active: bool) -> str:
    return _("yes") if active else _("no")


def _require_changes(changes: dict[str, Any], *extra: object) -> None:
    if not changes and all(e is None for e in extra):
        raise click.UsageError(_("Nothing to change: give at least one field option."))


def _remove(
    state: CliState,
    name_or_id: str,
    *,
    find: Callable[[Session, str], Segment | Method | Strategy],
    delete: Callable[..., None],
    expected_version: int | None,
    yes: bool,
    force: bool,
) -> None:
    with state.db.read() as s:
        row = find(s, name_or_id)
        assert row.id is not None
        record_id, seen_version, label = row.id, row.version, svc.label(row)
        used = svc.activities_using(s, type(row), row.id)
    if not yes:
        question = (
            _("Delete {label} (used by {n} activities)?").format(label=label, n=used)
            if used
            else _("Delete {label}?").format(label=label)
        )
        click.confirm(question, abort=True)
        # The user agreed to delete what was just shown.
        if expected_version is None:
            expected_version = seen_version
    try:
        with state.db.write() as s:
            delete(s, record_id, expected_version=expected_version, force=force)
    except svc.InUse as exc:
        raise errors.PlannerError(f"{exc} " + _("Use --force to delete it anyway.")) from exc
    click.echo(_("{label} deleted.").format(label=label))


# --- segment ------------------------------------------------------------------


@click.group("segment")
def segment() -> None:
    """Target segments (basis pemilih): pemilih pemula, perempuan, ..."""


@segment.command("add")
@click.argument("name")
@click.option("--description", default="")
@click.option("--sort-order", type=int, default=0, help=_("Position in lists (lower first)."))
@click.option("--inactive", is_flag=True, help=_("Do not offer it for new activities."))
@json_option
@pass_state
def segment_add(
    state: CliState, name: str, description: str, sort_order: int, inactive: bool, as_json: bool
) -> None:
    """Add a target segment."""
    with state.db.write() as s:
        row = svc.add_segment(
            s, name=name, description=description, sort_order=sort_order, active=not inactive
        )
    emit(
        as_json,
        row.model_dump(),
        lambda: click.echo(_("{label} added (id {id}).").format(label=svc.label(row), id=row.id)),
    )


@segment.command("list")
@click.option("--active-only", is_flag=True, help=_("Hide inactive segments."))
@json_option
@pass_state
def segment_list(state: CliState, active_only: bool, as_json: bool) -> None:
    """List target segments in their sort order."""
    with state.db.read() as s:
        rows = svc.list_segments(s, active_only=active_only)
    emit(
        as_json,
        [r.model_dump() for r in rows],
        lambda: print_table(
            [_("ID"), _("Name"), _("Order"), _("Active"), _("Description")],
            [(r.id, r.name, r.sort_order, _active_text(r.active), r.description) for r in rows],
        ),
    )


@segment.command("edit")
@click.argument("name_or_id")
@click.option("--name", help=_("New name."))
@click.option("--description")
@click.option("--sort-order", type=int)
@_active_option
@version_option
@json_option
@pass_state
def segment_edit(
    state: CliState,
    name_or_id: str,
    name: str | None,
    description: str | None,
    sort_order: int | None,
    active: bool | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Change a target segment; options not given stay as they are."""
    changes = {
        k: v
        for k, v in {
            "name": name,
            "description": description,
            "sort_order": sort_order,
            "active": active,
        }.items()
        if v is not None
    }
    _require_changes(changes)
    with state.db.write() as s:
        found = svc.find_segment(s, name_or_id)
        assert found.id is not None
        row = svc.update_segment(s, found.id, changes, expected_version=expected_version)
    emit(
        as_json,
        row.model_dump(),
        lambda: click.echo(
            _("{label} saved (version {version}).").format(
                label=svc.label(row), version=row.version
            )
        ),
    )


@segment.command("rm")
@click.argument("name_or_id")
@_force_option
@version_option
@yes_option
@pass_state
def segment_rm(
    state: CliState, name_or_id: str, force: bool, expected_version: int | None, yes: bool
) -> None:
    """Delete a target segment; refused while activities use it, unless --force."""
    _remove(
        state,
        name_or_id,
        find=svc.find_segment,
        delete=svc.delete_segment,
        expected_version=expected_version,
        yes=yes,
        force=force,
    )


# --- method -------------------------------------------------------------------


@click.group("method")
def method() -> None:
    """Socialization methods, direct (langsung) or indirect (tidak langsung)."""


@method.command("add")
@click.argument("name")
@click.option("--mode", type=_MODES, default=MethodMode.LANGSUNG.value, show_default=True)
@click.option("--description", default="")
@click.option("--inactive", is_flag=True, help=_("Do not offer it for new activities."))
@json_option
@pass_state
def method_add(
    state: CliState, name: str, mode: str, description: str, inactive: bool, as_json: bool
) -> None:
    """Add a method."""
    with state.db.write() as s:
        row = svc.add_method(s, name=name, mode=mode, description=description, active=not inactive)
    emit(
        as_json,
        row.model_dump(),
        lambda: click.echo(_("{label} added (id {id}).").format(label=svc.label(row), id=row.id)),
    )


@method.command("list")
@click.option("--mode", type=_MODES, help=_("Only direct or only indirect methods."))
@click.option("--active-only", is_flag=True, help=_("Hide inactive methods."))
@json_option
@pass_state
def method_list(state: CliState, mode: str | None, active_only: bool, as_json: bool) -> None:
    """List methods, direct ones first."""
    from planner.rules.labels import method_mode_label

    with state.db.read() as s:
        rows = svc.list_methods(s, mode=mode, active_only=active_only)
    emit(
        as_json,
        [r.model_dump() for r in rows],
        lambda: print_table(
            [_("ID"), _("Name"), _("Mode"), _("Active"), _("Description")],
            [
                (r.id, r.name, method_mode_label(r.mode), _active_text(r.active), r.description)
                for r in rows
            ],
        ),
    )


@method.command("edit")
@click.argument("name_or_id")
@click.option("--name", help=_("New name."))
@click.option("--mode", type=_MODES)
@click.option("--description")
@_active_option
@version_option
@json_option
@pass_state
def method_edit(
    state: CliState,
    name_or_id: str,
    name: str | None,
    mode: str | None,
    description: str | None,
    active: bool | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Change a method; options not given stay as they are."""
    changes = {
        k: v
        for k, v in {
            "name": name,
            "mode": mode,
            "description": description,
            "active": active,
        }.items()
        if v is not None
    }
    _require_changes(changes)
    with state.db.write() as s:
        found = svc.find_method(s, name_or_id)
        assert found.id is not None
        row = svc.update_method(s, found.id, changes, expected_version=expected_version)
    emit(
        as_json,
        row.model_dump(),
        lambda: click.echo(
            _("{label} saved (version {version}).").format(
                label=svc.label(row), version=row.version
            )
        ),
    )


@method.command("rm")
@click.argument("name_or_id")
@_force_option
@version_option
@yes_option
@pass_state
def method_rm(
    state: CliState, name_or_id: str, force: bool, expected_version: int | None, yes: bool
) -> None:
    """Delete a method; refused while activities use it, unless --force."""
    _remove(
        state,
        name_or_id,
        find=svc.find_method,
        delete=svc.delete_method,
        expected_version=expected_version,
        yes=yes,
        force=force,
    )


# --- strategy -----------------------------------------------------------------


def _strategy_dict(s: Session, row: Strategy) -> dict[str, Any]:
    assert row.id is not None
    return {**row.model_dump(), "challenges": [c.name for c in svc.challenges_of(s, row.id)]}


@click.group("strategy")
def strategy() -> None:
    """Strategies and the challenges (hoaks, partisipasi rendah, ...) they answer."""


@strategy.command("add")
@click.argument("name")
@click.option("--description", default="")
@click.option(
    "--challenge",
    "challenges",
    multiple=True,
    metavar="NAME",
    help=_("A challenge it answers (created if new); repeat for several."),
)
@click.option("--inactive", is_flag=True, help=_("Do not offer it for new activities."))
@json_option
@pass_state
def strategy_add(
    state: CliState,
    name: str,
    description: str,
    challenges: tuple[str, ...],
    inactive: bool,
    as_json: bool,
) -> None:
    """Add a strategy."""
    with state.db.write() as s:
        row = svc.add_strategy(
            s, name=name, description=description, active=not inactive, challenges=challenges
        )
        data = _strategy_dict(s, row)
    emit(
        as_json,
        data,
        lambda: click.echo(_("{label} added (id {id}).").format(label=svc.label(row), id=row.id)),
    )


@strategy.command("list")
@click.option("--active-only", is_flag=True, help=_("Hide inactive strategies."))
@json_option
@pass_state
def strategy_list(state: CliState, active_only: bool, as_json: bool) -> None:
    """List strategies with their challenges."""
    with state.db.read() as s:
        data = [_strategy_dict(s, r) for r in svc.list_strategies(s, active_only=active_only)]
    emit(
        as_json,
        data,
        lambda: print_table(
            [_("ID"), _("Name"), _("Active"), _("Challenges"), _("Description")],
            [
                (
                    d["id"],
                    d["name"],
                    _active_text(d["active"]),
                    ", ".join(d["challenges"]),
                    d["description"],
                )
                for d in data
            ],
        ),
    )


@strategy.command("edit")
@click.argument("name_or_id")
@click.option("--name", help=_("New name."))
@click.option("--description")
@click.option(
    "--challenge",
    "challenges",
    multiple=True,
    metavar="NAME",
    help=_("Replaces the challenges; repeat for several."),
)
@click.option("--no-challenges", is_flag=True, help=_("Remove every challenge."))
@_active_option
@version_option
@json_option
@pass_state
def strategy_edit(
    state: CliState,
    name_or_id: str,
    name: str | None,
    description: str | None,
    challenges: tuple[str, ...],
    no_challenges: bool,
    active: bool | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Change a strategy; options not given stay as they are."""
    if challenges and no_challenges:
        raise click.UsageError(_("--challenge and --no-challenges exclude each other."))
    changes = {
        k: v
        for k, v in {"name": name, "description": description, "active": active}.items()
        if v is not None
    }
    new_challenges = [] if no_challenges else list(challenges) if challenges else None
    _require_changes(changes, new_challenges)
    with state.db.write() as s:
        found = svc.find_strategy(s, name_or_id)
        assert found.id is not None
        version = expected_version
        if changes:
            svc.update_strategy(s, found.id, changes, expected_version=version)
            # Checked once: the update itself has just moved the version on.
            version = None
        if new_challenges is not None:
            svc.set_challenges(s, found.id, new_challenges, expected_version=version)
        data = _strategy_dict(s, found)
    emit(
        as_json,
        data,
        lambda: click.echo(
            _("{label} saved (version {version}).").format(
                label=svc.label(found), version=found.version
            )
        ),
    )


@strategy.command("rm")
@click.argument("name_or_id")
@_force_option
@version_option
@yes_option
@pass_state
def strategy_rm(
    state: CliState, name_or_id: str, force: bool, expected_version: int | None, yes: bool
) -> None:
    """Delete a strategy; refused while activities follow it, unless --force."""
    _remove(
        state,
        name_or_id,
        find=svc.find_strategy,
        delete=svc.delete_strategy,
        expected_version=expected_version,
        yes=yes,
        force=force,
    )


COMMANDS: list[click.Command] = [segment, method, strategy]
