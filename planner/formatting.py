"""Numbers and percentages as the current language writes them (22.549; 77,47%)."""

from __future__ import annotations

from babel.numbers import format_decimal

from planner.i18n import babel_locale


def number(value: int | float | None) -> str:
    if value is None:
        return "–"
    return format_decimal(value, locale=babel_locale())


def percent(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * digits
    return format_decimal(round(value, digits), format=pattern, locale=babel_locale()) + "%"


def points(value: float) -> str:
    """A difference between two percentages, in points."""
    return format_decimal(round(value, 2), format="#,##0.##", locale=babel_locale())


def rupiah(value: int | None) -> str:
    return "–" if value is None else f"Rp {number(value)}"
