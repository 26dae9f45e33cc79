"""What the activity form reads: its choices, its starting text, and the previews of typing."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime

import pytest
from sqlmodel import select

from planner.errors import InvalidInput
from planner.i18n import set_language
from planner.models import Activity
from planner.services import form_options as fo
from planner.services.activities import ActivityDraft, activity_detail, resolve_draft
from planner.store import Database
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()
PEMILU_2029 = 6


def test_the_choices_come_in_one_read(blora_db: Database) -> None:
    with blora_db.read() as s:
        options = fo.form_options(s, today=TODAY)
    names = [e.name for e in options.elections]
    assert names[0] == "Pilgub Jateng 2018" and names[-1] == "Pemilu 2029"
    assert options.next_election_id == PEMILU_2029
    assert options.election(PEMILU_2029) is not None
    assert [g.mode for g in options.methods] == ["langsung", "tidak_langsung"]
    assert "Forum warga" in [m.name for m in options.methods[0].methods]
    assert "Media sosial" in [m.name for m in options.methods[1].methods]
    assert [s.name for s in options.segments][:2] == ["Keluarga", "Pemilih Pemula"]
    assert "KPU Goes to School" in [s.name for s in options.strategies]
    bawaslu = next(s for s in options.stakeholders if s.name == "Bawaslu Blora")
    assert bawaslu.category == "penyelenggara_pemilu"


def test_no_next_election_after_the_last_voting_day(blora_db: Database) -> None:
    with blora_db.read() as s:
        options = fo.form_options(s, today=date(2030, 1, 1))
    assert options.next_election_id is None


def test_region_search_finds_kecamatan_and_desa_by_name_and_code(blora_db: Database) -> None:
    with blora_db.read() as s:
        by_name = fo.search_region_choices(s, "sambong")
        by_code = fo.search_region_choices(s, "331606")
        blora = fo.search_region_choices(s, "Blora")
        nothing = fo.search_region_choices(s, "   ")
    assert by_name[0].code == "33.16.06" and by_name[0].label == "Kec. Sambong"
    desa = next(c for c in by_name if c.code == "33.16.06.2004")
    assert desa.label == "Desa Sambong" and desa.parent == "Kec. Sambong"
    assert by_code[0].code == "33.16.06"
    assert all(c.code.startswith("33.16.06") for c in by_code)
    assert len(by_code) == 11  # the kecamatan and its ten desa
    # Kabupaten-wide work is linked to the kabupaten, so it can be found too.
    assert [c.code for c in blora][:2] == ["33.16.09", "33.16"]
    assert nothing == []


def test_region_search_stays_within_the_limit(blora_db: Database) -> None:
    with blora_db.read() as s:
        found = fo.search_region_choices(s, "a", limit=7)
    assert len(found) == 7


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_unchanged_form_changes_nothing_and_reads_back_the_same(
    blora_db: Database, lang: str
) -> None:
    set_language(lang)
    with blora_db.read() as s:
        ids = [a.id for a in s.exec(select(Activity)) if a.id is not None]
        for activity_id in ids:
            detail = activity_detail(s, activity_id)
            draft = fo.draft_of(detail)
            assert not draft.differs_from(draft)
            assert all(getattr(draft.changes_from(draft), f.name) is None for f in fields(draft))
            # The text shown would give back the stored values if it were saved.
            values, links, _given = resolve_draft(
                s, draft.as_new(), today=TODAY, current=detail.activity
            )
            a = detail.activity
            assert values["start"] == a.start and values["all_day"] == a.all_day
            assert values["end"] == a.end
            assert values["rrule"] == a.rrule
            assert values["budget"] == a.budget
            assert links is not None
            assert sorted(links.region_codes) == sorted(r.code for r in detail.regions)


def test_changes_from_keeps_only_what_was_typed(blora_db: Database) -> None:
    with blora_db.read() as s:
        before = fo.draft_of(activity_detail(s, 22))
    after = fo.ActivityDraftText(**{f.name: getattr(before, f.name) for f in fields(before)})
    after.title = "Sapa Pemilih Blora, musim 2"
    assert before.segments is not None and before.stakeholders is not None
    # Picked in another order: the same links.
    after.stakeholders = list(reversed(before.stakeholders))
    changes = after.changes_from(before)
    assert changes.title == "Sapa Pemilih Blora, musim 2"
    assert changes.stakeholders is None and changes.when is None and changes.election is None
    after.segments = [*before.segments, "2"]
    assert after.changes_from(before).segments == [*before.segments, "2"]
    assert after.differs_from(before)


def test_a_new_draft_without_an_election_leaves_the_default_to_the_service() -> None:
    draft = fo.blank_draft()
    draft.title, draft.when = "Rapat", "besok"
    new = draft.as_new()
    assert new.election is None and new.title == "Rapat" and new.regions == []


def test_a_prefill_resolves_codes_and_names(blora_db: Database) -> None:
    with blora_db.read() as s:
        start = fo.load_form(
            s,
            today=TODAY,
            prefill=ActivityDraft(
                regions=["331606", "Desa Nglobo"],
                segments=["pemilih pemula", "Tidak ada"],
                stakeholders=[("Bawaslu Blora", "narasumber")],
            ),
        )
    assert start.version is None
    assert start.draft.regions == ["33.16.06", "33.16.07.2001"]
    assert [r.label for r in start.regions] == ["Kec. Sambong", "Desa Nglobo"]
    assert start.draft.segments == ["2"]
    assert start.draft.stakeholders == [("1", "narasumber")]
    assert start.draft.election == str(PEMILU_2029)
    assert start.draft.status == "rencana"
    assert len(start.problems) == 1 and "Tidak ada" in start.problems[0]


def test_an_edit_starts_from_the_stored_activity(blora_db: Database) -> None:
    with blora_db.read() as s:
        start = fo.load_form(s, today=TODAY, activity_id=22)
    assert start.version == 1
    assert start.draft.recurrence == "FREQ=WEEKLY;COUNT=8"
    assert start.draft.end == "11.00"  # same day: the time alone
    assert start.draft.budget == "6400000"
    assert [r.code for r in start.regions] == ["33.16"]


def test_when_preview_counts_h_from_the_chosen_election() -> None:
    pemilu = fo.ElectionChoice(PEMILU_2029, "Pemilu 2029", "pemilu", date(2029, 2, 14))
    start, all_day, line = fo.when_preview("H-30", today=TODAY, election=pemilu)
    assert start == datetime(2029, 1, 15) and all_day
    assert line.startswith("→ ") and line.endswith("· H-30 Pemilu 2029")
    start, all_day, line = fo.when_preview("27/7/2027 09.00", today=TODAY, election=None)
    assert start == datetime(2027, 7, 27, 9, 0) and not all_day
    assert "H" not in line.split("2027")[-1]
    with pytest.raises(InvalidInput) as refused:
        fo.when_preview("31 Februari 2027", today=TODAY, election=pemilu)
    assert refused.value.field == "when" and "31 Februari 2027" in refused.value.message
    with pytest.raises(InvalidInput):
        fo.when_preview("H-30", today=TODAY, election=None)


def test_end_recurrence_and_amount_previews() -> None:
    set_language("id")
    start = datetime(2027, 1, 20, 9, 0)
    assert "12.00" in fo.end_preview("12.00", start=start, today=TODAY, election=None)
    assert fo.end_preview(" ", start=start, today=TODAY, election=None) == ""
    with pytest.raises(InvalidInput) as early:
        fo.end_preview("08.00", start=start, today=TODAY, election=None)
    assert early.value.field == "end"
    assert "5" in fo.recurrence_preview("setiap minggu, 5 kali", today=TODAY)
    assert fo.recurrence_preview("", today=TODAY) == ""
    with pytest.raises(InvalidInput) as bad_rule:
        fo.recurrence_preview("kadang-kadang", today=TODAY)
    assert bad_rule.value.field == "recurrence"
    assert fo.amount_preview("3.500.000", "budget", money=True) == "= Rp 3.500.000"
    assert fo.amount_preview("Rp 1500000", "budget", money=True) == "= Rp 1.500.000"
    assert fo.amount_preview("", "target") == ""
    with pytest.raises(InvalidInput) as not_a_number:
        fo.amount_preview("sekitar 50", "target")
    assert not_a_number.value.field == "target"
