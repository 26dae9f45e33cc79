"""Impor in the TUI: preview before writing, the mapping step, all or nothing, SIREKAP."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Button, Input, ProgressBar, Select, Static

from planner.importers.codes import level_of, parent_of
from planner.importers.fields import RegionRecord
from planner.importers.sirekap import read_sirekap
from planner.models import Election, Region, Stakeholder, Turnout
from planner.services.regions import import_regions
from planner.store import open_database
from planner.tui.app import PlannerApp
from planner.tui.screens.data_import import ImportScreen, complete_path, mapping_need
from tests.tui_helpers import make_app, settle

SAMBONG_DESA = [f"33.16.06.{2000 + n}" for n in range(1, 11)]
UNKNOWN_HEADER = "Jml Pemilih Terdaftar"


def turnout_csv(folder: Path, *, dpt_header: str = "DPT", extra_rows: str = "") -> Path:
    """Sambong's desa, codes written as SIREKAP does (no dots), Indonesian headers."""
    lines = [f"Kode Desa;Nama Desa;{dpt_header};Pengguna Hak Pilih"]
    for n, code in enumerate(SAMBONG_DESA):
        lines.append(f"{code.replace('.', '')};Desa {n};{2000 + n * 10};{1500 + n * 7}")
    file = folder / "hasil.csv"
    file.write_text("\n".join(lines) + "\n" + extra_rows, encoding="utf-8")
    return file


def election_id(path: Path, name: str) -> int:
    database = open_database(path)
    try:
        with database.read() as s:
            found = s.exec(select(Election.id).where(Election.name == name)).one()
    finally:
        database.dispose()
    assert found is not None
    return found


def turnout_rows(app: PlannerApp, election: int) -> dict[str, tuple[int, int]]:
    with app.database.read() as s:
        rows = s.exec(select(Turnout).where(Turnout.election_id == election)).all()
        return {r.region_code: (r.dpt, r.voters) for r in rows}


async def open_import(pilot: Pilot[None], **kwargs: str) -> ImportScreen:
    await settle(pilot)
    screen = ImportScreen(**kwargs)  # type: ignore[arg-type]
    pilot.app.push_screen(screen)
    await settle(pilot)
    assert pilot.app.screen is screen
    return screen


async def fill(
    pilot: Pilot[None], screen: ImportScreen, path: Path, *, election: int | None = None
) -> None:
    screen.query_one("#path", Input).value = str(path)
    if election is not None:
        screen.query_one("#election", Select).value = election
    await settle(pilot)


async def preview(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+r")
    await settle(pilot)


def import_enabled(screen: ImportScreen) -> bool:
    return not screen.query_one("#import-button", Button).disabled


def panel(screen: ImportScreen, name: str) -> str:
    widget = screen.query_one(f"#{name}", Static)
    return str(widget.render()) if widget.display else ""


async def test_turnout_needs_a_mapping_then_previews_then_imports(
    blora_path: Path, tmp_path: Path
) -> None:
    file = turnout_csv(tmp_path, dpt_header=UNKNOWN_HEADER)
    pemilu_2029 = election_id(blora_path, "Pemilu 2029")
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_import(pilot)
        await fill(pilot, screen, file, election=pemilu_2029)
        await preview(pilot)

        # The DPT column is not recognised: a choice per unrecognised column, nothing written.
        headers = [header for header, _select in screen._map_selects]
        assert headers == [UNKNOWN_HEADER]
        assert "no column for 'dpt'" in panel(screen, "preview")
        assert "row 1" in panel(screen, "preview")
        assert not import_enabled(screen)
        assert turnout_rows(app, pemilu_2029) == {}

        screen._map_selects[0][1].value = "dpt"
        await settle(pilot)
        await preview(pilot)
        text = panel(screen, "preview")
        assert "Rows in the file  10" in text
        assert "New               10" in text
        assert "Replacing         0" in text
        assert "Problems" not in text
        assert import_enabled(screen)
        # A preview writes nothing.
        assert turnout_rows(app, pemilu_2029) == {}

        await pilot.press("ctrl+s")
        await settle(pilot)
        written = turnout_rows(app, pemilu_2029)
        assert written == {
            code: (2000 + n * 10, 1500 + n * 7) for n, code in enumerate(SAMBONG_DESA)
        }
        summary = panel(screen, "summary")
        assert "hasil.csv: 10 rows for Pemilu 2029 (10 new, 0 replaced)." in summary
        assert not import_enabled(screen)
        bar = screen.query_one("#progress", ProgressBar)
        assert bar.progress == bar.total == 10

        # The same file again: every row already holds its figures.
        await preview(pilot)
        text = panel(screen, "preview")
        assert "New               0" in text
        assert "Unchanged         10" in text

    database = open_database(blora_path)
    with database.read() as s:
        sources = set(
            s.exec(select(Turnout.source).where(Turnout.election_id == pemilu_2029)).all()
        )
        assert sources == {"hasil.csv"}
    database.dispose()


async def test_changing_the_form_after_a_preview_disables_import(
    blora_path: Path, tmp_path: Path
) -> None:
    file = turnout_csv(tmp_path)
    pemilu_2029 = election_id(blora_path, "Pemilu 2029")
    pemilu_2019 = election_id(blora_path, "Pemilu 2019")
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        await fill(pilot, screen, file, election=pemilu_2029)
        await preview(pilot)
        assert import_enabled(screen)
        screen.query_one("#election", Select).value = pemilu_2019
        await settle(pilot)
        assert not import_enabled(screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert turnout_rows(app, pemilu_2029) == {}
        # Pemilu 2019 holds the sample's figures for these desa: the file replaces them.
        await preview(pilot)
        assert "Replacing         10" in panel(screen, "preview")


async def test_a_file_with_problems_shows_them_and_import_stays_disabled(
    blora_path: Path, tmp_path: Path
) -> None:
    pemilu_2029 = election_id(blora_path, "Pemilu 2029")
    unknown = turnout_csv(tmp_path, extra_rows="3316992001;Desa Entah;900;700\n")
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_import(pilot)
        await fill(pilot, screen, unknown, election=pemilu_2029)
        await preview(pilot)
        text = panel(screen, "preview")
        assert "Problems (the file cannot be imported until they are fixed):" in text
        assert f"{unknown}, row 12, column 'Kode Desa'" in text
        assert "region 33.16.99.2001 is not in the database" in text
        # The preview still counts what the file holds; the problem blocks all of it.
        assert "New               11" in text
        assert not import_enabled(screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert turnout_rows(app, pemilu_2029) == {}

        # Text in a number column refuses the file at reading, naming row and column.
        broken = tmp_path / "rusak.csv"
        broken.write_text(
            "Kode Desa;DPT;Pengguna Hak Pilih\n3316062001;2.000;1.500\n3316062002;banyak;9\n",
            encoding="utf-8",
        )
        await fill(pilot, screen, broken)
        await preview(pilot)
        text = panel(screen, "preview")
        assert "The file cannot be read:" in text
        assert f"{broken}, row 3, column 'DPT': 'banyak' is not a number" in text
        assert not screen._map_selects
        assert not import_enabled(screen)
    database = open_database(blora_path)
    with database.read() as s:
        count = s.exec(
            select(func.count()).select_from(Turnout).where(Turnout.election_id == pemilu_2029)
        ).one()
        assert count == 0
    database.dispose()


async def test_the_form_says_what_is_missing(blora_path: Path, tmp_path: Path) -> None:
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        screen.query_one("#election", Select).clear()
        await preview(pilot)
        assert "give the file to import" in panel(screen, "path-error")
        assert "choose the election" in panel(screen, "election-error")
        await fill(pilot, screen, tmp_path / "tidak-ada.csv")
        await preview(pilot)
        assert "there is no file or folder" in panel(screen, "path-error")
        assert not screen.query_one("#preview").display
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)


async def test_a_workbook_sheet_is_chosen(blora_path: Path, tmp_path: Path) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Catatan"
    notes.append(["Sumber: PPK Sambong"])
    sheet = book.create_sheet("Rekap")
    sheet.append(["REKAPITULASI PEMILU 2029"])
    sheet.append([])
    sheet.append(["Kode Desa", "DPT", "Pengguna Hak Pilih"])
    sheet.append([3316062001, 2500.0, 2001.0])
    file = tmp_path / "rekap.xlsx"
    book.save(file)
    pemilu_2029 = election_id(blora_path, "Pemilu 2029")

    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_import(pilot)
        await fill(pilot, screen, file, election=pemilu_2029)
        # The sheets are listed once typing pauses.
        for _ in range(40):
            await pilot.pause(0.05)
            await settle(pilot)
            if screen.query_one("#sheet-row").display:
                break
        select = screen.query_one("#sheet", Select)
        assert [str(label) for label, _value in select._options if _value != Select.NULL] == [
            "Catatan",
            "Rekap",
        ]
        await preview(pilot)
        assert "The file cannot be read:" in panel(screen, "preview")
        select.value = "Rekap"
        await settle(pilot)
        await preview(pilot)
        assert "New               1" in panel(screen, "preview")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert turnout_rows(app, pemilu_2029) == {"33.16.06.2001": (2500, 2001)}


async def test_stakeholders_merge_by_name_and_category(blora_path: Path, tmp_path: Path) -> None:
    file = tmp_path / "mitra.csv"
    file.write_text(
        "nama,kategori,hp\nBawaslu Blora,Penyelenggara Pemilu,0813 1111 2222\n"
        "Karang Taruna Sambong,komunitas,\n",
        encoding="utf-8",
    )
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_import(pilot, kind="stakeholders")
        with app.database.read() as s:
            before = s.exec(select(func.count()).select_from(Stakeholder)).one()
        assert not screen.query_one("#election-row").display
        await fill(pilot, screen, file)
        await preview(pilot)
        text = panel(screen, "preview")
        assert "New               1" in text
        assert "Changed           1" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "mitra.csv: 1 stakeholders added, 1 updated, 0 unchanged." in panel(
            screen, "summary"
        )
        with app.database.read() as s:
            assert s.exec(select(func.count()).select_from(Stakeholder)).one() == before + 1
            bawaslu = s.exec(select(Stakeholder).where(Stakeholder.name == "Bawaslu Blora")).one()
            assert bawaslu.phone == "0813 1111 2222"


def _seribu_rows(shared_data: Path) -> list[tuple[str, str]]:
    with (shared_data / "wilayah_kepmendagri_2025.csv").open(encoding="utf-8") as fh:
        return [
            (code, name)
            for code, name in csv.reader(fh)
            if code in ("31", "31.01") or code.startswith("31.01.")
        ]


async def test_sirekap_zip_after_importing_kepulauan_seribu(
    tmp_path: Path, shared_data: Path
) -> None:
    rows = _seribu_rows(shared_data)
    path = tmp_path / "seribu.db"
    database = open_database(path)
    with database.write() as s:
        # The province and the kabupaten first, so that the planner opens on regions.
        import_regions(
            s,
            [RegionRecord(i, c, n, level_of(c), parent_of(c)) for i, (c, n) in enumerate(rows[:2])],
            source="test",
        )
        s.add(Election(name="Pemilu 2024", kind="pemilu"))
    database.dispose()
    regions_file = tmp_path / "wilayah_seribu.csv"
    with regions_file.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["kode", "nama"])
        writer.writerows(rows)
    sample = shared_data / "sirekap_tps_sample_2024.zip"
    pemilu_2024 = election_id(path, "Pemilu 2024")

    app = make_app(path, lang="en")
    # Read by hand after the app has set the language, for messages in the same words.
    expected = read_sirekap(sample)
    async with app.run_test(size=(100, 40)) as pilot:
        # Kepulauan Seribu's kecamatan and kelurahan, through the same screen.
        screen = await open_import(pilot, kind="regions")
        await fill(pilot, screen, regions_file)
        await preview(pilot)
        text = panel(screen, "preview")
        assert f"New               {len(rows) - 2}" in text
        assert "Changed           0" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "wilayah_seribu.csv:" in panel(screen, "summary")
        with app.database.read() as s:
            assert s.exec(select(func.count()).select_from(Region)).one() == len(rows)

        screen.query_one("#kind", Select).value = "turnout"
        await fill(pilot, screen, sample, election=pemilu_2024)
        await preview(pilot)
        text = panel(screen, "preview")
        assert f"Rows in the file  {len(expected.records)}" in text
        assert f"Not imported      {expected.skipped}" in text
        assert "Warnings:" in text
        # Every anomaly is listed by its TPS code.
        for anomaly in expected.anomalies:
            assert str(anomaly) in text
        assert f"{len(expected.not_entered)} TPS have no administrative figures" in text
        assert import_enabled(screen)
        assert turnout_rows(app, pemilu_2024) == {}

        await pilot.press("ctrl+s")
        await settle(pilot)
        summary = panel(screen, "summary")
        assert f"{len(expected.records)} rows for Pemilu 2024" in summary
        assert expected.anomalies[0].code in summary
        with app.database.read() as s:
            count = s.exec(
                select(func.count()).select_from(Turnout).where(Turnout.election_id == pemilu_2024)
            ).one()
        assert count == len(expected.records)


def test_mapping_need_names_the_missing_fields(tmp_path: Path) -> None:
    file = turnout_csv(tmp_path, dpt_header=UNKNOWN_HEADER)
    need = mapping_need(file, None, None)
    assert need is not None
    assert need.missing == ["dpt"]
    assert need.headers == [UNKNOWN_HEADER]
    assert need.recognised["code"] == "Kode Desa"
    assert mapping_need(file, None, {UNKNOWN_HEADER: "dpt"}) is None
    good = turnout_csv(tmp_path)
    assert mapping_need(good, None, None) is None


def test_paths_complete_from_the_folder(tmp_path: Path) -> None:
    (tmp_path / "hasil_pemilu.csv").write_text("x", encoding="utf-8")
    (tmp_path / "rekap").mkdir()
    (tmp_path / ".tersembunyi").write_text("x", encoding="utf-8")
    assert complete_path(f"{tmp_path}/has") == f"{tmp_path}/hasil_pemilu.csv"
    assert complete_path(f"{tmp_path}/re") == f"{tmp_path}/rekap/"
    assert complete_path(f"{tmp_path}/.ter") == f"{tmp_path}/.tersembunyi"
    assert complete_path(f"{tmp_path}/hasil_pemilu.csv") is None
    assert complete_path(f"{tmp_path}/tidak") is None
    assert complete_path("") is None


async def test_browsing_by_keyboard_picks_a_file(blora_path: Path, tmp_path: Path) -> None:
    from planner.tui.screens.data_import import ImportableFiles

    folder = tmp_path / "unduhan"
    folder.mkdir()
    file = turnout_csv(folder)
    (folder / "catatan.docx").write_text("x", encoding="utf-8")
    app = make_app(blora_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        await fill(pilot, screen, folder)
        # The tree's loader runs as long as the tree is shown: wait by pausing, not by settling.
        await pilot.press("ctrl+o")
        tree = screen.query_one(ImportableFiles)
        for _ in range(50):
            await pilot.pause(0.05)
            if tree.root.children:
                break
        assert tree.has_focus
        assert [str(node.label) for node in tree.root.children] == ["hasil.csv"]
        await pilot.press("down", "enter")
        for _ in range(50):
            await pilot.pause(0.05)
            if not screen.query(ImportableFiles):
                break
        assert screen.query_one("#path", Input).value == str(file)
        assert screen.query_one("#path", Input).has_focus
        await settle(pilot)
        # Escape closes the tree first, then leaves the screen.
        await pilot.press("ctrl+o")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert not screen.query(ImportableFiles)
        assert app.screen is screen
