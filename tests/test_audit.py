"""The audit log: every change recorded in its own transaction, history per record, restores."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import delete, func, text
from sqlmodel import col, select

from planner import errors
from planner.cli import cli
from planner.i18n import set_language
from planner.importers.codes import level_of, parent_of
from planner.importers.fields import RegionRecord
from planner.models import (
    Activity,
    ActivityRegion,
    AuditEntry,
    Segment,
    Stakeholder,
    StakeholderRegion,
)
from planner.services import activities, history, stakeholders, vocabulary
from planner.services.regions import import_regions
from planner.store import Database, audit, open_database

TODAY = date(2026, 11, 28)
REGIONS = [
    ("33", "Jawa Tengah"),
    ("33.16", "Kabupaten Blora"),
    ("33.16.06", "Sambong"),
    ("33.16.06.2001", "Biting"),
    ("33.16.13", "Blora"),
]


@pytest.fixture(autouse=True)
def _english_and_a_known_actor(monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("en")
    monkeypatch.setenv(audit.USER_ENV, "sari")
    monkeypatch.setenv(audit.HOST_ENV, "pc-sosdiklih")


@pytest.fixture
def seeded(db: Database) -> Database:
    with db.write() as s:
        import_regions(
            s,
            [RegionRecord(i, c, n, level_of(c), parent_of(c)) for i, (c, n) in enumerate(REGIONS)],
            source="test",
        )
        vocabulary.add_segment(s, name="Pemilih pemula")
    return db


def entries(db: Database, **where: Any) -> list[AuditEntry]:
    with db.read() as s:
        query = select(AuditEntry).order_by(col(AuditEntry.id))
        for name, value in where.items():
            query = query.where(getattr(AuditEntry, name) == value)
        return list(s.exec(query).all())


def changes(entry: AuditEntry) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(entry.changes)
    return result


def add_activity(db: Database, **fields: Any) -> Activity:
    draft = activities.ActivityDraft(title="Sosialisasi", when="1/12/2026 09.00", **fields)
    with db.write() as s:
        return activities.add_activity(s, draft, today=TODAY)


# --- writing ------------------------------------------------------------------------------


def test_insert_update_delete_are_logged_with_who_and_what(seeded: Database) -> None:
    with seeded.write() as s:
        added = stakeholders.add_stakeholder(
            s, name="Bawaslu Blora", category="penyelenggara_pemilu"
        )
    assert added.id is not None
    key = str(added.id)
    [insert] = entries(seeded, table_name="stakeholder")
    assert (insert.action, insert.record_key) == ("insert", key)
    assert (insert.actor_user, insert.actor_host) == ("sari", "pc-sosdiklih")
    assert changes(insert)["name"] == "Bawaslu Blora" and changes(insert)["version"] == 1

    with seeded.write() as s:
        stakeholders.update_stakeholder(
            s, added.id, {"phone": "0296 123", "notes": "ketua"}, expected_version=1
        )
    update = entries(seeded, table_name="stakeholder")[-1]
    assert update.action == "update"
    # Only what changed, as [old, new]; updated_at is bookkeeping, not a change.
    assert changes(update) == {"phone": ["", "0296 123"], "notes": ["", "ketua"], "version": [1, 2]}

    with seeded.write() as s:
        stakeholders.delete_stakeholder(s, added.id, expected_version=2)
    gone = entries(seeded, table_name="stakeholder")[-1]
    assert gone.action == "delete" and changes(gone)["phone"] == "0296 123"
    assert insert.at <= update.at <= gone.at


def test_one_save_is_one_entry_even_over_several_flushes(seeded: Database) -> None:
    activity = add_activity(seeded, regions=["33.16.06"])
    assert activity.id is not None
    with seeded.write() as s:
        activities.update_activity(
            s,
            activity.id,
            activities.ActivityDraft(venue="Balai Desa Biting", regions=["33.16.06", "33.16.13"]),
            today=TODAY,
            expected_version=activity.version,
        )
    updates = entries(seeded, table_name="activity", action="update")
    assert len(updates) == 1
    assert changes(updates[0])["venue"] == ["", "Balai Desa Biting"]
    links = entries(seeded, table_name="activity_region")
    # The list was rewritten, but only the added region is a change.
    assert [(e.action, e.record_key) for e in links] == [
        ("insert", f"{activity.id}|33.16.06"),
        ("insert", f"{activity.id}|33.16.13"),
    ]


def test_a_rolled_back_change_leaves_no_entry(seeded: Database) -> None:
    before = len(entries(seeded))
    with pytest.raises(errors.PlannerError), seeded.write() as s:
        vocabulary.add_segment(s, name="Disabilitas")
        raise errors.PlannerError("changed my mind")
    assert len(entries(seeded)) == before


def test_bulk_orm_delete_and_derived_tables(seeded: Database) -> None:
    activity = add_activity(seeded, regions=["33.16.06", "33.16.13"])
    with seeded.write() as s:
        s.execute(delete(ActivityRegion).where(col(ActivityRegion.activity_id) == activity.id))
    deleted = entries(seeded, table_name="activity_region", action="delete")
    assert sorted(e.record_key for e in deleted) == [
        f"{activity.id}|33.16.06",
        f"{activity.id}|33.16.13",
    ]
    assert audit.is_audited("turnout_total") is False
    assert audit.is_audited(audit.AUDIT_TABLE) is False


def test_bulk_imports_write_one_entry(seeded: Database) -> None:
    before = {e.id for e in entries(seeded, table_name="region")}
    with seeded.write() as s:
        s.connection().execute(
            text("UPDATE region SET name = name || ' (x)' WHERE code LIKE '33.16.%'")
        )
        audit.record_bulk(s, "region", "regions file wilayah.csv: 3 rows", 3)
    new = [e for e in entries(seeded, table_name="region") if e.id not in before]
    # The rows changed by raw SQL have no entries of their own: the import stands for them.
    [entry] = new
    assert (entry.action, entry.summary) == ("import", "regions file wilayah.csv: 3 rows")
    assert changes(entry) == {"rows": 3}


def test_record_bulk_goes_with_its_transaction(seeded: Database) -> None:
    with pytest.raises(errors.PlannerError), seeded.write() as s:
        audit.record_bulk(s, "turnout", "turnout file x.csv: 10 rows", 10)
        raise errors.PlannerError("refused row 7")
    assert not entries(seeded, table_name="turnout", action="import")


def test_suspended_auditing_for_a_sample_load(seeded: Database) -> None:
    with seeded.write() as s:
        with audit.suspended(s):
            for n in range(5):
                s.add(Segment(name=f"Segmen {n}"))
        audit.record_bulk(s, "segment", "sample: 5 segments", 5)
    assert [e.action for e in entries(seeded, table_name="segment")][-1] == "import"
    assert len(entries(seeded, table_name="segment")) == 2  # the fixture's one insert, the import


def test_the_app_cannot_edit_the_log(seeded: Database) -> None:
    conn = sqlite3.connect(seeded.path)
    try:
        for statement in (
            "UPDATE audit_log SET actor_user = 'someone else'",
            "DELETE FROM audit_log",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="audit log cannot be changed"):
                conn.execute(statement)
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 0
    finally:
        conn.close()
    # And through the ORM, in a planner write, the refusal is one clear message.
    with (
        pytest.raises(errors.PlannerError, match="audit log cannot be changed"),
        seeded.write() as s,
    ):
        s.connection().execute(text("DELETE FROM audit_log"))


def test_actor_defaults_to_the_os_user_and_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(audit.USER_ENV)
    monkeypatch.delenv(audit.HOST_ENV)
    user, host = audit.actor()
    assert user and host


def test_a_file_at_the_first_schema_is_written_without_an_audit_log(tmp_path: Path) -> None:
    from planner.store import migrate
    from planner.store.database import Database as Db

    db = Db(tmp_path / "old.db")
    try:
        migrate.upgrade(db.engine, "0001")
        assert db.audited is False
        with db.write() as s:
            s.add(Segment(name="Pemilih pemula"))
        with db.read() as s:
            assert s.exec(select(func.count()).select_from(Segment)).one() == 1
    finally:
        db.dispose()


# --- history and restore ----------------------------------------------------------------


def test_history_of_a_record_includes_its_links_newest_first(seeded: Database) -> None:
    activity = add_activity(seeded, regions=["33.16.06"], segments=["Pemilih pemula"])
    with seeded.write() as s:
        activities.update_activity(
            s, activity.id or 0, activities.ActivityDraft(title="Simulasi"), today=TODAY
        )
    with seeded.read() as s:
        found = history.history(s, "activity", str(activity.id))
    assert [(e.action, e.table) for e in found] == [
        ("update", "activity"),
        ("insert", "activity_segment"),
        ("insert", "activity_region"),
        ("insert", "activity"),
    ]
    assert found[0].field_changes()[0] == ("title", "Sosialisasi", "Simulasi")
    assert "Sosialisasi → Simulasi" in history.describe(found[0])
    with seeded.read() as s:
        # A region's history shows the activities linked to it too.
        region = history.history(s, "region", "33.16.06")
        assert [e.table for e in region] == ["activity_region"]
        assert [e.table for e in history.recent(s, 2)] == ["activity", "activity_segment"]
        assert history.recent(s, 5, user="nobody") == []
        assert len(history.recent(s, 100, table="activity")) == 2
        with pytest.raises(errors.InvalidInput, match="no history"):
            history.history(s, "audit_log", "1")


def test_a_deleted_activity_is_restored_whole(seeded: Database) -> None:
    with seeded.write() as s:
        partner = stakeholders.add_stakeholder(s, name="KPU Blora", category="penyelenggara_pemilu")
    activity = add_activity(
        seeded,
        regions=["33.16.06", "33.16.13"],
        segments=["Pemilih pemula"],
        stakeholders=[("KPU Blora", "penyelenggara")],
        venue="Aula",
    )
    assert activity.id is not None
    with seeded.write() as s:
        before = activities.activity_detail(s, activity.id)
        version = before.activity.version
        s.delete(s.get(Activity, activity.id))
    deletion = entries(seeded, table_name="activity", action="delete")[-1]
    stored = changes(deletion)
    assert set(stored[audit.LINKS_FIELD]) == {
        "activity_region",
        "activity_segment",
        "activity_stakeholder",
    }
    with seeded.write() as s:
        restored = history.restore_deleted(s, deletion.id or 0)
    assert restored == history.Restored("activity", str(activity.id), 4)
    with seeded.read() as s:
        after = activities.activity_detail(s, activity.id)
        assert after.activity.title == "Sosialisasi" and after.activity.venue == "Aula"
        assert after.activity.start == before.activity.start
        # A form still open at the old version must see that the record moved.
        assert after.activity.version == version + 1
        assert [r.code for r in after.regions] == ["33.16.06", "33.16.13"]
        assert [(st.id, role) for st, role in after.stakeholders] == [(partner.id, "penyelenggara")]
        [entry] = history.history(s, "activity", str(activity.id), limit=1)
        assert entry.action == "restore" and entry.summary.endswith(str(deletion.id))


def test_restore_refuses_a_taken_key_a_missing_parent_and_a_non_deletion(
    seeded: Database,
) -> None:
    with seeded.write() as s:
        first = stakeholders.add_stakeholder(s, name="Bawaslu", category="penyelenggara_pemilu")
        stakeholders.set_regions(s, first.id or 0, ["33.16.06"])
    with seeded.write() as s:
        stakeholders.delete_stakeholder(s, first.id or 0)
    deletion = entries(seeded, table_name="stakeholder", action="delete")[-1]
    insert = entries(seeded, table_name="stakeholder", action="insert")[-1]
    with seeded.read() as s, pytest.raises(errors.PlannerError, match="not a deletion"):
        history.restore_deleted(s, insert.id or 0)
    with seeded.read() as s, pytest.raises(errors.NotFound):
        history.restore_deleted(s, 999_999)

    # The id is taken again by a new stakeholder (SQLite reuses the highest rowid).
    with seeded.write() as s:
        again = stakeholders.add_stakeholder(s, name="Polres", category="keamanan")
    assert again.id == first.id
    with pytest.raises(errors.PlannerError, match="exists again"), seeded.write() as s:
        history.restore_deleted(s, deletion.id or 0)
    with seeded.write() as s:
        stakeholders.delete_stakeholder(s, again.id or 0)

    # A region the link pointed at is gone.
    with seeded.write() as s:
        s.connection().execute(text("DELETE FROM region WHERE code = '33.16.06.2001'"))
        s.connection().execute(text("DELETE FROM region WHERE code = '33.16.06'"))
    with pytest.raises(errors.PlannerError, match="no longer exists"), seeded.write() as s:
        history.restore_deleted(s, deletion.id or 0)
    with seeded.read() as s:
        assert s.get(Stakeholder, first.id) is None
        assert not s.exec(select(StakeholderRegion)).all()


# --- the CLI ------------------------------------------------------------------------------


def _register() -> None:
    from planner.cli import history as history_cli

    for command in history_cli.COMMANDS:
        if command.name not in cli.commands:
            cli.add_command(command)


def run(path: Path, *args: str) -> Result:
    _register()
    return CliRunner().invoke(cli, ["--db", str(path), "--lang", "en", *args])


def test_cli_history_and_restore_record(seeded: Database) -> None:
    with seeded.write() as s:
        segment = vocabulary.add_segment(s, name="Disabilitas")
    with seeded.write() as s:
        vocabulary.delete_segment(s, segment.id or 0)
    path = seeded.path

    result = run(path, "history", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "deleted" in result.stdout and "Disabilitas" in result.stdout
    assert "sari@pc-sosdiklih" in result.stdout

    listed = json.loads(run(path, "history", "segment", str(segment.id), "--json").stdout)
    assert [e["action"] for e in listed] == ["delete", "insert"]
    deletion_id = listed[0]["id"]

    result = run(path, "restore-record", str(deletion_id))
    assert result.exit_code == 0, result.output
    assert "Restored segment" in result.stdout
    with seeded.read() as s:
        assert s.get(Segment, segment.id) is not None

    result = run(path, "restore-record", str(deletion_id))
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("planner: ") and "Traceback" not in result.output
    assert "exists again" in result.stderr

    result = run(path, "history", "nosuchtable", "1")
    assert result.exit_code == 1 and "no history" in result.stderr


def test_history_of_a_file_without_changes(tmp_path: Path) -> None:
    db = open_database(tmp_path / "empty.db")
    db.dispose()
    result = run(tmp_path / "empty.db", "history")
    assert result.exit_code == 0 and "No changes recorded." in result.stdout
