"""`planner election|region|stakeholder|segment|method|strategy`: round trips and refusals."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func
from sqlmodel import SQLModel, select

from planner.cli import cli
from planner.importers.codes import level_of, parent_of
from planner.importers.fields import RegionRecord
from planner.models import (
    Activity,
    ActivitySegment,
    ActivityStakeholder,
    Election,
    Segment,
    Stakeholder,
    Strategy,
    Turnout,
)
from planner.services.regions import import_regions
from planner.services.turnout import rebuild_totals
from planner.store import Database, open_database

REGIONS = [
    ("33", "Jawa Tengah"),
    ("33.16", "Kabupaten Blora"),
    ("33.16.06", "Sambong"),
    ("33.16.06.2001", "Biting"),
    ("33.16.13", "Blora"),
    ("33.16.13.1001", "Karangjati"),
]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "x.db"


@pytest.fixture
def seeded(path: Path) -> Path:
    database = open_database(path)
    with database.write() as s:
        import_regions(
            s,
            [RegionRecord(i, c, n, level_of(c), parent_of(c)) for i, (c, n) in enumerate(REGIONS)],
            source="test",
        )
    database.dispose()
    return path


def run(path: Path, *args: str, input: str | None = None) -> Result:
    # English, so the assertions can read the messages whatever the catalogs hold.
    return CliRunner().invoke(cli, ["--db", str(path), "--lang", "en", *args], input=input)


def ok(path: Path, *args: str, input: str | None = None) -> Result:
    result = run(path, *args, input=input)
    assert result.exit_code == 0, result.output
    return result


def as_json(path: Path, *args: str) -> Any:
    return json.loads(ok(path, *args, "--json").stdout)


def count(path: Path, model: type[SQLModel]) -> int:
    database = open_database(path)
    try:
        with database.read() as s:
            return int(s.exec(select(func.count()).select_from(model)).one())
    finally:
        database.dispose()


def with_db(path: Path) -> Database:
    return open_database(path)


# --- election ------------------------------------------------------------------


def test_election_round_trip(seeded: Path) -> None:
    ok(
        seeded,
        "election",
        "add",
        "Pilkada Blora 2024",
        "--kind",
        "pilkada",
        "--voting-day",
        "27/11/2024",
        "--target",
        "82",
        "--region",
        "3316",
    )
    ok(
        seeded,
        "election",
        "add",
        "Pemilu 2024",
        "--kind",
        "pemilu",
        "--voting-day",
        "14 Februari 2024",
        "--target",
        "77,5%",
        "--denominator",
        "dpt_dptb_dpk",
    )
    listed = as_json(seeded, "election", "list")
    assert [e["name"] for e in listed] == ["Pemilu 2024", "Pilkada Blora 2024"]
    assert listed[0]["target_pct"] == 77.5 and listed[0]["denominator"] == "dpt_dptb_dpk"

    shown = as_json(seeded, "election", "show", "pilkada blora 2024")
    assert shown["voting_day"] == "2024-11-27" and shown["region_code"] == "33.16"
    assert shown["region_name"] == "Kabupaten Blora" and shown["version"] == 1

    human = ok(seeded, "election", "show", "Pilkada Blora 2024").stdout
    assert "27 November 2024" in human and "82.00%" in human

    ok(
        seeded,
        "election",
        "edit",
        "Pilkada Blora 2024",
        "--name",
        "Pilkada 2024",
        "--target",
        "",
        "--region",
        "",
        "--estimated",
        "--version",
        "1",
    )
    shown = as_json(seeded, "election", "show", "Pilkada 2024")
    assert shown["target_pct"] is None and shown["region_code"] is None
    assert shown["voting_day_estimated"] is True and shown["version"] == 2

    ok(seeded, "election", "rm", "Pilkada 2024", "--yes")
    assert [e["name"] for e in as_json(seeded, "election", "list")] == ["Pemilu 2024"]


def test_election_rm_asks_first(seeded: Path) -> None:
    ok(seeded, "election", "add", "Pemilu 2024", "--kind", "pemilu")
    refused = run(seeded, "election", "rm", "Pemilu 2024", input="n\n")
    assert refused.exit_code == 1 and count(seeded, Election) == 1
    ok(seeded, "election", "rm", "Pemilu 2024", input="y\n")
    assert count(seeded, Election) == 0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--target", "101"], "target_pct"),
        (["--region", "33.99"], "region_code"),
        (["--voting-day", "31/2/2024"], "voting_day"),
    ],
)
def test_election_refusals_name_the_field(seeded: Path, args: list[str], field: str) -> None:
    result = run(seeded, "election", "add", "Pemilu 2024", "--kind", "pemilu", *args)
    assert result.exit_code == 1, result.output
    assert field in result.stderr and result.stderr.count("\n") == 1
    assert count(seeded, Election) == 0


def test_election_duplicate_name_is_refused(seeded: Path) -> None:
    ok(seeded, "election", "add", "Pemilu 2024", "--kind", "pemilu")
    result = run(seeded, "election", "add", "PEMILU 2024", "--kind", "pileg")
    assert result.exit_code == 1 and "name" in result.stderr
    assert count(seeded, Election) == 1


def test_election_usage_errors_exit_2(seeded: Path) -> None:
    assert run(seeded, "election", "add", "X", "--kind", "referendum").exit_code == 2
    assert (
        run(seeded, "election", "add", "X", "--kind", "pemilu", "--denominator", "semua").exit_code
        == 2
    )
    assert run(seeded, "election", "add", "X", "--kind", "pemilu", "--target", "abc").exit_code == 2
    ok(seeded, "election", "add", "X", "--kind", "pemilu")
    assert run(seeded, "election", "edit", "X").exit_code == 2
    assert count(seeded, Election) == 1


def test_stale_version_is_a_conflict(seeded: Path) -> None:
    ok(seeded, "election", "add", "Pemilu 2024", "--kind", "pemilu")
    ok(seeded, "election", "edit", "Pemilu 2024", "--notes", "first")
    result = run(seeded, "election", "edit", "Pemilu 2024", "--notes", "second", "--version", "1")
    assert result.exit_code == 1
    assert "changed by a colleague" in result.stderr and "version 2" in result.stderr
    assert as_json(seeded, "election", "show", "Pemilu 2024")["notes"] == "first"
    result = run(seeded, "election", "rm", "Pemilu 2024", "--yes", "--version", "1")
    assert result.exit_code == 1 and count(seeded, Election) == 1


def test_unknown_election_is_one_line(seeded: Path) -> None:
    result = run(seeded, "election", "show", "Pemilu 2099")
    assert result.exit_code == 1 and result.stderr.strip() == (
        "planner: No election named or numbered Pemilu 2099."
    )


# --- region --------------------------------------------------------------------


def test_region_list_and_search(seeded: Path) -> None:
    assert [r["code"] for r in as_json(seeded, "region", "list")] == ["33"]
    kec = as_json(seeded, "region", "list", "--parent", "3316")
    assert [(r["code"], r["label"]) for r in kec] == [
        ("33.16.06", "Kec. Sambong"),
        ("33.16.13", "Kec. Blora"),
    ]
    desa = as_json(seeded, "region", "list", "--parent", "33.16", "--level", "desa")
    assert [r["label"] for r in desa] == ["Desa Biting", "Kel. Karangjati"]
    found = as_json(seeded, "region", "list", "--search", "blora")
    assert [r["code"] for r in found] == ["33.16.13", "33.16"]
    assert run(seeded, "region", "list", "--level", "dusun").exit_code == 2
    table = ok(seeded, "region", "list", "--parent", "33.16").stdout
    assert "Kec. Sambong" in table


def test_region_show_with_turnout(seeded: Path) -> None:
    ok(
        seeded,
        "election",
        "add",
        "Pilkada Blora 2024",
        "--kind",
        "pilkada",
        "--voting-day",
        "27/11/2024",
    )
    database = with_db(seeded)
    with database.write() as s:
        e = s.exec(select(Election)).one()
        assert e.id is not None
        s.add(
            Turnout(
                election_id=e.id,
                region_code="33.16.06",
                dpt=22_549,
                voters=15_000,
                valid=14_500,
                invalid=500,
                synthetic=True,
            )
        )
        rebuild_totals(s, e.id)
    database.dispose()

    shown = as_json(seeded, "region", "show", "331606")
    assert shown["label"] == "Kec. Sambong" and shown["children"] == 1
    assert [a["code"] for a in shown["ancestors"]] == ["33", "33.16"]
    (figures,) = shown["turnout"]
    assert figures["election"] == "Pilkada Blora 2024" and figures["dpt"] == 22_549
    assert figures["participation"] == pytest.approx(15_000 / 22_549 * 100)
    assert figures["invalid_rate"] == pytest.approx(500 / 15_000 * 100)

    human = ok(seeded, "region", "show", "33.16.06").stdout
    assert "Jawa Tengah / Kabupaten Blora" in human
    assert "22,549" in human and "66.52%" in human and "partly synthetic" in human
    # The kabupaten's figure is rolled up from its kecamatan.
    assert as_json(seeded, "region", "show", "33.16")["turnout"][0]["voters"] == 15_000


def test_region_show_unknown_and_malformed(seeded: Path) -> None:
    assert run(seeded, "region", "show", "33.99").exit_code == 1
    result = run(seeded, "region", "show", "3.3")
    assert result.exit_code == 1 and "code" in result.stderr


# --- stakeholder ---------------------------------------------------------------


def test_stakeholder_round_trip(seeded: Path) -> None:
    ok(
        seeded,
        "stakeholder",
        "add",
        "Bawaslu Blora",
        "--category",
        "penyelenggara_pemilu",
        "--phone",
        "+62 296 531",
        "--email",
        "bawaslu@example.id",
        "--region",
        "3316",
    )
    ok(seeded, "stakeholder", "add", "Blora FM", "--category", "media")
    listed = as_json(seeded, "stakeholder", "list", "--category", "media")
    assert [x["name"] for x in listed] == ["Blora FM"]
    assert [x["name"] for x in as_json(seeded, "stakeholder", "list", "--search", "BAWAS")] == [
        "Bawaslu Blora"
    ]

    database = with_db(seeded)
    with database.write() as s:
        st = s.exec(select(Stakeholder).where(Stakeholder.name == "Bawaslu Blora")).one()
        act = Activity(title="Rakor sosialisasi", start=datetime(2024, 7, 27, 9))
        s.add(act)
        s.flush()
        assert act.id and st.id
        s.add(ActivityStakeholder(activity_id=act.id, stakeholder_id=st.id, role="undangan"))
    database.dispose()

    shown = as_json(seeded, "stakeholder", "show", "bawaslu blora")
    assert [r["label"] for r in shown["regions"]] == ["Kabupaten Blora"]
    assert [(a["title"], a["role"]) for a in shown["activities"]] == [
        ("Rakor sosialisasi", "undangan")
    ]
    human = ok(seeded, "stakeholder", "show", "Bawaslu Blora").stdout
    assert "Rakor sosialisasi" in human and "Kabupaten Blora" in human

    ok(
        seeded,
        "stakeholder",
        "edit",
        "Bawaslu Blora",
        "--contact-person",
        "Ketua",
        "--region",
        "33.16.06",
        "--region",
        "33.16.13",
        "--version",
        "1",
    )
    shown = as_json(seeded, "stakeholder", "show", "Bawaslu Blora")
    assert shown["contact_person"] == "Ketua"
    assert [r["code"] for r in shown["regions"]] == ["33.16.06", "33.16.13"]
    version = shown["version"]
    ok(seeded, "stakeholder", "edit", "Bawaslu Blora", "--no-regions", "--version", str(version))
    assert as_json(seeded, "stakeholder", "show", "Bawaslu Blora")["regions"] == []

    stale = run(seeded, "stakeholder", "edit", "Bawaslu Blora", "--notes", "x", "--version", "1")
    assert stale.exit_code == 1 and "colleague" in stale.stderr

    ok(seeded, "stakeholder", "rm", "Bawaslu Blora", input="y\n")
    assert count(seeded, Stakeholder) == 1 and count(seeded, ActivityStakeholder) == 0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--email", "not-an-email"], "email"),
        (["--phone", "0296-abc"], "phone"),
        (["--region", "33.99"], "regions"),
        (["--category", "media"], "name"),
    ],
)
def test_stakeholder_refusals_name_the_field(seeded: Path, args: list[str], field: str) -> None:
    ok(seeded, "stakeholder", "add", "Radio Blora", "--category", "media")
    base = ["stakeholder", "add", "RADIO BLORA"]
    if "--category" not in args:
        base[-1] = "Polres Blora"
        args = ["--category", "keamanan", *args]
    result = run(seeded, *base, *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"planner: {field}:")
    assert count(seeded, Stakeholder) == 1


def test_stakeholder_unknown_category_exits_2(seeded: Path) -> None:
    assert run(seeded, "stakeholder", "add", "X", "--category", "ormas").exit_code == 2
    assert run(seeded, "stakeholder", "list", "--category", "ormas").exit_code == 2
    assert count(seeded, Stakeholder) == 0


# --- vocabulary ----------------------------------------------------------------


def test_segment_round_trip_and_refusal_while_used(path: Path) -> None:
    ok(path, "segment", "add", "Pemilih pemula", "--sort-order", "2")
    ok(path, "segment", "add", "Perempuan", "--sort-order", "1", "--description", "basis")
    assert [x["name"] for x in as_json(path, "segment", "list")] == ["Perempuan", "Pemilih pemula"]

    ok(
        path,
        "segment",
        "edit",
        "pemilih pemula",
        "--name",
        "Pemilih Pemula",
        "--inactive",
        "--version",
        "1",
    )
    listed = as_json(path, "segment", "list")
    assert listed[1]["name"] == "Pemilih Pemula" and listed[1]["active"] is False
    assert [x["name"] for x in as_json(path, "segment", "list", "--active-only")] == ["Perempuan"]

    dup = run(path, "segment", "add", "perempuan")
    assert dup.exit_code == 1 and dup.stderr.startswith("planner: name:")
    assert count(path, Segment) == 2

    database = with_db(path)
    with database.write() as s:
        seg = s.exec(select(Segment).where(Segment.name == "Perempuan")).one()
        for i in range(3):
            act = Activity(title=f"Sosialisasi {i}", start=datetime(2024, 8, 1 + i, 9))
            s.add(act)
            s.flush()
            assert act.id and seg.id
            s.add(ActivitySegment(activity_id=act.id, segment_id=seg.id))
    database.dispose()

    refused = run(path, "segment", "rm", "Perempuan", "--yes")
    assert refused.exit_code == 1
    assert "3 activities" in refused.stderr and "--force" in refused.stderr
    assert count(path, Segment) == 2 and count(path, ActivitySegment) == 3
    ok(path, "segment", "rm", "Perempuan", "--yes", "--force")
    assert count(path, Segment) == 1 and count(path, ActivitySegment) == 0
    assert count(path, Activity) == 3


def test_method_round_trip(path: Path) -> None:
    ok(path, "method", "add", "Media sosial", "--mode", "tidak_langsung")
    ok(path, "method", "add", "Diskusi")
    listed = as_json(path, "method", "list")
    assert [(m["name"], m["mode"]) for m in listed] == [
        ("Diskusi", "langsung"),
        ("Media sosial", "tidak_langsung"),
    ]
    assert [m["name"] for m in as_json(path, "method", "list", "--mode", "langsung")] == ["Diskusi"]
    assert run(path, "method", "add", "Wayang", "--mode", "campuran").exit_code == 2
    ok(path, "method", "edit", "Diskusi", "--mode", "tidak_langsung", "--description", "daring")
    assert as_json(path, "method", "list", "--mode", "langsung") == []
    stale = run(path, "method", "edit", "Diskusi", "--active", "--version", "1")
    assert stale.exit_code == 1 and "version 2" in stale.stderr
    ok(path, "method", "rm", "Diskusi", input="y\n")
    assert [m["name"] for m in as_json(path, "method", "list")] == ["Media sosial"]


def test_strategy_with_challenges(path: Path) -> None:
    ok(
        path,
        "strategy",
        "add",
        "Pemberitaan",
        "--challenge",
        "Hoaks",
        "--challenge",
        "Partisipasi rendah",
        "--description",
        "media sosial, cetak, elektronik",
    )
    (row,) = as_json(path, "strategy", "list")
    assert row["challenges"] == ["Hoaks", "Partisipasi rendah"]
    ok(
        path,
        "strategy",
        "edit",
        "Pemberitaan",
        "--challenge",
        "hoaks",
        "--challenge",
        "Sumber daya terbatas",
        "--version",
        "1",
    )
    (row,) = as_json(path, "strategy", "list")
    assert row["challenges"] == ["Hoaks", "Sumber daya terbatas"] and row["version"] == 2
    ok(path, "strategy", "edit", "Pemberitaan", "--no-challenges")
    assert as_json(path, "strategy", "list")[0]["challenges"] == []
    empty = run(path, "strategy", "add", "Lain", "--challenge", " ")
    assert empty.exit_code == 1 and "challenges" in empty.stderr
    assert count(path, Strategy) == 1
    ok(path, "strategy", "rm", "Pemberitaan", "--yes")
    assert count(path, Strategy) == 0
