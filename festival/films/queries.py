"""What the film pages read, with what they show loaded up front."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from festival.extensions import db
from festival.films.models import Film, FilmImage


def films_owned_by(user) -> list[Film]:
    """A filmmaker's films, newest first, with their images for the poster thumbnails."""
    return db.session.scalars(
        db.select(Film)
        .where(Film.owner_id == user.id)
        .options(selectinload(Film.images))
        .order_by(Film.created_at.desc(), Film.id.desc())
    ).all()


def film_with_details(film_id: int) -> Film | None:
    """A film with its owner, credits and images, as its page shows them."""
    return db.session.scalar(
        db.select(Film)
        .where(Film.id == film_id)
        .options(
            joinedload(Film.owner),
            selectinload(Film.credits),
            selectinload(Film.images),
        )
    )


def film_image(film: Film, image_id: int) -> FilmImage | None:
    return next((image for image in film.images if image.id == image_id), None)
