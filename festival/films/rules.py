"""Who may see and change a film entry: its owner and the festival's staff.

The one statement of "the film's owner" and "owner or staff"; disclosure and media compose
these predicates (`can_watch = can_view_film`) rather than restate them."""

from __future__ import annotations

from collections.abc import Callable

from festival.films.models import Film

MAX_STILLS = 10

FilmRule = Callable[[object, Film], bool]
"""(user, film) -> whether the user may reach the film; what `loaders.get_film` checks."""


def is_owner(user, film: Film) -> bool:
    return bool(user.is_authenticated and film.owner_id == user.id)


def is_owner_or_staff(user, film: Film) -> bool:
    return is_owner(user, film) or bool(user.is_authenticated and user.is_staff)


can_view_film = is_owner_or_staff
can_edit_film = is_owner_or_staff
can_view_images = can_view_film
"""Posters and stills are private for now; a published disclosure card may widen this."""


def can_add_still(film: Film) -> bool:
    return len(film.stills) < MAX_STILLS
