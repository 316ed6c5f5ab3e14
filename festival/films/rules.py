"""Who may see and change a film entry: its owner and the festival's staff."""

from __future__ import annotations

from festival.films.models import Film

MAX_STILLS = 10


def is_owner(user, film: Film) -> bool:
    return bool(user.is_authenticated and film.owner_id == user.id)


def can_view_film(user, film: Film) -> bool:
    return is_owner(user, film) or bool(user.is_authenticated and user.is_staff)


def can_edit_film(user, film: Film) -> bool:
    return is_owner(user, film) or bool(user.is_authenticated and user.is_staff)


def can_view_images(user, film: Film) -> bool:
    """Posters and stills are private for now; a published disclosure card may widen this."""
    return can_view_film(user, film)


def can_add_still(film: Film) -> bool:
    return len(film.stills) < MAX_STILLS
