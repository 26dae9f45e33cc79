"""Lists as CSV and XLSX on the Blora sample: same values back, formulas neutralised."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func
from sqlmodel import Session, select

from planner import errors
from planner.exports import ExportRequest, build_export, write_atomic
from planner.exports.csv_xlsx import CsvStyle, csv_cell, csv_style, neutralise, to_csv, to_xlsx
from planner.exports.model import Column, Kind, Sheet, Table
from planner.exports.tables import (
    activities_table,
    flag_report,
    gap_report,
    regions_table,
    stakeholders_table,
)
from planner.i18n import _, set_language
from planner.importers.stakeholders import (
    apply_stakeholders,
    preview_stakeholders,
    read_stakeholder_file,
)
from planner.importers.tabular import Table as ReadTable
from planner.importers.tabular import read_table
from planner.importers.xlsx import read_xlsx
from planner.models import Activity, Region, Stakeholder, StakeholderRegion
from planner.sample.blora import level_of, parent_of, read_wilayah
from planner.services import settings
from planner.services.activities import ActivityFilter, list_activities
from planner.services.stakeholders import add_stakeholder
from planner.store import Database, open_database
from tests.conftest import FIXED_NOW

EVIL_NAME = '=HYPERLINK("http://example.invalid/x","klik")'
EVIL_PHONE = "+62 812 0000 0099"


def export(db: Database, request: ExportRequest) -> bytes:
    with db.read() as s:
        return build_export(s, request, now=FIXED_NOW).data


def read_back(tmp_path: Path, name: str, data: bytes) -> ReadTable:
    path = tmp_path / name
    path.write_bytes(data)
    if path.suffix == ".xlsx":
        return read_xlsx(path, is_header=lambda cells: True)
    return read_table(path)


# --- CSV conventions ------------------------------------------------------------


def test_csv_style_follows_the_language_unless_told() -> None:
    assert csv_style(language="id") == CsvStyle(";", ",")
    assert csv_style(language="en") == CsvStyle(",", ".")
    assert csv_style("comma", language="id") == CsvStyle(",", ".")
    assert csv_style("tab", language="id") == CsvStyle("\t", ".")
    assert csv_style("semicolon", language="en") == CsvStyle(";", ",")


def test_csv_has_a_bom_crlf_and_plain_numbers() -> None:
    table = Table(
        [
            Column("n", Kind.INTEGER),
            Column("pct", Kind.PERCENT),
            Column("when", Kind.DATE),
            Column("text"),
        ]
    )
    table.add(22549, 71.2376, datetime(2024, 11, 27, 7, 0), "a;b")
    table.add(-5, None, date(2024, 11, 27), "")
    data = to_csv(table, CsvStyle(";", ","))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.split("\r\n") == [
        "n;pct;when;text",
        '22549;71,24;2024-11-27 07:00;"a;b"',
        "-5;;2024-11-27;",
        "",
    ]


# --- Round trips ----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_activities_read_back_as_the_database_has_them(
    blora_db: Database, tmp_path: Path, suffix: str, lang: str
) -> None:
    set_language(lang)
    data = export(blora_db, ExportRequest("activities", suffix.lstrip(".")))
    table = read_back(tmp_path, "kegiatan" + suffix, data)
    with blora_db.read() as s:
        activities = list_activities(s)
        expected = activities_table(s)
    assert table.headers == expected.headers
    assert len(table.rows) == len(activities) == 30
    by_id = {int(r.values[_("ID")]): r.values for r in table.rows}
    for a in activities:
        assert a.id is not None
        row = by_id[a.id]
        assert row[_("Title")] == a.title
        assert row[_("Venue")] == a.venue
        assert row[_("Budget (Rp)")] == ("" if a.budget is None else str(a.budget))
        assert row[_("Participants reached")] == (
            "" if a.actual_participants is None else str(a.actual_participants)
        )
        start = row[_("Start")]
        if a.all_day:
            assert start == a.start.date().isoformat()
        else:
            assert start.startswith(a.start.strftime("%Y-%m-%d %H:%M"))
    pesantren = next(r for r in table.rows if r.values[_("Title")] == "KPU Goes To Pesantren")
    reach = pesantren.values[_("Reach (%)")]
    # 950 of 1,000: a percent in CSV, the fraction of a percent-formatted cell in XLSX.
    assert reach == ({"id": "95,00", "en": "95.00"}[lang] if suffix == ".csv" else "0.95")


def test_activities_export_honours_period_and_region(blora_db: Database, tmp_path: Path) -> None:
    request = ExportRequest(
        "activities", "csv", since=date(2024, 1, 1), until=date(2024, 12, 31), region="Sambong"
    )
    table = read_back(tmp_path, "a.csv", export(blora_db, request))
    titles = [r.values[_("Title")] for r in table.rows]
    assert titles == ["KPU Goes to School: SMK di Kecamatan Sambong"]


def _regions_only(tmp_path: Path) -> Database:
    """A new database with the sample's regions and home region, and nothing else."""
    database = open_database(tmp_path / "fresh.db")
    with database.write() as s:
        for code, name in read_wilayah():
            s.add(Region(code=code, name=name, level=level_of(code), parent_code=parent_of(code)))
        s.flush()
        settings.set_value(s, settings.SCOPE_KEY, "33.16")
    return database


def _stakeholders(session: Session) -> dict[tuple[str, str], tuple[object, ...]]:
    served: dict[int, set[str]] = {}
    for sid, code in session.exec(
        select(StakeholderRegion.stakeholder_id, StakeholderRegion.region_code)
    ):
        served.setdefault(sid, set()).add(code)
    return {
        (s.name, s.category): (
            s.contact_person,
            s.contact_title,
            s.phone,
            s.email,
            s.address,
            s.notes,
            frozenset(served.get(s.id or 0, set())),
        )
        for s in session.exec(select(Stakeholder))
    }


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Database]:
    database = _regions_only(tmp_path)
    yield database
    database.dispose()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_stakeholders_export_then_import_gives_the_same_stakeholders(
    blora_db: Database, fresh: Database, tmp_path: Path, suffix: str, lang: str
) -> None:
    set_language(lang)
    path = tmp_path / ("mitra" + suffix)
    path.write_bytes(export(blora_db, ExportRequest("stakeholders", suffix.lstrip("."))))
    rows = read_stakeholder_file(path)
    assert not rows.warnings

    # Into the database it came from: every row matches, nothing changes.
    with blora_db.read() as s:
        preview = preview_stakeholders(s, rows)
        original = _stakeholders(s)
    assert (preview.to_add, preview.to_update, preview.unchanged) == (0, 0, len(original))

    # Into a database without them: the same stakeholders, contacts and regions.
    with fresh.write() as s:
        apply_stakeholders(s, rows)
    with fresh.read() as s:
        assert _stakeholders(s) == original


def test_stakeholders_with_formula_like_values_survive_xlsx(
    blora_db: Database, fresh: Database, tmp_path: Path
) -> None:
    with blora_db.write() as s:
        add_stakeholder(
            s, name=EVIL_NAME, category="komunitas", phone=EVIL_PHONE, region_codes=["33.16.06"]
        )
    path = tmp_path / "mitra.xlsx"
    path.write_bytes(export(blora_db, ExportRequest("stakeholders", "xlsx")))
    with fresh.write() as s:
        apply_stakeholders(s, read_stakeholder_file(path))
    with fresh.read() as s:
        row = s.exec(select(Stakeholder).where(Stakeholder.name == EVIL_NAME)).one()
        assert row.phone == EVIL_PHONE


def test_regions_export_has_turnout_per_election_and_flags(
    blora_db: Database, tmp_path: Path
) -> None:
    data = export(blora_db, ExportRequest("regions", "csv"))
    table = read_back(tmp_path, "wilayah.csv", data)
    rows = {r.values[_("Code")]: r.values for r in table.rows}
    assert len(rows) == 17  # the kabupaten and its 16 kecamatan
    pilkada = "Pilkada Blora 2024"
    kabupaten = rows["33.16"]
    assert kabupaten[_("{election}: participation (%)").format(election=pilkada)] == "71,24"
    assert kabupaten[_("{election}: DPT").format(election=pilkada)] == "700613"
    assert kabupaten[_("Flagged")] == ""
    sambong = rows["33.16.06"]
    assert sambong[_("Flagged")] == _("yes")
    assert "lokus" in sambong[_("Reasons")]
    with blora_db.read() as s:
        report = flag_report(s, election=None, level="kecamatan", scope_code=None)
        assert len(regions_table(s, report).rows) == 17
    assert len(report.flagged) == sum(1 for r in rows.values() if r[_("Flagged")] == _("yes"))


def test_regions_xlsx_stores_numbers_percentages_and_freezes_the_header(
    blora_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "wilayah.xlsx"
    path.write_bytes(export(blora_db, ExportRequest("regions", "xlsx")))
    ws = load_workbook(path).active
    assert ws is not None
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref is not None
    headers = [c.value for c in ws[1]]
    assert all(c.font.bold for c in ws[1])
    pct = headers.index(_("{election}: participation (%)").format(election="Pilkada Blora 2024"))
    dpt = headers.index(_("{election}: DPT").format(election="Pilkada Blora 2024"))
    cell = ws.cell(2, pct + 1)
    assert cell.number_format == "0.00%"
    assert cell.value == pytest.approx(499_100 / 700_613)
    assert ws.cell(2, dpt + 1).value == 700_613
    assert isinstance(ws.cell(2, dpt + 1).value, int)
    assert ws.column_dimensions["B"].width >= len("Kabupaten Blora")


def test_gap_matrix_export_lists_flagged_regions_with_counts_per_segment(
    blora_db: Database, tmp_path: Path
) -> None:
    with blora_db.read() as s:
        coverage = gap_report(s, election=None, level="kecamatan", scope_code=None, now=FIXED_NOW)
        segments = [seg.name for seg in coverage.segments]
    table = read_back(tmp_path, "celah.xlsx", export(blora_db, ExportRequest("gaps", "xlsx")))
    assert len(table.rows) == len(coverage.rows) == 16
    for name in segments:
        assert _("{segment}: done").format(segment=name) in table.headers
        assert _("{segment}: planned").format(segment=name) in table.headers
    sambong = next(r.values for r in table.rows if r.values[_("Code")] == "33.16.06")
    cov = next(r for r in coverage.rows if r.status.code == "33.16.06")
    for seg in coverage.segments:
        assert seg.id is not None
        assert sambong[_("{segment}: done").format(segment=seg.name)] == str(cov.cells[seg.id].done)
        assert sambong[_("{segment}: planned").format(segment=seg.name)] == str(
            cov.cells[seg.id].planned
        )
    # Priority order, as the gaps command shows it.
    assert [r.values[_("Code")] for r in table.rows] == [r.status.code for r in coverage.rows]


# --- Formula neutralising ------------------------------------------------------


def test_neutralise_prefixes_every_formula_start() -> None:
    for text in ("=1+1", "+62 812", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    for text in ("Bawaslu", "0812-0000-0001", "", "a=b"):
        assert neutralise(text) == text
    assert csv_cell(-5, Kind.INTEGER) == "-5"
    assert csv_cell(-1.5, Kind.PERCENT, ",") == "-1,50"
    assert csv_cell("-5", Kind.TEXT) == "'-5"


def test_formula_like_stakeholder_is_neutralised_in_csv_and_a_string_in_xlsx(
    blora_db: Database, tmp_path: Path
) -> None:
    with blora_db.write() as s:
        add_stakeholder(
            s,
            name=EVIL_NAME,
            category="komunitas",
            phone=EVIL_PHONE,
            notes="@SUM(1+1) dan -cmd",
        )
    text = export(blora_db, ExportRequest("stakeholders", "csv")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    row = next(r for r in body if EVIL_NAME in r[header.index(_("Name"))])
    assert row[header.index(_("Name"))] == "'" + EVIL_NAME
    assert row[header.index(_("Phone"))] == "'" + EVIL_PHONE
    assert row[header.index(_("Notes"))] == "'@SUM(1+1) dan -cmd"
    # A number stays a number, never prefixed.
    assert all(not r[header.index(_("ID"))].startswith("'") for r in body)

    path = tmp_path / "mitra.xlsx"
    path.write_bytes(export(blora_db, ExportRequest("stakeholders", "xlsx")))
    ws = load_workbook(path).active
    assert ws is not None
    headers = [c.value for c in ws[1]]
    name_col = headers.index(_("Name")) + 1
    evil = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, name_col).value == EVIL_NAME)
    for column, value in ((name_col, EVIL_NAME), (headers.index(_("Phone")) + 1, EVIL_PHONE)):
        cell = ws.cell(evil, column)
        assert cell.data_type == "s"
        assert cell.value == value
        assert cell.quotePrefix
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_negative_numbers_stay_numbers_in_xlsx(tmp_path: Path) -> None:
    table = Table([Column("n", Kind.INTEGER), Column("text")])
    table.add(-5, "-5")
    path = tmp_path / "n.xlsx"
    path.write_bytes(to_xlsx([Sheet("n", [table])]))
    ws = load_workbook(path).active
    assert ws is not None
    assert ws["A2"].value == -5 and ws["A2"].data_type == "n"
    assert ws["B2"].value == "-5" and ws["B2"].data_type == "s"


def test_control_characters_do_not_break_a_workbook(tmp_path: Path) -> None:
    table = Table([Column("text")])
    table.add("baris\x0bkedua\x00")
    path = tmp_path / "c.xlsx"
    path.write_bytes(to_xlsx([Sheet("c", [table])]))
    ws = load_workbook(path).active
    assert ws is not None and ws["A2"].value == "bariskedua"


def test_sheet_titles_are_made_valid_and_unique(tmp_path: Path) -> None:
    sheets = [Sheet("a/b: c?", [Table([Column("x")])]), Sheet("A/B: C?", [Table([Column("x")])])]
    path = tmp_path / "t.xlsx"
    path.write_bytes(to_xlsx(sheets))
    assert load_workbook(path).sheetnames == ["a b  c", "A B  C (2)"]


# --- Writing files -------------------------------------------------------------


def test_write_atomic_replaces_a_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_write_atomic_failure_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def broken(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_write_atomic_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(errors.PlannerError):
        write_atomic(tmp_path / "nowhere" / "out.csv", b"x")


def test_sample_counts_match_the_database(blora_db: Database) -> None:
    # Guards the numbers the other tests rely on.
    with blora_db.read() as s:
        assert s.exec(select(func.count()).select_from(Activity)).one() == 30
        assert (
            len(stakeholders_table(s).rows)
            == s.exec(select(func.count()).select_from(Stakeholder)).one()
        )
        pilkada = list_activities(
            s, ActivityFilter(since=datetime(2024, 1, 1), until=datetime(2024, 12, 31, 23, 59))
        )
        assert len([a for a in pilkada if a.start.year == 2024]) == 15
