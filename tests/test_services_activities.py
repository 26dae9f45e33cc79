"""Activities: typed text to rows, edits with versions, copies, filters and the agenda."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from planner import errors
from planner.i18n import set_language
from planner.models import (
    Activity,
    ActivityRegion,
    ActivitySegment,
    ActivityStakeholder,
    Election,
    Method,
    Region,
    Segment,
    Stakeholder,
    Strategy,
)
from planner.services.activities import (
    ActivityDraft,
    ActivityFilter,
    activity_detail,
    add_activity,
    complete_activity,
    count_activities,
    duplicate_activity,
    links_of,
    list_activities,
    resolve_draft,
    update_activity,
)
from planner.services.agenda import agenda
from planner.services.records import Conflict
from planner.store import Database

TODAY = date(2026, 11, 28)  # a Saturday
PEMILU_2029 = date(2029, 2, 14)
PILKADA_2024 = date(2024, 11, 27)

KAB = "33.16"
SAMBONG, DESA_SAMBONG, BITING = "33.16.06", "33.16.06.2004", "33.16.06.2001"
KEC_BLORA = "33.16.09"
BOGOREJO, DESA_BOGOREJO, JAPAH, BOGOREJO_JAPAH = (
    "33.16.15",
    "33.16.15.2007",
    "33.16.16",
    "33.16.16.2011",
)
TODANAN, LEDOK_SAMBONG, LEDOK_TODANAN = "33.16.14", "33.16.06.2009", "33.16.14.2024"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("id")


@pytest.fixture
def base(db: Database) -> Database:
    """Regions with the names Blora really repeats, two elections, a little vocabulary."""
    with db.write() as s:
        s.add(Region(code="33", name="Jawa Tengah", level="provinsi"))
        s.add(Region(code=KAB, name="Kabupaten Blora", level="kabupaten", parent_code="33"))
        for code, name in (
            (SAMBONG, "Sambong"),
            (KEC_BLORA, "Blora"),
            (TODANAN, "Todanan"),
            (BOGOREJO, "Bogorejo"),
            (JAPAH, "Japah"),
        ):
            s.add(Region(code=code, name=name, level="kecamatan", parent_code=KAB))
        for code, name in (
            (DESA_SAMBONG, "Sambong"),
            (BITING, "Biting"),
            (LEDOK_SAMBONG, "Ledok"),
            (LEDOK_TODANAN, "Ledok"),
            (DESA_BOGOREJO, "Bogorejo"),
            (BOGOREJO_JAPAH, "Bogorejo"),
        ):
            s.add(Region(code=code, name=name, level="desa", parent_code=code[:8]))
        s.add(Election(name="Pemilu 2024", kind="pemilu", voting_day=date(2024, 2, 14)))
        s.add(Election(name="Pilkada Blora 2024", kind="pilkada", voting_day=PILKADA_2024))
        s.add(Election(name="Pemilu 2029", kind="pemilu", voting_day=PEMILU_2029))
        s.add(Segment(name="Pemilih Pemula", sort_order=1))
        s.add(Segment(name="Perempuan", sort_order=2))
        s.add(Method(name="Tatap muka"))
        s.add(Strategy(name="Media dan informasi"))
        s.add(Stakeholder(name="Bawaslu Blora", category="penyelenggara_pemilu"))
        s.add(Stakeholder(name="Karang Taruna Cepu", category="komunitas"))
    return db


def _id(s: Session, model: Any, name: str) -> int:
    row = s.exec(select(model).where(model.name == name)).one()
    assert row.id is not None
    return int(row.id)


def add(db: Database, **fields: Any) -> int:
    with db.write() as s:
        activity = add_activity(s, ActivityDraft(**fields), today=TODAY)
        assert activity.id is not None
        return activity.id


def get(db: Database, activity_id: int) -> Activity:
    with db.read() as s:
        activity = s.get(Activity, activity_id)
        assert activity is not None
        return activity


def count(db: Database) -> int:
    with db.read() as s:
        return int(s.exec(select(func.count()).select_from(Activity)).one())


def refused(db: Database, **fields: Any) -> errors.InvalidInput:
    """Adding the draft fails with InvalidInput and writes nothing."""
    before = count(db)
    with pytest.raises(errors.InvalidInput) as caught:
        add(db, **fields)
    assert count(db) == before
    return caught.value


# --- dates ---------------------------------------------------------------------


def test_h_30_counts_from_the_next_election_by_default(base: Database) -> None:
    activity = get(base, add(base, title="T", when="H-30"))
    # Pemilu 2029 is the first election on or after 28 Nov 2026: 14 Feb 2029 - 30 days.
    assert activity.start == datetime.combine(PEMILU_2029 - timedelta(days=30), time())
    assert activity.start == datetime(2029, 1, 15)
    assert activity.all_day
    with base.read() as s:
        assert activity.election_id == _id(s, Election, "Pemilu 2029")


def test_h_30_counts_from_the_election_named(base: Database) -> None:
    activity = get(base, add(base, title="T", when="H-30", election="pilkada blora 2024"))
    # 27 Nov 2024 - 30 days = 28 Oct 2024
    assert activity.start == datetime(2024, 10, 28)
    with base.read() as s:
        assert activity.election_id == _id(s, Election, "Pilkada Blora 2024")
        by_id = str(_id(s, Election, "Pemilu 2024"))
    # By id, and "H+1" after the voting day.
    assert get(base, add(base, title="T", when="H+1", election=by_id)).start == datetime(
        2024, 2, 15
    )


def test_unknown_election_is_refused(base: Database) -> None:
    error = refused(base, title="T", when="H-30", election="Pemilu 2034")
    assert error.field == "election"


def test_besok_with_a_time(base: Database) -> None:
    activity = get(base, add(base, title="T", when="besok 09.00"))
    assert activity.start == datetime(2026, 11, 29, 9, 0)
    assert not activity.all_day


def test_recurrence_text_becomes_an_rrule(base: Database) -> None:
    weekly = get(base, add(base, title="T", when="besok 09.00", recurrence="setiap minggu, 5 kali"))
    assert weekly.rrule == "FREQ=WEEKLY;COUNT=5"
    saturdays = get(base, add(base, title="T", when="5/12/2026", recurrence="tiap Sabtu"))
    assert saturdays.rrule == "FREQ=WEEKLY;BYDAY=SA"
    assert refused(base, title="T", when="besok", recurrence="kadang-kadang").field == "recurrence"


def test_end_as_a_time_or_a_date(base: Database) -> None:
    timed = get(base, add(base, title="T", when="besok 09.00", end="11.30"))
    assert timed.end == datetime(2026, 11, 29, 11, 30)
    # A date without a time ends at the end of that day.
    dated = get(base, add(base, title="T", when="besok 09.00", end="30/11/2026"))
    assert dated.end == datetime(2026, 11, 30, 23, 59)


@pytest.mark.parametrize("end", ["08.00", "28/11/2026 10.00", "25.00"])
def test_end_before_start_or_impossible_is_refused(base: Database, end: str) -> None:
    assert refused(base, title="T", when="besok 09.00", end=end).field == "end"


def test_impossible_date_writes_nothing(base: Database) -> None:
    error = refused(base, title="T", when="31 Februari 2024", regions=["Sambong"])
    assert error.field == "when"
    with base.read() as s:
        assert s.exec(select(func.count()).select_from(ActivityRegion)).one() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": None}, "title"),
        ({"when": None}, "when"),
        ({"method": "Wayang"}, "method"),
        ({"strategy": "Sihir"}, "strategy"),
        ({"segments": ["Pemilih Pemula", "Astronot"]}, "segments"),
        ({"stakeholders": [("Bawaslu Blora", "bos")]}, "stakeholders"),
        ({"stakeholders": [("Dinas Rahasia", "mitra")]}, "stakeholders"),
        ({"status": "selesai"}, "status"),
        ({"regions": ["Atlantis"]}, "regions"),
        ({"regions": ["33.16.99"]}, "regions"),
        ({"budget": "lima juta"}, "budget"),
        ({"target": "seratus"}, "target"),
    ],
)
def test_unknown_values_are_refused_naming_the_field(
    base: Database, fields: dict[str, Any], field: str
) -> None:
    draft = {"title": "T", "when": "besok 09.00", **fields}
    assert refused(base, **draft).field == field


def test_vocabulary_by_name_in_any_case_or_by_id(base: Database) -> None:
    with base.read() as s:
        method_id = _id(s, Method, "Tatap muka")
    activity_id = add(
        base,
        title="T",
        when="besok",
        method=str(method_id),
        strategy="media DAN informasi",
        status="Terkonfirmasi",
        segments=["pemilih pemula", "Perempuan", "PEMILIH PEMULA"],
        stakeholders=[("Bawaslu Blora", "Narasumber"), ("karang taruna cepu", "")],
    )
    with base.read() as s:
        detail = activity_detail(s, activity_id)
    assert detail.method is not None and detail.method.name == "Tatap muka"
    assert detail.strategy is not None and detail.strategy.name == "Media dan informasi"
    assert detail.activity.status == "terkonfirmasi"
    assert [seg.name for seg in detail.segments] == ["Pemilih Pemula", "Perempuan"]
    # An empty role is "mitra".
    assert [(p.name, role) for p, role in detail.stakeholders] == [
        ("Bawaslu Blora", "narasumber"),
        ("Karang Taruna Cepu", "mitra"),
    ]


# --- regions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("33.16.06", SAMBONG),
        ("331606", SAMBONG),
        ("3316062004", DESA_SAMBONG),
        ("33.16.06.2004", DESA_SAMBONG),
        ("Biting", BITING),
        ("biting", BITING),
        # A kecamatan and one of its desa share the name: the kecamatan is meant...
        ("Sambong", SAMBONG),
        ("Kecamatan Sambong", SAMBONG),
        ("kec. Sambong", SAMBONG),
        # ...unless the user says "desa".
        ("desa Sambong", DESA_SAMBONG),
        ("Kel. Sambong", DESA_SAMBONG),
        # One kecamatan and two desa named Bogorejo: the kecamatan is meant.
        ("Bogorejo", BOGOREJO),
        # The kabupaten is stored under its full name.
        ("Kabupaten Blora", KAB),
        ("Blora", KEC_BLORA),
    ],
)
def test_region_by_code_or_name(base: Database, text: str, code: str) -> None:
    activity_id = add(base, title="T", when="besok", regions=[text])
    with base.read() as s:
        assert links_of(s, activity_id).region_codes == [code]


@pytest.mark.parametrize("text", ["Ledok", "desa Bogorejo"])
def test_ambiguous_region_name_is_refused(base: Database, text: str) -> None:
    error = refused(base, title="T", when="besok", regions=[text])
    assert error.field == "regions"
    assert "ambiguous" in error.message


def test_same_region_twice_is_linked_once(base: Database) -> None:
    activity_id = add(base, title="T", when="besok", regions=["Sambong", "33.16.06", "Biting"])
    with base.read() as s:
        assert links_of(s, activity_id).region_codes == [SAMBONG, BITING]


# --- amounts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Rp 5.000.000", 5_000_000),
        ("Rp5.000.000,-", 5_000_000),
        ("rp. 5.000.000,00", 5_000_000),
        ("5000000", 5_000_000),
        ("1.500", 1_500),
    ],
)
def test_budget_in_rupiah(base: Database, text: str, amount: int) -> None:
    assert get(base, add(base, title="T", when="besok", budget=text)).budget == amount


def test_participants(base: Database) -> None:
    activity = get(base, add(base, title="T", when="besok", target="1.200", actual=""))
    assert (activity.target_participants, activity.actual_participants) == (1_200, None)


# --- editing ---------------------------------------------------------------------


def _full(base: Database) -> int:
    return add(
        base,
        title="Sosialisasi",
        when="besok 09.00",
        end="11.00",
        venue="Balai desa",
        regions=["Biting"],
        segments=["Perempuan"],
        stakeholders=[("Bawaslu Blora", "mitra")],
        target="100",
        budget="Rp 2.000.000",
    )


def test_update_changes_only_what_is_given(base: Database) -> None:
    activity_id = _full(base)
    before = get(base, activity_id)
    assert before.version == 1
    with base.write() as s:
        update_activity(
            s,
            activity_id,
            ActivityDraft(title="Sosialisasi ulang"),
            today=TODAY,
            expected_version=1,
        )
    after = get(base, activity_id)
    assert after.version == 2 and after.title == "Sosialisasi ulang"
    assert (after.start, after.end, after.venue, after.budget) == (
        before.start,
        before.end,
        "Balai desa",
        2_000_000,
    )
    with base.read() as s:
        links = links_of(s, activity_id)
        assert links.region_codes == [BITING] and len(links.segment_ids) == 1
    # Links given replace the old ones, and move the version although no column changed.
    with base.write() as s:
        update_activity(s, activity_id, ActivityDraft(regions=["Sambong"]), today=TODAY)
        assert links_of(s, activity_id).region_codes == [SAMBONG]
        assert links_of(s, activity_id).stakeholders != []
    assert get(base, activity_id).version == 3
    # Columns and links in one save: one version more, not two.
    with base.write() as s:
        update_activity(
            s,
            activity_id,
            ActivityDraft(venue="Pendopo", segments=["Pemilih Pemula"]),
            today=TODAY,
            expected_version=3,
        )
    assert get(base, activity_id).version == 4


def test_update_with_a_stale_version_is_a_conflict_and_changes_nothing(base: Database) -> None:
    activity_id = _full(base)
    with base.write() as s:
        update_activity(s, activity_id, ActivityDraft(venue="Pendopo"), today=TODAY)
    assert get(base, activity_id).version == 2
    with pytest.raises(Conflict) as caught, base.write() as s:
        update_activity(
            s,
            activity_id,
            ActivityDraft(title="Ditimpa", regions=["Sambong"]),
            today=TODAY,
            expected_version=1,
        )
    assert caught.value.expected_version == 1 and not caught.value.deleted
    after = get(base, activity_id)
    assert (after.title, after.venue, after.version) == ("Sosialisasi", "Pendopo", 2)
    with base.read() as s:
        assert links_of(s, activity_id).region_codes == [BITING]


def test_update_keeps_the_end_after_the_start(base: Database) -> None:
    activity_id = _full(base)  # 29 Nov 09.00 to 11.00
    with pytest.raises(errors.InvalidInput) as caught, base.write() as s:
        update_activity(s, activity_id, ActivityDraft(when="besok 12.00"), today=TODAY)
    assert caught.value.field == "end"
    assert get(base, activity_id).start == datetime(2026, 11, 29, 9)


def test_update_of_a_missing_activity(base: Database) -> None:
    with pytest.raises(errors.NotFound), base.write() as s:
        update_activity(s, 999, ActivityDraft(title="X"), today=TODAY)
    with pytest.raises(Conflict) as caught, base.write() as s:
        update_activity(s, 999, ActivityDraft(title="X"), today=TODAY, expected_version=1)
    assert caught.value.deleted


def test_complete_activity(base: Database) -> None:
    activity_id = _full(base)
    with base.write() as s:
        complete_activity(s, activity_id, actual=87, outcome="Peserta antusias", expected_version=1)
    done = get(base, activity_id)
    assert (done.status, done.actual_participants, done.outcome, done.version) == (
        "terlaksana",
        87,
        "Peserta antusias",
        2,
    )
    with pytest.raises(Conflict), base.write() as s:
        complete_activity(s, activity_id, actual=90, expected_version=1)
    with pytest.raises(errors.InvalidInput) as caught, base.write() as s:
        complete_activity(s, activity_id, actual=-1)
    assert caught.value.field == "actual"
    assert get(base, activity_id).actual_participants == 87


def test_duplicate_copies_links_and_resets_status_and_reach(base: Database) -> None:
    activity_id = _full(base)
    with base.write() as s:
        complete_activity(s, activity_id, actual=87, outcome="Selesai")
        copy = duplicate_activity(s, activity_id, start=datetime(2026, 12, 12, 13, 0))
        assert copy.id is not None and copy.id != activity_id
        copy_id = copy.id
        assert links_of(s, copy_id) == links_of(s, activity_id)
    original, twin = get(base, activity_id), get(base, copy_id)
    assert (twin.status, twin.actual_participants, twin.outcome, twin.version) == (
        "rencana",
        None,
        "",
        1,
    )
    assert (twin.title, twin.venue, twin.target_participants, twin.budget, twin.election_id) == (
        original.title,
        original.venue,
        100,
        2_000_000,
        original.election_id,
    )
    # Moved to 12 Dec 13.00, keeping its two hours.
    assert (twin.start, twin.end) == (datetime(2026, 12, 12, 13), datetime(2026, 12, 12, 15))
    with base.write() as s:
        same_day = duplicate_activity(s, activity_id)
        assert (same_day.start, same_day.end) == (original.start, original.end)
    assert original.status == "terlaksana"


def test_resolve_draft_reports_which_links_were_given(base: Database) -> None:
    with base.read() as s:
        values, links, given = resolve_draft(s, ActivityDraft(title="T", when="besok"), today=TODAY)
        assert links is None and given == {
            "regions": False,
            "segments": False,
            "stakeholders": False,
        }
        assert values["title"] == "T" and values["start"] == datetime(2026, 11, 29)
        _values, links, given = resolve_draft(
            s, ActivityDraft(when="besok", segments=[]), today=TODAY
        )
        # An empty list clears the links: given, but none.
        assert links is not None and links.segment_ids == [] and given["segments"]


# --- lists and filters -------------------------------------------------------------


@pytest.fixture
def listed(base: Database) -> tuple[Database, dict[str, int]]:
    ids = {
        "pemula": add(
            base,
            title="Sosialisasi pemilih pemula",
            when="1/12/2026 09.00",
            regions=["Biting"],
            segments=["Pemilih Pemula"],
            stakeholders=[("Bawaslu Blora", "mitra")],
            venue="SMA 1 Sambong",
        ),
        "raker": add(
            base,
            title="Rapat kerja",
            when="10/12/2026 09.00",
            regions=["Blora"],
            segments=["Perempuan"],
            stakeholders=[("Karang Taruna Cepu", "peserta")],
            status="terlaksana",
            description="Bersama PKK",
        ),
        # Weekly from 1 Nov 10.00, 8 times: 1, 8, 15, 22, 29 Nov, 6, 13, 20 Dec.
        "radio": add(
            base,
            title="Gelar wicara radio",
            when="1/11/2026 10.00",
            end="11.00",
            recurrence="FREQ=WEEKLY;COUNT=8",
            regions=["Kabupaten Blora"],
            segments=["Perempuan"],
            stakeholders=[("Bawaslu Blora", "narasumber")],
            status="terkonfirmasi",
        ),
        "batal": add(
            base, title="Batal", when="5/12/2026 08.00", regions=["Sambong"], status="batal"
        ),
    }
    return base, ids


def _titles_and_count(db: Database, flt: ActivityFilter) -> tuple[list[str], int]:
    with db.read() as s:
        return [a.title for a in list_activities(s, flt)], count_activities(s, flt)


def _filters(s: Session) -> list[tuple[ActivityFilter, list[str]]]:
    pemula, perempuan = _id(s, Segment, "Pemilih Pemula"), _id(s, Segment, "Perempuan")
    bawaslu = _id(s, Stakeholder, "Bawaslu Blora")
    radio, pemilih, raker, batal = (
        "Gelar wicara radio",
        "Sosialisasi pemilih pemula",
        "Rapat kerja",
        "Batal",
    )
    return [
        (ActivityFilter(), [radio, pemilih, batal, raker]),
        (ActivityFilter(status=("rencana",)), [pemilih]),
        (ActivityFilter(status=("terlaksana", "batal")), [batal, raker]),
        # A recurring activity that began before `since` may still occur after it.
        (ActivityFilter(since=datetime(2026, 12, 2)), [radio, batal, raker]),
        (ActivityFilter(until=datetime(2026, 12, 5, 23, 59)), [radio, pemilih, batal]),
        (
            ActivityFilter(since=datetime(2026, 12, 2), until=datetime(2026, 12, 6)),
            [radio, batal],
        ),
        # Held in the region or anywhere within it.
        (ActivityFilter(region_code=SAMBONG), [pemilih, batal]),
        (ActivityFilter(region_code=BITING), [pemilih]),
        (ActivityFilter(region_code=KAB), [radio, pemilih, batal, raker]),
        (ActivityFilter(region_code=KEC_BLORA), [raker]),
        (ActivityFilter(segment_id=perempuan), [radio, raker]),
        (ActivityFilter(segment_id=pemula), [pemilih]),
        (ActivityFilter(stakeholder_id=bawaslu), [radio, pemilih]),
        # Title, venue or description, in any case.
        (ActivityFilter(text="RADIO"), [radio]),
        (ActivityFilter(text="sambong"), [pemilih]),
        (ActivityFilter(text="pkk"), [raker]),
        (ActivityFilter(text="   "), [radio, pemilih, batal, raker]),
        (ActivityFilter(status=("terkonfirmasi",), segment_id=pemula), []),
    ]


def test_list_and_count_with_each_filter(listed: tuple[Database, dict[str, int]]) -> None:
    db, _ids = listed
    with db.read() as s:
        cases = _filters(s)
    for flt, titles in cases:
        assert _titles_and_count(db, flt) == (titles, len(titles)), flt


def test_list_pages(listed: tuple[Database, dict[str, int]]) -> None:
    db, _ids = listed
    with db.read() as s:
        page = list_activities(s, limit=2, offset=1)
        assert [a.title for a in page] == ["Sosialisasi pemilih pemula", "Batal"]
        assert count_activities(s) == 4


# --- the agenda ------------------------------------------------------------------------


def test_agenda_expands_the_weekly_rule_with_h_labels(
    listed: tuple[Database, dict[str, int]],
) -> None:
    db, ids = listed
    with db.read() as s:
        items = agenda(s, datetime(2026, 11, 28), datetime(2026, 12, 20, 23, 59))
    assert [(o.activity.id, o.start) for o in items] == [
        (ids["radio"], datetime(2026, 11, 29, 10)),
        (ids["pemula"], datetime(2026, 12, 1, 9)),
        (ids["batal"], datetime(2026, 12, 5, 8)),
        (ids["radio"], datetime(2026, 12, 6, 10)),
        (ids["raker"], datetime(2026, 12, 10, 9)),
        (ids["radio"], datetime(2026, 12, 13, 10)),
        (ids["radio"], datetime(2026, 12, 20, 10)),
    ]
    radio = [o for o in items if o.activity.id == ids["radio"]]
    # Each occurrence keeps the one hour the activity lasts.
    assert all(o.end == o.start + timedelta(hours=1) for o in radio)
    # 29 Nov 2026 to 14 Feb 2029: 365 + 366 (29 Feb 2028) + 77 = 808 days.
    assert items[0].h_label == "H-808"
    for o in items:
        assert o.h_label == f"H-{(PEMILU_2029 - o.start.date()).days}"


def test_agenda_window_and_filter(listed: tuple[Database, dict[str, int]]) -> None:
    db, ids = listed
    with db.read() as s:
        # Both ends included; an occurrence before the window is not shown.
        window = agenda(s, datetime(2026, 11, 29, 10), datetime(2026, 12, 6, 10))
        assert [o.start for o in window if o.activity.id == ids["radio"]] == [
            datetime(2026, 11, 29, 10),
            datetime(2026, 12, 6, 10),
        ]
        planned = agenda(
            s,
            datetime(2026, 11, 28),
            datetime(2026, 12, 31),
            ActivityFilter(status=("rencana",)),
        )
        assert [o.activity.id for o in planned] == [ids["pemula"]]
        assert agenda(s, datetime(2027, 1, 1), datetime(2026, 1, 1)) == []


def test_agenda_without_an_election_has_no_h_label(base: Database) -> None:
    activity_id = add(base, title="T", when="1/12/2026")
    with base.write() as s:
        activity = s.get(Activity, activity_id)
        assert activity is not None
        activity.election_id = None
    with base.read() as s:
        (only,) = agenda(s, datetime(2026, 12, 1), datetime(2026, 12, 1, 23, 59))
    assert only.h_label is None and only.election is None


def test_links_are_stored_as_rows(base: Database) -> None:
    activity_id = _full(base)
    with base.read() as s:
        assert s.exec(
            select(ActivityRegion.region_code).where(ActivityRegion.activity_id == activity_id)
        ).all() == [BITING]
        assert (
            len(
                s.exec(
                    select(ActivitySegment).where(ActivitySegment.activity_id == activity_id)
                ).all()
            )
            == 1
        )
        assert s.exec(
            select(ActivityStakeholder.role).where(ActivityStakeholder.activity_id == activity_id)
        ).all() == ["mitra"]
