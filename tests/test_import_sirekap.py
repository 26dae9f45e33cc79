"""SIREKAP's per-TPS JSON files: the real sample's counts exactly, folders, broken files."""

from __future__ import annotations

import csv
import json
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from planner.errors import ImportProblem
from planner.i18n import set_language
from planner.importers.codes import level_of, parent_of
from planner.importers.fields import RegionRecord
from planner.importers.preview import apply_turnout, preview_turnout, read_turnout_file
from planner.importers.sirekap import AnomalyKind, read_sirekap
from planner.models import Election, Turnout, TurnoutTotal
from planner.services.regions import import_regions
from planner.store import Database

SAMPLE = "sirekap_tps_sample_2024.zip"
ELECTION = "Pemilu 2024"


@pytest.fixture(autouse=True)
def _english(_isolate: None) -> None:
    set_language("en")


@pytest.fixture
def sample(shared_data: Path) -> Path:
    return shared_data / SAMPLE


@pytest.fixture
def seeded(db: Database, shared_data: Path) -> Database:
    """Kepulauan Seribu's regions from the Kepmendagri list, and an election."""
    with (shared_data / "wilayah_kepmendagri_2025.csv").open(encoding="utf-8") as fh:
        rows = [
            (code, name)
            for code, name in csv.reader(fh)
            if code == "31" or code == "31.01" or code.startswith("31.01.")
        ]
    with db.write() as s:
        import_regions(
            s,
            [RegionRecord(i, c, n, level_of(c), parent_of(c)) for i, (c, n) in enumerate(rows)],
            source="wilayah",
        )
        s.add(Election(name=ELECTION, kind="pemilu"))
    return db


def tps_files(zip_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with zipfile.ZipFile(zip_path) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith(".json"):
                yield PurePosixPath(name).stem, json.loads(archive.read(name))


def hand_count(zip_path: Path) -> tuple[int, int, Counter[str], dict[str, int]]:
    """Files, files without administrasi, anomalies by kind, and voters per desa: by hand."""
    files = not_entered = 0
    kinds: Counter[str] = Counter()
    voters: Counter[str] = Counter()
    for code, document in tps_files(zip_path):
        files += 1
        a = document.get("administrasi")
        if a is None:
            not_entered += 1
            continue
        dpt, total = a["pemilih_dpt_j"], a["pengguna_total_j"]
        parts = a["pengguna_dpt_j"] + a["pengguna_dptb_j"] + a["pengguna_non_dpt_j"]
        if dpt == 0:
            kinds["dpt_zero"] += 1
        if a["pengguna_dpt_j"] > dpt:
            kinds["dpt_voters_above_dpt"] += 1
        if total > dpt + a["pengguna_dptb_j"] + a["pengguna_non_dpt_j"]:
            kinds["voters_above_registered"] += 1
        elif total > dpt:
            kinds["voters_above_dpt"] += 1
        if parts != total:
            kinds["voter_parts"] += 1
        if a["suara_total"] != total:
            kinds["ballots_not_voters"] += 1
        if a["suara_sah"] + a["suara_tidak_sah"] != a["suara_total"]:
            kinds["ballot_parts"] += 1
        if a["pemilih_dpt_l"] + a["pemilih_dpt_p"] != dpt:
            kinds["sex_split"] += 1
        if a["pengguna_total_l"] + a["pengguna_total_p"] != total:
            kinds["sex_split"] += 1
        desa = code[:10]
        voters[f"{desa[:2]}.{desa[2:4]}.{desa[4:6]}.{desa[6:]}"] += total
    return files, not_entered, kinds, dict(voters)


def election(db: Database) -> Election:
    with db.read() as s:
        found = s.exec(select(Election).where(Election.name == ELECTION)).one()
    return found


def test_the_real_sample_counted_exactly(seeded: Database, sample: Path) -> None:
    files, not_entered, kinds, voters = hand_count(sample)
    # The sample as described in ../shared/data/README.md, counted on 2024-02-16.
    assert (files, not_entered) == (53, 24)
    assert kinds == Counter(
        ballots_not_voters=3, voter_parts=1, dpt_zero=1, voters_above_dpt=1, sex_split=1
    )

    data = read_sirekap(sample)
    assert data.files == files
    assert len(data.not_entered) == not_entered
    assert len(data.records) == files - not_entered
    assert data.skipped == not_entered
    assert data.anomaly_counts() == Counter({AnomalyKind(k): n for k, n in kinds.items()})
    assert data.ignored == []
    # Every anomaly names its TPS by SIREKAP's own code.
    assert {a.code for a in data.anomalies} == {
        "3101011001001",
        "3101011001013",
        "3101011002016",
        "3101011003006",
    }
    assert "3101011001004" in data.not_entered

    turnout = read_turnout_file(sample)
    chosen = election(seeded)
    with seeded.read() as s:
        preview = preview_turnout(s, chosen, turnout)
    assert (preview.rows, preview.to_add, preview.to_update, preview.unchanged) == (29, 29, 0, 0)
    assert preview.skipped == 24 and preview.problems == []
    # One line for the TPS not yet entered, then one per anomaly.
    assert len(preview.warnings) == 1 + sum(kinds.values())

    with seeded.write() as s:
        result = apply_turnout(s, chosen, turnout, source=SAMPLE)
    assert (result.to_add, result.to_update) == (29, 0)
    assert result.warnings == preview.warnings

    with seeded.read() as s:
        count = s.exec(select(func.count()).select_from(Turnout)).one()
        assert count == files - not_entered
        for desa, total in voters.items():
            figures = s.get(TurnoutTotal, (chosen.id, desa))
            assert figures is not None and figures.voters == total
        odd = s.exec(
            select(Turnout).where(Turnout.region_code == "31.01.01.1003", Turnout.tps == 6)
        ).one()
    # 3101011003006: voters by sex (75 + 85) miss the 161 voters; the split is left out.
    assert (odd.voters, odd.voters_men, odd.voters_women) == (161, None, None)
    assert (odd.dpt_men, odd.dpt_women) == (93, 110)


def test_importing_the_same_sample_again_changes_nothing(seeded: Database, sample: Path) -> None:
    turnout = read_turnout_file(sample)
    chosen = election(seeded)
    with seeded.write() as s:
        apply_turnout(s, chosen, turnout)
    with seeded.read() as s:
        again = preview_turnout(s, chosen, turnout)
        versions = set(s.exec(select(Turnout.version)).all())
    assert (again.to_add, again.to_update, again.unchanged) == (0, 0, 29)
    with seeded.write() as s:
        apply_turnout(s, chosen, turnout)
    with seeded.read() as s:
        assert set(s.exec(select(Turnout.version)).all()) == versions == {1}


def test_a_folder_reads_like_the_zip(sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sirekap"
    with zipfile.ZipFile(sample) as archive:
        archive.extractall(folder)
    # What a download folder also holds: notes and the desktop's own files.
    (folder / "README.txt").write_text("unduhan 16 Februari 2024")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    from_zip = read_sirekap(sample)
    from_folder = read_sirekap(folder)
    assert from_folder.records == from_zip.records
    assert from_folder.not_entered == from_zip.not_entered
    assert from_folder.anomalies == from_zip.anomalies
    assert from_folder.ignored == [str(folder / "README.txt")]
    assert any("README.txt" in line for line in from_folder.warnings())


def copy_folder(sample: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "tps"
    with zipfile.ZipFile(sample) as archive:
        for name in archive.namelist():
            if name.endswith(".json"):
                (folder / PurePosixPath(name).name).parent.mkdir(parents=True, exist_ok=True)
                (folder / PurePosixPath(name).name).write_bytes(archive.read(name))
    return folder


def test_a_broken_json_file_is_refused_naming_it(
    seeded: Database, sample: Path, tmp_path: Path
) -> None:
    folder = copy_folder(sample, tmp_path)
    broken = folder / "3101011002010.json"
    # A download cut short.
    broken.write_bytes(broken.read_bytes()[:150])
    with pytest.raises(ImportProblem, match="not valid JSON") as info:
        read_turnout_file(folder)
    assert info.value.path == str(broken)
    assert "line 1, column" in info.value.message

    (folder / "3101011002010.json").write_bytes(b"")
    with pytest.raises(ImportProblem, match="the file is empty"):
        read_sirekap(folder)
    with seeded.read() as s:
        assert s.exec(select(func.count()).select_from(Turnout)).one() == 0


def test_a_broken_zip_member_is_named_inside_the_zip(sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "partial.zip"
    with zipfile.ZipFile(sample) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(
                name, b'{"administrasi": {"pemilih_dpt_j": 1' if "2013" in name else data
            )
    with pytest.raises(ImportProblem, match="not valid JSON") as info:
        read_sirekap(path)
    assert info.value.path.endswith("partial.zip/sample_tingkat6_tps/3101011002013.json")


def test_wrong_shapes_are_refused_naming_the_key(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "3101011001001.json").write_text(
        json.dumps({"administrasi": {"pemilih_dpt_j": "banyak", "pengguna_total_j": 3}})
    )
    with pytest.raises(ImportProblem, match="not a count") as info:
        read_sirekap(folder)
    assert info.value.column == "pemilih_dpt_j"
    (folder / "3101011001001.json").write_text("[1, 2, 3]")
    with pytest.raises(ImportProblem, match="not a SIREKAP TPS file"):
        read_sirekap(folder)


def test_a_tps_twice_and_no_tps_at_all(tmp_path: Path) -> None:
    folder = tmp_path / "twice"
    for sub in ("a", "b"):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "3101011001001.json").write_text('{"administrasi": null}')
    with pytest.raises(ImportProblem, match="appears twice"):
        read_sirekap(folder)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("-")
    with pytest.raises(ImportProblem, match="no SIREKAP TPS files"):
        read_sirekap(empty)


def test_missing_or_partial_administrasi(tmp_path: Path) -> None:
    folder = tmp_path / "partial"
    folder.mkdir()
    (folder / "3101011001001.json").write_text('{"chart": {}}')
    (folder / "3101011001002.json").write_text('{"administrasi": {}}')
    (folder / "3101011001003.json").write_text(
        json.dumps({"administrasi": {"pemilih_dpt_j": 280, "pengguna_total_j": None}})
    )
    (folder / "3101011001004.json").write_text(
        json.dumps({"administrasi": {"pemilih_dpt_j": 280.0, "pengguna_total_j": "200"}})
    )
    data = read_sirekap(folder)
    assert data.not_entered == ["3101011001001", "3101011001002"]
    assert [(a.code, a.kind) for a in data.anomalies] == [("3101011001003", AnomalyKind.INCOMPLETE)]
    assert [(r.code, r.tps, r.dpt, r.voters) for r in data.records] == [
        ("31.01.01.1001", 4, 280, 200)
    ]
    assert data.skipped == 3


def test_a_region_not_in_the_database_names_the_file(db: Database, sample: Path) -> None:
    with db.write() as s:
        s.add(Election(name=ELECTION, kind="pemilu"))
    turnout = read_turnout_file(sample)
    chosen = election(db)
    with db.read() as s:
        preview = preview_turnout(s, chosen, turnout)
    assert preview.problems[0].endswith(
        "3101011001001.json: region 31.01.01.1001 is not in the database; import the regions first"
    )
    assert len(preview.problems) == 21  # 20 listed, and a line counting the other 9
    with pytest.raises(ImportProblem, match="and 28 more problems"), db.write() as s:
        apply_turnout(s, chosen, turnout)


def test_rows_outside_the_elections_area_are_a_warning(seeded: Database, sample: Path) -> None:
    with seeded.write() as s:
        # A pilkada of the southern kecamatan only: the sample's desa all lie in the northern one.
        s.add(Election(name="Pilkada Selatan", kind="pilkada", region_code="31.01.02"))
    with seeded.read() as s:
        local = s.exec(select(Election).where(Election.name == "Pilkada Selatan")).one()
        preview = preview_turnout(s, local, read_turnout_file(sample))
    assert preview.problems == []
    assert preview.warnings[0] == (
        "3 regions lie outside Pilkada Selatan's area (31.01.02), such as "
        "31.01.01.1001, 31.01.01.1002, 31.01.01.1003"
    )
