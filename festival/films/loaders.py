"""The one loader of a film for a page: every domain's views load a film through it."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from festival.extensions import db
from festival.films import queries, rules
from festival.films.models import Film


def get_film(
    film_id: int, rule: rules.FilmRule = rules.can_view_film, *, details: bool = True
) -> Film:
    """The film, with what its page shows (or, `details=False`, just the row, for an endpoint
    polled every few seconds), if `rule` lets the current user at it; else 404, so its
    existence stays private."""
    film = queries.film_with_details(film_id) if details else db.session.get(Film, film_id)
    if film is None or not rule(current_user, film):
        abort(404)
    return film
