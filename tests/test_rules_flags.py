"""Low-turnout flags: each reason exactly at, above and below its threshold."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session, select

from planner import errors
from planner.i18n import set_language
from planner.models import Election, Lokus, Region, Turnout
from planner.rules.flags import FlagKind, FlagReport, RegionStatus, compute_flags
from planner.services.settings import SCOPE_KEY, set_threshold, set_value, thresholds
from planner.services.turnout import rebuild_totals
from planner.store import Database

KAB = "33.16"
REMBANG = "33.17"
JATI, RANDUBLATUNG, KRADENAN, KEDUNGTUBAN = "33.16.01", "33.16.02", "33.16.03", "33.16.04"
SUMBER, SULANG = "33.17.01", "33.17.02"
BANGKLEYAN, DESA_JATI, BEKUTUK = "33.16.01.2001", "33.16.01.2002", "33.16.02.2001"


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("id")


@pytest.fixture
def tree(db: Database) -> Database:
    """Two kabupaten in Jawa Tengah, a few kecamatan and desa; no figures yet."""
    with db.write() as s:
        s.add(Region(code="33", name="Jawa Tengah", level="provinsi"))
        s.add(Region(code=KAB, name="Kabupaten Blora", level="kabupaten", parent_code="33"))
        s.add(Region(code=REMBANG, name="Kabupaten Rembang", level="kabupaten", parent_code="33"))
        for code, name in (
            (JATI, "Jati"),
            (RANDUBLATUNG, "Randublatung"),
            (KRADENAN, "Kradenan"),
            (KEDUNGTUBAN, "Kedungtuban"),
        ):
            s.add(Region(code=code, name=name, level="kecamatan", parent_code=KAB))
        s.add(Region(code=SUMBER, name="Sumber", level="kecamatan", parent_code=REMBANG))
        s.add(Region(code=SULANG, name="Sulang", level="kecamatan", parent_code=REMBANG))
        s.add(Region(code=BANGKLEYAN, name="Bangkleyan", level="desa", parent_code=JATI))
        s.add(Region(code=DESA_JATI, name="Jati", level="desa", parent_code=JATI))
        s.add(Region(code=BEKUTUK, name="Bekutuk", level="desa", parent_code=RANDUBLATUNG))
    return db


def election(
    s: Session,
    name: str,
    kind: str,
    day: date,
    figures: dict[str, tuple[int, int] | tuple[int, int, int | None, int | None]],
    *,
    target: float | None = None,
) -> Election:
    """An election on the DPT denominator with figures entered per region.

    figures maps a region code to (DPT, voters) or (DPT, voters, valid, invalid).
    """
    e = Election(name=name, kind=kind, voting_day=day, target_pct=target, denominator="dpt")
    s.add(e)
    s.flush()
    assert e.id is not None
    for code, row in figures.items():
        dpt, voters = row[0], row[1]
        valid, invalid = (row[2], row[3]) if len(row) == 4 else (None, None)
        s.add(
            Turnout(
                election_id=e.id,
                region_code=code,
                dpt=dpt,
                voters=voters,
                valid=valid,
                invalid=invalid,
            )
        )
    rebuild_totals(s, e.id)
    return e


def flags_of(report: FlagReport) -> dict[str, list[str]]:
    return {r.code: [x.kind for x in r.reasons] for r in report.flagged}


def status(report: FlagReport, code: str) -> RegionStatus:
    return next(r for r in report.regions if r.code == code)


# --- below the election's target ---------------------------------------------


def test_below_target_is_strictly_below(tree: Database) -> None:
    with tree.write() as s:
        e = election(
            s,
            "Pilkada Blora 2024",
            "pilkada",
            date(2024, 11, 27),
            {
                KAB: (10_000, 8_000),  # entered: 80%, so no region is 5 points below it
                JATI: (10_000, 8_000),  # 80.00% = target: not below
                RANDUBLATUNG: (10_000, 7_999),  # 79.99% < 80%: flagged
                KRADENAN: (10_000, 8_001),  # 80.01%: not below
            },
            target=80.0,
        )
        report = compute_flags(s, e)
    assert flags_of(report) == {RANDUBLATUNG: [FlagKind.BELOW_TARGET]}
    reason = status(report, RANDUBLATUNG).reasons[0]
    assert reason.value == pytest.approx(79.99)
    assert reason.reference == 80.0
    assert [r.code for r in report.regions] == [JATI, RANDUBLATUNG, KRADENAN]


def test_no_target_no_below_target_flag(tree: Database) -> None:
    with tree.write() as s:
        e = election(
            s,
            "Pemilu 2024",
            "pemilu",
            date(2024, 2, 14),
            {KAB: (10_000, 8_000), JATI: (10_000, 7_600)},  # 76%, 4 points below 80%
        )
        assert flags_of(compute_flags(s, e)) == {}


# --- more than N points below the kabupaten ----------------------------------


def _below_kabupaten(s: Session) -> Election:
    return election(
        s,
        "Pemilu 2024",
        "pemilu",
        date(2024, 2, 14),
        {
            KAB: (10_000, 8_000),  # 80%
            JATI: (10_000, 7_500),  # 75.00%: 80 - 75 = 5.00 points, not more than 5
            RANDUBLATUNG: (10_000, 7_499),  # 74.99%: 5.01 points below: flagged
            KRADENAN: (10_000, 7_600),  # 76.00%: 4 points below
            KEDUNGTUBAN: (10_000, 9_000),  # 90%: above
        },
    )


def test_below_kabupaten_more_than_n_points(tree: Database) -> None:
    with tree.write() as s:
        report = compute_flags(s, _below_kabupaten(s))
    assert flags_of(report) == {RANDUBLATUNG: [FlagKind.BELOW_KABUPATEN]}
    reason = status(report, RANDUBLATUNG).reasons[0]
    assert reason.value == pytest.approx(74.99)
    assert reason.reference == pytest.approx(80.0)
    assert reason.detail == "Kabupaten Blora"


def test_below_kabupaten_threshold_is_a_stored_setting(tree: Database) -> None:
    with tree.write() as s:
        e = _below_kabupaten(s)
        set_threshold(s, "below_kabupaten_points", 4)
        # 5.00 > 4 and 5.01 > 4 flag; 4.00 is not more than 4.
        assert flags_of(compute_flags(s, e)) == {
            JATI: [FlagKind.BELOW_KABUPATEN],
            RANDUBLATUNG: [FlagKind.BELOW_KABUPATEN],
        }
        set_threshold(s, "threshold.below_kabupaten_points", "3,5")
        assert thresholds(s).below_kabupaten_points == 3.5
        # Now 4.00 > 3.5 flags Kradenan as well.
        assert set(flags_of(compute_flags(s, e))) == {JATI, RANDUBLATUNG, KRADENAN}


# --- a drop since the previous election of the same kind ---------------------


def _drop_history(s: Session) -> tuple[Election, Election]:
    election(
        s,
        "Pemilu 2019",
        "pemilu",
        date(2019, 4, 17),
        {
            JATI: (10_000, 9_000),  # 90%
            RANDUBLATUNG: (10_000, 8_000),  # 80%
            KRADENAN: (10_000, 8_000),  # 80%
            KEDUNGTUBAN: (10_000, 8_000),  # 80%
        },
    )
    pilkada = election(
        s,
        "Pilkada Blora 2020",
        "pilkada",
        date(2020, 12, 9),
        {
            JATI: (10_000, 6_000),  # 60%: a pemilu must not be compared with this
            RANDUBLATUNG: (10_000, 9_000),  # 90%
        },
    )
    # A pemilu in between without figures is skipped.
    s.add(Election(name="Pemilu 2022", kind="pemilu", voting_day=date(2022, 1, 1)))
    pemilu = election(
        s,
        "Pemilu 2024",
        "pemilu",
        date(2024, 2, 14),
        {
            # Kabupaten = 31,399 / 40,000 = 78.4975%: no kecamatan is more than 5 below.
            JATI: (10_000, 8_400),  # 84%: 90 - 84 = 6 points since Pemilu 2019: flagged
            RANDUBLATUNG: (10_000, 8_000),  # 80%: no drop since 2019 (10 since the pilkada)
            KRADENAN: (10_000, 7_500),  # 75%: exactly 5 points: not flagged
            KEDUNGTUBAN: (10_000, 7_499),  # 74.99%: 5.01 points: flagged
        },
    )
    return pilkada, pemilu


def test_drop_compares_with_the_previous_election_of_the_same_kind(tree: Database) -> None:
    with tree.write() as s:
        _pilkada, pemilu = _drop_history(s)
        report = compute_flags(s, pemilu)
    assert report.previous is not None and report.previous.name == "Pemilu 2019"
    assert flags_of(report) == {JATI: [FlagKind.DROP], KEDUNGTUBAN: [FlagKind.DROP]}
    jati = status(report, JATI)
    assert jati.previous_participation == pytest.approx(90.0)
    reason = jati.reasons[0]
    assert reason.value == pytest.approx(84.0)
    assert reason.reference == pytest.approx(90.0)
    assert reason.detail == "Pemilu 2019"
    assert status(report, RANDUBLATUNG).previous_participation == pytest.approx(80.0)


def test_a_pilkada_is_not_compared_with_a_pemilu(tree: Database) -> None:
    with tree.write() as s:
        pilkada, _pemilu = _drop_history(s)
        report = compute_flags(s, pilkada)
    # Jati fell from 90% (Pemilu 2019) to 60%, but there is no earlier pilkada.
    assert report.previous is None
    assert status(report, JATI).previous_participation is None
    # Kabupaten = 15,000 / 20,000 = 75%: Jati is 15 points below it, the only reason.
    assert flags_of(report) == {JATI: [FlagKind.BELOW_KABUPATEN]}


def test_drop_threshold_is_a_stored_setting(tree: Database) -> None:
    with tree.write() as s:
        _pilkada, pemilu = _drop_history(s)
        set_threshold(s, "drop_points", 6)
        # 6 is not more than 6; 5.01 neither.
        assert flags_of(compute_flags(s, pemilu)) == {}
        set_threshold(s, "drop_points", 4.99)
        # 6 > 4.99, 5 > 4.99 and 5.01 > 4.99.
        assert set(flags_of(compute_flags(s, pemilu))) == {JATI, KRADENAN, KEDUNGTUBAN}


# --- invalid ballots above N% -------------------------------------------------


def _invalid(s: Session) -> Election:
    return election(
        s,
        "Pemilu 2024",
        "pemilu",
        date(2024, 2, 14),
        {
            # All at 80% participation, so only the invalid share can flag them.
            JATI: (1_250, 1_000, 950, 50),  # 50 / (950 + 50) = 5.0%: not above 5%
            RANDUBLATUNG: (1_250, 1_000, 949, 51),  # 51 / 1,000 = 5.1%: flagged
            KRADENAN: (1_250, 1_000, None, 60),  # valid unknown: 60 / 1,000 voters = 6%
            KEDUNGTUBAN: (1_250, 1_000, None, None),  # unknown: never flagged
        },
    )


def test_invalid_above_n_percent(tree: Database) -> None:
    with tree.write() as s:
        report = compute_flags(s, _invalid(s))
    assert flags_of(report) == {
        RANDUBLATUNG: [FlagKind.INVALID],
        KRADENAN: [FlagKind.INVALID],
    }
    assert status(report, JATI).invalid_pct == pytest.approx(5.0)
    assert status(report, KEDUNGTUBAN).invalid_pct is None
    reason = status(report, KRADENAN).reasons[0]
    assert reason.value == pytest.approx(6.0) and reason.reference == 5.0


def test_invalid_threshold_is_a_stored_setting(tree: Database) -> None:
    with tree.write() as s:
        e = _invalid(s)
        set_threshold(s, "invalid_pct", 6)
        assert flags_of(compute_flags(s, e)) == {}  # 6.0 is not above 6
        set_threshold(s, "invalid_pct", "4.9")
        assert set(flags_of(compute_flags(s, e))) == {JATI, RANDUBLATUNG, KRADENAN}


# --- manual focus areas (lokus) ------------------------------------------------


def test_lokus_flags_with_criterion_and_note(tree: Database, english: None) -> None:
    with tree.write() as s:
        e = election(s, "Pemilu 2024", "pemilu", date(2024, 2, 14), {JATI: (1_000, 800)})
        s.add(Lokus(region_code=JATI, criterion="sulit_dijangkau", note="Dusun di hutan jati"))
        s.add(Lokus(region_code=KEDUNGTUBAN, criterion="perbatasan"))
        s.add(Lokus(region_code=BANGKLEYAN, criterion="lapas_rutan", note="Rutan"))
        s.add(Lokus(region_code=SUMBER, criterion="perbatasan"))
        report = compute_flags(s, e, scope_code=KAB)
    assert flags_of(report) == {
        JATI: [FlagKind.LOKUS],
        BANGKLEYAN: [FlagKind.LOKUS],
        KEDUNGTUBAN: [FlagKind.LOKUS],
    }
    jati = status(report, JATI)
    assert jati.participation == pytest.approx(80.0)
    assert jati.reasons[0].detail == "sulit_dijangkau:Dusun di hutan jati"
    assert jati.reasons_text() == "focus area (lokus): hard to reach — Dusun di hutan jati"
    # A lokus without figures is still listed, at its own level.
    kedungtuban = status(report, KEDUNGTUBAN)
    assert kedungtuban.participation is None and kedungtuban.level == "kecamatan"
    assert kedungtuban.reasons_text() == "focus area (lokus): border area"
    bangkleyan = status(report, BANGKLEYAN)
    assert bangkleyan.level == "desa"
    assert bangkleyan.reasons_text() == "focus area (lokus): prison (lapas/rutan) — Rutan"


def test_lokus_flags_without_any_figures(tree: Database) -> None:
    with tree.write() as s:
        s.add(Lokus(region_code=JATI, criterion="rawan_pelanggaran"))
        report = compute_flags(s)
    assert report.election is None
    assert flags_of(report) == {JATI: [FlagKind.LOKUS]}


# --- thresholds ------------------------------------------------------------------


def test_default_thresholds() -> None:
    from planner.services.settings import Thresholds

    limits = Thresholds()
    assert (limits.below_kabupaten_points, limits.drop_points, limits.invalid_pct) == (
        5.0,
        5.0,
        5.0,
    )


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("no_such_threshold", "3", "unknown setting"),
        ("drop_points", "tiga", "not a number"),
        ("drop_points", "-1", "must not be negative"),
    ],
)
def test_bad_thresholds_are_refused_naming_the_setting(
    db: Database, english: None, name: str, value: str, words: str
) -> None:
    with pytest.raises(errors.InvalidInput) as caught, db.write() as s:
        set_threshold(s, name, value)
    assert caught.value.field == name
    assert words in caught.value.message
    with db.read() as s:
        assert thresholds(s).drop_points == 5.0


# --- scope ---------------------------------------------------------------------


def _two_kabupaten(s: Session) -> Election:
    return election(
        s,
        "Pemilu 2024",
        "pemilu",
        date(2024, 2, 14),
        {
            # Blora = 16,000 / 20,000 = 80%; Jati is 10 points below.
            JATI: (10_000, 7_000),
            RANDUBLATUNG: (10_000, 9_000),
            # Rembang = 14,000 / 20,000 = 70%; Sumber is 10 points below it.
            SUMBER: (10_000, 6_000),
            SULANG: (10_000, 8_000),
        },
    )


def test_without_scope_each_kecamatan_meets_its_own_kabupaten(tree: Database) -> None:
    with tree.write() as s:
        report = compute_flags(s, _two_kabupaten(s))
    assert report.scope is None and report.scope_participation is None
    assert [r.code for r in report.regions] == [JATI, RANDUBLATUNG, SUMBER, SULANG]
    assert flags_of(report) == {
        JATI: [FlagKind.BELOW_KABUPATEN],
        SUMBER: [FlagKind.BELOW_KABUPATEN],
    }
    sumber = status(report, SUMBER).reasons[0]
    assert sumber.detail == "Kabupaten Rembang" and sumber.reference == pytest.approx(70.0)


def test_scope_limits_the_regions(tree: Database) -> None:
    with tree.write() as s:
        e = _two_kabupaten(s)
        s.add(Lokus(region_code=SUMBER, criterion="perbatasan"))
        report = compute_flags(s, e, scope_code=KAB)
        assert report.scope is not None and report.scope.name == "Kabupaten Blora"
        assert report.scope_participation == pytest.approx(80.0)
        assert [r.code for r in report.regions] == [JATI, RANDUBLATUNG]
        assert flags_of(report) == {JATI: [FlagKind.BELOW_KABUPATEN]}
        # The stored home region is the default scope.
        set_value(s, SCOPE_KEY, REMBANG)
        stored = compute_flags(s, e)
        assert stored.scope_participation == pytest.approx(70.0)
        assert [r.code for r in stored.regions] == [SUMBER, SULANG]
        assert flags_of(stored) == {SUMBER: [FlagKind.BELOW_KABUPATEN, FlagKind.LOKUS]}


# --- level desa -------------------------------------------------------------------


def test_desa_level_compares_with_the_kabupaten(tree: Database) -> None:
    with tree.write() as s:
        e = election(
            s,
            "Pemilu 2024",
            "pemilu",
            date(2024, 2, 14),
            {
                BANGKLEYAN: (1_000, 800),  # 80%
                DESA_JATI: (1_000, 700),  # 70%: 10 points below the kabupaten
                BEKUTUK: (1_000, 900),  # 90%
                # Kabupaten = 2,400 / 3,000 = 80%
            },
        )
        desa = compute_flags(s, e, level="desa")
        # Kecamatan Jati = 1,500 / 2,000 = 75%: exactly 5 below, not flagged.
        kecamatan = compute_flags(s, e, level="kecamatan")
    assert desa.level == "desa"
    assert [(r.code, r.level) for r in desa.regions] == [
        (BANGKLEYAN, "desa"),
        (DESA_JATI, "desa"),
        (BEKUTUK, "desa"),
    ]
    assert flags_of(desa) == {DESA_JATI: [FlagKind.BELOW_KABUPATEN]}
    reason = status(desa, DESA_JATI).reasons[0]
    assert reason.detail == "Kabupaten Blora" and reason.reference == pytest.approx(80.0)
    assert [r.code for r in kecamatan.regions] == [JATI, RANDUBLATUNG]
    assert status(kecamatan, JATI).participation == pytest.approx(75.0)
    assert flags_of(kecamatan) == {}


# --- the reasons in words ------------------------------------------------------------


def _every_reason(s: Session) -> FlagReport:
    election(
        s, "Pemilu 2019", "pemilu", date(2019, 4, 17), {KAB: (10_000, 8_000), JATI: (10_000, 8_000)}
    )
    e = election(
        s,
        "Pemilu 2024",
        "pemilu",
        date(2024, 2, 14),
        {
            KAB: (10_000, 8_000),  # 80%
            # 7,050 / 10,000 = 70.5%: 7 points below 77.5%, 9.5 below 80%, 9.5 since 2019;
            # invalid 400 / (6,650 + 400) = 5.6737% -> 5.67%
            JATI: (10_000, 7_050, 6_650, 400),
        },
        target=77.5,
    )
    s.add(Lokus(region_code=JATI, criterion="sulit_dijangkau", note="jalan rusak"))
    s.flush()
    return compute_flags(s, e)


def test_reasons_in_english(tree: Database, english: None) -> None:
    with tree.write() as s:
        jati = status(_every_reason(s), JATI)
    assert [r.describe() for r in jati.reasons] == [
        "participation 70.50% is below the target 77.50%",
        "participation 70.50% is 9.5 points below Kabupaten Blora's 80%",
        "participation fell 9.5 points since Pemilu 2019 (80%)",
        "invalid ballots 5.67% are above 5%",
        "focus area (lokus): hard to reach — jalan rusak",
    ]
    assert jati.reasons_text() == "; ".join(r.describe() for r in jati.reasons)


def test_reasons_in_indonesian(tree: Database) -> None:
    set_language("id")
    try:
        with tree.write() as s:
            jati = status(_every_reason(s), JATI)
        assert [r.describe() for r in jati.reasons] == [
            "partisipasi 70,50% di bawah target 77,50%",
            "partisipasi 70,50%, 9,5 poin di bawah Kabupaten Blora (80%)",
            "partisipasi turun 9,5 poin sejak Pemilu 2019 (80%)",
            "suara tidak sah 5,67%, di atas batas 5%",
            "lokus: sulit dijangkau — jalan rusak",
        ]
    finally:
        set_language("id")


# --- the Blora sample ------------------------------------------------------------------


def test_blora_sample_flags_sambong_and_bogorejo_below_the_kabupaten(
    blora_db: Database, english: None
) -> None:
    with blora_db.read() as s:
        pilkada = s.exec(select(Election).where(Election.name == "Pilkada Blora 2024")).one()
        report = compute_flags(s, pilkada)
    below = {
        r.name: r
        for r in report.flagged
        if any(x.kind == FlagKind.BELOW_KABUPATEN for x in r.reasons)
    }
    assert set(below) == {"Sambong", "Bogorejo"}
    assert {r.code for r in below.values()} == {"33.16.06", "33.16.15"}
    for region in below.values():
        reason = next(x for x in region.reasons if x.kind == FlagKind.BELOW_KABUPATEN)
        assert reason.detail == "Kabupaten Blora"
        assert reason.reference is not None and reason.value is not None
        assert reason.reference - reason.value > report.thresholds.below_kabupaten_points
        assert "points below Kabupaten Blora's" in region.reasons_text()
