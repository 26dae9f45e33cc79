"""Participation and invalid-ballot rates, as KPU computes them."""

from __future__ import annotations

from typing import Protocol

from planner.models.enums import Denominator


class TurnoutFigures(Protocol):
    """The counts a rate needs: a stored total, or a plain row read for speed."""

    @property
    def dpt(self) -> int: ...
    @property
    def dptb(self) -> int | None: ...
    @property
    def dpk(self) -> int | None: ...
    @property
    def voters(self) -> int: ...
    @property
    def valid(self) -> int | None: ...
    @property
    def invalid(self) -> int | None: ...


def registered(figures: TurnoutFigures, denominator: str) -> int:
    """The voters that count as registered under the election's chosen denominator."""
    if denominator == Denominator.DPT:
        return figures.dpt
    return figures.dpt + (figures.dptb or 0) + (figures.dpk or 0)


def participation(figures: TurnoutFigures, denominator: str) -> float | None:
    """Voters (pengguna hak pilih) per registered voter, in percent."""
    base = registered(figures, denominator)
    if base <= 0:
        return None
    return figures.voters / base * 100


def invalid_rate(figures: TurnoutFigures) -> float | None:
    """Invalid ballots per ballot cast, in percent; None when not known."""
    if figures.invalid is None:
        return None
    cast = (figures.valid or 0) + figures.invalid if figures.valid is not None else figures.voters
    if cast <= 0:
        return None
    return figures.invalid / cast * 100


def shortfall_voters(figures: TurnoutFigures, denominator: str, target_pct: float) -> int:
    """How many more voters would have reached the target."""
    needed = registered(figures, denominator) * target_pct / 100
    return max(0, round(needed - figures.voters))
