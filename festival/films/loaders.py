"""The one loader of a film for a page: every domain's views load a film through it."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from festival.films import queries, rules
from festival.films.models import Film


def get_film(film_id: int, rule: rules.FilmRule = rules.can_view_film) -> Film:
    """The film, with what its page shows, if `rule` lets the current user at it; else 404,
    so its existence stays private."""
    film = queries.film_with_details(film_id)
    if film is None or not rule(current_user, film):
        abort(404)
    return film
