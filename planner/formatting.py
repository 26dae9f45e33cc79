"""Numbers and percentages as the current language writes them (22.549; 77,47%)."""

from __future__ import annotations

from functools import cache

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from planner.i18n import babel_locale


@cache
def _separators(locale: str) -> dict[int, str]:
    """Python's own "," and "." swapped for the locale's group and decimal signs.

    Formatting with Python and swapping the signs gives what Babel's patterns
    give for the patterns below (tests/test_formatting_fast.py checks it on
    thousands of values) at a twentieth of the cost: a national table formats
    tens of thousands of figures.
    """
    return str.maketrans({",": get_group_symbol(locale), ".": get_decimal_symbol(locale)})


def number(value: int | float | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".translate(_separators(babel_locale()))
    return format_decimal(value, locale=babel_locale())


def percent(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{round(value, digits):,.{digits}f}".translate(_separators(babel_locale())) + "%"


def points(value: float) -> str:
    """A difference between two percentages, in points."""
    text = f"{round(value, 2):,.2f}".rstrip("0").rstrip(".")
    return text.translate(_separators(babel_locale()))


def rupiah(value: int | None) -> str:
    return "–" if value is None else f"Rp {number(value)}"
