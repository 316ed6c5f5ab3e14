"""Who may do what in judging: small predicates the views and services share."""

from __future__ import annotations

from datetime import datetime

from festival.judging.enums import AssignmentState
from festival.judging.models import Assignment, Review, Round


def is_staff(user) -> bool:
    return user is not None and user.is_authenticated and user.is_staff


def is_reviewer_of(user, assignment: Assignment) -> bool:
    return user is not None and user.is_authenticated and assignment.reviewer_id == user.id


def may_score(user, assignment: Assignment, now: datetime) -> bool:
    """The reviewer, while the assignment is active and the round open."""
    return (
        is_reviewer_of(user, assignment)
        and assignment.state is AssignmentState.ACTIVE
        and assignment.round.is_open(now)
    )


def review_is_locked(review: Review | None, round_: Round) -> bool:
    """A submitted jury review is locked (a programmer may reopen it); a screening rating stays
    the programmer's to change while the round is open."""
    return review is not None and review.is_submitted and not round_.is_screening


def sees_others(review: Review | None) -> bool:
    """Nobody sees another reviewer's scores or notes before giving their own (no anchoring)."""
    return review is not None and review.is_submitted


def sees_identities(user, round_: Round) -> bool:
    """Staff always know who made a film; a reviewer only in a round that is not blind."""
    return is_staff(user) or not round_.is_blind
