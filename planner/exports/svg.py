"""Bar charts as inline SVG, written by hand: no script, prints as sharp as the text.

A report is one self-contained HTML file that must print and open
anywhere, years later; a chart library would add script or an image file.
Every string from the data is escaped, every bar has a tooltip (<title>),
and the chart has a title and description for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

# Okabe-Ito: told apart by people with any common colour-vision deficiency,
# and still distinct when printed in greyscale by lightness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
GRID = "#D9D9D9"
AXIS = "#595959"
TEXT = "#1A1A1A"

_WIDTH = 760
_LABEL_WIDTH = 180
_RIGHT = 70
_FONT = 12
# Average advance of a 12px sans-serif character: enough to lay out a legend
# and cut long labels without measuring text, which SVG cannot do ahead.
_CHAR = 6.8
_LABEL_CHARS = 26


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    # A lighter fill for a "planned" series beside an "actual" one.
    hollow: bool = False


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1].rstrip() + "…"


def grouped_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[float | None]],
    format_value: Callable[[float], str],
    format_tick: Callable[[float], str] | None = None,
    top: float | None = None,
    reference: float | None = None,
    reference_label: str = "",
    value_labels: bool = False,
    emphasis: Sequence[int] = (),
) -> str:
    """Horizontal bars, one group per category and one bar per series.

    `values[i][j]` is category i's value for series j (None: no bar). The
    axis starts at zero so bar lengths compare honestly; `top` fixes its end
    (100 for percentages), else it fits the largest value. Categories listed
    in `emphasis` get bold labels (the region itself above its parts).
    """
    n = max(1, len(series))
    bar = 10 if n <= 2 else 7 if n <= 4 else 5
    gap = 10
    group = n * bar + (n - 1) + gap
    plot_left = _LABEL_WIDTH
    plot_width = _WIDTH - _LABEL_WIDTH - _RIGHT

    # Legend rows: swatches with names, wrapped to the chart's width.
    legend: list[tuple[float, float, Series]] = []
    x, y = float(plot_left), 8.0
    for s in series:
        item = 18 + len(s.name) * _CHAR + 16
        if x + item > _WIDTH and x > plot_left:
            x, y = float(plot_left), y + 18
        legend.append((x, y, s))
        x += item
    top_of_plot = y + 30 + (14 if reference is not None and reference_label else 0)

    found = [v for row in values for v in row if v is not None]
    largest = max([*found, reference or 0.0, 0.0])
    ticks = nice_ticks(top if top is not None else largest)
    axis_max = ticks[-1] or 1.0
    plot_height = len(categories) * group
    height = top_of_plot + plot_height + 28

    def x_of(value: float) -> float:
        return plot_left + max(0.0, min(value, axis_max)) / axis_max * plot_width

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{_attr(chart_id)}" class="chart" '
        f'viewBox="0 0 {_WIDTH} {_num(height)}" width="100%" role="img" '
        f'aria-labelledby="{_attr(chart_id)}-t {_attr(chart_id)}-d" '
        f'font-family="sans-serif" font-size="{_FONT}" fill="{TEXT}">',
        f'<title id="{_attr(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{_attr(chart_id)}-d">{escape(description)}</desc>',
    ]
    for lx, ly, s in legend:
        out.append(_swatch(lx, ly, 12, 12, s))
        out.append(f'<text x="{_num(lx + 18)}" y="{_num(ly + 10)}">{escape(s.name)}</text>')

    bottom = top_of_plot + plot_height
    for tick in ticks:
        tx = x_of(tick)
        out.append(
            f'<line x1="{_num(tx)}" y1="{_num(top_of_plot - 4)}" x2="{_num(tx)}" '
            f'y2="{_num(bottom)}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_num(tx)}" y="{_num(bottom + 16)}" text-anchor="middle" '
            f'fill="{AXIS}">{escape((format_tick or format_value)(tick))}</text>'
        )
    out.append(
        f'<line x1="{plot_left}" y1="{_num(top_of_plot - 4)}" x2="{plot_left}" '
        f'y2="{_num(bottom)}" stroke="{AXIS}" stroke-width="1"/>'
    )

    for i, category in enumerate(categories):
        gy = top_of_plot + i * group
        weight = ' font-weight="bold"' if i in emphasis else ""
        label_y = gy + (n * bar + n - 1) / 2 + 4
        out.append(
            f'<text x="{plot_left - 8}" y="{_num(label_y)}" text-anchor="end"{weight}>'
            f"<title>{escape(category)}</title>{escape(_short(category))}</text>"
        )
        row = values[i] if i < len(values) else []
        for j, s in enumerate(series):
            value = row[j] if j < len(row) else None
            by = gy + j * (bar + 1)
            if value is None:
                continue
            width = max(0.0, x_of(value) - plot_left)
            tip = f"{category} — {s.name}: {format_value(value)}"
            out.append(_bar(plot_left, by, width, bar, s, tip))
            if value_labels:
                out.append(
                    f'<text x="{_num(plot_left + width + 4)}" y="{_num(by + bar - 1)}" '
                    f'font-size="{_FONT - 2}">{escape(format_value(value))}</text>'
                )

    if reference is not None:
        rx = x_of(reference)
        out.append(
            f'<line x1="{_num(rx)}" y1="{_num(top_of_plot - 8)}" x2="{_num(rx)}" '
            f'y2="{_num(bottom)}" stroke="#C00000" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        if reference_label:
            out.append(
                f'<text x="{_num(rx)}" y="{_num(top_of_plot - 12)}" text-anchor="middle" '
                f'fill="#C00000">{escape(reference_label)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


def _swatch(x: float, y: float, w: float, h: float, s: Series) -> str:
    if s.hollow:
        return (
            f'<rect x="{_num(x + 0.75)}" y="{_num(y + 0.75)}" width="{_num(w - 1.5)}" '
            f'height="{_num(h - 1.5)}" fill="{s.color}" fill-opacity="0.25" '
            f'stroke="{s.color}" stroke-width="1.5"/>'
        )
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" fill="{s.color}"/>'
    )


def _bar(x: float, y: float, w: float, h: float, s: Series, tip: str) -> str:
    shape = _swatch(x, y, max(w, 1.5), h, s).removesuffix("/>")
    return f"{shape}><title>{escape(tip)}</title></rect>"
