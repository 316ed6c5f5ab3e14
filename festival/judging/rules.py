"""Who may do what in judging: small predicates the views and services share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from festival.films import rules as film_rules
from festival.films.models import Film
from festival.judging import conflicts
from festival.judging.enums import AssignmentState
from festival.judging.models import Assignment, Review, Round
from festival.refusals import RefusalKind
from festival.time_zones import zoned_time


def is_staff(user) -> bool:
    return user is not None and user.is_authenticated and user.is_staff


def is_reviewer_of(user, assignment: Assignment) -> bool:
    return user is not None and user.is_authenticated and assignment.reviewer_id == user.id


@dataclass(frozen=True)
class ScoreLock:
    """Why a review cannot be saved now, and what kind of refusal that makes."""

    reason: str
    kind: RefusalKind = RefusalKind.CONFLICT

    def __str__(self) -> str:
        return str(self.reason)


def score_lock(user, assignment: Assignment, now: datetime) -> ScoreLock | None:
    """Why `user` may not score or save `assignment`'s review now, or None when they may:
    only its reviewer, while the assignment is live and unconflicted, the round open and the
    review not locked. The review page disables its form on it; `reviews.save_review` refuses
    with it."""
    if not is_reviewer_of(user, assignment):
        return ScoreLock(_l("This film is not assigned to you."), RefusalKind.FORBIDDEN)
    if assignment.state is not AssignmentState.ACTIVE or conflicts.is_conflicted(
        assignment.reviewer_id, assignment.entry.submission.film_id
    ):
        return ScoreLock(_l("You no longer review this film."))
    round_ = assignment.round
    zone = round_.edition.timezone
    if now < round_.opens_at:
        return ScoreLock(_l("The round opens on %(date)s.", date=zoned_time(round_.opens_at, zone)))
    if now >= round_.closes_at:
        return ScoreLock(
            _l(
                "The round closed on %(date)s; its scores can no longer change.",
                date=zoned_time(round_.closes_at, zone),
            )
        )
    if review_is_locked(assignment.review, round_):
        return ScoreLock(
            _l("You have submitted this review, so it is locked. A programmer can reopen it.")
        )
    return None


def review_is_locked(review: Review | None, round_: Round) -> bool:
    """A submitted jury review is locked (a programmer may reopen it); a screening rating stays
    the programmer's to change while the round is open."""
    return review is not None and review.is_submitted and not round_.is_screening


def sees_others(review: Review | None) -> bool:
    """Nobody sees another reviewer's scores or notes before giving their own (no anchoring)."""
    return review is not None and review.is_submitted


def sees_identities(user, film: Film, *, is_blind: bool) -> bool:
    """The one rule for who reads the names of a film's makers, reading it through a round
    (`is_blind`: a blind one): staff always, and the film's owner (who knows their own film);
    anyone else only when the round is not blind. Every page, the player's chapters and the
    emails of judging ask it."""
    return not is_blind or is_staff(user) or film_rules.is_owner(user, film)
