"""Scoring: a reviewer's draft, its submission, and a programmer reopening it.

Every save names the revision of the review it started from, so two tabs (or two windows on
two machines) cannot silently overwrite each other: the second is refused and keeps its input.
A submitted jury review is locked; a screening rating stays its programmer's to change while
the round is open. Every submitted score, and every change after, is in the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from festival.audit.services import record
from festival.extensions import db
from festival.judging import blind, rules
from festival.judging.enums import ReviewState
from festival.judging.models import Assignment, Review, Score
from festival.judging.scale import weighted_total
from festival.media import viewing
from festival.notifications.services import queue_templated_email
from festival.refusals import Refusal, RefusalKind

MAX_COMMENT = 10_000


class ReviewRefusal(Refusal):
    """A refused save; nothing of it is stored. `revision` is the review's current revision
    when another tab saved first."""

    def __init__(self, message, field=None, *, kind=RefusalKind.INVALID, revision=None):
        super().__init__(message, field, kind=kind)
        self.revision = revision


def parse_scores(assignment: Assignment, raw: Mapping) -> dict[int, int]:
    """`raw` maps criterion ids (as given by a form or JSON) to values; an empty value leaves
    the criterion unscored. Each must be a criterion of this round, and a whole number on its
    scale."""
    criteria = {criterion.id: criterion for criterion in assignment.round.criteria}
    values = {}
    for key, value in raw.items():
        try:
            criterion = criteria[int(key)]
        except (KeyError, TypeError, ValueError):
            raise ReviewRefusal(
                _l("A score was sent for a criterion that is not in this round's rubric.")
            ) from None
        if value is None or value == "":
            continue
        number = _whole_number(value)
        if number is None or not criterion.scale_min <= number <= criterion.scale_max:
            raise ReviewRefusal(
                _l(
                    "Give “%(name)s” a whole number from %(low)d to %(high)d.",
                    name=criterion.name,
                    low=criterion.scale_min,
                    high=criterion.scale_max,
                ),
                f"score-{criterion.id}",
            )
        values[criterion.id] = number
    return values


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().removeprefix("-").isdecimal():
        return int(value.strip())
    return None


def _check_text(comment: str, note: str) -> tuple[str, str]:
    for text, field in ((comment, "comment"), (note, "note_to_filmmaker")):
        if len(text or "") > MAX_COMMENT:
            raise ReviewRefusal(_l("Keep it under %(count)d characters.", count=MAX_COMMENT), field)
    return (comment or "").strip(), (note or "").strip()


def save_review(
    assignment: Assignment,
    *,
    actor,
    scores: Mapping,
    comment: str = "",
    note_to_filmmaker: str = "",
    revision: int | None,
    submit: bool,
    now: datetime,
) -> Review:
    """Save the reviewer's draft, or submit it. `revision` is the review's revision the page
    was showing (None or 0 for a review not yet started). Raises `ReviewRefusal`; the caller
    then rolls back, and nothing was stored."""
    lock = rules.score_lock(actor, assignment, now)
    if lock is not None:
        raise ReviewRefusal(lock.reason, kind=lock.kind)
    review = assignment.review
    round_ = assignment.round
    current = review.revision if review is not None else 0
    if (revision or 0) != current:
        raise ReviewRefusal(
            _l(
                "This review was saved from another tab or window. What you typed here is kept "
                "below: reload to see the saved version, or save again to keep this one."
            ),
            kind=RefusalKind.CONFLICT,
            revision=current,
        )
    values = parse_scores(assignment, scores)
    comment, note_to_filmmaker = _check_text(comment, note_to_filmmaker)
    missing = [c.name for c in round_.criteria if c.id not in values]
    if submit and missing:
        raise ReviewRefusal(
            _l("Score every criterion before you submit: %(names)s.", names=", ".join(missing))
        )
    before = review.values() if review is not None else {}
    was_submitted = review is not None and review.submitted_at is not None
    watched = watched_ms(assignment) if submit else None  # read before anything is changed
    if review is None:
        review = Review(assignment=assignment, started_at=now)
        db.session.add(review)
    _set_scores(review, values)
    review.comment, review.note_to_filmmaker = comment, note_to_filmmaker
    review.total = weighted_total(round_.criteria, values)
    review.updated_at = now
    if submit:
        review.state, review.submitted_at = ReviewState.SUBMITTED, now
        review.watched_ms = watched
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError):
        raise ReviewRefusal(
            _l("This review was being saved from another tab at the same moment. Save again."),
            kind=RefusalKind.CONFLICT,
        ) from None
    if submit or was_submitted:
        record(
            "review_submitted" if submit else "review_changed",
            review,
            actor=actor,
            before={"scores": _keyed(before)} if before else None,
            after={"scores": _keyed(values), "total": review.total},
        )
    return review


def _keyed(values: Mapping[int, int]) -> dict[str, int]:
    return {str(key): value for key, value in sorted(values.items())}


def _set_scores(review: Review, values: Mapping[int, int]) -> None:
    existing = {score.criterion_id: score for score in review.scores}
    for criterion_id, score in existing.items():
        if criterion_id not in values:
            review.scores.remove(score)
    for criterion_id, value in values.items():
        if criterion_id in existing:
            existing[criterion_id].value = value
        else:
            review.scores.append(Score(criterion_id=criterion_id, value=value))


def watched_ms(assignment: Assignment) -> int:
    """How much of the version the round judges the reviewer has played."""
    screener = assignment.entry.screener
    if screener is None:
        return 0
    seen = viewing.viewing_of(assignment.reviewer, screener)
    return seen.watched_ms if seen is not None else 0


def reopen(review: Review, *, actor, reason: str = "", now: datetime) -> Review:
    """A jury chair sends a submitted review back to its juror as a draft."""
    if not review.is_submitted:
        raise ReviewRefusal(_l("This review is not submitted."))
    if now >= review.assignment.round.closes_at:
        raise ReviewRefusal(
            _l("The round has closed: move its closing date first, then reopen the review.")
        )
    if len(reason) > 500:
        raise ReviewRefusal(_l("Keep the reason under %(count)d characters.", count=500), "reason")
    review.state, review.submitted_at, review.updated_at = ReviewState.DRAFT, None, now
    db.session.flush()
    record("review_reopened", review, actor=actor, reason=reason.strip() or None)
    assignment = review.assignment
    film = assignment.entry.film
    title = blind.shown_title(
        film,
        show_identities=rules.sees_identities(
            assignment.reviewer, film, is_blind=assignment.round.is_blind
        ),
        copy=assignment.entry.juror_copy,
    )
    queue_templated_email(
        assignment.reviewer,
        "review_reopened",
        _l("Your review of %(title)s is open again", title=title),
        title=title,
        round=assignment.round,
        reason=reason.strip(),
    )
    return review
