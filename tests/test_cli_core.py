"""The command line on the Blora sample: flags, gaps, activities, agenda, settings, refusals."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func
from sqlmodel import SQLModel, select

from planner.cli import cli
from planner.models import Activity, Election, Turnout, TurnoutTotal
from planner.store import open_database

PEMILU_2029 = date(2029, 2, 14)
RADIO = "Gelar wicara radio mingguan: Sapa Pemilih Blora"


def run(path: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(path), "--lang", "en", *args], input=input)


def ok(path: Path, *args: str, input: str | None = None) -> Result:
    result = run(path, *args, input=input)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def as_json(path: Path, *args: str) -> Any:
    return json.loads(ok(path, *args, "--json").stdout)


def one_line_error(result: Result) -> str:
    """A refusal: exit code 1 and a single line on stderr."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def count(path: Path, model: type[SQLModel]) -> int:
    database = open_database(path)
    try:
        with database.read() as s:
            return int(s.exec(select(func.count()).select_from(model)).one())
    finally:
        database.dispose()


def dmy(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


@pytest.fixture(scope="module")
def _sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """`planner init --sample blora` once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("cli-core") / "blora.db"
    result = CliRunner().invoke(
        cli, ["--db", str(path), "--lang", "en", "init", "--sample", "blora"]
    )
    assert result.exit_code == 0, (result.stdout, result.stderr)
    yield path, result.stdout


@pytest.fixture
def sample(_sample: tuple[Path, str], tmp_path: Path) -> Path:
    path = tmp_path / "blora.db"
    shutil.copyfile(_sample[0], path)
    return path


# --- init, flags, gaps -------------------------------------------------------------


def test_init_loads_the_sample(_sample: tuple[Path, str]) -> None:
    path, output = _sample
    assert output.startswith(f"Loaded the Blora sample into {path}")


def test_flags_name_sambong_and_bogorejo_with_their_reasons(sample: Path) -> None:
    output = ok(sample, "flags").stdout
    assert "Election: Pilkada Blora 2024" in output
    rows = {line.split()[1]: line for line in output.splitlines() if line.startswith("33.16.")}
    for name in ("Sambong", "Bogorejo"):
        assert "points below Kabupaten Blora's 71.24%" in rows[name]
        assert "is below the target 82%" in rows[name]


def test_flags_json_has_the_reasons(sample: Path) -> None:
    data = as_json(sample, "flags")
    assert data["election"] == "Pilkada Blora 2024" and data["level"] == "kecamatan"
    flagged = {r["name"]: r for r in data["flagged"]}
    below = {
        name
        for name, r in flagged.items()
        if any(x["kind"] == "below_kabupaten" for x in r["reasons"])
    }
    assert below == {"Sambong", "Bogorejo"}
    for name in below:
        reason = next(x for x in flagged[name]["reasons"] if x["kind"] == "below_kabupaten")
        assert reason["detail"] == "Kabupaten Blora"
        assert reason["reference"] - reason["value"] > 5
        assert "points below Kabupaten Blora's" in reason["text"]
    sambong = [x["kind"] for x in flagged["Sambong"]["reasons"]]
    assert "lokus" in sambong


def test_flags_for_a_named_election(sample: Path) -> None:
    data = as_json(sample, "flags", "--election", "Pemilu 2024")
    assert data["election"] == "Pemilu 2024" and data["previous"] == "Pemilu 2019"
    refused = one_line_error(run(sample, "flags", "--election", "Pemilu 2099"))
    assert refused.startswith("planner: election: unknown election 'Pemilu 2099'")


def test_gaps_show_uncovered_cells(sample: Path) -> None:
    output = ok(sample, "gaps").stdout
    summary = [line for line in output.splitlines() if "uncovered cells" in line]
    assert len(summary) == 1 and int(summary[0].split()[0]) > 0
    assert "·" in output and "Sambong" in output and "Bogorejo" in output


def test_gaps_json_lists_the_gaps(sample: Path) -> None:
    data = as_json(sample, "gaps")
    assert data["gaps"]
    assert {"Sambong", "Bogorejo"} <= {g["name"] for g in data["gaps"]}
    rows = {r["name"]: r for r in data["rows"]}
    for gap in data["gaps"]:
        cell = rows[gap["name"]]["cells"][gap["segment"]]
        assert cell["planned"] == 0 and cell["done"] == 0
    priorities = [r["priority"] for r in data["rows"]]
    assert priorities == sorted(priorities, reverse=True)


# --- activities ------------------------------------------------------------------------


def _add_h30(path: Path, *extra: str) -> dict[str, Any]:
    data: dict[str, Any] = as_json(
        path,
        "activity",
        "add",
        "--title",
        "T",
        "--when",
        "H-30",
        "--region",
        "Sambong",
        "--segment",
        "Pemilih Pemula",
        "--stakeholder",
        "Bawaslu Blora:mitra",
        *extra,
    )
    return data


def test_activity_add_h_30_stores_the_right_day(sample: Path) -> None:
    if date.today() >= PEMILU_2029:
        pytest.skip("Pemilu 2029 is no longer the next election")
    created = _add_h30(sample)
    expected = PEMILU_2029 - timedelta(days=30)  # 15 January 2029
    assert datetime.fromisoformat(created["start"]) == datetime.combine(
        expected, datetime.min.time()
    )
    assert created["all_day"] is True
    assert created["election"] == "Pemilu 2029"
    assert created["regions"] == [{"code": "33.16.06", "name": "Sambong"}]
    assert created["segments"] == ["Pemilih Pemula"]
    assert created["stakeholders"] == [{"name": "Bawaslu Blora", "role": "mitra"}]
    database = open_database(sample)
    try:
        with database.read() as s:
            stored = s.get(Activity, created["id"])
            assert stored is not None and stored.start.date() == expected
    finally:
        database.dispose()


def test_impossible_date_is_refused_and_nothing_written(sample: Path) -> None:
    before = count(sample, Activity)
    result = run(
        sample,
        "activity",
        "add",
        "--title",
        "T",
        "--when",
        "31 Februari 2024",
        "--region",
        "Sambong",
    )
    line = one_line_error(result)
    assert line.startswith("planner: when: ")
    assert "31 Februari 2024" in line
    assert count(sample, Activity) == before


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--region", "Atlantis"], "regions"),
        (["--segment", "Astronot"], "segments"),
        (["--stakeholder", "Bawaslu Blora:bos"], "stakeholders"),
        (["--method", "Wayang"], "method"),
        (["--end", "08.00"], "end"),
        (["--budget", "lima juta"], "budget"),
        (["--repeat", "kadang-kadang"], "recurrence"),
    ],
)
def test_activity_add_refusals_name_the_field(sample: Path, args: list[str], field: str) -> None:
    before = count(sample, Activity)
    result = run(sample, "activity", "add", "--title", "T", "--when", "besok 09.00", *args)
    assert one_line_error(result).startswith(f"planner: {field}: ")
    assert count(sample, Activity) == before


def test_activity_round_trip(sample: Path) -> None:
    created = _add_h30(sample, "--venue", "Balai desa", "--target", "100")
    aid = str(created["id"])
    assert created["version"] == 1 and created["status"] == "rencana"

    shown = as_json(sample, "activity", "show", aid)
    assert shown["title"] == "T" and shown["venue"] == "Balai desa"
    listed = as_json(sample, "activity", "list", "--region", "33.16.06", "--search", "balai")
    assert [a["id"] for a in listed] == [created["id"]]

    edited = as_json(sample, "activity", "edit", aid, "--venue", "Pendopo", "--version", "1")
    assert edited["venue"] == "Pendopo" and edited["version"] == 2
    stale = one_line_error(run(sample, "activity", "edit", aid, "--title", "X", "--version", "1"))
    assert "changed by a colleague" in stale and "version 2" in stale
    assert as_json(sample, "activity", "show", aid)["title"] == "T"

    assert ok(sample, "activity", "done", aid, "--actual", "87", "--outcome", "Ramai").stdout == (
        f"Activity {aid} marked done.\n"
    )
    done = as_json(sample, "activity", "show", aid)
    assert (done["status"], done["actual_participants"], done["outcome"]) == (
        "terlaksana",
        87,
        "Ramai",
    )

    copied = ok(sample, "activity", "duplicate", aid).stdout
    assert copied.startswith("Copied as activity ")
    copy_id = copied.strip().removeprefix("Copied as activity ").rstrip(".")
    copy = as_json(sample, "activity", "show", copy_id)
    assert (copy["status"], copy["actual_participants"], copy["target_participants"]) == (
        "rencana",
        None,
        100,
    )
    assert (copy["regions"], copy["segments"], copy["stakeholders"]) == (
        done["regions"],
        done["segments"],
        done["stakeholders"],
    )

    before = count(sample, Activity)
    kept = run(sample, "activity", "rm", copy_id, input="n\n")
    assert kept.exit_code == 1 and count(sample, Activity) == before
    assert ok(sample, "activity", "rm", copy_id, "--yes").stdout == (
        f"Activity {copy_id} deleted.\n"
    )
    assert count(sample, Activity) == before - 1
    gone = one_line_error(run(sample, "activity", "show", copy_id))
    assert "not found" in gone


def test_activity_list_json_filters(sample: Path) -> None:
    everything = as_json(sample, "activity", "list")
    assert len(everything) == count(sample, Activity)
    starts = [a["start"] for a in everything]
    assert starts == sorted(starts)
    cancelled = as_json(sample, "activity", "list", "--status", "batal")
    assert cancelled and all(a["status"] == "batal" for a in cancelled)
    assert as_json(sample, "activity", "list", "--limit", "3") == everything[:3]
    radio = as_json(sample, "activity", "list", "--search", "sapa pemilih")
    assert [a["title"] for a in radio] == [RADIO]


# --- agenda ------------------------------------------------------------------------------


def test_agenda_includes_the_recurring_radio_show(sample: Path) -> None:
    (radio,) = as_json(sample, "activity", "list", "--search", "sapa pemilih")
    assert radio["rrule"] == "FREQ=WEEKLY;COUNT=8"
    first = datetime.fromisoformat(radio["start"])
    weekly = [first + timedelta(weeks=k) for k in range(8)]
    items = as_json(sample, "agenda", "--from", dmy(first.date()), "--to", dmy(weekly[-1].date()))
    shows = [o for o in items if o["id"] == radio["id"]]
    assert [datetime.fromisoformat(o["start"]) for o in shows] == weekly
    assert [o["h"] for o in shows] == [f"H-{(PEMILU_2029 - d.date()).days}" for d in weekly]
    assert all(o["title"] == RADIO for o in shows)
    # A window that ends before the third show holds only two.
    two = as_json(
        sample,
        "agenda",
        "--from",
        dmy(first.date()),
        "--to",
        dmy(weekly[1].date()),
    )
    assert len([o for o in two if o["id"] == radio["id"]]) == 2


def test_agenda_window_backwards_is_a_usage_error(sample: Path) -> None:
    result = run(sample, "agenda", "--from", "10/12/2026", "--to", "1/12/2026")
    assert result.exit_code == 2


# --- settings --------------------------------------------------------------------------------


def test_setting_set_then_list(sample: Path) -> None:
    assert as_json(sample, "setting", "list")["threshold.drop_points"] == 5.0
    assert ok(sample, "setting", "set", "drop_points", "3").stdout == "Saved.\n"
    settings = as_json(sample, "setting", "list")
    assert settings["threshold.drop_points"] == 3.0
    assert settings["threshold.below_kabupaten_points"] == 5.0
    assert settings["scope.region"] == "33.16"


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["no_such", "3"], "planner: no_such: unknown setting"),
        (["drop_points", "tiga"], "planner: drop_points: not a number"),
        (["--", "drop_points", "-2"], "planner: drop_points: must not be negative"),
    ],
)
def test_bad_settings_are_refused(sample: Path, args: list[str], start: str) -> None:
    assert one_line_error(run(sample, "setting", "set", *args)).startswith(start)
    assert as_json(sample, "setting", "list")["threshold.drop_points"] == 5.0


def test_a_lower_threshold_flags_more(sample: Path) -> None:
    def flagged_for_drop() -> set[str]:
        data = as_json(sample, "flags")
        return {
            r["name"] for r in data["flagged"] if any(x["kind"] == "drop" for x in r["reasons"])
        }

    before = flagged_for_drop()
    ok(sample, "setting", "set", "drop_points", "50")
    assert flagged_for_drop() == set()
    ok(sample, "setting", "set", "drop_points", "0")
    assert flagged_for_drop() > before


# --- usage errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["activity", "add", "--title", "T"],
        ["activity", "add", "--when", "besok"],
        ["activity", "show", "abc"],
        ["activity", "add", "--title", "T", "--when", "besok", "--status", "selesai"],
        ["flags", "--level", "planet"],
        ["activity", "frobnicate"],
    ],
)
def test_usage_errors_exit_2(sample: Path, args: list[str]) -> None:
    before = count(sample, Activity)
    assert run(sample, *args).exit_code == 2
    assert count(sample, Activity) == before


# --- import ------------------------------------------------------------------------------------


def _turnout_fingerprint(path: Path) -> tuple[int, int, int]:
    database = open_database(path)
    try:
        with database.read() as s:
            pemilu = s.exec(select(Election).where(Election.name == "Pemilu 2024")).one()
            rows = int(s.exec(select(func.count()).select_from(Turnout)).one())
            voters = int(
                s.exec(
                    select(func.sum(Turnout.voters)).where(Turnout.election_id == pemilu.id)
                ).one()
                or 0
            )
            kab = s.get(TurnoutTotal, (pemilu.id, "33.16"))
            assert kab is not None
            return rows, voters, kab.voters
    finally:
        database.dispose()


@pytest.mark.parametrize(
    "text",
    [
        # A good row, then a region that does not exist.
        "kode,dpt,pengguna hak pilih\n3316062001,250,200\n3316999001,1,1\n",
        # A good row, then a number that is not one.
        "kode;dpt;pengguna hak pilih\n3316062001;250;200\n3316062002;dua ratus;200\n",
    ],
)
def test_import_turnout_of_a_bad_file_writes_nothing(
    sample: Path, tmp_path: Path, text: str
) -> None:
    before = _turnout_fingerprint(sample)
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    result = run(sample, "import", "turnout", str(bad), "--election", "Pemilu 2024")
    assert result.exit_code == 1
    assert str(bad) in result.stderr
    assert _turnout_fingerprint(sample) == before
