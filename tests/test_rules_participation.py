"""Participation, invalid-ballot rate and shortfall, against figures worked out by hand."""

from __future__ import annotations

import pytest

from planner.models import Election, Region, Turnout, TurnoutFigures
from planner.models.enums import Denominator
from planner.rules.participation import (
    invalid_rate,
    participation,
    registered,
    shortfall_voters,
)
from planner.services.turnout import rebuild_totals, total
from planner.store import Database

DPT = Denominator.DPT.value
ALL = Denominator.DPT_DPTB_DPK.value

# Kabupaten Blora, Pilkada 2020 (../shared/data): DPT 700,995, DPTb 1,451,
# DPK 0, 544,183 voters.
BLORA_2020 = TurnoutFigures(dpt=700_995, dptb=1_451, dpk=0, voters=544_183)


def test_blora_2020_on_dpt_dptb_dpk() -> None:
    # 700,995 + 1,451 + 0 = 702,446 registered; 544,183 / 702,446 = 0.774697... -> 77.47%
    assert registered(BLORA_2020, ALL) == 702_446
    rate = participation(BLORA_2020, ALL)
    assert rate is not None and round(rate, 2) == 77.47
    assert rate == pytest.approx(544_183 / 702_446 * 100)


def test_blora_2020_on_dpt_alone() -> None:
    # 544,183 / 700,995 = 0.776300... -> 77.63%; DPTb and DPK are left out
    assert registered(BLORA_2020, DPT) == 700_995
    rate = participation(BLORA_2020, DPT)
    assert rate is not None and round(rate, 2) == 77.63


def test_both_denominators_from_stored_totals(db: Database) -> None:
    # The same figures entered for the kabupaten and read back from turnout_total.
    with db.write() as s:
        s.add(Region(code="33", name="Jawa Tengah", level="provinsi"))
        s.add(Region(code="33.16", name="Kabupaten Blora", level="kabupaten", parent_code="33"))
        election = Election(name="Pilkada Blora 2020", kind="pilkada", denominator=ALL)
        s.add(election)
        s.flush()
        assert election.id is not None
        s.add(
            Turnout(
                election_id=election.id,
                region_code="33.16",
                dpt=700_995,
                dptb=1_451,
                dpk=0,
                voters=544_183,
            )
        )
        rebuild_totals(s, election.id)
        eid = election.id
    with db.read() as s:
        kab = total(s, eid, "33.16")
        assert kab is not None
        on_all, on_dpt = participation(kab, ALL), participation(kab, DPT)
        assert on_all is not None and on_dpt is not None
        assert (round(on_all, 2), round(on_dpt, 2)) == (77.47, 77.63)


def test_missing_dptb_and_dpk_count_as_none_registered() -> None:
    # DPTb and DPK unknown: 800 / (1,000 + 0 + 0) = 80%, whichever denominator
    figures = TurnoutFigures(dpt=1_000, dptb=None, dpk=None, voters=800)
    assert registered(figures, ALL) == 1_000
    assert participation(figures, ALL) == pytest.approx(80.0)
    assert participation(figures, DPT) == pytest.approx(80.0)


def test_only_dpk_missing() -> None:
    # 1,000 + 24 + 0 = 1,024 registered; 768 / 1,024 = 75%; on DPT alone 768 / 1,000 = 76.8%
    figures = TurnoutFigures(dpt=1_000, dptb=24, dpk=None, voters=768)
    assert registered(figures, ALL) == 1_024
    assert participation(figures, ALL) == pytest.approx(75.0)
    assert participation(figures, DPT) == pytest.approx(76.8)


def test_only_dptb_missing() -> None:
    # 1,000 + 0 + 250 = 1,250 registered; 1,000 / 1,250 = 80%
    figures = TurnoutFigures(dpt=1_000, dptb=None, dpk=250, voters=1_000)
    assert participation(figures, ALL) == pytest.approx(80.0)
    # On DPT alone the DPK voters push it to 100%.
    assert participation(figures, DPT) == pytest.approx(100.0)


def test_zero_dpt_has_no_rate() -> None:
    assert participation(TurnoutFigures(dpt=0, voters=0), DPT) is None
    assert participation(TurnoutFigures(dpt=0, voters=0), ALL) is None
    # DPTb alone still makes a base under the wide denominator: 5 / 10 = 50%.
    only_dptb = TurnoutFigures(dpt=0, dptb=10, voters=5)
    assert participation(only_dptb, DPT) is None
    assert participation(only_dptb, ALL) == pytest.approx(50.0)


def test_invalid_rate_from_valid_and_invalid() -> None:
    # 50 / (950 + 50) = 5%
    assert invalid_rate(TurnoutFigures(dpt=1_200, voters=1_000, valid=950, invalid=50)) == (
        pytest.approx(5.0)
    )
    # Ballots cast (900 + 60 = 960) differ from voters (1,000): 60 / 960 = 6.25%, not 6%
    assert invalid_rate(TurnoutFigures(dpt=1_200, voters=1_000, valid=900, invalid=60)) == (
        pytest.approx(6.25)
    )


def test_invalid_rate_from_voters_when_valid_is_unknown() -> None:
    # 30 / 600 voters = 5%
    assert invalid_rate(TurnoutFigures(dpt=800, voters=600, valid=None, invalid=30)) == (
        pytest.approx(5.0)
    )


def test_invalid_rate_unknown_or_without_ballots() -> None:
    assert invalid_rate(TurnoutFigures(dpt=800, voters=600, valid=590, invalid=None)) is None
    assert invalid_rate(TurnoutFigures(dpt=800, voters=0, valid=0, invalid=0)) is None
    assert invalid_rate(TurnoutFigures(dpt=800, voters=0, valid=None, invalid=0)) is None


def test_shortfall_voters() -> None:
    figures = TurnoutFigures(dpt=1_000, dptb=20, dpk=5, voters=750)
    # DPT alone: 1,000 x 80% = 800 needed, 800 - 750 = 50
    assert shortfall_voters(figures, DPT, 80.0) == 50
    # DPT + DPTb + DPK: 1,025 x 80% = 820 needed, 820 - 750 = 70
    assert shortfall_voters(figures, ALL, 80.0) == 70
    # Target already met: 1,000 x 70% = 700 < 750 -> 0, never negative
    assert shortfall_voters(figures, DPT, 70.0) == 0
    # Exactly met: 1,000 x 75% = 750 -> 0
    assert shortfall_voters(figures, DPT, 75.0) == 0


def test_shortfall_voters_rounds_to_whole_voters() -> None:
    # 999 x 77.5% = 774.225 needed; 774.225 - 700 = 74.225 -> 74
    assert shortfall_voters(TurnoutFigures(dpt=999, voters=700), DPT, 77.5) == 74
    # 999 x 77.6% = 775.224; 775.224 - 700 = 75.224 -> 75
    assert shortfall_voters(TurnoutFigures(dpt=999, voters=700), DPT, 77.6) == 75
    # 1,001 x 80% = 800.8; 800.8 - 700 = 100.8 -> 101
    assert shortfall_voters(TurnoutFigures(dpt=1_001, voters=700), DPT, 80.0) == 101
