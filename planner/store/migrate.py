"""Bringing a database file to the schema this planner version expects."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from planner import errors
from planner.i18n import _

_SCRIPTS = Path(__file__).resolve().parent.parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_SCRIPTS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).scalar()
    return bool(row)


def needs_upgrade(engine: Engine) -> bool:
    """True when the file is behind; refuses a file made by a newer planner."""
    current = current_revision(engine)
    if current is None:
        if has_tables(engine):
            raise errors.PlannerError(
                _("The file holds tables but no planner schema version: it is not a planner file.")
            )
        return True
    scripts = ScriptDirectory.from_config(_config())
    known = {script.revision for script in scripts.walk_revisions()}
    if current not in known:
        raise errors.PlannerError(
            _(
                "The file was written by a newer planner (schema {revision}); "
                "update the planner to open it."
            ).format(revision=current)
        )
    return current != scripts.get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
