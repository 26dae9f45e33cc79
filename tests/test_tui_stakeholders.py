"""The stakeholder directory, a stakeholder's page and the add/edit form, on the Blora sample."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Input, Select, Static

from planner.models import Stakeholder
from planner.rules.labels import role_label
from planner.services import stakeholders
from planner.store import open_database
from planner.tui.app import PlannerApp
from planner.tui.widgets.virtual_table import VirtualTable
from tests.tui_helpers import make_app, screen_text, settle


def _directory_names(app: PlannerApp) -> list[str]:
    table = app.screen.query_one("#directory", VirtualTable)
    return [str(row.cells[0]) for row in table.loaded_rows()]


def _stakeholder(path: Path, name: str) -> Stakeholder:
    db = open_database(path)
    try:
        with db.read() as s:
            return stakeholders.find_stakeholder(s, name)
    finally:
        db.dispose()


async def test_the_directory_lists_the_24_stakeholders_and_searches_as_you_type(
    blora_path: Path,
) -> None:
    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert app.current_mode == "stakeholders"
        names = _directory_names(app)
        assert len(names) == 24
        assert "Bawaslu Blora" in names and "Polres Blora" in names
        text = screen_text(app)
        assert "Sri Wahyuni" in text and "0812-0000-0001" in text

        await pilot.press("slash", *"polres")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "polres"
        assert _directory_names(app) == ["Polres Blora"]
        # Polres took part in the 27 July 2024 meeting at least.
        polres = app.screen.query_one("#directory", VirtualTable)
        assert int(str(polres.loaded_rows()[0].cells[4])) >= 1

        # Enter goes to the table, Enter again opens the stakeholder's page.
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        from planner.tui.screens.stakeholder_page import StakeholderPage

        assert isinstance(app.screen, StakeholderPage)
        assert "Agus Setiawan" in screen_text(app)
    db = open_database(blora_path)
    with db.read() as s:
        assert len(s.exec(select(Stakeholder)).all()) == 24
    db.dispose()


async def test_the_category_filter_narrows_the_directory(blora_path: Path) -> None:
    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        app.screen.query_one("#category", Select).value = "keamanan"
        await settle(pilot)
        assert sorted(_directory_names(app)) == [
            "Kodim 0721/Blora",
            "Polres Blora",
            "Yonif 410/Alugoro",
        ]
        assert "3" in str(app.screen.query_one("#count", Static).render())
        # Search and category together.
        app.screen.query_one("#search", Input).value = "kodim"
        await settle(pilot)
        assert _directory_names(app) == ["Kodim 0721/Blora"]
        app.screen.query_one("#category", Select).clear()
        app.screen.query_one("#search", Input).value = ""
        await settle(pilot)
        assert len(_directory_names(app)) == 24
    db = open_database(blora_path)
    with db.read() as s:
        security = stakeholders.list_stakeholders(s, category="keamanan")
        assert len(security) == 3
    db.dispose()


async def test_the_page_of_bawaslu_lists_the_27_july_meeting_as_invited(blora_path: Path) -> None:
    bawaslu = _stakeholder(blora_path, "Bawaslu Blora")
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_record("stakeholder", str(bawaslu.id))
        await settle(pilot)
        table = app.screen.query_one("#history", DataTable)
        rows = [[str(c) for c in table.get_row(key)] for key in table.rows]
        meeting = [r for r in rows if r[1] == "Rapat kerja sosialisasi pendidikan pemilih"]
        assert len(meeting) == 1
        assert meeting[0][0] == "27 Jul 2024"
        assert meeting[0][3] == role_label("undangan")
        text = screen_text(app)
        assert "Sri Wahyuni" in text and "bawaslu.blora@example.id" in text
        assert "Kabupaten Blora" in text or "BLORA" in text.upper()

        # Enter on an activity opens its page.
        opened: list[tuple[str, str]] = []
        app.open_record = lambda kind, key: opened.append((kind, key))  # type: ignore[method-assign]
        table.move_cursor(
            row=table.get_row_index(
                next(k for k in table.rows if str(table.get_row(k)[1]).startswith("Rapat kerja"))
            )
        )
        await pilot.press("enter")
        assert opened and opened[0][0] == "activity"
    db = open_database(blora_path)
    with db.read() as s:
        history = stakeholders.engagement_history(s, bawaslu.id or 0)
        assert "undangan" in {role for _a, role in history}
        assert int(opened[0][1]) in {a.id for a, role in history if role == "undangan"}
    db.dispose()


async def test_adding_a_stakeholder_checks_the_email_at_the_field_then_saves(
    blora_path: Path,
) -> None:
    from planner.tui.screens.stakeholder_form import StakeholderForm

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, StakeholderForm)
        await pilot.press(*"Forum Jurnalis Blora")
        form.query_one("#category", Select).value = "media"
        form.query_one("#contact_person", Input).value = "Dewi Lestari"
        form.query_one("#email", Input).value = "0812 3456"
        await settle(pilot)
        # Checked as typed, before any save.
        assert "0812 3456" in str(form.query_one("#email-error", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open, nothing lost
        assert form.query_one("#name", Input).value == "Forum Jurnalis Blora"
        assert form.query_one("#email", Input).has_class("-invalid")
        db = open_database(blora_path)
        with db.read() as s:
            assert len(s.exec(select(Stakeholder)).all()) == 24
        db.dispose()

        form.query_one("#email", Input).value = "fjb@example.id"
        await settle(pilot)
        assert str(form.query_one("#email-error", Static).render()) == ""
        # Find a region by typing, Enter goes to the matches, Space picks one.
        form.query_one("#regions").focus()
        await pilot.press(*"sambong")
        await settle(pilot)
        await pilot.press("enter", "space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, StakeholderForm)
        assert "Forum Jurnalis Blora" in _directory_names(app)
    db = open_database(blora_path)
    with db.read() as s:
        row = stakeholders.find_stakeholder(s, "Forum Jurnalis Blora")
        assert row.category == "media" and row.email == "fjb@example.id"
        assert row.contact_person == "Dewi Lestari"
        assert [r.code for r in stakeholders.regions_of(s, row.id or 0)] == ["33.16.06"]
        assert len(s.exec(select(Stakeholder)).all()) == 25
    db.dispose()


async def test_a_taken_name_is_refused_at_the_name_field(blora_path: Path) -> None:
    from planner.tui.screens.stakeholder_form import StakeholderForm

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, StakeholderForm)
        form.query_one("#name", Input).value = "polres blora"
        form.query_one("#category", Select).value = "keamanan"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "polres blora" in str(form.query_one("#name-error", Static).render()).lower()
    db = open_database(blora_path)
    with db.read() as s:
        assert len(s.exec(select(Stakeholder)).all()) == 24
    db.dispose()


async def test_editing_from_the_page_saves_and_bumps_the_version(blora_path: Path) -> None:
    from planner.tui.screens.stakeholder_form import StakeholderForm

    before = _stakeholder(blora_path, "PCNU Blora")
    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_record("stakeholder", str(before.id))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, StakeholderForm)
        assert form.query_one("#contact_person", Input).value == "Ahmad Fauzi"
        form.query_one("#contact_person", Input).value = "Hasan Basri"
        form.query_one("#phone", Input).value = "0812-1111-2222"
        form.query_one("#regions").focus()
        await pilot.press(*"cepu")
        await settle(pilot)
        await pilot.press("enter", "space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, StakeholderForm)
        assert "Hasan Basri" in screen_text(app)
    after = _stakeholder(blora_path, "PCNU Blora")
    assert after.contact_person == "Hasan Basri" and after.phone == "0812-1111-2222"
    assert after.version > before.version
    assert after.email == before.email  # untouched fields stay
    db = open_database(blora_path)
    with db.read() as s:
        codes = [r.code for r in stakeholders.regions_of(s, before.id or 0)]
    db.dispose()
    assert codes == ["33.16", "33.16.05"]


async def test_a_colleagues_change_is_reported_and_the_typing_kept(blora_path: Path) -> None:
    from planner.tui.screens.stakeholder_form import StakeholderForm

    target = _stakeholder(blora_path, "Kejari Blora")
    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_record("stakeholder", str(target.id))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, StakeholderForm)
        # Meanwhile a colleague saves the same record.
        with app.database.write() as s:
            stakeholders.update_stakeholder(
                s, target.id or 0, {"phone": "0812-9999-0000"}, expected_version=target.version
            )
        form.query_one("#contact_person", Input).value = "Rudi Hartono"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The conflict dialog names the record; the form stays under it, input intact.
        from planner.tui.screens.conflict import ConflictDialog

        assert isinstance(app.screen, ConflictDialog)
        assert form in app.screen_stack
        assert form.query_one("#contact_person", Input).value == "Rudi Hartono"
        assert "Kejari Blora" in screen_text(app)
    after = _stakeholder(blora_path, "Kejari Blora")
    assert after.phone == "0812-9999-0000" and after.contact_person == "Dwi Rahmawati"


async def test_deleting_from_the_page_asks_first(blora_path: Path) -> None:
    target = _stakeholder(blora_path, "Karang Taruna Kecamatan Cepu")
    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        app.open_record("stakeholder", str(target.id))
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")  # changed their mind
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.click("#choice-delete")
        await settle(pilot)
        assert app.current_mode == "stakeholders"
        assert "Karang Taruna Kecamatan Cepu" not in _directory_names(app)
    db = open_database(blora_path)
    with db.read() as s:
        assert s.get(Stakeholder, target.id) is None
        assert len(s.exec(select(Stakeholder)).all()) == 23
    db.dispose()
