"""Bringing a database file to the schema this planner version expects."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from planner import errors
from planner.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPTS = Path(__file__).resolve().parent.parent / "migrations"

# The newest migration. A file already there is opened without loading Alembic
# and parsing every migration script (a tenth of a second at each start);
# tests/test_migrations.py checks that this is Alembic's own head.
SCHEMA_HEAD = "0003"


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_SCRIPTS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
        if table is None:
            return None
        rows = [str(r[0]) for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
    if len(rows) > 1:
        # Alembic's own reading refuses a file with several heads; so does the planner.
        raise errors.PlannerError(
            _(
                "The file has several schema versions ({revisions}); it is not a planner file."
            ).format(revisions=", ".join(rows))
        )
    return rows[0] if rows else None


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
    if current == SCHEMA_HEAD:
        return False
    from alembic.script import ScriptDirectory

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
