"""The iCalendar export: RFC 5545 structure, escaping and folding, parsed back by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest
from sqlmodel import select

from planner.exports import ExportRequest, build_export
from planner.exports.ics import (
    WIB,
    WIT,
    WITA,
    escape_text,
    fold,
    ics_rrule,
    uid_for,
    zone_for,
)
from planner.models import Activity
from planner.services.activities import ActivityDraft, add_activity
from planner.store import Database
from tests.conftest import FIXED_NOW

# --- A tiny RFC 5545 reader ---------------------------------------------------


@dataclass
class Component:
    name: str
    props: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def get(self, name: str) -> str:
        values = [v for n, _p, v in self.props if n == name]
        assert len(values) == 1, (name, values)
        return values[0]

    def params(self, name: str) -> dict[str, str]:
        return next(p for n, p, _v in self.props if n == name)

    def has(self, name: str) -> bool:
        return any(n == name for n, _p, _v in self.props)


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    # A CRLF followed by one space or tab is a fold (RFC 5545 3.1).
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse(text: str) -> Component:
    stack: list[Component] = []
    root: Component | None = None
    for line in unfold(text):
        head, _sep, value = line.partition(":")
        name, *raw_params = head.split(";")
        params = dict(p.split("=", 1) for p in raw_params)
        if name == "BEGIN":
            component = Component(value)
            if stack:
                stack[-1].children.append(component)
            else:
                root = component
            stack.append(component)
        elif name == "END":
            assert stack.pop().name == value
        else:
            stack[-1].props.append((name, params, value))
    assert not stack and root is not None
    return root


def calendar(db: Database, *, since: date | None = None, region: str | None = None) -> str:
    request = ExportRequest("calendar", "ics", since=since, region=region)
    with db.read() as s:
        return build_export(s, request, now=FIXED_NOW).data.decode("utf-8")


def events(cal: Component) -> dict[str, Component]:
    return {e.get("SUMMARY"): e for e in cal.children if e.name == "VEVENT"}


# --- Tests ------------------------------------------------------------------------


def test_calendar_structure(blora_db: Database) -> None:
    text = calendar(blora_db)
    cal = parse(text)
    assert cal.name == "VCALENDAR"
    assert cal.get("VERSION") == "2.0"
    assert cal.get("PRODID")
    [tz] = [c for c in cal.children if c.name == "VTIMEZONE"]
    assert tz.get("TZID") == "Asia/Jakarta"
    [standard] = tz.children
    assert standard.get("TZOFFSETTO") == "+0700" and standard.get("TZNAME") == "WIB"
    vevents = [c for c in cal.children if c.name == "VEVENT"]
    with blora_db.read() as s:
        activities = list(s.exec(select(Activity)))
    assert len(vevents) == len(activities) == 30
    uids = [e.get("UID") for e in vevents]
    assert len(set(uids)) == len(uids)
    assert {uid_for(a.id or 0, "33.16") for a in activities} == set(uids)
    for e in vevents:
        for name in ("DTSTAMP", "DTSTART", "SUMMARY", "STATUS", "DESCRIPTION"):
            assert e.has(name), name
        assert e.get("DTSTAMP").endswith("Z")


def test_export_is_reproducible(blora_db: Database) -> None:
    assert calendar(blora_db) == calendar(blora_db)


def test_lines_are_crlf_and_at_most_75_octets(blora_db: Database) -> None:
    raw = calendar(blora_db).encode("utf-8")
    lines = raw.split(b"\r\n")
    assert lines[-1] == b""
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # something was folded


def test_times_status_recurrence_and_all_day(blora_db: Database) -> None:
    by_title = events(parse(calendar(blora_db)))
    radio = by_title["Gelar wicara radio mingguan: Sapa Pemilih Blora"]
    assert radio.params("DTSTART") == {"TZID": "Asia/Jakarta"}
    assert radio.get("RRULE") == "FREQ=WEEKLY;COUNT=8"
    assert radio.get("STATUS") == "CONFIRMED"
    start = datetime.strptime(radio.get("DTSTART"), "%Y%m%dT%H%M%S")
    end = datetime.strptime(radio.get("DTEND"), "%Y%m%dT%H%M%S")
    assert (end - start).total_seconds() == 3600 and start.hour == 10

    iklan = by_title["Iklan layanan masyarakat ajakan memilih di media sosial"]
    assert iklan.params("DTSTART") == {"VALUE": "DATE"}
    assert iklan.get("DTSTART") == "20240205"
    assert iklan.get("DTEND") == "20240206"  # exclusive: the next day

    assert by_title["Jalan sehat ajak ke TPS"].get("STATUS") == "CANCELLED"
    assert by_title["Pentas barongan ajakan memilih"].get("STATUS") == "TENTATIVE"
    assert by_title["KPU Goes To Pesantren"].get("STATUS") == "CONFIRMED"

    school = by_title["KPU Goes to School: SMK di Kecamatan Sambong"]
    assert unescape(school.get("LOCATION")) == "Sekolah menengah di Kecamatan Sambong"
    description = unescape(school.get("DESCRIPTION"))
    assert "Pemilih Pemula" in description and "Kec. Sambong" in description
    assert "MKKS SMK Kabupaten Blora" in description
    assert "0812-" not in description and "@example.id" not in description


def test_text_is_escaped_and_folded_without_splitting_characters(blora_db: Database) -> None:
    title = "Rapat, evaluasi; tahap 1\\2 — Pendopo Kecamatan Sambong, Kabupaten Blora ✓🗳️"
    description = "Baris pertama; koma, titik.\nBaris kedua: " + "é" * 60
    with blora_db.write() as s:
        add_activity(
            s,
            ActivityDraft(
                title=title,
                when="2026-12-05 09:00",
                end="11:00",
                venue="Balai desa, Sambong",
                description=description,
                regions=["Sambong"],
            ),
            today=FIXED_NOW.date(),
        )
    text = calendar(blora_db)
    raw = text.encode("utf-8")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # a fold never cuts a character in two
    event = events(parse(text))[escape_text(title)]
    assert unescape(event.get("SUMMARY")) == title
    assert event.get("SUMMARY") == (
        "Rapat\\, evaluasi\\; tahap 1\\\\2 — Pendopo Kecamatan Sambong\\, Kabupaten Blora ✓🗳️"
    )
    assert unescape(event.get("LOCATION")) == "Balai desa, Sambong"
    assert unescape(event.get("DESCRIPTION")).startswith(description + "\n\n")


def test_period_and_region_narrow_the_calendar(blora_db: Database) -> None:
    text = calendar(blora_db, since=FIXED_NOW.date(), region="Jiken")
    # The desa of Nglobo lies in Jiken; the 2024 market-day activity is before the period.
    assert set(events(parse(text))) == {
        "Pembentukan Desa Peduli Pemilu dan Pemilihan (DP3) Desa Nglobo",
        "Jemput bola ke dusun di kawasan hutan Jiken",
    }


def test_escape_and_fold_units() -> None:
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert escape_text("bel\x07l") == "bell"
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line
    assert fold("SHORT:x") == "SHORT:x"


def test_until_is_written_as_rfc_5545_wants_it() -> None:
    rule = "FREQ=WEEKLY;UNTIL=20241231T235959"
    assert ics_rrule(rule, all_day=False, zone=WIB) == "FREQ=WEEKLY;UNTIL=20241231T165959Z"
    assert ics_rrule(rule, all_day=True, zone=WIB) == "FREQ=WEEKLY;UNTIL=20241231"
    assert ics_rrule("FREQ=DAILY;COUNT=3", all_day=False, zone=WIT) == "FREQ=DAILY;COUNT=3"


@pytest.mark.parametrize(
    ("code", "zone"),
    [("33.16", WIB), (None, WIB), ("51.71", WITA), ("73", WITA), ("91.01", WIT), ("61", WIB)],
)
def test_zone_follows_the_province(code: str | None, zone: object) -> None:
    assert zone_for(code) == zone
