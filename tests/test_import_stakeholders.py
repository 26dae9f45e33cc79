"""Stakeholder lists merged with the stored ones by name and category, never duplicated."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from planner.errors import ImportProblem
from planner.i18n import set_language
from planner.importers.stakeholders import (
    apply_stakeholders,
    category_choices,
    merge_key,
    preview_stakeholders,
    read_stakeholder_file,
)
from planner.models import AuditEntry, Stakeholder, StakeholderRegion
from planner.store import Database

HEADER = "Nama;Kategori;Kontak;Jabatan;Telepon;Email;Alamat;Wilayah;Catatan\n"


@pytest.fixture(autouse=True)
def _english(_isolate: None) -> None:
    set_language("en")


def write(tmp_path: Path, text: str, name: str = "mitra.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stakeholder(db: Database, name: str) -> Stakeholder:
    with db.read() as s:
        return s.exec(select(Stakeholder).where(Stakeholder.name == name)).one()


def count(db: Database) -> int:
    with db.read() as s:
        return int(s.exec(select(func.count()).select_from(Stakeholder)).one())


def links(db: Database, stakeholder_id: int | None) -> set[str]:
    with db.read() as s:
        return set(
            s.exec(
                select(StakeholderRegion.region_code).where(
                    StakeholderRegion.stakeholder_id == stakeholder_id
                )
            ).all()
        )


def run(db: Database, path: Path) -> tuple[int, int, int]:
    rows = read_stakeholder_file(path)
    with db.read() as s:
        preview = preview_stakeholders(s, rows)
    assert preview.problems == []
    with db.write() as s:
        result = apply_stakeholders(s, rows)
    assert (result.to_add, result.to_update, result.unchanged) == (
        preview.to_add,
        preview.to_update,
        preview.unchanged,
    )
    return result.to_add, result.to_update, result.unchanged


def test_merge_key_ignores_case_and_spacing() -> None:
    assert merge_key("  BAWASLU   blora ", "penyelenggara_pemilu") == merge_key(
        "Bawaslu Blora", "penyelenggara_pemilu"
    )


def test_categories_by_value_label_or_indonesian_words() -> None:
    choices = category_choices()
    for written, value in (
        ("partai_politik", "partai_politik"),
        ("partai politik", "partai_politik"),
        ("Political party", "partai_politik"),
        ("Parpol", "partai_politik"),
        ("Penyelenggara Pemilu", "penyelenggara_pemilu"),
        ("Lembaga Pemasyarakatan", "lembaga_pemasyarakatan"),
    ):
        from planner.importers.tabular import normalize_header

        assert choices[normalize_header(written)] == value


def test_merged_by_name_and_category_not_duplicated(blora_db: Database, tmp_path: Path) -> None:
    before = stakeholder(blora_db, "Bawaslu Blora")
    polres = stakeholder(blora_db, "Polres Blora")
    total = count(blora_db)
    path = write(
        tmp_path,
        HEADER
        # Same organisation in other case and spacing: a new phone, the rest blank or equal.
        + f"BAWASLU  blora;Penyelenggara Pemilu;{before.contact_person};;0812-1111-2222;;;;\n"
        # Exactly what is stored: unchanged.
        + f"Polres Blora;keamanan;{polres.contact_person};{polres.contact_title};"
        f"{polres.phone};{polres.email};;;\n"
        # New.
         + "MKKS SMA Blora;Pendidikan;Drs. Slamet;Ketua;(0296) 531234;;Jl. Pemuda 1;"
        '"Kec. Sambong; 3316062007";\n',
    )
    rows = read_stakeholder_file(path)
    with blora_db.read() as s:
        preview = preview_stakeholders(s, rows)
    # The phone with brackets is refused by the stakeholder rules, naming row and column.
    assert len(preview.problems) == 1
    assert "row 4, column 'Telepon'" in preview.problems[0]
    path.write_text(path.read_text().replace("(0296) 531234", "0296-531234"))

    assert run(blora_db, path) == (1, 1, 1)
    assert count(blora_db) == total + 1

    after = stakeholder(blora_db, "Bawaslu Blora")
    # The stored spelling of the name stays; only the differing phone changed.
    assert after.phone == "0812-1111-2222"
    assert (after.email, after.contact_title, after.notes) == (
        before.email,
        before.contact_title,
        before.notes,
    )
    assert after.version > before.version
    assert stakeholder(blora_db, "Polres Blora").version == polres.version

    added = stakeholder(blora_db, "MKKS SMA Blora")
    assert (added.category, added.contact_person, added.phone, added.address) == (
        "pendidikan",
        "Drs. Slamet",
        "0296-531234",
        "Jl. Pemuda 1",
    )
    assert links(blora_db, added.id) == {"33.16.06", "33.16.06.2007"}

    # Importing the same file again changes nothing at all.
    assert run(blora_db, path) == (0, 0, 3)


def test_regions_replace_the_links_only_when_given(blora_db: Database, tmp_path: Path) -> None:
    bawaslu = stakeholder(blora_db, "Bawaslu Blora")
    assert links(blora_db, bawaslu.id) == {"33.16"}
    path = write(
        tmp_path,
        "name,category,regions\n"
        '"Bawaslu Blora",penyelenggara_pemilu,"Kabupaten Blora; Desa Sambong"\n'
        "Polres Blora,keamanan,\n",
    )
    assert run(blora_db, path) == (0, 1, 1)
    assert links(blora_db, bawaslu.id) == {"33.16", "33.16.06.2004"}
    assert links(blora_db, stakeholder(blora_db, "Polres Blora").id) == {"33.16"}


def test_ambiguous_or_unknown_region_is_a_problem(blora_db: Database, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "nama,kategori,wilayah\n"
        "Karang Taruna Baru,komunitas,Sambongrejo\n"
        "Karang Taruna Lain,komunitas,3316999999\n",
    )
    rows = read_stakeholder_file(path)
    with blora_db.read() as s:
        preview = preview_stakeholders(s, rows)
    assert len(preview.problems) == 2
    assert "row 2, column 'wilayah': 'Sambongrejo' is ambiguous" in preview.problems[0]
    assert "row 3, column 'wilayah'" in preview.problems[1]
    total = count(blora_db)
    with pytest.raises(ImportProblem, match="ambiguous"), blora_db.write() as s:
        apply_stakeholders(s, rows)
    assert count(blora_db) == total


def test_unknown_category_refused_naming_row_column_and_choices(
    blora_db: Database, tmp_path: Path
) -> None:
    total = count(blora_db)
    path = write(
        tmp_path,
        "Nama,Kategori\nRadio Baru,media\nOrmas X,Organisasi Massa\n",
    )
    with pytest.raises(ImportProblem) as info:
        read_stakeholder_file(path)
    assert (info.value.row, info.value.column) == (3, "Kategori")
    assert "'Organisasi Massa' is not a stakeholder category" in info.value.message
    assert "partai_politik" in info.value.message and "komunitas" in info.value.message
    # Refused before anything was written: not even the valid first row.
    assert count(blora_db) == total


def test_nothing_written_when_a_later_row_fails(blora_db: Database, tmp_path: Path) -> None:
    total = count(blora_db)
    bawaslu = stakeholder(blora_db, "Bawaslu Blora")
    path = write(
        tmp_path,
        "name,category,phone,email\n"
        "Bawaslu Blora,penyelenggara_pemilu,0812-9999-0000,\n"
        "Radio Baru,media,,bukan-email\n",
    )
    rows = read_stakeholder_file(path)
    with pytest.raises(ImportProblem, match="not an e-mail address") as info, blora_db.write() as s:
        apply_stakeholders(s, rows)
    assert (info.value.row, info.value.column) == (3, "email")
    assert count(blora_db) == total
    assert stakeholder(blora_db, "Bawaslu Blora").phone == bawaslu.phone


def test_the_same_stakeholder_twice_in_a_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "nama,kategori\nBawaslu Blora,Penyelenggara Pemilu\nbawaslu blora,penyelenggara_pemilu\n",
    )
    with pytest.raises(ImportProblem, match="appears twice, on rows 2 and 3") as info:
        read_stakeholder_file(path)
    assert info.value.column == "nama"


def test_required_columns_and_cells(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem, match="no column for 'category'"):
        read_stakeholder_file(write(tmp_path, "nama,telepon\nBawaslu,0812\n"))
    with pytest.raises(ImportProblem, match="the category is empty") as info:
        read_stakeholder_file(write(tmp_path, "nama,kategori\nBawaslu,\n"))
    assert (info.value.row, info.value.column) == (2, "kategori")


def test_every_change_reaches_the_audit_log(blora_db: Database, tmp_path: Path) -> None:
    if not blora_db.audited:
        pytest.skip("this database has no audit log")
    with blora_db.read() as s:
        before = s.exec(select(func.count()).select_from(AuditEntry)).one()
    path = write(
        tmp_path,
        "name,category,phone\nBawaslu Blora,penyelenggara_pemilu,0812-1111-2222\n"
        "Radio Baru,media,\n",
    )
    assert run(blora_db, path) == (1, 1, 0)
    with blora_db.read() as s:
        entries = s.exec(
            select(AuditEntry).where(
                col(AuditEntry.id) > before, AuditEntry.table_name == "stakeholder"
            )
        ).all()
    assert sorted(e.action for e in entries) == ["insert", "update"]
