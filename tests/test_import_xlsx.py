"""Excel workbooks read like CSV files: title blocks, headers in any order, numbers as floats."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import Session, col, select

from planner.errors import ImportProblem
from planner.i18n import set_language
from planner.importers.codes import level_of, parent_of
from planner.importers.fields import RegionRecord, TurnoutRecord
from planner.importers.preview import (
    apply_turnout,
    preview_turnout,
    read_regions_file,
    read_turnout_file,
)
from planner.importers.stakeholders import read_stakeholder_file
from planner.importers.xlsx import cell_text, read_any, read_xlsx
from planner.models import Election, Turnout
from planner.services.regions import import_regions
from planner.store import Database

REGIONS = [
    ("33", "Jawa Tengah"),
    ("33.16", "Kabupaten Blora"),
    ("33.16.06", "Sambong"),
    ("33.16.06.2001", "Biting"),
    ("33.16.06.2002", "Gagakan"),
    ("33.16.13", "Blora"),
]

# One desa per row, and TPS rows of another desa: the Indonesian headers KPU uses.
CSV_TEXT = (
    "Kode Wilayah,Nama Wilayah,DPT,DPT Laki-laki,DPT Perempuan,Pengguna Hak Pilih,"
    "Suara Sah,Suara Tidak Sah\n"
    '3316062001,Biting,"22.549",11200,11349,"17.320",16900,420\n'
    "331613,Blora,48730,,,39001,38000,1001\n"
)


@pytest.fixture(autouse=True)
def _english(_isolate: None) -> None:
    set_language("en")


def workbook(path: Path, rows: Sequence[Sequence[object]], *, title: str = "Rekap") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def kpu_sheet(path: Path) -> Path:
    """The CSV's figures the way a KPU sheet holds them: a title block, columns shuffled."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Rekap DPT"
    sheet["A1"] = "REKAPITULASI DAFTAR PEMILIH TETAP DAN PENGGUNA HAK PILIH"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "KABUPATEN BLORA - PEMILU 2024"
    sheet.merge_cells("A2:H2")
    # Row 3 stays blank, as under most title blocks.
    header = [
        "Suara Tidak Sah",
        "Nama Wilayah",
        "DPT",
        "Pengguna Hak Pilih",
        "Kode Wilayah",
        "DPT Perempuan",
        "DPT Laki-laki",
        "Suara Sah",
    ]
    for column, title in enumerate(header, start=1):
        sheet.cell(row=4, column=column, value=title)
    data: list[list[float | str | None]] = [
        # Excel stores every number as a float; the codes here are numbers too.
        [420.0, "Biting", 22549.0, 17320.0, 3316062001, 11349.0, 11200.0, 16900.0],
        [1001, "Blora", 48730, 39001, 331613.0, None, None, 38000],
    ]
    for offset, values in enumerate(data, start=5):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=offset, column=column, value=value)
    # Formatting far to the right and below leaves blank cells in the used range.
    sheet.cell(row=5, column=12, value=None).number_format = "0"
    sheet.cell(row=9, column=1, value="")
    book.save(path)
    return path


def seed(db: Database) -> int:
    with db.write() as s:
        import_regions(
            s,
            [RegionRecord(i, c, n, level_of(c), parent_of(c)) for i, (c, n) in enumerate(REGIONS)],
            source="test",
        )
        election = Election(name="Pemilu 2024", kind="pemilu")
        s.add(election)
        s.flush()
        assert election.id is not None
        return election.id


def without_lines(records: Sequence[TurnoutRecord]) -> list[TurnoutRecord]:
    return [dataclasses.replace(r, line=0) for r in records]


def stored(session: Session) -> list[tuple[object, ...]]:
    rows = session.exec(select(Turnout).order_by(col(Turnout.region_code), col(Turnout.tps))).all()
    return [
        (r.region_code, r.tps, r.dpt, r.voters, r.valid, r.invalid, r.dpt_men, r.dpt_women)
        for r in rows
    ]


def test_cell_text_reads_like_a_csv_export() -> None:
    assert cell_text(22549.0) == "22549"
    assert cell_text(3316062001) == "3316062001"
    assert cell_text(3316062001003.0) == "3316062001003"
    assert cell_text(77.47) == "77.47"
    assert cell_text(None) == ""
    assert cell_text(True) == "TRUE"


def test_title_block_shuffled_indonesian_headers_and_float_numbers(tmp_path: Path) -> None:
    path = kpu_sheet(tmp_path / "rekap.xlsx")
    table = read_xlsx(path)
    assert table.header_line == 4
    assert [row.line for row in table.rows] == [5, 6]
    assert table.rows[0].values["DPT"] == "22549"
    assert table.rows[0].values["Kode Wilayah"] == "3316062001"

    from_sheet = read_turnout_file(path)
    from_csv = read_turnout_file(_csv(tmp_path))
    assert without_lines(from_sheet.records) == without_lines(from_csv.records)
    biting = from_sheet.records[0]
    assert (biting.code, biting.dpt, biting.voters, biting.dpt_men) == (
        "33.16.06.2001",
        22549,
        17320,
        11200,
    )
    assert from_sheet.records[1].code == "33.16.13"


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "rekap.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    return path


def test_round_trip_equals_the_csv_import(tmp_path: Path) -> None:
    from planner.store import open_database

    results = []
    for name, path in (("xlsx", kpu_sheet(tmp_path / "rekap.xlsx")), ("csv", _csv(tmp_path))):
        database = open_database(tmp_path / f"{name}.db")
        try:
            election_id = seed(database)
            data = read_turnout_file(path)
            with database.read() as s:
                election = s.get(Election, election_id)
                assert election is not None
                preview = preview_turnout(s, election, data)
            assert (preview.to_add, preview.to_update, preview.problems) == (2, 0, [])
            with database.write() as s:
                election = s.get(Election, election_id)
                assert election is not None
                apply_turnout(s, election, data, source=path.name)
            with database.read() as s:
                results.append(stored(s))
        finally:
            database.dispose()
    assert results[0] == results[1]
    assert results[0][0] == ("33.16.06.2001", 0, 22549, 17320, 16900, 420, 11200, 11349)


def test_tps_codes_stored_as_numbers(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "tps.xlsx",
        [
            ["Kode TPS", "DPT", "Pengguna Hak Pilih"],
            [3316062001003, 250.0, 201.0],
            [3316062001004.0, 240, 199],
        ],
    )
    records = read_turnout_file(path).records
    assert [(r.code, r.tps) for r in records] == [("33.16.06.2001", 3), ("33.16.06.2001", 4)]


def test_a_code_that_lost_its_digits_is_refused_naming_row_and_column(tmp_path: Path) -> None:
    # 3.31606E+12 is what Excel shows for a 13-digit code; once saved that way
    # the number itself is 3316060000000 and the TPS is gone.
    path = workbook(
        tmp_path / "lost.xlsx",
        [["Judul"], [], ["Kode TPS", "DPT", "Pengguna Hak Pilih"], [3.31606e12, 250, 201]],
    )
    with pytest.raises(ImportProblem) as info:
        read_turnout_file(path)
    assert (info.value.row, info.value.column) == (4, "Kode TPS")
    assert "3316060000000" in info.value.message


def test_scientific_text_in_a_code_cell_is_refused_clearly(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "text.xlsx",
        [["Kode TPS", "DPT", "Pengguna Hak Pilih"], ["3.31606E+12", 250, 201]],
    )
    with pytest.raises(ImportProblem, match="scientific notation") as info:
        read_turnout_file(path)
    assert (info.value.row, info.value.column) == (2, "Kode TPS")


def test_a_fractional_count_names_row_and_column(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "frac.xlsx",
        [["Kode", "DPT", "Pengguna Hak Pilih"], [3316062001, 250.5, 201]],
    )
    with pytest.raises(ImportProblem, match="not a whole number") as info:
        read_turnout_file(path)
    assert (info.value.row, info.value.column) == (2, "DPT")


def test_sheet_by_name_and_unknown_sheets_listed(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Catatan"
    first.append(["Tidak ada data di sini"])
    second = book.create_sheet("Wilayah")
    second.append(["kode", "nama"])
    second.append(["33", "Jawa Tengah"])
    book.save(path)

    assert read_regions_file(path, sheet="wilayah") == [
        RegionRecord(2, "33", "Jawa Tengah", "provinsi", None)
    ]
    with pytest.raises(ImportProblem, match="'Catatan', 'Wilayah'"):
        read_regions_file(path, sheet="Rekap")
    # The first sheet is the default: here a note, not the table.
    with pytest.raises(ImportProblem, match="no data rows"):
        read_regions_file(path)


def test_sheet_option_on_a_csv_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem, match="not a workbook"):
        read_any(_csv(tmp_path), sheet="Rekap")


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("kode,nama\n33,Jawa Tengah\n")
    with pytest.raises(ImportProblem, match="not an Excel workbook"):
        read_xlsx(path)
    with pytest.raises(ImportProblem, match="does not exist"):
        read_xlsx(tmp_path / "missing.xlsx")


def test_an_empty_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "empty.xlsx", [])
    with pytest.raises(ImportProblem, match="the file is empty"):
        read_xlsx(path)
    header_only = workbook(tmp_path / "header.xlsx", [["kode", "nama"]])
    with pytest.raises(ImportProblem, match="no data rows"):
        read_xlsx(header_only)


def test_unrecognised_headers_still_found_for_the_error(tmp_path: Path) -> None:
    # Without a known header the likeliest row is chosen, so the error lists
    # the sheet's real columns rather than its title.
    path = workbook(
        tmp_path / "odd.xlsx",
        [["LAPORAN"], ["No", "Wil", "Jml Pemilih", "Hadir"], [1, 3316062001, 250, 201]],
    )
    with pytest.raises(ImportProblem, match="'No', 'Wil', 'Jml Pemilih', 'Hadir'") as info:
        read_turnout_file(path)
    assert info.value.row == 2
    mapped = read_turnout_file(
        path, explicit_map={"Wil": "code", "Jml Pemilih": "dpt", "Hadir": "voters"}
    )
    assert [(r.code, r.dpt, r.voters) for r in mapped.records] == [("33.16.06.2001", 250, 201)]


def test_stakeholders_from_a_workbook(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "mitra.xlsx",
        [
            ["DAFTAR PEMANGKU KEPENTINGAN"],
            [],
            ["No", "Nama Instansi", "Kategori", "No HP", "Email"],
            [1, "Bawaslu Blora", "Penyelenggara Pemilu", 81234567890, "bawaslu@example.id"],
            [2, "Radio Gagak Rimang", "media", "0296-531234", None],
        ],
    )
    rows = read_stakeholder_file(path)
    assert [(r.line, r.name, r.category, r.phone) for r in rows.records] == [
        (4, "Bawaslu Blora", "penyelenggara_pemilu", "081234567890"),
        (5, "Radio Gagak Rimang", "media", "0296-531234"),
    ]
    # The phone lost its leading 0 in a Number cell: put back, and said so.
    assert len(rows.warnings) == 1 and "row 4" in rows.warnings[0]
