"""How far each round's judging has come: its entries still in competition and how many of them
have enough submitted reviews, and each reviewer's live assignments, reviews and share played.

Added up from the assignments, these figures cost a pass over every assignment of the round
(about 60,000 for a jury of 20,000 films), too slow for a page. So a round keeps them
(`ProgressRound`, `EntryProgress`, `ReviewerProgress`) and `keep_up` recomputes, from the
source rows, just the entries and reviewers a flush touched: a session listener (registered
from `CROSS_DOMAIN_HOOKS`) sees every ORM change to what the figures read (assignments,
reviews, round entries, a submission's status, a viewing, a screener's probe, a film's
runtime), whichever domain makes it, so no service has to remember to call it. A round made
from now on is kept from its creation; a round made before is added up live (`figures`) until
`rebuild` keeps it. A write that bypasses the ORM (Core `INSERT`/`UPDATE` of those tables, as
the benchmarks do) calls `rebuild` itself.

Recomputing a slice locks its rows first (PostgreSQL), so two reviews of one film submitted at
once are both counted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Float, and_, case, cast, event, func, literal, select, tuple_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from festival.extensions import db
from festival.films.models import Film
from festival.judging.enums import AssignmentState, ReviewState
from festival.judging.models import (
    Assignment,
    EntryProgress,
    ProgressRound,
    Review,
    ReviewerProgress,
    Round,
    RoundEntry,
    Score,
)
from festival.media.models import Screener, Viewing
from festival.submissions.enums import LEFT_COMPETITION
from festival.submissions.models import Submission

SLICE_LIMIT = 2_000
"""Beyond this many entries or reviewers touched in one flush, rebuild their rounds instead."""
CHUNK = 500
"""Ids per `IN` list."""


@dataclass(frozen=True)
class Completion:
    entries: int
    """Entries still in competition."""
    complete: int
    """Of those, the ones with at least the round's `reviews_per_film` submitted reviews."""


@dataclass(frozen=True)
class Work:
    """A reviewer's live assignments in a round and what they have done of them."""

    round_id: int
    reviewer_id: int
    assigned: int
    submitted: int
    played_share: float | None
    """Mean share of their films' judged versions they have played, 0–1 (None: no versions)."""


# -- reading -----------------------------------------------------------------------------------


def figures(round_ids: Iterable[int]) -> tuple[dict[int, Completion], list[Work]]:
    """Each round's completion and its reviewers' work: kept rounds read their few rows, the
    others are added up from their assignments."""
    round_ids = sorted(set(round_ids))
    if not round_ids:
        return {}, []
    kept = set(
        db.session.scalars(
            select(ProgressRound.round_id).where(ProgressRound.round_id.in_(round_ids))
        )
    )
    live = [round_id for round_id in round_ids if round_id not in kept]
    completion: dict[int, Completion] = {}
    work: list[Work] = []
    if kept:
        completion |= _kept_completion(kept)
        work += [
            _work(*row)
            for row in db.session.execute(
                select(
                    ReviewerProgress.round_id,
                    ReviewerProgress.reviewer_id,
                    ReviewerProgress.assigned,
                    ReviewerProgress.submitted,
                    ReviewerProgress.played_sum,
                    ReviewerProgress.played_count,
                ).where(ReviewerProgress.round_id.in_(kept))
            )
        ]
    if live:
        completion |= _live_completion(live)
        rows = _reviewer_rows(_is_postgresql(db.session.connection()), rounds=live)
        work += [_work(*row) for row in db.session.execute(rows)]
    return completion, work


def _work(round_id, reviewer_id, assigned, submitted, played_sum, played_count) -> Work:
    return Work(
        round_id,
        reviewer_id,
        assigned,
        submitted,
        float(played_sum) / played_count if played_count else None,
    )


def _kept_completion(round_ids) -> dict[int, Completion]:
    enough = EntryProgress.submitted >= Round.reviews_per_film
    rows = db.session.execute(
        select(
            EntryProgress.round_id,
            func.count().filter(EntryProgress.live),
            func.count().filter(and_(EntryProgress.live, enough)),
        )
        .join(Round, Round.id == EntryProgress.round_id)
        .where(EntryProgress.round_id.in_(round_ids))
        .group_by(EntryProgress.round_id)
    )
    return {round_id: Completion(entries, complete) for round_id, entries, complete in rows}


def _live_completion(round_ids) -> dict[int, Completion]:
    entries = _entry_rows(rounds=round_ids).subquery()
    enough = entries.c.submitted >= Round.reviews_per_film
    rows = db.session.execute(
        select(
            entries.c.round_id,
            func.count().filter(entries.c.live),
            func.count().filter(and_(entries.c.live, enough)),
        )
        .join(Round, Round.id == entries.c.round_id)
        .group_by(entries.c.round_id)
    )
    return {round_id: Completion(total, complete) for round_id, total, complete in rows}


# -- the figures from the source rows ----------------------------------------------------------


def _entry_rows(*, rounds=None, entries=None):
    """(entry_id, round_id, live, submitted) of the entries of `rounds` or the `entries`:
    reviews are counted per entry first, then joined to the entries."""
    scope_entry = RoundEntry.round_id.in_(rounds) if rounds else RoundEntry.id.in_(entries)
    scope_assignment = (
        Assignment.round_id.in_(rounds) if rounds else Assignment.entry_id.in_(entries)
    )
    reviewed = (
        select(Assignment.entry_id, func.count().label("reviews"))
        .join(Review, Review.assignment_id == Assignment.id)
        .where(
            scope_assignment,
            Assignment.state == AssignmentState.ACTIVE,
            Review.state == ReviewState.SUBMITTED,
        )
        .group_by(Assignment.entry_id)
        .subquery()
    )
    return (
        select(
            RoundEntry.id.label("entry_id"),
            RoundEntry.round_id.label("round_id"),
            Submission.status.not_in(LEFT_COMPETITION).label("live"),
            func.coalesce(reviewed.c.reviews, 0).label("submitted"),
        )
        .join(Submission, Submission.id == RoundEntry.submission_id)
        .outerjoin(reviewed, reviewed.c.entry_id == RoundEntry.id)
        .where(scope_entry)
    )


def _reviewer_rows(postgresql: bool, *, rounds=None, pairs=None):
    """(round_id, reviewer_id, assigned, submitted, played_sum, played_count) of the reviewers
    of `rounds` or of the (round_id, reviewer_id) `pairs`, over their live active assignments.
    Each entry's duration is worked out once, before it is joined to its assignments."""
    if rounds:
        scope = Assignment.round_id.in_(rounds)
        entry_scope = RoundEntry.round_id.in_(rounds)
    else:
        scope = tuple_(Assignment.round_id, Assignment.reviewer_id).in_(pairs)
        entry_scope = RoundEntry.id.in_(select(Assignment.entry_id).where(scope))
    entry = (
        select(
            RoundEntry.id,
            RoundEntry.screener_id,
            _duration_ms(postgresql).label("duration_ms"),
        )
        .join(Submission, Submission.id == RoundEntry.submission_id)
        .outerjoin(Screener, Screener.id == RoundEntry.screener_id)
        .outerjoin(Film, Film.id == Screener.film_id)
        .where(entry_scope, Submission.status.not_in(LEFT_COMPETITION))
        .cte("judged_entries")
        .prefix_with("MATERIALIZED")  # SQLite would otherwise work the duration out per row
    )
    played = cast(func.coalesce(Viewing.watched_ms, 0), Float) / entry.c.duration_ms
    share = case(
        (entry.c.duration_ms > 0, _least(postgresql, played, literal(1.0))), else_=literal(0.0)
    )
    return (
        select(
            Assignment.round_id,
            Assignment.reviewer_id,
            func.count(),
            func.count(Review.id),
            func.coalesce(func.sum(case((entry.c.screener_id.is_not(None), share))), 0.0),
            func.count(entry.c.screener_id),
        )
        .select_from(Assignment)
        .join(entry, entry.c.id == Assignment.entry_id)
        .outerjoin(
            Review,
            and_(Review.assignment_id == Assignment.id, Review.state == ReviewState.SUBMITTED),
        )
        .outerjoin(
            Viewing,
            and_(
                Viewing.user_id == Assignment.reviewer_id,
                Viewing.screener_id == entry.c.screener_id,
            ),
        )
        .where(scope, Assignment.state == AssignmentState.ACTIVE)
        .group_by(Assignment.round_id, Assignment.reviewer_id)
    )


def _is_postgresql(connection) -> bool:
    return connection.dialect.name == "postgresql"


def _least(postgresql: bool, left: ColumnElement, right: ColumnElement) -> ColumnElement:
    """The smaller of two values: PostgreSQL's `least`, SQLite's two-argument `min`."""
    return func.least(left, right) if postgresql else func.min(left, right)


def _duration_ms(postgresql: bool) -> ColumnElement:
    """A judged version's duration in milliseconds, in SQL: the twin of
    `media.viewing.duration_ms_of` (the probed duration when it is a positive number, else the
    film's entered runtime; 0 when neither is known)."""
    probed = Screener.probe["duration_s"]
    if postgresql:
        is_number = func.json_typeof(probed) == "number"
    else:
        is_number = func.json_type(Screener.probe, "$.duration_s").in_(("integer", "real"))
    seconds = case((is_number, probed.as_float()), else_=literal(0.0))
    return case(
        (seconds > 0, func.round(seconds * 1000)),
        else_=cast(func.coalesce(Film.runtime_s, 0) * 1000, Float),
    )


# -- keeping them ------------------------------------------------------------------------------


def rebuild(round_ids: Iterable[int], connection=None) -> None:
    """Add up the rounds' figures from their assignments and keep them from now on."""
    round_ids = sorted(set(round_ids))
    if not round_ids:
        return
    connection = connection if connection is not None else db.session.connection()
    for model in (EntryProgress, ReviewerProgress, ProgressRound):
        connection.execute(model.__table__.delete().where(model.round_id.in_(round_ids)))
    connection.execute(
        ProgressRound.__table__.insert(), [{"round_id": round_id} for round_id in round_ids]
    )
    connection.execute(
        EntryProgress.__table__.insert().from_select(
            ["entry_id", "round_id", "live", "submitted"], _entry_rows(rounds=round_ids)
        )
    )
    connection.execute(
        ReviewerProgress.__table__.insert().from_select(
            ["round_id", "reviewer_id", "assigned", "submitted", "played_sum", "played_count"],
            _reviewer_rows(_is_postgresql(connection), rounds=round_ids),
        )
    )


@dataclass
class _Touched:
    """What a flush changed that the figures read, gathered until the flush has run."""

    new_rounds: set[int] = field(default_factory=set)
    rounds: set[int] = field(default_factory=set)
    entries: set[int] = field(default_factory=set)
    reviewers_of_entries: set[int] = field(default_factory=set)
    submissions: set[int] = field(default_factory=set)
    pairs: set[tuple[int, int]] = field(default_factory=set)
    assignments: set[int] = field(default_factory=set)
    viewings: set[tuple[int, int]] = field(default_factory=set)
    screeners: set[int] = field(default_factory=set)
    films: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any(vars(self).values())


def _changed(instance, name: str) -> bool:
    return db.inspect(instance).attrs[name].history.has_changes()


def touches_submitted(session: Session, instance: Review | Score) -> bool:
    """Whether a flushed change to a review or to one of its scores can move a figure read from
    submitted reviews (these, the desk's jury scores): a draft's scores count nowhere, so a
    juror's autosave refreshes nothing. A score whose review the session no longer holds is
    taken to count."""
    review = instance
    if isinstance(instance, Score):
        review = session.identity_map.get(Session.identity_key(Review, instance.review_id))
    if review is None:
        return True
    return review.state is ReviewState.SUBMITTED or _changed(review, "state")


@event.listens_for(Session, "after_flush")
def _gather(session: Session, _context) -> None:
    """Note what the flush changed (its new, changed and deleted objects are known only now)."""
    touched = session.info.setdefault(TOUCHED, _Touched())
    for instance in (*session.new, *session.dirty, *session.deleted):
        new = instance in session.new
        if isinstance(instance, Round) and new:
            touched.new_rounds.add(instance.id)
        elif isinstance(instance, Assignment):
            touched.entries.add(instance.entry_id)
            touched.pairs.add((instance.round_id, instance.reviewer_id))
        elif isinstance(instance, Review) and touches_submitted(session, instance):
            touched.assignments.add(instance.assignment_id)
        elif isinstance(instance, RoundEntry):
            touched.entries.add(instance.id)
            touched.reviewers_of_entries.add(instance.id)
            if instance in session.deleted:  # its assignments went with it
                touched.rounds.add(instance.round_id)
        elif isinstance(instance, Submission) and not new and _changed(instance, "status"):
            touched.submissions.add(instance.id)
        elif isinstance(instance, Viewing):
            touched.viewings.add((instance.user_id, instance.screener_id))
        elif isinstance(instance, Screener) and not new and _changed(instance, "probe"):
            touched.screeners.add(instance.id)
        elif isinstance(instance, Film) and not new and _changed(instance, "runtime_s"):
            touched.films.add(instance.id)


@event.listens_for(Session, "after_flush_postexec")
def _keep_up(session: Session, _context) -> None:
    touched = session.info.pop(TOUCHED, None)
    if touched:
        keep_up(session.connection(), touched)


TOUCHED = "judging_progress"


def keep_up(connection, touched: _Touched) -> None:
    """Recompute, in the kept rounds, the figures of what `touched` names."""
    if touched.new_rounds:
        rebuild(touched.new_rounds, connection)
    kept = set(connection.scalars(select(ProgressRound.round_id)))
    if touched.rounds & kept:
        rebuild(touched.rounds & kept, connection)
    if not kept:
        return
    entries, pairs = set(touched.entries), set(touched.pairs)
    for chunk in _chunks(touched.assignments):
        for entry_id, round_id, reviewer_id in connection.execute(
            select(Assignment.entry_id, Assignment.round_id, Assignment.reviewer_id).where(
                Assignment.id.in_(chunk)
            )
        ):
            entries.add(entry_id)
            pairs.add((round_id, reviewer_id))
    affected = [
        (touched.submissions, RoundEntry.submission_id),
        (touched.screeners, RoundEntry.screener_id),
        (touched.films, Submission.film_id),
    ]
    reviewers_of = set(touched.reviewers_of_entries)
    for ids, column in affected:
        for chunk in _chunks(ids):
            found = set(
                connection.scalars(
                    select(RoundEntry.id)
                    .join(Submission, Submission.id == RoundEntry.submission_id)
                    .where(column.in_(chunk))
                )
            )
            entries |= found
            reviewers_of |= found
    for chunk in _chunks(reviewers_of):
        pairs |= {
            tuple(row)
            for row in connection.execute(
                select(Assignment.round_id, Assignment.reviewer_id).where(
                    Assignment.entry_id.in_(chunk)
                )
            )
        }
    for chunk in _chunks(touched.viewings):
        pairs |= {
            tuple(row)
            for row in connection.execute(
                select(Assignment.round_id, Assignment.reviewer_id)
                .join(RoundEntry, RoundEntry.id == Assignment.entry_id)
                .where(tuple_(Assignment.reviewer_id, RoundEntry.screener_id).in_(chunk))
            )
        }
    entry_rounds: dict[int, int] = {}
    for chunk in _chunks(entries):
        entry_rounds |= {
            entry_id: round_id
            for entry_id, round_id in connection.execute(
                select(RoundEntry.id, RoundEntry.round_id).where(RoundEntry.id.in_(chunk))
            )
        }
    entries = {entry_id for entry_id, round_id in entry_rounds.items() if round_id in kept}
    pairs = {pair for pair in pairs if pair[0] in kept}
    if len(entries) > SLICE_LIMIT or len(pairs) > SLICE_LIMIT:
        rebuild(
            {entry_rounds[e] for e in entries} | {round_id for round_id, _ in pairs}, connection
        )
        return
    _refresh_entries(connection, sorted(entries))
    _refresh_pairs(connection, sorted(pairs))


def _refresh_entries(connection, entries: list[int]) -> None:
    """(A deleted entry's row went with it.)"""
    for chunk in _chunks(entries):
        _lock(connection, EntryProgress, EntryProgress.entry_id.in_(chunk))
        rows = connection.execute(_entry_rows(entries=chunk)).mappings().all()
        _upsert(connection, EntryProgress, ["entry_id"], [dict(row) for row in rows])


def _refresh_pairs(connection, pairs: list[tuple[int, int]]) -> None:
    columns = ["round_id", "reviewer_id", "assigned", "submitted", "played_sum", "played_count"]
    for chunk in _chunks(pairs):
        key = tuple_(ReviewerProgress.round_id, ReviewerProgress.reviewer_id)
        _lock(connection, ReviewerProgress, key.in_(chunk))
        query = _reviewer_rows(_is_postgresql(connection), pairs=chunk)
        rows = [dict(zip(columns, row, strict=True)) for row in connection.execute(query)]
        found = {(row["round_id"], row["reviewer_id"]) for row in rows}
        idle = [pair for pair in chunk if pair not in found]
        if idle:
            connection.execute(ReviewerProgress.__table__.delete().where(key.in_(idle)))
        _upsert(connection, ReviewerProgress, ["round_id", "reviewer_id"], rows)


def _lock(connection, model, where) -> None:
    """Hold the rows about to be recomputed (PostgreSQL), so a transaction recomputing them at
    the same moment waits and then reads what this one wrote."""
    if _is_postgresql(connection):
        connection.execute(select(literal(1)).select_from(model).where(where).with_for_update())


def _upsert(connection, model, keys: list[str], rows: list[dict]) -> None:
    if not rows:
        return
    dialect_insert = postgresql_insert if _is_postgresql(connection) else sqlite_insert
    statement = dialect_insert(model.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={name: statement.excluded[name] for name in rows[0] if name not in keys},
    )
    connection.execute(statement, rows)


def _chunks(items):
    items = sorted(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
