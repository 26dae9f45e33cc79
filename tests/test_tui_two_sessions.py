"""Two people, two planners, one file: the second save raises the conflict dialog.

Each test runs two PlannerApp instances on the same database at once. Both
open the same record; the first saves; the second's save collides, and each
choice in the dialog must leave the expected row in the database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from planner.models import Activity, Method, Stakeholder
from planner.services import stakeholders, vocabulary
from planner.services.activities import links_of
from planner.store import open_database
from planner.tui.app import PlannerApp
from planner.tui.screens.activity_form import ActivityForm
from planner.tui.screens.conflict import MINE, THEIRS, ConflictDialog
from planner.tui.screens.lists import load_lists
from planner.tui.screens.stakeholder_form import StakeholderForm
from planner.tui.screens.vocabulary_form import VocabularyForm
from tests.tui_helpers import make_app, screen_text, settle

RADIO_SHOW = 22
RADIO_TITLE = "Gelar wicara radio mingguan: Sapa Pemilih Blora"
SIZE = (100, 40)

Session = tuple[PlannerApp, Pilot[None]]


@asynccontextmanager
async def two_sessions(path: Path) -> AsyncIterator[tuple[Session, Session]]:
    """Two planners running at once on one file, as two colleagues would."""
    first, second = make_app(path, lang="en"), make_app(path, lang="en")
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        await settle(one)
        await settle(two)
        yield (first, one), (second, two)


async def wait_for(pilot: Pilot[None], found: type[object]) -> None:
    for _ in range(50):
        await settle(pilot)
        if isinstance(pilot.app.screen, found):
            return
    raise AssertionError(f"{found.__name__} never showed; on top: {pilot.app.screen!r}")


async def open_activity_form(session: Session, activity_id: int) -> ActivityForm:
    app, pilot = session
    form = ActivityForm(activity_id)
    app.push_screen(form)
    # The fields appear once the choices are read.
    for _ in range(50):
        await settle(pilot)
        if form.query("#title"):
            break
    assert app.screen is form
    return form


async def fill(session: Session, **values: str) -> None:
    app, pilot = session
    for name, value in values.items():
        app.screen.query_one(f"#{name}", Input).value = value
    await settle(pilot)


async def save(session: Session) -> None:
    _app, pilot = session
    await pilot.press("ctrl+s")
    await settle(pilot)


def activity_row(path: Path, activity_id: int) -> Activity | None:
    db = open_database(path)
    try:
        with db.read() as s:
            return s.get(Activity, activity_id)
    finally:
        db.dispose()


async def collide_on_activity(path: Path, first: Session, second: Session) -> ConflictDialog:
    """Both open the radio show; the first changes the venue and the planned
    participants and saves, the second changes the title and the venue and saves."""
    await open_activity_form(first, RADIO_SHOW)
    await open_activity_form(second, RADIO_SHOW)
    await fill(first, venue="Studio RRI Blora", target="60")
    await save(first)
    assert not isinstance(first[0].screen, ActivityForm)
    saved = activity_row(path, RADIO_SHOW)
    assert saved is not None and saved.venue == "Studio RRI Blora" and saved.version == 2

    await fill(second, title="Gelar wicara radio: pemilih pemula", venue="Radio Gema Blora")
    await save(second)
    await wait_for(second[1], ConflictDialog)
    dialog = second[0].screen
    assert isinstance(dialog, ConflictDialog)
    return dialog


async def test_the_second_save_shows_both_versions_side_by_side(blora_path: Path) -> None:
    async with two_sessions(blora_path) as (first, second):
        dialog = await collide_on_activity(blora_path, first, second)
        # Only what differs is asked about, beside the title that names the record.
        assert dialog.fields == ["title", "venue", "target"]
        assert dialog.mine["venue"] == "Radio Gema Blora"
        assert dialog.theirs is not None and dialog.theirs["venue"] == "Studio RRI Blora"
        assert dialog.theirs["target"] == "60"
        # What the user changed starts on their side; what only the colleague
        # changed starts on the colleague's.
        assert dialog.choice == {"title": MINE, "venue": MINE, "target": THEIRS}
        text = screen_text(second[0])
        assert "version 2" in text and "version 1" in text
        assert "Radio Gema Blora" in text and "Studio RRI Blora" in text


async def test_keep_mine_saves_over_the_colleagues_version(blora_path: Path) -> None:
    async with two_sessions(blora_path) as (first, second):
        await collide_on_activity(blora_path, first, second)
        await second[1].press("m")
        await settle(second[1])
        assert not isinstance(second[0].screen, ActivityForm | ConflictDialog)
    row = activity_row(blora_path, RADIO_SHOW)
    assert row is not None
    assert row.title == "Gelar wicara radio: pemilih pemula"
    assert row.venue == "Radio Gema Blora"
    # All of mine, the fields I did not touch too: the colleague's 60 goes.
    assert row.target_participants != 60
    assert row.version == 3


async def test_take_theirs_shows_the_colleagues_record_and_saves_nothing(
    blora_path: Path,
) -> None:
    async with two_sessions(blora_path) as (first, second):
        await collide_on_activity(blora_path, first, second)
        await second[1].press("t")
        await settle(second[1])
        form = second[0].screen
        assert isinstance(form, ActivityForm)
        assert form.query_one("#title", Input).value == RADIO_TITLE
        assert form.query_one("#venue", Input).value == "Studio RRI Blora"
        assert form.query_one("#target", Input).value == "60"
        # The form now edits the colleague's version: a save from here goes through.
        await fill(second, actual="41")
        await save(second)
        assert not isinstance(second[0].screen, ActivityForm | ConflictDialog)
    row = activity_row(blora_path, RADIO_SHOW)
    assert row is not None
    assert (row.title, row.venue, row.target_participants) == (RADIO_TITLE, "Studio RRI Blora", 60)
    assert row.actual_participants == 41
    assert row.version == 3


async def test_merge_field_by_field(blora_path: Path) -> None:
    async with two_sessions(blora_path) as (first, second):
        dialog = await collide_on_activity(blora_path, first, second)
        table = dialog.query_one(DataTable)
        # My title, the colleague's venue (chosen with Enter on their cell), their 60.
        table.move_cursor(row=dialog.fields.index("venue"), column=2)
        await second[1].press("enter")
        await settle(second[1])
        assert dialog.choice == {"title": MINE, "venue": THEIRS, "target": THEIRS}
        await second[1].press("s")
        await settle(second[1])
        assert not isinstance(second[0].screen, ActivityForm | ConflictDialog)
    row = activity_row(blora_path, RADIO_SHOW)
    assert row is not None
    assert row.title == "Gelar wicara radio: pemilih pemula"
    assert row.venue == "Studio RRI Blora"
    assert row.target_participants == 60
    assert row.version == 3


async def test_merge_switching_a_field_back_with_space(blora_path: Path) -> None:
    async with two_sessions(blora_path) as (first, second):
        dialog = await collide_on_activity(blora_path, first, second)
        table = dialog.query_one(DataTable)
        # The planned participants back to what I had: Space switches the side.
        table.move_cursor(row=dialog.fields.index("target"), column=1)
        await second[1].press("space", "s")
        await settle(second[1])
    row = activity_row(blora_path, RADIO_SHOW)
    assert row is not None
    assert row.title == "Gelar wicara radio: pemilih pemula"
    assert row.venue == "Radio Gema Blora"
    assert row.target_participants != 60
    assert row.version == 3


async def test_discard_closes_the_form_and_keeps_the_colleagues_row(blora_path: Path) -> None:
    async with two_sessions(blora_path) as (first, second):
        await collide_on_activity(blora_path, first, second)
        await second[1].press("escape")
        await settle(second[1])
        assert not isinstance(second[0].screen, ActivityForm | ConflictDialog)
    row = activity_row(blora_path, RADIO_SHOW)
    assert row is not None
    assert (row.title, row.venue, row.target_participants) == (RADIO_TITLE, "Studio RRI Blora", 60)
    assert row.version == 2


async def test_deleted_meanwhile_saves_as_a_new_activity(blora_path: Path) -> None:
    before = activity_row(blora_path, RADIO_SHOW)
    assert before is not None
    db = open_database(blora_path)
    with db.read() as s:
        old_links = links_of(s, RADIO_SHOW)
    db.dispose()
    async with two_sessions(blora_path) as (first, second):
        await open_activity_form(second, RADIO_SHOW)
        # The colleague deletes the activity from its page.
        first[0].open_record("activity", str(RADIO_SHOW))
        await settle(first[1])
        await first[1].press("x")
        await settle(first[1])
        await first[1].press("y")
        await settle(first[1])
        assert activity_row(blora_path, RADIO_SHOW) is None

        await fill(second, venue="Radio Gema Blora")
        await save(second)
        await wait_for(second[1], ConflictDialog)
        dialog = second[0].screen
        assert isinstance(dialog, ConflictDialog) and dialog.deleted
        assert "deleted" in screen_text(second[0])
        await second[1].press("n")
        await settle(second[1])
        assert not isinstance(second[0].screen, ActivityForm | ConflictDialog)
    assert activity_row(blora_path, RADIO_SHOW) is None
    db = open_database(blora_path)
    with db.read() as s:
        copies = s.exec(select(Activity).where(Activity.title == RADIO_TITLE)).all()
        assert len(copies) == 1
        copy = copies[0]
        assert copy.id != RADIO_SHOW and copy.id is not None
        assert copy.venue == "Radio Gema Blora" and copy.version == 1
        assert (copy.start, copy.rrule) == (before.start, before.rrule)
        new_links = links_of(s, copy.id)
    db.dispose()
    assert sorted(new_links.region_codes) == sorted(old_links.region_codes)
    assert sorted(new_links.segment_ids) == sorted(old_links.segment_ids)
    assert sorted(new_links.stakeholders) == sorted(old_links.stakeholders)


# --- a stakeholder ---------------------------------------------------------------------------

KEJARI = "Kejari Blora"


def stakeholder_row(path: Path, name: str) -> Stakeholder:
    db = open_database(path)
    try:
        with db.read() as s:
            return stakeholders.find_stakeholder(s, name)
    finally:
        db.dispose()


async def open_stakeholder_form(session: Session, stakeholder_id: int) -> StakeholderForm:
    app, pilot = session
    app.open_record("stakeholder", str(stakeholder_id))
    await settle(pilot)
    await pilot.press("e")
    await wait_for(pilot, StakeholderForm)
    form = app.screen
    assert isinstance(form, StakeholderForm)
    return form


async def collide_on_stakeholder(path: Path, first: Session, second: Session) -> Stakeholder:
    before = stakeholder_row(path, KEJARI)
    assert before.id is not None
    await open_stakeholder_form(first, before.id)
    await open_stakeholder_form(second, before.id)
    await fill(first, phone="0812-9999-0000")
    await save(first)
    assert not isinstance(first[0].screen, StakeholderForm)
    await fill(second, contact_person="Rudi Hartono")
    await save(second)
    await wait_for(second[1], ConflictDialog)
    dialog = second[0].screen
    assert isinstance(dialog, ConflictDialog)
    assert dialog.fields == ["name", "contact_person", "phone"]
    assert dialog.choice == {"contact_person": MINE, "phone": THEIRS}
    return before


async def test_stakeholder_keep_mine(blora_path: Path) -> None:
    async with two_sessions(blora_path) as (first, second):
        before = await collide_on_stakeholder(blora_path, first, second)
        await second[1].press("m")
        await settle(second[1])
        assert not isinstance(second[0].screen, StakeholderForm | ConflictDialog)
    after = stakeholder_row(blora_path, KEJARI)
    assert after.contact_person == "Rudi Hartono"
    assert after.phone == before.phone  # all of mine: the colleague's phone goes
    assert after.version == before.version + 2


async def test_stakeholder_take_theirs(blora_path: Path) -> None:
    async with two_sessions(blora_path) as (first, second):
        before = await collide_on_stakeholder(blora_path, first, second)
        await second[1].press("t")
        await settle(second[1])
        form = second[0].screen
        assert isinstance(form, StakeholderForm)
        assert form.query_one("#phone", Input).value == "0812-9999-0000"
        assert form.query_one("#contact_person", Input).value == before.contact_person
    after = stakeholder_row(blora_path, KEJARI)
    assert after.contact_person == before.contact_person
    assert after.phone == "0812-9999-0000"
    assert after.version == before.version + 1


async def test_stakeholder_merge_keeps_both_peoples_work(blora_path: Path) -> None:
    async with two_sessions(blora_path) as (first, second):
        before = await collide_on_stakeholder(blora_path, first, second)
        await second[1].press("s")
        await settle(second[1])
        assert not isinstance(second[0].screen, StakeholderForm | ConflictDialog)
    after = stakeholder_row(blora_path, KEJARI)
    assert (after.contact_person, after.phone) == ("Rudi Hartono", "0812-9999-0000")
    assert after.version == before.version + 2


async def test_stakeholder_deleted_meanwhile_saves_as_new(blora_path: Path) -> None:
    before = stakeholder_row(blora_path, KEJARI)
    assert before.id is not None
    db = open_database(blora_path)
    with db.read() as s:
        codes = [r.code for r in stakeholders.regions_of(s, before.id)]
    db.dispose()
    async with two_sessions(blora_path) as (first, second):
        await open_stakeholder_form(second, before.id)
        with first[0].database.write() as s:
            stakeholders.delete_stakeholder(s, before.id)
        await fill(second, contact_person="Rudi Hartono")
        await save(second)
        await wait_for(second[1], ConflictDialog)
        assert isinstance(second[0].screen, ConflictDialog) and second[0].screen.deleted
        await second[1].press("n")
        await settle(second[1])
        assert not isinstance(second[0].screen, StakeholderForm | ConflictDialog)
    again = stakeholder_row(blora_path, KEJARI)
    assert again.id != before.id and again.contact_person == "Rudi Hartono"
    assert again.version == 1
    db = open_database(blora_path)
    with db.read() as s:
        assert [r.code for r in stakeholders.regions_of(s, again.id or 0)] == codes
    db.dispose()


# --- a list entry (a method) -----------------------------------------------------------------


async def open_method_form(session: Session, name: str) -> VocabularyForm:
    app, pilot = session
    with app.database.read() as s:
        entry = next(e for e in load_lists(s)["method"] if e.name == name)
    form = VocabularyForm("method", entry)
    app.push_screen(form)
    await wait_for(pilot, VocabularyForm)
    return form


def method_row(path: Path, method_id: int) -> Method | None:
    db = open_database(path)
    try:
        with db.read() as s:
            return s.get(Method, method_id)
    finally:
        db.dispose()


async def test_method_merge_keeps_both_and_deleted_saves_as_new(blora_path: Path) -> None:
    async with two_sessions(blora_path) as (first, second):
        form = await open_method_form(first, "Media online")
        assert form.entry is not None
        method_id = form.entry.id
        await open_method_form(second, "Media online")
        await fill(first, description="Portal berita dan siaran daring")
        await save(first)
        await fill(second, name="Media online pemilu")
        await save(second)
        await wait_for(second[1], ConflictDialog)
        dialog = second[0].screen
        assert isinstance(dialog, ConflictDialog)
        assert dialog.choice == {"name": MINE, "description": THEIRS}
        await second[1].press("s")
        await settle(second[1])
        assert not isinstance(second[0].screen, VocabularyForm | ConflictDialog)
        row = method_row(blora_path, method_id)
        assert row is not None
        assert (row.name, row.description) == (
            "Media online pemilu",
            "Portal berita dan siaran daring",
        )
        assert row.version == 3

        # Deleted while the other still edits it: saved as a new method.
        await open_method_form(second, "Media online pemilu")
        with first[0].database.write() as s:
            vocabulary.delete_method(s, method_id, force=True)
        await fill(second, name="Media online KPU")
        await save(second)
        await wait_for(second[1], ConflictDialog)
        assert isinstance(second[0].screen, ConflictDialog) and second[0].screen.deleted
        await second[1].press("n")
        await settle(second[1])
        assert not isinstance(second[0].screen, VocabularyForm | ConflictDialog)
    assert method_row(blora_path, method_id) is None
    db = open_database(blora_path)
    with db.read() as s:
        added = vocabulary.find_method(s, "Media online KPU")
    db.dispose()
    assert added.id != method_id and added.description == "Portal berita dan siaran daring"
