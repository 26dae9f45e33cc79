"""The report's sections in KPU's order, as blocks of text, tables and charts.

planner.exports.report_html prints them as HTML and `report_sheets` as one
worksheet per section, so the two outputs never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from babel.lists import format_list

from planner.exports.model import CellValue, Kind, Paragraph, Sheet, Table, columns
from planner.exports.report import DONE, ReportData, ReportItem
from planner.formatting import number, percent, points, rupiah
from planner.i18n import N_, _, babel_locale

# Section keys (HTML anchors) and headings, in KPU's order.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("latar-belakang", N_("Background")),
    ("sasaran", N_("Target groups and areas")),
    ("maksud-tujuan", N_("Purpose and objectives")),
    ("dasar-pelaksanaan", N_("Legal basis")),
    ("jangka-waktu", N_("Period")),
    ("anggaran", N_("Budget plan")),
    ("susunan-tim", N_("Team")),
    ("persiapan", N_("Preparation")),
    ("pelaksanaan", N_("Implementation")),
    ("hasil", N_("Results")),
)


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    numbered: bool = False


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart; its figures are always also in a table beside it."""

    svg: str
    caption: str


ReportBlock = Paragraph | Table | Bullets | Chart


@dataclass
class Section:
    key: str
    title: str
    blocks: list[ReportBlock]


@dataclass
class Report:
    data: ReportData
    title: str
    subtitle: str
    sections: list[Section]
    include_contacts: bool


def _list(words: Sequence[str]) -> str:
    return format_list(list(words), locale=babel_locale()) if words else ""


def period_text(since: date, until: date) -> str:
    from planner.dates import format_date

    return _("{first} to {last}").format(first=format_date(since), last=format_date(until))


def when_text(item: ReportItem) -> str:
    """The item's dates in the period: one date, or how many and from when to when."""
    from planner.dates import format_datetime, format_short_date

    a = item.detail.activity
    if len(item.occurrences) == 1:
        return format_datetime(item.occurrences[0], all_day=a.all_day, weekday=False)
    first, last = item.occurrences[0].date(), item.occurrences[-1].date()
    return _("{n} times, {first} to {last}").format(
        n=len(item.occurrences), first=format_short_date(first), last=format_short_date(last)
    )


def short_percent(value: float) -> str:
    """ "82%" rather than "82,00%" for a round figure such as a target."""
    text = percent(value)
    return text.replace(",00%", "%").replace(".00%", "%")


def _float(value: int | None) -> float | None:
    return None if value is None else float(value)


# Beyond this many, a list of stakeholders in a table cell is cut short; the
# team section lists them all.
_PARTNERS_SHOWN = 3


def _partners_short(item: ReportItem) -> str:
    from planner.rules.labels import role_label

    partners = item.detail.stakeholders
    shown = [f"{s.name} ({role_label(role)})" for s, role in partners[:_PARTNERS_SHOWN]]
    if len(partners) > _PARTNERS_SHOWN + 1:
        return "; ".join(shown) + "; " + _("and {n} more").format(n=len(partners) - _PARTNERS_SHOWN)
    return "; ".join(f"{s.name} ({role_label(role)})" for s, role in partners)


def _background(data: ReportData) -> list[ReportBlock]:
    from planner.rules.labels import level_label
    from planner.services.regions import region_label

    name = region_label(data.region)
    blocks: list[ReportBlock] = []
    latest = data.latest
    sentences: list[str] = []
    if latest is None:
        sentences.append(_("No turnout figures are recorded for {region} yet.").format(region=name))
    else:
        e = latest.election
        sentences.append(
            _(
                "In {election}, {region} had {registered} registered voters, of whom {voters} "
                "voted: a participation of {rate}."
            ).format(
                election=e.name,
                region=name,
                registered=number(latest.registered),
                voters=number(latest.voters),
                rate=percent(latest.participation),
            )
        )
        if e.target_pct is not None and latest.participation is not None:
            if latest.participation < e.target_pct:
                sentences.append(
                    _("That is {points} points below the target of {target}.").format(
                        points=points(e.target_pct - latest.participation),
                        target=short_percent(e.target_pct),
                    )
                )
            else:
                sentences.append(
                    _("That meets the target of {target}.").format(
                        target=short_percent(e.target_pct)
                    )
                )
        if latest.invalid_pct is not None:
            sentences.append(
                _("Invalid ballots were {rate} of the ballots cast.").format(
                    rate=percent(latest.invalid_pct)
                )
            )
        earlier = [t for t in data.turnout if t is not latest and t.participation is not None]
        if earlier:
            sentences.append(
                _("Participation in the other elections: {list}.").format(
                    list=_list([f"{t.election.name} {percent(t.participation)}" for t in earlier])
                )
            )
    if data.own_status is not None:
        from planner.rules.flags import FlagKind

        # Being under the target was said above, in words.
        reasons = [r for r in data.own_status.reasons if r.kind != FlagKind.BELOW_TARGET]
        if reasons:
            sentences.append(
                _("{region} is flagged for attention: {reasons}.").format(
                    region=name, reasons="; ".join(r.describe().rstrip(". ") for r in reasons)
                )
            )
    blocks.append(Paragraph(" ".join(sentences)))

    if data.turnout:
        history = Table(
            columns(
                _("Election"),
                (_("Voting day"), Kind.DATE),
                (_("Registered voters"), Kind.INTEGER),
                (_("Voters"), Kind.INTEGER),
                (_("Participation (%)"), Kind.PERCENT),
                (_("Invalid ballots (%)"), Kind.PERCENT),
                (_("Target (%)"), Kind.PERCENT),
            ),
            caption=_("Participation in {region}").format(region=name),
        )
        for t in data.turnout:
            history.add(
                t.election.name,
                t.election.voting_day,
                t.registered,
                t.voters,
                t.participation,
                t.invalid_pct,
                t.election.target_pct,
            )
        blocks.append(history)

    grid = data.grid
    if grid is not None and grid.elections:
        from planner.exports.svg import PALETTE, Series, grouped_bar_chart

        level = level_label(grid.level)
        target = data.election.target_pct if data.election else None
        series = [Series(e.name, PALETTE[i % len(PALETTE)]) for i, e in enumerate(grid.elections)]
        svg = grouped_bar_chart(
            chart_id="chart-participation",
            title=_("Participation per {level} and election").format(level=level),
            description=_(
                "Bars show participation in percent for {region} and each {level}, one bar "
                "per election; the table below gives the same figures."
            ).format(region=name, level=level),
            categories=[label for label, _rates in grid.rows],
            series=series,
            values=[rates for _label, rates in grid.rows],
            format_value=lambda v: percent(v),
            format_tick=lambda v: f"{v:.0f}%",
            top=100.0,
            reference=target,
            reference_label=_("target {target}").format(target=short_percent(target))
            if target is not None
            else "",
            emphasis=[0],
        )
        blocks.append(Chart(svg, _("Participation per {level} and election").format(level=level)))
        table = Table(
            columns(
                _("Region"),
                *[(f"{e.name} (%)", Kind.PERCENT) for e in grid.elections],
            ),
            caption=_("Participation per {level} (%)").format(level=level),
        )
        for label, rates in grid.rows:
            table.add(label, *rates)
        blocks.append(table)

    if data.part_level is not None:
        level = level_label(data.part_level)
        if data.flagged_parts:
            blocks.append(
                Paragraph(
                    _("Flagged {level} areas: {n} of {total}.").format(
                        level=level, n=len(data.flagged_parts), total=data.parts_total
                    )
                )
            )
            flagged = Table(
                columns(_("Region"), (_("Participation (%)"), Kind.PERCENT), _("Reasons")),
                caption=_("Flagged areas"),
            )
            for status in data.flagged_parts:
                flagged.add(status.name, status.participation, status.reasons_text())
            blocks.append(flagged)
        elif data.parts_total:
            blocks.append(Paragraph(_("No {level} area is flagged.").format(level=level)))

    challenges = sorted({c.name for use in data.strategies for c in use.challenges})
    if challenges:
        blocks.append(
            Paragraph(_("Challenges the activities answer: {list}.").format(list=_list(challenges)))
        )
    if data.synthetic:
        blocks.append(
            Paragraph(_("Note: figures below the kabupaten are partly synthetic (sample data)."))
        )
    return blocks


def _targets(data: ReportData) -> list[ReportBlock]:
    from planner.services.regions import region_label

    blocks: list[ReportBlock] = []
    if data.segments:
        table = Table(
            columns(
                _("Segment"),
                (_("Activities"), Kind.INTEGER),
                (_("Participants planned"), Kind.INTEGER),
            ),
            caption=_("Target groups"),
        )
        for reach in data.segments:
            table.add(reach.segment.name, reach.done + reach.planned, reach.target_all)
        blocks.append(table)
    else:
        blocks.append(Paragraph(_("No activity in the period names a target group.")))
    if data.unreached_segments:
        blocks.append(
            Paragraph(
                _("Target groups no activity in the period addresses: {list}.").format(
                    list=_list([s.name for s in data.unreached_segments])
                )
            )
        )
    if data.activity_regions:
        table = Table(
            columns(_("Region"), _("Code"), (_("Activities"), Kind.INTEGER)),
            caption=_("Areas"),
        )
        for region, count in data.activity_regions:
            table.add(region_label(region), region.code, count)
        blocks.append(table)
    if data.flagged_parts:
        blocks.append(
            Paragraph(
                _("Priority areas (flagged): {list}.").format(
                    list=_list([s.name for s in data.flagged_parts])
                )
            )
        )
    return blocks


def _purpose(data: ReportData) -> list[ReportBlock]:
    from planner.services.regions import region_label

    name = region_label(data.region)
    target = next(
        (e.target_pct for e in (data.campaign, data.election) if e and e.target_pct is not None),
        None,
    )
    purpose = _(
        "To give the voters of {region} information on the stages of the election, their "
        "rights and how to vote, and to invite them to use their right to vote."
    ).format(region=name)
    if target is not None:
        objective = _(
            "To raise voter participation in {region} to at least {target}, to lower the share "
            "of invalid ballots, and to reach the groups and areas where participation lags."
        ).format(region=name, target=short_percent(target))
    else:
        objective = _(
            "To raise voter participation in {region}, to lower the share of invalid ballots, "
            "and to reach the groups and areas where participation lags."
        ).format(region=name)
    blocks: list[ReportBlock] = [
        Paragraph(_("Purpose: {text}").format(text=purpose)),
        Paragraph(_("Objectives: {text}").format(text=objective)),
    ]
    if data.strategies:
        table = Table(
            columns(
                _("Strategy"),
                _("Description"),
                _("Challenges"),
                (_("Activities"), Kind.INTEGER),
            ),
            caption=_("Strategies"),
        )
        for use in data.strategies:
            table.add(
                use.strategy.name,
                use.strategy.description,
                _list([c.name for c in use.challenges]),
                use.activities,
            )
        blocks.append(table)
    return blocks


def _period(data: ReportData) -> list[ReportBlock]:
    from planner.dates import format_date

    blocks: list[ReportBlock] = [
        Paragraph(
            _("This report covers {period}.").format(period=period_text(data.since, data.until))
        )
    ]
    if data.items:
        first = min(i.occurrences[0] for i in data.items).date()
        last = max(i.occurrences[-1] for i in data.items).date()
        blocks.append(
            Paragraph(
                _(
                    "{n} activities: {done} done, {preparing} in preparation, {cancelled} "
                    "cancelled; the first on {first}, the last on {last}."
                ).format(
                    n=len(data.items),
                    done=len(data.done),
                    preparing=len(data.preparing),
                    cancelled=len(data.cancelled),
                    first=format_date(first),
                    last=format_date(last),
                )
            )
        )
    else:
        blocks.append(Paragraph(_("No activity in this region falls in the period.")))
    return blocks


def _budget(data: ReportData) -> list[ReportBlock]:
    from planner.rules.labels import status_label

    table = Table(
        columns(
            (_("No."), Kind.INTEGER),
            _("Activity"),
            (_("Date"), Kind.DATE),
            _("Method"),
            _("Status"),
            (_("Planned (Rp)"), Kind.MONEY),
            (_("Used (Rp)"), Kind.MONEY),
        ),
        caption=_("Budget per activity"),
    )
    planned = used = 0
    for n, item in enumerate(data.active, start=1):
        a = item.detail.activity
        spent = a.budget if item.status == DONE else None
        planned += a.budget or 0
        used += spent or 0
        table.add(
            n,
            a.title,
            item.occurrences[0].date(),
            item.detail.method.name if item.detail.method else "",
            status_label(a.status),
            a.budget,
            spent,
        )
    table.totals = [None, _("Total"), None, None, None, planned, used]
    return [
        table,
        Paragraph(
            _(
                "Planned: {planned}; used: {used}. The used budget is the budget of the "
                "activities held; cancelled activities are left out."
            ).format(planned=rupiah(planned), used=rupiah(used))
        ),
    ]


def _team_blocks(data: ReportData, include_contacts: bool) -> list[ReportBlock]:
    from planner.rules.labels import category_label, role_label

    if not data.team:
        return [Paragraph(_("No stakeholder is recorded for the activities in the period."))]
    specs: list[tuple[str, Kind] | str] = [
        (_("No."), Kind.INTEGER),
        _("Name"),
        _("Category"),
        _("Role"),
        (_("Activities"), Kind.INTEGER),
    ]
    if include_contacts:
        specs += [_("Contact person"), _("Position"), _("Phone"), _("E-mail")]
    table = Table(columns(*specs), caption=_("Stakeholders and their roles"))
    for n, member in enumerate(data.team, start=1):
        s = member.stakeholder
        cells: list[CellValue] = [
            n,
            s.name,
            category_label(s.category),
            _list([role_label(r) for r in member.roles]),
            member.activities,
        ]
        if include_contacts:
            cells += [s.contact_person, s.contact_title, s.phone, s.email]
        table.add(*cells)
    blocks: list[ReportBlock] = [table]
    if not include_contacts:
        blocks.append(Paragraph(_("Contact details are left out of this report.")))
    return blocks


def _preparation(data: ReportData) -> list[ReportBlock]:
    from planner.dates import h_label
    from planner.rules.labels import status_label

    if not data.preparing:
        return [Paragraph(_("No activity is still in preparation in this period."))]
    table = Table(
        columns(
            (_("No."), Kind.INTEGER),
            _("When"),
            _("H"),
            _("Activity"),
            _("Venue"),
            _("Method"),
            _("Segments"),
            (_("Participants planned"), Kind.INTEGER),
            (_("Budget (Rp)"), Kind.MONEY),
            _("Status"),
        ),
        caption=_("Activities in preparation"),
    )
    for n, item in enumerate(data.preparing, start=1):
        a = item.detail.activity
        election = item.detail.election
        h = (
            h_label(item.occurrences[0].date(), election.voting_day)
            if election is not None and election.voting_day is not None
            else ""
        )
        table.add(
            n,
            when_text(item),
            h,
            a.title,
            a.venue,
            item.detail.method.name if item.detail.method else "",
            _list([s.name for s in item.detail.segments]),
            a.target_participants,
            a.budget,
            status_label(a.status),
        )
    return [table]


def _implementation(data: ReportData) -> list[ReportBlock]:
    blocks: list[ReportBlock] = []
    if data.done:
        table = Table(
            columns(
                (_("No."), Kind.INTEGER),
                _("When"),
                _("Activity (method)"),
                _("Venue"),
                _("Segments"),
                _("Stakeholders"),
                (_("Participants planned"), Kind.INTEGER),
                (_("Participants reached"), Kind.INTEGER),
            ),
            caption=_("Activities held"),
        )
        for n, item in enumerate(data.done, start=1):
            a = item.detail.activity
            method = item.detail.method
            table.add(
                n,
                when_text(item),
                f"{a.title}\n({method.name})" if method else a.title,
                a.venue,
                _list([s.name for s in item.detail.segments]),
                _partners_short(item),
                a.target_participants,
                a.actual_participants,
            )
        blocks.append(table)
    else:
        blocks.append(Paragraph(_("No activity was held in this period.")))
    if data.cancelled:
        table = Table(
            columns(_("When"), _("Activity"), _("Reason")),
            caption=_("Cancelled activities"),
        )
        for item in data.cancelled:
            a = item.detail.activity
            table.add(when_text(item), a.title, a.outcome)
        blocks.append(table)
    return blocks


def _results(data: ReportData) -> list[ReportBlock]:
    done = data.done
    target = sum(i.detail.activity.target_participants or 0 for i in done)
    actual = sum(i.detail.activity.actual_participants or 0 for i in done)
    blocks: list[ReportBlock] = [
        Paragraph(
            _(
                "{n} activities were held and reached {actual} participants against "
                "{target} planned ({pct})."
            ).format(
                n=len(done),
                actual=number(actual),
                target=number(target),
                pct=percent(actual / target * 100 if target else None),
            )
        )
    ]
    if data.segments:
        from planner.exports.svg import PALETTE, Series, grouped_bar_chart

        planned_label, reached_label = _("Participants planned"), _("Participants reached")
        svg = grouped_bar_chart(
            chart_id="chart-reach",
            title=_("Planned and actual reach per segment"),
            description=_(
                "For each target group, the participants planned by the activities not "
                "cancelled and those the activities held reached; the table below gives the "
                "same figures."
            ),
            categories=[r.segment.name for r in data.segments],
            series=[
                Series(planned_label, PALETTE[4], hollow=True),
                Series(reached_label, PALETTE[0]),
            ],
            values=[[_float(r.target_all), _float(r.actual)] for r in data.segments],
            format_value=lambda v: number(round(v)),
            value_labels=True,
        )
        blocks.append(Chart(svg, _("Planned and actual reach per segment")))
        table = Table(
            columns(
                _("Segment"),
                (_("Done"), Kind.INTEGER),
                (_("In preparation"), Kind.INTEGER),
                (_("Participants planned"), Kind.INTEGER),
                (_("Planned for activities held"), Kind.INTEGER),
                (_("Participants reached"), Kind.INTEGER),
                (_("Achievement (%)"), Kind.PERCENT),
            ),
            caption=_("Reach per segment"),
        )
        for r in data.segments:
            table.add(
                r.segment.name,
                r.done,
                r.planned,
                r.target_all,
                r.target_done,
                r.actual,
                r.achievement,
            )
        blocks.append(table)
        blocks.append(
            Paragraph(
                _("An activity for several target groups counts its participants in each of them.")
            )
        )
    notes = [
        _("{title}: {outcome}").format(
            title=i.detail.activity.title, outcome=i.detail.activity.outcome
        )
        for i in done
        if i.detail.activity.outcome.strip()
    ]
    if notes:
        blocks.append(Paragraph(_("Outcome notes"), heading=True))
        blocks.append(Bullets(notes))
    return blocks


def build_report(data: ReportData, *, include_contacts: bool = False) -> Report:
    """The report's sections; phone numbers and e-mails only with include_contacts."""
    from planner.services.regions import region_label

    builders: dict[str, Callable[[], list[ReportBlock]]] = {
        "latar-belakang": lambda: _background(data),
        "sasaran": lambda: _targets(data),
        "maksud-tujuan": lambda: _purpose(data),
        "dasar-pelaksanaan": lambda: [Bullets(list(data.legal_basis), numbered=True)],
        "jangka-waktu": lambda: _period(data),
        "anggaran": lambda: _budget(data),
        "susunan-tim": lambda: _team_blocks(data, include_contacts),
        "persiapan": lambda: _preparation(data),
        "pelaksanaan": lambda: _implementation(data),
        "hasil": lambda: _results(data),
    }
    sections = [Section(key, _(title), builders[key]()) for key, title in SECTIONS]
    return Report(
        data=data,
        title=_("Socialization and voter education report"),
        subtitle=_("{region}, {period}").format(
            region=region_label(data.region), period=period_text(data.since, data.until)
        ),
        sections=sections,
        include_contacts=include_contacts,
    )


def section_label(index: int, title: str) -> str:
    """ "A. Latar Belakang": KPU's reports letter their sections."""
    return f"{chr(ord('A') + index)}. {title}"


def report_sheets(report: Report) -> list[Sheet]:
    """One worksheet per section; charts are left out, their tables are there."""
    sheets: list[Sheet] = []
    for n, section in enumerate(report.sections):
        blocks: list[Paragraph | Table] = [Paragraph(section_label(n, section.title), heading=True)]
        if n == 0:
            blocks.insert(0, Paragraph(report.subtitle))
            blocks.insert(0, Paragraph(report.title, heading=True))
        for block in section.blocks:
            if isinstance(block, Paragraph | Table):
                blocks.append(block)
            elif isinstance(block, Bullets):
                for i, item in enumerate(block.items, start=1):
                    blocks.append(Paragraph(f"{i}. {item}" if block.numbered else f"• {item}"))
        sheets.append(Sheet(section.title, blocks))
    return sheets
