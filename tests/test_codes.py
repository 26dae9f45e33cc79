"""Kemendagri region codes and SIREKAP TPS codes."""

from __future__ import annotations

import pytest

from planner.i18n import set_language
from planner.importers.codes import LEVELS, level_of, normalize_code, parent_of, split_tps


@pytest.fixture(autouse=True)
def _english(_isolate: None) -> None:
    # Assertions read the English message ids, whatever catalogs are compiled.
    set_language("en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3316062001", "33.16.06.2001"),
        ("33.16.06.2001", "33.16.06.2001"),
        ("33 16 06 2001", "33.16.06.2001"),
        ("  3316062001 ", "33.16.06.2001"),
        ("331606", "33.16.06"),
        ("3316", "33.16"),
        ("33", "33"),
        ("33.16", "33.16"),
        ("11.01.02.2018", "11.01.02.2018"),
    ],
)
def test_normalize_code_accepts_every_usual_spelling(text: str, expected: str) -> None:
    assert normalize_code(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("abc", "not a region code"),
        ("33-16", "not a region code"),
        ("331606200", "9 digits"),
        ("3316062001003", "TPS code"),
        ("33.16.6", "not shaped like"),
        ("33.16.06.201", "not shaped like"),
        ("33.16.06.2001.003", "not shaped like"),
        (".33.16", "not a region code"),
        ("00.16", "all zeros"),
        ("33.16.06.0000", "all zeros"),
        ("3.31606E+12", "scientific notation"),
        ("٣٣١٦", "not a region code"),
    ],
)
def test_normalize_code_refuses_impossible_codes(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        normalize_code(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3316062001003", ("33.16.06.2001", 3)),
        ("33.16.06.2001.003", ("33.16.06.2001", 3)),
        ("33.16.06.2001.12", ("33.16.06.2001", 12)),
        ("3316062001 003", ("33.16.06.2001", 3)),
        ("3101011001999", ("31.01.01.1001", 999)),
        ("3316062001", ("33.16.06.2001", None)),
        ("33.16.06", ("33.16.06", None)),
    ],
)
def test_split_tps(text: str, expected: tuple[str, int | None]) -> None:
    assert split_tps(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("3316062001000", "numbered from 1"),
        ("33.16.06.2001.0003", "longer than 3 digits"),
        ("33.16.06.003", "not shaped like"),
        ("331606200100", "12 digits"),
        ("0016062001003", "all zeros"),
    ],
)
def test_split_tps_refuses_impossible_codes(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        split_tps(text)


def test_levels_and_parents_follow_the_dots() -> None:
    codes = ["33", "33.16", "33.16.06", "33.16.06.2001"]
    assert [level_of(c) for c in codes] == list(LEVELS)
    assert [parent_of(c) for c in codes] == [None, "33", "33.16", "33.16.06"]


@pytest.mark.parametrize("code", ["3316", "33.16.06.2001.003", "33.1", "", "33.16."])
def test_level_of_wants_a_dotted_code(code: str) -> None:
    with pytest.raises(ValueError, match="dotted region code"):
        level_of(code)
    with pytest.raises(ValueError):
        parent_of(code)
