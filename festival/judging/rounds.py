"""Setting up a round: its settings and rubric, its members, and the entries it judges.

Services flush and record audit events; the caller commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from festival.accounts.enums import Role
from festival.accounts.models import User, UserRole
from festival.audit.services import record
from festival.editions.models import Edition
from festival.extensions import db
from festival.judging.enums import RoundStage
from festival.judging.models import Assignment, Criterion, Round, RoundEntry, RoundMember, Score
from festival.judging.rubrics import MAX_CRITERIA, CriterionDraft, normalised_weights
from festival.media import queries as media_queries
from festival.refusals import Refusal
from festival.submissions.enums import OPEN_STATES, SubmissionStatus
from festival.submissions.models import Submission

DEFAULT_STATUSES = {
    RoundStage.SCREENING: [SubmissionStatus.SUBMITTED.value, SubmissionStatus.IN_CONSIDERATION],
    RoundStage.JURY: [SubmissionStatus.SHORTLISTED.value],
}
MEMBER_ROLE = {RoundStage.SCREENING: Role.PROGRAMMER, RoundStage.JURY: Role.JUROR}


@dataclass
class RoundSettings:
    name: str
    stage: RoundStage
    opens_at: datetime
    closes_at: datetime
    reviews_per_film: int = 3
    is_blind: bool = True
    is_open_screening: bool = False
    category_ids: list[int] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    min_watched_percent: int = 80
    instructions: str = ""

    def __post_init__(self):
        # Open screening is an option of screening rounds; a jury round never has it.
        self.is_open_screening = self.is_open_screening and self.stage is RoundStage.SCREENING


def settings_of(round_: Round) -> RoundSettings:
    return RoundSettings(**{f.name: getattr(round_, f.name) for f in fields(RoundSettings)})


def _check_settings(edition: Edition, settings: RoundSettings) -> None:
    if settings.closes_at <= settings.opens_at:
        raise Refusal(_l("The round must close after it opens."), "closes_at")
    known = {category.id for category in edition.categories}
    if not set(settings.category_ids) <= known:
        raise Refusal(_l("Choose categories of this edition."), "category_ids")
    if not settings.statuses:
        raise Refusal(_l("Choose at least one submission status."), "statuses")


def create_round(
    edition: Edition, settings: RoundSettings, criteria: Sequence[CriterionDraft], *, actor
) -> Round:
    _check_settings(edition, settings)
    round_ = Round(edition=edition, **vars(settings))
    db.session.add(round_)
    set_rubric(round_, criteria, actor=actor)
    record("round_created", round_, actor=actor, after={"name": round_.name})
    return round_


def update_round(round_: Round, settings: RoundSettings, *, actor) -> Round:
    _check_settings(round_.edition, settings)
    if settings.stage is not round_.stage and round_.entries:
        raise Refusal(_l("A round with entries cannot change its kind."), "stage")
    before = {"opens_at": round_.opens_at.isoformat(), "closes_at": round_.closes_at.isoformat()}
    for name, value in vars(settings).items():
        setattr(round_, name, value)
    db.session.flush()
    record("round_updated", round_, actor=actor, before=before, after={"name": round_.name})
    return round_


def scored_criterion_ids(round_: Round) -> set[int]:
    if round_.id is None:
        return set()
    return set(
        db.session.scalars(
            db.select(Score.criterion_id)
            .join(Criterion, Criterion.id == Score.criterion_id)
            .where(Criterion.round_id == round_.id)
            .distinct()
        )
    )


def set_rubric(round_: Round, drafts: Sequence[CriterionDraft], *, actor) -> list[Criterion]:
    """Replace the rubric with `drafts`, weights scaled to add up to 100. A criterion that has
    scores keeps its scale and cannot be removed: the scores already given must keep meaning."""
    if not drafts:
        raise Refusal(_l("Give the rubric at least one criterion."), "criteria")
    if len(drafts) > MAX_CRITERIA:
        raise Refusal(_l("Use at most %(count)d criteria.", count=MAX_CRITERIA), "criteria")
    if len({draft.name.casefold() for draft in drafts}) != len(drafts):
        raise Refusal(_l("Give each criterion its own name."), "criteria")
    scored = scored_criterion_ids(round_)
    existing = {criterion.id: criterion for criterion in round_.criteria}
    kept_ids = {draft.id for draft in drafts if draft.id is not None}
    for criterion_id in scored - kept_ids:
        raise Refusal(
            _l(
                "“%(name)s” already has scores and cannot be removed.",
                name=existing[criterion_id].name,
            ),
            "criteria",
        )
    weights = normalised_weights([draft.weight for draft in drafts])
    kept = []
    for position, (draft, weight) in enumerate(zip(drafts, weights, strict=True)):
        criterion = existing.get(draft.id) if draft.id is not None else None
        if criterion is None:
            criterion = Criterion()
            round_.criteria.append(criterion)
        elif criterion.id in scored and (draft.scale_min, draft.scale_max) != (
            criterion.scale_min,
            criterion.scale_max,
        ):
            raise Refusal(
                _l("“%(name)s” already has scores; its scale cannot change.", name=criterion.name),
                "criteria",
            )
        criterion.name = draft.name
        criterion.description = draft.description
        criterion.weight = weight
        criterion.scale_min, criterion.scale_max = draft.scale_min, draft.scale_max
        criterion.labels = list(draft.labels)
        criterion.position = position
        kept.append(criterion)
    for criterion in list(round_.criteria):
        if criterion not in kept:
            round_.criteria.remove(criterion)
    record(
        "rubric_set",
        round_,
        actor=actor,
        after={"criteria": [[c.name, c.weight, c.scale_min, c.scale_max] for c in kept]},
    )
    return kept


# --- members --------------------------------------------------------------------------------


def eligible_people(round_: Round) -> list[User]:
    """Who may be a member: active users holding the round's role (programmers screen)."""
    role = MEMBER_ROLE[round_.stage]
    return db.session.scalars(
        db.select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == role, User.is_active.is_(True))
        .order_by(User.name, User.id)
    ).all()


def set_members(round_: Round, user_ids: Sequence[int], *, actor) -> None:
    """Make exactly `user_ids` the members; a member with assignments in the round stays."""
    wanted = set(user_ids)
    allowed = {person.id for person in eligible_people(round_)}
    if not wanted <= allowed | {member.user_id for member in round_.members}:
        raise Refusal(_l("Choose people who hold the round's role."), "members")
    busy = _members_with_assignments(round_)
    for member in list(round_.members):
        if member.user_id not in wanted:
            if member.user_id in busy:
                raise Refusal(
                    _l(
                        "%(name)s has films in this round; recuse them from each film first.",
                        name=member.user.name,
                    ),
                    "members",
                )
            round_.members.remove(member)
    present = {member.user_id for member in round_.members}
    for user_id in sorted(wanted - present):
        round_.members.append(RoundMember(user_id=user_id, preferred_category_ids=[]))
    db.session.flush()
    record("round_members_set", round_, actor=actor, after={"members": sorted(wanted)})


def _members_with_assignments(round_: Round) -> set[int]:
    return set(
        db.session.scalars(
            db.select(Assignment.reviewer_id).where(Assignment.round_id == round_.id).distinct()
        )
    )


def update_member(member: RoundMember, *, cap: int | None, preferred: Sequence[int], actor) -> None:
    known = {category.id for category in member.round.edition.categories}
    if cap is not None and cap < 0:
        raise Refusal(_l("A cap cannot be negative."), "cap")
    if not set(preferred) <= known:
        raise Refusal(_l("Choose categories of this edition."), "preferred")
    member.cap = cap
    member.preferred_category_ids = sorted(set(preferred))
    db.session.flush()
    record(
        "round_member_updated",
        member.round,
        actor=actor,
        after={"user_id": member.user_id, "cap": cap, "preferred": member.preferred_category_ids},
    )


# --- entries --------------------------------------------------------------------------------


def matching_submissions(round_: Round) -> list[Submission]:
    query = db.select(Submission).where(
        Submission.edition_id == round_.edition_id,
        Submission.status.in_([SubmissionStatus(s) for s in round_.statuses]),
    )
    if round_.category_ids:
        query = query.where(Submission.category_id.in_(round_.category_ids))
    return db.session.scalars(query.order_by(Submission.id)).all()


def sync_entries(round_: Round, *, actor) -> tuple[int, int]:
    """Add the submissions the round covers; drop entries that no longer match (or were
    withdrawn or disqualified) while nobody has been assigned to them. Returns (added, dropped)."""
    matching = {submission.id: submission for submission in matching_submissions(round_)}
    present = {entry.submission_id: entry for entry in _entries_with_assignments(round_)}
    film_ids = {s.film_id for s in matching.values()} | {
        e.submission.film_id for e in present.values()
    }
    playable = media_queries.playable_screeners(film_ids)
    added = dropped = 0
    for submission_id, submission in matching.items():
        if submission_id not in present:
            round_.entries.append(
                RoundEntry(submission=submission, screener=playable.get(submission.film_id))
            )
            added += 1
    for submission_id, entry in present.items():
        gone = entry.submission.status not in OPEN_STATES or submission_id not in matching
        if gone and not entry.assignments:
            round_.entries.remove(entry)
            dropped += 1
        elif entry.screener_id is None:
            entry.screener = playable.get(entry.submission.film_id)
    db.session.flush()
    record("round_entries_synced", round_, actor=actor, after={"added": added, "dropped": dropped})
    return added, dropped


def _entries_with_assignments(round_: Round) -> list[RoundEntry]:
    return db.session.scalars(
        db.select(RoundEntry)
        .where(RoundEntry.round_id == round_.id)
        .options(joinedload(RoundEntry.submission), selectinload(RoundEntry.assignments))
    ).all()


def pin_screener(entry: RoundEntry, screener=None) -> None:
    """Pin the version the round judges: `screener`, or the newest ready one of the film."""
    film_id = entry.submission.film_id
    if screener is None:
        screener = media_queries.playable_screener(film_id)
    elif screener.film_id != film_id:
        raise Refusal(_l("That screener belongs to another film."))
    entry.screener = screener
