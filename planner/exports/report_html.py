"""The report as one self-contained, printable HTML file.

No script, no external file: styles are inline (with print rules for A4)
and charts are inline SVG, so the file can be mailed, archived and printed
from any browser. Everything that comes from the data is HTML-escaped.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from babel.numbers import format_decimal

from planner.exports.model import CellValue, Kind, Paragraph, Table
from planner.exports.report_layout import Bullets, Chart, Report, ReportBlock, section_label
from planner.formatting import number, percent
from planner.i18n import _, babel_locale, current_language

CSS = """
:root { --ink: #1a1a1a; --muted: #595959; --rule: #bfbfbf; --head: #d9e1f2; }
* { box-sizing: border-box; }
html { background: #e9ecef; }
body {
  margin: 0; color: var(--ink);
  font: 10.5pt/1.45 "Liberation Sans", Arial, "Helvetica Neue", "DejaVu Sans", sans-serif;
}
.page {
  max-width: 210mm; margin: 24px auto; padding: 16mm 15mm; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .18);
}
header.cover {
  text-align: center; border-bottom: 3px double var(--ink);
  padding-bottom: 10px; margin-bottom: 16px;
}
.org { margin: 0; font-weight: bold; letter-spacing: .05em; text-transform: uppercase; }
h1 { margin: 6px 0 2px; font-size: 16pt; }
.subtitle { margin: 0; font-size: 12pt; }
.meta { margin: 6px 0 0; color: var(--muted); font-size: 9pt; }
.sample {
  display: inline-block; margin-top: 6px; padding: 1px 6px; border: 1px solid #c00000;
  border-radius: 3px; color: #c00000; font-size: 9pt;
}
h2 {
  margin: 20px 0 8px; padding-bottom: 3px; border-bottom: 1px solid var(--rule);
  font-size: 13pt; break-after: avoid;
}
h3 { margin: 12px 0 6px; font-size: 11pt; break-after: avoid; }
p { margin: 0 0 8px; text-align: justify; }
ol, ul { margin: 0 0 8px; padding-left: 22px; }
li { margin-bottom: 3px; }
table { width: 100%; margin: 4px 0 12px; border-collapse: collapse; font-size: 8.5pt; }
caption { padding: 4px 0; font-weight: bold; text-align: left; caption-side: top; }
th, td { padding: 3px 5px; border: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { background: var(--head); }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot td { background: #f2f2f2; font-weight: bold; }
tr { break-inside: avoid; }
figure { margin: 8px 0 12px; break-inside: avoid; }
figcaption { margin-top: 2px; color: var(--muted); font-size: 9pt; text-align: center; }
svg.chart { display: block; max-width: 100%; height: auto; }
footer { margin-top: 20px; color: var(--muted); font-size: 8.5pt; text-align: center; }
@page { size: A4; margin: 15mm 13mm 17mm; }
@media print {
  html { background: none; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  h2 { break-before: auto; }
}
""".strip()

_NUMERIC = frozenset({Kind.ID, Kind.INTEGER, Kind.MONEY, Kind.PERCENT, Kind.DECIMAL})


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def cell_html(value: CellValue, kind: Kind) -> str:
    """One cell as the current language writes it, escaped."""
    from planner.dates import format_date, format_datetime

    if value is None:
        return "–" if kind in _NUMERIC else ""
    if isinstance(value, bool):
        return escape(_("yes") if value else _("no"))
    if isinstance(value, int | float):
        if kind is Kind.ID:
            return str(value)
        if kind is Kind.PERCENT:
            return escape(percent(float(value)))
        if kind is Kind.DECIMAL:
            return escape(format_decimal(value, format="#,##0.00", locale=babel_locale()))
        return escape(number(value))
    if isinstance(value, datetime):
        return escape(format_datetime(value, weekday=False))
    if isinstance(value, date):
        return escape(format_date(value))
    return _text(str(value))


def table_html(table: Table) -> str:
    numeric = [c.kind in _NUMERIC for c in table.columns]

    def row_html(values: list[CellValue], *, totals: bool = False) -> str:
        cells = []
        for value, column, is_num in zip(values, table.columns, numeric, strict=True):
            cls = ' class="num"' if is_num else ""
            # A sum row leaves the cells it does not sum blank, not "–".
            text = "" if totals and value is None else cell_html(value, column.kind)
            cells.append(f"<td{cls}>{text}</td>")
        return "<tr>" + "".join(cells) + "</tr>"

    head = "".join(
        f'<th{" class=num" if is_num else ""} scope="col">{escape(c.header)}</th>'
        for c, is_num in zip(table.columns, numeric, strict=True)
    )
    parts = ["<table>"]
    if table.caption:
        parts.append(f"<caption>{escape(table.caption)}</caption>")
    parts.append(f"<thead><tr>{head}</tr></thead>")
    parts.append("<tbody>" + "".join(row_html(r) for r in table.rows) + "</tbody>")
    if table.totals is not None:
        parts.append("<tfoot>" + row_html(table.totals, totals=True) + "</tfoot>")
    parts.append("</table>")
    return "".join(parts)


def block_html(block: ReportBlock) -> str:
    if isinstance(block, Paragraph):
        if block.heading:
            return f"<h3>{escape(block.text)}</h3>"
        return f"<p>{_text(block.text)}</p>"
    if isinstance(block, Table):
        return table_html(block)
    if isinstance(block, Bullets):
        tag = "ol" if block.numbered else "ul"
        items = "".join(f"<li>{_text(item)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    assert isinstance(block, Chart)
    # The SVG is built in planner.exports.svg, which escapes its own text.
    return f"<figure>{block.svg}<figcaption>{escape(block.caption)}</figcaption></figure>"


def render_html(report: Report) -> str:
    """The whole report as an HTML document."""
    from planner.dates import format_datetime

    data = report.data
    meta = _("Made on {date}").format(date=format_datetime(data.generated, weekday=False))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(current_language())}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="planner">',
        f"<title>{escape(report.title)} — {escape(report.subtitle)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        '<div class="page">',
        '<header class="cover">',
        f'<p class="org">{escape(data.organisation)}</p>',
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="subtitle">{escape(report.subtitle)}</p>',
        f'<p class="meta">{escape(meta)}</p>',
    ]
    if data.synthetic:
        sample = _("Sample data: partly synthetic")
        out.append(f'<p class="sample">{escape(sample)}</p>')
    out.append("</header>")
    out.append("<main>")
    for n, section in enumerate(report.sections):
        out.append(f'<section id="{escape(section.key)}">')
        out.append(f"<h2>{escape(section_label(n, section.title))}</h2>")
        out.extend(block_html(block) for block in section.blocks)
        out.append("</section>")
    out.append("</main>")
    out.append(f"<footer>{escape(data.organisation)} · {escape(meta)}</footer>")
    out += ["</div>", "</body>", "</html>", ""]
    return "\n".join(out)
