"""What the judging pages read, loaded with what each page shows in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import joinedload, selectinload

from festival.extensions import db
from festival.films.models import Film
from festival.judging.enums import AssignmentState, ReviewState
from festival.judging.models import Assignment, Review, Round, RoundEntry, RoundMember
from festival.media import viewing
from festival.media.models import Screener, Viewing
from festival.submissions.enums import LEFT_COMPETITION
from festival.submissions.models import Submission


def rounds_of(edition_id: int) -> list[Round]:
    return db.session.scalars(
        db.select(Round)
        .where(Round.edition_id == edition_id)
        .options(selectinload(Round.criteria), selectinload(Round.members))
        .order_by(Round.opens_at, Round.id)
    ).all()


def assignments_with_round_and_film(*columns):
    """`select(*columns)` over assignments joined to their round and their entry's
    submission, so that the query can name the film an assignment is of
    (`Submission.film_id`) and the round's dates and blindness."""
    return (
        db.select(*columns)
        .select_from(Assignment)
        .join(Round, Round.id == Assignment.round_id)
        .join(RoundEntry, RoundEntry.id == Assignment.entry_id)
        .join(Submission, Submission.id == RoundEntry.submission_id)
    )


def _film_of_entry():
    """An entry's submission and film, with the people whose names blind judging hides."""
    return (
        joinedload(RoundEntry.submission)
        .joinedload(Submission.film)
        .options(joinedload(Film.owner), selectinload(Film.credits))
    )


def _assignment_options():
    return (
        joinedload(Assignment.round).options(
            selectinload(Round.criteria), joinedload(Round.edition)
        ),
        joinedload(Assignment.entry).options(_film_of_entry(), joinedload(RoundEntry.screener)),
        joinedload(Assignment.review).selectinload(Review.scores),
    )


def assignment_for_page(assignment_id: int) -> Assignment | None:
    return db.session.scalar(
        db.select(Assignment).where(Assignment.id == assignment_id).options(*_assignment_options())
    )


DASHBOARD_PAGE_SIZE = 25


@dataclass
class RoundWork:
    """A reviewer's work in one round: the counts over all of it, and one page of it, the
    reviews still to do first."""

    round: Round
    total: int
    submitted: int
    assignments: list[Assignment]
    page: int
    per_page: int = DASHBOARD_PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def work_of(
    user, now: datetime, pages: dict[int, int] | None = None, per_page: int | None = None
) -> list[RoundWork]:
    """The user's live assignments, by round (open rounds first, then upcoming, then closed),
    each round counted whole and shown a page at a time (`pages`: round id → page, else the
    first), the reviews still to do first: a juror with hundreds of films reads one light row
    of each, and loads the films of one page of each round."""
    per_page = per_page or DASHBOARD_PAGE_SIZE
    rows = db.session.execute(
        db.select(Assignment.round_id, Assignment.id, Review.state)
        .join(RoundEntry, RoundEntry.id == Assignment.entry_id)
        .join(Submission, Submission.id == RoundEntry.submission_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(
            Assignment.reviewer_id == user.id,
            Assignment.state == AssignmentState.ACTIVE,
            Submission.status.not_in(LEFT_COMPETITION),
        )
    ).all()
    by_round: dict[int, list[tuple[bool, int]]] = {}
    for round_id, assignment_id, state in rows:
        by_round.setdefault(round_id, []).append((state is ReviewState.SUBMITTED, assignment_id))
    shown: dict[int, list[int]] = {}
    for round_id, ordered in by_round.items():
        ordered.sort()  # still to do (False) before submitted, then by id
        page = _page_number((pages or {}).get(round_id, 1), len(ordered), per_page)
        shown[round_id] = [a for _done, a in ordered[(page - 1) * per_page :][:per_page]]
    loaded = _assignments_for_list([a for ids in shown.values() for a in ids])
    work = [
        RoundWork(
            round=loaded[ids[0]].round,
            total=len(by_round[round_id]),
            submitted=sum(done for done, _a in by_round[round_id]),
            assignments=[loaded[a] for a in ids],
            page=_page_number((pages or {}).get(round_id, 1), len(by_round[round_id]), per_page),
            per_page=per_page,
        )
        for round_id, ids in shown.items()
    ]
    order = {"open": 0, "upcoming": 1, "closed": 2}
    return sorted(work, key=lambda w: (order[w.round.phase(now).value], w.round.closes_at))


def _page_number(asked: int, total: int, per_page: int) -> int:
    """`asked` within 1 and the last page of `total` rows (a page past the end: the last)."""
    return min(max(asked, 1), max(1, -(-total // per_page)))


def _assignments_for_list(ids: list[int]) -> dict[int, Assignment]:
    """id → assignment, with what a list row shows: its round and edition, its entry's film
    (with the names a blind juror must not read), version and blind copy, and its review."""
    if not ids:
        return {}
    return {
        assignment.id: assignment
        for assignment in db.session.scalars(
            db.select(Assignment)
            .where(Assignment.id.in_(ids))
            .options(
                joinedload(Assignment.round).joinedload(Round.edition),
                joinedload(Assignment.entry).options(
                    _film_of_entry(),
                    joinedload(RoundEntry.screener),
                    joinedload(RoundEntry.juror_copy),
                ),
                joinedload(Assignment.review),
            )
        )
    }


@dataclass(frozen=True)
class Watching:
    """How much of the version its round judges a reviewer has played."""

    played_ms: int
    share: float
    scored_share: float | None
    """The share played when the review was submitted (None before)."""
    is_short: bool
    """Submitted after playing less than the round's `min_watched_percent`."""


def watching(assignments) -> dict[int, Watching]:
    """assignment id → `Watching`, from the viewing records, in one query."""
    assignments = [a for a in assignments if a.entry.screener_id is not None]
    played = {
        (user_id, screener_id): watched_ms
        for user_id, screener_id, watched_ms in db.session.execute(
            db.select(Viewing.user_id, Viewing.screener_id, Viewing.watched_ms).where(
                Viewing.user_id.in_({a.reviewer_id for a in assignments}),
                Viewing.screener_id.in_({a.entry.screener_id for a in assignments}),
            )
        )
    }
    seen = {}
    for assignment in assignments:
        duration_ms = viewing.duration_ms_of(assignment.entry.screener)
        played_ms = played.get((assignment.reviewer_id, assignment.entry.screener_id), 0)
        review = assignment.review
        scored = (
            viewing.share_of(review.watched_ms or 0, duration_ms)
            if review is not None and review.is_submitted
            else None
        )
        seen[assignment.id] = Watching(
            played_ms=played_ms,
            share=viewing.share_of(played_ms, duration_ms),
            scored_share=scored,
            is_short=scored is not None and scored * 100 < assignment.round.min_watched_percent,
        )
    return seen


def members_of(round_: Round) -> list[RoundMember]:
    return db.session.scalars(
        db.select(RoundMember)
        .where(RoundMember.round_id == round_.id)
        .options(joinedload(RoundMember.user))
        .order_by(RoundMember.id)
    ).all()


def films_of_member_rounds(user) -> list[tuple[Film, bool]]:
    """The films of the rounds `user` is a member of, each with whether any of those rounds
    is blind, by title: what a reviewer may declare a conflict with."""
    rows = db.session.execute(
        db.select(RoundEntry, Round.is_blind)
        .join(Round, Round.id == RoundEntry.round_id)
        .join(RoundMember, RoundMember.round_id == Round.id)
        .where(RoundMember.user_id == user.id)
        .options(_film_of_entry())
    ).all()
    films: dict[int, tuple[Film, bool]] = {}
    for entry, is_blind in rows:
        film = entry.submission.film
        films[film.id] = (film, is_blind or films.get(film.id, (film, False))[1])
    return sorted(films.values(), key=lambda pair: pair[0].title)


def open_screening_rounds_for(user, now: datetime) -> list[Round]:
    """Open screening rounds the user is a member of (whether or not they have films yet)."""
    return db.session.scalars(
        db.select(Round)
        .join(RoundMember, RoundMember.round_id == Round.id)
        .where(
            RoundMember.user_id == user.id,
            Round.is_open_screening.is_(True),
            Round.opens_at <= now,
            Round.closes_at > now,
        )
        .order_by(Round.closes_at)
    ).all()


def entries_with_films(round_: Round) -> list[RoundEntry]:
    """The round's entries with their submissions and films (and the people credited)."""
    return db.session.scalars(
        db.select(RoundEntry)
        .where(RoundEntry.round_id == round_.id)
        .options(_film_of_entry())
        .order_by(RoundEntry.id)
    ).all()


def entries_for_page(round_: Round) -> list[RoundEntry]:
    """The round's entries with their films (and the people credited), judged versions,
    assignments, reviewers, reviews and scores: what the staff pages and the planner read."""
    return db.session.scalars(
        db.select(RoundEntry)
        .where(RoundEntry.round_id == round_.id)
        .options(
            _film_of_entry(),
            joinedload(RoundEntry.submission).joinedload(Submission.category),
            joinedload(RoundEntry.screener),
            selectinload(RoundEntry.assignments).joinedload(Assignment.reviewer),
            selectinload(RoundEntry.assignments)
            .joinedload(Assignment.review)
            .selectinload(Review.scores),
        )
        .order_by(RoundEntry.id)
    ).all()


def versions_watched(round_: Round) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """(reviewer_id, film_id) → [(version, watched_ms)] for every version each reviewer of the
    round played, so staff see whether a juror watched the judged version or another."""
    reviewer_ids = {member.user_id for member in round_.members}
    film_ids = {entry.submission.film_id for entry in round_.entries}
    if not reviewer_ids or not film_ids:
        return {}
    seen: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for user_id, film_id, version, watched in db.session.execute(
        db.select(Viewing.user_id, Screener.film_id, Screener.version, Viewing.watched_ms)
        .join(Screener, Screener.id == Viewing.screener_id)
        .where(Viewing.user_id.in_(reviewer_ids), Screener.film_id.in_(film_ids))
        .order_by(Screener.version)
    ):
        seen.setdefault((user_id, film_id), []).append((version, watched))
    return seen
