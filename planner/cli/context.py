"""What every subcommand shares: the configuration and, opened on demand, the database."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from planner.config import AppConfig
from planner.i18n import _, set_language

if TYPE_CHECKING:
    # Imported when the database is first needed: the TUI starts before the ORM loads.
    from planner.store import Database


@dataclass
class CliState:
    config: AppConfig
    _db: Database | None = field(default=None, repr=False)

    @classmethod
    def create(cls, db_path: str | None, lang: str | None) -> CliState:
        config = AppConfig.resolve(db_path, lang)
        set_language(config.language)
        return cls(config)

    @property
    def db(self) -> Database:
        if self._db is None:
            from planner.config import default_db_path
            from planner.store import open_database

            # Only the default folder is made on demand: an explicit path whose
            # folder is missing may be an unmounted share, and must be refused.
            if self.config.db_path == default_db_path():
                self.config.db_path.parent.mkdir(parents=True, exist_ok=True)
            self._db = open_database(self.config.db_path)
            for warning in self._db.warnings:
                click.echo(f"planner: {warning}", err=True)
            self._db.on_wait = lambda: click.echo(
                _("Waiting for a colleague's save to finish…"), err=True
            )
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None


pass_state = click.make_pass_decorator(CliState)

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")

# Every edit and delete can name the version the user saw, so a script never
# saves over a colleague's change unnoticed.
version_option = click.option(
    "--version",
    "expected_version",
    type=int,
    help=_("Refuse if the record is no longer at this version."),
)
yes_option = click.option("--yes", is_flag=True, help=_("Do not ask for confirmation."))


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, default=_default, ensure_ascii=False, indent=2))


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain aligned table: readable in any terminal and easy to grep."""
    text_rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text_rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    click.echo(line.rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in text_rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def print_record(pairs: Sequence[tuple[str, Any]]) -> None:
    width = max((len(k) for k, _ in pairs), default=0)
    for key, value in pairs:
        click.echo(f"{key.ljust(width)}  {'' if value is None else value}")


def emit(as_json: bool, data: Any, human: Callable[[], None]) -> None:
    if as_json:
        print_json(data)
    else:
        human()
