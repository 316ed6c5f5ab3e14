"""Who may see and change a film's disclosure: its owner edits, staff view."""

from __future__ import annotations

from festival.films.models import Film


def is_owner(user, film: Film) -> bool:
    return user.is_authenticated and film.owner_id == user.id


def can_view(user, film: Film) -> bool:
    return is_owner(user, film) or (user.is_authenticated and user.is_staff)


def can_edit(user, film: Film) -> bool:
    return is_owner(user, film)


def can_read_consent_documents(user, film: Film) -> bool:
    """Consent documents are never public: the owner and festival staff only."""
    return can_view(user, film)
