"""Browsing probe, run as a child process by benchmarks/run.py.

    python benchmarks/browse_probe.py DB REPS

Drives the planner headless (App.run_test) on DB and prints one JSON object:
the seconds each step took, REPS times each, and the peak resident memory of
the process. The steps, on the region table listing every desa of the home
area and on the activity list:

    open    from another screen (or level) until the first page is drawn
    end     the End key until the last row is drawn under the cursor
    filter  one letter typed into the search until the filtered first page
            is drawn (the activity list's pause for typing is set to zero:
            what is measured is the work, not the wait for the typist)

Each step ends when no worker runs (but the live view's poll), the table
holds the row under its cursor, and the screen has drawn a frame since.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = (120, 40)
LETTER = "s"
# A step that has not finished after this long has hung; the probe says so.
STEP_TIMEOUT = 60.0


# Polling this often keeps the probe's own share of each figure to a millisecond
# or two; Pilot.pause() would add 20 ms or more to every step.
POLL = 0.001
_frames = [0]


def _count_frames() -> None:
    from textual.app import App

    original = App._display

    def display(self: Any, screen: Any, renderable: Any) -> None:
        original(self, screen, renderable)
        if renderable is not None:
            _frames[0] += 1

    App._display = display  # type: ignore[method-assign]


def _press(app: Any, key: str) -> None:
    """A key as the terminal sends it; Pilot.press() would also wait 40 ms for idleness."""
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


def _busy(app: Any) -> bool:
    return any(w.is_running and w.group != "live-refresh" for w in app.workers)


async def _until(pilot: Any, done: Callable[[], bool]) -> None:
    """Until `done()` holds with no worker running, a frame drawn after, and still no worker.

    The last condition counts what drawing the frame set off (a table reading
    ahead), so that the next step starts from a quiet app, as a person's would.
    """
    app = pilot.app
    deadline = time.monotonic() + STEP_TIMEOUT
    while True:
        while not (done() and not _busy(app)):
            await asyncio.sleep(POLL)
            if time.monotonic() > deadline:
                raise TimeoutError("a browsing step did not finish")
        seen = _frames[0]
        asked = time.monotonic()
        app.screen.refresh()
        while _frames[0] == seen:
            await asyncio.sleep(POLL)
            if time.monotonic() - asked > 0.05:
                # A refresh asked for while the screen was being switched can be lost.
                asked = time.monotonic()
                app.screen.refresh()
            if time.monotonic() > deadline:
                raise TimeoutError("a browsing step drew no frame")
        # Callbacks waiting for that frame run now.
        for _ in range(3):
            await asyncio.sleep(0)
        if done() and not _busy(app):
            return


def _table_ready(table: Any) -> bool:
    return bool(table.cursor_loaded and not table.is_fetching)


async def browse(db: Path, reps: int) -> dict[str, Any]:
    from planner.config import AppConfig
    from planner.i18n import _
    from planner.tui.app import PlannerApp
    from planner.tui.widgets.virtual_table import VirtualTable

    _count_frames()
    app = PlannerApp(AppConfig(db_path=db, language="id"))
    timings: dict[str, list[float]] = {
        f"{table}_{step}": []
        for table in ("regions", "activities")
        for step in ("open", "end", "filter")
    }
    totals: dict[str, int] = {}
    async with app.run_test(size=SIZE) as pilot:

        def dashboard_shown() -> bool:
            screen = app.screen
            if type(screen).__name__ != "DashboardScreen":
                return False
            countdown = screen.query("#countdown")
            return bool(countdown) and str(countdown.first().render()) != _("Loading…")

        await _until(pilot, dashboard_shown)

        # -- the desa table ----------------------------------------------------------
        await app.switch_mode("regions")
        from planner.tui.screens.activities import ActivitiesScreen
        from planner.tui.screens.regions import RegionsScreen

        regions = app.screen
        assert isinstance(regions, RegionsScreen)
        table = regions.query_one("#table", VirtualTable)
        await _until(pilot, lambda: regions._data is not None and _table_ready(table))
        levels = regions.levels()
        away = levels[-2]

        def showing(level: str, search: str = "") -> Callable[[], bool]:
            before = regions._data

            def done() -> bool:
                data = regions._data
                return (
                    data is not None
                    and data is not before
                    and getattr(data, "level", None) == level
                    and regions._search == search
                    and _table_ready(table)
                )

            return done

        for _rep in range(reps):
            regions.show_level(away)
            await _until(pilot, showing(away))
            started = time.perf_counter()
            shown = showing("desa")
            regions.show_level("desa")
            await _until(pilot, shown)
            timings["regions_open"].append(time.perf_counter() - started)
            totals["desa"] = table.total

            table.focus()
            started = time.perf_counter()
            _press(app, "end")
            await _until(pilot, lambda: table.cursor_row == table.total - 1 and _table_ready(table))
            timings["regions_end"].append(time.perf_counter() - started)

            regions.action_search()
            await pilot.pause()
            started = time.perf_counter()
            shown = showing("desa", LETTER)
            _press(app, LETTER)
            await _until(pilot, shown)
            timings["regions_filter"].append(time.perf_counter() - started)
            totals["desa_filtered"] = table.total

        # -- the activity list -------------------------------------------------------
        import planner.tui.screens.activities as activities_screen

        # Textual refuses a zero-second timer; a millisecond is as good as none.
        activities_screen.DEBOUNCE = 0.001
        await app.switch_mode("activities")
        activities = app.screen
        assert isinstance(activities, ActivitiesScreen)
        listing = activities.query_one("#activities", VirtualTable)

        def listed(text: str) -> Callable[[], bool]:
            before = activities.page

            def done() -> bool:
                page = activities.page
                return (
                    page is not None
                    and page is not before
                    and activities.flt.text == text
                    and not activities.typing_pending
                    and _table_ready(listing)
                )

            return done

        activities.page = None
        await _until(pilot, listed(""))
        for _rep in range(reps):
            await app.switch_mode("stakeholders")
            await _until(pilot, lambda: True)
            started = time.perf_counter()
            shown = listed("")
            await app.switch_mode("activities")
            await _until(pilot, shown)
            timings["activities_open"].append(time.perf_counter() - started)
            totals["activities"] = listing.total

            listing.focus()
            started = time.perf_counter()
            _press(app, "end")
            await _until(
                pilot, lambda: listing.cursor_row == listing.total - 1 and _table_ready(listing)
            )
            timings["activities_end"].append(time.perf_counter() - started)

            activities.action_filters()
            await pilot.pause()
            started = time.perf_counter()
            shown = listed(LETTER)
            _press(app, LETTER)
            await _until(pilot, shown)
            timings["activities_filter"].append(time.perf_counter() - started)
            totals["activities_filtered"] = listing.total
            shown = listed("")
            activities.action_reset()
            await _until(pilot, shown)
            listing.focus()
            _press(app, "home")
            await _until(pilot, lambda: _table_ready(listing))

    return {"timings": timings, "totals": totals, "peak_rss_mb": peak_rss_kb() / 1024}


def peak_rss_kb() -> int:
    """This process's peak resident memory.

    VmHWM rather than getrusage: Linux carries ru_maxrss over from the parent
    through fork and exec, so a child of a big parent would report the parent.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> int:
    result = asyncio.run(browse(Path(argv[1]), int(argv[2])))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
