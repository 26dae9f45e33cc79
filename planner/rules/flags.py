"""Low-turnout flags: which regions need the division's attention, and why."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import exists, text
from sqlmodel import Session, col, select

from planner.formatting import percent, points
from planner.i18n import _
from planner.models import Election, Lokus, Region, TurnoutTotal
from planner.models.enums import Level
from planner.rules.participation import invalid_rate, participation
from planner.services.settings import Thresholds, scope_region, thresholds
from planner.services.turnout import CODE_LENGTH


class FlagKind:
    BELOW_TARGET = "below_target"
    BELOW_KABUPATEN = "below_kabupaten"
    DROP = "drop"
    INVALID = "invalid"
    LOKUS = "lokus"


def _pct(value: float) -> str:
    return percent(value, 2).replace(",00%", "%").replace(".00%", "%")


@dataclass(frozen=True)
class FlagReason:
    kind: str
    value: float | None = None
    reference: float | None = None
    detail: str = ""

    def describe(self) -> str:
        """The reason in words, in the current language."""
        from planner.rules.labels import lokus_criterion_label

        v, ref = self.value or 0.0, self.reference or 0.0
        if self.kind == FlagKind.BELOW_TARGET:
            return _("participation {value} is below the target {target}").format(
                value=_pct(v), target=_pct(ref)
            )
        if self.kind == FlagKind.BELOW_KABUPATEN:
            return _("participation {value} is {points} points below {area}'s {reference}").format(
                value=_pct(v), points=points(ref - v), area=self.detail, reference=_pct(ref)
            )
        if self.kind == FlagKind.DROP:
            return _("participation fell {points} points since {election} ({reference})").format(
                points=points(ref - v), election=self.detail, reference=_pct(ref)
            )
        if self.kind == FlagKind.INVALID:
            return _("invalid ballots {value} are above {limit}").format(
                value=_pct(v), limit=_pct(ref)
            )
        label = lokus_criterion_label(self.detail.split(":", 1)[0])
        note = self.detail.split(":", 1)[1] if ":" in self.detail else ""
        text = _("focus area (lokus): {criterion}").format(criterion=label)
        return f"{text} — {note}" if note else text


@dataclass
class RegionStatus:
    code: str
    name: str
    level: str
    dpt: int | None = None
    voters: int | None = None
    participation: float | None = None
    invalid_pct: float | None = None
    previous_participation: float | None = None
    reasons: list[FlagReason] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)

    def reasons_text(self) -> str:
        return "; ".join(r.describe() for r in self.reasons)


@dataclass
class FlagReport:
    election: Election | None
    previous: Election | None
    level: str
    scope: Region | None
    scope_participation: float | None
    thresholds: Thresholds
    regions: list[RegionStatus]

    @property
    def flagged(self) -> list[RegionStatus]:
        return [r for r in self.regions if r.flagged]


def _has_totals(election_id: Any) -> Any:
    # EXISTS per election is one index probe; DISTINCT over the totals would
    # read all of them (180,000 rows for two national elections).
    return exists().where(col(TurnoutTotal.election_id) == election_id)


def _latest_with_turnout(session: Session) -> Election | None:
    return session.exec(
        select(Election).where(_has_totals(Election.id)).order_by(col(Election.voting_day).desc())
    ).first()


def _previous_same_kind(session: Session, election: Election) -> Election | None:
    if election.voting_day is None:
        return None
    return session.exec(
        select(Election)
        .where(
            Election.kind == election.kind,
            col(Election.voting_day) < election.voting_day,
            _has_totals(Election.id),
        )
        .order_by(col(Election.voting_day).desc())
    ).first()


@dataclass(frozen=True, slots=True)
class _Figures:
    """The counts the rates need, read as plain rows: far cheaper than ORM objects."""

    code: str
    name: str
    dpt: int
    dptb: int | None
    dpk: int | None
    voters: int
    valid: int | None
    invalid: int | None


_FIGURES_SQL = (
    "SELECT t.region_code, r.name, t.dpt, t.dptb, t.dpk, t.voters, t.valid, t.invalid "
    "FROM turnout_total t JOIN region r ON r.code = t.region_code "
    "WHERE t.election_id = :e AND t.level = :level"
)


def _figures(
    session: Session,
    election_id: int,
    level: str,
    scope: str | None,
    codes: Collection[str] | None = None,
) -> list[_Figures]:
    """One election's totals at one level (within the scope, or only `codes`), by code."""
    sql = _FIGURES_SQL
    params: dict[str, object] = {"e": election_id, "level": level}
    if scope:
        sql += " AND t.region_code > :low AND t.region_code < :high"
        params.update(low=scope + ".", high=scope + "/")
    if codes is not None:
        sql += " AND t.region_code IN (SELECT value FROM json_each(:codes))"
        params["codes"] = json.dumps(sorted(codes))
    rows = session.connection().execute(text(sql + " ORDER BY t.region_code"), params)
    return [_Figures(*row) for row in rows]


def _area_code(code: str) -> str | None:
    """The region a region is compared with: its kabupaten, or for a kabupaten its province."""
    if len(code) > CODE_LENGTH["kabupaten"]:
        return code[: CODE_LENGTH["kabupaten"]]
    if len(code) == CODE_LENGTH["kabupaten"]:
        return code[: CODE_LENGTH["provinsi"]]
    return None


def compute_flags(
    session: Session,
    election: Election | None = None,
    *,
    level: str = "kecamatan",
    scope_code: str | None = None,
    today: date | None = None,
    codes: Collection[str] | None = None,
) -> FlagReport:
    """Every region at a level within the scope, with the reasons it is flagged.

    With no scope (none given and none stored) that is every region of the
    level in the country: 7,285 kecamatan, each against its own kabupaten.
    `codes` limits the report to those regions, for a screen showing one page
    of a long table; each is judged exactly as in the full report.
    """
    del today  # flags depend on results only; kept for a uniform call signature
    limits = thresholds(session)
    scope_code = scope_code if scope_code is not None else scope_region(session)
    scope = session.get(Region, scope_code) if scope_code else None
    election = election or _latest_with_turnout(session)
    previous = _previous_same_kind(session, election) if election else None
    statuses: dict[str, RegionStatus] = {}
    scope_rate: float | None = None
    if election is not None and election.id is not None:
        denominator = election.denominator
        rows = _figures(session, election.id, level, scope_code, codes)
        areas = {a for a in (_area_code(t.code) for t in rows) if a is not None}
        area_rates: dict[str, tuple[float | None, str]] = {}
        if areas:
            area_level = Level.PROVINSI if level == Level.KABUPATEN else Level.KABUPATEN
            area_rates = {
                t.code: (participation(t, denominator), t.name)
                for t in _figures(session, election.id, area_level, None, areas)
            }
            for code in areas - set(area_rates):
                # An area without figures still names itself in no reason; keep its name.
                area_rates[code] = (None, code)
        if scope_code:
            scope_total = session.get(TurnoutTotal, (election.id, scope_code))
            scope_rate = participation(scope_total, denominator) if scope_total else None
        previous_rates: dict[str, float | None] = {}
        if previous is not None and previous.id is not None:
            previous_rates = {
                t.code: participation(t, previous.denominator)
                for t in _figures(session, previous.id, level, scope_code, [t.code for t in rows])
            }
        target = election.target_pct
        for total in rows:
            rate = participation(total, denominator)
            status = RegionStatus(
                code=total.code,
                name=total.name,
                level=level,
                dpt=total.dpt,
                voters=total.voters,
                participation=rate,
                invalid_pct=invalid_rate(total),
                previous_participation=previous_rates.get(total.code),
            )
            if rate is not None:
                if target is not None and rate < target:
                    status.reasons.append(FlagReason(FlagKind.BELOW_TARGET, rate, target))
                area_code = _area_code(total.code)
                if area_code in area_rates:
                    area_rate, area_name = area_rates[area_code]
                    if area_rate is not None and area_rate - rate > limits.below_kabupaten_points:
                        status.reasons.append(
                            FlagReason(FlagKind.BELOW_KABUPATEN, rate, area_rate, area_name)
                        )
                before = status.previous_participation
                if previous and before is not None and before - rate > limits.drop_points:
                    status.reasons.append(FlagReason(FlagKind.DROP, rate, before, previous.name))
            if status.invalid_pct is not None and status.invalid_pct > limits.invalid_pct:
                status.reasons.append(
                    FlagReason(FlagKind.INVALID, status.invalid_pct, limits.invalid_pct)
                )
            statuses[total.code] = status
    lokus_query = select(Lokus, Region).join(Region, col(Region.code) == Lokus.region_code)
    if codes is not None:
        lokus_query = lokus_query.where(col(Lokus.region_code).in_(sorted(codes)))
    if scope_code:
        lokus_query = lokus_query.where(
            (col(Lokus.region_code) == scope_code)
            | (col(Lokus.region_code) > scope_code + ".")
            & (col(Lokus.region_code) < scope_code + "/")
        )
    for lokus, region in session.exec(lokus_query.order_by(col(Lokus.region_code), col(Lokus.id))):
        if region.code not in statuses:
            statuses[region.code] = RegionStatus(region.code, region.name, region.level)
        detail = f"{lokus.criterion}:{lokus.note}" if lokus.note else lokus.criterion
        statuses[region.code].reasons.append(FlagReason(FlagKind.LOKUS, detail=detail))
    ordered = sorted(statuses.values(), key=lambda s: s.code)
    return FlagReport(election, previous, level, scope, scope_rate, limits, ordered)
