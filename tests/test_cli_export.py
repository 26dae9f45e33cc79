"""`planner export KIND --format ... --out FILE`: files written whole, wrong asks refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from planner.cli import cli
from planner.cli.export import export

# Until planner/cli/__init__.py registers the command, the tests add it themselves.
if "export" not in cli.commands:
    cli.add_command(export)


def run(db: Path, *args: str, lang: str = "id") -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--lang", lang, "export", *args])


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("kind", "name", "extra"),
    [
        ("activities", "kegiatan.csv", []),
        ("activities", "kegiatan.xlsx", ["--from", "1/1/2024", "--to", "31/12/2024"]),
        ("stakeholders", "mitra.csv", []),
        ("stakeholders", "mitra.xlsx", []),
        ("regions", "wilayah.xlsx", ["--election", "Pilkada Blora 2020"]),
        ("regions", "wilayah.csv", ["--level", "desa", "--region", "Sambong"]),
        ("gaps", "celah.csv", []),
        ("gaps", "celah.xlsx", []),
        ("calendar", "kalender.ics", ["--region", "33.16.06"]),
        ("report", "laporan.html", ["--from", "1 Januari 2024", "--to", "31 Desember 2024"]),
        ("report", "laporan.xlsx", ["--region", "Sambong", "--contacts"]),
    ],
)
def test_every_kind_writes_its_file(
    blora_path: Path, tmp_path: Path, kind: str, name: str, extra: list[str]
) -> None:
    out = tmp_path / "out" / name
    out.parent.mkdir()
    result = run(blora_path, kind, "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    assert files(out.parent) == [name]
    data = out.read_bytes()
    if name.endswith(".xlsx"):
        assert load_workbook(out).sheetnames
    elif name.endswith(".csv"):
        assert data.startswith(b"\xef\xbb\xbf")
        assert b";" in data.splitlines()[0]  # Indonesian: semicolons
    elif name.endswith(".ics"):
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    else:
        assert data.startswith(b"<!DOCTYPE html>")


def test_explicit_format_and_delimiter(blora_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "kegiatan.txt"
    result = run(
        blora_path, "activities", "--format", "csv", "--delimiter", "tab", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert b"\t" in out.read_bytes().splitlines()[0]
    out = tmp_path / "en.csv"
    assert run(blora_path, "activities", "--out", str(out), lang="en").exit_code == 0
    assert out.read_bytes().splitlines()[0].startswith(b"\xef\xbb\xbfID,Title,")


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--format", "csv", "--out", "r.csv"],
        ["calendar", "--format", "xlsx", "--out", "c.xlsx"],
        ["activities", "--format", "ics", "--out", "a.ics"],
        ["stakeholders", "--format", "html", "--out", "s.html"],
        ["activities", "--out", "a.xlsx", "--format", "csv"],
        ["activities", "--out", "a.txt"],
        ["activities", "--contacts", "--out", "a.csv"],
        ["stakeholders", "--region", "Sambong", "--out", "s.csv"],
        ["calendar", "--election", "Pemilu 2024", "--out", "c.ics"],
        ["report", "--delimiter", "comma", "--out", "r.html"],
        ["report", "--from", "31/12/2024", "--to", "1/1/2024", "--out", "r.html"],
        ["report", "--from", "bukan tanggal", "--out", "r.html"],
        ["spreadsheet", "--out", "x.csv"],
        ["activities"],
    ],
)
def test_what_does_not_fit_is_a_usage_error(
    blora_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    before = files(tmp_path)
    result = run(blora_path, *args)
    assert result.exit_code == 2, result.output
    assert files(tmp_path) == before


def test_a_failed_export_leaves_the_old_file_and_nothing_else(
    blora_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "keluar" / "laporan.html"
    out.parent.mkdir()
    out.write_text("laporan lama", encoding="utf-8")
    result = run(blora_path, "report", "--region", "Atlantis", "--out", str(out))
    assert result.exit_code == 1
    assert "Atlantis" in result.output
    assert out.read_text(encoding="utf-8") == "laporan lama"
    assert files(out.parent) == ["laporan.html"]


def test_a_missing_folder_is_refused_plainly(blora_path: Path, tmp_path: Path) -> None:
    result = run(blora_path, "activities", "--out", str(tmp_path / "tidak-ada" / "a.csv"))
    assert result.exit_code == 1
    assert "tidak-ada" in result.output
    assert "Traceback" not in result.output
