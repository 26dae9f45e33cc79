"""Small text charts that read in any terminal and any theme."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], low: float, high: float) -> str:
    """One character per value between low and high; a gap for a missing one."""
    span = max(high - low, 1e-9)
    out = []
    for value in values:
        if value is None:
            out.append(" ")
            continue
        index = int((min(max(value, low), high) - low) / span * (len(SPARKS) - 1))
        out.append(SPARKS[index])
    return "".join(out)


def bar(value: float | None, *, width: int, maximum: float = 100.0, style: str = "") -> Text:
    """A horizontal bar with eighths of a cell, for a value out of maximum."""
    if value is None or maximum <= 0:
        return Text(" " * width)
    eighths = round(max(0.0, min(value, maximum)) / maximum * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    body = "█" * full + partial
    return Text(body.ljust(width), style=style)
