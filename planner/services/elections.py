"""Elections: the dates activities count towards and the turnout is recorded for."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from planner import errors
from planner.i18n import _
from planner.models import Activity, Election, TurnoutTotal
from planner.models.enums import Denominator, ElectionKind
from planner.services import records, regions

FIELDS: tuple[str, ...] = (
    "name",
    "kind",
    "voting_day",
    "voting_day_estimated",
    "target_pct",
    "denominator",
    "region_code",
    "notes",
)


def label(election: Election) -> str:
    return _("Election {name}").format(name=election.name)


def _label_for(session: Session, election_id: int) -> str:
    row = session.get(Election, election_id)
    return label(row) if row is not None else _("Election {id}").format(id=election_id)


def validate_election(
    session: Session, values: Mapping[str, Any], *, current_id: int | None = None
) -> dict[str, Any]:
    """The cleaned values, or InvalidInput naming the first wrong field.

    Works on a partial mapping, so an edit checks only what it changes;
    current_id is the election being edited, which may keep its own name.
    """
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name not in FIELDS:
            raise errors.InvalidInput(name, _("unknown field"))
        clean[name] = value

    if "name" in clean:
        name = (clean["name"] or "").strip()
        if not name:
            raise errors.InvalidInput("name", _("the name is empty"))
        # Case-insensitive, because find_election matches names that way and
        # two names differing only in case could not be told apart.
        query = select(Election).where(func.lower(Election.name) == name.lower())
        if current_id is not None:
            query = query.where(Election.id != current_id)
        if session.exec(query).first() is not None:
            raise errors.InvalidInput(
                "name", _("an election named {name} already exists").format(name=name)
            )
        clean["name"] = name

    if "kind" in clean:
        kind = str(clean["kind"] or "").strip().lower()
        if kind not in {k.value for k in ElectionKind}:
            raise errors.InvalidInput(
                "kind",
                _("{value} is not an election kind (choose one of {choices})").format(
                    value=clean["kind"], choices=", ".join(k.value for k in ElectionKind)
                ),
            )
        clean["kind"] = kind

    if "denominator" in clean:
        denominator = str(clean["denominator"] or "").strip().lower()
        if denominator not in {d.value for d in Denominator}:
            raise errors.InvalidInput(
                "denominator",
                _("{value} is not a denominator (choose one of {choices})").format(
                    value=clean["denominator"], choices=", ".join(d.value for d in Denominator)
                ),
            )
        clean["denominator"] = denominator

    if "target_pct" in clean and clean["target_pct"] is not None:
        try:
            target = float(clean["target_pct"])
        except (TypeError, ValueError):
            raise errors.InvalidInput(
                "target_pct", _("{value} is not a number").format(value=clean["target_pct"])
            ) from None
        if math.isnan(target) or not 0 <= target <= 100:
            raise errors.InvalidInput(
                "target_pct",
                _("the target must be between 0 and 100 percent, not {value}").format(
                    value=clean["target_pct"]
                ),
            )
        clean["target_pct"] = target

    if clean.get("voting_day") is not None and not isinstance(clean["voting_day"], date):
        raise errors.InvalidInput("voting_day", _("not a date"))

    if "voting_day_estimated" in clean:
        clean["voting_day_estimated"] = bool(clean["voting_day_estimated"])

    if "region_code" in clean:
        code = clean["region_code"]
        if code is None or not str(code).strip():
            clean["region_code"] = None
        else:
            try:
                clean["region_code"] = regions.get_region(session, str(code)).code
            except errors.NotFound as exc:
                raise errors.InvalidInput("region_code", str(exc)) from None
            except errors.InvalidInput as exc:
                raise errors.InvalidInput("region_code", exc.message) from None

    if "notes" in clean:
        clean["notes"] = clean["notes"] or ""
    return clean


def add_election(
    session: Session,
    *,
    name: str,
    kind: str,
    voting_day: date | None,
    voting_day_estimated: bool = False,
    target_pct: float | None = None,
    denominator: str = "dpt",
    region_code: str | None = None,
    notes: str = "",
) -> Election:
    values = validate_election(
        session,
        {
            "name": name,
            "kind": kind,
            "voting_day": voting_day,
            "voting_day_estimated": voting_day_estimated,
            "target_pct": target_pct,
            "denominator": denominator,
            "region_code": region_code,
            "notes": notes,
        },
    )
    election = Election(**values)
    session.add(election)
    session.flush()
    return election


def update_election(
    session: Session,
    election_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> Election:
    # A stale edit is reported as a conflict before its values are judged:
    # the user has to reload either way.
    _check_version(session, election_id, expected_version)
    values = validate_election(session, changes, current_id=election_id)
    return records.apply_changes(
        session,
        Election,
        election_id,
        values,
        expected_version=expected_version,
        label=_label_for(session, election_id),
    )


def _check_version(session: Session, election_id: int, expected_version: int | None) -> None:
    records.check_version(
        session,
        Election,
        election_id,
        expected_version,
        missing_label=_("Election {id}").format(id=election_id),
        label=label,
    )


def delete_election(
    session: Session, election_id: int, *, expected_version: int | None = None
) -> None:
    """Deletes the election with its turnout; its activities stay, without an election."""
    _check_version(session, election_id, expected_version)
    # Through the ORM rather than ON DELETE SET NULL, so each activity's
    # version moves: a colleague's open form would otherwise save the deleted
    # election back onto it.
    for activity in session.exec(select(Activity).where(Activity.election_id == election_id)):
        activity.election_id = None
        records.touch(activity)
    session.flush()
    records.delete_record(
        session,
        Election,
        election_id,
        expected_version=expected_version,
        label=_label_for(session, election_id),
    )


def find_election(session: Session, name_or_id: str) -> Election:
    """By exact name, then the name in any case, then the numeric id."""
    text = name_or_id.strip()
    row = session.exec(select(Election).where(Election.name == text)).first()
    if row is not None:
        return row
    row = session.exec(select(Election).where(func.lower(Election.name) == text.lower())).first()
    if row is not None:
        return row
    if text.isdigit():
        by_id = session.get(Election, int(text))
        if by_id is not None:
            return by_id
    raise errors.NotFound(_("No election named or numbered {text}.").format(text=text))


def list_elections(session: Session) -> list[Election]:
    """Oldest voting day first; elections without a day yet come last."""
    query = select(Election).order_by(
        col(Election.voting_day).is_(None), col(Election.voting_day), col(Election.name)
    )
    return list(session.exec(query).all())


def next_election(session: Session, today: date) -> Election | None:
    """The soonest election on or after today."""
    query = (
        select(Election)
        .where(col(Election.voting_day) >= today)
        .order_by(col(Election.voting_day), col(Election.id))
    )
    return session.exec(query).first()


def latest_with_turnout(session: Session) -> Election | None:
    """The most recent election that has turnout figures."""
    has_turnout = (
        select(TurnoutTotal.election_id).where(TurnoutTotal.election_id == Election.id).exists()
    )
    query = (
        select(Election)
        .where(has_turnout)
        .order_by(
            col(Election.voting_day).is_(None),
            col(Election.voting_day).desc(),
            col(Election.id).desc(),
        )
    )
    return session.exec(query).first()


def previous_of_same_kind(session: Session, election: Election) -> Election | None:
    """The latest earlier election of the same kind, to compare turnout with.

    Regions must not contradict: a pilkada in Blora is not compared with one
    elsewhere, but an election without a region matches any.
    """
    if election.voting_day is None:
        return None
    query = select(Election).where(
        Election.kind == election.kind,
        col(Election.voting_day) < election.voting_day,
        Election.id != election.id,
    )
    if election.region_code is not None:
        query = query.where(
            or_(
                col(Election.region_code).is_(None),
                col(Election.region_code) == election.region_code,
            )
        )
    query = query.order_by(col(Election.voting_day).desc(), col(Election.id).desc())
    return session.exec(query).first()


def turnout_region_count(session: Session, election_id: int) -> int:
    """How many regions have a turnout figure for the election."""
    query = (
        select(func.count())
        .select_from(TurnoutTotal)
        .where(TurnoutTotal.election_id == election_id)
    )
    return int(session.exec(query).one())
