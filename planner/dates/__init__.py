"""Dates for the planner: reading what people type, writing it back, and repeating.

Core code: never imports Textual. Every message goes through planner.i18n.
"""

from planner.dates.format import (
    days_to,
    format_date,
    format_datetime,
    format_day_month,
    format_short_date,
    format_time,
    h_label,
    month_name,
    weekday_name,
)
from planner.dates.parse import When, parse_date, parse_when
from planner.dates.recurrence import describe_rrule, expand, normalize_rrule, parse_recurrence

__all__ = [
    "When",
    "days_to",
    "describe_rrule",
    "expand",
    "format_date",
    "format_datetime",
    "format_day_month",
    "format_short_date",
    "format_time",
    "h_label",
    "month_name",
    "normalize_rrule",
    "parse_date",
    "parse_recurrence",
    "parse_when",
    "weekday_name",
]
