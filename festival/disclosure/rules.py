"""Who may see and change a film's disclosure: its owner edits, staff view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from festival.database import utcnow
from festival.films import rules as film_rules
from festival.films.models import Film

EditLock = Callable[[Film, datetime], str | None]
_edit_locks: list[EditLock] = []


def register_edit_lock(lock: EditLock) -> EditLock:
    """Let a domain above this one (submissions) lock a film's disclosure: `lock(film, now)`
    returns a user-facing reason, or None. Keeps `disclosure` from importing `submissions`."""
    _edit_locks.append(lock)
    return lock


def edit_lock(film: Film, now: datetime | None = None) -> str | None:
    now = now or utcnow()
    return next((reason for lock in _edit_locks if (reason := lock(film, now))), None)


can_view = film_rules.can_view_film


def can_edit(user, film: Film, now: datetime | None = None) -> bool:
    """The owner alone answers the disclosure, and only while nothing locks it."""
    return film_rules.is_owner(user, film) and edit_lock(film, now) is None


can_read_consent_documents = film_rules.can_view_film
"""Consent documents are never public: the owner and festival staff only."""


CredentialsSource = Callable[[Film], dict | None]
_credentials_sources: list[CredentialsSource] = []


def register_credentials_source(source: CredentialsSource) -> CredentialsSource:
    """Let the media domain say what the film's screener's C2PA manifest declares
    (`{"present", "valid", "declared_types"}`), without `disclosure` importing `media`."""
    _credentials_sources.append(source)
    return source


def screener_credentials(film: Film) -> dict | None:
    return next((found for source in _credentials_sources if (found := source(film))), None)
