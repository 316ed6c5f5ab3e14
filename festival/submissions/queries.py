"""What the submission pages read, with what they show loaded up front."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import joinedload, selectinload

from festival.editions.models import Edition
from festival.editions.schedule import is_open
from festival.extensions import db
from festival.films.models import Film
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission, SubmissionEvent

_LISTED = (
    joinedload(Submission.film),
    joinedload(Submission.edition),
    joinedload(Submission.category),
    joinedload(Submission.outcome),
    joinedload(Submission.waiver_code),
    joinedload(Submission.deadline),
)


def open_editions(now: datetime) -> list[Edition]:
    """Editions taking entries at `now`, with their categories."""
    editions = db.session.scalars(
        db.select(Edition)
        .where(Edition.is_published.is_(True), Edition.archived_at.is_(None))
        .options(selectinload(Edition.deadlines), selectinload(Edition.categories))
        .order_by(Edition.year.desc(), Edition.name)
    ).all()
    return [edition for edition in editions if is_open(edition, now)]


def submissions_of(user) -> list[Submission]:
    """Every submission of the filmmaker's films, newest first, with their dated history."""
    return db.session.scalars(
        db.select(Submission)
        .join(Submission.film)
        .where(Film.owner_id == user.id)
        .options(*_LISTED, selectinload(Submission.events).joinedload(SubmissionEvent.actor))
        .order_by(Submission.created_at.desc(), Submission.id.desc())
    ).all()


def edition_submissions(
    edition: Edition, *, category_id: int | None = None, status: SubmissionStatus | None = None
) -> list[Submission]:
    """An edition's submissions for staff, optionally of one category or status."""
    query = (
        db.select(Submission)
        .where(Submission.edition_id == edition.id)
        .options(*_LISTED, joinedload(Submission.film).joinedload(Film.owner))
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
    )
    if category_id is not None:
        query = query.where(Submission.category_id == category_id)
    if status is not None:
        query = query.where(Submission.status == status)
    return db.session.scalars(query).unique().all()


def submission_for_page(submission_id: int) -> Submission | None:
    """One submission with everything its detail page shows."""
    return db.session.scalar(
        db.select(Submission)
        .where(Submission.id == submission_id)
        .options(
            *_LISTED,
            joinedload(Submission.film).joinedload(Film.owner),
            joinedload(Submission.disclosure),
            selectinload(Submission.events).joinedload(SubmissionEvent.actor),
        )
    )
