"""Each test gets its own database file in a temporary folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from planner.i18n import set_language
from planner.store import Database, open_database

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    # Nothing a test does may touch the user's real database or settings.
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("PLANNER_LANG", raising=False)
    set_language("id")
    yield
    set_language("id")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "planner.db")
    yield database
    database.dispose()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED_DATA


# Screens and snapshots are taken on a fixed day so that countdowns and the
# sample's relative activity dates never change between runs.
FIXED_NOW = datetime(2026, 11, 28, 9, 0)


@pytest.fixture(scope="session")
def _blora_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from planner.sample.blora import load_blora

    path = tmp_path_factory.mktemp("template") / "blora.db"
    database = open_database(path)
    try:
        load_blora(database, today=FIXED_NOW.date())
    finally:
        database.dispose()
    return path


@pytest.fixture
def blora_path(_blora_template: Path, tmp_path: Path) -> Path:
    """A private copy of the Blora sample database for one test."""
    path = tmp_path / "blora.db"
    shutil.copyfile(_blora_template, path)
    return path


@pytest.fixture
def blora_db(blora_path: Path) -> Iterator[Database]:
    database = open_database(blora_path)
    yield database
    database.dispose()
