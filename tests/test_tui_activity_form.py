"""The activity form: adding and changing activities by keyboard, and never losing input."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import func, text
from sqlmodel import select
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, SelectionList, Static

from planner.models import Activity
from planner.services.activities import ActivityDraft, links_of
from planner.store import open_database
from planner.tui.app import PlannerApp
from planner.tui.screens.activity_form import ActivityForm, ConfirmDiscard
from planner.tui.screens.conflict import ConflictDialog
from planner.tui.widgets.pickers import RegionPicker, SegmentPicker, StakeholderPicker
from tests.tui_helpers import make_app, screen_text, settle

PEMILU_2029 = 6
SAMBONG = "33.16.06"
PEMILIH_PEMULA = 2
BAWASLU = 1
RADIO_SHOW = 22  # "Gelar wicara radio mingguan", weekly, linked to the kabupaten


async def open_form(
    pilot: Pilot[None], activity_id: int | None = None, prefill: ActivityDraft | None = None
) -> ActivityForm:
    await settle(pilot)
    form = ActivityForm(activity_id, prefill=prefill)
    pilot.app.push_screen(form)
    # The fields appear once the choices are read: a worker that may not have started yet.
    for _ in range(50):
        await settle(pilot)
        if form.query("#title"):
            break
    assert pilot.app.screen is form
    return form


async def type_into(pilot: Pilot[None], selector: str, typed: str, *, replace: bool = True) -> None:
    field = pilot.app.screen.query_one(selector)
    field.focus()
    await pilot.pause()
    if replace and isinstance(field, Input):
        field.value = ""
    elif isinstance(field, Input):
        field.cursor_position = len(field.value)
    await pilot.press(*("space" if c == " " else c for c in typed))
    await settle(pilot)


def shown(app: PlannerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def on_top(app: PlannerApp) -> Screen[object]:
    return app.screen


def listed(app: PlannerApp, selector: str) -> list[str]:
    """The rows a picker's list shows."""
    listing = app.screen.query_one(selector, SelectionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def count_activities(path: Path) -> int:
    db = open_database(path)
    try:
        with db.read() as s:
            return int(s.exec(select(func.count()).select_from(Activity)).one())
    finally:
        db.dispose()


async def test_adding_an_activity_with_h_minus_30_a_region_and_a_segment(blora_path: Path) -> None:
    before = count_activities(blora_path)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot)
        await type_into(pilot, "#title", "Rapat koordinasi DP3")
        await type_into(pilot, "#when", "H-3")
        # The line under the field follows the typing, counted from Pemilu 2029.
        assert "H-3 Pemilu 2029" in shown(app, "#when-preview")
        assert "11 February 2029" in shown(app, "#when-preview")
        await type_into(pilot, "#when", "0", replace=False)
        assert "15 January 2029" in shown(app, "#when-preview")
        assert "H-30 Pemilu 2029" in shown(app, "#when-preview")
        assert "H-30 Pemilu 2029" in screen_text(app)

        await type_into(pilot, "#regions", "Sambong")
        found = listed(app, "#regions .region-list")
        assert found[0] == "Kec. Sambong  33.16.06"
        assert "Desa Sambong  33.16.06.2004 · Kec. Sambong" in found
        await pilot.press("enter", "space")  # to the results, pick the first
        await settle(pilot)
        assert form.query_one("#regions", RegionPicker).codes == [SAMBONG]

        form.query_one("#segments").focus()
        await pilot.press("down", "space")  # the second segment: Pemilih Pemula
        await settle(pilot)
        assert form.query_one("#segments", SegmentPicker).ids == [PEMILIH_PEMULA]

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ActivityForm)

    db = open_database(blora_path)
    with db.read() as s:
        assert s.exec(select(func.count()).select_from(Activity)).one() == before + 1
        added = s.exec(select(Activity).where(Activity.title == "Rapat koordinasi DP3")).one()
        assert added.start == datetime(2029, 1, 15)  # 14 February 2029 minus 30 days
        assert added.all_day
        assert added.election_id == PEMILU_2029
        assert added.status == "rencana"
        assert added.id is not None
        links = links_of(s, added.id)
        assert links.region_codes == [SAMBONG]
        assert links.segment_ids == [PEMILIH_PEMULA]
        assert links.stakeholders == []
    db.dispose()


async def test_an_impossible_date_is_refused_at_the_field_and_nothing_is_lost(
    blora_path: Path,
) -> None:
    before = count_activities(blora_path)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot)
        await type_into(pilot, "#title", "Sosialisasi pemilih pemula")
        await type_into(pilot, "#when", "31 Februari 2027")
        # Already while typing: the error stands under the field, the preview is empty.
        assert "31 Februari 2027" in shown(app, "#when-error")
        assert form.query_one("#when-error").display
        assert not form.query_one("#when-preview").display

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "31 Februari 2027" in shown(app, "#when-error")
        assert "28" in shown(app, "#when-error")  # February 2027 has 28 days
        assert form.query_one("#title", Input).value == "Sosialisasi pemilih pemula"
        assert form.query_one("#when", Input).value == "31 Februari 2027"
        assert app.focused is form.query_one("#when")
    assert count_activities(blora_path) == before


async def test_changing_a_title_saves_only_that_and_moves_the_version(blora_path: Path) -> None:
    db = open_database(blora_path)
    with db.read() as s:
        original = s.get(Activity, RADIO_SHOW)
        assert original is not None
        links_before = links_of(s, RADIO_SHOW)
    db.dispose()

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot, RADIO_SHOW)
        assert form.query_one("#title", Input).value == original.title
        assert "FREQ=WEEKLY;COUNT=8" in form.query_one("#recurrence", Input).value
        assert "8 times" in shown(app, "#recurrence-preview")
        assert "H-823 Pemilu 2029" in shown(app, "#when-preview")
        assert listed(app, "#regions .region-list") == ["Kabupaten Blora  33.16"]
        await type_into(pilot, "#title", " (musim 2)", replace=False)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ActivityForm)

    db = open_database(blora_path)
    with db.read() as s:
        changed = s.get(Activity, RADIO_SHOW)
        assert changed is not None
        assert changed.title == original.title + " (musim 2)"
        assert changed.version == original.version + 1
        # Untouched fields are not re-read from their text: nothing else moved.
        assert (changed.start, changed.end, changed.rrule, changed.budget) == (
            original.start,
            original.end,
            original.rrule,
            original.budget,
        )
        assert (changed.method_id, changed.strategy_id, changed.status) == (
            original.method_id,
            original.strategy_id,
            original.status,
        )
        assert links_of(s, RADIO_SHOW) == links_before
    db.dispose()


async def test_a_prefill_from_the_gap_matrix_opens_a_new_activity_with_region_and_segment(
    blora_path: Path,
) -> None:
    before = count_activities(blora_path)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(
            pilot, prefill=ActivityDraft(regions=[SAMBONG], segments=["Pemilih Pemula"])
        )
        assert form.query_one("#regions", RegionPicker).codes == [SAMBONG]
        assert form.query_one("#segments", SegmentPicker).ids == [PEMILIH_PEMULA]
        assert listed(app, "#regions .region-list") == ["Kec. Sambong  33.16.06"]
        assert form.query_one("#title", Input).value == ""
        assert count_activities(blora_path) == before  # opening writes nothing

        await type_into(pilot, "#title", "Sosialisasi pemilih pemula Sambong")
        await type_into(pilot, "#when", "20/1/2027 09.00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ActivityForm)

    db = open_database(blora_path)
    with db.read() as s:
        added = s.exec(
            select(Activity).where(Activity.title == "Sosialisasi pemilih pemula Sambong")
        ).one()
        assert added.start == datetime(2027, 1, 20, 9, 0)
        assert added.id is not None
        links = links_of(s, added.id)
        assert links.region_codes == [SAMBONG]
        assert links.segment_ids == [PEMILIH_PEMULA]
    db.dispose()


async def test_a_stale_save_overwrites_nothing_and_keeps_the_input(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot, RADIO_SHOW)
        await type_into(pilot, "#title", "Judul dari formulir")
        # A colleague saves the same activity meanwhile.
        with app.database.write() as s:
            s.connection().execute(
                text(
                    "UPDATE activity SET title = 'Judul rekan', version = version + 1"
                    " WHERE id = :id"
                ),
                {"id": RADIO_SHOW},
            )
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The conflict dialog asks what to keep; the form stays under it, input intact.
        assert isinstance(app.screen, ConflictDialog)
        assert form in app.screen_stack
        assert form.query_one("#title", Input).value == "Judul dari formulir"
        assert not form.query(".field-error.-shown")
        message = str(form.query_one("#form-message", Static).render())
        assert "version 2" in message and "version 1" in message

    db = open_database(blora_path)
    with db.read() as s:
        row = s.get(Activity, RADIO_SHOW)
        assert row is not None
        assert row.title == "Judul rekan"
        assert row.version == 2
    db.dispose()


async def test_escape_asks_before_throwing_typed_input_away(blora_path: Path) -> None:
    before = count_activities(blora_path)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot)
        await type_into(pilot, "#title", "Belum selesai")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(on_top(app), ConfirmDiscard)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#title", Input).value == "Belum selesai"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, (ActivityForm, ConfirmDiscard))

        # Nothing typed: Escape just closes.
        await open_form(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (ActivityForm, ConfirmDiscard))
    assert count_activities(blora_path) == before


async def test_switching_language_keeps_what_was_typed(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_form(pilot, prefill=ActivityDraft(regions=[SAMBONG]))
        await type_into(pilot, "#title", "Tetap di sini")
        await type_into(pilot, "#when", "H-30")
        # F2 does not reach a modal; the command palette changes the language this way.
        await app.change_language("id")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActivityForm)
        assert form.query_one("#title", Input).value == "Tetap di sini"
        assert form.query_one("#regions", RegionPicker).codes == [SAMBONG]
        assert "Januari 2029" in shown(app, "#when-preview")  # dates now in Indonesian
    assert count_activities(blora_path) == 30


async def test_the_form_fits_80x24_and_uses_two_columns_when_wide(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, RADIO_SHOW)
        body = form.query_one("#body")
        assert not form.has_class("-wide")
        assert body.region.right <= 80 and body.region.bottom <= 24
        assert body.max_scroll_y > 0  # one column, scrolled
        assert form.query_one("#save").region.bottom <= 23  # above the footer
        await pilot.resize_terminal(130, 40)
        await settle(pilot)
        assert form.has_class("-wide")
        left, right = form.query_one("#left"), form.query_one("#right")
        assert left.region.x < right.region.x and left.region.y == right.region.y
    assert count_activities(blora_path) == 30


async def test_stakeholders_are_picked_with_a_role(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_form(pilot)
        await type_into(pilot, "#title", "Rapat bersama Bawaslu")
        await type_into(pilot, "#when", "besok 09.00")
        await type_into(pilot, "#stakeholders .stakeholder-filter", "bawaslu")
        assert listed(app, "#stakeholders .stakeholder-list") == ["Bawaslu Blora · election body"]
        await pilot.press("enter", "space")  # picked, as a partner
        await settle(pilot)
        picker = form.query_one("#stakeholders", StakeholderPicker)
        assert picker.chosen == [(BAWASLU, "mitra")]
        await pilot.press("r")  # the next role: speaker
        await settle(pilot)
        assert picker.chosen == [(BAWASLU, "narasumber")]
        assert listed(app, "#stakeholders .stakeholder-list") == [
            "Bawaslu Blora · election body — speaker"
        ]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ActivityForm)

    db = open_database(blora_path)
    with db.read() as s:
        added = s.exec(select(Activity).where(Activity.title == "Rapat bersama Bawaslu")).one()
        assert added.start == datetime(2026, 11, 29, 9, 0)  # the day after FIXED_NOW
        assert added.id is not None
        assert links_of(s, added.id).stakeholders == [(BAWASLU, "narasumber")]
    db.dispose()


async def test_editing_an_activity_that_is_gone_closes_the_form(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ActivityForm(9999))
        for _ in range(10):
            await settle(pilot)
        assert not isinstance(app.screen, ActivityForm)
    assert count_activities(blora_path) == 30
