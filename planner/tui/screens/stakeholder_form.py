"""Add or edit a stakeholder: its contacts and the regions it serves, checked as you type."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, Label, Select, TextArea

from planner import errors
from planner.i18n import N_, _
from planner.models.enums import StakeholderCategory
from planner.rules.labels import category_label
from planner.services import stakeholders
from planner.services.form_options import RegionChoice, search_region_choices
from planner.services.records import Conflict
from planner.services.stakeholder_views import (
    OFFLINE_FIELDS,
    StakeholderDetail,
    name_problem,
    offline_problem,
    stakeholder_detail,
)
from planner.tui.base import PlannerModal
from planner.tui.conflicts import Resolution, ask
from planner.tui.screens.conflict import THEIRS
from planner.tui.screens.vocabulary_form import FORM_CSS, field_row, show_field_error
from planner.tui.widgets.pickers import RegionPicker

# The form's text inputs, in the order shown, with their labels.
_INPUTS: tuple[tuple[str, str], ...] = (
    ("contact_person", N_("Contact person")),
    ("contact_title", N_("Their position")),
    ("phone", N_("Phone")),
    ("email", N_("E-mail")),
    ("address", N_("Address")),
)
# Every value the form holds as text, in the order shown.
_FIELDS = ("name", "category", *(name for name, _label in _INPUTS), "notes")


def stakeholder_values(detail: StakeholderDetail | None) -> dict[str, str]:
    """A stored stakeholder as the form's fields hold it ("" everywhere for a new one)."""
    if detail is None:
        return dict.fromkeys(_FIELDS, "")
    row = detail.stakeholder
    return {name: getattr(row, name) or "" for name in _FIELDS}


def field_labels() -> dict[str, str]:
    labels = {"name": _("Name"), "category": _("Category")}
    labels |= {name: _(label) for name, label in _INPUTS}
    return labels | {"regions": _("Regions it serves"), "notes": _("Notes")}


def values_text(values: dict[str, str], regions: list[RegionChoice]) -> dict[str, str]:
    """The fields as a person reads them, for the conflict dialog; regions sorted by name."""
    text = {name: values.get(name, "").strip() for name in _FIELDS}
    if text["category"]:
        text["category"] = category_label(text["category"])
    text["regions"] = ", ".join(sorted(r.label for r in regions))
    # In the order the form shows them.
    return {name: text[name] for name in (*_FIELDS[:-1], "regions", "notes")}


def _save(
    session: Session,
    detail: StakeholderDetail | None,
    values: dict[str, Any],
    codes: list[str],
) -> int:
    """Adds or changes the stakeholder in the caller's transaction; returns its id."""
    if detail is None:
        row = stakeholders.add_stakeholder(session, **values, region_codes=codes)
        return int(row.id or 0)
    current = detail.stakeholder
    stakeholder_id = int(current.id or 0)
    version = current.version
    changes = {name: value for name, value in values.items() if value != getattr(current, name)}
    if changes:
        updated = stakeholders.update_stakeholder(
            session, stakeholder_id, changes, expected_version=version
        )
        version = updated.version
    if set(codes) != {r.code for r in detail.regions}:
        stakeholders.set_regions(session, stakeholder_id, codes, expected_version=version)
    return stakeholder_id


class StakeholderForm(PlannerModal[int | None]):
    """Adds (detail None) or edits a stakeholder; returns its id, None when cancelled.

    Stays open with everything typed when the save fails, the error under its field.
    """

    DEFAULT_CSS = (
        """
    StakeholderForm { align: center middle; }
    StakeholderForm > Vertical {
        width: 90; max-width: 100%; height: 100%; max-height: 36;
        border: thick $primary; background: $panel; padding: 0 1;
    }
    StakeholderForm .title { margin-bottom: 1; }
    StakeholderForm VerticalScroll { height: 1fr; }
    StakeholderForm TextArea { height: 4; }
    StakeholderForm #buttons { height: auto; }
    StakeholderForm Button { margin-right: 1; }
    """
        + FORM_CSS
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, detail: StakeholderDetail | None = None) -> None:
        super().__init__()
        self.detail = detail
        self._name_timer: Timer | None = None
        # What the fields are filled with when (re)built: the record as loaded, or
        # what is typed when the form is rebuilt (another language, a merge).
        self._shown = stakeholder_values(detail)
        self._regions: list[RegionChoice] = list(detail.regions) if detail else []

    def compose(self) -> ComposeResult:
        shown = self._shown
        with Vertical():
            yield Label(
                _("Add a stakeholder") if self.detail is None else _("Edit the stakeholder"),
                classes="title",
            )
            with VerticalScroll():
                yield field_row(_("Name"), Input(shown["name"], id="name", compact=True))
                yield field_row(
                    _("Category"),
                    Select(
                        [(category_label(c.value), c.value) for c in StakeholderCategory],
                        prompt=_("Choose a category"),
                        value=shown["category"] or Select.NULL,
                        id="category",
                        compact=True,
                    ),
                )
                for name, label in _INPUTS:
                    yield field_row(_(label), Input(shown[name], id=name, compact=True))
                yield field_row(
                    _("Regions it serves"),
                    RegionPicker(search_region_choices, self._regions, id="regions"),
                )
                yield field_row(_("Notes"), TextArea(shown["notes"], id="notes", soft_wrap=True))
            with Horizontal(id="buttons"):
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    async def recompose(self) -> None:
        # A rebuild (the language changed) keeps what was typed and picked.
        if self.query("#name"):
            self._shown = self._typed()
            self._regions = self.query_one(RegionPicker).chosen
        await self._rebuild()

    async def _rebuild(self) -> None:
        await super().recompose()
        self.query_one("#name", Input).focus()

    def _typed(self) -> dict[str, str]:
        """Every field as it stands, unchecked."""
        typed = {name: self.query_one(f"#{name}", Input).value for name, _l in _INPUTS}
        typed["name"] = self.query_one("#name", Input).value
        typed["category"] = self._category() or ""
        typed["notes"] = self.query_one("#notes", TextArea).text
        return {name: typed[name] for name in _FIELDS}

    # -- checks as the user types ---------------------------------------------------

    def _show_error(self, field: str, message: str) -> None:
        show_field_error(self, field, message)

    @on(Input.Changed)
    def _check_input(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        if field != "name" and field not in OFFLINE_FIELDS:
            return
        self._show_error(field, offline_problem(field, event.value) or "")
        if field == "name" and event.value.strip():
            self._check_name_later()

    @on(Select.Changed, "#category")
    def _check_category(self) -> None:
        if self._category() is not None:
            self._show_error("category", "")
        if self.query_one("#name", Input).value.strip():
            self._check_name_later()

    def _check_name_later(self) -> None:
        # Whether the name is taken needs the database: ask once typing pauses.
        if self._name_timer is not None:
            self._name_timer.stop()
        self._name_timer = self.set_timer(0.3, self._check_name_taken)

    def _check_name_taken(self) -> None:
        name = self.query_one("#name", Input).value
        category = self._category()
        if not name.strip() or category is None:
            return
        current = self.detail.stakeholder.id if self.detail else None
        self.db_read(
            lambda s: name_problem(s, name, category, current_id=current),
            lambda problem: self._name_checked(name, category, problem),
            group="name-check",
        )

    def _name_checked(self, name: str, category: str, problem: str | None) -> None:
        if name == self.query_one("#name", Input).value and category == self._category():
            self._show_error("name", problem or "")

    def _category(self) -> str | None:
        value = self.query_one("#category", Select).value
        return value if isinstance(value, str) else None

    # -- saving ---------------------------------------------------------------------

    def _values(self) -> dict[str, Any] | None:
        """The typed values, or None after showing at each field what is wrong."""
        values: dict[str, Any] = {"name": self.query_one("#name", Input).value}
        for name, _label in _INPUTS:
            values[name] = self.query_one(f"#{name}", Input).value
        problems = {
            field: problem
            for field, value in values.items()
            if (problem := offline_problem(field, value)) is not None
        }
        category = self._category()
        if category is None:
            problems["category"] = _("choose a category")
        for field, problem in problems.items():
            self._show_error(field, problem)
        if problems:
            first = next(f for f in ("name", "category", *dict(_INPUTS)) if f in problems)
            self.query_one(f"#{first}").focus()
            return None
        values["category"] = category
        values["notes"] = self.query_one("#notes", TextArea).text
        return {name: value.strip() for name, value in values.items()}

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        values = self._values()
        if values is None:
            return
        codes = self.query_one(RegionPicker).codes
        detail = self.detail
        self.query_one("#save", Button).disabled = True
        self.db_write(
            lambda s: _save(s, detail, values, codes), self.dismiss, on_error=self._failed
        )

    def _failed(self, exc: errors.PlannerError) -> None:
        self.query_one("#save", Button).disabled = False
        if isinstance(exc, errors.InvalidInput) and self.query(f"#{exc.field}-error"):
            self._show_error(exc.field, exc.message)
            self.query_one(f"#{exc.field}").focus()
        elif isinstance(exc, Conflict):
            self._on_conflict(exc)
        else:
            self.notify(str(exc), severity="error")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    # -- a colleague saved first ------------------------------------------------------

    def _on_conflict(self, exc: Conflict) -> None:
        """Reads the colleague's version as this form would load it, then asks what to keep."""
        if exc.deleted or self.detail is None:
            self._ask(str(exc), None)
            return
        stakeholder_id = int(self.detail.stakeholder.id or 0)
        self.db_read(
            lambda s: stakeholder_detail(s, stakeholder_id),
            lambda theirs: self._ask(str(exc), theirs),
            group="conflict",
        )

    def _ask(self, title: str, theirs: StakeholderDetail | None) -> None:
        if not self.is_attached:
            return
        mine = self._typed()
        mine_regions = self.query_one(RegionPicker).chosen
        opened = values_text(
            stakeholder_values(self.detail), self.detail.regions if self.detail else []
        )
        mine_text = values_text(mine, mine_regions)
        touched = {name for name, value in mine_text.items() if value != opened.get(name)}
        ask(
            self,
            title,
            mine_text,
            values_text(stakeholder_values(theirs), theirs.regions) if theirs else None,
            field_labels(),
            touched=touched,
            always=("name",),
            then=lambda answer: self._resolved(answer, mine, mine_regions, theirs),
        )

    async def _resolved(
        self,
        answer: Resolution,
        mine: dict[str, str],
        mine_regions: list[RegionChoice],
        theirs: StakeholderDetail | None,
    ) -> None:
        if answer.outcome == "discard":
            self.dismiss(None)
            return
        if answer.outcome == "new" or theirs is None:
            # Deleted meanwhile: what the user typed becomes a new stakeholder.
            self.detail = None
            self.query_one(".title", Label).update(_("Add a stakeholder"))
            self.action_save()
            return
        self.detail = theirs
        if answer.outcome == "theirs":
            self._shown = stakeholder_values(theirs)
            self._regions = list(theirs.regions)
            await self._rebuild()
            self.notify(_("Your colleague's version is shown; nothing was saved."))
            return
        # Keep mine or a merge: the form shows what is saved, over the colleague's version.
        theirs_values = stakeholder_values(theirs)
        self._shown = {
            name: theirs_values[name] if answer.side(name) == THEIRS else mine[name]
            for name in _FIELDS
        }
        self._regions = theirs.regions if answer.side("regions") == THEIRS else mine_regions
        await self._rebuild()
        self.action_save()
