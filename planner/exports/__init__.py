"""Everything the planner hands back: lists as CSV and XLSX, calendars, reports.

Core code: never imports Textual, so the CLI and the TUI share every export.
Start with planner.exports.run (`ExportRequest`, `build_export`) and write
the bytes with planner.exports.files.write_atomic.
"""

from planner.exports.files import write_atomic
from planner.exports.run import (
    FORMATS,
    FORMATS_FOR,
    KINDS,
    ExportRefused,
    ExportRequest,
    ExportResult,
    build_export,
    check_request,
)

__all__ = [
    "FORMATS",
    "FORMATS_FOR",
    "KINDS",
    "ExportRefused",
    "ExportRequest",
    "ExportResult",
    "build_export",
    "check_request",
    "write_atomic",
]
