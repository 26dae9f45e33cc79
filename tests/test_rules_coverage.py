"""Coverage of flagged regions by segment, the gap matrix and the priority ranking."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import Session

from planner.models import (
    Activity,
    ActivityRegion,
    ActivitySegment,
    Election,
    Region,
    Segment,
    Turnout,
)
from planner.rules.coverage import CoverageReport, RegionCoverage, coverage, rank
from planner.rules.flags import FlagKind, compute_flags
from planner.services.settings import Thresholds, set_threshold, thresholds
from planner.services.turnout import rebuild_totals
from planner.store import Database

KAB = "33.16"
A, B, C, D = "33.16.01", "33.16.02", "33.16.03", "33.16.04"
DESA_A, DESA_B = "33.16.01.2001", "33.16.02.2001"
VOTING_DAY = date(2024, 11, 27)
NOW = datetime(2025, 6, 1, 12, 0)


def _setup(s: Session, *, target: float | None = 80.0) -> tuple[Election, int, int]:
    """Kabupaten Blora with four kecamatan; returns the election and two segment ids.

    Participation (DPT denominator), target 80%:
      A  700 / 1,000 = 70%  -> shortfall 10 points
      B 1,500 / 2,000 = 75%  -> shortfall  5 points
      C 3,120 / 4,000 = 78%  -> shortfall  2 points
      D  900 / 1,000 = 90%  -> not flagged
    """
    s.add(Region(code="33", name="Jawa Tengah", level="provinsi"))
    s.add(Region(code=KAB, name="Kabupaten Blora", level="kabupaten", parent_code="33"))
    for code, name in ((A, "Jati"), (B, "Randublatung"), (C, "Kradenan"), (D, "Kedungtuban")):
        s.add(Region(code=code, name=name, level="kecamatan", parent_code=KAB))
    s.add(Region(code=DESA_A, name="Bangkleyan", level="desa", parent_code=A))
    s.add(Region(code=DESA_B, name="Bekutuk", level="desa", parent_code=B))
    e = Election(
        name="Pilkada Blora 2024",
        kind="pilkada",
        voting_day=VOTING_DAY,
        target_pct=target,
        denominator="dpt",
    )
    s.add(e)
    first = Segment(name="Pemilih Pemula", sort_order=1)
    second = Segment(name="Perempuan", sort_order=2)
    s.add(first)
    s.add(second)
    s.add(Segment(name="Pensiunan", sort_order=3, active=False))  # retired: no column
    s.flush()
    assert e.id is not None and first.id is not None and second.id is not None
    for code, dpt, voters in (
        (A, 1_000, 700),
        (B, 2_000, 1_500),
        (C, 4_000, 3_120),
        (D, 1_000, 900),
    ):
        s.add(Turnout(election_id=e.id, region_code=code, dpt=dpt, voters=voters))
    rebuild_totals(s, e.id)
    return e, first.id, second.id


def _activity(
    s: Session,
    title: str,
    start: datetime,
    regions: tuple[str, ...],
    segments: tuple[int, ...],
    status: str = "rencana",
    target: int | None = None,
    actual: int | None = None,
) -> int:
    a = Activity(
        title=title,
        start=start,
        status=status,
        target_participants=target,
        actual_participants=actual,
    )
    s.add(a)
    s.flush()
    assert a.id is not None
    for code in regions:
        s.add(ActivityRegion(activity_id=a.id, region_code=code))
    for seg in segments:
        s.add(ActivitySegment(activity_id=a.id, segment_id=seg))
    s.flush()
    return a.id


def _row(report: CoverageReport, code: str) -> RegionCoverage:
    return next(r for r in report.rows if r.status.code == code)


@pytest.fixture
def covered(db: Database) -> tuple[Database, dict[str, int], int, int]:
    ids: dict[str, int] = {}
    with db.write() as s:
        _e, s1, s2 = _setup(s)
        # In a desa of A: covers A. Done, so it counts as done with its reach.
        ids["desa_a"] = _activity(
            s, "desa A", datetime(2025, 3, 1, 9), (DESA_A,), (s1,), "terlaksana", 100, 90
        )
        # At the kabupaten level: covers no kecamatan.
        ids["kab"] = _activity(s, "kabupaten", datetime(2025, 7, 1, 9), (KAB,), (s2,))
        # Cancelled: does not count.
        ids["batal"] = _activity(s, "batal", datetime(2025, 4, 1, 9), (A,), (s2,), "batal", 60)
        # Before the voting day of the flagged election: does not count.
        ids["old"] = _activity(
            s, "old", datetime(2024, 10, 1, 9), (A,), (s2,), "terlaksana", 70, 65
        )
        # No segment: no cell, but it is A's latest activity before NOW.
        ids["no_segment"] = _activity(s, "no segment", datetime(2025, 5, 1, 9), (A,), ())
        # Held in A and in a desa of A at once: counted once for A.
        ids["twice"] = _activity(
            s, "twice", datetime(2025, 9, 1, 9), (A, DESA_A), (s1,), "rencana", 40
        )
        # B: one planned for both segments, one done in a desa of B.
        ids["b_both"] = _activity(s, "b both", datetime(2025, 8, 1, 9), (B,), (s1, s2), target=50)
        ids["b_done"] = _activity(
            s, "b done", datetime(2025, 2, 1, 9), (DESA_B,), (s1,), "terlaksana", 30, 25
        )
        # C: confirmed counts as planned.
        ids["c"] = _activity(
            s, "c", datetime(2025, 6, 15, 9), (C,), (s1,), "terkonfirmasi", target=20
        )
        # D is not flagged: its activity appears nowhere.
        ids["d"] = _activity(s, "d", datetime(2025, 6, 2, 9), (D,), (s1, s2))
    return db, ids, s1, s2


def _report(db: Database, since: datetime | None = None) -> CoverageReport:
    with db.read() as s:
        return coverage(s, compute_flags(s), now=NOW, since=since)


def test_flagged_rows_and_segment_columns(
    covered: tuple[Database, dict[str, int], int, int],
) -> None:
    db, _ids, s1, s2 = covered
    report = _report(db)
    assert {r.status.code for r in report.rows} == {A, B, C}
    assert [seg.id for seg in report.segments] == [s1, s2]
    # Since defaults to the voting day of the flagged election.
    assert report.since == datetime(2024, 11, 27)


def test_cells_count_planned_and_done_and_sum_reach(
    covered: tuple[Database, dict[str, int], int, int],
) -> None:
    db, ids, s1, s2 = covered
    report = _report(db)
    a, b, c = _row(report, A), _row(report, B), _row(report, C)
    # A / segment 1: "desa A" done (target 100, actual 90) + "twice" planned (target 40).
    cell = a.cells[s1]
    assert (cell.planned, cell.done, cell.target, cell.actual) == (1, 1, 140, 90)
    assert sorted(cell.activity_ids) == sorted([ids["desa_a"], ids["twice"]])
    # A / segment 2: the kabupaten one, the cancelled one and the old one all miss.
    cell = a.cells[s2]
    assert (cell.planned, cell.done, cell.target, cell.actual) == (0, 0, 0, 0)
    assert not cell.covered
    # B / segment 1: "b both" planned (50) + "b done" done (30, actual 25).
    cell = b.cells[s1]
    assert (cell.planned, cell.done, cell.target, cell.actual) == (1, 1, 80, 25)
    # B / segment 2: "b both" planned (50); a planned activity has no actual reach.
    cell = b.cells[s2]
    assert (cell.planned, cell.done, cell.target, cell.actual) == (1, 0, 50, 0)
    # C / segment 1: the confirmed one counts as planned.
    cell = c.cells[s1]
    assert (cell.planned, cell.done, cell.target, cell.actual) == (1, 0, 20, 0)
    assert not c.cells[s2].covered
    assert (a.covered_segments(), b.covered_segments(), c.covered_segments()) == (1, 2, 1)


def test_last_and_next_activity_relative_to_now(
    covered: tuple[Database, dict[str, int], int, int],
) -> None:
    db, ids, _s1, _s2 = covered
    report = _report(db)
    a, b, c = _row(report, A), _row(report, B), _row(report, C)
    # A: "no segment" (1 May) is later than "desa A" (1 March); next is "twice" (1 Sep).
    assert a.last is not None and a.last.id == ids["no_segment"]
    assert a.next is not None and a.next.id == ids["twice"]
    assert a.next.start == datetime(2025, 9, 1, 9)
    # B: last "b done" (1 Feb), next "b both" (1 Aug).
    assert b.last is not None and b.last.id == ids["b_done"] and b.last.status == "terlaksana"
    assert b.next is not None and b.next.id == ids["b_both"]
    # C: nothing before NOW, "c" on 15 June after it.
    assert c.last is None
    assert c.next is not None and c.next.title == "c"


def test_gaps_are_exactly_the_empty_cells(
    covered: tuple[Database, dict[str, int], int, int],
) -> None:
    db, _ids, _s1, s2 = covered
    report = _report(db)
    assert {(row.status.code, seg.id) for row, seg in report.gaps()} == {(A, s2), (C, s2)}
    assert len(report.gaps()) == 2


def test_since_moves_the_window(covered: tuple[Database, dict[str, int], int, int]) -> None:
    db, ids, s1, s2 = covered
    report = _report(db, since=datetime(2025, 3, 15))
    assert report.since == datetime(2025, 3, 15)
    a, b = _row(report, A), _row(report, B)
    # "desa A" (1 March) and "b done" (1 Feb) are now before the window.
    cell = a.cells[s1]
    assert (cell.planned, cell.done, cell.target, cell.actual) == (1, 0, 40, 0)
    assert b.cells[s1].activity_ids == [ids["b_both"]]
    assert b.last is None
    assert {(row.status.code, seg.id) for row, seg in report.gaps()} == {(A, s2), (C, s2)}


def test_priority_ranking_by_hand(covered: tuple[Database, dict[str, int], int, int]) -> None:
    db, _ids, _s1, _s2 = covered
    report = _report(db)
    weights = report.flags.thresholds
    assert (weights.weight_shortfall, weights.weight_voters, weights.weight_uncovered) == (
        0.5,
        0.2,
        0.3,
    )
    assert [r.shortfall for r in report.rows] == [
        pytest.approx(10.0),  # A: 80 - 70
        pytest.approx(2.0),  # C: 80 - 78
        pytest.approx(5.0),  # B: 80 - 75
    ]
    # Largest shortfall 10, largest DPT 4,000, two segments; the weights add up to 1.
    # A: 0.5 x 10/10 + 0.2 x 1,000/4,000 + 0.3 x (1 - 1/2) = 0.5  + 0.05 + 0.15 = 0.70
    # C: 0.5 x  2/10 + 0.2 x 4,000/4,000 + 0.3 x (1 - 1/2) = 0.1  + 0.2  + 0.15 = 0.45
    # B: 0.5 x  5/10 + 0.2 x 2,000/4,000 + 0.3 x (1 - 2/2) = 0.25 + 0.1  + 0    = 0.35
    assert [r.status.code for r in report.rows] == [A, C, B]
    assert [r.priority for r in report.rows] == [
        pytest.approx(0.70),
        pytest.approx(0.45),
        pytest.approx(0.35),
    ]


def test_priority_weights_are_stored_settings(
    covered: tuple[Database, dict[str, int], int, int],
) -> None:
    db, _ids, _s1, _s2 = covered
    with db.write() as s:
        set_threshold(s, "weight_shortfall", 0)
        set_threshold(s, "weight_voters", 2)
        set_threshold(s, "weight_uncovered", 2)
        report = coverage(s, compute_flags(s), now=NOW)
    # Total weight 4.
    # A: (0 + 2 x 1,000/4,000 + 2 x 0.5) / 4 = (0.5 + 1) / 4 = 0.375
    # B: (0 + 2 x 2,000/4,000 + 2 x 0  ) / 4 = (1   + 0) / 4 = 0.25
    # C: (0 + 2 x 4,000/4,000 + 2 x 0.5) / 4 = (2   + 1) / 4 = 0.75
    assert [r.status.code for r in report.rows] == [C, A, B]
    assert [r.priority for r in report.rows] == [
        pytest.approx(0.75),
        pytest.approx(0.375),
        pytest.approx(0.25),
    ]


def test_rank_breaks_ties_by_code_and_survives_zero_weights() -> None:
    from planner.rules.flags import RegionStatus

    def row(code: str, dpt: int) -> RegionCoverage:
        return RegionCoverage(RegionStatus(code, code, "kecamatan", dpt=dpt), {}, None, None, 0.0)

    rows = [row("33.16.02", 100), row("33.16.01", 100)]
    # Every weight zero: the total falls back to 1 and every score is 0.
    rank(rows, 0, Thresholds(weight_shortfall=0, weight_voters=0, weight_uncovered=0))
    assert [(r.status.code, r.priority) for r in rows] == [("33.16.01", 0.0), ("33.16.02", 0.0)]


def test_shortfall_without_a_target_is_to_the_scope_rate(db: Database) -> None:
    with db.write() as s:
        _setup(s, target=None)
        # Kabupaten = (700 + 1,500 + 3,120 + 900) / 8,000 = 6,220 / 8,000 = 77.75%
        # Only A (70%) is more than 5 points below it: 7.75 points short.
        scoped = coverage(s, compute_flags(s, scope_code=KAB), now=NOW)
        unscoped = coverage(s, compute_flags(s, scope_code=""), now=NOW)
        assert thresholds(s).below_kabupaten_points == 5.0
    assert [r.status.code for r in scoped.rows] == [A]
    assert scoped.rows[0].status.reasons[0].kind == FlagKind.BELOW_KABUPATEN
    assert scoped.rows[0].shortfall == pytest.approx(7.75)
    # Without a target or a scope there is nothing to fall short of.
    assert unscoped.rows[0].shortfall == 0.0
