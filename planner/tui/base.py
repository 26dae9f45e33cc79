"""What every planner screen shares: translated key labels and database workers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from sqlmodel import Session
from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen
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


class DatabaseMixin:
    """Runs queries in thread workers so the screen never waits on the database."""

    app: PlannerApp

    def db_read(
        self,
        query: Callable[[Session], T],
        then: Callable[[T], Any],
        *,
        group: str = "read",
        exclusive: bool = True,
    ) -> Worker[None]:
        app = self.app

        def job() -> None:
            try:
                with app.database.read() as session:
                    result = query(session)
            except errors.PlannerError as exc:
                app.call_from_thread(app.notify, str(exc), severity="error")
                return
            app.call_from_thread(then, result)

        return self.run_worker(
            job,
            thread=True,
            group=group,
            exclusive=exclusive,  # type: ignore[attr-defined]
            exit_on_error=False,
        )

    def db_write(
        self,
        change: Callable[[Session], T],
        then: Callable[[T], Any],
        *,
        on_error: Callable[[errors.PlannerError], Any] | None = None,
        group: str = "write",
    ) -> Worker[None]:
        app = self.app

        def job() -> None:
            try:
                with app.database.write() as session:
                    result = change(session)
            except errors.PlannerError as exc:
                handler = on_error or (lambda e: app.notify(str(e), severity="error"))
                app.call_from_thread(handler, exc)
                return
            app.call_from_thread(then, result)
            app.call_from_thread(app.data_changed)

        return self.run_worker(
            job,
            thread=True,
            group=group,
            exclusive=False,  # type: ignore[attr-defined]
            exit_on_error=False,
        )


class PlannerScreen(DatabaseMixin, Screen[None]):
    """A main screen of the planner; reloads its data when shown or when data changes."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch this screen's data again (in a worker)."""


class PlannerModal(DatabaseMixin, ModalScreen[T]):
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)
