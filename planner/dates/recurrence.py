"""Repeating activities, stored as RFC 5545 RRULE strings.

Rules are kept in one canonical spelling (parts in a fixed order, defaults
left out, lists sorted) so equal rules compare equal and diffs stay quiet.
dateutil is used to expand them, but it is lenient in ways a planner should
not be (duplicate parts silently override, COUNT with UNTIL only warns,
INTERVAL=0 is accepted), so rules are checked here first.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import NoReturn

from babel.lists import format_list
from dateutil.rrule import rrulestr

from planner.dates.format import format_date, format_day_month, weekday_name
from planner.dates.names import weekday_numbers
from planner.dates.parse import parse_date
from planner.errors import InvalidInput
from planner.i18n import _, babel_locale, ngettext

_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_SUB_DAILY = ("HOURLY", "MINUTELY", "SECONDLY")
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = datetime.weekday()

# Canonical order of the parts; FREQ first as RFC 5545 recommends.
_ORDER = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYHOUR",
    "BYMINUTE",
    "BYSECOND",
    "BYSETPOS",
    "WKST",
)
# Integer-list parts: (smallest magnitude, largest magnitude, negatives allowed).
_INT_LISTS: Mapping[str, tuple[int, int, bool]] = {
    "BYMONTH": (1, 12, False),
    "BYWEEKNO": (1, 53, True),
    "BYYEARDAY": (1, 366, True),
    "BYMONTHDAY": (1, 31, True),
    "BYHOUR": (0, 23, False),
    "BYMINUTE": (0, 59, False),
    "BYSECOND": (0, 60, False),
    "BYSETPOS": (1, 366, True),
}
# RFC 5545 3.3.10 forbids these parts with other frequencies.
_ONLY_WITH: Mapping[str, tuple[str, ...]] = {
    "BYWEEKNO": ("YEARLY",),
    "BYYEARDAY": ("YEARLY",),
    "BYMONTHDAY": ("DAILY", "MONTHLY", "YEARLY"),
}
_BYDAY_ITEM = re.compile(r"^(?P<n>[+-]?\d{1,2})?(?P<day>MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(?P<date>\d{8})(?:T(?P<time>\d{6}))?(?P<utc>Z)?$")
_POSITIVE = re.compile(r"^\d{1,4}$")
# A fixed start for validating with dateutil, so nothing depends on the clock.
_PROBE_START = datetime(2000, 1, 1)

_Parts = dict[str, str]


def normalize_rrule(rule: str, *, field: str = "recurrence") -> str:
    """Checks an RRULE (with or without "RRULE:") and returns it as "FREQ=...;..."."""
    return _join(_parse_parts(rule, field))


def describe_rrule(rule: str) -> str:
    """The rule in words in the current language, e.g. "setiap minggu, 5 kali"."""
    parts = _parse_parts(rule, "recurrence")
    described: set[str] = {"FREQ", "INTERVAL", "COUNT", "UNTIL"}
    phrases = [_describe_repeat(parts, described)]
    rest = [f"{name}={parts[name]}" for name in _ORDER if name in parts and name not in described]
    if rest:
        # Rare parts are shown as written rather than half-translated.
        phrases[0] += f" ({';'.join(rest)})"
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        phrases.append(ngettext("{n} time", "{n} times", count).format(n=count))
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%S")
        phrases.append(_("until {date}").format(date=format_date(until.date())))
    return ", ".join(phrases)


def expand(start: datetime, rule: str | None, since: datetime, until: datetime) -> list[datetime]:
    """Occurrence starts within [since, until], both ends included.

    start is the first occurrence (the activity's own start, naive local
    time); COUNT counts from it even when it lies before since.
    """
    if since > until:
        return []
    if not rule:
        return [start] if since <= start <= until else []
    recurrence = rrulestr(normalize_rrule(rule), dtstart=start)
    return recurrence.between(since, until, inc=True)


# --- checking and canonical spelling --------------------------------------


def _parse_parts(rule: str, field: str) -> _Parts:
    shown = " ".join(rule.split())
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]

    def fail(message: str) -> NoReturn:
        raise InvalidInput(field, message)

    def not_a_rule() -> NoReturn:
        fail(
            _("{rule} is not a recurrence rule; write e.g. FREQ=WEEKLY;COUNT=5").format(rule=shown)
        )

    if not text or any(c.isspace() for c in text):
        # Several lines would carry DTSTART or EXDATE too; the start comes from
        # the activity, so only a bare RRULE is accepted.
        not_a_rule()
    parts: _Parts = {}
    for item in text.upper().rstrip(";").split(";"):
        name, equals, value = item.partition("=")
        if not equals or not value:
            not_a_rule()
        if name not in _ORDER:
            fail(_("unknown part {part} in the recurrence rule").format(part=name))
        if name in parts:
            fail(_("{part} appears twice in the recurrence rule").format(part=name))
        parts[name] = _canonical_value(name, value, fail)

    freq = parts.get("FREQ")
    if freq is None:
        fail(_("a recurrence rule needs FREQ, e.g. FREQ=WEEKLY"))
    if "COUNT" in parts and "UNTIL" in parts:
        fail(_("a recurrence rule cannot have both COUNT and UNTIL"))
    for name, freqs in _ONLY_WITH.items():
        if name in parts and freq not in freqs:
            fail(_("{part} cannot be used with FREQ={freq}").format(part=name, freq=freq))
    if "BYDAY" in parts and freq not in ("MONTHLY", "YEARLY") and re.search(r"\d", parts["BYDAY"]):
        fail(
            _("numbered weekdays like {value} need FREQ=MONTHLY or FREQ=YEARLY").format(
                value=parts["BYDAY"]
            )
        )
    if "BYMONTH" in parts and "BYMONTHDAY" in parts and not _can_happen(parts):
        # dateutil would search day by day until the year 9999 (seconds of
        # CPU for a DAILY rule) before finding nothing.
        fail(_("{rule} never happens: none of its months has that day").format(rule=shown))
    try:
        # The checks above follow RFC 5545; dateutil has the last word on
        # whether it can expand the rule at all.
        rrulestr(_join(parts), dtstart=_PROBE_START)
    except ValueError:
        not_a_rule()
    return parts


def _can_happen(parts: _Parts) -> bool:
    months = [int(m) for m in parts["BYMONTH"].split(",")]
    days = [int(d) for d in parts["BYMONTHDAY"].split(",")]
    # Negative days count back from the month's end, so they always exist;
    # 2000 is a leap year, the most generous February.
    return any(d < 0 or d <= monthrange(2000, m)[1] for m in months for d in days)


def _canonical_value(name: str, value: str, fail: Callable[[str], NoReturn]) -> str:
    def bad() -> NoReturn:
        fail(_("{part}={value} is not valid in a recurrence rule").format(part=name, value=value))

    if name == "FREQ":
        if value in _SUB_DAILY:
            fail(
                _("activities cannot repeat more often than daily (FREQ={freq})").format(freq=value)
            )
        if value not in _FREQS:
            bad()
        return value
    if name in ("INTERVAL", "COUNT"):
        if not _POSITIVE.match(value) or int(value) < 1:
            bad()
        return str(int(value))
    if name == "UNTIL":
        return _canonical_until(value, fail, bad)
    if name == "WKST":
        if value not in _DAY_CODES:
            bad()
        return value
    if name == "BYDAY":
        return _canonical_byday(value, bad)
    low, high, negatives = _INT_LISTS[name]
    numbers: set[int] = set()
    for item in value.split(","):
        if not re.fullmatch(r"[+-]?\d{1,3}", item):
            bad()
        number = int(item)
        if not low <= abs(number) <= high or (number < 0 and not negatives):
            bad()
        numbers.add(number)
    return ",".join(str(n) for n in sorted(numbers))


def _canonical_until(
    value: str, fail: Callable[[str], NoReturn], bad: Callable[[], NoReturn]
) -> str:
    match = _UNTIL.match(value)
    if match is None:
        bad()
    if match["utc"]:
        # Activities are naive local times; dateutil refuses to compare a UTC
        # UNTIL with them, and silently reading it as local would shift the end.
        fail(_("UNTIL must be a local date or time, without Z"))
    # A date-only UNTIL means through that day: as midnight it would drop the
    # last day's occurrences of any activity that starts later than 00:00.
    text = match["date"] + "T" + (match["time"] or "235959")
    try:
        datetime.strptime(text, "%Y%m%dT%H%M%S")
    except ValueError:
        bad()
    return text


def _canonical_byday(value: str, bad: Callable[[], NoReturn]) -> str:
    items: set[tuple[int, int]] = set()
    for item in value.split(","):
        match = _BYDAY_ITEM.match(item)
        if match is None:
            bad()
        n = int(match["n"]) if match["n"] else 0
        if match["n"] and not 1 <= abs(n) <= 53:
            bad()
        items.add((_DAY_CODES.index(match["day"]), n))
    return ",".join(f"{n if n else ''}{_DAY_CODES[day]}" for day, n in sorted(items))


# Values RFC 5545 assumes when a part is absent; spelling them out would make
# equal rules look different.
_DEFAULTS = {"INTERVAL": "1", "WKST": "MO"}


def _join(parts: _Parts) -> str:
    return ";".join(
        f"{name}={parts[name]}"
        for name in _ORDER
        if name in parts and _DEFAULTS.get(name) != parts[name]
    )


# --- describing ------------------------------------------------------------


def _describe_repeat(parts: _Parts, described: set[str]) -> str:
    freq = parts["FREQ"]
    n = int(parts.get("INTERVAL", "1"))
    byday = parts.get("BYDAY", "")
    codes = byday.split(",") if byday else []
    plain_days = [_DAY_CODES.index(c) for c in codes] if all(c in _DAY_CODES for c in codes) else []
    if freq == "DAILY":
        return _("every day") if n == 1 else _("every {n} days").format(n=n)
    if freq == "WEEKLY":
        if plain_days:
            described.add("BYDAY")
            days = format_list([weekday_name(d) for d in plain_days], locale=babel_locale())
            if n == 1:
                return _("every {days}").format(days=days)
            return _("every {n} weeks on {days}").format(n=n, days=days)
        return _("every week") if n == 1 else _("every {n} weeks").format(n=n)
    if freq == "MONTHLY":
        base = _("every month") if n == 1 else _("every {n} months").format(n=n)
        monthday = parts.get("BYMONTHDAY", "")
        if monthday and not byday and "-" not in monthday:
            described.add("BYMONTHDAY")
            days = format_list(monthday.split(","), locale=babel_locale())
            return _("{repeat} on day {days}").format(repeat=base, days=days)
        match = re.fullmatch(r"(-?\d)(MO|TU|WE|TH|FR|SA|SU)", byday)
        if match and "BYMONTHDAY" not in parts and match[1] in _ORDINALS:
            described.add("BYDAY")
            return _("{repeat} on the {ordinal} {weekday}").format(
                repeat=base,
                ordinal=_ORDINALS[match[1]](),
                weekday=weekday_name(_DAY_CODES.index(match[2])),
            )
        return base
    base = _("every year") if n == 1 else _("every {n} years").format(n=n)
    month, monthday = parts.get("BYMONTH", ""), parts.get("BYMONTHDAY", "")
    if month.isdigit() and monthday.isdigit() and not byday:
        described.update(("BYMONTH", "BYMONTHDAY"))
        return _("{repeat} on {day}").format(
            repeat=base, day=format_day_month(int(month), int(monthday))
        )
    return base


# Functions, so each is translated when shown rather than at import.
_ORDINALS: Mapping[str, Callable[[], str]] = {
    "1": lambda: _("first"),
    "2": lambda: _("second"),
    "3": lambda: _("third"),
    "4": lambda: _("fourth"),
    "5": lambda: _("fifth"),
    "-1": lambda: _("last"),
}


# --- everyday phrases --------------------------------------------------------

_NONE_WORDS = frozenset(
    {"", "-", "tidak", "tidak ada", "tidak berulang", "none", "no", "never", "once"}
)
_END = re.compile(
    r"""^(?P<head>.+?)\s*,?\s+(?:
        (?:sampai|hingga|s\.?d\.?|s/d|until|till)\s+(?P<until>.+)
      | (?:sebanyak\s+)?(?P<count>\d{1,4})\s*(?:kali|x|times?)
    )$""",
    re.VERBOSE,
)
_UNITS = {
    "hari": "DAILY",
    "day": "DAILY",
    "days": "DAILY",
    "minggu": "WEEKLY",
    "pekan": "WEEKLY",
    "week": "WEEKLY",
    "weeks": "WEEKLY",
    "bulan": "MONTHLY",
    "month": "MONTHLY",
    "months": "MONTHLY",
    "tahun": "YEARLY",
    "year": "YEARLY",
    "years": "YEARLY",
}
_ADVERBS = {
    "daily": "DAILY",
    "harian": "DAILY",
    "weekly": "WEEKLY",
    "mingguan": "WEEKLY",
    "monthly": "MONTHLY",
    "bulanan": "MONTHLY",
    "yearly": "YEARLY",
    "annually": "YEARLY",
    "tahunan": "YEARLY",
}
# "setiap minggu" is every week; "setiap hari Minggu" is every Sunday.
_EVERY_UNIT = re.compile(r"^(?:setiap|tiap|every)\s+(?:(?P<n>\d{1,3})\s+)?(?P<unit>[^\W\d_]+)$")
# "seminggu sekali", "2 minggu sekali": the everyday Indonesian way to say it.
_ONCE_PER = re.compile(
    r"^(?:se(?P<unit1>[^\W\d_]+)|(?P<n>\d{1,3})\s+(?P<unit2>[^\W\d_]+))\s+sekali$"
)
_EVERY_DAYS = re.compile(r"^(?:setiap|tiap|every)\s+(?:hari\s+)?(?P<days>.+)$")
_DAY_LIST_SEPARATOR = re.compile(r"\s*(?:,|\bdan\b|\band\b|&)\s*")


def parse_recurrence(
    text: str,
    *,
    field: str = "recurrence",
    today: date | None = None,
    voting_day: date | None = None,
) -> str | None:
    """Reads an RRULE or an everyday phrase; returns a canonical RRULE, or None.

    today and voting_day anchor an end date like "sampai besok" or "sampai
    H-1", exactly as in parse_date; today falls back to the real date, so
    pass it wherever the caller already knows it.
    """
    cleaned = " ".join(text.casefold().split()).rstrip(".")
    if cleaned in _NONE_WORDS:
        return None
    if cleaned.startswith(("rrule:", "freq=")) or "freq=" in cleaned:
        return normalize_rrule(text, field=field)

    head, ending = cleaned, ""
    end = _END.match(cleaned)
    if end is not None:
        head = end["head"]
        if end["count"]:
            count = int(end["count"])
            if count < 1:
                raise InvalidInput(field, _("the number of times must be at least 1"))
            ending = f";COUNT={count}"
        else:
            until = parse_date(
                end["until"], today=today or date.today(), voting_day=voting_day, field=field
            )
            ending = ";UNTIL=" + datetime.combine(until, time(23, 59, 59)).strftime("%Y%m%dT%H%M%S")
    repeat = _phrase_rule(head)
    if repeat is None:
        raise InvalidInput(
            field,
            _(
                "{text} is not a repetition this planner understands; write e.g. "
                "setiap minggu, tiap Senin, setiap bulan sampai 30/9/2024, 5 kali, "
                "or an RRULE such as FREQ=WEEKLY;COUNT=5"
            ).format(text=text.strip()),
        )
    return normalize_rrule(repeat + ending, field=field)


def _phrase_rule(head: str) -> str | None:
    if head in _ADVERBS:
        return "FREQ=" + _ADVERBS[head]
    for pattern in (_EVERY_UNIT, _ONCE_PER):
        match = pattern.match(head)
        if match is None:
            continue
        groups = match.groupdict()
        unit = groups.get("unit") or groups.get("unit1") or groups.get("unit2")
        if unit in _UNITS:
            n = int(match["n"] or 1)
            return f"FREQ={_UNITS[unit]};INTERVAL={n}"
    match = _EVERY_DAYS.match(head)
    if match is not None:
        names = [name.rstrip(".") for name in _DAY_LIST_SEPARATOR.split(match["days"]) if name]
        if names and all(name in weekday_numbers() for name in names):
            codes = ",".join(_DAY_CODES[weekday_numbers()[name]] for name in names)
            return f"FREQ=WEEKLY;BYDAY={codes}"
    return None
