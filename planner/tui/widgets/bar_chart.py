"""Horizontal bar charts drawn as text: any terminal width, the theme's own colours.

A chart is a list of lines, each a bar or a heading. Bars share one scale
(minimum to maximum) so that they compare; a marker (a target, say) is drawn
as a line across the bar at its value. The two series differ by glyph as well
as by colour (solid and shaded), so they read apart in a monochrome terminal
and in both themes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
SHADE = "▒"
MARKER = "│"
NO_VALUE = "–"

# Below these the chart stops shrinking its parts and lets the line be cropped.
MIN_BAR_WIDTH = 6
MIN_LABEL_WIDTH = 8


@dataclass(frozen=True)
class Bar:
    """One bar: `label` left of it, `text` (the figure as written) right of it.

    `series` 0 is solid, 1 is shaded (a second series beside the first).
    `low` colours a bar that falls short of what is expected of it.
    """

    label: str
    value: float | None
    text: str
    series: int = 0
    marker: float | None = None
    low: bool = False


@dataclass(frozen=True)
class Heading:
    """A line of text between bars, such as the name of a group of bars."""

    text: str
    detail: str = ""


ChartLine = Bar | Heading


def _fraction(value: float, minimum: float, maximum: float) -> float:
    span = maximum - minimum
    if span <= 0:
        return 0.0
    return min(max((value - minimum) / span, 0.0), 1.0)


def bar_cells(
    value: float | None, *, width: int, minimum: float, maximum: float, shaded: bool
) -> str:
    """The bar's cells, `width` long: eighths of a cell when solid, whole cells when shaded."""
    if value is None or width <= 0:
        return " " * max(width, 0)
    fraction = _fraction(value, minimum, maximum)
    if shaded:
        return (SHADE * round(fraction * width)).ljust(width)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    body = FULL * full + (EIGHTHS[part] if part else "")
    return body.ljust(width)[:width]


def marker_cell(marker: float, *, width: int, minimum: float, maximum: float) -> int:
    """The cell of the bar where a marker at this value is drawn."""
    return min(int(_fraction(marker, minimum, maximum) * width), width - 1)


@dataclass(frozen=True)
class ChartStyles:
    """Rich styles for the parts of a chart, taken from the theme by the widget."""

    bar: Style | str = ""
    alt: Style | str = ""
    low: Style | str = ""
    marker: Style | str = "bold"
    label: Style | str = ""
    muted: Style | str = "dim"
    heading: Style | str = "bold"


def chart_text(
    lines: Iterable[ChartLine],
    *,
    width: int,
    minimum: float,
    maximum: float,
    styles: ChartStyles | None = None,
) -> Text:
    """The chart as text lines no wider than `width` (down to a readable minimum)."""
    styles = styles or ChartStyles()
    rows = list(lines)
    bars = [line for line in rows if isinstance(line, Bar)]
    longest_label = max((len(b.label) for b in bars), default=0)
    label_width = min(longest_label, max(MIN_LABEL_WIDTH, width // 3))
    text_width = max((len(b.text) for b in bars), default=0)
    bar_width = max(MIN_BAR_WIDTH, width - label_width - text_width - 2)
    out = Text(no_wrap=True, overflow="crop", end="")
    for index, line in enumerate(rows):
        if index:
            out.append("\n")
        if isinstance(line, Heading):
            out.append(line.text[:width], style=styles.heading)
            if line.detail:
                out.append("  " + line.detail, style=styles.muted)
            continue
        label = line.label
        if len(label) > label_width:
            label = label[: max(label_width - 1, 0)] + "…"
        figure = line.text if line.value is not None else (line.text or NO_VALUE)
        # The figure sits by its label, not at the far end of a long bar, so the
        # eye never has to follow a row across the screen to read it.
        out.append(
            label.ljust(label_width) + " " + figure.rjust(text_width) + " ", style=styles.label
        )
        cells = bar_cells(
            line.value,
            width=bar_width,
            minimum=minimum,
            maximum=maximum,
            shaded=line.series == 1,
        )
        bar_style = styles.alt if line.series == 1 else styles.low if line.low else styles.bar
        at = (
            marker_cell(line.marker, width=bar_width, minimum=minimum, maximum=maximum)
            if line.marker is not None
            else None
        )
        if at is None:
            out.append(cells.rstrip(), style=bar_style)
        else:
            out.append(cells[:at], style=bar_style)
            out.append(MARKER, style=styles.marker)
            out.append(cells[at + 1 :].rstrip(), style=bar_style)
    return out


class BarChart(Static):
    """Shows `chart_text` at the widget's width, coloured by the component classes below."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bar-chart--bar",
        "bar-chart--alt",
        "bar-chart--low",
        "bar-chart--marker",
        "bar-chart--label",
        "bar-chart--muted",
        "bar-chart--heading",
    }
    DEFAULT_CSS = """
    BarChart { height: auto; width: 1fr; }
    BarChart > .bar-chart--bar { color: $primary; }
    BarChart > .bar-chart--alt { color: $accent; }
    BarChart > .bar-chart--low { color: $warning; }
    BarChart > .bar-chart--marker { color: $foreground; text-style: bold; }
    BarChart > .bar-chart--label { color: $foreground; }
    BarChart > .bar-chart--muted { color: $text-muted; }
    BarChart > .bar-chart--heading { color: $text-primary; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self._lines: list[ChartLine] = []
        self._minimum = 0.0
        self._maximum = 100.0
        self._empty = ""

    def plot(
        self,
        lines: Iterable[ChartLine],
        *,
        minimum: float = 0.0,
        maximum: float = 100.0,
        empty: str = "",
    ) -> None:
        """Draw these lines on this scale; `empty` is shown when there are none."""
        self._lines = list(lines)
        self._minimum = minimum
        self._maximum = maximum
        self._empty = empty
        self.refresh(layout=True)

    @property
    def lines(self) -> list[ChartLine]:
        return list(self._lines)

    def _styles(self) -> ChartStyles:
        def style(name: str) -> Style:
            return self.get_component_rich_style(f"bar-chart--{name}")

        return ChartStyles(
            bar=style("bar"),
            alt=style("alt"),
            low=style("low"),
            marker=style("marker"),
            label=style("label"),
            muted=style("muted"),
            heading=style("heading"),
        )

    def render(self) -> Text:
        if not self._lines:
            return Text(self._empty, style=self._styles().muted)
        width = self.content_size.width or 80
        return chart_text(
            self._lines,
            width=width,
            minimum=self._minimum,
            maximum=self._maximum,
            styles=self._styles(),
        )
