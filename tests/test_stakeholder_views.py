"""The stakeholder directory, a stakeholder's page and the form's checks, on the Blora sample."""

from __future__ import annotations

from datetime import datetime

from planner.i18n import set_language
from planner.services import stakeholders
from planner.services.stakeholder_views import (
    DirectoryFilter,
    count_directory,
    directory,
    matching_categories,
    name_problem,
    offline_problem,
    stakeholder_detail,
)
from planner.store import Database


def test_the_directory_lists_every_stakeholder_by_name_with_activity_counts(
    blora_db: Database,
) -> None:
    with blora_db.read() as s:
        rows = directory(s)
        assert len(rows) == 24 == count_directory(s)
        names = [r.name for r in rows]
        assert names == sorted(names, key=str.lower)
        by_name = {r.name: r for r in rows}
        bawaslu = stakeholders.find_stakeholder(s, "Bawaslu Blora")
        assert by_name["Bawaslu Blora"].activities == len(
            stakeholders.engagement_history(s, bawaslu.id or 0)
        )
        assert by_name["Bawaslu Blora"].activities >= 3
        assert by_name["PCNU Blora"].contact_person == "Ahmad Fauzi"


def test_the_search_looks_in_name_contact_and_category(blora_db: Database) -> None:
    with blora_db.read() as s:
        assert [r.name for r in directory(s, DirectoryFilter(search="POLRES"))] == ["Polres Blora"]
        assert [r.name for r in directory(s, DirectoryFilter(search="fauzi"))] == ["PCNU Blora"]
        security = {r.name for r in directory(s, DirectoryFilter(search="keamanan"))}
        assert security == {"Polres Blora", "Kodim 0721/Blora", "Yonif 410/Alugoro"}
        # A LIKE wildcard typed by the user is a plain character.
        assert directory(s, DirectoryFilter(search="%")) == []


def test_a_category_label_matches_in_the_current_language() -> None:
    set_language("en")
    assert matching_categories("security") == ["keamanan"]
    assert "lembaga_pemasyarakatan" in matching_categories("lembaga pemas")
    assert matching_categories("  ") == []


def test_the_category_filter_and_paging(blora_db: Database) -> None:
    with blora_db.read() as s:
        community = directory(s, DirectoryFilter(category="komunitas"))
        assert {r.category for r in community} == {"komunitas"}
        assert len(community) == 5 == count_directory(s, DirectoryFilter(category="komunitas"))
        both = directory(s, DirectoryFilter(search="cepu", category="komunitas"))
        assert [r.name for r in both] == ["Karang Taruna Kecamatan Cepu"]
        everyone = directory(s)
        page = directory(s, limit=5, offset=10)
        assert [r.id for r in page] == [r.id for r in everyone[10:15]]


def test_the_page_of_bawaslu_has_the_27_july_meeting(blora_db: Database) -> None:
    with blora_db.read() as s:
        bawaslu = stakeholders.find_stakeholder(s, "Bawaslu Blora")
        detail = stakeholder_detail(s, bawaslu.id or 0)
        assert stakeholder_detail(s, 99999) is None
    assert detail is not None
    assert detail.stakeholder.contact_person == "Sri Wahyuni"
    assert [(r.code, r.label) for r in detail.regions] == [("33.16", "Kabupaten Blora")]
    meeting = [e for e in detail.history if e.start == datetime(2024, 7, 27, 9)]
    assert len(meeting) == 1
    assert meeting[0].role == "undangan" and meeting[0].status == "terlaksana"
    starts = [e.start for e in detail.history]
    assert starts == sorted(starts, reverse=True)


def test_offline_checks_use_the_same_rules_as_a_save() -> None:
    assert offline_problem("email", "bawaslu@example.id") is None
    assert offline_problem("email", "") is None
    problem = offline_problem("email", "0812 345")
    assert problem is not None and "0812 345" in problem
    assert offline_problem("phone", "0812-0000-0001") is None
    assert offline_problem("phone", "call me") is not None
    assert offline_problem("name", "   ") is not None
    assert offline_problem("name", "Anything") is None
    assert offline_problem("category", "nonsense") is None  # needs no answer offline


def test_name_problem_knows_taken_names_per_category(blora_db: Database) -> None:
    with blora_db.read() as s:
        bawaslu = stakeholders.find_stakeholder(s, "Bawaslu Blora")
        assert name_problem(s, "bawaslu blora", "penyelenggara_pemilu") is not None
        assert name_problem(s, "Bawaslu Blora", "lainnya") is None
        assert (
            name_problem(s, "Bawaslu Blora", "penyelenggara_pemilu", current_id=bawaslu.id) is None
        )
        assert name_problem(s, "", "lainnya") is not None
