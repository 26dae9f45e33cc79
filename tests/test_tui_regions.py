"""Wilayah: the kecamatan table, drilling down to TPS and back, search, a region's page, lokus."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from planner.formatting import number, percent
from planner.models import Election, Lokus, Region, Turnout, TurnoutTotal
from planner.rules.flags import FlagKind, compute_flags
from planner.store import open_database
from planner.tui.app import PlannerApp
from planner.tui.widgets.virtual_table import VirtualTable
from tests.tui_helpers import make_app, screen_text, settle, vt_cell, vt_keys, vt_point_at, vt_row

BLORA = "33.16"
SAMBONG = "33.16.06"
BOGOREJO = "33.16.15"


def _election(s: Session, name: str) -> Election:
    return s.exec(select(Election).where(Election.name == name)).one()


def _table(app: PlannerApp) -> VirtualTable:
    return app.screen.query_one("#table", VirtualTable)


def _cell(table: VirtualTable, row: str, column: str) -> str:
    return vt_cell(table, row, column)


def _crumbs(app: PlannerApp) -> str:
    return str(app.screen.query_one("#crumbs", Static).render())


def _status(app: PlannerApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


def _cursor_key(table: VirtualTable) -> str | None:
    return table.cursor_key


def _focused_id(app: PlannerApp) -> str | None:
    return app.focused.id if app.focused is not None else None


async def _open_regions(app: PlannerApp, pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert app.current_mode == "regions"


async def test_the_kecamatan_table_matches_compute_flags(blora_path: Path) -> None:
    database = open_database(blora_path)
    with database.read() as s:
        pilkada = _election(s, "Pilkada Blora 2024")
        report = compute_flags(s, pilkada, level="kecamatan", scope_code=BLORA)
        kecamatan = list(
            s.exec(
                select(Region.code).where(Region.parent_code == BLORA).order_by(col(Region.code))
            )
        )
        sambong_total = s.get(TurnoutTotal, (pilkada.id, SAMBONG))
    database.dispose()
    statuses = {r.code: r for r in report.regions}
    assert len(kecamatan) == 16 and sambong_total is not None

    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_regions(app, pilot)
        table = _table(app)
        assert vt_keys(table) == kecamatan
        assert "Kabupaten Blora" in _crumbs(app)
        assert "Pilkada Blora 2024" in _status(app)
        column = f"e{pilkada.id}"
        for code in (SAMBONG, BOGOREJO):
            expected = percent(statuses[code].participation, 1)
            assert _cell(table, code, column) == expected
        assert _cell(table, SAMBONG, "dpt") == number(sambong_total.dpt)
        assert _cell(table, SAMBONG, "invalid") == percent(statuses[SAMBONG].invalid_pct, 1)
        # Sambong is a lokus in the sample: its flags say so.
        assert "lokus" in _cell(table, SAMBONG, "flags")
        text = screen_text(app)
        assert "Sambong" in text and "Bogorejo" in text and "Randublatung" in text


async def test_drilling_down_to_the_tps_and_back_up(blora_path: Path) -> None:
    database = open_database(blora_path)
    with database.read() as s:
        pilkada = _election(s, "Pilkada Blora 2024")
        desa = list(
            s.exec(select(Region).where(Region.parent_code == SAMBONG).order_by(col(Region.code)))
        )
        first = desa[0]
        tps = list(
            s.exec(
                select(Turnout)
                .where(
                    Turnout.region_code == first.code,
                    Turnout.election_id == pilkada.id,
                    col(Turnout.tps) > 0,
                )
                .order_by(col(Turnout.tps))
            )
        )
    database.dispose()
    assert tps

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_regions(app, pilot)
        table = _table(app)
        vt_point_at(table, SAMBONG)
        await pilot.press("enter")
        await settle(pilot)
        assert vt_keys(table) == [d.code for d in desa]
        assert _crumbs(app) == "Kabupaten Blora › Kec. Sambong"
        assert _cell(table, first.code, "name") == first.name

        await pilot.press("enter")  # the cursor is on the first desa
        await settle(pilot)
        assert table.total == len(tps)
        assert _crumbs(app).endswith(f"Desa {first.name}")
        assert "TPS of Pilkada Blora 2024" in _status(app)
        row = vt_row(table, f"tps:{tps[0].tps}")
        assert row[:3] == [
            f"{tps[0].tps:03d}",
            number(tps[0].dpt),
            number(tps[0].voters),
        ]

        await pilot.press("backspace")
        await settle(pilot)
        assert table.total == len(desa)
        assert _cursor_key(table) == first.code
        await pilot.press("escape")
        await settle(pilot)
        assert table.total == 16
        assert _cursor_key(table) == SAMBONG
        assert _crumbs(app) == "Kabupaten Blora"


async def test_search_filters_the_current_table(blora_path: Path) -> None:
    app = make_app(blora_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_regions(app, pilot)
        table = _table(app)
        await pilot.press("slash")
        assert _focused_id(app) == "search"
        await pilot.press("b", "o", "g")
        await settle(pilot)
        assert vt_keys(table) == [BOGOREJO]
        await pilot.press("escape")  # back to the table, the filter stays
        assert _focused_id(app) == "table"
        assert table.total == 1
        await pilot.press("escape")  # and a second Escape clears it
        await settle(pilot)
        assert table.total == 16
        await pilot.press("slash", "3", "3", "1", "6", "0")
        await settle(pilot)
        assert table.total == 9
        await pilot.press("enter")
        assert _focused_id(app) == "table"


async def test_the_election_key_changes_the_dpt_column(blora_path: Path) -> None:
    database = open_database(blora_path)
    with database.read() as s:
        pilgub = _election(s, "Pilgub Jateng 2018")
        total = s.get(TurnoutTotal, (pilgub.id, BOGOREJO))
    database.dispose()
    assert total is not None
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_regions(app, pilot)
        await pilot.press("e")  # from the latest it wraps round to the oldest
        await settle(pilot)
        assert "Pilgub Jateng 2018" in _status(app)
        assert _cell(_table(app), BOGOREJO, "dpt") == number(total.dpt)


async def test_the_region_page_shows_history_and_flags(blora_path: Path) -> None:
    from planner.tui.screens.region_page import RegionPage
    from planner.tui.screens.regions import RegionsScreen

    database = open_database(blora_path)
    with database.read() as s:
        pilkada = _election(s, "Pilkada Blora 2024")
        report = compute_flags(s, pilkada, level="kecamatan", scope_code=BLORA)
        names = list(
            s.exec(
                select(Election.name)
                .join(TurnoutTotal, col(TurnoutTotal.election_id) == col(Election.id))
                .where(TurnoutTotal.region_code == BOGOREJO)
            )
        )
    database.dispose()
    reasons = next(r for r in report.regions if r.code == BOGOREJO).reasons

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_regions(app, pilot)
        table = _table(app)
        vt_point_at(table, BOGOREJO)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, RegionPage)
        text = screen_text(app)
        assert "Kec. Bogorejo (33.16.15)" in text
        assert "Jawa Tengah › Kabupaten Blora" in text
        history = app.screen.query_one("#history", DataTable)
        assert history.row_count == len(names) == 5
        for name in names:
            assert name in text
        assert reasons
        for reason in reasons:
            if reason.kind != FlagKind.LOKUS:
                assert reason.describe() in text
        flags = app.screen.query_one("#flags", Static)
        assert flags.border_title == "Flags for Pilkada Blora 2024"
        assert "all of Kabupaten Blora" in text  # stakeholders serving the kabupaten
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RegionsScreen)


async def test_adding_a_lokus_through_the_modal(blora_path: Path) -> None:
    from planner.tui.screens.region_page import LokusModal, RegionPage

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_record("region", BOGOREJO)
        await settle(pilot)
        assert isinstance(app.screen, RegionPage)
        assert app.screen.query_one("#lokus", DataTable).row_count == 0

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, LokusModal)
        await pilot.press("ctrl+s")  # no criterion yet: refused at the field
        await settle(pilot)
        assert isinstance(app.screen, LokusModal)
        assert "choose a criterion" in str(
            app.screen.query_one("#criterion-error", Static).render()
        )

        await pilot.press("enter", "down", "down", "enter")  # the second criterion
        assert app.screen.query_one("#criterion", Select).value == "rawan_pelanggaran"
        assert str(app.screen.query_one("#criterion-error", Static).render()) == ""
        await pilot.press("tab")
        await pilot.press(*"Dekat perbatasan")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RegionPage)
        lokus = app.screen.query_one("#lokus", DataTable)
        assert lokus.row_count == 1
        assert "high risk of violations" in screen_text(app)
        assert "Dekat perbatasan" in screen_text(app)

        # The same criterion again is refused at the field, keeping what was typed.
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter", "down", "down", "enter", "tab", "x", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LokusModal)
        assert "already a lokus" in str(app.screen.query_one("#criterion-error", Static).render())
        assert app.screen.query_one("#note", Input).value == "x"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RegionPage)

    database = open_database(blora_path)
    with database.read() as s:
        rows = s.exec(select(Lokus).where(Lokus.region_code == BOGOREJO)).all()
    database.dispose()
    assert [(r.criterion, r.note) for r in rows] == [("rawan_pelanggaran", "Dekat perbatasan")]


async def test_clearing_a_lokus_asks_first_and_removes_it(blora_path: Path) -> None:
    from planner.tui.screens.region_page import ConfirmModal, RegionPage

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_regions(app, pilot)
        table = _table(app)
        vt_point_at(table, SAMBONG)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, RegionPage)
        assert app.screen.query_one("#lokus", DataTable).row_count == 1
        assert "hard to reach" in screen_text(app)

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # changed their mind: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, RegionPage)
        assert app.screen.query_one("#lokus", DataTable).row_count == 1

        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, RegionPage)
        assert app.screen.query_one("#lokus", DataTable).row_count == 0
        assert "hard to reach" not in screen_text(app)

        # Back in the table, Sambong's flags no longer name the lokus.
        await pilot.press("escape")
        await settle(pilot)
        assert "lokus" not in _cell(_table(app), SAMBONG, "flags")

    database = open_database(blora_path)
    with database.read() as s:
        left = s.exec(
            select(func.count()).select_from(Lokus).where(Lokus.region_code == SAMBONG)
        ).one()
    database.dispose()
    assert left == 0
