"""Tandai terlaksana: how many really came and what came of it, saved in one step."""

from __future__ import annotations

import re
from contextlib import suppress
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from planner import errors
from planner.formatting import number
from planner.i18n import N_, _
from planner.models import Activity
from planner.services.activities import complete_activity
from planner.services.records import Conflict
from planner.tui.base import PlannerModal

_THOUSANDS = re.compile(r"[.\s,]")


def parse_count(text: str) -> int | None:
    """ "1.250" or "1250" -> 1250; empty -> None. ValueError for anything else."""
    cleaned = _THOUSANDS.sub("", text.strip())
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise ValueError(text)
    return int(cleaned)


class MarkDoneModal(PlannerModal[bool]):
    """Marks one activity done; stays open with the typed text if the save fails."""

    DEFAULT_CSS = """
    MarkDoneModal { align: center middle; }
    MarkDoneModal > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    MarkDoneModal Input { width: 24; }
    MarkDoneModal TextArea { height: 5; }
    MarkDoneModal Horizontal { height: auto; margin-top: 1; }
    MarkDoneModal Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(
        self,
        activity_id: int,
        *,
        title: str,
        version: int,
        target: int | None,
        actual: int | None,
        outcome: str,
    ) -> None:
        super().__init__()
        self.activity_id = activity_id
        self.activity_title = title
        self.version = version
        self.target = target
        self.actual = actual
        self.outcome = outcome

    @classmethod
    def for_activity(cls, activity: Activity) -> MarkDoneModal:
        assert activity.id is not None
        return cls(
            activity.id,
            title=activity.title,
            version=activity.version,
            target=activity.target_participants,
            actual=activity.actual_participants,
            outcome=activity.outcome,
        )

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Mark as done"), classes="title")
            yield Static(self.activity_title, markup=False, classes="muted")
            yield Label(_("Actual participants"))
            yield Input(
                value="" if self.actual is None else str(self.actual),
                placeholder=_("e.g. 120"),
                restrict=r"[0-9., ]*",
                id="actual",
            )
            yield Static(self._target_hint(), id="actual-error", classes="hint")
            yield Label(_("Outcome notes"))
            yield TextArea(self.outcome, id="outcome", soft_wrap=True)
            yield Static("", id="outcome-error", classes="field-error")
            with Horizontal():
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#actual", Input).focus()

    def _target_hint(self) -> str:
        if self.target is None:
            return ""
        return _("target {n} participants").format(n=number(self.target))

    def _show_actual_error(self, message: str) -> None:
        field = self.query_one("#actual-error", Static)
        field.set_class(bool(message), "field-error")
        field.set_class(not message, "hint")
        field.update(message or self._target_hint())
        self.query_one("#actual", Input).set_class(bool(message), "-invalid")

    def _read_actual(self) -> int | None:
        """The typed count, or raises ValueError after showing why at the field."""
        text = self.query_one("#actual", Input).value
        try:
            value = parse_count(text)
        except ValueError:
            self._show_actual_error(_("write a whole number, e.g. 120"))
            raise
        self._show_actual_error("")
        return value

    @on(Input.Changed, "#actual")
    def _check_actual(self) -> None:
        with suppress(ValueError):
            self._read_actual()

    @on(Input.Submitted, "#actual")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            actual = self._read_actual()
        except ValueError:
            self.query_one("#actual", Input).focus()
            return
        outcome = self.query_one("#outcome", TextArea).text.strip()
        activity_id, version = self.activity_id, self.version
        self.query_one("#save", Button).disabled = True
        self.db_write(
            lambda s: complete_activity(
                s, activity_id, actual=actual, outcome=outcome, expected_version=version
            ),
            lambda _activity: self.dismiss(True),
            on_error=self._failed,
        )

    def _failed(self, exc: errors.PlannerError) -> None:
        self.query_one("#save", Button).disabled = False
        if isinstance(exc, errors.InvalidInput) and exc.field == "actual":
            self._show_actual_error(exc.message)
        elif isinstance(exc, errors.InvalidInput) and exc.field == "outcome":
            self.query_one("#outcome-error", Static).update(exc.message)
        elif isinstance(exc, Conflict):
            self.notify(str(exc), severity="warning", timeout=10)
        else:
            self.notify(str(exc), severity="error")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
