"""Numbers formatted by Python and the locale's signs read exactly as Babel writes them."""

from __future__ import annotations

import random

import pytest
from babel.numbers import format_decimal

from planner import formatting
from planner.i18n import babel_locale, set_language

_rng = random.Random(20240214)
FLOATS = [
    *(_rng.uniform(-200, 200) for _ in range(3000)),
    *(_rng.uniform(0, 10_000_000) for _ in range(500)),
    0.0,
    -0.0,
    0.005,
    0.015,
    1.005,
    2.675,
    -0.001,
    99.995,
    77.47,
    1e9 + 0.5,
]
INTEGERS = [
    0,
    1,
    -5,
    999,
    1000,
    22549,
    -1_234_567,
    10**12,
    *(_rng.randint(-(10**9), 10**9) for _ in range(1000)),
]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_number_percent_and_points_match_babel(lang: str) -> None:
    set_language(lang)
    locale = babel_locale()
    for whole in INTEGERS:
        assert formatting.number(whole) == format_decimal(whole, locale=locale)
    for value in FLOATS:
        for digits in (0, 1, 2):
            pattern = "#,##0." + "0" * digits
            babel = format_decimal(round(value, digits), format=pattern, locale=locale) + "%"
            assert formatting.percent(value, digits) == babel, (value, digits)
        babel_points = format_decimal(round(value, 2), format="#,##0.##", locale=locale)
        assert formatting.points(value) == babel_points, value


def test_the_indonesian_signs() -> None:
    set_language("id")
    assert formatting.number(22549) == "22.549"
    assert formatting.percent(77.47) == "77,47%"
    assert formatting.points(5.5) == "5,5"
    assert formatting.number(None) == formatting.percent(None) == "–"
