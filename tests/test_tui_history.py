"""History in the TUI: one record's changes, the latest changes, and undoing a deletion."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Select, Static

from planner.models import Activity, Stakeholder
from planner.services import stakeholders
from planner.services.stakeholder_views import stakeholder_detail
from planner.store import open_database
from planner.tui.app import TOOLS, PlannerApp
from planner.tui.screens.activity_form import ActivityForm
from planner.tui.screens.history import HistoryScreen, RecentChangesScreen
from planner.tui.screens.vocabulary_form import ChoiceDialog
from tests.tui_helpers import make_app, screen_text, settle

RADIO_SHOW = 22
KEJARI = "Kejari Blora"


@pytest.fixture(autouse=True)
def _who(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every change is attributed to the person at the keyboard and their computer.
    monkeypatch.setenv("PLANNER_USER", "sri")
    monkeypatch.setenv("PLANNER_HOST", "kpu-blora-01")


async def wait_for(app: PlannerApp, pilot: object, found: type[object]) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    for _ in range(50):
        await settle(pilot)
        if isinstance(app.screen, found):
            return
    raise AssertionError(f"{found.__name__} never showed; on top: {app.screen!r}")


def status(app: PlannerApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_an_activitys_history_shows_the_change_with_old_and_new_values(
    blora_path: Path,
) -> None:
    db = open_database(blora_path)
    with db.read() as s:
        before = s.get(Activity, RADIO_SHOW)
    db.dispose()
    assert before is not None
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_record("activity", str(RADIO_SHOW))
        await settle(pilot)
        await pilot.press("e")
        await wait_for(app, pilot, ActivityForm)
        form = app.screen
        form.query_one("#venue", Input).value = "Studio RRI Blora"
        form.query_one("#target", Input).value = "75"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ActivityForm)

        await pilot.press("h")
        await wait_for(app, pilot, HistoryScreen)
        text = screen_text(app)
        assert f"History of {before.title}" in text
        assert f"Venue: {before.venue} → Studio RRI Blora" in text
        # Nothing was planned before: a dash says so.
        assert before.target_participants is None
        assert "Participants planned: – → 75" in text
        assert "sri@kpu-blora-01" in text and "changed" in text
        # The oldest entry is the sample adding it.
        table = app.screen.query_one("#entries", DataTable)
        assert str(table.get_row_at(table.row_count - 1)[2]) == "added"
        # The newest is on top and shown in full below the table.
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "Studio RRI Blora" in detail and "changed" in detail

        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HistoryScreen)

    db = open_database(blora_path)
    with db.read() as s:
        from planner.services.history import history

        newest = history(s, "activity", str(RADIO_SHOW))[0]
    db.dispose()
    assert newest.user == "sri" and newest.host == "kpu-blora-01"
    assert newest.changes["venue"] == [before.venue, "Studio RRI Blora"]


async def test_history_opens_from_a_stakeholder_and_a_region(blora_path: Path) -> None:
    target = _stakeholder(blora_path)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_record("stakeholder", str(target.id))
        await settle(pilot)
        await pilot.press("h")
        await wait_for(app, pilot, HistoryScreen)
        assert app.screen.query_one("#entries", DataTable).row_count >= 1
        assert f"History of {KEJARI}" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)

        app.open_record("region", "33.16.06")
        await settle(pilot)
        await pilot.press("h")
        await wait_for(app, pilot, HistoryScreen)
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.key == "33.16.06"
        # The sample's activities held in Sambong link to it.
        assert "Activity's region" in screen_text(app)


def _stakeholder(path: Path) -> Stakeholder:
    db = open_database(path)
    try:
        with db.read() as s:
            return stakeholders.find_stakeholder(s, KEJARI)
    finally:
        db.dispose()


async def test_a_deleted_stakeholder_comes_back_from_the_recent_changes(blora_path: Path) -> None:
    target = _stakeholder(blora_path)
    assert target.id is not None
    db = open_database(blora_path)
    with db.read() as s:
        before = stakeholder_detail(s, target.id)
    db.dispose()
    assert before is not None and before.regions and before.history

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_record("stakeholder", str(target.id))
        await settle(pilot)
        await pilot.press("d")
        await wait_for(app, pilot, ChoiceDialog)
        await pilot.click("#choice-delete")
        await settle(pilot)
        assert _missing(blora_path, target.id)

        app.push_screen(RecentChangesScreen())
        await wait_for(app, pilot, RecentChangesScreen)
        screen = app.screen
        assert isinstance(screen, RecentChangesScreen)
        # Newest first: the deletion is on top, said so with who did it.
        table = screen.query_one("#entries", DataTable)
        top = [str(c) for c in table.get_row_at(0)]
        assert top[1] == "sri@kpu-blora-01" and top[2] == "deleted"
        assert KEJARI in top[4]

        # A change that is not a deletion cannot be undone: said plainly.
        table.move_cursor(row=1)
        await pilot.press("r")
        await settle(pilot)
        assert "Only a deletion can be undone" in status(app)

        table.move_cursor(row=0)
        await pilot.press("r")
        await wait_for(app, pilot, ChoiceDialog)
        assert KEJARI in screen_text(app)
        await pilot.click("#choice-restore")
        await settle(pilot)
        assert app.screen is screen
        links = len(before.regions) + len(before.history)
        assert f"Restored Stakeholder {KEJARI} with {links} links." in status(app)
        # The restore is itself on the list now, on top.
        assert str(table.get_row_at(0)[2]) == "restored"

        # Restoring the same deletion twice is refused, and says why.
        top_delete = next(
            i
            for i in range(table.row_count)
            if str(table.get_row_at(i)[2]) == "deleted" and KEJARI in str(table.get_row_at(i)[4])
        )
        table.move_cursor(row=top_delete)
        await pilot.press("r")
        await wait_for(app, pilot, ChoiceDialog)
        await pilot.click("#choice-restore")
        await settle(pilot)
        assert "Not restored" in status(app) and "exists again" in status(app)

    db = open_database(blora_path)
    with db.read() as s:
        after = stakeholder_detail(s, target.id)
    db.dispose()
    assert after is not None
    assert after.stakeholder.name == KEJARI
    assert [r.code for r in after.regions] == [r.code for r in before.regions]
    assert [(h.activity_id, h.role) for h in after.history] == [
        (h.activity_id, h.role) for h in before.history
    ]


def _missing(path: Path, stakeholder_id: int) -> bool:
    db = open_database(path)
    try:
        with db.read() as s:
            return stakeholder_detail(s, stakeholder_id) is None
    finally:
        db.dispose()


async def test_recent_changes_filter_by_table_and_person(blora_path: Path) -> None:
    db = open_database(blora_path)
    with db.write() as s:
        stakeholders.update_stakeholder(
            s, _stakeholder(blora_path).id or 0, {"phone": "0812-1111-2222"}, expected_version=None
        )
    db.dispose()
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = RecentChangesScreen()
        app.push_screen(screen)
        await wait_for(app, pilot, RecentChangesScreen)
        assert screen.entries

        screen.query_one("#table-filter", Select).value = "stakeholder"
        await settle(pilot)
        assert screen.entries
        assert {e.table for e in screen.entries.values()} == {"stakeholder"}

        await pilot.press("u")
        await pilot.press(*"sri", "enter")
        await settle(pilot)
        assert screen.filter.user == "sri"
        rows = list(screen.entries.values())
        assert len(rows) == 1 and rows[0].changes["phone"][1] == "0812-1111-2222"
        assert "0812-1111-2222" in screen_text(app)

        await pilot.press("u", "ctrl+u", *"nobody", "enter")
        await settle(pilot)
        assert not screen.entries
        assert "No changes recorded." in screen_text(app)


@pytest.mark.skipif(
    "history" not in TOOLS, reason='waiting for TOOLS["history"] in planner/tui/app.py'
)
async def test_the_change_history_opens_from_the_command_palette(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*("space" if c == " " else c for c in "Change history"))
        # The palette searches after a short debounce.
        for _ in range(20):
            await asyncio.sleep(0.1)
            await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("enter")
        await wait_for(app, pilot, RecentChangesScreen)
        assert app.screen.query_one("#entries", DataTable).row_count > 0
