"""Start-up probe, run as a child process by benchmarks/run.py.

    python benchmarks/start_probe.py bare
    python benchmarks/start_probe.py planner DB

Runs the app headless and prints one JSON line per moment, each stamped with
time.monotonic() (one clock for every process on Linux), so that the parent
measures from the moment it started this process:

    {"event": "paint", "t": ...}  the first frame the app produced
    {"event": "data", "t": ...}   the dashboard showing its data (planner only)

`planner` goes through the real command, `planner --db DB`, so that what is
measured is what a user waits for. Headless Textual computes every frame but
writes none; the probe renders each frame's text as a terminal would receive
it, so the writing is not left out either.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult

SIZE = (120, 40)


def _emit(event: str, **extra: Any) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **extra}), flush=True)


def _dashboard_has_data(screen: Any) -> bool:
    if type(screen).__name__ != "DashboardScreen":
        return False
    from planner.i18n import _

    countdown = screen.query("#countdown")
    return bool(countdown) and str(countdown.first().render()) != _("Loading…")


def install(kind: str) -> None:
    """Patch App so that every app run here is headless and reports its first frames."""
    seen: set[str] = set()
    original_display = App._display
    original_run = App.run

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        original_display(self, screen, renderable)
        if renderable is None:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(self.console)
        if "paint" not in seen:
            seen.add("paint")
            _emit("paint")
            if kind == "bare":
                self.exit()
                return
        if "data" not in seen and _dashboard_has_data(screen):
            seen.add("data")
            _emit("data")
            self.exit()

    def run(self: App[Any], *args: Any, **kwargs: Any) -> Any:
        kwargs["headless"] = True
        kwargs.setdefault("size", SIZE)
        return original_run(self, *args, **kwargs)

    App._display = display  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]


class BareApp(App[None]):
    """The baseline: a Header, a DataTable with a few rows, and a Footer."""

    def compose(self) -> ComposeResult:
        from textual.widgets import DataTable, Footer, Header

        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        from textual.widgets import DataTable

        table: DataTable[str] = self.query_one(DataTable)
        table.add_columns("Kode", "Nama", "DPT")
        for i in range(20):
            table.add_row(f"33.16.{i:02d}", f"Kecamatan {i}", str(1000 + i))


def main(argv: list[str]) -> int:
    kind = argv[1]
    install(kind)
    if kind == "bare":
        BareApp().run()
        return 0
    sys.argv = ["planner", "--db", argv[2], *argv[3:]]
    from planner.cli import main as planner_main

    try:
        planner_main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
