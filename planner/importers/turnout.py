"""Writing parsed turnout rows into the database, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
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
    # One query for any number of codes: they go in as one JSON array.
    rows = session.connection().execute(
        text("SELECT code FROM region WHERE code IN (SELECT value FROM json_each(:codes))"),
        {"codes": json.dumps(sorted(codes))},
    )
    return {row[0] for row in rows}


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
    # Plain tuples through the driver's executemany: per row, SQLAlchemy's
    # named parameters cost more than SQLite's insert itself.
    sql = (
        f"INSERT INTO turnout ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _c in columns)}) "
        "ON CONFLICT (election_id, region_code, tps) DO UPDATE SET "
        f"{updates}, updated_at = excluded.updated_at, version = turnout.version + 1"
    )
    label = source or path
    # The text SQLAlchemy's DateTime writes, so that these rows read back like any other.
    stamp = now.isoformat(sep=" ", timespec="microseconds")
    figures = attrgetter(*COUNT_FIELDS)
    head = (election.id,)
    tail = (label, False, stamp, stamp, 1)
    driver = conn.connection.dbapi_connection
    assert driver is not None
    for start in range(0, len(records), _CHUNK):
        chunk = records[start : start + _CHUNK]
        driver.executemany(sql, [(*head, r.code, r.tps or 0, *tail, *figures(r)) for r in chunk])
        if progress is not None:
            progress(start + len(chunk), len(records))
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
