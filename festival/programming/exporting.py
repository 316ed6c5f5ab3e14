"""Exports for the programmers: the desk's list (any selection of an edition's submissions) and
every review of a round, as CSV (through `festival.exports.csv_document`: UTF-8 with a BOM,
formula-safe) and JSON.

The desk export reads in chunks of `CHUNK` submissions, each in a fixed number of queries
(submissions with their films, disclosures, screening ratings, tags, imports), and the jury
scores once per jury round of the edition (`judging.results`), so 20,000 rows take seconds.
Decisions are p2's: the export carries `status` and `outcome` until the decision column joins.

The round export sits beside judging's results export (the ranking: one row per film); this one
is the raw material of an offline committee meeting: one row per review, every criterion score,
the comments, who reviewed and when."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import joinedload, selectinload

from festival.disclosure import queries as disclosure_queries
from festival.disclosure.models import Disclosure
from festival.disclosure.share import ai_share_of_runtime
from festival.editions.models import Edition
from festival.exports import csv_document
from festival.extensions import db
from festival.films.enums import CreditRole
from festival.films.models import Film
from festival.judging import results as judging_results
from festival.judging.enums import AssignmentState, ReviewState, RoundStage
from festival.judging.models import Assignment, Review, Round, RoundEntry
from festival.judging.screening import tags_by_submission
from festival.programming.models import ImportedEntry
from festival.submissions.models import Submission

CHUNK = 1000

DESK_COLUMNS = (
    "submission_id",
    "title",
    "original_title",
    "category",
    "status",
    "outcome",
    "filmmaker",
    "filmmaker_email",
    "directors",
    "countries",
    "languages",
    "genres",
    "runtime_s",
    "year",
    "submitted_at",
    "deadline",
    "fee",
    "currency",
    "is_paid",
    "waiver_code",
    "disclosure_version",
    "ai_share_percent",
    "ai_elements",
    "ai_tools",
    "screening_rating",
    "screening_ratings",
    "tags",
    "jury_round",
    "jury_reviews",
    "jury_mean",
    "jury_calibrated",
    "imported_from",
    "external_id",
    "tracking_number",
)


@dataclass(frozen=True)
class JuryScore:
    round_name: str
    reviews: int
    mean: float | None
    calibrated: float | None


# --- the desk -------------------------------------------------------------------------------


def edition_submission_ids(edition: Edition) -> list[int]:
    return db.session.scalars(
        db.select(Submission.id).where(Submission.edition_id == edition.id).order_by(Submission.id)
    ).all()


def desk_records(edition: Edition, submission_ids: Sequence[int]) -> Iterator[dict]:
    """One record per submission of `edition` among `submission_ids`, in their order (ids of
    another edition are left out); lists stay lists, for JSON."""
    jury = jury_scores(edition)
    for start in range(0, len(submission_ids), CHUNK):
        chunk = list(submission_ids[start : start + CHUNK])
        yield from _chunk_records(edition, chunk, jury)


def _chunk_records(edition: Edition, ids: list[int], jury: dict[int, JuryScore]):
    submissions = {
        submission.id: submission
        for submission in db.session.scalars(
            db.select(Submission)
            .where(Submission.id.in_(ids), Submission.edition_id == edition.id)
            .options(
                joinedload(Submission.film).joinedload(Film.owner),
                joinedload(Submission.film).selectinload(Film.credits),
                joinedload(Submission.category),
                joinedload(Submission.deadline),
                joinedload(Submission.waiver_code),
                joinedload(Submission.outcome),
            )
        ).unique()
    }
    disclosures = _disclosures(submissions.values())
    ratings = screening_ratings(submissions)
    tags = tags_by_submission(submissions)
    imported = {
        entry.film_id: entry
        for entry in db.session.scalars(
            db.select(ImportedEntry).where(
                ImportedEntry.film_id.in_({s.film_id for s in submissions.values()})
            )
        )
    }
    for submission_id in ids:
        submission = submissions.get(submission_id)
        if submission is None:
            continue
        yield _record(
            submission,
            disclosures.get(submission.id),
            ratings.get(submission.id, (None, 0)),
            tags.get(submission.id, []),
            jury.get(submission.id),
            imported.get(submission.film_id),
        )


def _record(submission, disclosure, rating, tags, jury, imported) -> dict:
    film = submission.film
    elements = {}
    tools = []
    if disclosure is not None:
        for answer in disclosure.elements:
            if answer.extent is not None and answer.extent.value != "none":
                elements[answer.element.value] = answer.extent.value
            tools += [tool.get("name", "") for tool in answer.tools or () if tool.get("name")]
        tools += [segment.tool for segment in disclosure.segments if segment.tool]
    return {
        "submission_id": submission.id,
        "title": film.title,
        "original_title": film.original_title or "",
        "category": submission.category.name,
        "status": submission.status.value,
        "outcome": submission.outcome.name if submission.outcome else None,
        "filmmaker": film.owner.name,
        "filmmaker_email": film.owner.email,
        "directors": [c.name for c in film.credits if c.role == CreditRole.DIRECTOR],
        "countries": list(film.countries),
        "languages": list(film.languages),
        "genres": list(film.genres),
        "runtime_s": film.runtime_s,
        "year": film.year,
        "submitted_at": submission.submitted_at.isoformat() if submission.submitted_at else None,
        "deadline": submission.deadline.name if submission.deadline else None,
        "fee": submission.fee_cents,
        "currency": submission.currency,
        "is_paid": submission.is_paid,
        "waiver_code": submission.waiver_code.code if submission.waiver_code else None,
        "disclosure_version": disclosure.version if disclosure else None,
        "ai_share_percent": (
            round(100 * ai_share_of_runtime(disclosure.segments, film.runtime_ms), 1)
            if disclosure
            else None
        ),
        "ai_elements": elements,
        "ai_tools": sorted(set(tools), key=str.casefold),
        "screening_rating": rating[0],
        "screening_ratings": rating[1],
        "tags": tags,
        "jury_round": jury.round_name if jury else None,
        "jury_reviews": jury.reviews if jury else 0,
        "jury_mean": jury.mean if jury else None,
        "jury_calibrated": jury.calibrated if jury else None,
        "imported_from": imported.source if imported else None,
        "external_id": imported.external_id if imported else None,
        "tracking_number": imported.tracking_number if imported else None,
    }


def _disclosures(submissions) -> dict[int, Disclosure]:
    """Submission id → the disclosure version it was entered with, or the film's latest when
    it has none linked (an imported entry whose filmmaker has disclosed since)."""
    frozen_ids = {s.disclosure_id for s in submissions if s.disclosure_id is not None}
    frozen = {
        disclosure.id: disclosure
        for disclosure in db.session.scalars(
            db.select(Disclosure)
            .where(Disclosure.id.in_(frozen_ids))
            .options(selectinload(Disclosure.elements), selectinload(Disclosure.segments))
        )
    }
    latest = disclosure_queries.latest_versions(
        {s.film_id for s in submissions if s.disclosure_id is None}
    )
    return {
        s.id: frozen.get(s.disclosure_id) if s.disclosure_id else latest.get(s.film_id)
        for s in submissions
        if (s.disclosure_id and s.disclosure_id in frozen) or s.film_id in latest
    }


def screening_ratings(submission_ids) -> dict[int, tuple[float, int]]:
    """Submission id → (mean weighted score, count) of the submitted reviews of screening
    rounds, the programmers' ratings."""
    rows = db.session.execute(
        db.select(RoundEntry.submission_id, db.func.avg(Review.total), db.func.count(Review.id))
        .join(Assignment, Assignment.entry_id == RoundEntry.id)
        .join(Review, Review.assignment_id == Assignment.id)
        .join(Round, Round.id == RoundEntry.round_id)
        .where(
            RoundEntry.submission_id.in_(list(submission_ids)),
            Round.stage == RoundStage.SCREENING,
            Review.state == ReviewState.SUBMITTED,
            Assignment.state == AssignmentState.ACTIVE,
        )
        .group_by(RoundEntry.submission_id)
    )
    return {
        submission_id: (round(float(mean), 2) if mean is not None else None, count)
        for submission_id, mean, count in rows
    }


def jury_scores(edition: Edition) -> dict[int, JuryScore]:
    """Submission id → its scores in the latest jury round of the edition that judges it."""
    rounds = db.session.scalars(
        db.select(Round)
        .where(Round.edition_id == edition.id, Round.stage == RoundStage.JURY)
        .order_by(Round.id)
    ).all()
    scores: dict[int, JuryScore] = {}
    for round_ in rounds:
        outcome = judging_results.results_of(round_)
        for rows in outcome.rows.values():
            for row in rows:
                scores[row.entry.submission_id] = JuryScore(
                    round_name=round_.name,
                    reviews=row.result.count,
                    mean=row.result.mean,
                    calibrated=row.result.calibrated,
                )
    return scores


def desk_csv(edition: Edition, submission_ids: Sequence[int]) -> bytes:
    return csv_document(DESK_COLUMNS, (_flat(r) for r in desk_records(edition, submission_ids)))


def desk_json(edition: Edition, submission_ids: Sequence[int]) -> dict:
    return {
        "edition": {"id": edition.id, "name": edition.name},
        "submissions": list(desk_records(edition, submission_ids)),
    }


def _flat(record: dict) -> dict:
    """A record for a spreadsheet: lists joined with "; ", the AI elements as
    "element: extent"."""
    flat = dict(record)
    flat["ai_elements"] = "; ".join(f"{e}: {x}" for e, x in record["ai_elements"].items())
    for name in ("directors", "countries", "languages", "genres", "ai_tools", "tags"):
        flat[name] = "; ".join(record[name])
    return flat


# --- a round's reviews ----------------------------------------------------------------------

REVIEW_COLUMNS = (
    "round",
    "submission_id",
    "title",
    "category",
    "reviewer",
    "reviewer_email",
    "assignment",
    "review",
    "started_at",
    "submitted_at",
    "watched_s",
    "total",
)
TRAILING_REVIEW_COLUMNS = ("comment", "note_to_filmmaker")


def round_review_records(round_: Round) -> list[dict]:
    """Every review of the round (drafts too, marked), each with every criterion's score
    keyed by the criterion's name, in one query with the scores in a second."""
    reviews = db.session.scalars(
        db.select(Review)
        .join(Assignment, Assignment.id == Review.assignment_id)
        .where(Assignment.round_id == round_.id)
        .options(
            joinedload(Review.assignment).joinedload(Assignment.reviewer),
            joinedload(Review.assignment)
            .joinedload(Assignment.entry)
            .joinedload(RoundEntry.submission)
            .joinedload(Submission.film),
            joinedload(Review.assignment)
            .joinedload(Assignment.entry)
            .joinedload(RoundEntry.submission)
            .joinedload(Submission.category),
            selectinload(Review.scores),
        )
        .order_by(Assignment.entry_id, Review.id)
    ).all()
    criteria = round_.criteria
    records = []
    for review in reviews:
        assignment = review.assignment
        submission = assignment.entry.submission
        values = review.values()
        records.append(
            {
                "round": round_.name,
                "submission_id": submission.id,
                "title": submission.film.title,
                "category": submission.category.name,
                "reviewer": assignment.reviewer.name,
                "reviewer_email": assignment.reviewer.email,
                "assignment": assignment.state.value,
                "review": review.state.value,
                "started_at": review.started_at.isoformat() if review.started_at else None,
                "submitted_at": review.submitted_at.isoformat() if review.submitted_at else None,
                "watched_s": review.watched_ms // 1000 if review.watched_ms is not None else None,
                "total": review.total,
                "scores": {criterion.name: values.get(criterion.id) for criterion in criteria},
                "comment": review.comment,
                "note_to_filmmaker": review.note_to_filmmaker,
            }
        )
    return records


def round_reviews_csv(round_: Round) -> bytes:
    criterion_columns = tuple(f"score: {criterion.name}" for criterion in round_.criteria)
    columns = REVIEW_COLUMNS + criterion_columns + TRAILING_REVIEW_COLUMNS

    def flat(record: dict) -> dict:
        scores = record.pop("scores")
        return {**record, **{f"score: {name}": value for name, value in scores.items()}}

    return csv_document(columns, (flat(record) for record in round_review_records(round_)))


def round_reviews_json(round_: Round) -> dict:
    return {
        "round": {"id": round_.id, "name": round_.name, "stage": round_.stage.value},
        "criteria": [
            {
                "name": c.name,
                "weight": c.weight,
                "scale_min": c.scale_min,
                "scale_max": c.scale_max,
            }
            for c in round_.criteria
        ],
        "reviews": round_review_records(round_),
    }
