"""The fast turnout reader gives what the full rules give: the same records, the same errors."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from planner.errors import ImportProblem
from planner.importers.fields import (
    TURNOUT_SYNONYMS,
    TurnoutRecord,
    _FastTurnout,
    _record,
    read_turnout_rows,
    turnout_records,
)
from planner.importers.tabular import map_headers, read_cells, read_table

HEADER = "Kode TPS,Nama,TPS,DPT,DPT L,DPT P,DPTb,DPK,Pengguna Hak Pilih,Suara Sah,Suara Tidak Sah"


def test_a_record_built_by_its_slots_equals_the_constructors() -> None:
    counts: list[int | None] = [250, 1, None, None, None, None, 200, 190, 10, 120, 130, None, None]
    fields = (
        "dpt",
        "dptb",
        "dpk",
        "voters_dpt",
        "voters_dptb",
        "voters_dpk",
        "voters",
        "valid",
        "invalid",
        "dpt_men",
        "dpt_women",
        "voters_men",
        "voters_women",
    )
    fast = _record(7, "33.16.06.2001", 3, None, counts)
    given: dict[str, Any] = dict(zip(fields, counts, strict=True))
    slow = TurnoutRecord(line=7, code="33.16.06.2001", tps=3, name=None, **given)
    assert fast == slow and hash(fast) == hash(slow)
    with pytest.raises(AttributeError):
        fast.dpt = 1  # type: ignore[misc]


def _cells(rng: random.Random) -> list[str]:
    """A row as staff write them: mostly plain, sometimes grouped, blank, wrong or odd."""
    code = rng.choice(
        [
            "3316062001" + f"{rng.randint(0, 12):03d}",
            "33.16.06.2001",
            "33.16.06.2002.004",
            "3316062003",
            "33.16.06",
            "3.31606E+12",
            "0016062001001",
            "",
        ]
    )
    dpt = rng.randint(0, 400)
    men = rng.choice([dpt // 2, dpt // 2 + 1, None])
    voters = rng.randint(0, dpt + 3)
    valid = rng.choice([voters, voters - 2, voters + 1, None])

    def write(value: int | None) -> str:
        if value is None:
            return rng.choice(["", "-", "—"])
        return rng.choice([str(value), str(value), f"{value:,}", f"{value}.0", f" {value} "])

    women = None if men is None else dpt - men
    return [
        code,
        rng.choice(["Sambong", ""]),
        rng.choice(["", "", "3", "TPS 004", "0", "abc"]),
        write(dpt),
        write(men),
        write(women),
        write(rng.choice([0, 2, None])),
        write(rng.choice([0, 1, None])),
        write(voters),
        write(valid),
        write(rng.choice([0, 2, None])),
    ]


def test_every_row_reads_as_the_full_rules_read_it() -> None:
    headers = HEADER.split(",")
    columns = map_headers(headers, TURNOUT_SYNONYMS, required=("code", "dpt"), path="f.csv")
    fast = _FastTurnout("f.csv", headers, columns)
    rng = random.Random(3)
    fast_taken = 0
    for line in range(2, 4002):
        cells = [c.strip() for c in _cells(rng)]
        try:
            expected: TurnoutRecord | str = fast.slow(line, cells)
        except ImportProblem as exc:
            expected = str(exc)
        try:
            got: TurnoutRecord | str = fast(line, cells)
        except ImportProblem as exc:
            got = str(exc)
        assert got == expected, cells
        fast_taken += isinstance(got, TurnoutRecord)
    assert fast_taken > 400  # the test reached the fast path as well as the errors


def test_a_csv_read_row_by_row_gives_the_records_of_the_table(tmp_path: Path) -> None:
    rng = random.Random(5)
    lines = [HEADER]
    for tps in range(1, 300):
        dpt = rng.randint(150, 300)
        voters = rng.randint(0, dpt)
        lines.append(f"3316062001{tps:03d},,,{dpt},,,1,0,{voters},{voters},0")
    lines.insert(3, ",,,,,,,,,,")  # a blank row is skipped by both
    path = tmp_path / "tps.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert turnout_records(read_cells(path)) == read_turnout_rows(read_table(path))


def test_a_duplicate_tps_names_both_rows(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(
        "Kode TPS,DPT,Pengguna Hak Pilih\n3316062001001,200,150\n3316062001001,210,160\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportProblem, match=r"TPS 001.* 2 .* 3"):
        turnout_records(read_cells(path))
