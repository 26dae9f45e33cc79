"""Celah cakupan: the gap matrix on the Blora sample, and planning an activity from a gap."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, select
from textual.widgets import Input

from planner.models import Activity, ActivityRegion, ActivitySegment, Region, Segment
from planner.rules.coverage import coverage
from planner.rules.flags import compute_flags
from planner.store import open_database
from planner.tui.app import PlannerApp
from planner.tui.screens.gaps import GapsScreen
from planner.tui.widgets.gap_matrix import REGION, SEGMENT_PREFIX, GapMatrix, abbreviations
from tests.conftest import FIXED_NOW
from tests.tui_helpers import make_app, screen_text, settle

PEMULA = "Pemilih Pemula"


def _kecamatan(session: Session, name: str) -> str:
    return session.exec(
        select(Region.code).where(Region.name == name, Region.level == "kecamatan")
    ).one()


def _segment_id(session: Session, name: str) -> int:
    seg_id = session.exec(select(Segment.id).where(Segment.name == name)).one()
    assert seg_id is not None
    return seg_id


def _matrix(app: PlannerApp) -> GapMatrix:
    assert isinstance(app.screen, GapsScreen)
    return app.screen.query_one(GapMatrix)


def _row_names(matrix: GapMatrix) -> list[str]:
    return [str(matrix.get_row_at(i)[1]) for i in range(matrix.row_count)]


async def _open_gaps(app: PlannerApp, pilot: object) -> GapMatrix:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    return _matrix(app)


def test_segment_headings_are_short_and_unique() -> None:
    names = ["Keluarga", "Pemilih Pemula", "Pemilih Muda", "Perempuan", "Komunitas", "Keagamaan"]
    labels = abbreviations(names)
    assert labels == ["Kel", "PP", "PM", "Per", "Kom", "Kea"]
    assert len(set(abbreviations(["Komunitas", "Kompas", "Komodo"]))) == 3
    assert all(len(label) <= 3 for label in abbreviations(["A B C D E", "A B C D F"]))


async def test_the_matrix_ranks_flagged_kecamatan_and_marks_what_covers_them(
    blora_path: Path,
) -> None:
    db = open_database(blora_path)
    with db.read() as s:
        expected = coverage(s, compute_flags(s), now=FIXED_NOW)
        flagged = {row.status.name for row in expected.rows}
        bogorejo, sambong = _kecamatan(s, "Bogorejo"), _kecamatan(s, "Sambong")
        pemula = _segment_id(s, PEMULA)
        segment_count = len(expected.segments)
        gap_count = len(expected.gaps())
    db.dispose()

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        matrix = await _open_gaps(app, pilot)
        names = _row_names(matrix)
        assert names[:2] == ["Bogorejo", "Sambong"]
        assert set(names) == flagged
        # every active segment has a column, between the fixed ones and the trailing ones
        assert sum(1 for key in matrix.columns if str(key.value).startswith(SEGMENT_PREFIX)) == (
            segment_count
        )
        column = f"{SEGMENT_PREFIX}{pemula}"
        assert str(matrix.get_cell(sambong, column)).startswith("✓")
        assert str(matrix.get_cell(bogorejo, column)) == "·"
        text = screen_text(app)
        assert f"{gap_count} empty cells of {len(flagged) * segment_count}" in text
        assert f"{len(flagged)} districts flagged" in text
        assert "Pilkada Blora 2024" in text

        # The status line names the highlighted cell in full, with its reach.
        matrix.move_cursor(
            row=matrix.get_row_index(sambong), column=matrix.get_column_index(column)
        )
        await settle(pilot)
        text = screen_text(app)
        assert f"Sambong × {PEMULA}: 1 done" in text
        assert "participants" in text


async def test_enter_on_an_empty_cell_plans_an_activity_there(blora_path: Path) -> None:
    from planner.tui.screens.activity_form import ActivityForm
    from planner.tui.widgets.pickers import RegionPicker, SegmentPicker

    db = open_database(blora_path)
    with db.read() as s:
        bogorejo = _kecamatan(s, "Bogorejo")
        pemula = _segment_id(s, PEMULA)
        before = len(s.exec(select(Activity)).all())
    db.dispose()
    column = f"{SEGMENT_PREFIX}{pemula}"

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        matrix = await _open_gaps(app, pilot)
        assert matrix.has_focus
        # The cursor starts on the first row's first segment; walk to Pemilih Pemula by key.
        assert matrix.cursor_keys() == (bogorejo, matrix.ordered_columns[2].key.value)
        while matrix.cursor_keys() != (bogorejo, column):
            await pilot.press("right")
        await settle(pilot)
        assert f"Bogorejo × {PEMULA}: no activity yet" in screen_text(app)

        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActivityForm)
        assert form.prefill is not None
        assert form.prefill.regions == [bogorejo]
        assert form.prefill.segments == [PEMULA]
        assert form.query_one("#title", Input).value == f"Socialization for {PEMULA} in Bogorejo"
        assert form.query_one("#regions", RegionPicker).codes == [bogorejo]
        assert form.query_one("#segments", SegmentPicker).ids == [pemula]

        form.query_one("#when", Input).focus()
        await pilot.press(*"15/12/2026 09.00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GapsScreen)
        matrix = _matrix(app)
        assert str(matrix.get_cell(bogorejo, column)) == "○1"
        # The cursor stayed on the cell it planned for, now covered.
        assert matrix.cursor_keys() == (bogorejo, column)
        assert f"Bogorejo × {PEMULA}: 1 planned" in screen_text(app)

    db = open_database(blora_path)
    with db.read() as s:
        assert len(s.exec(select(Activity)).all()) == before + 1
        new = s.exec(select(Activity).order_by(col(Activity.id).desc())).first()
        assert new is not None and new.id is not None
        assert new.title == f"Socialization for {PEMULA} in Bogorejo"
        assert new.start.date().isoformat() == "2026-12-15"
        regions = s.exec(
            select(ActivityRegion.region_code).where(ActivityRegion.activity_id == new.id)
        ).all()
        segments = s.exec(
            select(ActivitySegment.segment_id).where(ActivitySegment.activity_id == new.id)
        ).all()
        assert list(regions) == [bogorejo]
        assert list(segments) == [pemula]
    db.dispose()


async def test_enter_on_a_covered_cell_lists_its_activities(blora_path: Path) -> None:
    from planner.tui.screens.activity_page import ActivityPage
    from planner.tui.screens.cell_detail import CellDetail
    from planner.tui.screens.region_page import RegionPage

    db = open_database(blora_path)
    with db.read() as s:
        sambong = _kecamatan(s, "Sambong")
        pemula = _segment_id(s, PEMULA)
        cell = next(
            r for r in coverage(s, compute_flags(s), now=FIXED_NOW).rows if r.status.code == sambong
        ).cells[pemula]
        titles = {
            a.title for a in s.exec(select(Activity).where(col(Activity.id).in_(cell.activity_ids)))
        }
    db.dispose()

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        matrix = await _open_gaps(app, pilot)
        column = f"{SEGMENT_PREFIX}{pemula}"
        matrix.move_cursor(
            row=matrix.get_row_index(sambong), column=matrix.get_column_index(column)
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CellDetail)
        text = screen_text(app)
        assert f"Sambong × {PEMULA}" in text
        assert all(title in text for title in titles)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActivityPage)
        assert app.screen.activity_id in cell.activity_ids
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GapsScreen)

        # Enter on the region's name opens its page instead.
        matrix = _matrix(app)
        matrix.move_cursor(column=matrix.get_column_index(REGION))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RegionPage)
        assert app.screen.code == sambong


async def test_keys_switch_the_level_and_the_election(blora_path: Path) -> None:
    db = open_database(blora_path)
    with db.read() as s:
        desa = coverage(s, compute_flags(s, level="desa"), now=FIXED_NOW)
        desa_flagged = len(desa.rows)
    db.dispose()

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        matrix = await _open_gaps(app, pilot)
        await pilot.press("l")
        await settle(pilot)
        assert matrix.row_count == desa_flagged
        assert f"{desa_flagged} villages flagged" in screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        assert "districts flagged" in screen_text(app)

        screen = app.screen
        assert isinstance(screen, GapsScreen)
        assert "Pilkada Blora 2024" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        data = screen._data
        assert data is not None and data.coverage.flags.election is not None
        shown = data.coverage.flags.election.name
        assert shown != "Pilkada Blora 2024"
        assert shown in screen_text(app)
        # At 80x24 the region column stays in view when the cursor goes far right.
        for _ in range(20):
            await pilot.press("right")
        await settle(pilot)
        assert matrix.scroll_x > 0
        assert matrix.fixed_columns >= 2
