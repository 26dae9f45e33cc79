"""Kegiatan screens on the Blora sample: the list and its filters, the row actions,
the agenda and one activity's page. Each test checks the screen and the database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Select

from planner.models import Activity, Segment
from planner.services.activities import (
    ActivityFilter,
    count_activities,
    links_of,
    list_activities,
)
from planner.services.agenda import agenda
from planner.store import Database, open_database
from planner.tui.app import PlannerApp
from planner.tui.screens.activity_form import ActivityForm
from planner.tui.widgets.virtual_table import VirtualTable
from tests.tui_helpers import make_app, screen_text, settle, vt_keys, vt_point_at, vt_row

RADIO = "Gelar wicara radio mingguan: Sapa Pemilih Blora"
CEPU_TALK = "Gelar wicara pemilih muda bersama Karang Taruna Cepu"
BOGOREJO_MARKET = "Sosialisasi pemilih perantau di hari pasaran Bogorejo"


def _id_of(path: Path, title: str) -> int:
    db = open_database(path)
    try:
        with db.read() as s:
            activity = s.exec(select(Activity).where(Activity.title == title)).one()
    finally:
        db.dispose()
    assert activity.id is not None
    return activity.id


def _expected(path: Path, flt: ActivityFilter) -> tuple[list[str], int]:
    db = open_database(path)
    try:
        with db.read() as s:
            return [str(a.id) for a in list_activities(s, flt)], count_activities(s, flt)
    finally:
        db.dispose()


def _table(app: PlannerApp, selector: str = "#activities") -> DataTable[object]:
    return app.screen.query_one(selector, DataTable)


def _keys(app: PlannerApp, selector: str = "#activities") -> list[str]:
    widget = app.screen.query_one(selector)
    if isinstance(widget, VirtualTable):
        return vt_keys(widget)
    return [str(key.value) for key in _table(app, selector).rows]


def _list(app: PlannerApp) -> VirtualTable:
    return app.screen.query_one("#activities", VirtualTable)


async def _open_list(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)


async def _point_at(pilot: Pilot[None], activity_id: int) -> None:
    vt_point_at(_list(pilot.app), str(activity_id))  # type: ignore[arg-type]
    await pilot.pause()


async def _filters_applied(pilot: Pilot[None]) -> None:
    """Waits out the filter bar's pause after typing, then the query it starts."""
    for _round in range(100):
        if not getattr(pilot.app.screen, "typing_pending", False):
            break
        await pilot.pause(0.05)
    await settle(pilot)


async def _type(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if c == " " else c for c in text))


# --- the list and its filters -----------------------------------------------------------


async def test_the_list_shows_the_samples_30_activities(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        keys = _keys(app)
        text = screen_text(app)
    expected, total = _expected(blora_path, ActivityFilter())
    assert total == 30
    assert keys == expected
    assert "30 of 30 activities" in text
    assert RADIO in text and "↻" in text
    assert "Sat 28 Nov 2026" not in text  # rows show the first date, not occurrences
    assert "all day" in text  # the all-day baliho and social media ads


async def test_filtering_by_status_shows_what_count_activities_gives(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        app.screen.query_one("#f-status", Select).value = "terlaksana"
        await settle(pilot)
        keys = _keys(app)
        text = screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        after_reset = len(_keys(app))
    expected, count = _expected(blora_path, ActivityFilter(status=("terlaksana",)))
    assert keys == expected and len(keys) == count
    assert f"{count} of 30 activities" in text
    assert "confirmed" not in text.split("30 activities", 1)[1]
    assert after_reset == 30


async def test_filtering_by_region_name_resolves_it_and_includes_villages(
    blora_path: Path,
) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await pilot.click("#f-region")
        await _type(pilot, "Sambong")
        await _filters_applied(pilot)
        keys = _keys(app)
        text = screen_text(app)
        await pilot.press("ctrl+a")
        await _type(pilot, "Atlantis")
        await _filters_applied(pilot)
        error_text = screen_text(app)
    expected, count = _expected(blora_path, ActivityFilter(region_code="33.16.06"))
    assert keys == expected and count == 3
    assert "Sambong (33.16.06)" in text
    assert f"{count} of 30 activities" in text
    assert "Atlantis" in error_text  # the message stands at the field


async def test_filtering_by_segment_and_by_text(blora_path: Path) -> None:
    db = open_database(blora_path)
    with db.read() as s:
        segment = s.exec(select(Segment).where(Segment.name == "Pemilih Pemula")).one()
    db.dispose()
    assert segment.id is not None
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        app.screen.query_one("#f-segment", Select).value = segment.id
        await settle(pilot)
        by_segment = _keys(app)
        await pilot.press("f")  # to the search field
        await _type(pilot, "gelar wicara")
        await _filters_applied(pilot)
        by_both = _keys(app)
        app.screen.query_one("#f-segment", Select).clear()
        await settle(pilot)
        by_text = _keys(app)
        text = screen_text(app)
    expected, count = _expected(blora_path, ActivityFilter(segment_id=segment.id))
    assert by_segment == expected and count == 5
    expected_both, _count = _expected(
        blora_path, ActivityFilter(segment_id=segment.id, text="gelar wicara")
    )
    assert by_both == expected_both == []
    expected_text, count = _expected(blora_path, ActivityFilter(text="gelar wicara"))
    assert by_text == expected_text and count == 3
    assert f"{count} of 30 activities" in text


async def test_filtering_by_stakeholder(blora_path: Path) -> None:
    from planner.models import Stakeholder

    db = open_database(blora_path)
    with db.read() as s:
        bawaslu = s.exec(select(Stakeholder).where(Stakeholder.name == "Bawaslu Blora")).one()
    db.dispose()
    assert bawaslu.id is not None
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        app.screen.query_one("#f-stakeholder", Select).value = bawaslu.id
        await settle(pilot)
        keys = _keys(app)
        text = screen_text(app)
    expected, count = _expected(blora_path, ActivityFilter(stakeholder_id=bawaslu.id))
    assert keys == expected and count >= 3
    assert f"{count} of 30 activities" in text


async def test_date_fields_show_the_day_understood_or_the_error(blora_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await pilot.click("#f-from")
        await _type(pilot, "1/11/2026")
        await pilot.click("#f-to")
        await _type(pilot, "31/12/2026")
        await _filters_applied(pilot)
        keys = _keys(app)
        text = screen_text(app)
        await _type(pilot, "x")
        await _filters_applied(pilot)
        error_text = screen_text(app)
        keys_meanwhile = _keys(app)
    flt = ActivityFilter(since=datetime(2026, 11, 1), until=datetime(2026, 12, 31, 23, 59, 59))
    expected, _count = _expected(blora_path, flt)
    assert keys == expected
    assert "Sun 1 Nov 2026" in text and "Thu 31 Dec 2026" in text
    assert "31/12/2026x" in error_text
    assert keys_meanwhile == keys  # the last day understood still applies


# --- row actions -------------------------------------------------------------------------


async def test_mark_done_through_the_modal_saves_status_participants_and_outcome(
    blora_path: Path,
) -> None:
    from planner.tui.screens.mark_done import MarkDoneModal

    talk_id = _id_of(blora_path, CEPU_TALK)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await _point_at(pilot, talk_id)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, MarkDoneModal)
        await _type(pilot, "9a7")  # the letter is refused as it is typed
        await pilot.press("tab")
        await _type(pilot, "Ramai, banyak pertanyaan")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MarkDoneModal)
        row = vt_row(_list(app), str(talk_id))
    db = open_database(blora_path)
    with db.read() as s:
        activity = s.get(Activity, talk_id)
    db.dispose()
    assert activity is not None
    assert activity.status == "terlaksana"
    assert activity.actual_participants == 97
    assert activity.outcome == "Ramai, banyak pertanyaan"
    assert "done" in " ".join(str(c) for c in row)


async def test_mark_done_refuses_a_stale_version_and_keeps_the_input(blora_path: Path) -> None:
    from planner.tui.screens.mark_done import MarkDoneModal

    talk_id = _id_of(blora_path, CEPU_TALK)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await _point_at(pilot, talk_id)
        await pilot.press("d")
        await settle(pilot)
        # A colleague changes the activity meanwhile.
        with app.database.write() as s:
            other = s.get(Activity, talk_id)
            assert other is not None
            other.venue = "Pendopo Cepu"
        await _type(pilot, "50")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MarkDoneModal)
        assert app.screen.query_one("#actual").value == "50"  # type: ignore[attr-defined]
    db = open_database(blora_path)
    with db.read() as s:
        activity = s.get(Activity, talk_id)
    db.dispose()
    assert activity is not None and activity.status == "terkonfirmasi"


async def test_duplicate_creates_a_copy_with_the_same_links(blora_path: Path) -> None:
    radio_id = _id_of(blora_path, RADIO)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await _point_at(pilot, radio_id)
        await pilot.press("c")
        await settle(pilot)
        # The form opens on the copy: leave it unchanged.
        assert isinstance(app.screen, ActivityForm)
        assert app.screen.activity_id not in (None, radio_id)
        await pilot.press("escape")
        await settle(pilot)
        keys = _keys(app)
        text = screen_text(app)
    db = open_database(blora_path)
    with db.read() as s:
        copies = s.exec(select(Activity).where(Activity.title == RADIO)).all()
        assert len(copies) == 2
        copy = next(a for a in copies if a.id != radio_id)
        assert copy.id is not None
        assert links_of(s, copy.id) == links_of(s, radio_id)
        assert copy.rrule == "FREQ=WEEKLY;COUNT=8" and copy.status == "rencana"
        assert count_activities(s) == 31
    db.dispose()
    assert str(copy.id) in keys
    assert "31 of 31 activities" in text


async def test_delete_asks_first_and_then_removes_the_row(blora_path: Path) -> None:
    from planner.tui.screens.activity_page import ConfirmDelete

    market_id = _id_of(blora_path, BOGOREJO_MARKET)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await _point_at(pilot, market_id)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDelete)
        assert BOGOREJO_MARKET in screen_text(app)
        await pilot.press("escape")  # changed one's mind
        await settle(pilot)
        assert str(market_id) in _keys(app)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        keys = _keys(app)
        text = screen_text(app)
    db = open_database(blora_path)
    with db.read() as s:
        assert s.get(Activity, market_id) is None
        assert count_activities(s) == 29
    db.dispose()
    assert str(market_id) not in keys and len(keys) == 29
    assert "29 of 29 activities" in text


async def test_the_form_opens_for_new_and_edit(blora_path: Path) -> None:
    radio_id = _id_of(blora_path, RADIO)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ActivityForm)
        assert app.screen.activity_id is None
        await pilot.press("escape")
        await settle(pilot)
        await _point_at(pilot, radio_id)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ActivityForm)
        assert app.screen.activity_id == radio_id
        await pilot.press("escape")
        await settle(pilot)
    _keys_now, count = _expected(blora_path, ActivityFilter())
    assert count == 30  # cancelled forms save nothing


# --- the agenda ---------------------------------------------------------------------------


def _occurrence_keys(db: Database, first: date, last: date) -> list[str]:
    with db.read() as s:
        items = agenda(
            s,
            datetime.combine(first, datetime.min.time()),
            datetime.combine(last, datetime.max.time()),
        )
    return [f"{o.activity.id}@{o.start.isoformat()}" for o in items]


def _shown_occurrences(app: PlannerApp) -> list[str]:
    return [k for k in _keys(app, "#agenda") if "@" in k]


async def test_the_agenda_week_expands_the_radio_show_and_moves(blora_path: Path) -> None:
    radio_id = _id_of(blora_path, RADIO)
    talk_id = _id_of(blora_path, CEPU_TALK)
    market_id = _id_of(blora_path, BOGOREJO_MARKET)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await pilot.press("a")
        await settle(pilot)
        this_week = _shown_occurrences(app)
        text = screen_text(app)
        await pilot.press("right")
        await settle(pilot)
        next_week = _shown_occurrences(app)
        next_text = screen_text(app)
        await pilot.press("left", "left")
        await settle(pilot)
        last_week = _shown_occurrences(app)
        await pilot.press("t")
        await settle(pilot)
        back_today = _shown_occurrences(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query("#activities")
        db = app.database
        expected_last_week = _occurrence_keys(db, date(2026, 11, 16), date(2026, 11, 22))
    assert this_week == [f"{radio_id}@2026-11-28T10:00:00", f"{talk_id}@2026-11-29T19:30:00"]
    assert "Week of 23 November 2026 to 29 November 2026" in text
    assert "H-809" in text and "Studio radio pemerintah daerah" in text and "confirmed" in text
    assert "Mon 23 Nov 2026" in text  # empty days are listed too
    assert next_week == [f"{market_id}@2026-12-01T07:00:00", f"{radio_id}@2026-12-05T10:00:00"]
    assert "30 November 2026 to 6 December 2026" in next_text
    assert last_week == expected_last_week
    assert f"{radio_id}@2026-11-21T10:00:00" in last_week
    assert back_today == this_week


async def test_the_agenda_month_lists_every_occurrence(blora_path: Path) -> None:
    radio_id = _id_of(blora_path, RADIO)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        november = _shown_occurrences(app)
        text = screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        december = _shown_occurrences(app)
        december_text = screen_text(app)
        db = app.database
        expected_november = _occurrence_keys(db, date(2026, 11, 1), date(2026, 11, 30))
        expected_december = _occurrence_keys(db, date(2026, 12, 1), date(2026, 12, 31))
    assert november == expected_november
    assert [k for k in november if k.startswith(f"{radio_id}@")] == [
        f"{radio_id}@2026-11-14T10:00:00",
        f"{radio_id}@2026-11-21T10:00:00",
        f"{radio_id}@2026-11-28T10:00:00",
    ]
    assert "November 2026" in text
    assert f"{len(november)} occurrences" in text
    assert december == expected_december
    assert "December 2026" in december_text


# --- one activity --------------------------------------------------------------------------


async def test_the_activity_page_shows_stakeholders_with_their_roles(blora_path: Path) -> None:
    from planner.tui.screens.activity_page import ActivityPage

    radio_id = _id_of(blora_path, RADIO)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await _point_at(pilot, radio_id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActivityPage)
        rows = [
            " ".join(str(c) for c in _table(app, "#stakeholders").get_row(key))
            for key in _table(app, "#stakeholders").rows
        ]
        text = screen_text(app)
        with app.database.read() as s:
            from planner.services.activities import activity_detail

            detail = activity_detail(s, radio_id)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ActivityPage)
    assert len(rows) == len(detail.stakeholders) == 3
    assert "Bawaslu Blora speaker" in " | ".join(rows)
    assert "Dinkominfo Blora partner" in " | ".join(rows)
    assert "Media massa Blora partner" in " | ".join(rows)
    assert RADIO in text
    assert "weekly" in text.lower() or "week" in text.lower()  # the recurrence in words
    assert "H-823" in text  # the first broadcast's distance to Pemilu 2029
    assert "5 Dec 2026" in text  # among the next occurrences
    assert "Kabupaten Blora" in text and "Keluarga" in text


async def test_the_activity_page_marks_done_and_deletes(blora_path: Path) -> None:
    from planner.tui.screens.activity_page import ActivityPage

    talk_id = _id_of(blora_path, CEPU_TALK)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_list(pilot)
        await _point_at(pilot, talk_id)
        await pilot.press("enter")
        await settle(pilot)
        assert "100" in screen_text(app)  # the target
        await pilot.press("d")
        await settle(pilot)
        await _type(pilot, "80")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActivityPage)
        text = screen_text(app)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, ActivityPage)
        keys = _keys(app)
    assert "80 of 100 planned" in text and "reach 80%" in text
    assert str(talk_id) not in keys
    db = open_database(blora_path)
    with db.read() as s:
        assert s.get(Activity, talk_id) is None
    db.dispose()


async def test_duplicating_from_the_page_edits_the_copy_then_shows_it(blora_path: Path) -> None:
    from planner.tui.screens.activity_page import ActivityPage

    radio_id = _id_of(blora_path, RADIO)
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_record("activity", str(radio_id))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ActivityForm)
        copy_id = app.screen.activity_id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ActivityPage)
        assert app.screen.activity_id == copy_id != radio_id
        assert RADIO in screen_text(app)
    assert copy_id is not None
    db = open_database(blora_path)
    with db.read() as s:
        assert links_of(s, copy_id) == links_of(s, radio_id)
    db.dispose()
