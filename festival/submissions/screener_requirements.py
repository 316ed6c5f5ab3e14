"""Tells the media QC report which editions a film is entered in, and their requirements."""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from festival.editions.models import Edition
from festival.extensions import db
from festival.films.models import Film
from festival.media.reports import register_requirements_source
from festival.submissions.enums import OPEN_STATES
from festival.submissions.models import Submission


@register_requirements_source
def entered_editions(film: Film):
    submissions = db.session.scalars(
        db.select(Submission)
        .join(Submission.edition)
        .where(
            Submission.film_id == film.id,
            Submission.status.in_(OPEN_STATES),
            Edition.archived_at.is_(None),
        )
        .options(selectinload(Submission.edition))
        .order_by(Submission.id)
    )
    editions = {submission.edition_id: submission.edition for submission in submissions}
    return [(edition.name, edition.screener_requirements) for edition in editions.values()]
