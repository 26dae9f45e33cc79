"""`planner backup`, `planner restore` and `planner doctor`: looking after the file itself.

None of them opens the database the usual way: a damaged file must still be
diagnosed and replaced, and a check must not upgrade or back up what it checks.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from planner import errors
from planner.cli.context import CliState, emit, json_option, pass_state, print_record, yes_option
from planner.formatting import number
from planner.i18n import _, ngettext


def age_text(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 60:
        return ngettext("{n} minute ago", "{n} minutes ago", minutes).format(n=minutes)
    hours = minutes // 60
    if hours < 48:
        return ngettext("{n} hour ago", "{n} hours ago", hours).format(n=hours)
    return ngettext("{n} day ago", "{n} days ago", age.days).format(n=age.days)


def _size(path: Path) -> str:
    return _("{n} bytes").format(n=number(path.stat().st_size))


@click.command("backup")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def backup_cmd(state: CliState, file: Path | None) -> None:
    """Copy the database safely, even while colleagues work in it.

    Without FILE the copy joins the rotating backups beside the database.
    """
    from planner.store import backup

    db_path = state.config.db_path.expanduser().resolve()
    if not db_path.is_file():
        raise errors.PlannerError(_("{path} does not exist.").format(path=db_path))
    if file is None:
        target = backup.rotating_backup(db_path, "manual")
    else:
        target = file.expanduser().resolve()
        if target.exists():
            raise errors.PlannerError(
                _("{path} already exists; choose a new file name.").format(path=target)
            )
        if not target.parent.is_dir():
            raise errors.PlannerError(
                _("The folder {folder} does not exist.").format(folder=target.parent)
            )
        backup.backup_to(db_path, target)
    click.echo(_("Backup written: {path} ({size}).").format(path=target, size=_size(target)))


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@yes_option
@pass_state
def restore_cmd(state: CliState, file: Path, yes: bool) -> None:
    """Replace the database with a backup FILE, after checking it.

    The current file is backed up first, and colleagues who have it open see
    the restored data on their next read.
    """
    from planner.store import backup, open_database

    db_path = state.config.db_path.expanduser().resolve()
    source = file.expanduser().resolve()
    # Checked before asking, so nobody confirms a restore that cannot happen.
    backup.check_database_file(source)
    if not yes:
        click.confirm(
            _("Replace {path} with {source}? The current file is backed up first.").format(
                path=db_path, source=source
            ),
            abort=True,
        )
    result = backup.restore_from(db_path, source)
    if result.safety_copy is not None:
        click.echo(_("The previous file was kept as {path}.").format(path=result.safety_copy))
    # Opening upgrades a backup made by an older planner, and proves the result opens.
    open_database(db_path).dispose()
    click.echo(_("Restored {path} from {source}.").format(path=db_path, source=source))


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


@click.command("doctor")
@json_option
@pass_state
@click.pass_context
def doctor_cmd(ctx: click.Context, state: CliState, as_json: bool) -> None:
    """Check the database file: integrity, schema, journal mode, location and backups.

    Exits with 1 when a problem is found.
    """
    from planner.store.doctor import SchemaState, diagnose

    report = diagnose(state.config.db_path)

    def human() -> None:
        schema_states = {
            SchemaState.CURRENT: _("current"),
            SchemaState.BEHIND: _("older, upgraded when next opened"),
            SchemaState.NEWER: _("newer than this planner"),
            SchemaState.NONE: _("none"),
            SchemaState.UNKNOWN: _("unknown"),
        }
        location = _("local") if report.local else _("network share")
        choice = report.journal_choice
        pairs: list[tuple[str, object]] = [
            (_("Database"), report.path),
            (_("Size"), _("{n} bytes").format(n=number(report.size)) if report.size else "–"),
            (_("Location"), f"{report.filesystem} ({location})"),
            (_("Read-only"), _yes_no(report.readonly)),
            (_("SQLite"), report.sqlite_version),
            (_("Journal mode"), f"{choice.mode}: {choice.reason}"),
            (
                _("Schema"),
                _("{revision} ({state}; this planner: {head})").format(
                    revision=report.schema_revision or "–",
                    state=schema_states[report.schema_state],
                    head=report.head_revision,
                ),
            ),
            (_("Integrity"), "; ".join(report.integrity) or "–"),
            (
                _("Foreign keys"),
                "; ".join(report.foreign_key_problems) or _("ok"),
            ),
            (
                _("Audit log"),
                _("{n} entries").format(n=number(report.audit_entries))
                if report.audit_entries is not None
                else "–",
            ),
            (
                _("Last backup"),
                _("{path} ({age}, {n} kept)").format(
                    path=report.last_backup.path,
                    age=age_text(report.last_backup.age),
                    n=report.backups,
                )
                if report.last_backup
                else _("none yet"),
            ),
        ]
        print_record(pairs)
        for warning in report.warnings:
            click.echo(_("Warning: {text}").format(text=warning))
        if report.ok:
            click.echo(_("No problems found."))
        else:
            for problem in report.problems:
                click.echo(_("Problem: {text}").format(text=problem))

    emit(as_json, report.as_dict(), human)
    if not report.ok:
        ctx.exit(1)


COMMANDS: list[click.Command] = [backup_cmd, restore_cmd, doctor_cmd]
