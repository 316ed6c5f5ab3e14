"""The one kind of error a service raises for the user to act on.

A service says *what kind* of refusal it is (`RefusalKind`), never an HTTP status: the view
boundary (`festival.transactions`) maps the kind to a status for JSON clients and pages."""

from __future__ import annotations

from enum import StrEnum


class RefusalKind(StrEnum):
    """Why a change was refused, in the service's words; `transactions.http_status` maps it."""

    INVALID = "invalid"  # the input breaks a rule: fix it and try again
    NOT_FOUND = "not_found"  # the thing is not there (or not yours to know of)
    FORBIDDEN = "forbidden"  # the actor may not do this
    CONFLICT = "conflict"  # the state moved on (a stale revision, a locked record)


class Refusal(Exception):
    """A refusal the user can act on: `message` (often a lazy string) is shown on the page,
    next to the form field `field` names, or above the form when `field` is None."""

    kind: RefusalKind = RefusalKind.INVALID

    def __init__(self, message, field: str | None = None, *, kind: RefusalKind | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if kind is not None:
            self.kind = kind

    def __str__(self) -> str:
        return str(self.message)
