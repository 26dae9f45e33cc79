"""The core never imports Textual: the TUI stands on the core, never the reverse."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import planner

CORE_EXCLUDED = ("planner.tui", "planner.cli")


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(planner.__path__, prefix="planner."):
        if info.name.startswith(CORE_EXCLUDED) or info.name.startswith("planner.migrations."):
            continue
        names.append(info.name)
    return sorted(names)


def test_core_modules_exist() -> None:
    names = core_modules()
    assert "planner.models" in names and "planner.rules.flags" in names


def test_core_never_imports_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')"
        " or m.startswith('planner.tui'))\n"
        "print('\\n'.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"the core pulled in: {result.stdout}"


def test_import_linter_contract() -> None:
    """The same rule as a static contract, so an import inside a function is caught too."""
    root = Path(__file__).resolve().parents[1]
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
