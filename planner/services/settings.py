"""Stored settings with defaults: thresholds for flags, weights, the home region."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from sqlmodel import Session, select

from planner import errors
from planner.i18n import _
from planner.models import Setting


@dataclass(frozen=True)
class Thresholds:
    # Points below the kabupaten's own participation rate that flag a region.
    below_kabupaten_points: float = 5.0
    # Points lost since the previous election of the same kind.
    drop_points: float = 5.0
    # Share of invalid ballots (% of ballots cast) that flags a region.
    invalid_pct: float = 5.0
    # Weights of the priority ranking; they need not add up to one.
    weight_shortfall: float = 0.5
    weight_voters: float = 0.2
    weight_uncovered: float = 0.3


THRESHOLD_KEYS = {f"threshold.{f.name}": f.name for f in fields(Thresholds)}
SCOPE_KEY = "scope.region"
SYNTHETIC_KEY = "sample.synthetic"


def get_value(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value)


def set_value(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    text = json.dumps(value)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    session.flush()


def thresholds(session: Session) -> Thresholds:
    rows = session.exec(select(Setting).where(Setting.key.startswith("threshold."))).all()
    values = {
        THRESHOLD_KEYS[r.key]: float(json.loads(r.value)) for r in rows if r.key in THRESHOLD_KEYS
    }
    return Thresholds(**values)


def set_threshold(session: Session, name: str, value: str | float) -> None:
    key = name if name.startswith("threshold.") else f"threshold.{name}"
    if key not in THRESHOLD_KEYS:
        raise errors.InvalidInput(
            name,
            _("unknown setting; known: {names}").format(names=", ".join(THRESHOLD_KEYS.values())),
        )
    try:
        number = float(str(value).replace(",", "."))
    except ValueError as exc:
        raise errors.InvalidInput(name, _("not a number: {value}").format(value=value)) from exc
    if number < 0:
        raise errors.InvalidInput(name, _("must not be negative"))
    set_value(session, key, number)


def scope_region(session: Session) -> str | None:
    """The kabupaten (or province) this database plans for."""
    value = get_value(session, SCOPE_KEY)
    return str(value) if value else None


def is_synthetic(session: Session) -> bool:
    return bool(get_value(session, SYNTHETIC_KEY, False))
