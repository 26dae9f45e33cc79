"""The Lists screen: segments, methods and strategies added, renamed, retired and deleted."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TabbedContent

from planner.models import Activity, Method, Segment
from planner.services import vocabulary
from planner.store import open_database
from planner.tui.app import PlannerApp
from tests.tui_helpers import make_app, screen_text, settle


def _table(app: PlannerApp, pane: str) -> DataTable[object]:
    return app.screen.query_one(f"#{pane}-table", DataTable)


def _go_to_row(app: PlannerApp, pane: str, record_id: int) -> None:
    table = _table(app, pane)
    table.focus()
    table.move_cursor(row=table.get_row_index(str(record_id)))


async def _open_lists(app: PlannerApp, pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("6")
    await settle(pilot)
    assert app.current_mode == "lists"


async def test_a_segment_is_added_renamed_deactivated_and_deleted(blora_path: Path) -> None:
    from planner.tui.screens.vocabulary_form import ChoiceDialog, VocabularyForm

    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_lists(app, pilot)
        assert "Pemilih Pemula" in screen_text(app)
        assert _table(app, "segments").row_count == 11

        # Add.
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, VocabularyForm)
        await pilot.press(*"Ojek pangkalan")
        form.query_one("#sort_order", Input).value = "12"
        form.query_one("#description", Input).value = "Pengemudi ojek di pangkalan"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, VocabularyForm)
        assert "Ojek pangkalan" in screen_text(app)
        db = open_database(blora_path)
        with db.read() as s:
            added = vocabulary.find_segment(s, "Ojek pangkalan")
        db.dispose()
        assert added.sort_order == 12 and added.active and added.version == 1
        # The cursor waits on the new row.
        table = _table(app, "segments")
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == str(added.id)

        # Rename.
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, VocabularyForm)
        assert form.query_one("#name", Input).value == "Ojek pangkalan"
        form.query_one("#name", Input).value = "Pengemudi ojek"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Pengemudi ojek" in screen_text(app)

        # Deactivate.
        _go_to_row(app, "segments", added.id or 0)
        await pilot.press("t")
        await settle(pilot)
        db = open_database(blora_path)
        with db.read() as s:
            renamed = s.get(Segment, added.id)
        db.dispose()
        assert renamed is not None
        assert renamed.name == "Pengemudi ojek" and not renamed.active
        assert renamed.version > added.version

        # Delete: it is unused, so one confirmation.
        _go_to_row(app, "segments", added.id or 0)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#choice-delete")
        await settle(pilot)
        assert "Pengemudi ojek" not in screen_text(app)
        assert _table(app, "segments").row_count == 11
    db = open_database(blora_path)
    with db.read() as s:
        assert s.get(Segment, added.id) is None
        assert len(s.exec(select(Segment)).all()) == 11
    db.dispose()


async def test_a_taken_name_shows_at_the_field_and_nothing_is_written(blora_path: Path) -> None:
    from planner.tui.screens.vocabulary_form import VocabularyForm

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_lists(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, VocabularyForm)
        form.query_one("#name", Input).value = "pemilih pemula"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#name", Input).value == "pemilih pemula"
        assert "Pemilih Pemula" in str(form.query_one("#name-error", Static).render())
    db = open_database(blora_path)
    with db.read() as s:
        assert len(s.exec(select(Segment)).all()) == 11
    db.dispose()


async def test_deleting_a_used_method_needs_force(blora_path: Path) -> None:
    from planner.tui.screens.vocabulary_form import ChoiceDialog

    db = open_database(blora_path)
    with db.read() as s:
        diskusi = vocabulary.find_method(s, "Diskusi")
        used = vocabulary.activities_using(s, Method, diskusi.id or 0)
    db.dispose()
    assert used >= 1

    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_lists(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "methods"
        _go_to_row(app, "methods", diskusi.id or 0)

        # Refused: the dialog says why and offers choices; keeping it changes nothing.
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        message = str(dialog.query_one("#message", Static).render())
        assert "Diskusi" in message and str(used) in message
        await pilot.click("#choice-cancel")
        await settle(pilot)
        db = open_database(blora_path)
        with db.read() as s:
            assert s.get(Method, diskusi.id) is not None
        db.dispose()

        # Forced: gone, and the activities lose the method.
        _go_to_row(app, "methods", diskusi.id or 0)
        await pilot.press("d")
        await settle(pilot)
        await pilot.click("#choice-force")
        await settle(pilot)
        assert "Diskusi" not in [
            str(_table(app, "methods").get_row(k)[0]) for k in _table(app, "methods").rows
        ]
    db = open_database(blora_path)
    with db.read() as s:
        assert s.get(Method, diskusi.id) is None
        assert not s.exec(select(Activity).where(Activity.method_id == diskusi.id)).all()
    db.dispose()


async def test_a_used_method_can_be_made_inactive_instead(blora_path: Path) -> None:
    db = open_database(blora_path)
    with db.read() as s:
        diskusi = vocabulary.find_method(s, "Diskusi")
    db.dispose()
    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_lists(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        _go_to_row(app, "methods", diskusi.id or 0)
        await pilot.press("d")
        await settle(pilot)
        await pilot.click("#choice-deactivate")
        await settle(pilot)
    db = open_database(blora_path)
    with db.read() as s:
        row = s.get(Method, diskusi.id)
        assert row is not None and not row.active
    db.dispose()


async def test_a_strategys_challenges_are_shown_and_edited(blora_path: Path) -> None:
    from planner.tui.screens.vocabulary_form import VocabularyForm

    db = open_database(blora_path)
    with db.read() as s:
        school = vocabulary.find_strategy(s, "KPU Goes to School")
        before = [c.name for c in vocabulary.challenges_of(s, school.id or 0)]
    db.dispose()
    assert "Hoaks dan disinformasi" in before

    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_lists(app, pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "strategies"
        _go_to_row(app, "strategies", school.id or 0)
        await settle(pilot)
        row = [str(c) for c in _table(app, "strategies").get_row(str(school.id))]
        assert "Hoaks dan disinformasi" in row[1]
        assert "Hoaks dan disinformasi" in str(app.screen.query_one("#detail", Static).render())

        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, VocabularyForm)
        challenges = form.query_one("#challenges", Input)
        assert "Hoaks dan disinformasi" in challenges.value
        challenges.value = "Partisipasi rendah, Sekolah jauh dari TPS"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, VocabularyForm)
        assert "Sekolah jauh dari TPS" in screen_text(app)
    db = open_database(blora_path)
    with db.read() as s:
        after = s.get(type(school), school.id)
        names = [c.name for c in vocabulary.challenges_of(s, school.id or 0)]
    db.dispose()
    assert sorted(names) == ["Partisipasi rendah", "Sekolah jauh dari TPS"]
    assert after is not None and after.version > school.version
    assert after.name == school.name  # only the challenges changed
