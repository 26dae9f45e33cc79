"""Lokus flags: added with a known criterion to a known region, listed, cleared safely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import select

from planner import errors
from planner.cli.context import CliState
from planner.cli.lokus import lokus as lokus_group
from planner.models import Lokus
from planner.rules.flags import FlagKind, compute_flags
from planner.services import lokus as svc
from planner.services.records import Conflict
from planner.store import Database, open_database

BOGOREJO = "33.16.15"
SAMBONG = "33.16.06"


def test_add_lokus_stores_the_criterion_and_note(blora_db: Database) -> None:
    with blora_db.write() as s:
        row = svc.add_lokus(s, "331615", " Perbatasan ", "  berbatasan dengan Jawa Timur ")
        new_id = row.id
    with blora_db.read() as s:
        stored = s.get(Lokus, new_id)
        assert stored is not None
        assert (stored.region_code, stored.criterion, stored.note) == (
            BOGOREJO,
            "perbatasan",
            "berbatasan dengan Jawa Timur",
        )
        assert [x.id for x in svc.lokus_of(s, BOGOREJO)] == [new_id]
        # The flag rules see it at once.
        report = compute_flags(s)
        bogorejo = next(r for r in report.regions if r.code == BOGOREJO)
        assert any(
            r.kind == FlagKind.LOKUS and r.detail.startswith("perbatasan") for r in bogorejo.reasons
        )


def test_an_unknown_criterion_is_refused_naming_the_field(blora_db: Database) -> None:
    with pytest.raises(errors.InvalidInput) as caught, blora_db.write() as s:
        svc.add_lokus(s, BOGOREJO, "banjir", "")
    assert caught.value.field == "criterion"
    assert "banjir" in caught.value.message and "perbatasan" in caught.value.message
    with blora_db.read() as s:
        assert svc.lokus_of(s, BOGOREJO) == []


@pytest.mark.parametrize("code", ["33.16.99", "abc"])
def test_an_unknown_or_malformed_region_is_refused_naming_the_field(
    blora_db: Database, code: str
) -> None:
    with pytest.raises(errors.InvalidInput) as caught, blora_db.write() as s:
        svc.add_lokus(s, code, "perbatasan", "")
    assert caught.value.field == "region"


def test_the_same_criterion_twice_on_one_region_is_refused(blora_db: Database) -> None:
    with pytest.raises(errors.InvalidInput) as caught, blora_db.write() as s:
        svc.add_lokus(s, SAMBONG, "sulit_dijangkau", "again")
    assert caught.value.field == "criterion"
    assert "Sambong" in caught.value.message
    with blora_db.read() as s:
        assert len(svc.lokus_of(s, SAMBONG)) == 1


def test_remove_lokus_checks_the_version_it_was_shown_at(blora_db: Database) -> None:
    with blora_db.read() as s:
        (item,) = svc.lokus_of(s, SAMBONG)
    assert item.id is not None
    with blora_db.write() as s:
        row = s.get(Lokus, item.id)
        assert row is not None
        row.note = "changed by a colleague"
    with pytest.raises(Conflict), blora_db.write() as s:
        svc.remove_lokus(s, item.id, expected_version=item.version)
    with blora_db.write() as s:
        svc.remove_lokus(s, item.id, expected_version=item.version + 1)
    with blora_db.read() as s:
        assert s.get(Lokus, item.id) is None
    with pytest.raises(errors.NotFound), blora_db.write() as s:
        svc.remove_lokus(s, item.id)


def test_list_lokus_gives_every_flag_with_its_region(blora_db: Database) -> None:
    with blora_db.read() as s:
        listed = [(x.region_code, r.name, x.criterion) for x, r in svc.list_lokus(s)]
        stored = s.exec(select(Lokus)).all()
    assert listed == sorted(listed)
    assert len(listed) == len(stored)
    assert (SAMBONG, "Sambong", "sulit_dijangkau") in listed


def _cli(path: Path, *args: str) -> tuple[int, str]:
    # The noun is tested on its own: registering it on `planner` is the lead's step.
    state = CliState.create(str(path), "en")
    try:
        result = CliRunner().invoke(lokus_group, list(args), obj=state)
    finally:
        state.close()
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def test_the_cli_adds_lists_and_removes(blora_path: Path) -> None:
    with pytest.raises(errors.InvalidInput):  # a 7-digit code is not a region code
        _cli(blora_path, "add", "3316150", "--criterion", "perbatasan")
    code, out = _cli(
        blora_path, "add", "331615", "--criterion", "PERBATASAN", "--note", "dekat Jatim", "--json"
    )
    assert code == 0, out
    added = json.loads(out)
    assert added["region_code"] == BOGOREJO and added["criterion"] == "perbatasan"

    code, out = _cli(blora_path, "list", "--json")
    assert code == 0
    assert any(x["id"] == added["id"] and x["note"] == "dekat Jatim" for x in json.loads(out))
    code, out = _cli(blora_path, "list")
    assert "border area" in out and "Bogorejo" in out

    code, out = _cli(blora_path, "add", BOGOREJO, "--criterion", "banjir")
    assert code == 2  # click refuses it before the service: the choices are listed

    code, out = _cli(blora_path, "rm", str(added["id"]))
    assert code == 0 and f"Lokus {added['id']}" in out
    database = open_database(blora_path)
    try:
        with database.read() as s:
            assert s.get(Lokus, added["id"]) is None
    finally:
        database.dispose()
