"""Kegiatan: the form to add an activity or change one, with what each field understood."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    LoadingIndicator,
    Select,
    Static,
    TextArea,
)

from planner import errors
from planner.dates import format_short_date
from planner.i18n import N_, _
from planner.rules.labels import method_mode_label, role_label, status_label
from planner.services.activities import ActivityDraft, add_activity, update_activity
from planner.services.form_options import (
    STATUSES,
    ActivityDraftText,
    Choice,
    ElectionChoice,
    FormOptions,
    FormStart,
    RegionChoice,
    amount_preview,
    end_preview,
    load_form,
    recurrence_preview,
    search_region_choices,
    when_preview,
)
from planner.services.records import Conflict
from planner.tui.base import PlannerModal
from planner.tui.conflicts import Resolution, ask
from planner.tui.screens.conflict import THEIRS
from planner.tui.widgets.confirm import Confirm
from planner.tui.widgets.pickers import Picker, RegionPicker, SegmentPicker, StakeholderPicker

# From this width the fields stand in two columns.
WIDE = 100

# InvalidInput.field -> the field that shows the message.
ERROR_FIELDS: dict[str, str] = {
    name: name
    for name in (
        "title",
        "when",
        "end",
        "recurrence",
        "election",
        "method",
        "strategy",
        "venue",
        "status",
        "budget",
        "target",
        "actual",
        "description",
        "outcome",
        "regions",
        "segments",
        "stakeholders",
    )
} | {"region": "regions", "segment": "segments", "stakeholder": "stakeholders"}

_INPUTS = ("title", "when", "end", "recurrence", "venue", "budget", "target", "actual")


def field_labels() -> dict[str, str]:
    """The form's label of each ActivityDraftText field, in the current language."""
    return {
        "title": _("Title"),
        "when": _("When"),
        "end": _("Until (time or date)"),
        "recurrence": _("Repeats"),
        "election": _("Election"),
        "method": _("Method"),
        "strategy": _("Strategy"),
        "status": _("Status"),
        "venue": _("Venue"),
        "budget": _("Budget (rupiah)"),
        "target": _("Participants planned"),
        "actual": _("Participants reached"),
        "regions": _("Regions"),
        "segments": _("Target segments"),
        "stakeholders": _("Stakeholders"),
        "description": _("Description"),
        "outcome": _("Outcome"),
    }


def draft_texts(
    draft: ActivityDraftText, options: FormOptions, regions: list[RegionChoice]
) -> dict[str, str]:
    """Each field as a person reads it: names for the ids, labels for the codes.

    Both sides of a conflict go through this, so equal values read equal.
    Lists are sorted: the order of picks means nothing.
    """

    def named(choices: list[Choice], value: str | None) -> str:
        chosen = next((c for c in choices if str(c.id) == value), None)
        return chosen.name if chosen is not None else (value or "")

    methods = [m for group in options.methods for m in group.methods]
    election = options.election(int(draft.election)) if draft.election else None
    segments = {str(s.id): s.name for s in options.segments}
    people = {str(s.id): s.name for s in options.stakeholders}
    by_code = {r.code: r.label for r in regions}
    return {
        "title": draft.title or "",
        "when": draft.when or "",
        "end": draft.end or "",
        "recurrence": draft.recurrence or "",
        "election": election.name if election is not None else (draft.election or ""),
        "method": named(methods, draft.method),
        "strategy": named(options.strategies, draft.strategy),
        "status": status_label(draft.status) if draft.status else "",
        "venue": draft.venue or "",
        "budget": draft.budget or "",
        "target": draft.target or "",
        "actual": draft.actual or "",
        "regions": ", ".join(sorted(by_code.get(c, c) for c in draft.regions or [])),
        "segments": ", ".join(sorted(segments.get(i, i) for i in draft.segments or [])),
        "stakeholders": ", ".join(
            sorted(
                f"{people.get(i, i)} ({role_label(role)})" for i, role in draft.stakeholders or []
            )
        ),
        "description": draft.description or "",
        "outcome": draft.outcome or "",
    }


def touched_fields(typed: ActivityDraftText, opened: ActivityDraftText) -> set[str]:
    """The fields the user changed since opening the record."""
    changes = typed.changes_from(opened)
    touched = {f.name for f in fields(changes) if getattr(changes, f.name) is not None}
    if typed.election != opened.election:
        touched.add("election")
    return touched


def merge_drafts(
    resolution: Resolution, mine: ActivityDraftText, theirs: ActivityDraftText
) -> ActivityDraftText:
    """The user's draft with each field taken from the side the resolution chose."""
    return replace(
        mine,
        **{
            f.name: getattr(theirs, f.name)
            for f in fields(mine)
            if resolution.side(f.name) == THEIRS
        },
    )


class ConfirmDiscard(Confirm):
    """Asks before typed input is thrown away."""

    def __init__(self) -> None:
        super().__init__(
            _("Discard what you typed in this activity?"),
            yes=_("Discard (Y)"),
            no=_("Keep editing (N)"),
        )


class ActivityForm(PlannerModal[int | None]):
    """Adds an activity (activity_id None) or changes one; dismisses with its id, None if cancelled.

    prefill fills a new activity's fields, e.g. a region code and a segment
    name from the coverage gaps.
    """

    DEFAULT_CSS = """
    ActivityForm { align: center middle; }
    ActivityForm #dialog {
        width: 100%; max-width: 160; height: 1fr;
        border: thick $primary; border-title-color: $text-primary;
        background: $surface; padding: 0 1;
    }
    ActivityForm #body { height: 1fr; }
    ActivityForm #columns { height: auto; layout: vertical; }
    ActivityForm.-wide #columns { layout: horizontal; }
    ActivityForm .column { height: auto; width: 100%; }
    ActivityForm.-wide .column { width: 1fr; }
    ActivityForm.-wide #left { margin-right: 2; }
    ActivityForm .field { height: auto; }
    ActivityForm .field-label { text-style: bold; padding: 0 1; }
    ActivityForm #form-message { display: none; }
    ActivityForm #form-message.-shown { display: block; }
    ActivityForm .field-error, ActivityForm .hint { display: none; }
    ActivityForm .field-error.-shown, ActivityForm .hint.-shown { display: block; }
    ActivityForm .pair { height: auto; }
    ActivityForm .pair > .field { width: 1fr; }
    ActivityForm TextArea { height: 5; }
    ActivityForm #buttons { height: auto; align-horizontal: right; }
    ActivityForm #buttons Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, activity_id: int | None = None, *, prefill: ActivityDraft | None = None):
        super().__init__()
        self.activity_id = activity_id
        self.prefill = prefill
        self._start: FormStart | None = None
        # What the fields are filled with when (re)built: as loaded, or as typed
        # when the screen is rebuilt in another language.
        self._shown: ActivityDraftText | None = None
        self._region_choices: list[RegionChoice] = []
        self._start_at: datetime | None = None
        self._saving = False
        # What each line under a field shows now, by selector.
        self._lines: dict[str, str] = {}

    # -- building ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = (
                _("New activity") if self.activity_id is None else _("Change activity")
            )
            if self._start is None or self._shown is None:
                yield LoadingIndicator()
            else:
                yield Static("", id="form-message", classes="note")
                with VerticalScroll(id="body"), Container(id="columns"):
                    with Vertical(classes="column", id="left"):
                        yield from self._left(self._start, self._shown)
                    with Vertical(classes="column", id="right"):
                        yield from self._right(self._start, self._shown)
                with Horizontal(id="buttons"):
                    yield Button(_("Save (Ctrl+S)"), id="save", variant="primary", compact=True)
                    yield Button(_("Cancel (Esc)"), id="cancel", compact=True)
        yield Footer()

    def _field(
        self, name: str, label: str, control: Widget, *, preview: bool = False
    ) -> ComposeResult:
        with Vertical(classes="field", id=f"{name}-field"):
            yield Label(label, classes="field-label")
            yield control
            if preview:
                yield Static("", id=f"{name}-preview", classes="hint")
            yield Static("", id=f"{name}-error", classes="field-error")

    def _left(self, start: FormStart, shown: ActivityDraftText) -> ComposeResult:
        options = start.options
        yield from self._field("title", _("Title"), Input(shown.title or "", id="title"))
        yield from self._field(
            "when",
            _("When"),
            Input(
                shown.when or "",
                placeholder=_("e.g. 27/7/2027 09.00, besok, H-30"),
                id="when",
            ),
            preview=True,
        )
        yield from self._field(
            "end",
            _("Until (time or date)"),
            Input(shown.end or "", placeholder=_("e.g. 12.00"), id="end"),
            preview=True,
        )
        yield from self._field(
            "recurrence",
            _("Repeats"),
            Input(
                shown.recurrence or "",
                placeholder=_("e.g. setiap minggu, 5 kali"),
                id="recurrence",
            ),
            preview=True,
        )
        yield from self._field("election", _("Election"), self._election_select(start, shown))
        yield from self._field(
            "method",
            _("Method"),
            self._choice_select(
                "method",
                [
                    (f"{method_mode_label(group.mode)} · {m.name}", m)
                    for group in options.methods
                    for m in group.methods
                ],
                shown.method,
                _("No method"),
            ),
        )
        yield from self._field(
            "strategy",
            _("Strategy"),
            self._choice_select(
                "strategy",
                [(s.name, s) for s in options.strategies],
                shown.strategy,
                _("No strategy"),
            ),
        )
        yield from self._field(
            "status",
            _("Status"),
            Select(
                [(status_label(s), s) for s in STATUSES],
                allow_blank=False,
                value=shown.status if shown.status in STATUSES else STATUSES[0],
                id="status",
            ),
        )
        yield from self._field("venue", _("Venue"), Input(shown.venue or "", id="venue"))
        yield from self._field(
            "budget",
            _("Budget (rupiah)"),
            Input(shown.budget or "", placeholder="3.500.000", id="budget"),
            preview=True,
        )
        with Horizontal(classes="pair"):
            yield from self._field(
                "target",
                _("Participants planned"),
                Input(shown.target or "", id="target"),
            )
            yield from self._field(
                "actual",
                _("Participants reached"),
                Input(shown.actual or "", id="actual"),
            )

    def _right(self, start: FormStart, shown: ActivityDraftText) -> ComposeResult:
        options = start.options
        yield from self._field(
            "regions",
            _("Regions"),
            RegionPicker(search_region_choices, self._region_choices, id="regions"),
        )
        yield from self._field(
            "segments",
            _("Target segments"),
            SegmentPicker(options.segments, [int(i) for i in shown.segments or []], id="segments"),
        )
        yield from self._field(
            "stakeholders",
            _("Stakeholders"),
            StakeholderPicker(
                options.stakeholders,
                [(int(i), role) for i, role in shown.stakeholders or []],
                id="stakeholders",
            ),
        )
        yield from self._field(
            "description",
            _("Description"),
            TextArea(shown.description or "", id="description"),
        )
        yield from self._field("outcome", _("Outcome"), TextArea(shown.outcome or "", id="outcome"))

    def _election_select(self, start: FormStart, shown: ActivityDraftText) -> Select[int]:
        def label(e: ElectionChoice) -> Text:
            day = format_short_date(e.voting_day) if e.voting_day else _("no date yet")
            return Text(f"{e.name} · {day}")

        elections = start.options.elections
        value = int(shown.election) if shown.election else None
        # Blank only where there is nothing to choose or the activity has no
        # election: a blank save keeps what is stored, it cannot clear it.
        blank = value is None or not elections
        return Select(
            [(label(e), e.id) for e in elections],
            prompt=_("No election"),
            allow_blank=blank,
            value=value if value is not None else Select.NULL,
            id="election",
        )

    def _choice_select(
        self, name: str, rows: list[tuple[str, Choice]], current: str | None, blank: str
    ) -> Select[int]:
        chosen = int(current) if current else None
        return Select(
            [
                (Text(text if c.active else _("{name} (inactive)").format(name=text)), c.id)
                for text, c in rows
                if c.active or c.id == chosen
            ],
            prompt=blank,
            value=chosen if chosen is not None else Select.NULL,
            id=name,
        )

    # -- loading -------------------------------------------------------------------

    def on_mount(self) -> None:
        today = self.app.today()
        activity_id, prefill = self.activity_id, self.prefill

        def load(session: Session) -> FormStart | errors.PlannerError:
            try:
                return load_form(session, today=today, activity_id=activity_id, prefill=prefill)
            except errors.PlannerError as exc:
                return exc

        self.db_read(load, self._loaded, group="form-load")

    async def _loaded(self, start: FormStart | errors.PlannerError) -> None:
        if isinstance(start, errors.PlannerError):
            # Deleted meanwhile, say: there is nothing to edit.
            self.notify(str(start), severity="error")
            self.dismiss(None)
            return
        self._start = start
        self._shown = start.draft
        self._region_choices = start.regions
        await self.recompose()
        for problem in start.problems:
            self.notify(problem, severity="warning")
        self.query_one("#title", Input).focus()

    async def recompose(self) -> None:
        # A rebuild (the language changed) keeps what was typed and picked.
        if self._start is not None and self.query("#title"):
            self._shown = self._collect()
            self._region_choices = self.query_one("#regions", RegionPicker).chosen
        await self._rebuild()

    async def _rebuild(self) -> None:
        """Builds the fields again from _start, _shown and _region_choices."""
        await super().recompose()
        self._lines.clear()
        if self._start is not None:
            self._refresh_previews()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    # -- reading the fields --------------------------------------------------------

    def _text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def _selected(self, name: str) -> str:
        value = self.query_one(f"#{name}", Select).selection
        return "" if value is None else str(value)

    def _collect(self) -> ActivityDraftText:
        stakeholders = self.query_one("#stakeholders", StakeholderPicker)
        return ActivityDraftText(
            title=self._text("title"),
            when=self._text("when"),
            end=self._text("end"),
            recurrence=self._text("recurrence"),
            election=self._selected("election"),
            method=self._selected("method"),
            strategy=self._selected("strategy"),
            venue=self._text("venue"),
            status=self._selected("status"),
            budget=self._text("budget"),
            target=self._text("target"),
            actual=self._text("actual"),
            description=self.query_one("#description", TextArea).text,
            outcome=self.query_one("#outcome", TextArea).text,
            regions=self.query_one("#regions", RegionPicker).codes,
            segments=[str(i) for i in self.query_one("#segments", SegmentPicker).ids],
            stakeholders=[(str(i), role) for i, role in stakeholders.chosen],
        )

    def _election(self) -> ElectionChoice | None:
        if self._start is None:
            return None
        value = self.query_one("#election", Select).selection
        return self._start.options.election(value) if isinstance(value, int) else None

    # -- showing what was understood -----------------------------------------------

    def _show_line(self, selector: str, line: str) -> bool:
        """Put a line under a field; False when it already says that.

        Every update lays the whole form out again, so a key press that
        changes nothing below the field must not cost one.
        """
        if self._lines.get(selector) == line:
            return False
        self._lines[selector] = line
        static = self.query_one(selector, Static)
        static.update(Text(line))
        static.set_class(bool(line), "-shown")
        return True

    def _show_error(self, name: str, message: str) -> None:
        if self._show_line(f"#{name}-error", message):
            control = self.query_one(f"#{name}")
            if isinstance(control, Input):
                control.set_class(bool(message), "-invalid")

    def _show_preview(self, name: str, line: str) -> None:
        self._show_line(f"#{name}-preview", line)

    def _check(self, name: str, read: Callable[[], str]) -> None:
        """Show what a field's text means, or why it cannot be read."""
        try:
            line = read()
        except errors.InvalidInput as exc:
            self._show_preview(name, "")
            self._show_error(name, exc.message)
            return
        self._show_preview(name, line)
        self._show_error(name, "")

    def _refresh_previews(self) -> None:
        self._check_when()
        self._check_end()
        self._check("recurrence", self._recurrence_line)
        self._check("budget", lambda: amount_preview(self._text("budget"), "budget", money=True))

    def _check_when(self) -> None:
        text = self._text("when")
        self._start_at = None
        if not text.strip():
            self._show_preview("when", "")
            self._show_error("when", "")
            return

        def read() -> str:
            start, _all_day, line = when_preview(
                text, today=self.app.today(), election=self._election()
            )
            self._start_at = start
            return line

        self._check("when", read)

    def _check_end(self) -> None:
        start = self._start_at
        if start is None:
            self._show_preview("end", "")
            self._show_error("end", "")
            return
        text = self._text("end")
        self._check(
            "end",
            lambda: end_preview(
                text, start=start, today=self.app.today(), election=self._election()
            ),
        )

    def _recurrence_line(self) -> str:
        return recurrence_preview(
            self._text("recurrence"), today=self.app.today(), election=self._election()
        )

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = event.input.id
        if self._start is None or name not in _INPUTS:
            return
        if name == "when":
            self._check_when()
            self._check_end()
        elif name == "end":
            self._check_end()
        elif name == "recurrence":
            self._check("recurrence", self._recurrence_line)
        elif name == "budget":
            self._check("budget", lambda: amount_preview(event.value, "budget", money=True))
        elif name in ("target", "actual"):
            self._check_number(name, event.value)
        elif name == "title":
            self._show_error("title", "" if event.value.strip() else _("a title is required"))
        else:
            self._show_error(name, "")

    def _check_number(self, name: str, text: str) -> None:
        try:
            amount_preview(text, name)
        except errors.InvalidInput as exc:
            self._show_error(name, exc.message)
        else:
            self._show_error(name, "")

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        name = event.select.id
        if self._start is None or name not in ERROR_FIELDS:
            return
        self._show_error(name, "")
        if name == "election":
            # H-n counts from the election's day: the same text may mean another date.
            self._check_when()
            self._check_end()

    @on(Picker.Changed)
    def _picker_changed(self, event: Picker.Changed) -> None:
        if event.picker.id:
            self._show_error(event.picker.id, "")

    # -- saving and leaving --------------------------------------------------------

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        start = self._start
        if start is None or self._saving:
            return
        typed = self._collect()
        today = self.app.today()
        activity_id = self.activity_id
        if activity_id is None:
            draft = typed.as_new()

            def change(session: Session) -> int | None:
                return add_activity(session, draft, today=today).id

        else:
            if not typed.differs_from(start.draft):
                self.notify(_("Nothing changed."))
                self.dismiss(activity_id)
                return
            draft = typed.changes_from(start.draft)
            version = start.version

            def change(session: Session) -> int | None:
                return update_activity(
                    session, activity_id, draft, today=today, expected_version=version
                ).id

        self._busy(True)
        self._show_message("")
        self.db_write(change, self._saved, on_error=self._failed)

    def _busy(self, busy: bool) -> None:
        self._saving = busy
        for button in self.query(Button):
            button.disabled = busy

    def _saved(self, activity_id: int | None) -> None:
        self._busy(False)
        self.notify(_("Activity saved."))
        self.dismiss(activity_id)

    def _failed(self, exc: errors.PlannerError) -> None:
        self._busy(False)
        if isinstance(exc, errors.InvalidInput) and exc.field in ERROR_FIELDS:
            name = ERROR_FIELDS[exc.field]
            self._show_error(name, exc.message)
            self.query_one(f"#{name}").focus()
            self.query_one(f"#{name}-field").scroll_visible()
            return
        message = str(exc)
        if isinstance(exc, Conflict):
            message += " " + _("Nothing was saved; what you typed is still here.")
            # Stays under the dialog, so the form still says why if the dialog is left.
            self._show_message(message)
            self._on_conflict(exc)
            return
        # Kept in the form as well: a notice fades while the user decides what to do.
        self._show_message(message)
        self.notify(message, severity="error", timeout=12)

    def _show_message(self, message: str) -> None:
        self._show_line("#form-message", message)

    # -- a colleague saved first ---------------------------------------------------

    def _on_conflict(self, exc: Conflict) -> None:
        """Reads the colleague's version as this form would load it, then asks what to keep."""
        activity_id, today = self.activity_id, self.app.today()
        if exc.deleted or activity_id is None:
            self._ask(str(exc), None)
            return

        def load(session: Session) -> FormStart | None:
            try:
                return load_form(session, today=today, activity_id=activity_id)
            except errors.NotFound:
                return None

        self.db_read(load, lambda theirs: self._ask(str(exc), theirs), group="conflict")

    def _ask(self, title: str, theirs: FormStart | None) -> None:
        start = self._start
        if start is None or not self.is_attached:
            return
        mine = self._collect()
        mine_regions = self.query_one("#regions", RegionPicker).chosen
        options = theirs.options if theirs is not None else start.options
        mine_text = draft_texts(mine, options, mine_regions)
        theirs_text = draft_texts(theirs.draft, theirs.options, theirs.regions) if theirs else None
        ask(
            self,
            title,
            mine_text,
            theirs_text,
            field_labels(),
            touched=touched_fields(mine, start.draft),
            always=("title",),
            then=lambda answer: self._resolved(answer, mine, mine_regions, theirs),
        )

    async def _resolved(
        self,
        answer: Resolution,
        mine: ActivityDraftText,
        mine_regions: list[RegionChoice],
        theirs: FormStart | None,
    ) -> None:
        if answer.outcome == "discard":
            self.dismiss(None)
            return
        self._show_message("")
        if answer.outcome == "new" or theirs is None:
            # Deleted meanwhile: what the user typed becomes a new activity.
            self.activity_id = None
            self.query_one("#dialog").border_title = _("New activity")
            self.action_save()
            return
        if answer.outcome == "theirs":
            self._start = theirs
            self._shown = theirs.draft
            self._region_choices = theirs.regions
            await self._rebuild()
            self.query_one("#title", Input).focus()
            self.notify(_("Your colleague's version is shown; nothing was saved."))
            return
        # Keep mine or a merge: the form shows what is saved, over the colleague's version.
        merged = merge_drafts(answer, mine, theirs.draft)
        chosen = {r.code: r for r in theirs.regions} | {r.code: r for r in mine_regions}
        self._start = theirs
        self._shown = merged
        self._region_choices = [chosen[c] for c in merged.regions or [] if c in chosen]
        await self._rebuild()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        start = self._start
        if start is None or not self._collect().differs_from(start.draft):
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), answered)
