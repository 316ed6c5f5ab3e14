"""Assigning films to a round's reviewers: the dry-run preview of the automatic plan, applying
it, replacements after an abstention, a recusal or a conflict, and moves by hand.

The plan itself is `judging.assignment.plan_assignments` (min-cost flow); this module feeds it
the round as it stands and writes the result. Assignments already made are never moved."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from festival.accounts.models import User
from festival.audit.services import record
from festival.database import utcnow
from festival.extensions import db
from festival.judging import conflicts, queries
from festival.judging.enums import AssignmentOrigin, AssignmentState, BlockReason
from festival.judging.models import Assignment, Round, RoundEntry, RoundMember
from festival.notifications.services import queue_templated_email
from festival.refusals import Refusal

if TYPE_CHECKING:
    from festival.judging.assignment import FilmSpec, JurorSpec, Plan

ENDED_BLOCKS = {
    AssignmentState.ABSTAINED: BlockReason.ABSTAINED,
    AssignmentState.RECUSED: BlockReason.RECUSED,
    AssignmentState.CONFLICTED: BlockReason.CONFLICT,
    AssignmentState.ACTIVE: BlockReason.ASSIGNED,
}


@dataclass
class Preview:
    round: Round
    plan: Plan
    fingerprint: str
    entries: dict[int, RoundEntry]
    reviewers: dict[int, User]

    @property
    def is_empty(self) -> bool:
        return not self.plan.pairs


def _assignments(round_: Round) -> list[Assignment]:
    return db.session.scalars(
        db.select(Assignment).where(Assignment.round_id == round_.id).order_by(Assignment.id)
    ).all()


@dataclass(frozen=True)
class PlanInputs:
    """What the planner needs of a round, read once."""

    films: list[FilmSpec]
    jurors: list[JurorSpec]
    blocked: dict[tuple[int, int], BlockReason]
    entries: dict[int, RoundEntry]
    """The round's entries by id."""
    members: dict[int, RoundMember]
    """The round's members by user id."""


def _inputs(round_: Round, entries: Iterable[RoundEntry] | None) -> PlanInputs:
    """The round as `detect_conflicts` would leave it, without writing: a conflict the site
    sees counts as found, and ends (in this reading) the assignment it falls on."""
    from festival.judging.assignment import FilmSpec, JurorSpec  # see `preview`

    loaded = {entry.id: entry for entry in queries.entries_with_films(round_)}
    members = {member.user_id: member for member in queries.members_of(round_)}
    stored, unstored = _conflicts_among(loaded, members)
    assignments = [  # an assignment an unstored conflict falls on ends once it is stored
        a
        for a in _assignments(round_)
        if not (a.is_active and (a.entry_id, a.reviewer_id) in unstored)
    ]
    active = Counter(a.entry_id for a in assignments if a.is_active)
    loads = Counter(a.reviewer_id for a in assignments if a.is_active)
    blocked = {(a.entry_id, a.reviewer_id): ENDED_BLOCKS[a.state] for a in assignments}
    for pair in stored | unstored:
        blocked.setdefault(pair, BlockReason.CONFLICT)
    chosen = [loaded[e.id] for e in entries] if entries is not None else list(loaded.values())
    films = [
        FilmSpec(
            entry_id=entry.id,
            group=entry.submission.category_id,
            needed=max(round_.reviews_per_film - active[entry.id], 0),
        )
        for entry in chosen
    ]
    jurors = [
        JurorSpec(
            juror_id=user_id,
            current_load=loads[user_id],
            cap=member.cap if member.cap is None else max(member.cap, loads[user_id]),
            preferred_groups=frozenset(member.preferred_category_ids or ()),
        )
        for user_id, member in members.items()
    ]
    return PlanInputs(films, jurors, blocked, loaded, members)


def _conflicts_among(
    entries: dict[int, RoundEntry], members: dict[int, RoundMember]
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(entry id, member's user id) pairs under a conflict that counts: the stored ones, and
    the ones the site sees that nobody has stored yet."""
    entries_of_film = defaultdict(list)
    for entry in entries.values():
        entries_of_film[entry.submission.film_id].append(entry.id)

    def pairs(conflicted: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        return {
            (entry_id, juror_id)
            for juror_id, film_id in conflicted
            if juror_id in members
            for entry_id in entries_of_film[film_id]
        }

    found = conflicts.found([m.user for m in members.values()], [e.film for e in entries.values()])
    return (
        pairs(conflicts.conflicted_pairs(entries_of_film)),
        pairs((seen.juror_id, seen.film_id) for seen in found),
    )


def preview(round_: Round, entries: Iterable[RoundEntry] | None = None) -> Preview:
    """The plan for the round as it stands (or for some of its entries), without writing
    anything: conflicts the site sees but nobody stored yet are kept out of it all the same.

    The solver (numpy and OR-Tools, some 35 MB) is imported here, by the process that plans,
    so that web workers streaming uploads never load it."""
    from festival.judging.assignment import plan_assignments

    inputs = _inputs(round_, entries)
    plan = plan_assignments(inputs.films, inputs.jurors, inputs.blocked)
    return Preview(
        round=round_,
        plan=plan,
        fingerprint=_fingerprint(plan),
        entries=inputs.entries,
        reviewers={user_id: member.user for user_id, member in inputs.members.items()},
    )


def detect_conflicts(round_: Round) -> int:
    """Store the conflicts the site sees between the round's members and films (ending the
    assignments they fall on); returns how many are new."""
    members = queries.members_of(round_)
    films = [entry.film for entry in queries.entries_with_films(round_)]
    return conflicts.detect([member.user for member in members], films)


def _fingerprint(plan: Plan) -> str:
    return hashlib.sha256(json.dumps(sorted(plan.pairs)).encode()).hexdigest()[:16]


def apply(round_: Round, fingerprint: str, *, actor) -> int:
    """Store the conflicts the site sees, then write the previewed plan; refused if the
    round changed since the preview was shown."""
    detect_conflicts(round_)
    current = preview(round_)
    if current.fingerprint != fingerprint:
        raise Refusal(
            _l("The assignments changed since this preview was made. Here is the new preview.")
        )
    _write(round_, current.plan, AssignmentOrigin.AUTOMATIC, actor=actor)
    record("assignments_applied", round_, actor=actor, after={"count": len(current.plan.pairs)})
    return len(current.plan.pairs)


def _write(round_: Round, plan: Plan, origin: AssignmentOrigin, *, actor) -> list[Assignment]:
    made = [
        _assign(round_.id, entry_id, reviewer_id, origin, actor)
        for entry_id, reviewer_id in plan.pairs
    ]
    db.session.flush()
    tell_reviewers(round_, made)
    return made


def _assign(round_id: int, entry_id: int, reviewer_id: int, origin: AssignmentOrigin, by):
    """A new live assignment, added to the session; `by` made it (None for the system)."""
    assignment = Assignment(
        round_id=round_id,
        entry_id=entry_id,
        reviewer_id=reviewer_id,
        origin=origin,
        created_by_id=getattr(by, "id", None),
    )
    db.session.add(assignment)
    return assignment


def tell_reviewers(round_: Round, made: Iterable[Assignment]) -> None:
    """One email to each reviewer with new films (after the caller commits)."""
    counts = Counter(assignment.reviewer_id for assignment in made)
    for reviewer_id, count in sorted(counts.items()):
        reviewer = db.session.get(User, reviewer_id)
        queue_templated_email(
            reviewer,
            "films_assigned",
            _l("New films to review: %(round)s", round=round_.name),
            round=round_,
            count=count,
        )


def replace(assignments: Iterable[Assignment], *, actor) -> list[Assignment]:
    """Find replacements for films whose assignments just ended, in their rounds."""
    made = []
    by_round: dict[int, list[RoundEntry]] = {}
    for assignment in assignments:
        by_round.setdefault(assignment.round_id, []).append(assignment.entry)
    for round_id, entries in sorted(by_round.items()):
        round_ = db.session.get(Round, round_id)
        if round_.is_open_screening or utcnow() >= round_.closes_at:
            continue
        detect_conflicts(round_)
        plan = preview(round_, {entry.id: entry for entry in entries}.values()).plan
        made += _write(round_, plan, AssignmentOrigin.REPLACEMENT, actor=actor)
    return made


def end(assignment: Assignment, state: AssignmentState, *, actor, reason: str = "") -> None:
    reason = (reason or "").strip()
    if not assignment.is_active:
        raise Refusal(_l("This assignment has already ended."))
    if len(reason) > 500:
        raise Refusal(_l("Keep the reason under %(count)d characters.", count=500), "reason")
    assignment.state, assignment.reason, assignment.ended_at = state, reason, utcnow()
    db.session.flush()
    record(f"assignment_{state.value}", assignment, actor=actor, reason=reason or None)


def abstain(assignment: Assignment, *, actor: User, reason: str = "") -> list[Assignment]:
    """The juror steps back from the film, even mid-viewing; someone else gets it. An
    abstention is not a score: it never counts against the film."""
    if assignment.reviewer_id != actor.id:
        raise Refusal(_l("This assignment is not yours."))
    if assignment.review is not None and assignment.review.is_submitted:
        raise Refusal(_l("You have already submitted your review of this film."))
    end(assignment, AssignmentState.ABSTAINED, actor=actor, reason=reason)
    return replace([assignment], actor=actor)


def recuse(assignment: Assignment, *, actor: User, reason: str = "") -> list[Assignment]:
    """A programmer takes the juror off the film, silently; never assigned it again."""
    end(assignment, AssignmentState.RECUSED, actor=actor, reason=reason)
    return replace([assignment], actor=actor)


def pair_of(entry: RoundEntry, reviewer: User) -> Assignment | None:
    """The reviewer's assignment of the entry, in any state (a pair is made only once)."""
    return db.session.scalar(
        db.select(Assignment).where(
            Assignment.entry_id == entry.id, Assignment.reviewer_id == reviewer.id
        )
    )


def assign_by_hand(entry: RoundEntry, reviewer: User, *, actor) -> Assignment:
    round_ = entry.round
    if reviewer.id not in {member.user_id for member in round_.members}:
        raise Refusal(_l("Add them to the round's members first."), "reviewer_id")
    if pair_of(entry, reviewer) is not None:
        raise Refusal(
            _l("%(name)s has already had this film in this round.", name=reviewer.name),
            "reviewer_id",
        )
    if conflicts.is_conflicted(reviewer.id, entry.submission.film_id):
        raise Refusal(
            _l("%(name)s has a conflict of interest with this film.", name=reviewer.name),
            "reviewer_id",
        )
    assignment = _assign(round_.id, entry.id, reviewer.id, AssignmentOrigin.MANUAL, actor)
    record("assignment_added", assignment, actor=actor, after={"reviewer_id": reviewer.id})
    tell_reviewers(round_, [assignment])
    return assignment


def remove(assignment: Assignment, *, actor) -> None:
    """Undo an assignment nobody has started on (a started one is recused instead)."""
    if assignment.review is not None:
        raise Refusal(_l("The reviewer has started on this film; recuse them instead."))
    record(
        "assignment_removed",
        assignment,
        actor=actor,
        before={"reviewer_id": assignment.reviewer_id, "entry_id": assignment.entry_id},
    )
    db.session.delete(assignment)
    db.session.flush()


def take(entry: RoundEntry, reviewer: User) -> Assignment:
    """In an open screening round, a programmer's rating makes the film theirs to rate."""
    existing = pair_of(entry, reviewer)
    if existing is not None:
        return existing
    assignment = _assign(entry.round_id, entry.id, reviewer.id, AssignmentOrigin.SELF, reviewer)
    db.session.flush()
    return assignment
