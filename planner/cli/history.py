"""`planner history` and `planner restore-record`: the audit log, and undoing a deletion."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from planner.cli.context import CliState, emit, json_option, pass_state, print_table
from planner.i18n import _


def local_time(at: datetime) -> str:
    """An entry's UTC time as the wall clock of this computer shows it."""
    from planner.dates import format_date, format_time

    local = at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
    return f"{format_date(local.date())} {format_time(local.time())}"


@click.command("history")
@click.argument("table", required=False)
@click.argument("key", required=False)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1))
@click.option("--user", help=_("Only changes made by this user."))
@json_option
@pass_state
def history_cmd(
    state: CliState,
    table: str | None,
    key: str | None,
    limit: int,
    user: str | None,
    as_json: bool,
) -> None:
    """Who changed what: the latest changes, or one record's (TABLE KEY, e.g. activity 12)."""
    from planner.services import history as svc

    with state.db.read() as s:
        if table is not None and key is not None:
            entries = svc.history(s, table, key, limit=limit)
            if user is not None:
                entries = [e for e in entries if e.user.lower() == user.lower()]
        else:
            entries = svc.recent(s, limit, table=table, user=user)

    def human() -> None:
        if not entries:
            click.echo(_("No changes recorded."))
            return
        if key is None:
            print_table(
                ["#", _("When"), _("Who"), _("Action"), _("Table"), _("Record"), _("Change")],
                [
                    (
                        e.id,
                        local_time(e.at),
                        f"{e.user}@{e.host}",
                        svc.action_label(e.action),
                        e.table,
                        e.key,
                        svc.describe(e),
                    )
                    for e in entries
                ],
            )
            return
        for e in entries:
            where = "" if e.table == table else f"  {e.table} {e.key}"
            click.echo(
                f"#{e.id}  {local_time(e.at)}  {e.user}@{e.host}  "
                f"{svc.action_label(e.action)}{where}"
            )
            changes = e.field_changes()
            if changes:
                for name, old, new in changes:
                    click.echo(f"    {name}: {svc.short(old)} → {svc.short(new)}")
            elif e.summary or e.action != "update":
                click.echo(f"    {svc.describe(e)}")

    emit(as_json, [e.as_dict() for e in entries], human)


@click.command("restore-record")
@click.argument("audit_id", type=int)
@pass_state
def restore_record(state: CliState, audit_id: int) -> None:
    """Bring back a deleted record (with its links) from its deletion's history entry."""
    from planner.services.history import restore_deleted

    with state.db.write() as s:
        restored = restore_deleted(s, audit_id)
    click.echo(
        _("Restored {table} {key} ({n} links) from history entry {id}.").format(
            table=restored.table, key=restored.key, n=restored.links, id=audit_id
        )
    )


COMMANDS: list[click.Command] = [history_cmd, restore_record]
