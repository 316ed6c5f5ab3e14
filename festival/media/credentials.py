"""Hands the disclosure pages what the film's newest screener's C2PA manifest declares."""

from __future__ import annotations

from festival.disclosure.rules import register_credentials_source
from festival.films.models import Film
from festival.media import queries


@register_credentials_source
def latest_screener_credentials(film: Film) -> dict | None:
    for screener in queries.screeners_of(film.id):
        if screener.c2pa is not None:
            return screener.c2pa
    return None
