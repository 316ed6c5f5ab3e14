"""What a submission fixes once its call has closed: the film's AI disclosure.

Until the last deadline a filmmaker may change the disclosure (a change after submitting
starts a new version); after it, programmers and juries judge one fixed version."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from festival.disclosure.rules import register_edit_lock
from festival.editions.schedule import deadline_end, last_deadline
from festival.extensions import db
from festival.films.models import Film
from festival.submissions.enums import OPEN_STATES, SubmissionStatus
from festival.submissions.models import Submission

LOCKING_STATES = OPEN_STATES - {SubmissionStatus.DRAFT}


@register_edit_lock
def closed_call_lock(film: Film, now: datetime) -> str | None:
    submissions = db.session.scalars(
        db.select(Submission).where(
            Submission.film_id == film.id, Submission.status.in_(LOCKING_STATES)
        )
    ).all()
    for submission in submissions:
        final = last_deadline(submission.edition)
        if final is not None and deadline_end(submission.edition, final) <= now:
            return str(
                _l(
                    "The call of %(edition)s has closed: the disclosure it judges can no longer "
                    "change.",
                    edition=submission.edition.name,
                )
            )
    return None
