"""How a film's stored values read on a page (templating lists them as filters)."""

from __future__ import annotations

from festival.films.enums import Genre


def genre_label(value: str) -> str:
    """The genre in the reader's language; a value no longer in `Genre` as stored."""
    try:
        return Genre(value).label
    except ValueError:
        return value
