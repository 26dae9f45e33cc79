"""Errors the core raises; the CLI and the TUI turn them into one clear line."""

from __future__ import annotations


class PlannerError(Exception):
    """Base of every error a user should see as a message, not a traceback."""


class InvalidInput(PlannerError):
    """A value the user gave is wrong; names the field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(PlannerError):
    """A record named by the user does not exist."""


class ImportProblem(PlannerError):
    """A file cannot be imported; names the file, the row and the column."""

    def __init__(
        self, path: str, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        where = path
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.row = row
        self.column = column
        self.message = message
