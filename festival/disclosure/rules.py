"""Who may see and change a film's disclosure: its owner edits, staff view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from festival.database import utcnow
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


def is_owner(user, film: Film) -> bool:
    return user.is_authenticated and film.owner_id == user.id


def can_view(user, film: Film) -> bool:
    return is_owner(user, film) or (user.is_authenticated and user.is_staff)


def can_edit(user, film: Film, now: datetime | None = None) -> bool:
    return is_owner(user, film) and edit_lock(film, now) is None


def can_read_consent_documents(user, film: Film) -> bool:
    """Consent documents are never public: the owner and festival staff only."""
    return can_view(user, film)


CredentialsSource = Callable[[Film], dict | None]
_credentials_sources: list[CredentialsSource] = []


def register_credentials_source(source: CredentialsSource) -> CredentialsSource:
    """Let the media domain say what the film's screener's C2PA manifest declares
    (`{"present", "valid", "declared_types"}`), without `disclosure` importing `media`."""
    _credentials_sources.append(source)
    return source


def screener_credentials(film: Film) -> dict | None:
    return next((found for source in _credentials_sources if (found := source(film))), None)
