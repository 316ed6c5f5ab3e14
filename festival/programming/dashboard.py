"""The edition dashboard: what an edition has received and how far its judging has come.

Every figure is an aggregate the database computes (grouped counts and sums), so the page costs
a fixed handful of queries whatever the number of entries: one pass over the edition's
submissions grouped by every dimension counted, one over the countries of their films, and the
rounds' figures judging keeps up to date as reviews come in (`judging.progress`: a few hundred
narrow rows, not the tens of thousands of assignments behind them). Python only adds up the
groups (a few hundred rows at most), never loops over entries.

An entry is a submission that is no longer a draft; the status counts show the drafts too."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, true

from festival.accounts.models import User
from festival.editions.models import Edition
from festival.extensions import db
from festival.films.iso_codes import country_name
from festival.films.models import Film
from festival.judging import progress
from festival.judging.models import Round
from festival.submissions.enums import SubmissionStatus
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
    completion, work = progress.figures(r.id for r in rounds)
    names = dict(
        db.session.execute(
            db.select(User.id, User.name).where(User.id.in_({w.reviewer_id for w in work}))
        ).all()
    )
    reviewers: dict[int, list[ReviewerWork]] = {}
    for w in work:
        reviewers.setdefault(w.round_id, []).append(
            ReviewerWork(
                user_id=w.reviewer_id,
                name=names.get(w.reviewer_id, ""),
                assigned=w.assigned,
                submitted=w.submitted,
                played_share=w.played_share,
            )
        )
    nothing = progress.Completion(0, 0)
    return [
        RoundProgress(
            round=round_,
            entries=completion.get(round_.id, nothing).entries,
            complete=completion.get(round_.id, nothing).complete,
            reviewers=sorted(
                reviewers.get(round_.id, []), key=lambda w: (-w.behind, w.name, w.user_id)
            ),
        )
        for round_ in rounds
    ]


def _is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"
