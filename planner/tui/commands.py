"""The command palette: screens, and records by name (regions, activities, stakeholders)."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, col, select
from textual.command import DiscoveryHit, Hit, Hits, Provider

from planner.i18n import _

if TYPE_CHECKING:
    from planner.tui.app import PlannerApp

_LIMIT = 8


def _find_records(session: Session, text: str) -> list[tuple[str, str, str]]:
    """(kind, key, label) of the records whose name contains the text."""
    from planner.models import Activity, Region, Stakeholder

    pattern = f"%{text.lower()}%"
    found: list[tuple[str, str, str]] = []
    for region in session.exec(
        select(Region)
        .where(func.lower(Region.name).like(pattern))
        .order_by(func.length(Region.code), col(Region.name))
        .limit(_LIMIT)
    ):
        found.append(("region", region.code, f"{region.name} ({region.code})"))
    for activity in session.exec(
        select(Activity)
        .where(func.lower(Activity.title).like(pattern))
        .order_by(col(Activity.start).desc())
        .limit(_LIMIT)
    ):
        found.append(("activity", str(activity.id), activity.title))
    for stakeholder in session.exec(
        select(Stakeholder)
        .where(func.lower(Stakeholder.name).like(pattern))
        .order_by(col(Stakeholder.name))
        .limit(_LIMIT)
    ):
        found.append(("stakeholder", str(stakeholder.id), stakeholder.name))
    return found


class PlannerCommands(Provider):
    @property
    def planner(self) -> PlannerApp:
        return self.app  # type: ignore[return-value]

    def _screens(self) -> list[tuple[str, str]]:
        from planner.tui.app import SCREENS

        return [(mode, _(label)) for mode, (_key, label) in SCREENS.items()]

    def _tools(self) -> list[tuple[str, str]]:
        from planner.tui.app import TOOLS

        return [(name, _(label)) for name, label in TOOLS.items()]

    async def discover(self) -> Hits:
        for name, label in self._tools():
            yield DiscoveryHit(
                label, partial(self.planner.open_tool, name), help=_("Open the screen")
            )
        for mode, label in self._screens():
            yield DiscoveryHit(
                label, partial(self.planner.action_go, mode), help=_("Open the screen")
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for mode, label in self._screens():
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label),
                    partial(self.planner.action_go, mode),
                    help=_("Open the screen"),
                )
        for name, label in self._tools():
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label),
                    partial(self.planner.open_tool, name),
                    help=_("Open the screen"),
                )
        if len(query.strip()) < 2:
            return
        try:
            database = self.planner.database
        except Exception:
            return

        def lookup() -> list[tuple[str, str, str]]:
            with database.read() as session:
                return _find_records(session, query.strip())

        kinds = {"region": _("Region"), "activity": _("Activity"), "stakeholder": _("Stakeholder")}
        for kind, key, label in await asyncio.to_thread(lookup):
            score = matcher.match(label) or 0.1
            yield Hit(
                score, matcher.highlight(label), partial(self._open, kind, key), help=kinds[kind]
            )

    def _open(self, kind: str, key: str) -> None:
        self.planner.open_record(kind, key)
