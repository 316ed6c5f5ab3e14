"""The one kind of error a service raises for the user to act on."""

from __future__ import annotations


class Refusal(Exception):
    """A refusal the user can act on: `message` (often a lazy string) is shown on the page,
    next to the form field `field` names, or above the form when `field` is None."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
