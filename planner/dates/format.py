"""Dates and times as the division writes them, in the current UI language."""

from __future__ import annotations

from datetime import date, datetime, time

from babel.dates import format_date as _babel_format_date
from babel.dates import format_skeleton, get_day_names, get_month_names

from planner.i18n import babel_locale

# Day-month-year in both languages: the division's letters and the English UI
# alike follow Indonesian convention, and CLDR's en_US "long" format would
# put the month first.
_DATE = "d MMMM y"
_DATE_WITH_WEEKDAY = "EEEE, d MMMM y"
_SHORT_DATE = "d MMM y"
_DAY_MONTH = "d MMMM"
_ANY_DAY = date(2000, 1, 1)


def format_date(d: date, *, weekday: bool = False) -> str:
    """ "27 Juli 2024", or "Sabtu, 27 Juli 2024" with weekday=True."""
    pattern = _DATE_WITH_WEEKDAY if weekday else _DATE
    return _babel_format_date(d, pattern, locale=babel_locale())


def format_time(t: time) -> str:
    """ "09.00" in Indonesian, "09:00" in English."""
    # CLDR's 24-hour "Hm" skeleton gives "HH.mm" for Indonesian and "HH:mm" for
    # English; the locale's short time format would be 12-hour in en_US. The
    # time is pinned to a fixed date because Babel otherwise adds today's.
    return format_skeleton("Hm", datetime.combine(_ANY_DAY, t), locale=babel_locale())


def format_datetime(dt: datetime, *, all_day: bool = False, weekday: bool = True) -> str:
    """ "Sabtu, 27 Juli 2024 09.00"; the time is left out for all-day activities."""
    day = format_date(dt.date(), weekday=weekday)
    if all_day:
        return day
    return f"{day} {format_time(dt.time())}"


def format_short_date(d: date) -> str:
    """ "27 Jul 2024", for tables and narrow columns."""
    return _babel_format_date(d, _SHORT_DATE, locale=babel_locale())


def format_day_month(month: int, day: int) -> str:
    """ "17 Agustus": a yearly date such as Independence Day."""
    # Any leap year will do: only day and month are shown, and 29 Feb must exist.
    return _babel_format_date(date(2000, month, day), _DAY_MONTH, locale=babel_locale())


def month_name(month: int) -> str:
    """The month's full name in the current language ("Februari")."""
    return str(get_month_names("wide", "stand-alone", babel_locale())[month])


def h_label(day: date, voting_day: date) -> str:
    """KPU countdown notation: "H-30" before voting day, "H" on it, "H+2" after."""
    offset = (day - voting_day).days
    if offset == 0:
        return "H"
    return f"H{offset:+d}"


def days_to(voting_day: date, today: date) -> int:
    """Days left until voting day; 0 on the day, negative after it."""
    return (voting_day - today).days


def weekday_name(weekday: int) -> str:
    """The weekday's full name in the current language; Monday is 0, as in datetime."""
    return str(get_day_names("wide", "format", babel_locale())[weekday])
