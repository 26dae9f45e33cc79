"""Elections, regions, stakeholders and the vocabulary lists, at the service level."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from planner import errors
from planner.i18n import set_language
from planner.importers.codes import level_of, parent_of
from planner.importers.fields import RegionRecord, read_region_rows
from planner.importers.tabular import read_table
from planner.models import (
    Activity,
    ActivitySegment,
    ActivityStakeholder,
    Challenge,
    Election,
    Region,
    Stakeholder,
    StakeholderRegion,
    StrategyChallenge,
    Turnout,
)
from planner.services import elections, regions, stakeholders, vocabulary
from planner.services.records import Conflict
from planner.services.turnout import rebuild_totals
from planner.store import Database

SAMPLE_REGIONS = Path(__file__).resolve().parents[1] / "planner/sample/data/wilayah_blora.csv"

BLORA = [
    ("33", "Jawa Tengah"),
    ("33.16", "Kabupaten Blora"),
    ("33.16.06", "Sambong"),
    ("33.16.06.2001", "Biting"),
    ("33.16.06.2002", "Sambongrejo"),
    ("33.16.13", "Blora"),
    ("33.16.13.1001", "Karangjati"),
    ("33.16.13.2001", "Tempelan"),
]


def record(line: int, code: str, name: str) -> RegionRecord:
    return RegionRecord(line, code, name, level_of(code), parent_of(code))


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Assertions below read English messages; the catalog may translate them.
    set_language("en")
    yield


@pytest.fixture
def blora(db: Database) -> Database:
    with db.write() as s:
        regions.import_regions(
            s, [record(i + 2, c, n) for i, (c, n) in enumerate(BLORA)], source="blora.csv"
        )
    return db


def count(db: Database, model: type[SQLModel]) -> int:
    with db.read() as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


# --- elections -----------------------------------------------------------------


def _add(s: Session, name: str, kind: str, day: date | None, **kw: object) -> Election:
    return elections.add_election(s, name=name, kind=kind, voting_day=day, **kw)  # type: ignore[arg-type]


def test_election_round_trip(blora: Database) -> None:
    with blora.write() as s:
        e = _add(
            s,
            " Pilkada Blora 2024 ",
            "pilkada",
            date(2024, 11, 27),
            target_pct=82,
            region_code="3316",
        )
        assert e.id is not None
        eid = e.id
    assert e.name == "Pilkada Blora 2024" and e.region_code == "33.16" and e.target_pct == 82.0
    with blora.read() as s:
        assert elections.find_election(s, "Pilkada Blora 2024").id == eid
        assert elections.find_election(s, "pilkada blora 2024").id == eid
        assert elections.find_election(s, str(eid)).id == eid
        with pytest.raises(errors.NotFound, match="Pilkada 2029"):
            elections.find_election(s, "Pilkada 2029")
    with blora.write() as s:
        changed = elections.update_election(s, eid, {"notes": "DPT 700.613"}, expected_version=1)
    assert changed.version == 2 and changed.notes == "DPT 700.613"
    with blora.write() as s, pytest.raises(Conflict, match="version 2"):
        elections.update_election(s, eid, {"notes": "x"}, expected_version=1)
    with blora.write() as s:
        elections.delete_election(s, eid, expected_version=2)
    assert count(blora, Election) == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "pemilu 2024"}, "name"),
        ({"kind": "referendum"}, "kind"),
        ({"denominator": "dpt_only"}, "denominator"),
        ({"target_pct": 100.5}, "target_pct"),
        ({"target_pct": -1}, "target_pct"),
        ({"region_code": "33.99"}, "region_code"),
        ({"region_code": "not a code"}, "region_code"),
    ],
)
def test_election_validation_names_the_field(
    blora: Database, values: dict[str, object], field: str
) -> None:
    with blora.write() as s:
        _add(s, "Pemilu 2024", "pemilu", date(2024, 2, 14))
    args: dict[str, object] = {"name": "Pilkada 2024", "kind": "pilkada", "voting_day": None}
    args.update(values)
    with pytest.raises(errors.InvalidInput) as info, blora.write() as s:
        elections.add_election(s, **args)  # type: ignore[arg-type]
    assert info.value.field == field
    assert count(blora, Election) == 1


def test_election_may_keep_its_own_name_but_not_take_another(blora: Database) -> None:
    with blora.write() as s:
        a = _add(s, "A", "pemilu", None)
        _add(s, "B", "pemilu", None)
        assert a.id is not None
        elections.update_election(s, a.id, {"name": "a"}, expected_version=None)
        with pytest.raises(errors.InvalidInput) as info:
            elections.update_election(s, a.id, {"name": "b"}, expected_version=None)
        assert info.value.field == "name"


def test_election_ordering_and_neighbours(blora: Database) -> None:
    with blora.write() as s:
        later = _add(s, "Pemilu 2029", "pemilu", None)
        p2019 = _add(s, "Pemilu 2019", "pemilu", date(2019, 4, 17))
        p2024 = _add(s, "Pemilu 2024", "pemilu", date(2024, 2, 14))
        k2020 = _add(s, "Pilkada Blora 2020", "pilkada", date(2020, 12, 9), region_code="33.16")
        k2024 = _add(s, "Pilkada Blora 2024", "pilkada", date(2024, 11, 27), region_code="33.16")
        _add(s, "Pilkada elsewhere 2022", "pilkada", date(2022, 1, 1), region_code="33")
        names = [e.name for e in elections.list_elections(s)]
        assert names[0] == "Pemilu 2019" and names[-1] == "Pemilu 2029"
        nxt = elections.next_election(s, date(2024, 3, 1))
        assert nxt is not None and nxt.id == k2024.id
        assert elections.next_election(s, date(2024, 11, 27)) is not None
        assert elections.next_election(s, date(2030, 1, 1)) is None
        prev = elections.previous_of_same_kind(s, p2024)
        assert prev is not None and prev.id == p2019.id
        # The 2022 pilkada is in another region: not a comparison for Blora's.
        prev = elections.previous_of_same_kind(s, k2024)
        assert prev is not None and prev.id == k2020.id
        assert elections.previous_of_same_kind(s, p2019) is None
        assert elections.previous_of_same_kind(s, later) is None

        assert elections.latest_with_turnout(s) is None
        for e in (p2019, k2020):
            assert e.id is not None
            s.add(Turnout(election_id=e.id, region_code="33.16.06", dpt=100, voters=80))
            rebuild_totals(s, e.id)
        latest = elections.latest_with_turnout(s)
        assert latest is not None and latest.id == k2020.id


def test_deleting_an_election_takes_its_turnout_and_keeps_its_activities(
    blora: Database,
) -> None:
    with blora.write() as s:
        e = _add(s, "E", "pemilu", date(2024, 2, 14))
        assert e.id is not None
        s.add(Turnout(election_id=e.id, region_code="33.16.06", dpt=100, voters=80))
        rebuild_totals(s, e.id)
        act = Activity(title="Sosialisasi", start=datetime(2024, 1, 5, 9), election_id=e.id)
        s.add(act)
        s.flush()
        assert act.id is not None
        eid, aid = e.id, act.id
    with blora.write() as s, pytest.raises(Conflict):
        elections.delete_election(s, eid, expected_version=3)
    with blora.write() as s:
        elections.delete_election(s, eid, expected_version=1)
    assert count(blora, Turnout) == 0 and count(blora, Election) == 0
    with blora.read() as s:
        kept = s.get(Activity, aid)
        # Its version moved, so an open form cannot save the election back.
        assert kept is not None and kept.election_id is None and kept.version == 2


# --- regions -------------------------------------------------------------------


def test_get_region_accepts_both_code_forms(blora: Database) -> None:
    with blora.read() as s:
        assert regions.get_region(s, "3316062001").name == "Biting"
        assert regions.get_region(s, "33.16.06.2001").name == "Biting"
        with pytest.raises(errors.NotFound):
            regions.get_region(s, "33.16.99")
        with pytest.raises(errors.InvalidInput) as info:
            regions.get_region(s, "abc")
        assert info.value.field == "code"


def test_tree_walks(blora: Database) -> None:
    with blora.read() as s:
        assert [r.code for r in regions.children(s, None)] == ["33"]
        assert [r.code for r in regions.children(s, "3316")] == ["33.16.06", "33.16.13"]
        desa = regions.children(s, "33.16", level="desa")
        assert [r.code for r in desa] == [
            "33.16.06.2001",
            "33.16.06.2002",
            "33.16.13.1001",
            "33.16.13.2001",
        ]
        assert len(regions.children(s, None, level="kecamatan")) == 2
        assert len(regions.children(s, "33.16", level="desa", limit=1)) == 1
        assert [r.code for r in regions.ancestors(s, "33.16.06.2001")] == [
            "33",
            "33.16",
            "33.16.06",
        ]
        assert regions.ancestors(s, "33") == []
        assert regions.count_children(s, "33.16.06") == 2
        with pytest.raises(errors.InvalidInput):
            regions.children(s, None, level="dusun")


def test_search_by_name_or_code_prefix(blora: Database) -> None:
    with blora.read() as s:
        found = [r.code for r in regions.search_regions(s, "SAMBONG")]
        # The exact name first, then names starting with it.
        assert found == ["33.16.06", "33.16.06.2002"]
        assert [r.code for r in regions.search_regions(s, "331606")] == [
            "33.16.06",
            "33.16.06.2001",
            "33.16.06.2002",
        ]
        assert [r.code for r in regions.search_regions(s, "33.16.13.1")] == ["33.16.13.1001"]
        assert [r.code for r in regions.search_regions(s, "blora", level="kabupaten")] == ["33.16"]
        assert len(regions.search_regions(s, "a", limit=2)) == 2
        assert regions.search_regions(s, "%") == []
        assert [r.code for r in regions.search_regions(s, "i", within="33.16.13")] == [
            "33.16.13.1001"
        ]


def test_region_labels(blora: Database) -> None:
    with blora.read() as s:
        label = {c: regions.region_label(regions.get_region(s, c)) for c, _n in BLORA}
    assert label["33.16.06"] == "Kec. Sambong"
    assert label["33.16.06.2001"] == "Desa Biting"
    assert label["33.16.13.1001"] == "Kel. Karangjati"
    assert label["33.16"] == "Kabupaten Blora"
    assert label["33"] == "Jawa Tengah"


def test_import_upserts(blora: Database) -> None:
    with blora.read() as s:
        before = regions.get_region(s, "33.16.06").version
    rows = [record(i + 2, c, n) for i, (c, n) in enumerate(BLORA)]
    rows[2] = record(4, "33.16.06", "Sambong Baru")
    rows.append(record(99, "33.16.06.2003", "Brabowan"))
    with blora.write() as s:
        summary = regions.import_regions(s, rows, source="again.csv")
    assert summary == regions.ImportSummary(added=1, updated=1, unchanged=len(BLORA) - 1)
    with blora.read() as s:
        renamed = regions.get_region(s, "33.16.06")
        assert renamed.name == "Sambong Baru" and renamed.version == before + 1
        assert regions.get_region(s, "33.16.06.2003").parent_code == "33.16.06"
    assert count(blora, Region) == len(BLORA) + 1


def test_import_refuses_a_row_whose_parent_is_nowhere(blora: Database) -> None:
    rows = [record(2, "33.17", "Kabupaten Rembang"), record(3, "33.18.01", "Sumber")]
    with pytest.raises(errors.ImportProblem) as info, blora.write() as s:
        regions.import_regions(s, rows, source="bad.csv")
    assert info.value.row == 3 and info.value.column == "kode" and info.value.path == "bad.csv"
    assert "33.18" in info.value.message
    # The whole file was refused, the good row included.
    assert count(blora, Region) == len(BLORA)


def test_import_accepts_parents_later_in_the_file(db: Database) -> None:
    rows = [
        record(2, "33.16.06", "Sambong"),
        record(3, "33.16", "Blora"),
        record(4, "33", "Jateng"),
    ]
    with db.write() as s:
        summary = regions.import_regions(s, rows, source="any-order.csv")
    assert summary.added == 3


def test_import_of_the_blora_sample_file(db: Database) -> None:
    records = read_region_rows(read_table(SAMPLE_REGIONS))
    with db.write() as s:
        first = regions.import_regions(s, records, source=SAMPLE_REGIONS.name)
    with db.write() as s:
        second = regions.import_regions(s, records, source=SAMPLE_REGIONS.name)
    assert first.added == len(records) and first.updated == first.unchanged == 0
    assert second == regions.ImportSummary(added=0, updated=0, unchanged=len(records))
    with db.read() as s:
        assert len(regions.children(s, "33.16")) == 16


def test_national_import_is_quick(db: Database, shared_data: Path) -> None:
    records = read_region_rows(read_table(shared_data / "wilayah_kepmendagri_2025.csv"))
    started = time.perf_counter()
    with db.write() as s:
        summary = regions.import_regions(s, records, source="wilayah.csv")
    assert summary.added == 91_599
    assert time.perf_counter() - started < 10


# --- stakeholders --------------------------------------------------------------


def test_stakeholder_round_trip(blora: Database) -> None:
    with blora.write() as s:
        st = stakeholders.add_stakeholder(
            s,
            name="Bawaslu Blora",
            category="penyelenggara_pemilu",
            phone="+62 296-531 123",
            email="bawaslu@example.id",
            region_codes=["3316", "33.16.06", "33.16"],
        )
        assert st.id is not None
        sid = st.id
    with blora.read() as s:
        assert [r.code for r in stakeholders.regions_of(s, sid)] == ["33.16", "33.16.06"]
        assert stakeholders.find_stakeholder(s, "bawaslu blora").id == sid
        assert stakeholders.find_stakeholder(s, str(sid)).id == sid
        assert [x.id for x in stakeholders.list_stakeholders(s, "BAWAS")] == [sid]
        assert [x.id for x in stakeholders.list_stakeholders(s, "example.id")] == [sid]
        assert stakeholders.list_stakeholders(s, None, "media") == []
    with blora.write() as s:
        stakeholders.set_regions(s, sid, ["33.16.13"], expected_version=1)
    with blora.read() as s:
        again = stakeholders.find_stakeholder(s, str(sid))
        # Only links changed, yet the version moved: an open form must notice.
        assert again.version == 2
        assert [r.code for r in stakeholders.regions_of(s, sid)] == ["33.16.13"]
    with blora.write() as s, pytest.raises(Conflict):
        stakeholders.update_stakeholder(s, sid, {"notes": "x"}, expected_version=1)
    with blora.write() as s:
        stakeholders.delete_stakeholder(s, sid, expected_version=2)
    assert count(blora, Stakeholder) == 0 and count(blora, StakeholderRegion) == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "BAWASLU BLORA"}, "name"),
        ({"category": "ormas"}, "category"),
        ({"email": "bawaslu.blora"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"phone": "0296 abc"}, "phone"),
        ({"phone": "+-"}, "phone"),
        ({"region_codes": ["33.99"]}, "regions"),
    ],
)
def test_stakeholder_validation_names_the_field(
    blora: Database, values: dict[str, object], field: str
) -> None:
    with blora.write() as s:
        stakeholders.add_stakeholder(s, name="Bawaslu Blora", category="penyelenggara_pemilu")
    args: dict[str, object] = {"name": "Polres Blora", "category": "penyelenggara_pemilu"}
    args.update(values)
    with pytest.raises(errors.InvalidInput) as info, blora.write() as s:
        stakeholders.add_stakeholder(s, **args)  # type: ignore[arg-type]
    assert info.value.field == field
    assert count(blora, Stakeholder) == 1


def test_same_name_in_another_category_is_allowed_but_ambiguous(blora: Database) -> None:
    with blora.write() as s:
        a = stakeholders.add_stakeholder(s, name="Blora FM", category="media")
        b = stakeholders.add_stakeholder(s, name="Blora FM", category="komunitas")
    with blora.read() as s, pytest.raises(errors.PlannerError) as info:
        stakeholders.find_stakeholder(s, "Blora FM")
    assert str(a.id) in str(info.value) and str(b.id) in str(info.value)


def test_engagement_history_newest_first(blora: Database) -> None:
    with blora.write() as s:
        st = stakeholders.add_stakeholder(s, name="MKKS SMA", category="pendidikan")
        old = Activity(title="Goes to School", start=datetime(2024, 1, 10, 9))
        new = Activity(title="Rakor", start=datetime(2024, 7, 27, 9))
        s.add_all([old, new])
        s.flush()
        assert st.id and old.id and new.id
        s.add(ActivityStakeholder(activity_id=old.id, stakeholder_id=st.id, role="peserta"))
        s.add(ActivityStakeholder(activity_id=new.id, stakeholder_id=st.id, role="undangan"))
        sid = st.id
    with blora.read() as s:
        history = stakeholders.engagement_history(s, sid)
    assert [(a.title, role) for a, role in history] == [
        ("Rakor", "undangan"),
        ("Goes to School", "peserta"),
    ]
    with blora.write() as s:
        stakeholders.delete_stakeholder(s, sid)
    assert count(blora, ActivityStakeholder) == 0
    with blora.read() as s:
        assert [a.version for a in s.exec(select(Activity)).all()] == [2, 2]


# --- vocabulary ----------------------------------------------------------------


def test_segment_in_use_is_refused_unless_forced(db: Database) -> None:
    with db.write() as s:
        seg = vocabulary.add_segment(s, name="Pemilih pemula", sort_order=2)
        act = Activity(title="Goes to Campus", start=datetime(2024, 9, 1, 9))
        s.add(act)
        s.flush()
        assert seg.id and act.id
        s.add(ActivitySegment(activity_id=act.id, segment_id=seg.id))
        seg_id, act_id = seg.id, act.id
    with pytest.raises(vocabulary.InUse, match="1 activity") as info, db.write() as s:
        vocabulary.delete_segment(s, seg_id)
    assert info.value.count == 1
    assert count(db, ActivitySegment) == 1
    with db.write() as s:
        vocabulary.delete_segment(s, seg_id, force=True)
    assert count(db, ActivitySegment) == 0
    with db.read() as s:
        activity = s.get(Activity, act_id)
        assert activity is not None and activity.version == 2


def test_method_and_strategy_in_use_are_cleared_when_forced(db: Database) -> None:
    with db.write() as s:
        m = vocabulary.add_method(s, name="Media sosial", mode="tidak_langsung")
        st = vocabulary.add_strategy(s, name="Berita", challenges=["Hoaks"])
        assert m.id and st.id
        for i in range(2):
            s.add(
                Activity(
                    title=f"A{i}", start=datetime(2024, 9, 1 + i), method_id=m.id, strategy_id=st.id
                )
            )
        ids = (m.id, st.id)
    with pytest.raises(vocabulary.InUse, match="2 activities"), db.write() as s:
        vocabulary.delete_method(s, ids[0])
    with db.write() as s:
        vocabulary.delete_method(s, ids[0], force=True)
        vocabulary.delete_strategy(s, ids[1], force=True)
    with db.read() as s:
        acts = s.exec(select(Activity)).all()
        assert all(a.method_id is None and a.strategy_id is None for a in acts)
    # Challenges outlive the strategy: other strategies may answer them.
    assert count(db, Challenge) == 1 and count(db, StrategyChallenge) == 0


def test_strategy_challenges_are_created_and_reused(db: Database) -> None:
    with db.write() as s:
        vocabulary.add_challenge(s, name="Hoaks")
        st = vocabulary.add_strategy(s, name="Berita", challenges=["hoaks", "Geografis", "Hoaks"])
        assert st.id is not None
        sid = st.id
        assert [c.name for c in vocabulary.challenges_of(s, sid)] == ["Geografis", "Hoaks"]
    assert count(db, Challenge) == 2
    with db.write() as s:
        chosen = vocabulary.set_challenges(s, sid, ["Ekonomi"], expected_version=1)
        assert [c.name for c in chosen] == ["Ekonomi"]
    with db.read() as s:
        assert vocabulary.find_strategy(s, "berita").version == 2
    with db.write() as s, pytest.raises(Conflict):
        vocabulary.set_challenges(s, sid, [], expected_version=1)
    with db.write() as s, pytest.raises(errors.InvalidInput) as info:
        vocabulary.set_challenges(s, sid, [" "])
    assert info.value.field == "challenges"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s: vocabulary.add_segment(s, name=""), "name"),
        (lambda s: vocabulary.add_segment(s, name="PEREMPUAN"), "name"),
        (lambda s: vocabulary.add_method(s, name="Diskusi", mode="campuran"), "mode"),
        (lambda s: vocabulary.add_strategy(s, name=" "), "name"),
        (lambda s: vocabulary.add_challenge(s, name=""), "name"),
    ],
)
def test_vocabulary_validation(db: Database, call: object, field: str) -> None:
    with db.write() as s:
        vocabulary.add_segment(s, name="Perempuan")
    with pytest.raises(errors.InvalidInput) as info, db.write() as s:
        call(s)  # type: ignore[operator]
    assert info.value.field == field


def test_vocabulary_lists_find_and_update(db: Database) -> None:
    with db.write() as s:
        vocabulary.add_segment(s, name="Warganet", sort_order=9)
        first = vocabulary.add_segment(s, name="Keluarga", sort_order=1)
        vocabulary.add_segment(s, name="Marjinal", sort_order=5, active=False)
        vocabulary.add_method(s, name="Seminar")
        vocabulary.add_method(s, name="Radio", mode="tidak_langsung")
        assert first.id is not None
        fid = first.id
    with db.read() as s:
        assert [x.name for x in vocabulary.list_segments(s)] == ["Keluarga", "Marjinal", "Warganet"]
        assert [x.name for x in vocabulary.list_segments(s, active_only=True)] == [
            "Keluarga",
            "Warganet",
        ]
        assert [x.name for x in vocabulary.list_methods(s, mode="tidak_langsung")] == ["Radio"]
        assert vocabulary.find_segment(s, "keluarga").id == fid
        with pytest.raises(errors.NotFound):
            vocabulary.find_method(s, "Wayang")
    with db.write() as s:
        updated = vocabulary.update_segment(
            s, fid, {"description": "basis keluarga", "sort_order": "3"}, expected_version=1
        )
        assert updated.sort_order == 3 and updated.version == 2
        with pytest.raises(Conflict):
            vocabulary.update_segment(s, fid, {"active": False}, expected_version=1)
