"""The division's own lists: target segments, methods, strategies and the challenges they answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from planner import errors
from planner.i18n import _, ngettext
from planner.models import (
    Activity,
    ActivitySegment,
    Challenge,
    Method,
    Segment,
    Strategy,
    StrategyChallenge,
)
from planner.models.enums import MethodMode
from planner.services import records

V = TypeVar("V", Segment, Method, Strategy, Challenge)

SEGMENT_FIELDS: tuple[str, ...] = ("name", "description", "sort_order", "active")
METHOD_FIELDS: tuple[str, ...] = ("name", "mode", "description", "active")
STRATEGY_FIELDS: tuple[str, ...] = ("name", "description", "active")
CHALLENGE_FIELDS: tuple[str, ...] = ("name", "description")

_FIELDS: dict[type[Any], tuple[str, ...]] = {
    Segment: SEGMENT_FIELDS,
    Method: METHOD_FIELDS,
    Strategy: STRATEGY_FIELDS,
    Challenge: CHALLENGE_FIELDS,
}


class InUse(errors.PlannerError):
    """A record activities still use; deleting it needs force=True."""

    def __init__(self, label: str, count: int) -> None:
        super().__init__(
            ngettext(
                "{label} is used by {n} activity; make it inactive instead, "
                "or force the deletion to take it off that activity.",
                "{label} is used by {n} activities; make it inactive instead, "
                "or force the deletion to take it off those activities.",
                count,
            ).format(label=label, n=count)
        )
        self.count = count


def label(row: Segment | Method | Strategy | Challenge) -> str:
    if isinstance(row, Segment):
        return _("Segment {name}").format(name=row.name)
    if isinstance(row, Method):
        return _("Method {name}").format(name=row.name)
    if isinstance(row, Strategy):
        return _("Strategy {name}").format(name=row.name)
    return _("Challenge {name}").format(name=row.name)


def _id_label(model: type[V], record_id: int) -> str:
    if model is Segment:
        return _("Segment {id}").format(id=record_id)
    if model is Method:
        return _("Method {id}").format(id=record_id)
    if model is Strategy:
        return _("Strategy {id}").format(id=record_id)
    return _("Challenge {id}").format(id=record_id)


def _label_for(session: Session, model: type[V], record_id: int) -> str:
    row = session.get(model, record_id)
    return label(row) if row is not None else _id_label(model, record_id)


# --- shared machinery -------------------------------------------------------


def _validate(
    session: Session, model: type[V], values: Mapping[str, Any], current_id: int | None
) -> dict[str, Any]:
    allowed = _FIELDS[model]
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name not in allowed:
            raise errors.InvalidInput(name, _("unknown field"))
        clean[name] = value
    if "name" in clean:
        name = (clean["name"] or "").strip()
        if not name:
            raise errors.InvalidInput("name", _("the name is empty"))
        # Case-insensitive, as find_* matches names that way.
        query = select(model).where(func.lower(model.name) == name.lower())
        if current_id is not None:
            query = query.where(model.id != current_id)
        existing = session.exec(query).first()
        if existing is not None:
            raise errors.InvalidInput(
                "name", _("{label} already exists").format(label=label(existing))
            )
        clean["name"] = name
    if "description" in clean:
        clean["description"] = (clean["description"] or "").strip()
    if "active" in clean:
        clean["active"] = bool(clean["active"])
    if "sort_order" in clean:
        try:
            clean["sort_order"] = int(clean["sort_order"])
        except (TypeError, ValueError):
            raise errors.InvalidInput(
                "sort_order", _("{value} is not a whole number").format(value=clean["sort_order"])
            ) from None
    if "mode" in clean:
        mode = str(clean["mode"] or "").strip().lower()
        if mode not in {m.value for m in MethodMode}:
            raise errors.InvalidInput(
                "mode",
                _("{value} is not a method mode (choose one of {choices})").format(
                    value=clean["mode"], choices=", ".join(m.value for m in MethodMode)
                ),
            )
        clean["mode"] = mode
    return clean


def _check_version(
    session: Session, model: type[V], record_id: int, expected_version: int | None
) -> V:
    return records.check_version(
        session,
        model,
        record_id,
        expected_version,
        missing_label=_id_label(model, record_id),
        label=label,
    )


def _add(session: Session, model: type[V], values: Mapping[str, Any]) -> V:
    row = model(**_validate(session, model, values, None))
    session.add(row)
    session.flush()
    return row


def _update(
    session: Session,
    model: type[V],
    record_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> V:
    # A stale form is reported before its values are judged: it must be reloaded anyway.
    _check_version(session, model, record_id, expected_version)
    values = _validate(session, model, changes, record_id)
    return records.apply_changes(
        session,
        model,
        record_id,
        values,
        expected_version=expected_version,
        label=_label_for(session, model, record_id),
    )


def _find(session: Session, model: type[V], name_or_id: str) -> V:
    text = name_or_id.strip()
    row = session.exec(select(model).where(model.name == text)).first()
    if row is None:
        row = session.exec(select(model).where(func.lower(model.name) == text.lower())).first()
    if row is None and text.isdigit():
        row = session.get(model, int(text))
    if row is None:
        raise errors.NotFound(_not_found_message(model, text))
    return row


def _not_found_message(model: type[V], text: str) -> str:
    if model is Segment:
        return _("No segment named or numbered {text}.").format(text=text)
    if model is Method:
        return _("No method named or numbered {text}.").format(text=text)
    if model is Strategy:
        return _("No strategy named or numbered {text}.").format(text=text)
    return _("No challenge named or numbered {text}.").format(text=text)


def activities_using(
    session: Session,
    model: type[Segment] | type[Method] | type[Strategy] | type[Challenge],
    record_id: int,
) -> int:
    """How many activities use a segment, method or strategy (0 for a challenge)."""
    if model is Segment:
        query = (
            select(func.count())
            .select_from(ActivitySegment)
            .where(ActivitySegment.segment_id == record_id)
        )
    elif model is Method:
        query = select(func.count()).select_from(Activity).where(Activity.method_id == record_id)
    elif model is Strategy:
        query = select(func.count()).select_from(Activity).where(Activity.strategy_id == record_id)
    else:
        return 0
    return int(session.exec(query).one())


def _delete(
    session: Session,
    model: type[V],
    record_id: int,
    expected_version: int | None,
    force: bool,
) -> None:
    row = _check_version(session, model, record_id, expected_version)
    used = activities_using(session, model, record_id)
    if used:
        if not force:
            raise InUse(label(row), used)
        _detach(session, model, record_id)
    records.delete_record(
        session, model, record_id, expected_version=expected_version, label=label(row)
    )


def _detach(session: Session, model: type[V], record_id: int) -> None:
    # Through the ORM rather than leaving it to ON DELETE, so each activity's
    # version moves and a colleague editing one sees that it changed.
    if model is Segment:
        ids = session.exec(
            select(ActivitySegment.activity_id).where(ActivitySegment.segment_id == record_id)
        ).all()
        session.exec(delete(ActivitySegment).where(col(ActivitySegment.segment_id) == record_id))
        for activity in session.exec(select(Activity).where(col(Activity.id).in_(ids))).all():
            records.touch(activity)
    elif model is Method:
        for activity in session.exec(select(Activity).where(Activity.method_id == record_id)):
            activity.method_id = None
            records.touch(activity)
    elif model is Strategy:
        for activity in session.exec(select(Activity).where(Activity.strategy_id == record_id)):
            activity.strategy_id = None
            records.touch(activity)
    session.flush()


# --- segments ----------------------------------------------------------------


def validate_segment(
    session: Session, values: Mapping[str, Any], *, current_id: int | None = None
) -> dict[str, Any]:
    return _validate(session, Segment, values, current_id)


def add_segment(
    session: Session,
    *,
    name: str,
    description: str = "",
    sort_order: int = 0,
    active: bool = True,
) -> Segment:
    return _add(
        session,
        Segment,
        {"name": name, "description": description, "sort_order": sort_order, "active": active},
    )


def update_segment(
    session: Session,
    segment_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> Segment:
    return _update(session, Segment, segment_id, changes, expected_version)


def delete_segment(
    session: Session,
    segment_id: int,
    *,
    expected_version: int | None = None,
    force: bool = False,
) -> None:
    """Refused with InUse while activities target the segment, unless force removes it from them."""
    _delete(session, Segment, segment_id, expected_version, force)


def list_segments(session: Session, *, active_only: bool = False) -> list[Segment]:
    query = select(Segment)
    if active_only:
        query = query.where(col(Segment.active).is_(True))
    query = query.order_by(col(Segment.sort_order), func.lower(Segment.name))
    return list(session.exec(query).all())


def find_segment(session: Session, name_or_id: str) -> Segment:
    return _find(session, Segment, name_or_id)


# --- methods -----------------------------------------------------------------


def validate_method(
    session: Session, values: Mapping[str, Any], *, current_id: int | None = None
) -> dict[str, Any]:
    return _validate(session, Method, values, current_id)


def add_method(
    session: Session,
    *,
    name: str,
    mode: str = "langsung",
    description: str = "",
    active: bool = True,
) -> Method:
    return _add(
        session,
        Method,
        {"name": name, "mode": mode, "description": description, "active": active},
    )


def update_method(
    session: Session,
    method_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> Method:
    return _update(session, Method, method_id, changes, expected_version)


def delete_method(
    session: Session,
    method_id: int,
    *,
    expected_version: int | None = None,
    force: bool = False,
) -> None:
    """Refused with InUse while activities use the method, unless force clears it on them."""
    _delete(session, Method, method_id, expected_version, force)


def list_methods(
    session: Session, *, mode: str | None = None, active_only: bool = False
) -> list[Method]:
    query = select(Method)
    if mode is not None:
        query = query.where(Method.mode == mode)
    if active_only:
        query = query.where(col(Method.active).is_(True))
    query = query.order_by(col(Method.mode), func.lower(Method.name))
    return list(session.exec(query).all())


def find_method(session: Session, name_or_id: str) -> Method:
    return _find(session, Method, name_or_id)


# --- strategies --------------------------------------------------------------


def validate_strategy(
    session: Session, values: Mapping[str, Any], *, current_id: int | None = None
) -> dict[str, Any]:
    return _validate(session, Strategy, values, current_id)


def add_strategy(
    session: Session,
    *,
    name: str,
    description: str = "",
    active: bool = True,
    challenges: Iterable[str] = (),
) -> Strategy:
    strategy = _add(session, Strategy, {"name": name, "description": description, "active": active})
    names = list(challenges)
    if names:
        assert strategy.id is not None
        _replace_challenges(session, strategy.id, names)
    return strategy


def update_strategy(
    session: Session,
    strategy_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> Strategy:
    return _update(session, Strategy, strategy_id, changes, expected_version)


def delete_strategy(
    session: Session,
    strategy_id: int,
    *,
    expected_version: int | None = None,
    force: bool = False,
) -> None:
    """Refused with InUse while activities follow the strategy, unless force clears it on them.

    Its challenges stay: other strategies may answer them too.
    """
    _delete(session, Strategy, strategy_id, expected_version, force)


def list_strategies(session: Session, *, active_only: bool = False) -> list[Strategy]:
    query = select(Strategy)
    if active_only:
        query = query.where(col(Strategy.active).is_(True))
    query = query.order_by(func.lower(Strategy.name))
    return list(session.exec(query).all())


def find_strategy(session: Session, name_or_id: str) -> Strategy:
    return _find(session, Strategy, name_or_id)


def _replace_challenges(
    session: Session, strategy_id: int, names: Iterable[str]
) -> list[Challenge]:
    chosen: list[Challenge] = []
    for raw in names:
        name = (raw or "").strip()
        if not name:
            raise errors.InvalidInput("challenges", _("a challenge name is empty"))
        challenge = session.exec(
            select(Challenge).where(func.lower(Challenge.name) == name.lower())
        ).first()
        if challenge is None:
            challenge = Challenge(name=name)
            session.add(challenge)
            session.flush()
        if all(c.id != challenge.id for c in chosen):
            chosen.append(challenge)
    session.exec(delete(StrategyChallenge).where(col(StrategyChallenge.strategy_id) == strategy_id))
    for challenge in chosen:
        assert challenge.id is not None
        session.add(StrategyChallenge(strategy_id=strategy_id, challenge_id=challenge.id))
    session.flush()
    return chosen


def set_challenges(
    session: Session,
    strategy_id: int,
    names: Iterable[str],
    *,
    expected_version: int | None = None,
) -> list[Challenge]:
    """Replaces the strategy's challenges by name, creating challenges not known yet."""
    strategy = _check_version(session, Strategy, strategy_id, expected_version)
    chosen = _replace_challenges(session, strategy_id, names)
    # Only link rows changed; the strategy's version must still move.
    records.touch(strategy)
    session.flush()
    return chosen


def challenges_of(session: Session, strategy_id: int) -> list[Challenge]:
    query = (
        select(Challenge)
        .join(StrategyChallenge, col(StrategyChallenge.challenge_id) == col(Challenge.id))
        .where(StrategyChallenge.strategy_id == strategy_id)
        .order_by(func.lower(Challenge.name))
    )
    return list(session.exec(query).all())


# --- challenges --------------------------------------------------------------


def validate_challenge(
    session: Session, values: Mapping[str, Any], *, current_id: int | None = None
) -> dict[str, Any]:
    return _validate(session, Challenge, values, current_id)


def add_challenge(session: Session, *, name: str, description: str = "") -> Challenge:
    return _add(session, Challenge, {"name": name, "description": description})


def update_challenge(
    session: Session,
    challenge_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> Challenge:
    return _update(session, Challenge, challenge_id, changes, expected_version)


def delete_challenge(
    session: Session, challenge_id: int, *, expected_version: int | None = None
) -> None:
    """Deletes the challenge; strategies simply stop listing it."""
    _delete(session, Challenge, challenge_id, expected_version, force=False)


def list_challenges(session: Session) -> list[Challenge]:
    return list(session.exec(select(Challenge).order_by(func.lower(Challenge.name))).all())


def find_challenge(session: Session, name_or_id: str) -> Challenge:
    return _find(session, Challenge, name_or_id)
