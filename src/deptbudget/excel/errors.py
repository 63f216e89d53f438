"""Errors the Excel shell shows to the user as a plain Chinese alert (never a traceback)."""

from __future__ import annotations


class UserError(Exception):
    """A user's mistake or an unavailable feature; `message` is the Chinese text to show."""

    def __init__(self, message: str, title: str = "部门预算"):
        super().__init__(message)
        self.message = message
        self.title = title
