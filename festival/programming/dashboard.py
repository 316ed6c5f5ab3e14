"""The edition dashboard: what an edition has received and how far its judging has come.

Every figure is an aggregate the database computes (grouped counts and sums), so the page costs
a fixed handful of queries whatever the number of entries: one pass over the edition's
submissions grouped by every dimension counted, one over the countries of their films, one for
the entries of each round with enough reviews and one for each reviewer's work. Python only adds
up the groups (a few hundred rows at most), never loops over entries.

An entry is a submission that is no longer a draft; the status counts show the drafts too."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Float, and_, case, cast, func, literal, true
from sqlalchemy.sql import ColumnElement

from festival.accounts.models import User
from festival.editions.models import Edition
from festival.extensions import db
from festival.films.iso_codes import country_name
from festival.films.models import Film
from festival.judging.enums import AssignmentState, ReviewState
from festival.judging.models import Assignment, Review, Round, RoundEntry
from festival.media.models import Screener, Viewing
from festival.submissions.enums import LEFT_COMPETITION, SubmissionStatus
from festival.submissions.models import Submission


@dataclass(frozen=True)
class Count:
    """One bar of a chart: what is counted, its label and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Income:
    """Entry fees in one currency, in its minor units."""

    currency: str
    paid_cents: int
    paid: int
    """Entries whose fee is paid."""
    unpaid_cents: int
    unpaid: int
    """Entries with a fee still to pay."""


@dataclass(frozen=True)
class ReviewerWork:
    """A reviewer's live assignments in a round and what they have done of them."""

    user_id: int
    name: str
    assigned: int
    submitted: int
    played_share: float | None
    """Mean share of their films' judged versions they have played, 0–1 (None: no versions)."""

    @property
    def behind(self) -> int:
        return self.assigned - self.submitted


@dataclass(frozen=True)
class RoundProgress:
    round: Round
    entries: int
    """Entries of the round still in competition."""
    complete: int
    """Of those, the ones with at least the round's `reviews_per_film` submitted reviews."""
    reviewers: list[ReviewerWork] = field(default_factory=list)
    """Most behind first."""

    @property
    def share(self) -> float:
        return self.complete / self.entries if self.entries else 0.0


@dataclass(frozen=True)
class Dashboard:
    edition: Edition
    entries: int
    by_status: list[Count]
    by_category: list[Count]
    by_deadline: list[Count]
    by_country: list[Count]
    income: list[Income]
    waivers: list[Count]
    rounds: list[RoundProgress]


def dashboard_of(edition: Edition) -> Dashboard:
    groups = _submission_groups(edition.id)
    entries = [g for g in groups if g.status is not SubmissionStatus.DRAFT]
    categories = {str(c.id): c.name for c in edition.categories}
    deadlines = {str(d.id): d.name for d in sorted(edition.deadlines, key=_last_day)}
    codes = {str(w.id): w.code for w in edition.waiver_codes}
    return Dashboard(
        edition=edition,
        entries=sum(g.count for g in entries),
        by_status=_counts(
            _tally(groups, "status", lambda s: s.value),
            {status.value: str(status.label) for status in SubmissionStatus},
        ),
        by_category=_counts(_tally(entries, "category_id", str), categories),
        by_deadline=_counts(
            _tally(entries, "deadline_id", lambda d: "" if d is None else str(d)),
            {**deadlines, "": NO_DEADLINE},
        ),
        by_country=_country_counts(edition.id),
        income=_income(entries),
        waivers=_counts(
            _tally([g for g in entries if g.waiver_code_id is not None], "waiver_code_id", str),
            codes,
            keep_order=False,
        ),
        rounds=_round_progress(edition.id),
    )


NO_DEADLINE = "—"
"""The label of entries taken outside any deadline (imported, or entered by staff)."""


# -- the submissions, grouped once -------------------------------------------------------------


def _submission_groups(edition_id: int):
    """The edition's submissions grouped by every dimension counted, with a count and the fees."""
    dimensions = (
        Submission.status,
        Submission.category_id,
        Submission.deadline_id,
        Submission.waiver_code_id,
        Submission.currency,
        Submission.is_paid,
    )
    return db.session.execute(
        db.select(
            *dimensions,
            func.count().label("count"),
            func.coalesce(func.sum(Submission.fee_cents), 0).label("fee_cents"),
        )
        .where(Submission.edition_id == edition_id)
        .group_by(*dimensions)
    ).all()


def _tally(groups, dimension: str, key) -> Counter:
    tally: Counter = Counter()
    for group in groups:
        tally[key(getattr(group, dimension))] += group.count
    return tally


def _counts(tally: Counter, labels: dict[str, str], *, keep_order: bool = True) -> list[Count]:
    """One `Count` per label in the labels' order (zeros included), else by count, most first;
    keys without a label (a category deleted since) keep their key as label."""
    if keep_order:
        keys = [key for key in labels if key in tally or key != ""]
        keys += [key for key in tally if key not in labels]
    else:
        keys = sorted(tally, key=lambda key: (-tally[key], labels.get(key, key)))
    return [Count(key, labels.get(key, key), tally.get(key, 0)) for key in keys]


def _income(entries) -> list[Income]:
    paid: Counter = Counter()
    paid_cents: Counter = Counter()
    unpaid: Counter = Counter()
    unpaid_cents: Counter = Counter()
    for group in entries:
        if group.is_paid:
            paid[group.currency] += group.count
            paid_cents[group.currency] += group.fee_cents
        elif group.fee_cents:
            unpaid[group.currency] += group.count
            unpaid_cents[group.currency] += group.fee_cents
    return [
        Income(
            currency, paid_cents[currency], paid[currency], unpaid_cents[currency], unpaid[currency]
        )
        for currency in sorted(set(paid) | set(unpaid))
    ]


def _last_day(deadline):
    return deadline.last_day_on


# -- countries ---------------------------------------------------------------------------------


def _country_counts(edition_id: int) -> list[Count]:
    """Entries per country of production, most first; a co-production counts for each country."""
    country = _json_array_elements(Film.countries)
    rows = db.session.execute(
        db.select(country.c.value, func.count())
        .select_from(Submission)
        .join(Film, Film.id == Submission.film_id)
        .join(country, true())
        .where(Submission.edition_id == edition_id, Submission.status != SubmissionStatus.DRAFT)
        .group_by(country.c.value)
    ).all()
    return sorted(
        (Count(code, country_name(code), count) for code, count in rows),
        key=lambda c: (-c.count, c.label),
    )


def _json_array_elements(column):
    """The text elements of a JSON array column as a table with one column, `value`: SQLite's
    `json_each`, PostgreSQL's `json_array_elements_text` (both may name a column of a table
    before them in FROM)."""
    if _is_postgresql():
        return func.json_array_elements_text(column).table_valued("value")
    return func.json_each(column).table_valued("value")


# -- judging -----------------------------------------------------------------------------------


def _round_progress(edition_id: int) -> list[RoundProgress]:
    rounds = db.session.scalars(
        db.select(Round).where(Round.edition_id == edition_id).order_by(Round.opens_at, Round.id)
    ).all()
    if not rounds:
        return []
    completion = _completion([r.id for r in rounds])
    reviewers = _reviewer_work([r.id for r in rounds])
    return [
        RoundProgress(
            round=round_,
            entries=completion.get(round_.id, (0, 0))[0],
            complete=completion.get(round_.id, (0, 0))[1],
            reviewers=sorted(
                reviewers.get(round_.id, []), key=lambda w: (-w.behind, w.name, w.user_id)
            ),
        )
        for round_ in rounds
    ]


def _live_assignments(round_ids: list[int]):
    """Active assignments of the rounds whose film is still in competition (what a reviewer
    still has to do), joined to their entries."""
    return (
        db.select()
        .select_from(Assignment)
        .join(RoundEntry, RoundEntry.id == Assignment.entry_id)
        .join(Submission, Submission.id == RoundEntry.submission_id)
        .where(
            Assignment.round_id.in_(round_ids),
            Assignment.state == AssignmentState.ACTIVE,
            Submission.status.not_in(LEFT_COMPETITION),
        )
    )


def _completion(round_ids: list[int]) -> dict[int, tuple[int, int]]:
    """round_id → (entries still in competition, those with enough submitted reviews)."""
    submitted = (
        _live_assignments(round_ids)
        .add_columns(Assignment.entry_id, func.count().label("reviews"))
        .join(Review, Review.assignment_id == Assignment.id)
        .where(Review.state == ReviewState.SUBMITTED)
        .group_by(Assignment.entry_id)
        .subquery()
    )
    reviews = func.coalesce(submitted.c.reviews, 0)
    rows = db.session.execute(
        db.select(
            RoundEntry.round_id,
            func.count(),
            func.sum(case((reviews >= Round.reviews_per_film, 1), else_=0)),
        )
        .join(Round, Round.id == RoundEntry.round_id)
        .join(Submission, Submission.id == RoundEntry.submission_id)
        .outerjoin(submitted, submitted.c.entry_id == RoundEntry.id)
        .where(RoundEntry.round_id.in_(round_ids), Submission.status.not_in(LEFT_COMPETITION))
        .group_by(RoundEntry.round_id)
    ).all()
    return {round_id: (total, int(complete or 0)) for round_id, total, complete in rows}


def _reviewer_work(round_ids: list[int]) -> dict[int, list[ReviewerWork]]:
    """round_id → each reviewer's live assignments, submitted reviews and mean share played."""
    duration = _duration_ms()
    played = cast(func.coalesce(Viewing.watched_ms, 0), Float) / duration
    share = case((duration > 0, _least(played, literal(1.0))), else_=literal(0.0))
    rows = db.session.execute(
        _live_assignments(round_ids)
        .add_columns(
            Assignment.round_id,
            Assignment.reviewer_id,
            func.count(),
            func.count(Review.id),
            func.avg(case((RoundEntry.screener_id.is_not(None), share))),
        )
        .outerjoin(
            Review,
            and_(Review.assignment_id == Assignment.id, Review.state == ReviewState.SUBMITTED),
        )
        .outerjoin(Screener, Screener.id == RoundEntry.screener_id)
        .outerjoin(Film, Film.id == Screener.film_id)
        .outerjoin(
            Viewing,
            and_(
                Viewing.user_id == Assignment.reviewer_id,
                Viewing.screener_id == RoundEntry.screener_id,
            ),
        )
        .group_by(Assignment.round_id, Assignment.reviewer_id)
    ).all()
    names = dict(
        db.session.execute(
            db.select(User.id, User.name).where(User.id.in_({row[1] for row in rows}))
        ).all()
    )
    work: dict[int, list[ReviewerWork]] = {}
    for round_id, user_id, assigned, submitted, played in rows:
        work.setdefault(round_id, []).append(
            ReviewerWork(
                user_id=user_id,
                name=names.get(user_id, ""),
                assigned=assigned,
                submitted=submitted,
                played_share=None if played is None else float(played),
            )
        )
    return work


def _is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _least(left: ColumnElement, right: ColumnElement) -> ColumnElement:
    """The smaller of two values: PostgreSQL's `least`, SQLite's two-argument `min`."""
    return func.least(left, right) if _is_postgresql() else func.min(left, right)


def _duration_ms() -> ColumnElement:
    """A judged version's duration in milliseconds, in SQL: the twin of
    `media.viewing.duration_ms_of` (the probed duration when it is a positive number, else the
    film's entered runtime; 0 when neither is known)."""
    probed = Screener.probe["duration_s"]
    if _is_postgresql():
        is_number = func.json_typeof(probed) == "number"
    else:
        is_number = func.json_type(Screener.probe, "$.duration_s").in_(("integer", "real"))
    seconds = case((is_number, probed.as_float()), else_=literal(0.0))
    return case(
        (seconds > 0, func.round(seconds * 1000)),
        else_=cast(func.coalesce(Film.runtime_s, 0) * 1000, Float),
    )
