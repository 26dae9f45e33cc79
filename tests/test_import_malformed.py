"""Every malformed input the issue names, through the whole import: refused, or read right.

Wrong encoding, a missing column, text in a number column, a TPS twice, an
empty file, and a 10,000-row file imported quickly and all or nothing.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func
from sqlmodel import select

from planner.errors import ImportProblem
from planner.i18n import set_language
from planner.importers.codes import level_of, parent_of
from planner.importers.fields import RegionRecord
from planner.importers.preview import (
    apply_turnout,
    preview_turnout,
    read_regions_file,
    read_turnout_file,
)
from planner.models import Election, Region, Turnout, TurnoutTotal
from planner.services.regions import import_regions
from planner.store import Database

ROWS = 10_000
ELECTION = "Pemilu 2029"  # in the Blora sample, with no figures yet


@pytest.fixture(autouse=True)
def _english(_isolate: None) -> None:
    set_language("en")


def write(tmp_path: Path, text: str, *, name: str = "data.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def sheet(tmp_path: Path, rows: list[list[object]], name: str = "data.xlsx") -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def refused(path: Path, *, row: int | None, column: str | None = None) -> ImportProblem:
    with pytest.raises(ImportProblem) as info:
        read_turnout_file(path)
    assert info.value.path == str(path)
    assert (info.value.row, info.value.column) == (row, column)
    return info.value


# --- encodings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("cp1252", ";"), ("utf-8-sig", ","), ("utf-16", "\t")]
)
def test_encodings_excel_writes_are_read(tmp_path: Path, encoding: str, delimiter: str) -> None:
    # Windows-1252 "CSV (Comma delimited)" on Indonesian Windows, UTF-8 with a
    # BOM, and "Unicode Text" (UTF-16, tab separated).
    text = delimiter.join(["kode", "nama"]) + "\n" + delimiter.join(["11.01", "Pasi Kuala Ba’u"])
    [record] = read_regions_file(write(tmp_path, text + "\n", encoding=encoding))
    assert record.name == "Pasi Kuala Ba’u"


def test_an_encoding_that_is_neither_utf8_nor_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    # 0x81 and 0x8d are undefined in Windows-1252 and invalid as UTF-8.
    path.write_bytes(b"kode,nama\n33,Jawa \x81\x8d Tengah\n")
    with pytest.raises(ImportProblem, match="neither UTF-8 nor Windows-1252"):
        read_regions_file(path)


# --- columns and cells ----------------------------------------------------------------


def test_missing_column_csv_and_xlsx(tmp_path: Path) -> None:
    csv_path = write(tmp_path, "kode desa,pengguna hak pilih\n3316062001,200\n")
    problem = refused(csv_path, row=1)
    assert "no column for 'dpt'" in problem.message
    assert "'kode desa', 'pengguna hak pilih'" in problem.message

    xlsx_path = sheet(tmp_path, [["REKAP"], [], ["Kode Desa", "Pengguna Hak Pilih"], [1, 2]])
    problem = refused(xlsx_path, row=3)
    assert "no column for 'dpt'" in problem.message


def test_text_in_a_number_column_csv_and_xlsx(tmp_path: Path) -> None:
    csv_path = write(tmp_path, "kode desa,dpt,pengguna hak pilih\n3316062001,dua ratus,150\n")
    assert "'dua ratus' is not a number" in refused(csv_path, row=2, column="dpt").message
    xlsx_path = sheet(
        tmp_path,
        [
            ["Kode Desa", "DPT", "Pengguna Hak Pilih"],
            [3316062001, 250, 200],
            [3316062002, 251, "#REF!"],
        ],
    )
    assert (
        "'#REF!' is not a number" in refused(xlsx_path, row=3, column="Pengguna Hak Pilih").message
    )


def test_a_tps_twice_csv_and_xlsx(tmp_path: Path) -> None:
    csv_path = write(
        tmp_path,
        "kode tps,dpt,pengguna hak pilih\n"
        "3316062001001,250,200\n3316062001002,240,190\n3316062001001,250,201\n",
    )
    problem = refused(csv_path, row=4, column="kode tps")
    assert "33.16.06.2001 TPS 001 appears twice, on rows 2 and 4" in problem.message
    xlsx_path = sheet(
        tmp_path,
        [
            ["Kode Desa", "TPS", "DPT", "Pengguna"],
            [3316062001, 1, 250, 200],
            [3316062001, "TPS 001", 1, 1],
        ],
    )
    # "Pengguna" is no known header: mapped by hand, as --map does.
    with pytest.raises(ImportProblem, match="appears twice, on rows 2 and 3") as info:
        read_turnout_file(xlsx_path, explicit_map={"Pengguna": "voters"})
    assert info.value.row == 3


@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff", ";;;\n;;\n"])
def test_an_empty_file(tmp_path: Path, text: str) -> None:
    assert "the file is empty" in refused(write(tmp_path, text), row=None).message


def test_an_empty_workbook_and_a_header_without_rows(tmp_path: Path) -> None:
    assert "the file is empty" in refused(sheet(tmp_path, []), row=None).message
    header_only = sheet(tmp_path, [["kode", "dpt", "pengguna hak pilih"]], name="h.xlsx")
    assert "no data rows" in refused(header_only, row=1).message


# --- 10,000 rows ----------------------------------------------------------------------


def tps_file(blora_db: Database, tmp_path: Path, *, last: str | None = None) -> Path:
    """ROWS TPS rows spread over the Blora sample's desa, in KPU's Indonesian headers."""
    with blora_db.read() as s:
        desa = list(s.exec(select(Region.code).where(Region.level == "desa")).all())
    lines = ["Kode Desa;No TPS;DPT;DPT Laki-laki;DPT Perempuan;Pengguna Hak Pilih;Suara Sah"]
    for i in range(ROWS):
        code = desa[i % len(desa)].replace(".", "")
        tps = i // len(desa) + 1
        dpt = 200 + i % 97
        men = dpt // 2
        voters = dpt - 20 - i % 31
        lines.append(f"{code};{tps:03d};{dpt};{men};{dpt - men};{voters};{voters - 3}")
    if last is not None:
        lines[-1] = last
    path = tmp_path / "tps.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def election_id(db: Database) -> int:
    with db.read() as s:
        found = s.exec(select(Election.id).where(Election.name == ELECTION)).one()
    assert found is not None
    return found


def rows_for(db: Database, chosen: int) -> int:
    with db.read() as s:
        return int(
            s.exec(
                select(func.count()).select_from(Turnout).where(Turnout.election_id == chosen)
            ).one()
        )


def test_ten_thousand_rows_quickly_and_with_progress(blora_db: Database, tmp_path: Path) -> None:
    path = tps_file(blora_db, tmp_path)
    chosen = election_id(blora_db)
    calls: list[tuple[int, int]] = []

    started = time.perf_counter()
    data = read_turnout_file(path)
    with blora_db.read() as s:
        election = s.get(Election, chosen)
        assert election is not None
        preview = preview_turnout(s, election, data)
    with blora_db.write() as s:
        election = s.get(Election, chosen)
        assert election is not None
        result = apply_turnout(
            s, election, data, progress=lambda done, total: calls.append((done, total))
        )
    elapsed = time.perf_counter() - started

    assert (preview.rows, preview.to_add, preview.problems) == (ROWS, ROWS, [])
    assert (result.to_add, result.to_update) == (ROWS, 0)
    assert rows_for(blora_db, chosen) == ROWS
    assert calls[0] == (0, ROWS) and calls[-1] == (ROWS, ROWS)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    # Read, previewed, written and totalled well inside what a user waits for.
    assert elapsed < 20, f"{ROWS} rows took {elapsed:.1f} s"
    with blora_db.read() as s:
        kabupaten = s.get(TurnoutTotal, (chosen, "33.16"))
    assert kabupaten is not None and kabupaten.tps_count == ROWS


def test_ten_thousand_rows_all_or_nothing(blora_db: Database, tmp_path: Path) -> None:
    chosen = election_id(blora_db)
    # The last row names a desa that is not in the database: nothing is written.
    path = tps_file(blora_db, tmp_path, last="3316992001;001;250;125;125;200;197")
    data = read_turnout_file(path)
    with blora_db.read() as s:
        election = s.get(Election, chosen)
        assert election is not None
        preview = preview_turnout(s, election, data)
    assert preview.problems == [
        f"{path}, row {ROWS + 1}, column 'Kode Desa': region 33.16.99.2001 is not in the "
        "database; import the regions first"
    ]
    with pytest.raises(ImportProblem, match=r"33\.16\.99\.2001") as info, blora_db.write() as s:
        election = s.get(Election, chosen)
        assert election is not None
        apply_turnout(s, election, data)
    assert info.value.row == ROWS + 1
    assert rows_for(blora_db, chosen) == 0

    # Text in the last row's count: refused while reading, before any write.
    broken = tps_file(blora_db, tmp_path, last="3316062001;099;250;125;125;dua ratus;197")
    problem = refused(broken, row=ROWS + 1, column="Pengguna Hak Pilih")
    assert "'dua ratus' is not a number" in problem.message
    assert rows_for(blora_db, chosen) == 0


def test_a_failure_inside_the_write_rolls_everything_back(
    blora_db: Database, tmp_path: Path
) -> None:
    # The rows go in batch by batch; a failure after the first batch was
    # written must still leave nothing behind.
    chosen = election_id(blora_db)
    data = read_turnout_file(tps_file(blora_db, tmp_path))
    reports: list[int] = []

    def failing(done: int, total: int) -> None:
        reports.append(done)
        if len(reports) == 3:
            raise RuntimeError("disk unplugged")

    with pytest.raises(RuntimeError), blora_db.write() as s:
        election = s.get(Election, chosen)
        assert election is not None
        apply_turnout(s, election, data, progress=failing)
    assert 0 < reports[1] < reports[-1]
    assert rows_for(blora_db, chosen) == 0


def test_regions_of_another_kabupaten_need_their_parents(db: Database, tmp_path: Path) -> None:
    with db.write() as s:
        import_regions(
            s, [RegionRecord(1, "33", "Jawa Tengah", level_of("33"), parent_of("33"))], source="t"
        )
    path = write(tmp_path, "kode,nama\n33.16,Kabupaten Blora\n35.01.01,Donorojo\n")
    records = read_regions_file(path)
    from planner.importers.preview import apply_regions, preview_regions

    with db.read() as s:
        preview = preview_regions(s, records, source=path.name)
    assert preview.to_add == 1 and len(preview.problems) == 1
    assert "row 3" in preview.problems[0] and "35.01" in preview.problems[0]
    with pytest.raises(ImportProblem), db.write() as s:
        apply_regions(s, records, source=path.name)
    with db.read() as s:
        assert s.exec(select(func.count()).select_from(Region)).one() == 1
