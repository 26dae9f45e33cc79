"""Start-up stays light: the TUI's first frame and `planner --help` never wait for the ORM."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_the_tui_and_the_command_line_load_without_the_orm() -> None:
    for statement in ("import planner.cli", "import planner.tui.app"):
        loaded = _modules_after(statement)
        heavy = {m for m in loaded if m.split(".")[0] in {"sqlalchemy", "sqlmodel", "alembic"}}
        assert not heavy, f"{statement} loads {sorted(heavy)[:5]}"
        assert "planner.models" not in loaded


def test_the_lazy_command_table_names_every_command_where_it_is() -> None:
    from planner.cli import LAZY_COMMANDS

    found: dict[str, str] = {}
    for module_name in sorted(set(LAZY_COMMANDS.values())):
        module = importlib.import_module(f"planner.cli.{module_name}")
        for command in module.COMMANDS:
            assert command.name is not None
            found[command.name] = module_name
    assert found == LAZY_COMMANDS


def test_help_lists_every_command() -> None:
    from planner.cli import LAZY_COMMANDS, cli

    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    for name in LAZY_COMMANDS:
        assert f"  {name} " in result.output or f"  {name}\n" in result.output


def test_the_schema_head_constant_is_alembics_head() -> None:
    from planner.store.migrate import SCHEMA_HEAD, head_revision

    assert head_revision() == SCHEMA_HEAD


def test_the_workbook_suffixes_agree() -> None:
    from planner.importers import preview, xlsx

    assert preview._WORKBOOK_SUFFIXES == xlsx.WORKBOOK_SUFFIXES
