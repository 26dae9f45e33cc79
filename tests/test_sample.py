"""The built-in Blora sample: real totals kept exactly, plausible detail, a live campaign."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from planner import errors
from planner.models import (
    Activity,
    ActivityRegion,
    ActivitySegment,
    ActivityStakeholder,
    Challenge,
    Election,
    Lokus,
    Method,
    Region,
    Segment,
    Stakeholder,
    StakeholderRegion,
    Strategy,
    StrategyChallenge,
    Turnout,
    TurnoutTotal,
)
from planner.sample import figures as fig
from planner.sample import load_blora, seed_vocabulary
from planner.sample.blora import PARTNERS, WILAYAH_CSV
from planner.sample.figures import Counts
from planner.sample.synth import Child, allocate, split
from planner.sample.vocabulary import STRATEGY_MEDIA
from planner.services import settings
from planner.store import Database, open_database

TODAY = date(2026, 3, 10)
FIELDS = ("dpt", "dptb", "dpk", "voters", "valid", "invalid", "dpt_men", "dpt_women")


def _loaded(tmp_path: Path, name: str = "t.db", today: date = TODAY) -> Database:
    db = open_database(tmp_path / name)
    load_blora(db, today=today)
    return db


def _election_ids(s: Session) -> dict[str, int]:
    return {e.name: e.id for e in s.exec(select(Election)).all() if e.id is not None}


def _sums_by_kecamatan(s: Session, election_id: int) -> dict[str, dict[str, int | None]]:
    """Kecamatan figures summed by hand from the entered rows (desa or TPS)."""
    sums: dict[str, dict[str, int | None]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    for row in s.exec(select(Turnout).where(Turnout.election_id == election_id)).all():
        kec = sums[row.region_code[:8]]
        for f in FIELDS:
            value = getattr(row, f)
            current = kec[f]
            kec[f] = None if value is None or current is None else current + value
    return dict(sums)


def _rate(c: Counts | TurnoutTotal) -> float:
    registered = c.dpt + (c.dptb or 0) + (c.dpk or 0)
    return 100 * c.voters / registered


def test_wilayah_csv_is_the_blora_part_of_the_shared_file(shared_data: Path) -> None:
    with (shared_data / "wilayah_kepmendagri_2025.csv").open(newline="", encoding="utf-8") as fh:
        expected = [
            (r["kode"], r["nama"])
            for r in csv.DictReader(fh)
            if r["kode"] in ("33", "33.16") or r["kode"].startswith("33.16.")
        ]
    with WILAYAH_CSV.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        assert next(reader) == ["kode", "nama"]
        actual = [(r[0], r[1]) for r in reader]
    assert actual == expected
    assert len(actual) == 313
    attribution = (WILAYAH_CSV.parent / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for must in ("300.2.2-2138", "github.com/cahyadsn/wilayah", "(c) 2017-2025 Cahya DSN", "MIT"):
        assert must in attribution


def test_regions_form_the_blora_tree(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with db.read() as s:
        regions = s.exec(select(Region)).all()
        levels = defaultdict(list)
        for r in regions:
            levels[r.level].append(r)
        assert len(regions) == 313
        assert [r.code for r in levels["provinsi"]] == ["33"]
        assert [(r.code, r.parent_code) for r in levels["kabupaten"]] == [("33.16", "33")]
        assert len(levels["kecamatan"]) == 16
        assert len(levels["desa"]) == 295
        assert all(r.parent_code == r.code[:8] for r in levels["desa"])
        assert all(r.parent_code == "33.16" for r in levels["kecamatan"])
        assert s.get(Region, fig.KECAMATAN_BLORA).name == "Blora"  # type: ignore[union-attr]
        assert s.get(Region, fig.SAMBONG).name == "Sambong"  # type: ignore[union-attr]
        assert s.get(Region, fig.BOGOREJO).name == "Bogorejo"  # type: ignore[union-attr]
        assert settings.scope_region(s) == "33.16"
        assert settings.is_synthetic(s)
    db.dispose()


def test_kecamatan_add_up_exactly_to_the_real_totals(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with db.read() as s:
        ids = _election_ids(s)
        for e in fig.PAST_ELECTIONS:
            kecamatan = _sums_by_kecamatan(s, ids[e.name])
            assert sorted(kecamatan) == sorted(fig.DPS_SIZES)
            for f in FIELDS:
                real = getattr(e.totals, f)
                parts = [k[f] for k in kecamatan.values()]
                if real is None:
                    assert all(p is None for p in parts), (e.name, f)
                else:
                    assert sum(p or 0 for p in parts) == real, (e.name, f)
            # The derived totals agree with the hand-made sums.
            total = s.get(TurnoutTotal, (ids[e.name], "33.16"))
            assert total is not None
            for f in FIELDS:
                assert getattr(total, f) == getattr(e.totals, f), (e.name, f)
    db.dispose()


def test_pilkada_2020_rates_match_the_published_ones(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with db.read() as s:
        election_id = _election_ids(s)["Pilkada Blora 2020"]
        t = s.get(TurnoutTotal, (election_id, "33.16"))
        assert t is not None and t.dptb is not None and t.dpk is not None
        assert round(t.voters / (t.dpt + t.dptb + t.dpk) * 100, 2) == 77.47
        assert round(t.voters / t.dpt * 100, 2) == 77.63
        pilkada_2024 = s.get(TurnoutTotal, (_election_ids(s)["Pilkada Blora 2024"], "33.16"))
        assert pilkada_2024 is not None
        assert round(_rate(pilkada_2024), 2) == 71.24
        assert pilkada_2024.tps_count == 1_453
    db.dispose()


def test_published_kecamatan_dpt(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with db.read() as s:
        ids = _election_ids(s)
        assert _sums_by_kecamatan(s, ids["Pemilu 2019"])[fig.SAMBONG]["dpt"] == 22_549
        assert _sums_by_kecamatan(s, ids["Pilkada Blora 2020"])[fig.BOGOREJO]["dpt"] == 20_563
    db.dispose()


def test_sambong_and_bogorejo_lag(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with db.read() as s:
        ids = _election_ids(s)
        for e in fig.PAST_ELECTIONS:
            kab = s.get(TurnoutTotal, (ids[e.name], "33.16"))
            assert kab is not None
            for code in (fig.SAMBONG, fig.BOGOREJO):
                kec = s.get(TurnoutTotal, (ids[e.name], code))
                assert kec is not None
                lag = _rate(kab) - _rate(kec)
                if e is fig.PILKADA_BLORA_2024:
                    assert lag > 5, (e.name, code, lag)
                # "Roughly 8-12 points" below the kabupaten, every election.
                assert 7 < lag < 13, (e.name, code, lag)
    db.dispose()


def test_every_row_is_consistent(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with db.read() as s:
        ids = _election_ids(s)
        rows = s.exec(select(Turnout)).all()
        assert rows
        tps_rows = [r for r in rows if r.tps > 0]
        assert {r.election_id for r in tps_rows} == {ids["Pilkada Blora 2024"]}
        assert len(tps_rows) == 1_453
        for r in rows:
            assert r.synthetic and r.source == "sampel Blora (sebagian sintetis)"
            assert 0 <= r.voters <= r.dpt + (r.dptb or 0) + (r.dpk or 0)
            if r.valid is not None and r.invalid is not None:
                assert r.valid + r.invalid == r.voters
            if r.dpt_men is not None:
                assert r.dpt_men + (r.dpt_women or 0) == r.dpt
            if r.tps:
                assert len(r.region_code) == 13 and r.dpt <= 600
        # Every desa has figures in every past election, at one level only.
        desa = {r.code for r in s.exec(select(Region).where(Region.level == "desa")).all()}
        for e in fig.PAST_ELECTIONS:
            codes = {r.region_code for r in rows if r.election_id == ids[e.name]}
            assert codes == desa
        # A few kecamatan spoil clearly more ballots than the rest.
        pilkada = ids["Pilkada Blora 2024"]
        kec = s.exec(
            select(TurnoutTotal).where(
                TurnoutTotal.election_id == pilkada, TurnoutTotal.level == "kecamatan"
            )
        ).all()
        high = [t for t in kec if (t.invalid or 0) / t.voters > 0.06]
        assert 2 <= len(high) <= 6
    db.dispose()


def test_loading_is_deterministic(tmp_path: Path) -> None:
    def snapshot(db: Database) -> list[tuple[object, ...]]:
        with db.read() as s:
            names = {e.id: e.name for e in s.exec(select(Election)).all()}
            rows = s.exec(select(Turnout).order_by(col(Turnout.id))).all()
            return [
                (names[r.election_id], r.region_code, r.tps, *(getattr(r, f) for f in FIELDS))
                for r in rows
            ]

    first, second = _loaded(tmp_path, "a.db"), _loaded(tmp_path, "b.db")
    assert snapshot(first) == snapshot(second)
    first.dispose()
    second.dispose()


def test_elections(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with db.read() as s:
        elections = {e.name: e for e in s.exec(select(Election)).all()}
        assert list(elections) == [
            "Pilgub Jateng 2018",
            "Pemilu 2019",
            "Pilkada Blora 2020",
            "Pemilu 2024",
            "Pilkada Blora 2024",
            "Pemilu 2029",
        ]
        assert elections["Pilgub Jateng 2018"].region_code == "33"
        assert elections["Pilkada Blora 2020"].region_code == "33.16"
        assert elections["Pilkada Blora 2024"].target_pct == 82
        assert elections["Pemilu 2024"].region_code is None
        future = elections["Pemilu 2029"]
        assert future.voting_day == date(2029, 2, 14) and future.voting_day_estimated
        assert future.target_pct == 82 and "perkiraan" in future.notes
        assert all(e.denominator == "dpt_dptb_dpk" for e in elections.values())
    db.dispose()


def test_pemilu_2029_campaign_is_around_today(tmp_path: Path) -> None:
    today = date.today()
    db = _loaded(tmp_path, today=today)
    now = datetime.combine(today, datetime.min.time())
    with db.read() as s:
        election_id = _election_ids(s)["Pemilu 2029"]
        acts = s.exec(select(Activity).where(Activity.election_id == election_id)).all()
        assert len(acts) >= 12
        before = [a for a in acts if a.start < now]
        after = [a for a in acts if a.start >= now]
        assert before and after
        assert all(
            a.status == "terlaksana" and a.actual_participants for a in before if a.rrule is None
        )
        assert any(a.status == "terkonfirmasi" for a in after)
        assert any(a.status == "rencana" for a in after)
        assert max(a.start for a in acts).date() == date.fromordinal(today.toordinal() + 120)
        assert min(a.start for a in acts).date() == date.fromordinal(today.toordinal() - 45)
        rules = sorted(a.rrule for a in acts if a.rrule)
        assert rules == ["FREQ=MONTHLY;COUNT=6", "FREQ=WEEKLY;COUNT=8"]
        assert all(a.budget and a.budget > 0 for a in acts)
    db.dispose()


def test_real_activities_of_2024(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with db.read() as s:
        raker = s.exec(
            select(Activity).where(Activity.title == "Rapat kerja sosialisasi pendidikan pemilih")
        ).one()
        assert raker.start == datetime(2024, 7, 27, 9) and raker.start.weekday() == 5
        assert raker.venue == "Garden Resto and Caffe, Tunjungan"
        assert raker.status == "terlaksana" and "83,5%" in raker.outcome
        invited = s.exec(
            select(ActivityStakeholder).where(ActivityStakeholder.activity_id == raker.id)
        ).all()
        assert len(invited) == 17 and {i.role for i in invited} == {"undangan"}
        strategy = s.get(Strategy, raker.strategy_id)
        assert strategy is not None and strategy.name == STRATEGY_MEDIA
        pesantren = s.exec(select(Activity).where(Activity.title == "KPU Goes To Pesantren")).one()
        assert pesantren.start.date() == date(2024, 10, 22)
        assert pesantren.actual_participants == 950
        statuses = [a.status for a in s.exec(select(Activity)).all() if a.start.year == 2024]
        assert statuses.count("batal") == 1 and len(statuses) >= 14
    db.dispose()


def test_stakeholders_and_lokus(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with db.read() as s:
        people = s.exec(select(Stakeholder)).all()
        assert len(people) == len(PARTNERS)
        for p in people:
            assert p.phone.startswith("0812-0000-") and p.email.endswith("@example.id")
            assert "sampel" in p.notes
        names = {p.name for p in people}
        for must in (
            "Bawaslu Blora",
            "Kodim 0721/Blora",
            "Yonif 410/Alugoro",
            "Rutan Kelas IIB Blora",
            "Bagian Prokompim Setda Blora",
            "PCNU Blora",
        ):
            assert must in names
        served = {(r.stakeholder_id, r.region_code) for r in s.exec(select(StakeholderRegion))}
        assert {code for _id, code in served} > {"33.16", fig.KECAMATAN_BLORA}
        lokus = {(x.region_code, x.criterion) for x in s.exec(select(Lokus)).all()}
        assert lokus == {("33.16.09", "lapas_rutan"), ("33.16.06", "sulit_dijangkau")}
    db.dispose()


def test_coverage_leaves_gaps_in_the_lagging_kecamatan(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with db.read() as s:
        election_id = _election_ids(s)["Pemilu 2029"]
        segments = {x.id: x.name for x in s.exec(select(Segment)).all()}

        def covered(kecamatan: str) -> set[str]:
            rows = s.exec(
                select(ActivitySegment.segment_id)
                .join(Activity, col(Activity.id) == ActivitySegment.activity_id)
                .join(ActivityRegion, col(ActivityRegion.activity_id) == Activity.id)
                .where(
                    Activity.election_id == election_id,
                    Activity.status != "batal",
                    col(ActivityRegion.region_code).startswith(kecamatan),
                )
            ).all()
            return {segments[i] for i in rows}

        assert covered(fig.SAMBONG) == {"Pemilih Pemula", "Perempuan"}
        assert covered(fig.BOGOREJO) == {"Keluarga"}
    db.dispose()


def test_loading_twice_is_refused(tmp_path: Path) -> None:
    db = _loaded(tmp_path)
    with pytest.raises(errors.PlannerError):
        load_blora(db, today=TODAY)
    with db.read() as s:
        assert len(s.exec(select(Election)).all()) == 6
    db.dispose()


def test_seed_vocabulary_is_idempotent(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.db")
    with db.write() as s:
        seed_vocabulary(s)
    with db.read() as s:
        counts = [len(s.exec(select(m)).all()) for m in (Segment, Method, Challenge, Strategy)]
        links = len(s.exec(select(StrategyChallenge)).all())
        segments = s.exec(select(Segment).order_by(col(Segment.sort_order))).all()
        assert [x.name for x in segments][:3] == ["Keluarga", "Pemilih Pemula", "Pemilih Muda"]
        assert segments[-1].name == "Relawan Demokrasi" and len(segments) == 11
        assert all(x.description for x in segments)
        modes = {m.mode for m in s.exec(select(Method)).all()}
        assert modes == {"langsung", "tidak_langsung"}
    with db.write() as s:
        retired = s.exec(select(Segment).where(Segment.name == "Warganet")).one()
        retired.active = False
        s.delete(s.exec(select(Method).where(Method.name == "Seminar")).one())
    with db.write() as s:
        seed_vocabulary(s)
        seed_vocabulary(s)
    with db.read() as s:
        again = [len(s.exec(select(m)).all()) for m in (Segment, Method, Challenge, Strategy)]
        assert again == counts
        assert len(s.exec(select(StrategyChallenge)).all()) == links
        assert not s.exec(select(Segment).where(Segment.name == "Warganet")).one().active
    db.dispose()


def test_allocate_is_exact_and_within_bounds() -> None:
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(1, 12)
        weights = [rng.choice([0.0, rng.random() * 10]) for _ in range(n)]
        upper = [rng.randint(0, 200) for _ in range(n)]
        lower = [rng.randint(0, u) for u in upper]
        reach = sum(u if w > 0 else lo for w, lo, u in zip(weights, lower, upper, strict=True))
        if reach < sum(lower):
            continue
        total = rng.randint(sum(lower), reach)
        got = allocate(total, weights, lower=lower, upper=upper)
        assert sum(got) == total
        assert all(lo <= g <= u for lo, g, u in zip(lower, got, upper, strict=True))
    assert allocate(10, [1, 1, 1]) == [4, 3, 3]
    assert allocate(10, [1, 1, 1], lower=[0, 0, 6], upper=[3, 3, 10]) == [2, 2, 6]
    with pytest.raises(ValueError):
        allocate(10, [1, 1], upper=[4, 5])


def test_split_keeps_every_field_exact() -> None:
    parent = Counts(
        dpt=10_000,
        voters=7_500,
        dptb=40,
        dpk=9,
        valid=7_100,
        invalid=400,
        dpt_men=4_950,
        dpt_women=5_050,
    )
    rng = random.Random(3)
    children = [
        Child(
            code=str(i),
            size=rng.uniform(0.5, 2),
            turnout_offset=rng.uniform(-10, 5),
            invalid_factor=rng.uniform(0.5, 2),
        )
        for i in range(7)
    ]
    parts = split(parent, [*children[:-1], Child(code="fixed", size=1, fixed_dpt=1_234)])
    assert parts[-1].dpt == 1_234
    for f in FIELDS:
        assert sum(getattr(p, f) for p in parts) == getattr(parent, f)
    for p in parts:
        assert p.voters <= p.registered and p.valid is not None and p.invalid is not None
        assert p.valid + p.invalid == p.voters
