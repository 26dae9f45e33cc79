"""Colleagues on one file: optimistic locking, waiting on a busy file, and a multi-process stress.

The stress test runs N processes that add and edit activities and stakeholders
on one database for a while. Each logs what it did; afterwards every accepted
write must be in the file and in the audit log, every refused one must have
been reported as a conflict or as a clear "a colleague is saving" message, and
the file must pass the integrity check.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import sqlite3
import threading
import time
import traceback
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from planner import errors
from planner.i18n import set_language
from planner.models import Activity, Stakeholder
from planner.services import activities, stakeholders
from planner.services.records import Conflict, apply_changes
from planner.store import Database, open_database
from planner.store import database as database_module

TODAY = date(2026, 11, 28)
HOT_RECORDS = 5
BUSY_TEXT = "is saving to"


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def _stakeholder(db: Database, name: str = "Bawaslu Blora") -> Stakeholder:
    with db.write() as s:
        return stakeholders.add_stakeholder(s, name=name, category="penyelenggara_pemilu")


# --- optimistic locking --------------------------------------------------------------------


def test_version_id_col_refuses_a_stale_flush(db: Database) -> None:
    sid = _stakeholder(db).id
    with Session(db.engine, expire_on_commit=False) as mine, Session(db.engine) as theirs:
        opened = mine.get(Stakeholder, sid)
        assert opened is not None and opened.version == 1
        mine.commit()  # the form is open; no transaction is held while the person types
        row = theirs.get(Stakeholder, sid)
        assert row is not None
        row.phone = "0296 111"
        theirs.commit()
        opened.phone = "0296 222"
        with pytest.raises(StaleDataError):
            mine.commit()
    with db.read() as s:
        assert s.get(Stakeholder, sid).phone == "0296 111"  # type: ignore[union-attr]


def test_a_stale_save_cannot_pass_silently_through_apply_changes(db: Database) -> None:
    """The trap: with expire_on_commit=True the ORM reloads the colleague's version and
    version_id_col sees nothing wrong. Only the version the person opened can tell."""
    sid = _stakeholder(db).id
    # Both open the record at version 1.
    with (
        Session(db.engine, expire_on_commit=True) as first,
        Session(db.engine, expire_on_commit=True) as second,
    ):
        mine = second.get(Stakeholder, sid)
        assert mine is not None
        opened_version = mine.version
        second.commit()  # expires `mine`: its next use reloads the row
        theirs = first.get(Stakeholder, sid)
        assert theirs is not None and theirs.version == opened_version == 1
        theirs.phone = "0296 111"
        first.commit()

        # Without the check, the stale save goes through: the ORM refreshed to version 2.
        mine.notes = "my note"
        second.commit()
        assert mine.version == 3

    sid2 = _stakeholder(db, "KPU Blora").id
    with (
        Session(db.engine, expire_on_commit=True) as first,
        Session(db.engine, expire_on_commit=True) as second,
    ):
        opened_version = second.get(Stakeholder, sid2).version  # type: ignore[union-attr]
        second.commit()
        colleague = first.get(Stakeholder, sid2)
        assert colleague is not None
        colleague.phone = "0296 111"
        first.commit()
        # Through apply_changes with the version the person opened, it is a Conflict.
        with pytest.raises(Conflict) as caught:
            apply_changes(
                second,
                Stakeholder,
                sid2,
                {"phone": "0296 999"},
                expected_version=opened_version,
                label="Stakeholder KPU Blora",
            )
        conflict = caught.value
        assert not conflict.deleted and conflict.expected_version == 1
        assert isinstance(conflict.current, Stakeholder) and conflict.current.phone == "0296 111"
        assert "changed by a colleague" in str(conflict) and "version 2" in str(conflict)
        second.rollback()
    with db.read() as s:
        row = s.get(Stakeholder, sid2)
        assert row is not None and (row.phone, row.version) == ("0296 111", 2)


def test_stale_saves_through_the_services_and_the_database(db: Database) -> None:
    with db.write() as s:
        activity = activities.add_activity(
            s, activities.ActivityDraft(title="Simulasi", when="1/12/2026 09.00"), today=TODAY
        )
    with db.read() as s:
        opened = s.get(Activity, activity.id)
        assert opened is not None
        opened_version = opened.version
    with db.write() as s:  # a colleague
        activities.update_activity(
            s, activity.id or 0, activities.ActivityDraft(venue="Aula"), today=TODAY
        )
    with pytest.raises(Conflict) as caught, db.write() as s:
        activities.update_activity(
            s,
            activity.id or 0,
            activities.ActivityDraft(venue="Balai"),
            today=TODAY,
            expected_version=opened_version,
        )
    # The colleague's record is still readable after the write rolled back: the dialog needs it.
    current = caught.value.current
    assert isinstance(current, Activity) and current.venue == "Aula"

    sid = _stakeholder(db).id or 0
    with db.write() as s:
        stakeholders.delete_stakeholder(s, sid)
    with pytest.raises(Conflict) as gone, db.write() as s:
        stakeholders.update_stakeholder(s, sid, {"phone": "1"}, expected_version=1)
    assert gone.value.deleted and "deleted by a colleague" in str(gone.value)


def test_an_activity_deleted_meanwhile_is_a_conflict(db: Database) -> None:
    with db.write() as s:
        activity = activities.add_activity(
            s, activities.ActivityDraft(title="Simulasi", when="1/12/2026 09.00"), today=TODAY
        )
    with db.write() as s:
        s.delete(s.get(Activity, activity.id))
    with pytest.raises(Conflict) as gone, db.write() as s:
        activities.update_activity(
            s,
            activity.id or 0,
            activities.ActivityDraft(venue="Balai"),
            today=TODAY,
            expected_version=activity.version,
        )
    assert gone.value.deleted


def test_a_stale_flush_inside_a_write_is_one_clear_message(db: Database) -> None:
    sid = _stakeholder(db).id
    with pytest.raises(errors.PlannerError, match="changed this record") as caught, db.write() as s:
        row = s.get(Stakeholder, sid)
        assert row is not None
        s.connection().execute(text("UPDATE stakeholder SET version = version + 1"))
        row.phone = "0296 1"
    assert not isinstance(caught.value, Conflict)


# --- waiting on a colleague ----------------------------------------------------------------


def test_a_save_waits_for_a_colleague_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 1500)
    db = open_database(tmp_path / "busy.db")
    waits: list[float] = []
    db.on_wait = lambda: waits.append(time.monotonic())
    colleague = sqlite3.connect(db.path, isolation_level=None, check_same_thread=False)
    try:
        colleague.execute("BEGIN IMMEDIATE")
        threading.Timer(0.6, lambda: colleague.execute("COMMIT")).start()
        started = time.monotonic()
        with db.write() as s:
            stakeholders.add_stakeholder(s, name="Menunggu", category="media")
        assert 0.5 < time.monotonic() - started < 1.5
        assert len(waits) == 1

        # A colleague who never finishes: the save gives up with one clear message.
        colleague.execute("BEGIN IMMEDIATE")
        with pytest.raises(errors.PlannerError, match="A colleague is saving"), db.write() as s:
            stakeholders.add_stakeholder(s, name="Tidak jadi", category="media")
        assert len(waits) == 2
        colleague.execute("ROLLBACK")
        with db.read() as s:
            assert [x.name for x in stakeholders.list_stakeholders(s)] == ["Menunggu"]
    finally:
        colleague.close()
        db.dispose()


# --- the stress test -----------------------------------------------------------------------


def _pick(rng: random.Random, rows: list[Any]) -> Any:
    # Most edits go to a few hot records, so that colleagues really collide.
    hot = [r for r in rows if r[0] <= HOT_RECORDS]
    return rng.choice(hot if hot and rng.random() < 0.8 else rows)


def _stress_worker(path: str, index: int, seconds: float, out: str, barrier: Any) -> None:
    """One colleague: adds and edits for `seconds`, logging every outcome to `out` as JSON."""
    os.environ["PLANNER_USER"] = f"worker{index}"
    set_language("en")
    rng = random.Random(index)
    log: list[dict[str, Any]] = []
    db = open_database(path, daily_backup=False)
    barrier.wait()
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        op = rng.choice(
            [
                "add_activity",
                "edit_activity",
                "edit_activity",
                "add_stakeholder",
                "edit_stakeholder",
                "edit_stakeholder",
            ]
        )
        entry: dict[str, Any] = {"op": op, "worker": index}
        started = time.monotonic()
        try:
            if op == "add_activity":
                title = f"w{index}-a{n}"
                with db.write() as s:
                    row = activities.add_activity(
                        s,
                        activities.ActivityDraft(title=title, when="1/12/2026 09.00"),
                        today=TODAY,
                    )
                entry |= {
                    "table": "activity",
                    "id": row.id,
                    "version": row.version,
                    "values": {"title": title},
                }
            elif op == "add_stakeholder":
                name = f"w{index}-s{n}"
                with db.write() as s:
                    st = stakeholders.add_stakeholder(s, name=name, category="media")
                entry |= {
                    "table": "stakeholder",
                    "id": st.id,
                    "version": st.version,
                    "values": {"name": name},
                }
            elif op == "edit_activity":
                with db.read() as s:
                    rows = [tuple(r) for r in s.exec(select(Activity.id, Activity.version))]
                record_id, opened = _pick(rng, rows)
                entry |= {"table": "activity", "id": record_id, "expected": opened}
                venue = f"w{index}-e{n}"
                time.sleep(rng.uniform(0, 0.01))  # the person edits the form
                with db.write() as s:
                    row = activities.update_activity(
                        s,
                        record_id,
                        activities.ActivityDraft(venue=venue),
                        today=TODAY,
                        expected_version=opened,
                    )
                entry |= {"version": row.version, "values": {"venue": venue}}
            else:
                with db.read() as s:
                    rows = [tuple(r) for r in s.exec(select(Stakeholder.id, Stakeholder.version))]
                record_id, opened = _pick(rng, rows)
                entry |= {"table": "stakeholder", "id": record_id, "expected": opened}
                phone = f"0296 {index:02d}{n:05d}"
                time.sleep(rng.uniform(0, 0.01))
                with db.write() as s:
                    st = stakeholders.update_stakeholder(
                        s, record_id, {"phone": phone}, expected_version=opened
                    )
                entry |= {"version": st.version, "values": {"phone": phone}}
            entry["outcome"] = "accepted"
        except Conflict as exc:
            entry |= {"outcome": "conflict", "message": str(exc)}
        except errors.PlannerError as exc:
            outcome = "busy" if BUSY_TEXT in str(exc) else "error"
            entry |= {"outcome": outcome, "message": str(exc)}
        except Exception:
            entry |= {"outcome": "crash", "message": traceback.format_exc()}
        entry["seconds"] = round(time.monotonic() - started, 4)
        log.append(entry)
    db.dispose()
    Path(out).write_text(json.dumps(log))


def _seed(path: Path) -> None:
    db = open_database(path)
    try:
        with db.write() as s:
            for n in range(1, HOT_RECORDS + 1):
                activities.add_activity(
                    s, activities.ActivityDraft(title=f"seed {n}", when="1/12/2026"), today=TODAY
                )
                stakeholders.add_stakeholder(s, name=f"seed {n}", category="media")
    finally:
        db.dispose()


def run_stress(tmp_path: Path, processes: int, seconds: float) -> dict[str, Any]:
    path = tmp_path / "shared.db"
    _seed(path)
    with sqlite3.connect(path) as conn:
        seeded_entries = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(processes)
    outs = [tmp_path / f"worker{i}.json" for i in range(processes)]
    workers = [
        ctx.Process(target=_stress_worker, args=(str(path), i, seconds, str(out), barrier))
        for i, out in enumerate(outs)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=seconds + 120)
    for w in workers:
        if w.is_alive():
            w.kill()
    assert [w.exitcode for w in workers] == [0] * processes
    log = [entry for out in outs for entry in json.loads(out.read_text())]

    outcomes: dict[str, int] = defaultdict(int)
    for entry in log:
        outcomes[entry["outcome"]] += 1
    crashes = [e["message"] for e in log if e["outcome"] in ("crash", "error")]
    assert not crashes, crashes[:3]
    for entry in log:
        if entry["outcome"] == "conflict":
            assert "by a colleague meanwhile" in entry["message"]
        elif entry["outcome"] == "busy":
            assert entry["message"].startswith("A colleague is saving to")

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = {
            table: {
                r[0]: r[1:]
                for r in conn.execute(f"SELECT id, version, {', '.join(fields)} FROM {table}")
            }
            for table, fields in (
                ("activity", ("title", "venue")),
                ("stakeholder", ("name", "phone")),
            )
        }
        audit = conn.execute(
            "SELECT action, table_name, record_key, actor_user, changes FROM audit_log "
            "WHERE id > ?",
            (seeded_entries,),
        ).fetchall()
    finally:
        conn.close()
    field_index = {"activity": {"title": 1, "venue": 2}, "stakeholder": {"name": 1, "phone": 2}}

    accepted = [e for e in log if e["outcome"] == "accepted"]
    # Each accepted write is exactly one audit entry, by its worker, with its values.
    assert len(audit) == len(accepted)
    logged = defaultdict(list)
    for action, table, key, user, changes in audit:
        logged[(table, int(key))].append((action, user, json.loads(changes)))
    by_record: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for e in accepted:
        record = (e["table"], e["id"])
        by_record[record].append(e)
        user = f"worker{e['worker']}"
        if e["op"].startswith("add"):
            assert ("insert", user) in [(a, u) for a, u, _c in logged[record]]
            continue
        # An edit moved the version it was made at, by one: nobody's change was skipped.
        assert e["version"] == e["expected"] + 1
        [(field, value)] = e["values"].items()
        matching = [
            c
            for a, u, c in logged[record]
            if a == "update" and u == user and c.get("version") == [e["expected"], e["version"]]
        ]
        assert len(matching) == 1 and matching[0][field][1] == value
    for (table, record_id), writes in by_record.items():
        versions = [w["version"] for w in writes]
        # Two accepted saves never produced the same version of a record: no lost update.
        assert len(versions) == len(set(versions)), (table, record_id, versions)
        last = max(writes, key=lambda w: w["version"])
        stored = rows[table][record_id]
        assert stored[0] == last["version"]
        for field, value in last["values"].items():
            assert stored[field_index[table][field]] == value
    for e in log:
        if e["outcome"] == "conflict":
            # Refused because the record had really moved past the opened version.
            assert rows[e["table"]][e["id"]][0] > e["expected"]

    refused = outcomes["conflict"] + outcomes["busy"]
    stats = {
        "processes": processes,
        "seconds": seconds,
        "accepted": len(accepted),
        "conflicts": outcomes["conflict"],
        "busy": outcomes["busy"],
        "accepted_per_second": round(len(accepted) / seconds, 1),
        "refused_per_second": round(refused / seconds, 1),
        "slowest_write_seconds": max((e["seconds"] for e in log), default=0.0),
    }
    print(f"\nstress: {json.dumps(stats)}")
    return stats


def test_stress_short(tmp_path: Path) -> None:
    stats = run_stress(tmp_path, processes=8, seconds=5)
    assert stats["accepted"] > 50
    assert stats["conflicts"] > 0  # the hot records did collide, and were caught


@pytest.mark.slow
def test_stress_long(tmp_path: Path) -> None:
    stats = run_stress(tmp_path, processes=12, seconds=40)
    assert stats["accepted"] > 500 and stats["conflicts"] > 0
