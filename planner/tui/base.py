"""What every planner screen shares: translated key labels and database workers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlmodel import Session
from textual import getters
from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.worker import Worker

from planner import errors
from planner.i18n import _

if TYPE_CHECKING:
    from planner.tui.app import PlannerApp

T = TypeVar("T")


def translated(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """Binding labels are English message ids; show them in the current language."""
    return {
        key: active._replace(
            binding=replace(active.binding, description=_(active.binding.description))
        )
        if active.binding.description
        else active
        for key, active in bindings.items()
    }


def _planner_app(node: Widget) -> PlannerApp:
    return cast("PlannerApp", node.app)


def run_read(
    node: Widget,
    query: Callable[[Session], T],
    then: Callable[[T], Any],
    *,
    group: str = "read",
    exclusive: bool = True,
) -> Worker[None]:
    """Runs a query in a thread worker and hands the result to `then` on the UI thread."""
    app = _planner_app(node)

    def job() -> None:
        try:
            with app.database.read() as session:
                result = query(session)
        except errors.PlannerError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error")
            return
        app.call_from_thread(then, result)

    return node.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def run_write(
    node: Widget,
    change: Callable[[Session], T],
    then: Callable[[T], Any],
    *,
    on_error: Callable[[errors.PlannerError], Any] | None = None,
    group: str = "write",
) -> Worker[None]:
    """One change in one transaction, off the UI thread; errors go to on_error or a notice."""
    app = _planner_app(node)

    def job() -> None:
        try:
            with app.database.write() as session:
                result = change(session)
        except errors.PlannerError as exc:
            if on_error is not None:
                app.call_from_thread(on_error, exc)
            else:
                app.call_from_thread(app.notify, str(exc), severity="error")
            return
        app.call_from_thread(then, result)
        app.call_from_thread(app.data_changed)

    return node.run_worker(job, thread=True, group=group, exclusive=False, exit_on_error=False)


class _Database:
    """db_read/db_write as methods, for screens and modals alike."""

    def db_read(
        self,
        query: Callable[[Session], T],
        then: Callable[[T], Any],
        *,
        group: str = "read",
        exclusive: bool = True,
    ) -> Worker[None]:
        return run_read(cast(Widget, self), query, then, group=group, exclusive=exclusive)

    def db_write(
        self,
        change: Callable[[Session], T],
        then: Callable[[T], Any],
        *,
        on_error: Callable[[errors.PlannerError], Any] | None = None,
        group: str = "write",
    ) -> Worker[None]:
        return run_write(cast(Widget, self), change, then, on_error=on_error, group=group)


class PlannerScreen(_Database, Screen[None]):
    """A main screen of the planner; reloads its data when shown or when data changes."""

    if TYPE_CHECKING:
        # Only narrows the type for the checker: screens reach the planner's own API.
        app = getters.app(PlannerApp)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch this screen's data again (in a worker)."""


class PlannerModal(_Database, ModalScreen[T]):
    if TYPE_CHECKING:
        app = getters.app(PlannerApp)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)
