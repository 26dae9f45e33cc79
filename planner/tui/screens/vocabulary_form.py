"""The small modals of the Lists screen: add or edit a segment, method or strategy; choose."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static

from planner import errors
from planner.i18n import N_, _
from planner.models.enums import MethodMode
from planner.rules.labels import method_mode_label
from planner.services import vocabulary
from planner.services.records import Conflict
from planner.tui.base import PlannerModal
from planner.tui.conflicts import Resolution, ask
from planner.tui.screens.conflict import THEIRS

Kind = Literal["segment", "method", "strategy"]

# Labels beside compact fields: a whole form fits in 80x24. Scoped to each form.
FORM_CSS = """
    .field-row { height: auto; margin-bottom: 1; }
    .field-label { width: 18; padding-right: 1; }
    .field-body { width: 1fr; height: auto; }
    .field-body .field-error { display: none; padding: 0; }
    .field-body .hint { padding: 0; }
"""


def field_row(label: str, field_widget: Widget, *, hint: str = "") -> Horizontal:
    """The label, the field and the error line under it (shown only when there is one)."""
    body = [field_widget, Static("", id=f"{field_widget.id}-error", classes="field-error")]
    if hint:
        body.append(Static(hint, classes="hint"))
    return Horizontal(
        Label(label, classes="field-label"),
        Vertical(*body, classes="field-body"),
        classes="field-row",
    )


def show_field_error(screen: Widget, field_id: str, message: str) -> None:
    """Shows (or clears, for "") the message under the field and marks the field."""
    for error in screen.query(f"#{field_id}-error").results(Static):
        error.update(message)
        error.display = bool(message)
    for widget in screen.query(f"#{field_id}"):
        widget.set_class(bool(message), "-invalid")


@dataclass(frozen=True)
class VocabEntry:
    """One row of a list as the screen shows it and the form edits it."""

    kind: Kind
    id: int
    name: str
    description: str
    active: bool
    version: int
    used: int
    sort_order: int = 0
    mode: str = ""
    challenges: tuple[str, ...] = field(default_factory=tuple)


def split_names(text: str) -> list[str]:
    """ "hoaks, golput ,, hoaks" -> ["hoaks", "golput"]: a comma list without blanks or repeats."""
    names: list[str] = []
    for part in text.split(","):
        name = part.strip()
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


def _same_names(a: Sequence[str], b: Sequence[str]) -> bool:
    return sorted(n.lower() for n in a) == sorted(n.lower() for n in b)


_VALIDATE: dict[Kind, Callable[..., dict[str, Any]]] = {
    "segment": vocabulary.validate_segment,
    "method": vocabulary.validate_method,
    "strategy": vocabulary.validate_strategy,
}


def _name_problem(session: Session, kind: Kind, name: str, current_id: int | None) -> str | None:
    try:
        _VALIDATE[kind](session, {"name": name}, current_id=current_id)
    except errors.InvalidInput as exc:
        return exc.message
    return None


def entry_values(kind: Kind, entry: VocabEntry | None) -> dict[str, str]:
    """The fields of a list entry as the form holds them, for this kind of list."""
    values = {
        "name": entry.name if entry else "",
        "mode": (entry.mode if entry else "") or MethodMode.LANGSUNG.value,
        "sort_order": str(entry.sort_order) if entry else "0",
        "description": entry.description if entry else "",
        "challenges": ", ".join(entry.challenges) if entry else "",
    }
    return {name: values[name] for name in _FIELDS[kind]}


_FIELDS: dict[Kind, tuple[str, ...]] = {
    "segment": ("name", "sort_order", "description"),
    "method": ("name", "mode", "description"),
    "strategy": ("name", "description", "challenges"),
}


def _labels() -> dict[str, str]:
    return {
        "name": _("Name"),
        "mode": _("Mode"),
        "sort_order": _("Order in lists"),
        "description": _("Description"),
        "challenges": _("Challenges it answers"),
    }


def _readable(values: dict[str, str]) -> dict[str, str]:
    """The values as a person reads them: the mode's label, challenges in one order."""
    text = {name: value.strip() for name, value in values.items()}
    if "mode" in text:
        text["mode"] = method_mode_label(text["mode"])
    if "challenges" in text:
        text["challenges"] = ", ".join(sorted(split_names(text["challenges"]), key=str.lower))
    return text


def _load_entry(session: Session, kind: Kind, entry_id: int) -> VocabEntry | None:
    """The entry as the Lists screen loads it now; None once deleted."""
    from planner.tui.screens.lists import load_lists

    return next((e for e in load_lists(session)[kind] if e.id == entry_id), None)


def _save(
    session: Session,
    kind: Kind,
    entry: VocabEntry | None,
    values: dict[str, Any],
    challenges: list[str],
) -> int:
    """Adds or changes one entry in the caller's transaction; returns its id."""
    if entry is None:
        if kind == "segment":
            row: Any = vocabulary.add_segment(session, **values)
        elif kind == "method":
            row = vocabulary.add_method(session, **values)
        else:
            row = vocabulary.add_strategy(session, **values, challenges=challenges)
        return int(row.id)
    changes = {name: value for name, value in values.items() if value != getattr(entry, name)}
    version = entry.version
    if changes:
        if kind == "segment":
            row = vocabulary.update_segment(session, entry.id, changes, expected_version=version)
        elif kind == "method":
            row = vocabulary.update_method(session, entry.id, changes, expected_version=version)
        else:
            row = vocabulary.update_strategy(session, entry.id, changes, expected_version=version)
        version = row.version
    if kind == "strategy" and not _same_names(challenges, entry.challenges):
        vocabulary.set_challenges(session, entry.id, challenges, expected_version=version)
    return entry.id


class VocabularyForm(PlannerModal[int | None]):
    """Adds (entry None) or edits one list entry; returns its id, or None when cancelled.

    Stays open with the typed values when the save fails.
    """

    DEFAULT_CSS = (
        """
    VocabularyForm { align: center middle; }
    VocabularyForm > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $panel; padding: 0 1;
    }
    VocabularyForm .title { margin-bottom: 1; }
    VocabularyForm VerticalScroll { height: auto; max-height: 14; }
    VocabularyForm #sort_order { width: 12; }
    VocabularyForm #buttons { height: auto; }
    VocabularyForm Button { margin-right: 1; }
    """
        + FORM_CSS
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, kind: Kind, entry: VocabEntry | None = None) -> None:
        super().__init__()
        self.kind: Kind = kind
        self.entry = entry
        self._name_timer: Timer | None = None
        # What the fields are filled with when (re)built: as loaded, or as typed.
        self._shown = entry_values(kind, entry)

    def _title(self) -> str:
        adding = self.entry is None
        if self.kind == "segment":
            return _("Add a segment") if adding else _("Edit the segment")
        if self.kind == "method":
            return _("Add a method") if adding else _("Edit the method")
        return _("Add a strategy") if adding else _("Edit the strategy")

    def compose(self) -> ComposeResult:
        shown = self._shown
        with Vertical():
            yield Label(self._title(), classes="title")
            with VerticalScroll():
                yield field_row(_("Name"), Input(shown["name"], id="name", compact=True))
                if self.kind == "method":
                    yield field_row(
                        _("Mode"),
                        Select(
                            [(method_mode_label(m.value), m.value) for m in MethodMode],
                            value=shown["mode"],
                            allow_blank=False,
                            id="mode",
                            compact=True,
                        ),
                    )
                if self.kind == "segment":
                    yield field_row(
                        _("Order in lists"),
                        Input(
                            shown["sort_order"],
                            restrict=r"-?[0-9]*",
                            id="sort_order",
                            compact=True,
                        ),
                    )
                yield field_row(
                    _("Description"),
                    Input(shown["description"], id="description", compact=True),
                )
                if self.kind == "strategy":
                    yield field_row(
                        _("Challenges it answers"),
                        Input(
                            shown["challenges"],
                            placeholder=_("e.g. Hoaks dan disinformasi, Partisipasi rendah"),
                            id="challenges",
                            compact=True,
                        ),
                        hint=_("Separate them with commas; a new name adds a challenge."),
                    )
            with Horizontal(id="buttons"):
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    async def recompose(self) -> None:
        # A rebuild (the language changed) keeps what was typed.
        if self.query("#name"):
            self._shown = self._typed()
        await self._rebuild()

    async def _rebuild(self) -> None:
        await super().recompose()
        self.query_one("#name", Input).focus()

    def _typed(self) -> dict[str, str]:
        """Every field as it stands, unchecked."""
        typed: dict[str, str] = {}
        for name in _FIELDS[self.kind]:
            widget = self.query_one(f"#{name}")
            if isinstance(widget, Select):
                typed[name] = str(widget.value)
            elif isinstance(widget, Input):
                typed[name] = widget.value
        return typed

    # -- checks as the user types -------------------------------------------------

    def _show_error(self, name: str, message: str) -> None:
        show_field_error(self, name, message)

    @on(Input.Changed, "#name")
    def _check_name(self, event: Input.Changed) -> None:
        if not event.value.strip():
            self._show_error("name", _("the name is empty"))
            return
        self._show_error("name", "")
        # The uniqueness check reads the database: wait until typing pauses.
        if self._name_timer is not None:
            self._name_timer.stop()
        self._name_timer = self.set_timer(0.3, self._check_name_taken)

    def _check_name_taken(self) -> None:
        name = self.query_one("#name", Input).value
        kind, current = self.kind, self.entry.id if self.entry else None
        self.db_read(
            lambda s: _name_problem(s, kind, name, current),
            lambda problem: self._name_checked(name, problem),
            group="name-check",
        )

    def _name_checked(self, name: str, problem: str | None) -> None:
        if name == self.query_one("#name", Input).value:
            self._show_error("name", problem or "")

    @on(Input.Changed, "#sort_order")
    def _check_sort_order(self, event: Input.Changed) -> None:
        self._read_sort_order(event.value)

    def _read_sort_order(self, text: str) -> int | None:
        try:
            value = int(text.strip() or "0")
        except ValueError:
            self._show_error("sort_order", _("{value} is not a whole number").format(value=text))
            return None
        self._show_error("sort_order", "")
        return value

    # -- saving ------------------------------------------------------------------

    def _values(self) -> dict[str, Any] | None:
        """The typed values, or None after showing at the field what is wrong."""
        name = self.query_one("#name", Input).value
        if not name.strip():
            self._show_error("name", _("the name is empty"))
            self.query_one("#name", Input).focus()
            return None
        values: dict[str, Any] = {
            "name": name.strip(),
            "description": self.query_one("#description", Input).value.strip(),
        }
        if self.kind == "segment":
            sort_order = self._read_sort_order(self.query_one("#sort_order", Input).value)
            if sort_order is None:
                self.query_one("#sort_order", Input).focus()
                return None
            values["sort_order"] = sort_order
        if self.kind == "method":
            values["mode"] = self.query_one("#mode", Select).value
        return values

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        values = self._values()
        if values is None:
            return
        challenges = (
            split_names(self.query_one("#challenges", Input).value)
            if self.kind == "strategy"
            else []
        )
        kind, entry = self.kind, self.entry
        self.query_one("#save", Button).disabled = True
        self.db_write(
            lambda s: _save(s, kind, entry, values, challenges),
            self.dismiss,
            on_error=self._failed,
        )

    def _failed(self, exc: errors.PlannerError) -> None:
        self.query_one("#save", Button).disabled = False
        if isinstance(exc, errors.InvalidInput) and self.query(f"#{exc.field}-error"):
            self._show_error(exc.field, exc.message)
            for widget in self.query(f"#{exc.field}"):
                widget.focus()
        elif isinstance(exc, Conflict):
            self._on_conflict(exc)
        else:
            self.notify(str(exc), severity="error")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    # -- a colleague saved first --------------------------------------------------

    def _on_conflict(self, exc: Conflict) -> None:
        """Reads the colleague's version as the Lists screen loads it, then asks what to keep."""
        if exc.deleted or self.entry is None:
            self._ask(str(exc), None)
            return
        kind, entry_id = self.kind, self.entry.id
        self.db_read(
            lambda s: _load_entry(s, kind, entry_id),
            lambda theirs: self._ask(str(exc), theirs),
            group="conflict",
        )

    def _ask(self, title: str, theirs: VocabEntry | None) -> None:
        if not self.is_attached:
            return
        mine = self._typed()
        opened = _readable(entry_values(self.kind, self.entry))
        mine_text = _readable(mine)
        ask(
            self,
            title,
            mine_text,
            _readable(entry_values(self.kind, theirs)) if theirs else None,
            _labels(),
            touched={name for name, value in mine_text.items() if value != opened.get(name)},
            always=("name",),
            then=lambda answer: self._resolved(answer, mine, theirs),
        )

    async def _resolved(
        self, answer: Resolution, mine: dict[str, str], theirs: VocabEntry | None
    ) -> None:
        if answer.outcome == "discard":
            self.dismiss(None)
            return
        if answer.outcome == "new" or theirs is None:
            # Deleted meanwhile: what the user typed becomes a new entry.
            self.entry = None
            self.query_one(".title", Label).update(self._title())
            self.action_save()
            return
        self.entry = theirs
        theirs_values = entry_values(self.kind, theirs)
        if answer.outcome == "theirs":
            self._shown = theirs_values
            await self._rebuild()
            self.notify(_("Your colleague's version is shown; nothing was saved."))
            return
        # Keep mine or a merge: the form shows what is saved, over the colleague's version.
        self._shown = {
            name: theirs_values[name] if answer.side(name) == THEIRS else mine[name]
            for name in _FIELDS[self.kind]
        }
        await self._rebuild()
        self.action_save()


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    variant: Literal["default", "primary", "success", "warning", "error"] = "default"


class ChoiceDialog(PlannerModal[str | None]):
    """A question with a few answers as buttons; returns the chosen id, None on Escape."""

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    ChoiceDialog #message { margin: 1 0; }
    ChoiceDialog Horizontal { height: auto; }
    ChoiceDialog Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self, title: str, message: str, choices: Sequence[Choice], *, focus: str | None = None
    ) -> None:
        super().__init__()
        self.heading = title
        self.message = message
        self.choices = list(choices)
        self.initial = focus

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.heading, classes="title", markup=False)
            yield Static(self.message, id="message", markup=False)
            with Horizontal():
                for choice in self.choices:
                    yield Button(choice.label, id=f"choice-{choice.id}", variant=choice.variant)
        yield Footer()

    def on_mount(self) -> None:
        if self.initial is not None:
            self.query_one(f"#choice-{self.initial}", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("choice-"):
            self.dismiss(event.button.id.removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)
