"""The socialization report: sections, figures, privacy, escaping, and a real browser."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.exports import ExportRequest, build_export
from planner.exports.report import DEFAULT_LEGAL_BASIS, LEGAL_BASIS_KEY, gather_report
from planner.exports.report_html import render_html
from planner.exports.report_layout import SECTIONS, build_report, report_sheets, section_label
from planner.formatting import number
from planner.i18n import _, set_language
from planner.services import settings
from planner.services.activities import ActivityDraft, add_activity
from planner.store import Database
from tests.conftest import FIXED_NOW

FIRST, LAST = date(2024, 1, 1), date(2024, 12, 31)


def report_bytes(
    db: Database, fmt: str = "html", *, region: str | None = None, contacts: bool = False
) -> bytes:
    request = ExportRequest(
        "report", fmt, since=FIRST, until=LAST, region=region, include_contacts=contacts
    )
    with db.read() as s:
        return build_export(s, request, now=FIXED_NOW).data


def report_html(db: Database, *, region: str | None = None, contacts: bool = False) -> str:
    return report_bytes(db, region=region, contacts=contacts).decode("utf-8")


def visible_text(html: str) -> str:
    """The document's text without tags, entities left as written."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_section_is_there_in_kpu_order(blora_db: Database) -> None:
    html = report_html(blora_db)
    positions = []
    for n, (key, title) in enumerate(SECTIONS):
        heading = f"<h2>{section_label(n, _(title))}</h2>"
        assert heading in html, heading
        assert f'<section id="{key}">' in html
        positions.append(html.index(heading))
    assert positions == sorted(positions)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="id">' in html


def test_indonesian_headings_once_the_catalog_has_them(blora_db: Database) -> None:
    if _("Background") == "Background":
        pytest.skip("the Indonesian catalog does not have the report's messages yet")
    text = visible_text(report_html(blora_db))
    for heading in (
        "Latar Belakang",
        "Sasaran",
        "Maksud dan Tujuan",
        "Dasar Pelaksanaan",
        "Jangka Waktu",
        "Rencana Anggaran Biaya",
        "Susunan Tim",
        "Persiapan",
        "Pelaksanaan",
        "Hasil",
    ):
        assert heading in text


def test_key_figures_of_the_sample(blora_db: Database) -> None:
    html = report_html(blora_db)
    text = visible_text(html)
    # Pilkada Blora 2024 in the kabupaten: 499,100 of 700,613 voters.
    assert "71,24%" in text
    assert "700.613" in text and "499.100" in text
    assert "KPU Goes To Pesantren" in text
    # Pemilih Pemula: 214 + 167 + 950 reached of 200 + 180 + 1,000 planned.
    assert number(1_331) == "1.331"
    row = re.search(r"<tr><td>Pemilih Pemula</td>(.*?)</tr>", html.split('id="hasil"')[1])
    assert row is not None
    assert "1.331" in row.group(1) and "1.380" in row.group(1)
    # The legal basis defaults, the period, the charts.
    for regulation in DEFAULT_LEGAL_BASIS:
        assert regulation in text
    assert 'id="chart-participation"' in html and 'id="chart-reach"' in html
    assert "<svg" in html and "Sambong" in html.split('id="chart-participation"')[1]


def test_numbers_follow_the_language(blora_db: Database) -> None:
    set_language("en")
    text = visible_text(report_html(blora_db))
    assert "71.24%" in text and "700,613" in text
    assert "Background" in text and "Results" in text


def test_contacts_only_when_asked(blora_db: Database) -> None:
    without = report_html(blora_db)
    assert "0812-0000-" not in without
    assert "@example.id" not in without
    assert "Sri Wahyuni" not in without  # Bawaslu's (made-up) contact person
    with_contacts = report_html(blora_db, contacts=True)
    assert "0812-0000-" in with_contacts
    assert "@example.id" in with_contacts
    assert "Sri Wahyuni" in with_contacts


def test_contacts_left_out_of_the_workbook_too(blora_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "laporan.xlsx"
    path.write_bytes(report_bytes(blora_db, "xlsx"))
    workbook = load_workbook(path)
    values = [
        str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value
    ]
    assert not any("0812-0000-" in v or "@example.id" in v for v in values)


def test_everything_from_the_data_is_escaped(blora_db: Database) -> None:
    with blora_db.write() as s:
        add_activity(
            s,
            ActivityDraft(
                title='<script>alert("x")</script> & <b>tebal</b>',
                when="2024-08-17 08:00",
                end="10:00",
                venue="<img src=x onerror=alert(1)>",
                status="terlaksana",
                actual="10",
                target="20",
                outcome="Catatan <i>miring</i>",
                regions=["Sambong"],
                segments=["Pemilih Pemula"],
            ),
            today=FIXED_NOW.date(),
        )
    html = report_html(blora_db)
    assert "<script" not in html and "<img" not in html and "<b>tebal" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;tebal" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Catatan &lt;i&gt;miring&lt;/i&gt;" in html


def test_self_contained_and_printable(blora_db: Database) -> None:
    html = report_html(blora_db)
    assert "<script" not in html
    assert "<link" not in html and "src=" not in html and "url(" not in html
    assert "@media print" in html and "@page" in html


def test_region_report_for_a_kecamatan(blora_db: Database) -> None:
    html = report_html(blora_db, region="Sambong")
    text = visible_text(html)
    assert "Kec. Sambong" in text
    assert "62,08%" in text  # Sambong's Pilkada 2024 participation in the sample
    assert "KPU Goes to School: SMK di Kecamatan Sambong" in text
    # Activities elsewhere in the kabupaten are not Sambong's.
    assert "Simulasi pencoblosan bagi pemilih pemula" not in text
    # Its own lokus is said in the background, its desa are the parts.
    assert "sulit dijangkau" in text or "hard to reach" in text


def test_legal_basis_comes_from_the_setting(blora_db: Database) -> None:
    with blora_db.write() as s:
        settings.set_value(s, LEGAL_BASIS_KEY, ["Peraturan contoh <1>", "Keputusan contoh"])
    html = report_html(blora_db)
    assert "<li>Peraturan contoh &lt;1&gt;</li>" in html
    assert DEFAULT_LEGAL_BASIS[1] not in html


def test_budget_and_period_figures(blora_db: Database) -> None:
    with blora_db.read() as s:
        data = gather_report(s, region_code=None, since=FIRST, until=LAST, now=FIXED_NOW)
    assert data.region.code == "33.16"
    assert len(data.items) == 15
    assert [i.detail.activity.title for i in data.cancelled] == ["Jalan sehat ajak ke TPS"]
    planned = sum(i.detail.activity.budget or 0 for i in data.active)
    assert planned == 61_000_000
    report = build_report(data)
    html = render_html(report)
    assert "61.000.000" in html
    sheets = report_sheets(report)
    assert [s.name for s in sheets] == [_(title) for _key, title in SECTIONS]


def test_workbook_has_one_sheet_per_section(blora_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "laporan.xlsx"
    path.write_bytes(report_bytes(blora_db, "xlsx"))
    workbook = load_workbook(path)
    assert workbook.sheetnames == [_(title)[:31] for _key, title in SECTIONS]
    background = workbook.worksheets[0]
    values = [c.value for row in background.iter_rows() for c in row if c.value is not None]
    assert pytest.approx(499_100 / 700_613) in values
    results = workbook.worksheets[-1]
    assert any(c.value == "Pemilih Pemula" for row in results.iter_rows() for c in row)
    assert any(c.value == 1_331 for row in results.iter_rows() for c in row)


# --- A real browser -----------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def png_summary(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the image data.

    Reads the PNG by hand (signature, chunks and their CRCs, IHDR, IDAT). The
    filtered scanlines of a blank page hold two or three byte values; a page
    with text and charts holds nearly all 256.
    """
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, width, height, idat = 8, 0, 0, b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        offset += 12 + length
    pixels = zlib.decompress(idat)
    assert len(pixels) == height * (1 + width * channels)
    return width, height, len(set(pixels))


@pytest.mark.skipif(
    _chromium() is None,
    reason="no Chromium on PATH: install it (apt-get install chromium) to render the report",
)
def test_report_renders_in_headless_chromium(blora_db: Database, tmp_path: Path) -> None:
    browser = _chromium()
    assert browser is not None
    page = tmp_path / "laporan.html"
    page.write_text(report_html(blora_db), encoding="utf-8")
    shot = tmp_path / "laporan.png"
    completed = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert shot.exists(), completed.stderr[-2000:]
    data = shot.read_bytes()
    assert len(data) > 20_000
    width, height, distinct = png_summary(data)
    assert (width, height) == (1280, 2000)
    assert distinct > 64, "the screenshot is (nearly) uniform: nothing was drawn"
