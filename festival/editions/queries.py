"""What the edition pages read, with what they show loaded up front."""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from festival.editions.models import Edition
from festival.extensions import db


def public_editions() -> list[Edition]:
    """Published editions that are not archived, newest first."""
    return db.session.scalars(
        db.select(Edition)
        .where(Edition.is_published.is_(True), Edition.archived_at.is_(None))
        .options(selectinload(Edition.deadlines))
        .order_by(Edition.year.desc(), Edition.name)
    ).all()


def all_editions() -> list[Edition]:
    """Every edition for staff: live ones first, then archived, newest first."""
    return db.session.scalars(
        db.select(Edition)
        .options(selectinload(Edition.deadlines), selectinload(Edition.categories))
        .order_by(Edition.archived_at.is_not(None), Edition.year.desc(), Edition.name)
    ).all()


def edition_by_slug(slug: str) -> Edition | None:
    return db.session.scalar(
        db.select(Edition)
        .where(Edition.slug == slug)
        .options(selectinload(Edition.deadlines), selectinload(Edition.categories))
    )


def slug_is_taken(slug: str, *, other_than: Edition | None = None) -> bool:
    query = db.select(Edition.id).where(Edition.slug == slug)
    if other_than is not None and other_than.id is not None:
        query = query.where(Edition.id != other_than.id)
    return db.session.scalar(query.limit(1)) is not None
