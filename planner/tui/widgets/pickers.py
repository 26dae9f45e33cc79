"""Pickers a form shares: regions found by typing, segments, stakeholders with their roles.

Each keeps what was picked even when a search or a filter hides it, and
posts Changed when the user changes the pick. The region search reads the
database through the screen's db_read, so the screen must be a planner one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, Self

from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Select, SelectionList, Static

from planner.i18n import N_, _
from planner.rules.labels import category_label, role_label
from planner.services.form_options import ROLES, Choice, RegionChoice, StakeholderChoice
from planner.tui.base import run_read

DEFAULT_ROLE = "mitra"


class Picker(Vertical):
    """A labelled group that focuses its main control when asked to take focus."""

    class Changed(Message):
        def __init__(self, picker: Picker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> Picker:
            return self.picker

    DEFAULT_CSS = """
    Picker { height: auto; }
    Picker SelectionList { height: auto; max-height: 9; }
    Picker .picker-summary { color: $text-muted; height: auto; padding: 0 1; }
    """

    def main_control(self) -> Input | SelectionList[str]:
        raise NotImplementedError

    def focus(self, scroll_visible: bool = True) -> Self:
        self.main_control().focus(scroll_visible)
        return self

    def _changed(self) -> None:
        self._summarize()
        self.post_message(self.Changed(self))

    def _summarize(self) -> None:
        """Update the line under the list that says what is picked."""


def _plain(text: str) -> Content:
    # Names come from users and files: never read them as markup.
    return Content(text)


class RegionPicker(Picker):
    """Kecamatan and desa, found by typing part of a name or a code."""

    def __init__(
        self,
        search: Callable[[Session, str], list[RegionChoice]],
        chosen: Iterable[RegionChoice] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._search = search
        self._chosen: dict[str, RegionChoice] = {c.code: c for c in chosen}
        self._shown: dict[str, RegionChoice] = dict(self._chosen)

    @property
    def codes(self) -> list[str]:
        return list(self._chosen)

    @property
    def chosen(self) -> list[RegionChoice]:
        return list(self._chosen.values())

    def main_control(self) -> Input:
        return self.query_one(".region-search", Input)

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder=_("Search kecamatan or desa by name or code"),
            classes="region-search",
        )
        yield SelectionList[str](classes="region-list")
        yield Static("", classes="picker-summary")

    def on_mount(self) -> None:
        self._fill([])

    @staticmethod
    def _prompt(choice: RegionChoice) -> Content:
        text = f"{choice.label}  {choice.code}"
        if choice.parent:
            text += f" · {choice.parent}"
        return _plain(text)

    def _fill(self, found: list[RegionChoice]) -> None:
        listing = self.query_one(".region-list", SelectionList)
        rows = [*self._chosen.values(), *(c for c in found if c.code not in self._chosen)]
        self._shown = {c.code: c for c in rows}
        listing.clear_options()
        listing.add_options([(self._prompt(c), c.code, c.code in self._chosen) for c in rows])
        listing.display = bool(rows)
        self._summarize()

    def _summarize(self) -> None:
        text = self.main_control().value.strip()
        summary = self.query_one(".picker-summary", Static)
        if not self._chosen and not text:
            summary.update(_("Type to find a region; Space picks it."))
        else:
            summary.update(_("{n} picked").format(n=len(self._chosen)))

    @on(Input.Changed, ".region-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._fill([])
            return
        search = self._search
        run_read(
            self,
            lambda session: search(session, text),
            lambda found: self._found(text, found),
            group="region-search",
        )

    def _found(self, text: str, found: list[RegionChoice]) -> None:
        # A slower search for an older text must not replace a newer one's results.
        if self.is_mounted and self.main_control().value.strip() == text:
            self._fill(found)

    @on(Input.Submitted, ".region-search")
    def _to_list(self, event: Input.Submitted) -> None:
        event.stop()
        listing = self.query_one(".region-list", SelectionList)
        if listing.option_count:
            listing.focus()
            listing.highlighted = (
                len(self._chosen) if listing.option_count > len(self._chosen) else 0
            )

    @on(SelectionList.SelectionToggled, ".region-list")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        event.stop()
        code = event.selection.value
        if code in self._chosen:
            del self._chosen[code]
        elif code in self._shown:
            self._chosen[code] = self._shown[code]
        self._changed()


class SegmentPicker(Picker):
    """The target segments; inactive ones show only while picked."""

    def __init__(
        self,
        choices: Iterable[Choice],
        chosen: Iterable[int] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._picked = list(dict.fromkeys(chosen))
        self._choices = [c for c in choices if c.active or c.id in self._picked]

    @property
    def ids(self) -> list[int]:
        return list(self._picked)

    def main_control(self) -> SelectionList[str]:
        return self.query_one(".segment-list", SelectionList)

    def compose(self) -> ComposeResult:
        picked = set(self._picked)
        yield SelectionList[str](
            *(
                (
                    _plain(c.name if c.active else _("{name} (inactive)").format(name=c.name)),
                    str(c.id),
                    c.id in picked,
                )
                for c in self._choices
            ),
            classes="segment-list",
        )
        yield Static("", classes="picker-summary")

    def on_mount(self) -> None:
        self._summarize()

    def _summarize(self) -> None:
        self.query_one(".picker-summary", Static).update(
            _("{n} picked").format(n=len(self._picked))
        )

    @on(SelectionList.SelectionToggled, ".segment-list")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        event.stop()
        segment_id = int(event.selection.value)
        if segment_id in self._picked:
            self._picked.remove(segment_id)
        else:
            self._picked.append(segment_id)
        self._changed()


class StakeholderPicker(Picker):
    """Stakeholders taking part, each with its role; a filter narrows the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "next_role", N_("Role")),
    ]
    DEFAULT_CSS = """
    StakeholderPicker > Horizontal { height: auto; }
    StakeholderPicker > Horizontal > Label { padding: 1 1 0 1; width: auto; }
    StakeholderPicker > Horizontal > Select { width: 1fr; }
    """

    def __init__(
        self,
        choices: Iterable[StakeholderChoice],
        chosen: Iterable[tuple[int, str]] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._choices = {c.id: c for c in choices}
        self._roles: dict[int, str] = dict(chosen)
        # The role a stakeholder gets back when picked again after being dropped.
        self._last_role: dict[int, str] = dict(self._roles)
        self._shown: list[int] = []

    @property
    def chosen(self) -> list[tuple[int, str]]:
        return list(self._roles.items())

    def main_control(self) -> SelectionList[str]:
        return self.query_one(".stakeholder-list", SelectionList)

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Filter stakeholders by name"), classes="stakeholder-filter")
        yield SelectionList[str](classes="stakeholder-list")
        with Horizontal():
            yield Label(_("Role:"))
            yield Select(
                [(role_label(r), r) for r in ROLES],
                allow_blank=False,
                value=DEFAULT_ROLE,
                classes="stakeholder-role",
            )
        yield Static("", classes="picker-summary")

    def on_mount(self) -> None:
        self._fill("")

    def _prompt(self, stakeholder_id: int) -> Content:
        choice = self._choices.get(stakeholder_id)
        name = choice.name if choice else f"#{stakeholder_id}"
        text = name
        if choice is not None:
            text += f" · {category_label(choice.category)}"
        role = self._roles.get(stakeholder_id)
        if role is not None:
            text += f" — {role_label(role)}"
        return _plain(text)

    def _fill(self, text: str) -> None:
        needle = text.strip().lower()
        picked = [i for i in self._roles if i in self._choices]
        rest = [i for i in self._choices if i not in self._roles]
        self._shown = [
            i for i in [*picked, *rest] if not needle or needle in self._choices[i].name.lower()
        ]
        listing = self.main_control()
        listing.clear_options()
        listing.add_options([(self._prompt(i), str(i), i in self._roles) for i in self._shown])
        self._summarize()

    def _summarize(self) -> None:
        self.query_one(".picker-summary", Static).update(
            _("{n} picked; Space picks, R changes the role").format(n=len(self._roles))
        )

    def _highlighted(self) -> int | None:
        listing = self.main_control()
        if listing.highlighted is None or listing.highlighted >= len(self._shown):
            return None
        return self._shown[listing.highlighted]

    def _refresh_row(self, stakeholder_id: int) -> None:
        if stakeholder_id in self._shown:
            index = self._shown.index(stakeholder_id)
            self.main_control().replace_option_prompt_at_index(index, self._prompt(stakeholder_id))

    def _set_role(self, stakeholder_id: int, role: str) -> None:
        listing = self.main_control()
        picked_now = stakeholder_id not in self._roles
        self._roles[stakeholder_id] = self._last_role[stakeholder_id] = role
        if picked_now and stakeholder_id in self._shown:
            with listing.prevent(SelectionList.SelectionToggled):
                listing.select(str(stakeholder_id))
        self._refresh_row(stakeholder_id)
        self._changed()

    @on(Input.Changed, ".stakeholder-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    @on(Input.Submitted, ".stakeholder-filter")
    def _to_list(self, event: Input.Submitted) -> None:
        event.stop()
        listing = self.main_control()
        if listing.option_count:
            listing.focus()
            listing.highlighted = 0

    @on(SelectionList.SelectionHighlighted, ".stakeholder-list")
    def _show_role(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        event.stop()
        stakeholder_id = int(event.selection.value)
        role = self._roles.get(stakeholder_id, self._last_role.get(stakeholder_id, DEFAULT_ROLE))
        select = self.query_one(".stakeholder-role", Select)
        with select.prevent(Select.Changed):
            select.value = role

    @on(SelectionList.SelectionToggled, ".stakeholder-list")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        event.stop()
        stakeholder_id = int(event.selection.value)
        if stakeholder_id in self._roles:
            del self._roles[stakeholder_id]
        else:
            role = self.query_one(".stakeholder-role", Select).value
            self._roles[stakeholder_id] = self._last_role[stakeholder_id] = (
                role if isinstance(role, str) else DEFAULT_ROLE
            )
        self._refresh_row(stakeholder_id)
        self._changed()

    @on(Select.Changed, ".stakeholder-role")
    def _role_chosen(self, event: Select.Changed) -> None:
        event.stop()
        stakeholder_id = self._highlighted()
        if (
            stakeholder_id is not None
            and isinstance(event.value, str)
            and self._roles.get(stakeholder_id) != event.value
        ):
            self._set_role(stakeholder_id, event.value)

    def action_next_role(self) -> None:
        stakeholder_id = self._highlighted()
        if stakeholder_id is None:
            return
        current = self._roles.get(stakeholder_id)
        role = (
            self._last_role.get(stakeholder_id, DEFAULT_ROLE)
            if current is None
            else ROLES[(ROLES.index(current) + 1) % len(ROLES)]
        )
        select = self.query_one(".stakeholder-role", Select)
        with select.prevent(Select.Changed):
            select.value = role
        self._set_role(stakeholder_id, role)
