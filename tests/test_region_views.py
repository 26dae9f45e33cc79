"""The region screens' queries: tables that agree with the flag rules, TPS, a region's page."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from planner import errors
from planner.models import (
    ActivityRegion,
    Election,
    Region,
    StakeholderRegion,
    Turnout,
    TurnoutTotal,
)
from planner.rules.flags import FlagKind, FlagReason, compute_flags
from planner.rules.participation import participation
from planner.services import region_views as rv
from planner.services.settings import SCOPE_KEY, set_value
from planner.store import Database

BLORA = "33.16"
SAMBONG = "33.16.06"
BOGOREJO = "33.16.15"


def _election(s: Session, name: str) -> Election:
    election = s.exec(select(Election).where(Election.name == name)).one()
    assert election.id is not None
    return election


def _first_desa(s: Session, kecamatan: str) -> str:
    return (
        s.exec(
            select(Region.code).where(Region.parent_code == kecamatan).order_by(col(Region.code))
        ).first()
        or ""
    )


def test_home_is_the_kecamatan_of_the_scope_or_the_provinces(blora_db: Database) -> None:
    with blora_db.read() as s:
        where = rv.home(s)
    assert where.parent is not None and where.parent.code == BLORA
    assert where.level == "kecamatan"
    with blora_db.write() as s:
        set_value(s, SCOPE_KEY, None)
    with blora_db.read() as s:
        assert rv.home(s) == rv.Home(None, "provinsi")
        provinces = rv.region_table(s, None, "provinsi")
    assert [r.code for r in provinces.rows] == ["33"]
    assert provinces.chain == ()


def test_the_kecamatan_table_agrees_with_compute_flags(blora_db: Database) -> None:
    with blora_db.read() as s:
        table = rv.region_table(s, BLORA, "kecamatan")
        latest = _election(s, "Pilkada Blora 2024")
        report = compute_flags(s, latest, level="kecamatan", scope_code=BLORA)
        kecamatan = s.exec(
            select(Region.code).where(Region.parent_code == BLORA).order_by(col(Region.code))
        ).all()
        with_figures = s.exec(
            select(Election.name)
            .where(col(Election.id).in_(select(TurnoutTotal.election_id)))
            .order_by(col(Election.voting_day))
        ).all()
    assert [r.code for r in table.rows] == list(kecamatan) and table.total == 16
    assert [e.name for e in table.elections] == list(with_figures)
    assert table.election is not None and table.election.id == latest.id
    assert table.parent is not None and table.parent.label == "Kabupaten Blora"
    assert [r.code for r in table.chain] == ["33", BLORA]
    assert table.synthetic
    statuses = {r.code: r for r in report.regions}
    for row in table.rows:
        status = statuses[row.code]
        assert table.participation_of(row, latest.id or 0) == pytest.approx(status.participation)
        assert row.dpt == status.dpt
        assert row.invalid_pct == pytest.approx(status.invalid_pct)
        assert list(row.reasons) == status.reasons
    sambong = next(r for r in table.rows if r.code == SAMBONG)
    assert any(r.kind == FlagKind.LOKUS for r in sambong.reasons)
    assert sambong.participation[-1] == pytest.approx(statuses[SAMBONG].participation)


def test_another_election_changes_dpt_and_flags_but_not_the_participation_columns(
    blora_db: Database,
) -> None:
    with blora_db.read() as s:
        pilgub = _election(s, "Pilgub Jateng 2018")
        table = rv.region_table(s, BLORA, "kecamatan", election_id=pilgub.id)
        total = s.get(TurnoutTotal, (pilgub.id, BOGOREJO))
        report = compute_flags(s, pilgub, level="kecamatan", scope_code=BLORA)
        unknown = rv.region_table(s, BLORA, "kecamatan", election_id=9999)
    assert table.election is not None and table.election.name == "Pilgub Jateng 2018"
    assert total is not None
    bogorejo = next(r for r in table.rows if r.code == BOGOREJO)
    assert bogorejo.dpt == total.dpt
    assert bogorejo.participation[0] == pytest.approx(participation(total, pilgub.denominator))
    assert list(bogorejo.reasons) == next(r for r in report.regions if r.code == BOGOREJO).reasons
    # An election without figures here falls back to the latest that has them.
    assert unknown.election is not None and unknown.election.name == "Pilkada Blora 2024"


def test_search_and_paging(blora_db: Database) -> None:
    with blora_db.read() as s:
        by_name = rv.region_table(s, BLORA, "kecamatan", search="BOG")
        by_code = rv.region_table(s, BLORA, "kecamatan", search="33.16.0")
        compact = rv.region_table(s, BLORA, "kecamatan", search="331615")
        nothing = rv.region_table(s, BLORA, "kecamatan", search="100%_")
        page = rv.region_table(s, BLORA, "kecamatan", limit=5, offset=5)
    assert [r.name for r in by_name.rows] == ["Bogorejo"]
    assert by_code.total == 9
    assert [r.code for r in compact.rows] == [BOGOREJO]
    assert nothing.rows == () and nothing.total == 0
    assert page.total == 16 and [r.code for r in page.rows] == [
        f"33.16.{n:02d}" for n in range(6, 11)
    ]


def test_the_desa_of_a_kecamatan(blora_db: Database) -> None:
    with blora_db.read() as s:
        table = rv.region_table(s, SAMBONG, "desa")
        count = s.exec(select(func.count()).where(Region.parent_code == SAMBONG)).one()
        report = compute_flags(
            s, _election(s, "Pilkada Blora 2024"), level="desa", scope_code=SAMBONG
        )
    assert table.total == count == len(table.rows)
    assert [r.label for r in table.chain][-1] == "Kec. Sambong"
    statuses = {r.code: r for r in report.regions}
    for row in table.rows:
        assert row.participation[-1] == pytest.approx(statuses[row.code].participation)


def test_the_tps_of_a_desa(blora_db: Database) -> None:
    with blora_db.read() as s:
        desa = _first_desa(s, SAMBONG)
        pilkada = _election(s, "Pilkada Blora 2024")
        stored = s.exec(
            select(Turnout)
            .where(
                Turnout.region_code == desa,
                Turnout.election_id == pilkada.id,
                col(Turnout.tps) > 0,
            )
            .order_by(col(Turnout.tps))
        ).all()
        table = rv.tps_table(s, desa)
        # Asked for an election without TPS rows: the one with them is shown.
        other = rv.tps_table(s, desa, election_id=_election(s, "Pemilu 2019").id)
        found = rv.tps_table(s, desa, search="TPS 003")
        paged = rv.tps_table(s, desa, limit=2, offset=1)
    assert [e.name for e in table.elections] == ["Pilkada Blora 2024"]
    assert other.election is not None and other.election.name == "Pilkada Blora 2024"
    assert [r.tps for r in table.rows] == [t.tps for t in stored] and stored
    first = table.rows[0]
    assert (first.dpt, first.voters, first.invalid) == (
        stored[0].dpt,
        stored[0].voters,
        stored[0].invalid,
    )
    assert first.participation == pytest.approx(participation(stored[0], pilkada.denominator))
    assert [r.tps for r in found.rows] == [3]
    assert paged.total == len(stored) and [r.tps for r in paged.rows] == [2, 3]
    assert table.desa.label.startswith(("Desa ", "Kel. "))


def test_a_region_page_holds_history_flags_lokus_activities_and_stakeholders(
    blora_db: Database,
) -> None:
    with blora_db.read() as s:
        page = rv.region_page(s, "331606")
        pilkada = _election(s, "Pilkada Blora 2024")
        report = compute_flags(s, pilkada, level="kecamatan", scope_code=BLORA)
        totals = s.exec(select(TurnoutTotal).where(TurnoutTotal.region_code == SAMBONG)).all()
        own_links = s.exec(
            select(StakeholderRegion).where(StakeholderRegion.region_code == SAMBONG)
        ).all()
        above_links = s.exec(
            select(StakeholderRegion).where(col(StakeholderRegion.region_code).in_(["33", BLORA]))
        ).all()
    assert page.region.label == "Kec. Sambong"
    assert [r.code for r in page.chain] == ["33", BLORA]
    assert page.child_count > 0
    assert len(page.history) == len(totals)
    assert [h.election.name for h in page.history][-1] == "Pilkada Blora 2024"
    last = page.history[-1]
    assert last.entered is False and last.synthetic
    assert last.participation == pytest.approx(
        next(r for r in report.regions if r.code == SAMBONG).participation
    )
    expected = [
        r for r in next(x for x in report.regions if x.code == SAMBONG).reasons if r.kind != "lokus"
    ]
    assert page.flag_election is not None and page.flag_election.id == pilkada.id
    assert list(page.reasons) == expected and expected
    assert [x.criterion for x in page.lokus] == ["sulit_dijangkau"]
    assert page.activities and page.activity_total >= len(page.activities)
    starts = [a.start for a in page.activities]
    assert starts == sorted(starts, reverse=True)
    assert all("Kec. Sambong" in a.places for a in page.activities)
    own = [x for x in page.stakeholders if not x.inherited]
    inherited = [x for x in page.stakeholders if x.inherited]
    assert {x.id for x in own} == {link.stakeholder_id for link in own_links}
    assert {x.id for x in inherited} == {link.stakeholder_id for link in above_links}
    assert page.stakeholders[: len(own)] == tuple(own)
    assert all(x.via.code in ("33", BLORA) for x in inherited)


def test_a_desa_page_lists_what_is_held_in_it(blora_db: Database) -> None:
    with blora_db.read() as s:
        desa = s.exec(
            select(ActivityRegion.region_code)
            .where(func.length(ActivityRegion.region_code) == 13)
            .order_by(col(ActivityRegion.region_code))
        ).first()
        assert desa is not None
        page = rv.region_page(s, desa)
        kecamatan = rv.region_page(s, desa[:8])
    assert page.history and page.history[-1].tps_count > 0
    assert page.history[0].entered and not page.history[-1].entered
    assert page.activities
    assert all(page.region.label in a.places for a in page.activities)
    # The kecamatan's page lists the desa's activity too, saying where it was held.
    theirs = {a.id: a.places for a in kecamatan.activities}
    for a in page.activities:
        assert page.region.label in theirs[a.id]


def test_short_reasons_name_the_flag_in_a_word_or_two() -> None:
    from planner.i18n import set_language

    set_language("en")
    assert rv.short_reason(FlagReason(FlagKind.BELOW_TARGET, 70, 82), "kecamatan") == (
        "below target"
    )
    assert rv.short_reason(FlagReason(FlagKind.BELOW_KABUPATEN, 60, 71), "desa") == (
        "below kabupaten"
    )
    assert rv.short_reason(FlagReason(FlagKind.BELOW_KABUPATEN, 60, 71), "kabupaten") == (
        "below province"
    )
    assert rv.short_reason(FlagReason(FlagKind.DROP, 62.5, 68.75), "kecamatan") == ("fell 6.25 pts")
    assert rv.short_reason(FlagReason(FlagKind.INVALID, 7.34, 5), "kecamatan") == "invalid 7.3%"
    assert rv.short_reason(FlagReason(FlagKind.LOKUS, detail="perbatasan:dekat Jatim"), "desa") == (
        "lokus: border area"
    )


def test_levels_step_down_to_the_tps_and_refuse_unknown_ones(blora_db: Database) -> None:
    assert rv.child_level("provinsi") == "kabupaten"
    assert rv.child_level("kecamatan") == "desa"
    assert rv.child_level("desa") == rv.TPS
    assert rv.child_level(rv.TPS) is None
    with pytest.raises(errors.InvalidInput) as caught:
        rv.child_level("dusun")
    assert caught.value.field == "level"
    with pytest.raises(errors.InvalidInput), blora_db.read() as s:
        rv.region_table(s, BLORA, "tps")
    with pytest.raises(errors.NotFound), blora_db.read() as s:
        rv.region_page(s, "33.16.99")
