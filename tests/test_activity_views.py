"""The queries behind the activity screens, on the Blora sample (loaded for FIXED_NOW)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select

from planner.models import Activity, Region, Segment
from planner.services.activities import (
    ActivityFilter,
    count_activities,
    links_of,
    list_activities,
)
from planner.services.activity_views import (
    Span,
    activity_list_page,
    activity_rows,
    activity_view,
    agenda_period,
    date_range,
    delete_activity,
    filter_choices,
    period_of,
    reach_pct,
    shift_period,
    short_regions,
)
from planner.services.records import Conflict
from planner.store import Database
from tests.conftest import FIXED_NOW

RADIO = "Gelar wicara radio mingguan: Sapa Pemilih Blora"


def _id_of(db: Database, title: str) -> int:
    with db.read() as s:
        activity = s.exec(select(Activity).where(Activity.title == title)).one()
    assert activity.id is not None
    return activity.id


def test_rows_follow_list_activities_and_name_their_links(blora_db: Database) -> None:
    with blora_db.read() as s:
        rows = activity_rows(s, None, limit=None)
        plain = list_activities(s)
        assert [r.id for r in rows] == [a.id for a in plain]
        assert len(rows) == 30
        for row in rows:
            links = links_of(s, row.id)
            assert [r.code for r in row.regions] == links.region_codes
            names = {
                seg.name
                for seg in s.exec(select(Segment).where(Segment.id.in_(links.segment_ids)))  # type: ignore[union-attr]
            }
            assert set(row.segments) == names
    radio = next(r for r in rows if r.title == RADIO)
    assert radio.recurring and radio.status == "terkonfirmasi"
    assert [r.code for r in radio.regions] == ["33.16"]
    assert radio.segments == ("Keluarga",)
    assert radio.h_label is not None and radio.h_label.startswith("H-")


def test_rows_are_windowed_by_limit_and_offset(blora_db: Database) -> None:
    flt = ActivityFilter(status=("terlaksana",))
    with blora_db.read() as s:
        everything = [r.id for r in activity_rows(s, flt, limit=None)]
        first = [r.id for r in activity_rows(s, flt, limit=7, offset=0)]
        second = [r.id for r in activity_rows(s, flt, limit=7, offset=7)]
        page = activity_list_page(s, flt, limit=7, offset=7)
        assert page.matching == count_activities(s, flt) == len(everything)
        assert page.total == 30
    assert first + second == everything[:14]
    assert [r.id for r in page.rows] == second


@pytest.mark.parametrize(
    "flt",
    [
        ActivityFilter(status=("terlaksana",)),
        ActivityFilter(region_code="33.16.06"),
        ActivityFilter(text="radio"),
        ActivityFilter(since=datetime(2026, 11, 1), until=datetime(2026, 12, 31, 23, 59)),
    ],
)
def test_rows_match_the_core_filter(blora_db: Database, flt: ActivityFilter) -> None:
    with blora_db.read() as s:
        rows = activity_rows(s, flt, limit=None)
        assert [r.id for r in rows] == [a.id for a in list_activities(s, flt)]
        assert len(rows) == count_activities(s, flt) > 0


def test_short_regions_are_names() -> None:
    from planner.services.activity_views import RegionName

    regions = (
        RegionName("33.16.06", "Sambong", "kecamatan"),
        RegionName("33.16.06.2001", "Nglobo", "desa"),
    )
    assert short_regions(regions) == "Sambong, Nglobo"


def test_filter_choices_list_segments_stakeholders_and_the_next_voting_day(
    blora_db: Database,
) -> None:
    with blora_db.read() as s:
        choices = filter_choices(s, today=FIXED_NOW.date())
        segment_count = len(s.exec(select(Segment)).all())
    assert len(choices.segments) == segment_count
    assert any(name == "Pemilih Pemula" for _id, name in choices.segments)
    assert any(name.startswith("Bawaslu") for _id, name in choices.stakeholders)
    assert choices.voting_day == date(2029, 2, 14)


def test_date_range_covers_whole_days() -> None:
    since, until = date_range(date(2026, 11, 1), date(2026, 11, 30))
    assert since == datetime(2026, 11, 1)
    assert until is not None and until.date() == date(2026, 11, 30) and until.hour == 23
    assert date_range(None, None) == (None, None)


def test_periods_and_their_steps() -> None:
    saturday = date(2026, 11, 28)
    assert period_of(saturday, Span.WEEK) == (date(2026, 11, 23), date(2026, 11, 29))
    assert period_of(saturday, Span.MONTH) == (date(2026, 11, 1), date(2026, 11, 30))
    assert period_of(date(2028, 2, 10), Span.MONTH) == (date(2028, 2, 1), date(2028, 2, 29))
    assert shift_period(saturday, Span.WEEK, 1) == date(2026, 11, 30)
    assert shift_period(saturday, Span.WEEK, -1) == date(2026, 11, 16)
    assert shift_period(saturday, Span.MONTH, 1) == date(2026, 12, 1)
    assert shift_period(saturday, Span.MONTH, 2) == date(2027, 1, 1)
    assert shift_period(date(2026, 1, 31), Span.MONTH, -1) == date(2025, 12, 1)


def test_the_fixed_week_expands_the_weekly_radio_show(blora_db: Database) -> None:
    with blora_db.read() as s:
        week = agenda_period(s, FIXED_NOW.date(), Span.WEEK)
        month = agenda_period(s, FIXED_NOW.date(), Span.MONTH)
    assert (week.first, week.last) == (date(2026, 11, 23), date(2026, 11, 29))
    assert [(o.start, o.activity.title) for o in week.occurrences] == [
        (datetime(2026, 11, 28, 10), RADIO),
        (datetime(2026, 11, 29, 19, 30), "Gelar wicara pemilih muda bersama Karang Taruna Cepu"),
    ]
    radio_days = [o.start.day for o in month.occurrences if o.activity.title == RADIO]
    assert radio_days == [14, 21, 28]


def test_activity_view_has_reach_h_and_next_occurrences(blora_db: Database) -> None:
    radio_id = _id_of(blora_db, RADIO)
    school_id = _id_of(blora_db, "KPU Goes to School di Kecamatan Sambong")
    with blora_db.read() as s:
        radio = activity_view(s, radio_id, now=FIXED_NOW)
        school = activity_view(s, school_id, now=FIXED_NOW)
    assert [t.date() for t in radio.next_starts] == [
        date(2026, 11, 28),
        date(2026, 12, 5),
        date(2026, 12, 12),
        date(2026, 12, 19),
        date(2026, 12, 26),
    ]
    assert sorted((s.name, role) for s, role in radio.detail.stakeholders) == [
        ("Bawaslu Blora", "narasumber"),
        ("Dinkominfo Blora", "mitra"),
        ("Media massa Blora", "mitra"),
    ]
    assert school.next_starts == []
    assert school.reach_pct == pytest.approx(231 / 250 * 100)
    assert school.h_label == "H-847"
    assert reach_pct(10, None) is None and reach_pct(None, 10) is None and reach_pct(5, 0) is None


def test_delete_activity_checks_the_version(blora_db: Database) -> None:
    school_id = _id_of(blora_db, "KPU Goes to School di Kecamatan Sambong")
    with pytest.raises(Conflict), blora_db.write() as s:
        delete_activity(s, school_id, expected_version=99)
    with blora_db.write() as s:
        version = s.get(Activity, school_id).version  # type: ignore[union-attr]
        delete_activity(s, school_id, expected_version=version)
    with blora_db.read() as s:
        assert s.get(Activity, school_id) is None
        # The region it was linked to stays.
        assert s.get(Region, "33.16.06") is not None
