"""What judging tells `media` (imported from `CROSS_DOMAIN_HOOKS`): a reviewer may watch the
screener version their round judges while the round is open, the assignment is live and no
conflict stands; and a reviewer of a blind round reads the film's text with the filmmaker's
names hidden."""

from __future__ import annotations

from festival.database import utcnow
from festival.extensions import db
from festival.judging import blind, conflicts, queries, rules
from festival.judging.enums import AssignmentState
from festival.judging.models import Assignment, Round, RoundEntry
from festival.media import rules as media_rules
from festival.submissions.enums import LEFT_COMPETITION
from festival.submissions.models import Submission


@media_rules.register_viewer_rule
def reviewer_of_the_judged_version(user, screener) -> bool:
    """One query, asked on every media request (a range request included)."""
    now = utcnow()
    live = db.session.scalar(
        queries.assignments_with_round_and_film(Assignment.id)
        .where(
            Assignment.reviewer_id == user.id,
            Assignment.state == AssignmentState.ACTIVE,
            RoundEntry.screener_id == screener.id,
            Submission.status.not_in(LEFT_COMPETITION),
            Submission.film_id.not_in(conflicts.standing_film_ids(user.id)),
            Round.opens_at <= now,
            Round.closes_at > now,
        )
        .limit(1)
    )
    return live is not None


@media_rules.register_text_shield
def hide_identities_from_blind_reviewers(user, film):
    """The film's text as judging's one rule (`rules.sees_identities`) lets `user` read it:
    through any blind round in which they review the film, with the names hidden."""
    if rules.sees_identities(user, film, is_blind=reviews_blind(user, film)):
        return None
    return blind.film_redactor(film)


def reviews_blind(user, film) -> bool:
    """Whether `user` is (or was) given `film` to review in a blind round."""
    if not user.is_authenticated:
        return False
    blind_round = db.session.scalar(
        queries.assignments_with_round_and_film(Round.id)
        .where(
            Assignment.reviewer_id == user.id,
            Submission.film_id == film.id,
            Round.is_blind.is_(True),
        )
        .limit(1)
    )
    return blind_round is not None
