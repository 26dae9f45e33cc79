"""planner.dates: parsing, formatting, the H-n countdown and recurrences.

Every expected value is worked out by hand. TODAY is Saturday 20 July 2024 and
VOTING_DAY is Wednesday 27 November 2024 (the 2024 regional elections), so
nothing depends on the real clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.dates import get_day_names, get_month_names

import planner
from planner.dates import (
    When,
    days_to,
    describe_rrule,
    expand,
    format_date,
    format_datetime,
    format_day_month,
    format_short_date,
    h_label,
    normalize_rrule,
    parse_date,
    parse_recurrence,
    parse_when,
)
from planner.dates.names import month_numbers, weekday_numbers
from planner.errors import InvalidInput
from planner.i18n import set_language

TODAY = date(2024, 7, 20)
VOTING_DAY = date(2024, 11, 27)


@pytest.fixture
def language() -> Iterator[None]:
    """Lets a test switch language; always puts the default "id" back."""
    yield
    set_language("id")


@pytest.fixture
def english(language: None) -> None:
    set_language("en")


@pytest.fixture
def indonesian(language: None) -> None:
    set_language("id")


def when(text: str, voting_day: date | None = VOTING_DAY) -> When:
    return parse_when(text, today=TODAY, voting_day=voting_day)


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


# --- parsing: accepted forms ------------------------------------------------

JUL27 = date(2024, 7, 27)

TIMED = [
    ("Sabtu, 27 Juli 2024 09.00", at(JUL27, 9)),
    ("27 Juli 2024 pukul 09.00", at(JUL27, 9)),
    ("27 Juli 2024 09:00", at(JUL27, 9)),
    ("27 juli 2024, 09.00", at(JUL27, 9)),
    ("27 Juli 2024 jam 9", at(JUL27, 9)),
    ("2024-07-27 09:00", at(JUL27, 9)),
    ("2024-07-27T09:00:00", at(JUL27, 9)),
    ("27/7/2024 14.30", at(JUL27, 14, 30)),
    ("Saturday, 27 July 2024 09:00", at(JUL27, 9)),
    ("July 27, 2024 9 pm", at(JUL27, 21)),
    ("27 July 2024 at 12:15 am", at(JUL27, 0, 15)),
    ("besok 09.00", at(date(2024, 7, 21), 9)),
    ("besok pukul 14.30", at(date(2024, 7, 21), 14, 30)),
    ("tomorrow 9:00", at(date(2024, 7, 21), 9)),
    ("lusa jam 8", at(date(2024, 7, 22), 8)),
    ("Senin depan 10.00", at(date(2024, 7, 22), 10)),
    ("3 hari lagi pukul 07.30", at(date(2024, 7, 23), 7, 30)),
    ("H-30 09.00", at(date(2024, 10, 28), 9)),
    ("H pukul 07.00", at(VOTING_DAY, 7)),
    ("hari ini 23.59", at(TODAY, 23, 59)),
    ("kemarin 00.00", at(date(2024, 7, 19))),
]

ALL_DAY = [
    ("27 Juli 2024", JUL27),
    ("Sabtu, 27 Juli 2024", JUL27),
    ("SABTU, 27 JULI 2024", JUL27),
    ("Saturday, 27 July 2024", JUL27),
    ("27 Jul", JUL27),
    ("27 Jul 2024", JUL27),
    ("27 Juli 24", JUL27),
    ("27-jul-2024", JUL27),
    ("tanggal 27 Juli 2024", JUL27),
    ("27/7/2024", JUL27),
    ("27-7-2024", JUL27),
    ("27.7.2024", JUL27),
    ("27/07/24", JUL27),
    ("sabtu, 27/7/2024", JUL27),
    ("27/7", JUL27),
    ("2024-07-27", JUL27),
    # Day first, always: dateutil alone would read these two month-first.
    ("5/7/2024", date(2024, 7, 5)),
    ("2024-07-12", date(2024, 7, 12)),
    # A year-less date is the next one on or after today.
    ("20/7", TODAY),
    ("19/7", date(2025, 7, 19)),
    ("1 Jan", date(2025, 1, 1)),
    ("29 Feb", date(2028, 2, 29)),
    # Month abbreviations, CLDR's and the common Indonesian variants.
    ("17 Agustus 2024", date(2024, 8, 17)),
    ("17 Agu 2024", date(2024, 8, 17)),
    ("17 Agt 2024", date(2024, 8, 17)),
    ("17 Aug 2024", date(2024, 8, 17)),
    ("1 Sept 2024", date(2024, 9, 1)),
    ("1 Okt 2024", date(2024, 10, 1)),
    ("1 Oct 2024", date(2024, 10, 1)),
    ("10 Nopember 2024", date(2024, 11, 10)),
    ("25 Des 2024", date(2024, 12, 25)),
    ("25 Dec 2024", date(2024, 12, 25)),
    ("1 Mei 2025", date(2025, 5, 1)),
    ("1 May 2025", date(2025, 5, 1)),
    ("Jum'at, 26 Juli 2024", date(2024, 7, 26)),
    # Relative words, counted from Saturday 20 July.
    ("hari ini", TODAY),
    ("today", TODAY),
    ("besok", date(2024, 7, 21)),
    ("tomorrow", date(2024, 7, 21)),
    ("lusa", date(2024, 7, 22)),
    ("kemarin", date(2024, 7, 19)),
    ("yesterday", date(2024, 7, 19)),
    ("Senin depan", date(2024, 7, 22)),
    ("next Monday", date(2024, 7, 22)),
    ("hari Minggu depan", date(2024, 7, 21)),
    ("Sabtu depan", date(2024, 7, 27)),  # said on a Saturday: a week away
    ("next Saturday", date(2024, 7, 27)),
    ("Sabtu", TODAY),
    ("Sabtu ini", TODAY),
    ("Rabu", date(2024, 7, 24)),
    ("3 hari lagi", date(2024, 7, 23)),
    ("in 3 days", date(2024, 7, 23)),
    ("2 minggu lagi", date(2024, 8, 3)),
    ("in 2 weeks", date(2024, 8, 3)),
    # Voting-day countdown: 27 November 2024 minus 30 days is 28 October.
    ("H-30", date(2024, 10, 28)),
    ("h-30", date(2024, 10, 28)),
    ("H – 30", date(2024, 10, 28)),
    ("H+2", date(2024, 11, 29)),
    ("H", VOTING_DAY),
    ("H-0", VOTING_DAY),
]


@pytest.mark.parametrize(("text", "expected"), TIMED)
def test_parse_when_with_time(text: str, expected: datetime) -> None:
    assert when(text) == When(expected, all_day=False)


@pytest.mark.parametrize(("text", "expected"), ALL_DAY)
def test_parse_when_all_day(text: str, expected: date) -> None:
    assert when(text) == When(at(expected), all_day=True)


@pytest.mark.parametrize(("text", "expected"), ALL_DAY)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY, voting_day=VOTING_DAY) == expected


def test_parsing_ignores_the_ui_language(english: None) -> None:
    assert when("Sabtu, 27 Juli 2024 09.00") == When(at(JUL27, 9), all_day=False)
    assert when("besok") == When(at(date(2024, 7, 21)), all_day=True)


# --- parsing: refusals -------------------------------------------------------


def refusal(text: str, voting_day: date | None = VOTING_DAY, field: str = "when") -> str:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, today=TODAY, voting_day=voting_day, field=field)
    assert caught.value.field == field
    return caught.value.message


def test_impossible_date_is_refused_not_rolled_over() -> None:
    message = refusal("31 Februari 2024")
    assert "31 Februari 2024" in message
    assert "29" in message


@pytest.mark.parametrize("text", ["31/4/2024", "29/2/2023", "0/7/2024", "32 Juli 2024", "31/4"])
def test_other_impossible_dates(text: str) -> None:
    assert text in refusal(text)


@pytest.mark.parametrize(
    "text",
    [
        "besok pagi sekali banget",
        "abc",
        "27",
        "09.00",
        "pukul 09.00",
        "27 7 2024",
        "27 Juli 2024 2025",
        "9:00 27 Juli 2024",
        "next Senin depan",
        "Juli",
    ],
)
def test_garbage_is_refused(text: str) -> None:
    assert text in refusal(text)


def test_empty_text_is_refused() -> None:
    refusal("   ")


@pytest.mark.parametrize(
    ("text", "time_text"),
    [
        ("besok 25.00", "25.00"),
        ("27 Juli 2024 09.60", "09.60"),
        ("besok 24:00", "24:00"),
        ("besok 13 pm", "13 pm"),
    ],
)
def test_out_of_range_time_is_refused(text: str, time_text: str) -> None:
    assert time_text in refusal(text)


@pytest.mark.parametrize(("text", "label"), [("H-30", "H-30"), ("h+2 09.00", "H+2"), ("H", "H")])
def test_h_notation_needs_a_voting_day(text: str, label: str, english: None) -> None:
    message = refusal(text, voting_day=None)
    assert message == f"{label} needs an election with a voting day"


def test_weekday_must_match_the_date() -> None:
    message = refusal("Jumat, 27 Juli 2024")  # 27 July 2024 is a Saturday
    assert "Sabtu" in message
    assert "Jumat" in message


def test_minggu_depan_is_ambiguous() -> None:
    # "minggu depan" usually means "next week", which is not a day.
    assert "hari Minggu depan" in refusal("minggu depan")


def test_month_number_out_of_range() -> None:
    assert "13" in refusal("5/13/2024")


def test_missing_day_of_month() -> None:
    assert "Juli 2024" in refusal("Juli 2024")


def test_refusal_names_the_given_field() -> None:
    refusal("abc", field="start")


def test_parse_date_refuses_a_time() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date("27 Juli 2024 09.00", today=TODAY)
    assert caught.value.field == "date"


def test_names_come_from_babel_in_both_languages() -> None:
    for locale in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                assert month_numbers()[name.casefold()] == number
            for number, name in get_day_names(width, locale=locale).items():
                assert weekday_numbers()[name.casefold()] == number


# --- formatting --------------------------------------------------------------


def test_format_indonesian(indonesian: None) -> None:
    assert format_date(JUL27) == "27 Juli 2024"
    assert format_date(JUL27, weekday=True) == "Sabtu, 27 Juli 2024"
    assert format_datetime(at(JUL27, 9)) == "Sabtu, 27 Juli 2024 09.00"
    assert format_datetime(at(JUL27, 14, 30), weekday=False) == "27 Juli 2024 14.30"
    assert format_datetime(at(JUL27), all_day=True) == "Sabtu, 27 Juli 2024"
    assert format_short_date(date(2024, 8, 17)) == "17 Agu 2024"
    assert format_day_month(8, 17) == "17 Agustus"


def test_format_english(english: None) -> None:
    assert format_date(JUL27) == "27 July 2024"
    assert format_date(JUL27, weekday=True) == "Saturday, 27 July 2024"
    assert format_datetime(at(JUL27, 9)) == "Saturday, 27 July 2024 09:00"
    assert format_datetime(at(JUL27, 14, 30), weekday=False) == "27 July 2024 14:30"
    assert format_datetime(at(JUL27), all_day=True) == "Saturday, 27 July 2024"
    assert format_short_date(date(2024, 8, 17)) == "17 Aug 2024"
    assert format_day_month(8, 17) == "17 August"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_formatted_dates_parse_back(lang: str, language: None) -> None:
    set_language(lang)
    start = at(date(2024, 8, 17), 9, 30)
    assert when(format_datetime(start)) == When(start, all_day=False)
    assert parse_date(format_short_date(start.date()), today=TODAY) == start.date()


# --- the H-n countdown -------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label", "days_left"),
    [
        (date(2024, 10, 28), "H-30", 30),
        (date(2024, 11, 26), "H-1", 1),
        (VOTING_DAY, "H", 0),
        (date(2024, 11, 28), "H+1", -1),
        (date(2024, 11, 29), "H+2", -2),
        (date(2023, 11, 27), "H-366", 366),  # across 29 February 2024
    ],
)
def test_h_label_and_days_to(day: date, label: str, days_left: int) -> None:
    assert h_label(day, VOTING_DAY) == label
    assert days_to(VOTING_DAY, day) == days_left


# --- RRULEs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "canonical"),
    [
        ("FREQ=WEEKLY;COUNT=5", "FREQ=WEEKLY;COUNT=5"),
        ("RRULE:FREQ=WEEKLY;COUNT=5", "FREQ=WEEKLY;COUNT=5"),
        ("rrule:freq=weekly;interval=1;count=5;", "FREQ=WEEKLY;COUNT=5"),
        ("COUNT=5;FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;INTERVAL=2;COUNT=5"),
        ("FREQ=WEEKLY;BYDAY=TH,MO,TH;WKST=MO", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("FREQ=MONTHLY;BYDAY=+1SA", "FREQ=MONTHLY;BYDAY=1SA"),
        ("FREQ=MONTHLY;BYMONTHDAY=15,1", "FREQ=MONTHLY;BYMONTHDAY=1,15"),
        # Date-only UNTIL means through that day.
        ("FREQ=DAILY;UNTIL=20240930", "FREQ=DAILY;UNTIL=20240930T235959"),
        ("FREQ=DAILY;UNTIL=20240930T120000", "FREQ=DAILY;UNTIL=20240930T120000"),
    ],
)
def test_normalize_rrule(rule: str, canonical: str) -> None:
    assert normalize_rrule(rule) == canonical


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "garbage",
        "COUNT=5",  # no FREQ
        "FREQ=FORTNIGHTLY",
        "FREQ=HOURLY",  # more often than daily
        "FREQ=WEEKLY;FREQ=DAILY",
        "FREQ=WEEKLY;COUNT=5;UNTIL=20240930",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=DAILY;COUNT=-1",
        "FREQ=DAILY;FOO=1",
        "FREQ=DAILY;UNTIL=20240231",
        "FREQ=DAILY;UNTIL=20240930T000000Z",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;BYDAY=1MO",
        "FREQ=WEEKLY;BYMONTHDAY=3",
        "FREQ=MONTHLY;BYMONTHDAY=0",
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # never happens
        "DTSTART:20240101T000000\nRRULE:FREQ=DAILY",
    ],
)
def test_bad_rrule_is_refused(rule: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalize_rrule(rule, field="repeat")
    assert caught.value.field == "repeat"


# --- everyday recurrence phrases ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("setiap hari", "FREQ=DAILY"),
        ("setiap minggu", "FREQ=WEEKLY"),
        ("Setiap Minggu", "FREQ=WEEKLY"),
        ("setiap 2 minggu", "FREQ=WEEKLY;INTERVAL=2"),
        ("setiap bulan", "FREQ=MONTHLY"),
        ("setiap tahun", "FREQ=YEARLY"),
        ("tiap Senin", "FREQ=WEEKLY;BYDAY=MO"),
        ("setiap Sabtu", "FREQ=WEEKLY;BYDAY=SA"),
        ("setiap hari Minggu", "FREQ=WEEKLY;BYDAY=SU"),
        ("tiap Senin dan Kamis", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("seminggu sekali", "FREQ=WEEKLY"),
        ("2 minggu sekali", "FREQ=WEEKLY;INTERVAL=2"),
        ("daily", "FREQ=DAILY"),
        ("weekly", "FREQ=WEEKLY"),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("monthly", "FREQ=MONTHLY"),
        ("every Monday, Wednesday and Friday", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("setiap minggu sampai 30/9/2024", "FREQ=WEEKLY;UNTIL=20240930T235959"),
        ("weekly until 30 September 2024", "FREQ=WEEKLY;UNTIL=20240930T235959"),
        ("setiap bulan hingga H-1", "FREQ=MONTHLY;UNTIL=20241126T235959"),
        ("setiap minggu, 5 kali", "FREQ=WEEKLY;COUNT=5"),
        ("tiap Sabtu 4x", "FREQ=WEEKLY;COUNT=4;BYDAY=SA"),
        ("every week 5 times", "FREQ=WEEKLY;COUNT=5"),
        ("RRULE:FREQ=WEEKLY;COUNT=5", "FREQ=WEEKLY;COUNT=5"),
        ("freq=monthly;bymonthday=31", "FREQ=MONTHLY;BYMONTHDAY=31"),
    ],
)
def test_parse_recurrence(text: str, rule: str) -> None:
    assert parse_recurrence(text, today=TODAY, voting_day=VOTING_DAY) == rule


@pytest.mark.parametrize("text", ["", "  ", "tidak", "Tidak", "none", "tidak berulang"])
def test_no_recurrence(text: str) -> None:
    assert parse_recurrence(text, today=TODAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "kadang-kadang",
        "setiap jam",
        "setiap minggu 0 kali",
        "setiap minggu sampai 31/2/2024",
        "setiap minggu, 5 kali sampai 30/9/2024",
        "FREQ=WEEKLY;COUNT=0",
        "setiap bulan sampai H-1",  # no voting day given
    ],
)
def test_bad_recurrence_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_recurrence(text, today=TODAY, field="repeat")
    assert caught.value.field == "repeat"


# --- describing rules ----------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=DAILY", "every day"),
        ("FREQ=DAILY;INTERVAL=3", "every 3 days"),
        ("FREQ=WEEKLY;COUNT=5", "every week, 5 times"),
        ("FREQ=WEEKLY;COUNT=1", "every week, 1 time"),
        ("FREQ=WEEKLY;INTERVAL=2", "every 2 weeks"),
        ("FREQ=WEEKLY;BYDAY=MO", "every Monday"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "every Monday and Thursday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", "every 2 weeks on Saturday"),
        ("FREQ=WEEKLY;UNTIL=20240930T235959", "every week, until 30 September 2024"),
        ("FREQ=MONTHLY", "every month"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "every month on day 1 and 15"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Friday"),
        ("FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=17", "every year on 17 August"),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "every month (BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1)",
        ),
    ],
)
def test_describe_rrule_english(rule: str, text: str, english: None) -> None:
    assert describe_rrule(rule) == text


_ID_CATALOG = Path(planner.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "planner.mo"


@pytest.mark.skipif(not _ID_CATALOG.exists(), reason="Indonesian catalog not compiled yet")
@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=WEEKLY;COUNT=5", "setiap minggu, 5 kali"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "setiap Senin dan Kamis"),
        ("FREQ=WEEKLY;UNTIL=20240930T235959", "setiap minggu, sampai 30 September 2024"),
    ],
)
def test_describe_rrule_indonesian(rule: str, text: str, indonesian: None) -> None:
    assert describe_rrule(rule) == text


def test_describe_rrule_uses_babel_names_in_indonesian(indonesian: None) -> None:
    # Holds before and after the catalog is translated: the names and the
    # list conjunction come from CLDR, not from the message catalog.
    described = describe_rrule("FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20240930")
    assert "Senin dan Kamis" in described
    assert "30 September 2024" in described


# --- expansion -----------------------------------------------------------------

MONDAY_9 = datetime(2024, 7, 22, 9, 0)


def test_expand_weekly_with_count() -> None:
    window = (datetime(2024, 7, 1), datetime(2024, 12, 31))
    assert expand(MONDAY_9, "FREQ=WEEKLY;COUNT=5", *window) == [
        datetime(2024, 7, 22, 9),
        datetime(2024, 7, 29, 9),
        datetime(2024, 8, 5, 9),
        datetime(2024, 8, 12, 9),
        datetime(2024, 8, 19, 9),
    ]


def test_expand_counts_from_the_start_not_from_the_window() -> None:
    window = expand(MONDAY_9, "FREQ=WEEKLY;COUNT=5", datetime(2024, 8, 1), datetime(2024, 12, 31))
    assert window == [datetime(2024, 8, 5, 9), datetime(2024, 8, 12, 9), datetime(2024, 8, 19, 9)]


def test_expand_weekly_until_includes_the_last_day() -> None:
    # A date-only UNTIL is read as the end of that day, so 12 August 09:00 is in.
    rule = "FREQ=WEEKLY;UNTIL=20240812"
    assert expand(MONDAY_9, rule, datetime(2024, 7, 1), datetime(2024, 12, 31)) == [
        datetime(2024, 7, 22, 9),
        datetime(2024, 7, 29, 9),
        datetime(2024, 8, 5, 9),
        datetime(2024, 8, 12, 9),
    ]


def test_expand_phrase_until() -> None:
    rule = parse_recurrence("setiap Senin sampai 5/8/2024", today=TODAY)
    assert expand(MONDAY_9, rule, datetime(2024, 1, 1), datetime(2024, 12, 31)) == [
        datetime(2024, 7, 22, 9),
        datetime(2024, 7, 29, 9),
        datetime(2024, 8, 5, 9),
    ]


def test_expand_monthly_on_the_31st_skips_short_months() -> None:
    # RFC 5545: an invalid date (31 February, 31 April...) is skipped, not moved.
    start = datetime(2024, 1, 31, 19, 30)
    assert expand(start, "FREQ=MONTHLY", datetime(2024, 1, 1), datetime(2024, 12, 31, 23, 59)) == [
        datetime(2024, 1, 31, 19, 30),
        datetime(2024, 3, 31, 19, 30),
        datetime(2024, 5, 31, 19, 30),
        datetime(2024, 7, 31, 19, 30),
        datetime(2024, 8, 31, 19, 30),
        datetime(2024, 10, 31, 19, 30),
        datetime(2024, 12, 31, 19, 30),
    ]


def test_expand_window_ends_are_included() -> None:
    rule = "FREQ=DAILY"
    assert expand(MONDAY_9, rule, datetime(2024, 7, 23, 9), datetime(2024, 7, 24, 9)) == [
        datetime(2024, 7, 23, 9),
        datetime(2024, 7, 24, 9),
    ]


def test_expand_without_rule() -> None:
    inside = (datetime(2024, 7, 1), datetime(2024, 7, 31))
    assert expand(MONDAY_9, None, *inside) == [MONDAY_9]
    assert expand(MONDAY_9, None, MONDAY_9, MONDAY_9) == [MONDAY_9]
    assert expand(MONDAY_9, None, datetime(2024, 8, 1), datetime(2024, 8, 31)) == []


def test_expand_empty_or_reversed_window() -> None:
    assert expand(MONDAY_9, "FREQ=DAILY", datetime(2024, 8, 1), datetime(2024, 7, 1)) == []
    assert expand(MONDAY_9, "FREQ=DAILY", datetime(2024, 1, 1), datetime(2024, 7, 21)) == []


def test_expand_refuses_a_bad_rule() -> None:
    with pytest.raises(InvalidInput):
        expand(MONDAY_9, "FREQ=SOMETIMES", datetime(2024, 7, 1), datetime(2024, 7, 31))
