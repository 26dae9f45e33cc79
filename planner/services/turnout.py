"""Turnout figures: entered rows, and the per-region totals derived from them."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session, select

from planner.models import TurnoutTotal

COUNT_FIELDS: tuple[str, ...] = (
    "dpt",
    "dptb",
    "dpk",
    "voters_dpt",
    "voters_dptb",
    "voters_dpk",
    "voters",
    "valid",
    "invalid",
    "dpt_men",
    "dpt_women",
    "voters_men",
    "voters_women",
)
# Always present in a row, so a plain sum is right.
_REQUIRED = frozenset({"dpt", "voters"})

# Code length per level: provinsi "33", kabupaten "33.16", kecamatan "33.16.06",
# desa "33.16.06.2001". Parents are prefixes, so roll-ups need no join.
CODE_LENGTH = {"provinsi": 2, "kabupaten": 5, "kecamatan": 8, "desa": 13}
_LEVELS_UP = ("desa", "kecamatan", "kabupaten", "provinsi")


def _sum(field: str, source: str) -> str:
    if field in _REQUIRED:
        return f"SUM({source}.{field})"
    # A total is unknown when any part is: a partial sum would pass for a whole.
    return f"CASE WHEN COUNT({source}.{field}) = COUNT(*) THEN SUM({source}.{field}) END"


def rebuild_totals(session: Session, election_id: int) -> None:
    """Recompute the effective figures of every region for one election, in SQL.

    A region's figure is the one entered for it (tps = 0), or else the sum of
    its children's: TPS for a desa, desa for a kecamatan, and so on up.
    """
    session.flush()
    conn = session.connection()
    params = {"e": election_id}
    conn.execute(text("DELETE FROM turnout_total WHERE election_id = :e"), params)
    cols = ", ".join(COUNT_FIELDS)
    for i, level in enumerate(_LEVELS_UP):
        n = CODE_LENGTH[level]
        if level == "desa":
            kids = (
                "SELECT region_code AS code, COUNT(*) AS tps_count, MAX(synthetic) AS synthetic, "
                + ", ".join(f"{_sum(f, 't')} AS {f}" for f in COUNT_FIELDS)
                + " FROM turnout t WHERE t.election_id = :e AND t.tps > 0 GROUP BY region_code"
            )
        else:
            child = _LEVELS_UP[i - 1]
            kids = (
                f"SELECT substr(t.region_code, 1, {n}) AS code, SUM(t.tps_count) AS tps_count, "
                "MAX(t.synthetic) AS synthetic, "
                + ", ".join(f"{_sum(f, 't')} AS {f}" for f in COUNT_FIELDS)
                + f" FROM turnout_total t WHERE t.election_id = :e AND t.level = '{child}'"
                " GROUP BY 1"
            )
        # Two passes rather than one join of the sums with the entered figures:
        # SQLite scans a grouped subquery once per outer row when joined, which
        # at 83,762 desa took minutes. The sums go in first, then an entered
        # figure replaces them, keeping the count of TPS beneath it.
        conn.execute(
            text(
                f"""
                INSERT INTO turnout_total
                    (election_id, region_code, level, entered, tps_count, synthetic, {cols})
                SELECT :e, kids.code, '{level}', 0, kids.tps_count, kids.synthetic, {cols}
                FROM ({kids}) AS kids
                WHERE kids.code IN (SELECT code FROM region)
                """
            ),
            params,
        )
        updates = ", ".join(f"{f} = excluded.{f}" for f in COUNT_FIELDS)
        conn.execute(
            text(
                f"""
                INSERT INTO turnout_total
                    (election_id, region_code, level, entered, tps_count, synthetic, {cols})
                SELECT :e, t.region_code, '{level}', 1, 0, t.synthetic, {cols}
                FROM turnout t
                WHERE t.election_id = :e AND t.tps = 0 AND length(t.region_code) = {n}
                  AND t.region_code IN (SELECT code FROM region)
                ON CONFLICT (election_id, region_code) DO UPDATE SET
                    entered = 1, synthetic = excluded.synthetic, {updates}
                """
            ),
            params,
        )


def total(session: Session, election_id: int, region_code: str) -> TurnoutTotal | None:
    return session.get(TurnoutTotal, (election_id, region_code))


def totals_under(
    session: Session, election_id: int, parent_code: str | None, level: str
) -> list[TurnoutTotal]:
    """The totals of every region at a level, optionally within one parent region."""
    query = select(TurnoutTotal).where(
        TurnoutTotal.election_id == election_id, TurnoutTotal.level == level
    )
    if parent_code:
        query = query.where(
            TurnoutTotal.region_code > parent_code + ".",
            TurnoutTotal.region_code < parent_code + "/",
        )
    return list(session.exec(query.order_by(TurnoutTotal.region_code)).all())
