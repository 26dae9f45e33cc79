"""Activities as an iCalendar file (RFC 5545) for office and phone calendars.

Written by hand: the format is small, and the parts that matter here
(escaping, folding at 75 octets, a fixed time zone, RRULE pass-through) are
a few lines each. Times are stored as the wall clock where the activity
happens, so every event carries TZID with a VTIMEZONE for the scope's zone
(WIB, WITA or WIT); none of them has daylight saving time, so one fixed
STANDARD block describes it exactly and phone calendars show the times
right wherever the phone is.

UIDs are "activity-<id>@<scope>.planner.invalid": stable across exports,
so importing a newer file updates events instead of doubling them, and
under the reserved .invalid domain so they can never clash with a real one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from planner.exports.tables import load_details
from planner.i18n import _
from planner.models import Activity
from planner.services.activities import ActivityDetail, ActivityFilter, list_activities
from planner.services.regions import region_label

PRODID = "-//KPU socialization planner//planner//ID"
LINE_OCTETS = 75
CRLF = "\r\n"

_STATUS = {
    "rencana": "TENTATIVE",
    "terkonfirmasi": "CONFIRMED",
    # Held: as firm as a confirmed one, and a calendar has no "done".
    "terlaksana": "CONFIRMED",
    "batal": "CANCELLED",
}
# RFC 5545 TEXT may hold no control characters but tab; line breaks are escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Zone:
    """A fixed-offset Indonesian time zone."""

    tzid: str
    hours: int
    abbreviation: str


WIB = Zone("Asia/Jakarta", 7, "WIB")
WITA = Zone("Asia/Makassar", 8, "WITA")
WIT = Zone("Asia/Jayapura", 9, "WIT")

# Provinces by Kemendagri code; every province not listed is on WIB.
_WITA_PROVINCES = frozenset(
    {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
)
_WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96", "97"})


def zone_for(region_code: str | None) -> Zone:
    """The time zone a region's wall clock is in (WIB when unknown)."""
    province = (region_code or "")[:2]
    if province in _WITA_PROVINCES:
        return WITA
    if province in _WIT_PROVINCES:
        return WIT
    return WIB


def escape_text(text: str) -> str:
    """A TEXT value with \\ ; , and line breaks escaped (RFC 5545 3.3.11)."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """The content line folded so no physical line exceeds 75 octets (RFC 5545 3.1).

    Splits fall between UTF-8 sequences, never inside one, so a folded
    "Pendopo Kecamatan" never breaks an é or an emoji in two.
    """
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    start, limit = 0, LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
        # A continuation line starts with a space, which counts.
        limit = LINE_OCTETS - 1
    return (CRLF + " ").join(parts)


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def ics_rrule(rule: str, *, all_day: bool, zone: Zone) -> str:
    """The stored rule with UNTIL in the form RFC 5545 requires beside DTSTART.

    Rules are stored with a local UNTIL (20241231T235959); with a TZID start
    the standard wants UTC, and with a date start a plain date.
    """
    parts = []
    for part in rule.removeprefix("RRULE:").split(";"):
        name, _sep, value = part.partition("=")
        if name == "UNTIL" and not value.endswith("Z"):
            local = (
                datetime.strptime(value, "%Y%m%dT%H%M%S")
                if "T" in value
                else datetime.strptime(value, "%Y%m%d").replace(hour=23, minute=59, second=59)
            )
            value = _day(local.date()) if all_day else _utc(local - timedelta(hours=zone.hours))
        parts.append(f"{name}={value}")
    return ";".join(parts)


def vtimezone(zone: Zone) -> list[str]:
    offset = f"+{zone.hours:02d}00"
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{zone.tzid}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        f"TZNAME:{zone.abbreviation}",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def uid_for(activity_id: int, scope_code: str | None) -> str:
    host = f"{scope_code.replace('.', '')}.planner.invalid" if scope_code else "planner.invalid"
    return f"activity-{activity_id}@{host}"


def _description(detail: ActivityDetail) -> str:
    from planner.rules.labels import role_label, status_label

    a = detail.activity
    lines: list[str] = []
    if a.description:
        lines += [a.description, ""]
    lines.append(_("Status: {status}").format(status=status_label(a.status)))
    if detail.segments:
        lines.append(
            _("Segments: {names}").format(names=", ".join(s.name for s in detail.segments))
        )
    if detail.regions:
        lines.append(
            _("Regions: {names}").format(names=", ".join(region_label(r) for r in detail.regions))
        )
    if detail.method is not None:
        lines.append(_("Method: {name}").format(name=detail.method.name))
    if detail.strategy is not None:
        lines.append(_("Strategy: {name}").format(name=detail.strategy.name))
    if detail.stakeholders:
        lines.append(
            _("Stakeholders: {names}").format(
                names=", ".join(f"{s.name} ({role_label(r)})" for s, r in detail.stakeholders)
            )
        )
    if detail.election is not None:
        lines.append(_("Election: {name}").format(name=detail.election.name))
    if a.target_participants is not None:
        lines.append(_("Participants planned: {n}").format(n=a.target_participants))
    if a.actual_participants is not None:
        lines.append(_("Participants reached: {n}").format(n=a.actual_participants))
    if a.outcome:
        lines += ["", a.outcome]
    return "\n".join(lines)


def _location(detail: ActivityDetail) -> str:
    venue = detail.activity.venue.strip()
    if venue:
        return venue
    return ", ".join(region_label(r) for r in detail.regions)


def vevent(detail: ActivityDetail, *, zone: Zone, scope_code: str | None) -> list[str]:
    a = detail.activity
    assert a.id is not None
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid_for(a.id, scope_code)}",
        # Without METHOD, DTSTAMP is when the event was last revised: the
        # stored UTC update time, which also keeps exports reproducible.
        f"DTSTAMP:{_utc(a.updated_at)}",
        f"CREATED:{_utc(a.created_at)}",
        f"LAST-MODIFIED:{_utc(a.updated_at)}",
        f"SEQUENCE:{max(0, a.version - 1)}",
    ]
    if a.all_day:
        first = a.start.date()
        # DTEND of a date is exclusive: the day after the last one.
        last = a.end.date() if a.end is not None and a.end.date() > first else first
        lines += [
            f"DTSTART;VALUE=DATE:{_day(first)}",
            f"DTEND;VALUE=DATE:{_day(last + timedelta(days=1))}",
        ]
    else:
        lines.append(f"DTSTART;TZID={zone.tzid}:{_local(a.start)}")
        # No end stored: the event is left without one (it ends as it starts)
        # rather than given a made-up length.
        if a.end is not None and a.end > a.start:
            lines.append(f"DTEND;TZID={zone.tzid}:{_local(a.end)}")
    if a.rrule:
        lines.append(f"RRULE:{ics_rrule(a.rrule, all_day=a.all_day, zone=zone)}")
    lines.append(f"SUMMARY:{escape_text(a.title)}")
    location = _location(detail)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append(f"DESCRIPTION:{escape_text(_description(detail))}")
    if detail.segments:
        lines.append("CATEGORIES:" + ",".join(escape_text(s.name) for s in detail.segments))
    lines.append(f"STATUS:{_STATUS.get(a.status, 'TENTATIVE')}")
    # A cancelled activity blocks no one's time.
    lines.append("TRANSP:" + ("TRANSPARENT" if a.status == "batal" else "OPAQUE"))
    lines.append("END:VEVENT")
    return lines


def calendar_lines(
    details: Sequence[ActivityDetail], *, name: str, zone: Zone, scope_code: str | None
) -> list[str]:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        # Not standard, but the calendar's name and zone in Google, Apple and Outlook.
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{zone.tzid}",
    ]
    if any(not d.activity.all_day for d in details):
        lines += vtimezone(zone)
    for detail in details:
        lines += vevent(detail, zone=zone, scope_code=scope_code)
    lines.append("END:VCALENDAR")
    return lines


def render_calendar(
    details: Sequence[ActivityDetail], *, name: str, zone: Zone, scope_code: str | None
) -> str:
    """The iCalendar text, lines folded and ended with CRLF."""
    lines = calendar_lines(details, name=name, zone=zone, scope_code=scope_code)
    return "".join(fold(line) + CRLF for line in lines)


def activities_calendar(
    session: Session, flt: ActivityFilter | None = None
) -> tuple[str, list[Activity]]:
    """The .ics text of the activities matching the filter, and those activities."""
    from planner.models import Region
    from planner.services.settings import scope_region

    scope_code = scope_region(session)
    scope = session.get(Region, scope_code) if scope_code else None
    activities = list_activities(session, flt)
    details = load_details(session, activities)
    name = _("Socialization activities")
    if scope is not None:
        name = f"{name} — {region_label(scope)}"
    text = render_calendar(
        [details[a.id] for a in activities if a.id is not None],
        name=name,
        zone=zone_for(scope_code),
        scope_code=scope_code,
    )
    return text, activities
