"""Administrative regions: looking them up, walking the tree, importing Kemendagri's list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, case, func, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from planner import errors
from planner.i18n import _
from planner.importers.codes import normalize_code
from planner.models import Election, Region, TurnoutTotal, utcnow
from planner.models.enums import Level

if TYPE_CHECKING:
    from planner.importers.fields import RegionRecord

# Rows per executemany: large enough that the national file (91,599 rows)
# takes a handful of round trips, small enough to keep memory flat.
_CHUNK = 5000
_SEGMENT_WIDTHS = (2, 2, 2, 4)


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int


def get_region(session: Session, code: str) -> Region:
    """The region with this code, written dotted (33.16.06) or not (331606)."""
    try:
        dotted = normalize_code(code)
    except ValueError as exc:
        raise errors.InvalidInput("code", str(exc)) from None
    region = session.get(Region, dotted)
    if region is None:
        raise errors.NotFound(_("Region {code} not found.").format(code=dotted))
    return region


def _below(code: str) -> Any:
    # Descendants share the dotted prefix; a range keeps the primary-key index usable.
    return (col(Region.code) > code + ".") & (col(Region.code) < code + "/")


def children(
    session: Session,
    code: str | None,
    *,
    level: str | None = None,
    limit: int | None = None,
) -> list[Region]:
    """The regions directly under code (the provinces when code is None).

    With level, every region of that level anywhere under code (or in the
    whole country when code is None): the desa of a kabupaten, say.
    """
    query = select(Region)
    parent = get_region(session, code).code if code is not None else None
    if level is not None:
        query = query.where(Region.level == _check_level(level))
        if parent is not None:
            query = query.where(_below(parent))
    elif parent is None:
        query = query.where(col(Region.parent_code).is_(None))
    else:
        query = query.where(Region.parent_code == parent)
    query = query.order_by(col(Region.code))
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query).all())


def count_children(session: Session, code: str) -> int:
    query = select(func.count()).select_from(Region).where(Region.parent_code == code)
    return int(session.exec(query).one())


def _check_level(level: str) -> str:
    if level not in {v.value for v in Level}:
        raise errors.InvalidInput(
            "level",
            _("{value} is not a region level (choose one of {choices})").format(
                value=level, choices=", ".join(v.value for v in Level)
            ),
        )
    return level


def _code_prefix(text: str) -> str | None:
    """The dotted start of a code typed in part ("33160" -> "33.16.0"), or None if not digits."""
    compact = text.replace(".", "").replace(" ", "")
    if not compact or not (compact.isascii() and compact.isdigit()):
        return None
    parts: list[str] = []
    start = 0
    for width in _SEGMENT_WIDTHS:
        if start >= len(compact):
            break
        parts.append(compact[start : start + width])
        start += width
    if start < len(compact):
        return None
    return ".".join(parts)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_regions(
    session: Session,
    text: str,
    *,
    level: str | None = None,
    limit: int = 50,
    within: str | None = None,
) -> list[Region]:
    """Regions whose name contains text (any case), or whose code starts with it.

    Exact names come first, then names starting with text, then the rest;
    higher levels before lower ones within each.
    """
    needle = text.strip()
    if not needle:
        return []
    lowered = needle.lower()
    name = func.lower(Region.name)
    condition: Any = name.like(f"%{_escape_like(lowered)}%", escape="\\")
    prefix = _code_prefix(needle)
    if prefix is not None:
        condition = condition | col(Region.code).startswith(prefix)
    query = select(Region).where(condition)
    if level is not None:
        query = query.where(Region.level == _check_level(level))
    if within is not None:
        query = query.where(_below(get_region(session, within).code))
    rank = case(
        (name == lowered, 0),
        (name.like(f"{_escape_like(lowered)}%", escape="\\"), 1),
        else_=2,
    )
    query = query.order_by(rank, func.length(Region.code), col(Region.name)).limit(limit)
    return list(session.exec(query).all())


def ancestors(session: Session, code: str) -> list[Region]:
    """The regions above code, the province first; the region itself is not included."""
    region = get_region(session, code)
    chain: list[Region] = []
    parent_code = region.parent_code
    while parent_code is not None:
        parent = session.get(Region, parent_code)
        if parent is None:
            break
        chain.append(parent)
        parent_code = parent.parent_code
    chain.reverse()
    return chain


def turnout_history(session: Session, code: str) -> list[tuple[Election, TurnoutTotal]]:
    """The region's effective turnout figures, one per election, the oldest election first."""
    region = get_region(session, code)
    query = (
        select(Election, TurnoutTotal)
        .join(TurnoutTotal, col(TurnoutTotal.election_id) == col(Election.id))
        .where(TurnoutTotal.region_code == region.code)
        .order_by(col(Election.voting_day).is_(None), col(Election.voting_day), col(Election.id))
    )
    return [(election, figures) for election, figures in session.exec(query).all()]


def region_label(region: Region) -> str:
    """The short name people write: "Kec. Sambong", "Desa Bangkleyan", "Kel. Karangjati"."""
    if region.level == Level.KECAMATAN:
        return f"Kec. {region.name}"
    if region.level == Level.DESA:
        # Kemendagri numbers kelurahan 1xxx and desa 2xxx.
        last = region.code.rpartition(".")[2]
        return f"Kel. {region.name}" if last.startswith("1") else f"Desa {region.name}"
    # Kabupaten names already say "Kabupaten" or "Kota"; a province is known by its name.
    return region.name


def import_regions(
    session: Session, records: Sequence[RegionRecord], *, source: str
) -> ImportSummary:
    """Adds new regions and renames or re-parents known ones, in bulk.

    Runs in the caller's transaction, so a refused row leaves nothing behind.
    Regions missing from the file are kept: activities may still point at them.
    """
    session.flush()
    conn = session.connection()
    existing: dict[str, tuple[str, str, str | None]] = {
        row[0]: (row[1], row[2], row[3])
        for row in conn.execute(text("SELECT code, name, level, parent_code FROM region"))
    }

    wanted: dict[str, RegionRecord] = {}
    for record in records:
        seen = wanted.get(record.code)
        if seen is not None and (seen.name, seen.level, seen.parent) != (
            record.name,
            record.level,
            record.parent,
        ):
            raise errors.ImportProblem(
                source,
                _("code {code} appears twice with different values (first on row {first})").format(
                    code=record.code, first=seen.line
                ),
                row=record.line,
                column="kode",
            )
        wanted[record.code] = record

    changed: list[RegionRecord] = []
    added = updated = unchanged = 0
    for record in wanted.values():
        parent = record.parent
        if parent is not None and parent not in existing and parent not in wanted:
            raise errors.ImportProblem(
                source,
                _(
                    "the parent region {parent} of {code} is neither in the database nor in "
                    "the file"
                ).format(parent=parent, code=record.code),
                row=record.line,
                column="kode",
            )
        now = (record.name, str(record.level), parent)
        before = existing.get(record.code)
        if before is None:
            added += 1
        elif before == now:
            unchanged += 1
            continue
        else:
            updated += 1
        changed.append(record)

    # Parents before children: foreign keys are checked row by row, and a
    # longer code always sits lower in the tree.
    changed.sort(key=lambda r: (len(r.code), r.code))
    table: Table = Region.__table__  # type: ignore[attr-defined]
    insert = sqlite_insert(table)
    upsert = insert.on_conflict_do_update(
        index_elements=[table.c.code],
        set_={
            "name": insert.excluded.name,
            "level": insert.excluded.level,
            "parent_code": insert.excluded.parent_code,
            "updated_at": insert.excluded.updated_at,
            # Core statements bypass the ORM's version counter; an edit open
            # on a renamed region must still see that it moved.
            "version": table.c.version + 1,
        },
    )
    stamp = utcnow()
    for start in range(0, len(changed), _CHUNK):
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "level": str(r.level),
                "parent_code": r.parent,
                "created_at": stamp,
                "updated_at": stamp,
                "version": 1,
            }
            for r in changed[start : start + _CHUNK]
        ]
        conn.execute(upsert, rows)
    # Region objects already loaded in this session would show the old names.
    if changed:
        from planner.store.audit import record_bulk

        # Written by raw SQL, unseen by the ORM's audit listeners: one entry for the file.
        record_bulk(
            session,
            "region",
            _("regions from {source}: {added} added, {updated} updated").format(
                source=source, added=added, updated=updated
            ),
            len(changed),
        )
    session.expire_all()
    return ImportSummary(added=added, updated=updated, unchanged=unchanged)
