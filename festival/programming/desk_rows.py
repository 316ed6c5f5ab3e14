"""The desk's rows kept in step with the facts they show.

`refresh_rows(submission_ids)` is the one function that writes a `DeskRow` (the jury columns
aside: `refresh_jury_scores(round_)`, which ranks a whole round, runs as a job). It is called
from the session itself: a listener notes, at each flush, every changed object the desk shows
(a submission, its film and credits, a disclosure, a screener, a review, a conflict, a tag, a
filmmaker's name) and, before the commit, refreshes the rows of the submissions concerned.
The lower domains need no call and cannot forget one, whichever service, bulk action or import
made the change. The full-text index follows the rows in the database (`models.desk`)."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import event, insert, inspect, update
from sqlalchemy.orm import Session, joinedload, selectinload

from festival.accounts.models import User
from festival.disclosure import queries as disclosure_queries
from festival.disclosure.models import (
    Disclosure,
    DisclosureElement,
    DisclosureSegment,
)
from festival.disclosure.share import ai_share_of_runtime
from festival.extensions import db
from festival.films.models import Credit, Film
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.jobs.services import enqueue
from festival.judging import progress
from festival.judging.enums import AssignmentState, ReviewState, RoundStage
from festival.judging.models import (
    Assignment,
    Conflict,
    Review,
    Round,
    RoundEntry,
    Score,
    SubmissionTag,
)
from festival.judging.screening import tags_by_submission
from festival.media import qc
from festival.media import queries as media_queries
from festival.media.models import Screener
from festival.media.reports import measurements_from_dict, probe_from_dict
from festival.programming.models import DeskRow
from festival.submissions.models import Submission

JURY_SCORES_JOB = "programming.refresh_jury_scores"
JURY_SCORES_SETTLE_S = 30
"""How long a round's ranking waits after a submitted review before it is recomputed for the
desk: the submissions of that half minute (the jury's last night brings many a second) make one
recomputation of the whole round, not one each."""
CHUNK = 500
"""Submissions refreshed per batch of queries (an IN list every database takes)."""


def fold(text: str) -> str:
    """NFC and case-folded: how the desk stores and compares text."""
    return unicodedata.normalize("NFC", text or "").casefold()


def fenced(values: Iterable[str]) -> str:
    """Values as "|a|b|", so a filter on one of them is a LIKE '%|a|%'."""
    return "|" + "".join(f"{value}|" for value in values)


# --- refreshing -----------------------------------------------------------------------------


def refresh_rows(submission_ids: Iterable[int]) -> None:
    """Write the desk row of each submission from its facts, in a fixed number of queries per
    batch of `CHUNK`; rows of submissions that no longer exist go."""
    ids = sorted(set(submission_ids))
    for start in range(0, len(ids), CHUNK):
        _refresh_chunk(ids[start : start + CHUNK])


def _refresh_chunk(ids: list[int]) -> None:
    submissions = db.session.scalars(
        db.select(Submission)
        .where(Submission.id.in_(ids))
        .options(
            joinedload(Submission.film).joinedload(Film.owner),
            selectinload(Submission.film, Film.credits),
            joinedload(Submission.edition),
        )
    ).all()
    existing = set(
        db.session.scalars(db.select(DeskRow.submission_id).where(DeskRow.submission_id.in_(ids)))
    )
    gone = set(ids) - {submission.id for submission in submissions}
    if gone & existing:
        db.session.execute(db.delete(DeskRow).where(DeskRow.submission_id.in_(gone)))
    if not submissions:
        return
    film_ids = {submission.film_id for submission in submissions}
    disclosures = _disclosures_of(submissions)
    screeners = media_queries.playable_screeners(film_ids)
    screening = _screening_ratings(ids)
    tags = tags_by_submission(ids)
    conflicts = _conflict_counts(film_ids)
    rows = [
        _row(
            submission,
            disclosures.get(submission.id),
            screeners.get(submission.film_id),
            screening.get(submission.id, (None, 0)),
            tags.get(submission.id, []),
            conflicts.get(submission.film_id, 0),
        )
        for submission in submissions
    ]
    new = [row for row in rows if row["submission_id"] not in existing]
    changed = [row for row in rows if row["submission_id"] in existing]
    if new:
        db.session.execute(insert(DeskRow), new)
    if changed:
        db.session.execute(update(DeskRow), changed)


def _row(submission, disclosure, screener, screening, tags, conflicts) -> dict:
    film = submission.film
    mean, count = screening
    return {
        "submission_id": submission.id,
        "edition_id": submission.edition_id,
        "category_id": submission.category_id,
        "deadline_id": submission.deadline_id,
        "status": submission.status,
        "title": film.title,
        "original_title": film.original_title or "",
        "sort_title": fold(film.title)[:300],
        "filmmaker": film.owner.name,
        "countries": fenced(film.countries or []),
        "languages": fenced(film.languages or []),
        "runtime_s": film.runtime_s,
        "fee_cents": submission.fee_cents,
        "currency": submission.currency,
        "is_paid": submission.is_paid,
        "is_waived": submission.waiver_code_id is not None,
        "ai_share": _ai_share(disclosure, film),
        "extents": fenced(
            f"{element.element.value}:{element.extent.rank}"
            for element in (disclosure.elements if disclosure else [])
            if element.extent is not None
        ),
        "tools": fenced(sorted(_tools_of(disclosure))),
        "qc": _qc_verdict(screener, submission.edition, film),
        "screening_mean": mean,
        "screening_count": count,
        "tags": fenced(tags),
        "conflicts": conflicts,
        "submitted_at": submission.submitted_at,
        "search_text": _search_text(film),
    }


def _ai_share(disclosure: Disclosure | None, film: Film) -> float:
    if disclosure is None:
        return 0.0
    return ai_share_of_runtime(disclosure.segments, film.runtime_ms)


def _tools_of(disclosure: Disclosure | None) -> set[str]:
    if disclosure is None:
        return set()
    names = {
        fold(str(tool.get("name", ""))).strip().replace("|", "/")
        for element in disclosure.elements
        for tool in element.tools or []
        if isinstance(tool, dict)
    }
    names |= {fold(segment.tool).strip().replace("|", "/") for segment in disclosure.segments}
    return {name for name in names if name}


def _qc_verdict(screener: Screener | None, edition, film: Film) -> str | None:
    """The worst status of the screener's QC against the edition's own requirements."""
    if screener is None or not screener.probe or not screener.qc:
        return None
    checks = qc.check(
        measurements_from_dict(screener.qc["measurements"]),
        probe_from_dict(screener.probe),
        edition.screener_requirements,
        film.runtime_s,
    )
    statuses = {check.status for check in checks}
    for status in (qc.QCStatus.FAIL, qc.QCStatus.WARN):
        if status in statuses:
            return status.value
    return qc.QCStatus.PASS.value


def _search_text(film: Film) -> str:
    parts = [film.title, film.original_title, film.romanised_title, film.logline, film.synopsis]
    parts += [credit.name for credit in film.credits]
    return fold("\n".join(part for part in parts if part))


def _disclosures_of(submissions) -> dict[int, Disclosure]:
    """Submission id → the disclosure version it was entered with (the film's latest while
    it is a draft), with its elements and segments."""
    pinned = {s.disclosure_id for s in submissions if s.disclosure_id is not None}
    by_id = {
        disclosure.id: disclosure
        for disclosure in db.session.scalars(
            db.select(Disclosure)
            .where(Disclosure.id.in_(pinned))
            .options(selectinload(Disclosure.elements), selectinload(Disclosure.segments))
        )
    }
    unpinned = {s.film_id for s in submissions if s.disclosure_id is None}
    latest = disclosure_queries.latest_versions(unpinned) if unpinned else {}
    return {
        s.id: disclosure
        for s in submissions
        if (disclosure := by_id.get(s.disclosure_id) or latest.get(s.film_id)) is not None
    }


def _live_reviews():
    return (
        db.select(RoundEntry.submission_id, Review.total)
        .join(Assignment, Assignment.entry_id == RoundEntry.id)
        .join(Review, Review.assignment_id == Assignment.id)
        .join(Round, Round.id == RoundEntry.round_id)
        .where(
            Assignment.state == AssignmentState.ACTIVE,
            Review.state == ReviewState.SUBMITTED,
            Review.total.is_not(None),
        )
    )


def _screening_ratings(ids: list[int]) -> dict[int, tuple[float, int]]:
    reviews = (
        _live_reviews()
        .where(Round.stage == RoundStage.SCREENING, RoundEntry.submission_id.in_(ids))
        .subquery()
    )
    return {
        submission_id: (mean, count)
        for submission_id, mean, count in db.session.execute(
            db.select(
                reviews.c.submission_id, db.func.avg(reviews.c.total), db.func.count()
            ).group_by(reviews.c.submission_id)
        )
    }


def _conflict_counts(film_ids) -> dict[int, int]:
    return dict(
        db.session.execute(
            db.select(Conflict.film_id, db.func.count())
            .where(Conflict.film_id.in_(list(film_ids)), Conflict.is_cleared.is_(False))
            .group_by(Conflict.film_id)
        ).all()
    )


def refresh_jury_scores(round_: Round) -> int:
    """Set the jury mean and calibrated score of the round's entries from its ranking, for the
    submissions whose latest jury round it is; returns how many rows changed (only those are
    written: one more review moves a few films' scores, not 20,000)."""
    from festival.judging.results import ranking_by_submission  # numpy: only where ranked

    if round_.stage is not RoundStage.JURY:
        return 0
    scores = {
        submission_id: (result.mean, result.calibrated)
        for submission_id, result in ranking_by_submission(round_).items()
    }
    latest = (
        db.select(RoundEntry.submission_id, db.func.max(Round.id).label("round_id"))
        .join(Round, Round.id == RoundEntry.round_id)
        .where(
            Round.stage == RoundStage.JURY,
            RoundEntry.submission_id.in_(
                db.select(RoundEntry.submission_id).where(RoundEntry.round_id == round_.id)
            ),
        )
        .group_by(RoundEntry.submission_id)
        .subquery()
    )
    held = db.session.execute(
        db.select(DeskRow.submission_id, DeskRow.jury_mean, DeskRow.jury_calibrated)
        .join(latest, latest.c.submission_id == DeskRow.submission_id)
        .where(latest.c.round_id == round_.id)
    ).all()
    rows = [
        {"submission_id": submission_id, "jury_mean": mean, "jury_calibrated": calibrated}
        for submission_id, *now in held
        for mean, calibrated in [scores.get(submission_id, (None, None))]
        if tuple(now) != (mean, calibrated)
    ]
    if rows:
        db.session.execute(update(DeskRow), rows)
    return len(rows)


def queue_jury_scores(round_ids: Iterable[int]) -> None:
    """A refresh job for each jury round, due in `JURY_SCORES_SETTLE_S`, unless one is already
    waiting."""
    rounds = db.session.scalars(
        db.select(Round).where(Round.id.in_(list(round_ids)), Round.stage == RoundStage.JURY)
    ).all()
    for round_ in rounds:
        waiting = db.session.scalar(
            db.select(Job.id).where(
                Job.kind == JURY_SCORES_JOB,
                Job.subject_type == Round.__tablename__,
                Job.subject_id == round_.id,
                Job.state == JobState.QUEUED,
            )
        )
        if waiting is None:
            enqueue(JURY_SCORES_JOB, round_, after_s=JURY_SCORES_SETTLE_S)


# --- following the session ------------------------------------------------------------------

PENDING = "programming.desk_pending"
"""The session's note of what changed since its last commit: kind → ids."""


def _noted(obj, *, edited: bool) -> tuple[str, int | None] | None:
    """What an added, deleted or (`edited`) changed object means to the desk: a key to resolve
    into submissions."""
    match obj:
        case Submission():
            return "submission", obj.id
        case SubmissionTag():
            return "submission", obj.submission_id
        case Film():
            return "film", obj.id
        case Disclosure() if not edited:
            # A row reads a version's elements and segments and which version is the latest,
            # none of a version's own columns.
            return "film", obj.film_id
        case Credit() | Screener() | Conflict():
            return "film", obj.film_id
        case DisclosureElement() | DisclosureSegment():
            return "disclosure", obj.disclosure_id
        case Review():
            return "assignment", obj.assignment_id
        case Assignment():
            return "assignment", obj.id
        case Score():
            return "review", obj.review_id
        case User() if inspect(obj).attrs.name.history.has_changes():
            return "owner", obj.id
    return None


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _flush_context) -> None:
    pending = session.info.setdefault(PENDING, defaultdict(set))
    changes = [(obj, False) for obj in (*session.new, *session.deleted)]
    changes += [(obj, True) for obj in session.dirty if session.is_modified(obj)]
    for obj, edited in changes:
        if isinstance(obj, Review | Score) and not progress.touches_submitted(session, obj):
            continue
        noted = _noted(obj, edited=edited)
        if noted is not None and noted[1] is not None:
            pending[noted[0]].add(noted[1])


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    session.flush()
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    submission_ids, jury_rounds = _resolve(session, pending)
    if submission_ids:
        refresh_rows(submission_ids)
    if jury_rounds:
        queue_jury_scores(jury_rounds)
    session.info.pop(PENDING, None)


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def _resolve(session: Session, pending) -> tuple[set[int], set[int]]:
    """The submissions whose rows change, and the jury rounds whose scores may."""
    ids = set(pending.get("submission", ()))
    film_ids = set(pending.get("film", ()))
    if pending.get("disclosure"):
        film_ids |= set(
            session.scalars(
                db.select(Disclosure.film_id).where(Disclosure.id.in_(pending["disclosure"]))
            )
        )
    if pending.get("owner"):
        film_ids |= set(
            session.scalars(db.select(Film.id).where(Film.owner_id.in_(pending["owner"])))
        )
    if film_ids:
        ids |= set(
            session.scalars(db.select(Submission.id).where(Submission.film_id.in_(film_ids)))
        )
    assignment_ids = set(pending.get("assignment", ()))
    if pending.get("review"):
        assignment_ids |= set(
            session.scalars(db.select(Review.assignment_id).where(Review.id.in_(pending["review"])))
        )
    rounds: set[int] = set()
    if assignment_ids:
        for submission_id, round_id, stage in session.execute(
            db.select(RoundEntry.submission_id, RoundEntry.round_id, Round.stage)
            .join(Assignment, Assignment.entry_id == RoundEntry.id)
            .join(Round, Round.id == RoundEntry.round_id)
            .where(Assignment.id.in_(assignment_ids))
        ):
            if stage == RoundStage.JURY:
                rounds.add(round_id)  # its scores reach the row by `refresh_jury_scores`
            else:
                ids.add(submission_id)  # a screening rating shows at once
    return ids, rounds
