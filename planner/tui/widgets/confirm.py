"""One yes/no question over the screen: y answers yes, n or Escape no.

"No" has the focus, so Enter alone never deletes or discards anything.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from planner.i18n import N_, _
from planner.tui.base import PlannerModal


class Confirm(PlannerModal[bool]):
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $warning;
        background: $surface; padding: 1 2;
    }
    Confirm.-danger > Vertical { border: thick $error; }
    Confirm Horizontal { height: auto; margin-top: 1; }
    Confirm Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No"), key_display="n"),
    ]

    def __init__(
        self,
        question: str,
        detail: str = "",
        *,
        yes: str | None = None,
        no: str | None = None,
        danger: bool = False,
    ) -> None:
        super().__init__(classes="-danger" if danger else None)
        self.question = question
        self.detail = detail
        self.yes_label = yes or _("Yes")
        self.no_label = no or _("No")
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, classes="title", markup=False)
            if self.detail:
                yield Static(self.detail, markup=False, classes="muted")
            with Horizontal():
                yield Button(
                    self.yes_label, id="yes", variant="error" if self.danger else "warning"
                )
                yield Button(self.no_label, id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
