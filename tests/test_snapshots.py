"""Screenshots of the main screens, compared with the accepted ones in __snapshots__.

Stable by construction: a fixed terminal size, a fixed clock (the sample is
loaded for the same day), and no blinking cursor in a screenshot.
Update after a deliberate change with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui_helpers import make_app, settle

SIZE = (100, 32)


def _then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("dashboard", ()),
        ("regions", ("2",)),
        ("regions_desa", ("2", "down", "down", "down", "down", "down", "enter")),
        ("activities", ("3",)),
        ("stakeholders", ("4",)),
        ("gaps", ("5",)),
        ("lists", ("6",)),
        ("help", ("f1",)),
    ],
)
def test_screen(name: str, keys: tuple[str, ...], blora_path: Path, snap_compare: Any) -> None:
    del name  # part of the test id, hence of the snapshot's file name
    assert snap_compare(make_app(blora_path), terminal_size=SIZE, run_before=_then(*keys))


def test_dashboard_in_english(blora_path: Path, snap_compare: Any) -> None:
    assert snap_compare(make_app(blora_path, lang="en"), terminal_size=SIZE, run_before=_then())


def test_dashboard_at_80x24(blora_path: Path, snap_compare: Any) -> None:
    assert snap_compare(make_app(blora_path), terminal_size=(80, 24), run_before=_then())


def test_welcome_on_an_empty_file(tmp_path: Path, snap_compare: Any) -> None:
    assert snap_compare(make_app(tmp_path / "empty.db"), terminal_size=SIZE, run_before=_then())
