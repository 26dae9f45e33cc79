"""Month and weekday names the parser accepts, taken from CLDR via Babel.

Both languages are accepted whatever the UI language is: an operator who
switched the UI to English still types "27 Agustus" out of habit, and a
spreadsheet from the provincial office may say "27 Aug".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Literal

from babel.dates import get_day_names, get_month_names

# CLDR locales whose names are understood when parsing, whatever the UI language.
PARSE_LOCALES = ("id", "en")

_WIDTHS: tuple[Literal["wide", "abbreviated"], ...] = ("wide", "abbreviated")
_CONTEXTS: tuple[Literal["format", "stand-alone"], ...] = ("format", "stand-alone")

# Forms people write that CLDR does not list. Keep this to real-world variants
# only: every entry is a word the parser will treat as a date, so a careless
# entry turns garbage into a date.
_MONTH_ALIASES: Mapping[str, int] = {
    "agt": 8,  # the usual Indonesian office abbreviation; CLDR has "Agu"
    "ags": 8,
    "sept": 9,  # both languages; CLDR's en_US abbreviation is "Sep"
    "pebruari": 2,  # pre-1972 spelling still seen in older letters
    "peb": 2,
    "nopember": 11,  # same, and still the official name in some regions
    "nop": 11,
}
_WEEKDAY_ALIASES: Mapping[str, int] = {
    "ahad": 6,  # the Arabic-derived name for Sunday, common in pesantren schedules
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}


def _fold(name: str) -> str:
    # CLDR abbreviations in some locales end with a dot ("Agu."); users omit it.
    return name.casefold().rstrip(".")


def _table(names: Iterable[tuple[int, str]], aliases: Mapping[str, int]) -> dict[str, int]:
    table = {_fold(name): number for number, name in names}
    table.update(aliases)
    return table


@cache
def month_numbers() -> Mapping[str, int]:
    """Lower-cased month name or abbreviation -> month number (1-12)."""
    pairs = [
        (number, name)
        for locale in PARSE_LOCALES
        for context in _CONTEXTS
        for width in _WIDTHS
        for number, name in get_month_names(width, context, locale).items()
    ]
    return _table(pairs, _MONTH_ALIASES)


@cache
def weekday_numbers() -> Mapping[str, int]:
    """Lower-cased weekday name or abbreviation -> weekday (Monday = 0, as in datetime)."""
    pairs = [
        (number, name)
        for locale in PARSE_LOCALES
        for context in _CONTEXTS
        for width in _WIDTHS
        for number, name in get_day_names(width, context, locale).items()
    ]
    return _table(pairs, _WEEKDAY_ALIASES)
