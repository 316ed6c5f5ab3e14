"""The results of a round: its submitted reviews ranked by `judging.aggregation`, with what
the page and the exports show beside each film. Only reviews of live assignments count: an
abstention, a recusal or a conflict takes a review out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from festival.exports import csv_document
from festival.extensions import db
from festival.judging.enums import AssignmentState, ReviewState
from festival.judging.models import Assignment, Review, Round, RoundEntry, Score
from festival.judging.queries import entries_for_page
from festival.submissions.enums import LEFT_COMPETITION
from festival.submissions.models import Submission

if TYPE_CHECKING:
    from festival.judging import aggregation

FLAG_RANK_GAP = 3
"""Methods disagree on a film when its ranks under them are this many places apart or more."""


@dataclass
class FilmRow:
    entry: RoundEntry
    result: aggregation.FilmResult

    @property
    def film(self):
        return self.entry.submission.film

    @property
    def methods_disagree(self) -> bool:
        return self.result.rank_gap >= FLAG_RANK_GAP


@dataclass
class Results:
    round: Round
    ranking: aggregation.Ranking
    rows: dict[object, list[FilmRow]]
    """Per category id, in the final order."""
    categories: dict[int, object]
    reviewer_names: dict[int, str]
    review_count: int

    @property
    def needed_total(self) -> int:
        return sum(row.result.needed for rows in self.rows.values() for row in rows)

    @property
    def counted_total(self) -> int:
        return sum(
            min(row.result.count, row.result.needed) for rows in self.rows.values() for row in rows
        )


def inputs_of(round_: Round, entries: list[RoundEntry]):
    from festival.judging import aggregation  # numpy: loaded only where results are ranked

    criteria = [
        aggregation.CriterionSpec(c.id, c.weight, c.scale_min, c.scale_max) for c in round_.criteria
    ]
    films = [
        aggregation.EntryInput(
            entry_id=entry.id,
            group=entry.submission.category_id,
            needed=round_.reviews_per_film,
            order_key=(
                entry.submission.submitted_at.isoformat() if entry.submission.submitted_at else "",
                entry.submission_id,
            ),
        )
        for entry in entries
    ]
    reviews = [
        aggregation.ReviewInput(
            review_id=assignment.review.id,
            entry_id=entry.id,
            juror_id=assignment.reviewer_id,
            scores=assignment.review.values(),
        )
        for entry in entries
        for assignment in entry.assignments
        if assignment.state is AssignmentState.ACTIVE
        and assignment.review is not None
        and assignment.review.is_submitted
    ]
    return criteria, films, reviews


def ranking_by_submission(round_: Round) -> dict[int, aggregation.FilmResult]:
    """submission id → its result in the round's ranking, the same as `results_of` ranks, read
    from plain columns (entries, submitted reviews, their scores: three queries) rather than
    the page's objects: what the desk's jury scores need, fast enough for a job at 20,000
    films."""
    from festival.judging import aggregation

    entries = db.session.execute(
        db.select(
            RoundEntry.id, RoundEntry.submission_id, Submission.category_id, Submission.submitted_at
        )
        .join(Submission, Submission.id == RoundEntry.submission_id)
        .where(RoundEntry.round_id == round_.id, Submission.status.not_in(LEFT_COMPETITION))
    ).all()
    live = {entry_id for entry_id, *_rest in entries}
    submitted = (
        db.select(Review.id, Assignment.entry_id, Assignment.reviewer_id)
        .join(Assignment, Assignment.id == Review.assignment_id)
        .where(
            Assignment.round_id == round_.id,
            Assignment.state == AssignmentState.ACTIVE,
            Review.state == ReviewState.SUBMITTED,
        )
    )
    reviews = {
        review_id: (entry_id, juror_id, {})
        for review_id, entry_id, juror_id in db.session.execute(submitted)
        if entry_id in live
    }
    for review_id, criterion_id, value in db.session.execute(
        db.select(Score.review_id, Score.criterion_id, Score.value).where(
            Score.review_id.in_(submitted.with_only_columns(Review.id).scalar_subquery())
        )
    ):
        if review_id in reviews:
            reviews[review_id][2][criterion_id] = value
    criteria = [
        aggregation.CriterionSpec(c.id, c.weight, c.scale_min, c.scale_max) for c in round_.criteria
    ]
    films = [
        aggregation.EntryInput(
            entry_id=entry_id,
            group=category_id,
            needed=round_.reviews_per_film,
            order_key=(submitted_at.isoformat() if submitted_at else "", submission_id),
        )
        for entry_id, submission_id, category_id, submitted_at in entries
    ]
    ranking = aggregation.rank_round(
        criteria,
        films,
        [
            aggregation.ReviewInput(review_id, entry_id, juror_id, scores)
            for review_id, (entry_id, juror_id, scores) in reviews.items()
        ],
    )
    submission_of = {entry_id: submission_id for entry_id, submission_id, *_rest in entries}
    return {submission_of[result.entry_id]: result for result in ranking.films}


def results_of(round_: Round) -> Results:
    from festival.judging import aggregation

    entries = [e for e in entries_for_page(round_) if e.submission.status not in LEFT_COMPETITION]
    criteria, films, reviews = inputs_of(round_, entries)
    ranking = aggregation.rank_round(criteria, films, reviews)
    by_id = {entry.id: entry for entry in entries}
    rows: dict[object, list[FilmRow]] = {}
    for result in ranking.films:
        rows.setdefault(result.group, []).append(FilmRow(by_id[result.entry_id], result))
    names = {
        assignment.reviewer_id: assignment.reviewer.name
        for entry in entries
        for assignment in entry.assignments
    }
    return Results(
        round=round_,
        ranking=ranking,
        rows=rows,
        categories={c.id: c for c in round_.edition.categories},
        reviewer_names=names,
        review_count=len(reviews),
    )


@dataclass(frozen=True)
class Filter:
    """What the programmer narrows the ranking to; the positions stay those of the whole."""

    tag: str = ""
    min_score: float | None = None
    disputed_only: bool = False

    @property
    def is_active(self) -> bool:
        return bool(self.tag) or self.min_score is not None or self.disputed_only


def filtered(
    rows: dict[object, list[FilmRow]], chosen: Filter, tags: dict[int, list[str]]
) -> dict[object, list[FilmRow]]:
    def keep(row: FilmRow) -> bool:
        score = row.result.calibrated
        return (
            (not chosen.tag or chosen.tag in tags.get(row.entry.submission_id, []))
            and (chosen.min_score is None or (score is not None and score >= chosen.min_score))
            and (not chosen.disputed_only or row.result.is_disputed)
        )

    return {group: [row for row in films if keep(row)] for group, films in rows.items()}


EXPORT_COLUMNS = (
    "category",
    "position",
    "title",
    "submission_id",
    "reviews",
    "needed",
    "mean",
    "median",
    "spread",
    "normalised",
    "calibrated",
    "interval_low",
    "interval_high",
    "rank_mean",
    "rank_normalised",
    "rank_calibrated",
    "disputed",
)


def export_rows(results: Results) -> list[dict]:
    rows = []
    for category_id, films in results.rows.items():
        category = results.categories.get(category_id)
        for row in films:
            r = row.result
            rows.append(
                {
                    "category": category.name if category else str(category_id),
                    "position": r.position,
                    "title": row.film.title,
                    "submission_id": row.entry.submission_id,
                    "reviews": r.count,
                    "needed": r.needed,
                    "mean": r.mean,
                    "median": r.median,
                    "spread": r.spread,
                    "normalised": r.normalised,
                    "calibrated": r.calibrated,
                    "interval_low": r.interval_low,
                    "interval_high": r.interval_high,
                    "rank_mean": r.ranks.get("mean"),
                    "rank_normalised": r.ranks.get("normalised"),
                    "rank_calibrated": r.ranks.get("calibrated"),
                    "disputed": r.is_disputed,
                }
            )
    return rows


def as_csv(results: Results) -> bytes:
    return csv_document(EXPORT_COLUMNS, export_rows(results))


def as_json(results: Results) -> dict:
    ranking = results.ranking
    return {
        "round": {"id": results.round.id, "name": results.round.name},
        "scale": [ranking.scale_min, ranking.scale_max],
        "tie_rule": ranking.tie_rule,
        "noise_sd": ranking.noise_sd,
        "films": export_rows(results),
        "jurors": [
            {
                "juror": results.reviewer_names.get(j.juror_id, str(j.juror_id)),
                "reviews": j.count,
                "mean": j.mean,
                "offset": j.offset,
            }
            for j in ranking.jurors
        ],
    }
