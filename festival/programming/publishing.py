"""Publishing the edition's programme, and taking it down.

Only confirmed screenings are public. Publishing is refused, with the entries named, while a
confirmed screening (of a block or of a single film) holds a film whose decision is not
released as selected. Unpublishing takes every public page and feed down at once: each public
read asks `is_published` first. `revision` grows with each publish and unpublish (the feeds'
ETag and the iCalendar SEQUENCE read it)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from festival.audit.services import record
from festival.database import utcnow
from festival.editions.models import Edition
from festival.extensions import db
from festival.films.models import Film
from festival.programming.models.programme import (
    BlockFilm,
    ProgrammePublication,
    Screening,
    ScreeningState,
    Venue,
)
from festival.programming.selection import Selection, selection_of
from festival.refusals import Refusal, RefusalKind
from festival.submissions.models import Submission


class PublishingError(Refusal):
    """Publishing or unpublishing refused, with the reason for the festival."""


def publication_of(edition: Edition) -> ProgrammePublication | None:
    return db.session.get(ProgrammePublication, edition.id)


def is_published(edition: Edition) -> bool:
    publication = publication_of(edition)
    return publication is not None and publication.is_published


def confirmed_entry_ids(edition: Edition) -> set[int]:
    """The entries a confirmed screening of the edition shows (in a block or alone)."""
    confirmed = (Screening.edition_id == edition.id, Screening.state == ScreeningState.CONFIRMED)
    alone = db.select(Screening.submission_id).where(
        *confirmed, Screening.submission_id.is_not(None)
    )
    in_blocks = (
        db.select(BlockFilm.submission_id)
        .join(Screening, Screening.block_id == BlockFilm.block_id)
        .where(*confirmed)
    )
    return set(db.session.scalars(alone.union(in_blocks)))


def unreleased_entries(edition: Edition) -> list[Submission]:
    """Entries of confirmed screenings that are not released as selected, by title."""
    selections = selection_of(confirmed_entry_ids(edition))
    held = [sid for sid, selection in selections.items() if selection is not Selection.SELECTED]
    if not held:
        return []
    return db.session.scalars(
        db.select(Submission)
        .join(Film, Film.id == Submission.film_id)
        .where(Submission.id.in_(held))
        .order_by(db.func.lower(Film.title), Submission.id)
    ).all()


def publish_refusal(edition: Edition) -> str | None:
    """Why the programme cannot be published now (the entries named), or None."""
    held = unreleased_entries(edition)
    if not held:
        return None
    return str(
        _l(
            "Confirmed screenings hold films whose decision is not released as selected: "
            "%(titles)s. Release their decisions or take them out of the screenings first.",
            titles=", ".join(f"“{entry.film.title}”" for entry in held),
        )
    )


def publish(edition: Edition, *, actor, now: datetime | None = None) -> ProgrammePublication:
    """Make the programme public (its pages and feeds); audited."""
    publication = publication_of(edition)
    if publication is not None and publication.is_published:
        raise PublishingError(_l("The programme is already published."), kind=RefusalKind.CONFLICT)
    reason = publish_refusal(edition)
    if reason is not None:
        raise PublishingError(reason, kind=RefusalKind.CONFLICT)
    if publication is None:
        publication = ProgrammePublication(edition_id=edition.id, revision=0)
        db.session.add(publication)
    publication.is_published = True
    publication.published_at = now or utcnow()
    publication.published_by_id = getattr(actor, "id", None)
    publication.revision = (publication.revision or 0) + 1
    db.session.flush()
    record("programme_published", edition, actor=actor, after={"revision": publication.revision})
    return publication


def unpublish(edition: Edition, *, actor) -> ProgrammePublication:
    """Take every public page and feed of the programme down at once; audited."""
    publication = publication_of(edition)
    if publication is None or not publication.is_published:
        raise PublishingError(_l("The programme is not published."), kind=RefusalKind.CONFLICT)
    publication.is_published = False
    publication.revision += 1
    db.session.flush()
    record("programme_unpublished", edition, actor=actor, after={"revision": publication.revision})
    return publication


def venues_of(edition: Edition) -> list[Venue]:
    """The edition's venues, for the links to each venue's calendar."""
    return db.session.scalars(
        db.select(Venue).where(Venue.edition_id == edition.id).order_by(Venue.position, Venue.id)
    ).all()
