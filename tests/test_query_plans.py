"""The hot queries use their indexes: what is instant for Blora stays instant for the country.

Each test runs the real service call on the Blora sample, records the SQL it
sends, and asks SQLite how it would run each statement (EXPLAIN QUERY PLAN).
SQLite plans without statistics here, as it does in a user's file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, select

from planner.models import Election
from planner.store import Database

BLORA = "33.16"
SAMBONG = "33.16.06"


@contextmanager
def _recorded(db: Database) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def record(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, many: bool
    ) -> None:
        if not many and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def plans(db: Database, call: Callable[[Session], object]) -> list[tuple[str, list[str]]]:
    """(statement, plan lines) of every SELECT the call sends."""
    with db.read() as session, _recorded(db) as statements:
        call(session)
    out: list[tuple[str, list[str]]] = []
    with db.read() as session:
        conn = session.connection()
        for statement, parameters in statements:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            out.append((statement, [str(row[3]) for row in rows]))
    return out


def uses(found: list[tuple[str, list[str]]], table: str, index: str) -> bool:
    """Whether some statement reading `table` does it through `index`."""
    return any(
        f" {table} " in f" {statement} " and any(index in line for line in lines)
        for statement, lines in found
    )


def never_scans(found: list[tuple[str, list[str]]], table: str) -> bool:
    """No statement reads the whole of `table` (a plain SCAN, not by an index)."""
    return not any(
        line in (f"SCAN {table}", f"SCAN {table} AS t") for _s, lines in found for line in lines
    )


def _pilkada(session: Session) -> Election:
    return session.exec(select(Election).where(Election.name == "Pilkada Blora 2024")).one()


def test_flags_read_one_election_and_level_by_the_totals_index(blora_db: Database) -> None:
    from planner.rules.flags import compute_flags

    found = plans(blora_db, lambda s: compute_flags(s, _pilkada(s), level="desa", scope_code=""))
    assert uses(found, "turnout_total", "ix_turnout_total_election_level_code")
    assert never_scans(found, "turnout_total")


def test_a_page_of_the_region_table_walks_the_level_index(blora_db: Database) -> None:
    from planner.services.region_views import region_table

    found = plans(blora_db, lambda s: region_table(s, None, "desa", limit=100, offset=100))
    assert uses(found, "region", "ix_region_level_code")
    assert never_scans(found, "region")
    assert never_scans(found, "turnout_total")
    # The last page is read from the end, through the same index.
    last = plans(
        blora_db, lambda s: region_table(s, None, "desa", limit=100, offset=250, known_total=295)
    )
    assert uses(last, "region", "ix_region_level_code")


def test_a_page_of_activities_walks_the_start_index(blora_db: Database) -> None:
    from planner.services.activity_views import activity_rows

    found = plans(blora_db, lambda s: activity_rows(s, None, limit=10, offset=10))
    assert uses(found, "activity", "ix_activity_start")


def test_a_region_filter_finds_activities_through_their_regions(blora_db: Database) -> None:
    from planner.services.activities import ActivityFilter, count_activities

    found = plans(blora_db, lambda s: count_activities(s, ActivityFilter(region_code=SAMBONG)))
    assert uses(found, "activity_region", "ix_activity_region_code_activity")


def test_the_agenda_finds_repeating_activities_by_their_own_index(blora_db: Database) -> None:
    from planner.services.agenda import agenda

    found = plans(
        blora_db, lambda s: agenda(s, datetime(2026, 11, 23), datetime(2026, 11, 29, 23, 59))
    )
    assert uses(found, "activity", "ix_activity_recurring")
    assert uses(found, "activity", "ix_activity_start")
    assert never_scans(found, "activity")


def test_coverage_seeks_each_flagged_region_in_the_activity_regions(blora_db: Database) -> None:
    from planner.rules.coverage import coverage
    from planner.rules.flags import compute_flags

    found = plans(
        blora_db, lambda s: coverage(s, compute_flags(s, _pilkada(s)), now=datetime(2026, 11, 28))
    )
    assert uses(found, "activity_region", "ix_activity_region_code_activity")
    assert never_scans(found, "activity_region")


def test_the_tps_of_a_desa_come_from_the_turnout_key(blora_db: Database) -> None:
    from planner.services.region_views import tps_table

    found = plans(blora_db, lambda s: tps_table(s, "33.16.06.2001"))
    assert uses(found, "turnout", "sqlite_autoindex_turnout_1")
    assert never_scans(found, "turnout")


def test_a_stakeholder_is_found_by_name_through_its_index(blora_db: Database) -> None:
    from planner.services.stakeholders import find_stakeholder

    found = plans(blora_db, lambda s: find_stakeholder(s, "Polres Blora"))
    assert uses(found, "stakeholder", "ix_stakeholder_name")
