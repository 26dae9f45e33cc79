"""`planner import regions|turnout|stakeholders`: previews, --dry-run, summaries, refusals."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook
from sqlalchemy import func
from sqlmodel import SQLModel, select

from planner.cli import cli
from planner.importers.codes import level_of, parent_of
from planner.importers.fields import RegionRecord
from planner.models import Election, Region, Stakeholder, Turnout
from planner.services.regions import import_regions
from planner.store import open_database

DESA = [f"33.16.06.{2000 + n}" for n in range(1, 8)]
REGIONS = [("33", "Jawa Tengah"), ("33.16", "Kabupaten Blora"), ("33.16.06", "Sambong")] + [
    (code, f"Desa {n}") for n, code in enumerate(DESA, start=1)
]
TURNOUT_CSV = 'Kode Desa;DPT;Pengguna Hak Pilih\n3316062001;250;200\n3316062002;300;"241"\n'


@pytest.fixture
def path(tmp_path: Path, shared_data_or_none: Path | None) -> Path:
    """A database with Blora's regions (and Kepulauan Seribu's when the sample is here)."""
    rows = list(REGIONS)
    if shared_data_or_none is not None:
        with (shared_data_or_none / "wilayah_kepmendagri_2025.csv").open(encoding="utf-8") as fh:
            rows += [
                (c, n) for c, n in csv.reader(fh) if c in ("31", "31.01") or c.startswith("31.01.")
            ]
    db_path = tmp_path / "planner.db"
    database = open_database(db_path)
    with database.write() as s:
        import_regions(
            s,
            [RegionRecord(i, c, n, level_of(c), parent_of(c)) for i, (c, n) in enumerate(rows)],
            source="test",
        )
        s.add(Election(name="Pemilu 2024", kind="pemilu"))
        s.add(Stakeholder(name="Bawaslu Blora", category="penyelenggara_pemilu", phone="0812"))
    database.dispose()
    return db_path


@pytest.fixture
def shared_data_or_none() -> Path | None:
    from tests.conftest import SHARED_DATA

    return SHARED_DATA if SHARED_DATA.exists() else None


def run(db_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db_path), "--lang", "en", "import", *args])


def ok(db_path: Path, *args: str) -> Result:
    result = run(db_path, *args)
    assert result.exit_code == 0, result.output
    return result


def fingerprint(db_path: Path) -> tuple[str, int, dict[str, int]]:
    """The file's bytes and mtime, and the rows of every table."""
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    mtime = db_path.stat().st_mtime_ns
    database = open_database(db_path)
    try:
        with database.read() as s:
            counts = {
                table.name: int(s.exec(select(func.count()).select_from(table)).one())
                for table in SQLModel.metadata.sorted_tables
            }
    finally:
        database.dispose()
    # Reading with the planner may leave the WAL files; the data stays in the main file.
    return digest, mtime, counts


def write(tmp_path: Path, name: str, text: str) -> Path:
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    return file


def turnout_workbook(tmp_path: Path) -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Rekap"
    ws.append(["REKAPITULASI PEMILU 2024"])
    ws.append([])
    ws.append(["Pengguna Hak Pilih", "Kode Desa", "DPT"])
    ws.append([201.0, 3316062001, 250.0])
    ws.append([241.0, 3316062002, 300.0])
    file = tmp_path / "rekap.xlsx"
    book.save(file)
    return file


def cases(tmp_path: Path, shared: Path | None) -> list[list[str]]:
    regions = write(tmp_path, "wilayah.csv", "kode,nama\n33.16.06.2099,Desa Baru\n33.16,Blora\n")
    turnout = write(tmp_path, "turnout.csv", TURNOUT_CSV)
    mitra = write(
        tmp_path,
        "mitra.csv",
        "nama,kategori,hp\nBawaslu Blora,Penyelenggara Pemilu,0813\nKPU,lainnya,\n",
    )
    found = [
        ["regions", str(regions)],
        ["turnout", str(turnout), "--election", "Pemilu 2024"],
        [
            "turnout",
            str(turnout_workbook(tmp_path)),
            "--election",
            "Pemilu 2024",
            "--sheet",
            "Rekap",
        ],
        ["stakeholders", str(mitra)],
    ]
    if shared is not None:
        found.append(
            ["turnout", str(shared / "sirekap_tps_sample_2024.zip"), "--election", "Pemilu 2024"]
        )
    return found


def test_dry_run_writes_nothing(
    path: Path, tmp_path: Path, shared_data_or_none: Path | None
) -> None:
    for args in cases(tmp_path, shared_data_or_none):
        before = fingerprint(path)
        result = ok(path, *args, "--dry-run")
        assert "Preview of" in result.stdout
        assert "Dry run: nothing was written." in result.stdout
        assert fingerprint(path) == before, args
        # The same command without --dry-run does write.
        ok(path, *args)
        assert fingerprint(path)[0] != before[0], args


def test_dry_run_counts(path: Path, tmp_path: Path) -> None:
    turnout = write(tmp_path, "turnout.csv", TURNOUT_CSV)
    first = ok(path, "turnout", str(turnout), "--election", "Pemilu 2024", "--dry-run").stdout
    assert "Rows in the file  2" in first and "New               2" in first
    ok(path, "turnout", str(turnout), "--election", "Pemilu 2024")
    changed = write(tmp_path, "changed.csv", TURNOUT_CSV.replace("250;200", "251;200"))
    second = ok(path, "turnout", str(changed), "--election", "Pemilu 2024", "--dry-run").stdout
    assert "Replacing         1" in second and "Unchanged         1" in second


def test_summaries_keep_their_wording(path: Path, tmp_path: Path) -> None:
    regions = write(
        tmp_path, "wilayah.csv", "kode,nama\n33.16.06.2099,Desa Baru\n33.16,Kabupaten Blora\n"
    )
    assert ok(path, "regions", str(regions)).stdout.endswith(
        f"{regions}: 1 regions added, 0 updated, 1 unchanged.\n"
    )
    turnout = write(tmp_path, "turnout.csv", TURNOUT_CSV)
    assert ok(path, "turnout", str(turnout), "--election", "Pemilu 2024").stdout == (
        f"{turnout}: 2 rows for Pemilu 2024 (2 new, 0 replaced).\n"
    )
    changed = write(tmp_path, "changed.csv", TURNOUT_CSV.replace("250;200", "251;200"))
    assert ok(path, "turnout", str(changed), "--election", "Pemilu 2024").stdout == (
        f"{changed}: 2 rows for Pemilu 2024 (0 new, 1 replaced).\n"
        "1 of them already held the same figures and were left as they were.\n"
    )
    mitra = write(
        tmp_path, "mitra.csv", "name,category,phone\nBawaslu Blora,penyelenggara_pemilu,0813\n"
    )
    assert ok(path, "stakeholders", str(mitra)).stdout == (
        f"{mitra}: 0 stakeholders added, 1 updated, 0 unchanged.\n"
    )


def test_sirekap_summary_lists_every_anomaly(path: Path, shared_data_or_none: Path | None) -> None:
    if shared_data_or_none is None:
        pytest.skip("../shared/data is not beside this checkout")
    sample = shared_data_or_none / "sirekap_tps_sample_2024.zip"
    output = ok(path, "turnout", str(sample), "--election", "Pemilu 2024").stdout
    lines = output.splitlines()
    assert lines[0] == "Warnings:"
    assert lines[1].startswith("  24 TPS have no administrative figures in SIREKAP yet")
    assert sum(1 for line in lines if line.startswith("  31010")) == 7
    assert lines[-1] == f"{sample}: 29 rows for Pemilu 2024 (29 new, 0 replaced)."
    refused = run(path, "turnout", str(sample), "--election", "Pemilu 2024", "--map", "a=dpt")
    assert refused.exit_code == 1 and "SIREKAP" in refused.stderr


def test_problems_refuse_the_import_and_dry_run_lists_them(path: Path, tmp_path: Path) -> None:
    before = fingerprint(path)
    bad = write(
        tmp_path,
        "bad.csv",
        "kode,dpt,pengguna hak pilih\n3316062001,250,200\n3316999001,1,1\n3316998001,1,1\n",
    )
    dry = run(path, "turnout", str(bad), "--election", "Pemilu 2024", "--dry-run")
    assert dry.exit_code == 1
    assert "Problems (the file cannot be imported until they are fixed):" in dry.stdout
    assert f"{bad}, row 3, column 'kode': region 33.16.99.9001 is not in the database" in dry.stdout
    assert dry.stdout.count("is not in the database") == 2
    assert "Nothing was imported" in dry.stderr

    real = run(path, "turnout", str(bad), "--election", "Pemilu 2024")
    assert real.exit_code == 1
    assert real.stderr.count("is not in the database") == 2
    assert fingerprint(path)[2] == before[2]


def test_broken_files_are_refused_naming_row_and_column(path: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.csv", "kode,dpt,pengguna hak pilih\n3316062001,dua ratus,200\n")
    result = run(path, "turnout", str(bad), "--election", "Pemilu 2024", "--dry-run")
    assert result.exit_code == 1
    assert f"planner: {bad}, row 2, column 'dpt': 'dua ratus' is not a number" in result.stderr
    mitra = write(tmp_path, "mitra.csv", "nama,kategori\nX,Ormas\n")
    result = run(path, "stakeholders", str(mitra))
    assert result.exit_code == 1
    assert "row 2, column 'kategori'" in result.stderr


def test_options_that_do_not_apply(path: Path, tmp_path: Path) -> None:
    turnout = write(tmp_path, "turnout.csv", TURNOUT_CSV)
    result = run(path, "turnout", str(turnout), "--election", "Pemilu 2024", "--sheet", "Rekap")
    assert result.exit_code == 1 and "not a workbook" in result.stderr
    result = run(path, "turnout", str(turnout), "--election", "Pilkada 1999")
    assert result.exit_code == 1 and "Pemilu 2024" in result.stderr
    result = run(path, "turnout", str(turnout), "--election", "Pemilu 2024", "--map", "oops")
    assert result.exit_code == 2 and "HEADER=FIELD" in result.output
    mapped = write(tmp_path, "mapped.csv", "Wil;Jml Pemilih;Hadir\n3316062001;250;200\n")
    ok(
        path,
        "turnout",
        str(mapped),
        "--election",
        "Pemilu 2024",
        "--map",
        "Wil=code",
        "--map",
        "Jml Pemilih=dpt",
        "--map",
        "Hadir=voters",
    )


def test_big_files_show_a_progress_bar_on_stderr(path: Path, tmp_path: Path) -> None:
    lines = ["kode tps,dpt,pengguna hak pilih"]
    for code in DESA:
        lines += [f"{code.replace('.', '')}{tps:03d},250,200" for tps in range(1, 1000)]
    big = write(tmp_path, "big.csv", "\n".join(lines[:6002]) + "\n")
    result = ok(path, "turnout", str(big), "--election", "Pemilu 2024")
    assert "Importing turnout" in result.stderr
    assert result.stdout.endswith("6,001 rows for Pemilu 2024 (6,001 new, 0 replaced).\n")
    database = open_database(path)
    try:
        with database.read() as s:
            assert s.exec(select(func.count()).select_from(Turnout)).one() == 6001
            assert s.get(Region, "33.16.06") is not None
    finally:
        database.dispose()
    small = write(tmp_path, "small.csv", TURNOUT_CSV)
    assert "Importing" not in ok(path, "turnout", str(small), "--election", "Pemilu 2024").stderr
