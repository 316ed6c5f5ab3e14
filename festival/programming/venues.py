"""The venues of an edition: each screen's name (and Korean name), address, seats, the
minutes it needs between two screenings, and the days it is closed (ISO dates on the
edition's clock)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from festival.audit.services import record
from festival.editions.models import Edition
from festival.extensions import db
from festival.programming.models.programme import Screening, Venue
from festival.refusals import Refusal, RefusalKind

VENUE_FIELDS = ("name", "name_ko", "address", "capacity", "changeover_minutes", "closed_on")


class VenueError(Refusal):
    """A venue refused with a message for the user."""


def venues_of(edition: Edition) -> list[Venue]:
    return db.session.scalars(
        db.select(Venue).where(Venue.edition_id == edition.id).order_by(Venue.position, Venue.id)
    ).all()


def closed_days(days: list[date]) -> list[str]:
    """The stored form of closed days: sorted ISO dates, each once."""
    return sorted({day.isoformat() for day in days})


def _row(venue: Venue) -> dict:
    return {name: getattr(venue, name) for name in VENUE_FIELDS}


def _check_name(edition: Edition, name: str, venue: Venue | None = None) -> None:
    taken = db.session.scalar(
        db.select(Venue.id).where(
            Venue.edition_id == edition.id,
            db.func.lower(Venue.name) == name.lower(),
            Venue.id != (venue.id if venue else -1),
        )
    )
    if taken is not None:
        raise VenueError(
            _l("This edition already has a venue of that name."),
            "name",
            kind=RefusalKind.CONFLICT,
        )


def add_venue(edition: Edition, *, actor, closed_on: list[date], **fields) -> Venue:
    _check_name(edition, fields["name"])
    position = db.session.scalar(
        db.select(db.func.count(Venue.id)).where(Venue.edition_id == edition.id)
    )
    venue = Venue(
        edition_id=edition.id, closed_on=closed_days(closed_on), position=position, **fields
    )
    db.session.add(venue)
    db.session.flush()
    record("venue_added", venue, actor=actor, after=_row(venue))
    return venue


def update_venue(venue: Venue, *, actor, closed_on: list[date], **fields) -> Venue:
    _check_name(venue.edition, fields["name"], venue)
    before = _row(venue)
    for name, value in fields.items():
        setattr(venue, name, value)
    venue.closed_on = closed_days(closed_on)
    db.session.flush()
    record("venue_changed", venue, actor=actor, before=before, after=_row(venue))
    return venue


def delete_venue(venue: Venue, *, actor) -> None:
    """Remove a venue with no screenings (cancelled ones included: they are its history)."""
    used = db.session.scalar(db.select(Screening.id).where(Screening.venue_id == venue.id).limit(1))
    if used is not None:
        raise VenueError(
            _l("This venue has screenings: move or delete them first."),
            kind=RefusalKind.CONFLICT,
        )
    record("venue_deleted", venue, actor=actor, before=_row(venue))
    db.session.delete(venue)
    db.session.flush()
