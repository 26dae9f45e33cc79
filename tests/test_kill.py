"""A planner process killed with SIGKILL mid-import or mid-edit leaves a whole file behind.

The file must open, pass the integrity check, and hold all or none of the
interrupted change: never part of an import, never a record without its
audit entry.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.i18n import set_language
from planner.store import open_database
from planner.store.doctor import diagnose

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

ROOT = Path(__file__).resolve().parents[1]
TPS_PER_DESA = 40
ELECTION = "Pemilu 2029"

IMPORT_SCRIPT = """
import sys, time
from pathlib import Path
from planner.importers import turnout as importer
from planner.importers.fields import read_turnout_rows
from planner.importers.tabular import read_table
from planner.models import Election
from planner.store import open_database
from sqlmodel import select

path, csv, slow, ELECTION = sys.argv[1], sys.argv[2], sys.argv[3] == "slow", sys.argv[4]
db = open_database(path, daily_backup=False)
records = read_turnout_rows(read_table(Path(csv)))
if slow:
    rebuild = importer.rebuild_totals
    def rebuild_slowly(session, election_id):
        # Every row is written, the transaction is still open.
        print("INSERTED", flush=True)
        time.sleep(60)
        rebuild(session, election_id)
    importer.rebuild_totals = rebuild_slowly
print("READY", flush=True)
with db.write() as s:
    election = s.exec(select(Election).where(Election.name == ELECTION)).one()
    importer.import_turnout(s, election, records, path=csv, source="kill.csv")
print("DONE", flush=True)
"""

EDIT_SCRIPT = """
import sys, time
from planner.services import stakeholders
from planner.store import open_database

path, mode = sys.argv[1], sys.argv[2]
db = open_database(path, daily_backup=False)
print("READY", flush=True)
if mode == "hold":
    with db.write() as s:
        stakeholders.update_stakeholder(s, 1, {"notes": "never saved"}, expected_version=None)
        s.flush()
        print("FLUSHED", flush=True)
        time.sleep(60)
else:
    for n in range(1, 100000):
        with db.write() as s:
            stakeholders.update_stakeholder(s, 1, {"notes": f"edit {n}"}, expected_version=None)
        print(f"COMMITTED {n}", flush=True)
"""


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANNER_USER": "killed"}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for(proc: subprocess.Popen[str], word: str) -> list[str]:
    assert proc.stdout is not None
    seen = []
    while True:
        line = proc.stdout.readline()
        if not line:
            _, err = proc.communicate()
            raise AssertionError(f"the child ended before {word}: {err}")
        seen.append(line.strip())
        if line.startswith(word):
            return seen


def _kill(proc: subprocess.Popen[str]) -> list[str]:
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL or proc.returncode == 0
    return out.split()


def _check_opens(path: Path) -> sqlite3.Connection:
    """Opens through the planner (which finishes any rollback), then raw for the checks."""
    db = open_database(path, daily_backup=False)
    db.dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return conn


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def turnout_csv(blora_path: Path, tmp_path: Path) -> tuple[Path, int]:
    conn = sqlite3.connect(blora_path)
    desa = [r[0] for r in conn.execute("SELECT code FROM region WHERE length(code) = 13")]
    conn.close()
    rng = random.Random(4)
    csv = tmp_path / "tps.csv"
    with csv.open("w") as fh:
        fh.write("kode,tps,dpt,pengguna hak pilih\n")
        for code in desa:
            for tps in range(1, TPS_PER_DESA + 1):
                dpt = rng.randint(150, 300)
                fh.write(f"{code},{tps},{dpt},{rng.randint(90, dpt)}\n")
    return csv, len(desa) * TPS_PER_DESA


def _turnout_state(conn: sqlite3.Connection) -> tuple[int, int]:
    (election_id,) = conn.execute("SELECT id FROM election WHERE name = ?", (ELECTION,)).fetchone()
    rows = conn.execute(
        "SELECT count(*) FROM turnout WHERE election_id = ?", (election_id,)
    ).fetchone()[0]
    totals = conn.execute(
        "SELECT count(*) FROM turnout_total WHERE election_id = ?", (election_id,)
    ).fetchone()[0]
    return int(rows), int(totals)


def test_killed_in_the_middle_of_an_import(blora_path: Path, turnout_csv: tuple[Path, int]) -> None:
    csv, rows = turnout_csv
    proc = _start(IMPORT_SCRIPT, str(blora_path), str(csv), "slow", ELECTION)
    _wait_for(proc, "INSERTED")
    # All rows are in the open transaction; its journal is on disk.
    assert Path(f"{blora_path}-journal").exists()
    _kill(proc)
    # The doctor only reads: it names the interrupted save instead of undoing it.
    report = diagnose(blora_path)
    assert not report.ok and "interrupted" in report.problems[0]
    conn = _check_opens(blora_path)
    try:
        assert _turnout_state(conn) == (0, 0)
    finally:
        conn.close()
    assert diagnose(blora_path).ok

    # The same import, left alone, stores everything.
    done = _start(IMPORT_SCRIPT, str(blora_path), str(csv), "fast", ELECTION)
    _out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    conn = _check_opens(blora_path)
    try:
        stored, totals = _turnout_state(conn)
        assert stored == rows and totals > 0
    finally:
        conn.close()


def test_killed_at_random_moments_of_an_import(
    blora_path: Path, turnout_csv: tuple[Path, int], tmp_path: Path
) -> None:
    csv, rows = turnout_csv
    pristine = tmp_path / "pristine.db"
    shutil.copyfile(blora_path, pristine)
    # How long the import takes once the child is ready, to aim the kills.
    proc = _start(IMPORT_SCRIPT, str(blora_path), str(csv), "fast", ELECTION)
    _wait_for(proc, "READY")
    started = time.monotonic()
    _wait_for(proc, "DONE")
    duration = time.monotonic() - started
    proc.communicate(timeout=30)
    rng = random.Random(7)
    outcomes = []
    for _ in range(6):
        shutil.copyfile(pristine, blora_path)
        for suffix in ("-journal", "-wal", "-shm"):
            Path(f"{blora_path}{suffix}").unlink(missing_ok=True)
        proc = _start(IMPORT_SCRIPT, str(blora_path), str(csv), "fast", ELECTION)
        _wait_for(proc, "READY")
        # Around the end too, so that some kills land in the commit itself.
        time.sleep(rng.uniform(0.2, 2.5) * duration)
        printed = _kill(proc)
        conn = _check_opens(blora_path)
        try:
            stored, totals = _turnout_state(conn)
        finally:
            conn.close()
        assert (stored, totals > 0) in ((0, False), (rows, True)), (stored, totals)
        if "DONE" in printed:
            assert stored == rows
        outcomes.append(stored == rows)
    print(f"\nimport kills: {outcomes.count(False)} rolled back, {outcomes.count(True)} complete")


def test_killed_in_the_middle_of_an_edit(blora_path: Path) -> None:
    before = sqlite3.connect(blora_path)
    notes, version = before.execute(
        "SELECT notes, version FROM stakeholder WHERE id = 1"
    ).fetchone()
    logged = before.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    before.close()
    proc = _start(EDIT_SCRIPT, str(blora_path), "hold")
    _wait_for(proc, "FLUSHED")
    _kill(proc)
    conn = _check_opens(blora_path)
    try:
        assert conn.execute("SELECT notes, version FROM stakeholder WHERE id = 1").fetchone() == (
            notes,
            version,
        )
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == logged
    finally:
        conn.close()


def test_killed_between_and_during_edits(blora_path: Path) -> None:
    conn = sqlite3.connect(blora_path)
    (version,) = conn.execute("SELECT version FROM stakeholder WHERE id = 1").fetchone()
    conn.close()
    total = 0
    rng = random.Random(11)
    for _ in range(4):
        proc = _start(EDIT_SCRIPT, str(blora_path), "loop")
        _wait_for(proc, "READY")
        time.sleep(rng.uniform(0.05, 0.4))
        printed = _kill(proc)
        committed = [int(n) for n in printed if n.isdigit()]
        conn = _check_opens(blora_path)
        try:
            notes, now = conn.execute(
                "SELECT notes, version FROM stakeholder WHERE id = 1"
            ).fetchone()
            # Every edit is whole: the row and its audit entry, or neither.
            edits = conn.execute(
                "SELECT count(*) FROM audit_log WHERE table_name = 'stakeholder' "
                "AND record_key = '1' AND action = 'update'"
            ).fetchone()[0]
        finally:
            conn.close()
        last = max(committed, default=0)
        done = int(notes.removeprefix("edit ")) if notes.startswith("edit ") else 0
        # The child may have committed one more edit than it managed to print.
        assert done in (last, last + 1)
        assert now == version + done
        version = now
        total += done
        assert edits == total
