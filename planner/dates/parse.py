"""Reading the dates people type: "27/7/2024", "Sabtu, 27 Juli 2024 09.00", "besok", "H-30".

Indonesian and English words are both accepted whatever the UI language is.
Numbers are always day first. Anything that cannot be read exactly is
refused with a message naming the text; nothing falls back to today and no
impossible date rolls over into the next month.
"""

from __future__ import annotations

import re
from calendar import monthrange
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NoReturn

from dateutil.parser import parser, parserinfo

from planner.dates.format import format_date, month_name, weekday_name
from planner.dates.names import month_numbers, weekday_numbers
from planner.errors import InvalidInput
from planner.i18n import _


@dataclass(frozen=True)
class When:
    start: datetime
    """Naive local date and time; 00:00 when all_day."""
    all_day: bool
    """True when the text gave no time of day."""


def parse_when(
    text: str, *, today: date, voting_day: date | None = None, field: str = "when"
) -> When:
    """Reads a date with an optional time of day; see the module docstring."""
    return _Reading(text, field, today, voting_day).when()


def parse_date(
    text: str, *, today: date, voting_day: date | None = None, field: str = "date"
) -> date:
    """Reads a date; a time of day in the text is refused rather than dropped."""
    when = parse_when(text, today=today, voting_day=voting_day, field=field)
    if not when.all_day:
        raise InvalidInput(
            field,
            _("{text} includes a time of day; only a date is expected here").format(
                text=text.strip()
            ),
        )
    return when.start.date()


# Typographic dashes become "-" so "H–30" pasted from a document works; the
# apostrophe goes so "Jum'at" reads as CLDR's "Jumat".
_CLEANUP = str.maketrans({"–": "-", "—": "-", "−": "-", "'": None, "’": None})

_TIME_TAIL = re.compile(
    r"""
    ^(?P<date>.+?)
    (?:\s*,\s*|\s+|(?<=\d)t)            # "... 09.00", "..., 09.00", ISO "...27T09:00"
    (?:(?P<word>pukul|pkl\.?|jam|at|@)\s*)?
    (?P<time>
        (?P<hour>\d{1,2})
        (?:[.:](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?
        (?:\s*(?P<ampm>[ap])\.?m\.?)?
    )$
    """,
    re.VERBOSE,
)
_DATE_PREFIX = re.compile(r"^(?:tanggal|tgl\.?)\s*")
_RELATIVE_DAYS = {
    "hari ini": 0,
    "today": 0,
    "besok": 1,
    "tomorrow": 1,
    "lusa": 2,
    "day after tomorrow": 2,
    "the day after tomorrow": 2,
    "kemarin": -1,
    "yesterday": -1,
}
_IN_DAYS = re.compile(
    r"""^(?:
        (?P<n1>\d{1,4})\s+(?P<unit1>hari|minggu|pekan)\s+lagi
      | (?:in|dalam)\s+(?P<n2>\d{1,4})\s+(?P<unit2>days?|weeks?|hari|minggu|pekan)
    )$""",
    re.VERBOSE,
)
_WEEK_UNITS = frozenset({"minggu", "pekan", "week", "weeks"})
_H_DAY = re.compile(r"^h(?:\s*(?P<sign>[+-])\s*(?P<n>\d{1,4}))?$")
_WEEKDAY_ONLY = re.compile(
    r"^(?:(?P<pre>next|this)\s+)?(?P<hari>hari\s+)?(?P<name>[^\W\d_]+)\.?"
    r"(?:\s+(?P<post>depan|ini))?$"
)
_LEADING_WEEKDAY = re.compile(r"^(?:hari\s+)?(?P<name>[^\W\d_]+)\.?\s*,?\s+(?P<rest>.+)$")
_ISO = re.compile(r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})$")
_DAY_FIRST = re.compile(
    r"^(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?$"
)
_WORD = re.compile(r"[^\W\d_]+")
# dateutil fills missing fields from a default (the real clock if none is
# given). Its value never reaches a result: every field is taken from what
# _BilingualInfo.validate saw in the text.
_ANY_DATETIME = datetime(2000, 1, 1)
# 29 February can be eight years away (2096 -> 2104).
_YEARS_TO_SEARCH = 9


@dataclass(frozen=True)
class _Found:
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None
    has_time: bool


class _BilingualInfo(parserinfo):
    """Feeds dateutil month and weekday names from Babel, in both languages.

    dateutil's own MONTHS/WEEKDAYS are English tuples of at most three
    spellings each; answering the lookups directly lets every CLDR form and
    alias count. validate() is dateutil's documented per-parse hook and the
    one place that sees which fields the text really held, before defaults
    are filled in silently.
    """

    def __init__(self) -> None:
        super().__init__(dayfirst=True)
        self.found: _Found | None = None

    def month(self, name: str) -> int | None:
        return month_numbers().get(name.casefold())

    def weekday(self, name: str) -> int | None:
        return weekday_numbers().get(name.casefold())

    def convertyear(self, year: int, century_specified: bool = False) -> int:
        # dateutil pivots two-digit years around the real clock; in a planner
        # "24" always means 2024, and results must not depend on the clock.
        if year < 100 and not century_specified:
            return 2000 + year
        return year

    def validate(self, res: Any) -> bool:
        super().validate(res)
        self.found = _Found(
            year=res.year,
            month=res.month,
            day=res.day,
            weekday=res.weekday,
            has_time=any(
                value is not None
                for value in (res.hour, res.minute, res.second, res.tzname, res.tzoffset)
            ),
        )
        return True


class _Reading:
    def __init__(self, text: str, field: str, today: date, voting_day: date | None) -> None:
        self.original = text.strip()
        self.text = " ".join(text.translate(_CLEANUP).casefold().split())
        self.field = field
        self.today = today
        self.voting_day = voting_day

    def fail(self, message: str) -> NoReturn:
        raise InvalidInput(self.field, message)

    def not_understood(self) -> NoReturn:
        self.fail(
            _(
                "{text} is not a date this planner understands; "
                "write e.g. 27/7/2024, 27 Juli 2024 09.00, besok or H-30"
            ).format(text=self.original)
        )

    def when(self) -> When:
        if not self.text:
            self.fail(_("a date is required"))
        day_text, time_of_day = self.split_time()
        day = self.day(day_text)
        if time_of_day is None:
            return When(datetime.combine(day, time()), all_day=True)
        return When(datetime.combine(day, time_of_day), all_day=False)

    def split_time(self) -> tuple[str, time | None]:
        match = _TIME_TAIL.match(self.text)
        if match is None or not (match["minute"] or match["word"] or match["ampm"]):
            # A bare trailing number ("27 Juli 24") is part of the date.
            return self.text, None
        hour = int(match["hour"])
        minute = int(match["minute"] or 0)
        second = int(match["second"] or 0)
        valid = hour <= 23 and minute <= 59 and second <= 59
        if match["ampm"]:
            valid = valid and 1 <= hour <= 12
            hour = hour % 12 + (12 if match["ampm"] == "p" else 0)
        if not valid:
            self.fail(
                _("{time} is not a valid time of day; use 00.00 to 23.59").format(
                    time=match["time"]
                )
            )
        return match["date"], time(hour, minute, second)

    def day(self, text: str) -> date:
        text = _DATE_PREFIX.sub("", text.strip(" ,"))
        relative = self.relative(text)
        if relative is not None:
            return relative
        weekday = None
        leading = _LEADING_WEEKDAY.match(text)
        if leading is not None and leading["name"] in weekday_numbers():
            weekday = weekday_numbers()[leading["name"]]
            text = leading["rest"]
        day = self.numeric(text)
        if day is None:
            if _WORD.search(text) is None:
                self.not_understood()
            day, named_weekday = self.named(text)
            weekday = weekday if named_weekday is None else named_weekday
        if weekday is not None and day.weekday() != weekday:
            self.fail(
                _("{text}: {date} is a {actual}, not a {given}").format(
                    text=self.original,
                    date=format_date(day),
                    actual=weekday_name(day.weekday()),
                    given=weekday_name(weekday),
                )
            )
        return day

    def relative(self, text: str) -> date | None:
        """Words counted from today or from voting day; None if text is not one."""
        if text in _RELATIVE_DAYS:
            return self.today + timedelta(days=_RELATIVE_DAYS[text])
        match = _IN_DAYS.match(text)
        if match is not None:
            count = int(match["n1"] or match["n2"])
            unit = match["unit1"] or match["unit2"]
            return self.today + timedelta(days=count * (7 if unit in _WEEK_UNITS else 1))
        match = _H_DAY.match(text)
        if match is not None:
            offset = int(match["n"] or 0) * (-1 if match["sign"] == "-" else 1)
            if self.voting_day is None:
                label = f"H{match['sign']}{match['n']}" if match["n"] else "H"
                self.fail(_("{label} needs an election with a voting day").format(label=label))
            return self.voting_day + timedelta(days=offset)
        return self.weekday_only(text)

    def weekday_only(self, text: str) -> date | None:
        match = _WEEKDAY_ONLY.match(text)
        if match is None or match["name"] not in weekday_numbers():
            return None
        if match["pre"] and match["post"]:
            self.not_understood()
        if match["name"] == "minggu" and match["post"] and not match["hari"]:
            # "minggu depan" / "minggu ini" usually mean next week / this week,
            # which is not a day; guessing Sunday would plan on the wrong date.
            self.fail(
                _(
                    '{text} can mean a week or a Sunday; write "hari Minggu depan" '
                    "for the Sunday, or give the date"
                ).format(text=self.original)
            )
        weekday = weekday_numbers()[match["name"]]
        ahead = (weekday - self.today.weekday()) % 7
        if ahead == 0 and (match["pre"] == "next" or match["post"] == "depan"):
            # "next Monday" said on a Monday is a week away, not today.
            ahead = 7
        return self.today + timedelta(days=ahead)

    def numeric(self, text: str) -> date | None:
        # dateutil's own reading of bare numbers would flip "5/13/2024" to
        # month-first and read ISO "2024-07-12" as 7 December under
        # dayfirst=True, so all-number dates never reach it.
        match = _ISO.match(text)
        if match is not None:
            return self.make_date(int(match["y"]), int(match["m"]), int(match["d"]))
        match = _DAY_FIRST.match(text)
        if match is None or (match["sep"] == "." and match["y"] is None):
            # "27.07" alone is more likely a time typed without a date.
            return None
        year = match["y"]
        if year is not None and len(year) == 2:
            year = "20" + year
        return self.make_date(None if year is None else int(year), int(match["m"]), int(match["d"]))

    def named(self, text: str) -> tuple[date, int | None]:
        """A date written with a month name; returns it and any weekday named."""
        if not any(word in month_numbers() for word in _WORD.findall(text)):
            # Without a month name dateutil would have to guess which number
            # is the month; the day-first forms above are the only numeric ones.
            self.not_understood()
        info = _BilingualInfo()
        # dateutil also raises for impossible dates; info.found tells them apart.
        with suppress(ValueError, OverflowError):
            parser(info).parse(text, default=_ANY_DATETIME)
        found = info.found
        if found is None or found.has_time:
            self.not_understood()
        if found.day is None:
            self.fail(_("{text} has no day of the month").format(text=self.original))
        if found.month is None:
            self.not_understood()
        return self.make_date(found.year, found.month, found.day), found.weekday

    def make_date(self, year: int | None, month: int, day: int) -> date:
        if not 1 <= month <= 12:
            self.fail(
                _("{text} is not a valid date: there is no month {month}").format(
                    text=self.original, month=month
                )
            )
        if year is None:
            return self.next_yearly(month, day)
        if not 1 <= year <= 9999:
            self.not_understood()
        days = monthrange(year, month)[1]
        if not 1 <= day <= days:
            self.fail(
                _("{text} does not exist: {month} {year} has {days} days").format(
                    text=self.original, month=month_name(month), year=year, days=days
                )
            )
        return date(year, month, day)

    def next_yearly(self, month: int, day: int) -> date:
        """The first such day on or after today, for dates written without a year."""
        most = monthrange(2000, month)[1]  # 2000 was a leap year
        if not 1 <= day <= most:
            self.fail(
                _("{text} does not exist: {month} has at most {days} days").format(
                    text=self.original, month=month_name(month), days=most
                )
            )
        for year in range(self.today.year, self.today.year + _YEARS_TO_SEARCH):
            if day <= monthrange(year, month)[1] and date(year, month, day) >= self.today:
                return date(year, month, day)
        raise AssertionError("every valid day recurs within nine years")
