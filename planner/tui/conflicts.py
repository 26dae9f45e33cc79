"""What the forms share when a save collides with a colleague's: asking, and reading the answer.

A form shows its fields as text on both sides (the user's typing, the
colleague's stored record rendered the way the form loads one), asks with
ConflictDialog, and gets back a Resolution saying what to do and, field by
field, whose value to keep.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from textual.screen import Screen

from planner.tui.screens.conflict import MINE, THEIRS, ConflictDialog

Outcome = Literal["discard", "new", "theirs", "save"]


@dataclass(frozen=True)
class Resolution:
    """What the user chose in the conflict dialog.

    discard: close the form, nothing saved. new: the record was deleted
    meanwhile; add the user's values as a new one. theirs: show the
    colleague's record in the form. save: save over the colleague's version,
    each field taken from the side named in `sides` (MINE or THEIRS).
    """

    outcome: Outcome
    sides: dict[str, str] = field(default_factory=dict)

    def side(self, name: str) -> str:
        return self.sides.get(name, MINE)


def resolution(
    answer: Mapping[str, str] | None,
    mine: Mapping[str, str],
    theirs: Mapping[str, str] | None,
) -> Resolution:
    """The dialog's answer (the values to save, or None) read back as a choice per field."""
    if answer is None:
        return Resolution("discard")
    if theirs is None:
        return Resolution("new")
    sides = {
        name: THEIRS if value == theirs.get(name, "") and value != mine.get(name, "") else MINE
        for name, value in answer.items()
    }
    if any(mine.get(n, "") != theirs.get(n, "") for n in answer) and all(
        side == THEIRS for name, side in sides.items() if mine.get(name, "") != theirs.get(name, "")
    ):
        # Every difference settled the colleague's way: their record is already stored.
        return Resolution("theirs", sides)
    return Resolution("save", sides)


def shown_fields(
    mine: Mapping[str, str], theirs: Mapping[str, str] | None, always: Collection[str]
) -> list[str]:
    """The fields worth showing: those that differ, plus the ones that say which record it is.

    Equal fields need no decision, and leaving them out lets the dialog fit
    in 80x24. A record deleted meanwhile shows everything the user filled in.
    """
    if theirs is None:
        return [n for n in mine if n in always or mine[n].strip()]
    return [n for n in mine if n in always or mine.get(n, "") != theirs.get(n, "")]


def ask(
    screen: Screen[Any],
    title: str,
    mine: Mapping[str, str],
    theirs: Mapping[str, str] | None,
    labels: Mapping[str, str],
    *,
    touched: Collection[str],
    always: Collection[str],
    then: Callable[[Resolution], Any],
) -> ConflictDialog:
    """Pushes the conflict dialog; `then` gets the user's Resolution.

    touched: the fields the user changed since opening the record. A field
    only the colleague changed starts on their side, so "Save merged" keeps
    both people's work unless the user says otherwise.
    """
    names = shown_fields(mine, theirs, always)
    mine_shown = {n: mine[n] for n in names}
    theirs_shown = {n: theirs.get(n, "") for n in names} if theirs is not None else None
    dialog = ConflictDialog(title, mine_shown, theirs_shown, dict(labels))
    for name in dialog.differing:
        if name not in touched:
            dialog.choice[name] = THEIRS

    def answered(answer: dict[str, str] | None) -> Any:
        # Returned, not dropped: Textual awaits a callback's coroutine.
        return then(resolution(answer, mine_shown, theirs_shown))

    screen.app.push_screen(dialog, answered)
    return dialog
