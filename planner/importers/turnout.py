"""Writing parsed turnout rows into the database, all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlmodel import Session

from planner import errors
from planner.formatting import number
from planner.i18n import _
from planner.models import Election, utcnow
from planner.services.turnout import COUNT_FIELDS, rebuild_totals
from planner.store.audit import record_bulk

if TYPE_CHECKING:
    from planner.importers.fields import TurnoutRecord

_CHUNK = 5000


@dataclass(frozen=True)
class TurnoutImportSummary:
    rows: int
    added: int
    replaced: int
    tps_rows: int


def _known_codes(session: Session, codes: set[str]) -> set[str]:
    known: set[str] = set()
    ordered = sorted(codes)
    conn = session.connection()
    for i in range(0, len(ordered), 900):
        chunk = ordered[i : i + 900]
        marks = ",".join(f":c{j}" for j in range(len(chunk)))
        rows = conn.execute(
            text(f"SELECT code FROM region WHERE code IN ({marks})"),
            {f"c{j}": c for j, c in enumerate(chunk)},
        )
        known.update(r[0] for r in rows)
    return known


def import_turnout(
    session: Session,
    election: Election,
    records: Sequence[TurnoutRecord],
    *,
    path: str,
    source: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TurnoutImportSummary:
    """Store the rows for one election, replacing figures entered before for the same places.

    Runs inside the caller's write transaction: a refused row leaves nothing behind.
    """
    assert election.id is not None
    if not records:
        raise errors.ImportProblem(path, _("the file has no data rows"))
    codes = {r.code for r in records}
    known = _known_codes(session, codes)
    for record in records:
        if record.code not in known:
            raise errors.ImportProblem(
                path,
                _("region {code} is not in the database; import the regions first").format(
                    code=record.code
                ),
                row=record.line,
                column="kode",
            )
        if record.tps is not None and len(record.code) != 13:
            raise errors.ImportProblem(
                path, _("a TPS belongs to a desa/kelurahan code"), row=record.line, column="tps"
            )
    conn = session.connection()
    existing = conn.execute(
        text("SELECT count(*) FROM turnout WHERE election_id = :e"), {"e": election.id}
    ).scalar_one()
    now = utcnow()
    columns = [
        "election_id",
        "region_code",
        "tps",
        "source",
        "synthetic",
        "created_at",
        "updated_at",
        "version",
        *COUNT_FIELDS,
    ]
    updates = ", ".join(f"{c} = excluded.{c}" for c in ("source", "synthetic", *COUNT_FIELDS))
    sql = text(
        f"INSERT INTO turnout ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + c for c in columns)}) "
        "ON CONFLICT (election_id, region_code, tps) DO UPDATE SET "
        f"{updates}, updated_at = excluded.updated_at, version = turnout.version + 1"
    )
    label = source or path
    batch: list[dict[str, object]] = []
    done = 0
    for record in records:
        row: dict[str, object] = {
            "election_id": election.id,
            "region_code": record.code,
            "tps": record.tps or 0,
            "source": label,
            "synthetic": False,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for f in COUNT_FIELDS:
            row[f] = getattr(record, f)
        batch.append(row)
        if len(batch) >= _CHUNK:
            conn.execute(sql, batch)
            done += len(batch)
            batch = []
            if progress is not None:
                progress(done, len(records))
    if batch:
        conn.execute(sql, batch)
        if progress is not None:
            progress(len(records), len(records))
    after = conn.execute(
        text("SELECT count(*) FROM turnout WHERE election_id = :e"), {"e": election.id}
    ).scalar_one()
    rebuild_totals(session, election.id)
    added = int(after) - int(existing)
    # Rows go in by raw SQL, unseen by the ORM's audit listeners: one entry says it all.
    record_bulk(
        session,
        "turnout",
        _("turnout for {election} from {source}: {added} added, {replaced} replaced").format(
            election=election.name,
            source=label,
            added=number(added),
            replaced=number(len(records) - added),
        ),
        len(records),
    )
    return TurnoutImportSummary(
        rows=len(records),
        added=added,
        replaced=len(records) - added,
        tps_rows=sum(1 for r in records if r.tps is not None),
    )
