"""Bulk actions on a selection of the desk: change status, tag, add to a round or a block,
assign to a programmer, record a decision. Each entry is changed on its own and audited; an
entry that cannot be changed is named with the reason, and the others go ahead.

A selection is stale for an entry whose `updated_at` is no longer what the desk showed: that
entry is refused ("changed meanwhile"), the rest are changed. Every bulk change touches
`updated_at` of the entries it changed, so a second stale selection sees them too."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from festival.accounts.models import User
from festival.audit.services import record
from festival.database import utcnow
from festival.editions.models import Edition
from festival.enums import LabelledEnum
from festival.extensions import db
from festival.judging import screening
from festival.judging.models import Round, RoundEntry
from festival.media import queries as media_queries
from festival.programming import blocks, decisions
from festival.programming.models.decisions import ProgrammerAssignment
from festival.programming.models.programme import Block
from festival.refusals import Refusal
from festival.submissions.enums import OPEN_STATES, SubmissionStatus
from festival.submissions.models import JudgingOutcome, Submission
from festival.submissions.workflow import change_status

MAX_SELECTION = 20_000


class BulkAction(LabelledEnum):
    STATUS = "status", _l("Change the status")
    TAG = "tag", _l("Add tags")
    ROUND = "round", _l("Add to a round")
    BLOCK = "block", _l("Add to a block")
    ASSIGN = "assign", _l("Assign to a programmer")
    DECIDE = "decide", _l("Record a decision")
    EXPORT = "export", _l("Export as CSV")


class BulkError(Refusal):
    """A bulk action refused as a whole (no entry chosen, a parameter missing)."""


@dataclass(frozen=True)
class Entry:
    """An entry named on the results page (plain values: the page is drawn after the commit
    expired every loaded row)."""

    submission_id: int
    title: str


@dataclass(frozen=True)
class Refused(Entry):
    reason: str


@dataclass
class BulkResult:
    action: BulkAction
    changed: list[Entry] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    stale: list[Refused] = field(default_factory=list)


def load_selection(edition: Edition, submission_ids: Iterable[int]) -> dict[int, Submission]:
    """The chosen entries of the edition, with their films, in one query."""
    ids = sorted(set(submission_ids))
    if not ids:
        raise BulkError(_l("Choose at least one entry."), "submission_ids")
    if len(ids) > MAX_SELECTION:
        raise BulkError(
            _l("Choose at most %(count)d entries.", count=MAX_SELECTION), "submission_ids"
        )
    return {
        submission.id: submission
        for submission in db.session.scalars(
            db.select(Submission)
            .where(Submission.id.in_(ids), Submission.edition_id == edition.id)
            .options(joinedload(Submission.film))
        )
    }


def seen_as(submission: Submission) -> str:
    """What the desk shows as the row's version (its `seen-<id>` field)."""
    return submission.updated_at.isoformat()


def apply(
    edition: Edition,
    action: BulkAction,
    submission_ids: Iterable[int],
    *,
    actor,
    seen: dict[int, str] | None = None,
    now: datetime | None = None,
    **params,
) -> BulkResult:
    """Apply `action` with its `params` to each chosen entry; refuse entries not of the
    edition or changed since `seen` (id → the `updated_at` the desk showed)."""
    now = now or utcnow()
    ids = list(submission_ids)
    selection = load_selection(edition, ids)
    result = BulkResult(action=action)
    seen = seen or {}
    chosen = []
    for submission_id in sorted(set(ids)):
        submission = selection.get(submission_id)
        if submission is None:
            result.refused.append(
                Refused(submission_id, "", str(_l("It is not an entry of this edition.")))
            )
        elif submission_id in seen and seen[submission_id] != seen_as(submission):
            result.stale.append(
                Refused(
                    submission_id,
                    submission.film.title,
                    str(_l("It changed after the list was loaded; look at it again.")),
                )
            )
        else:
            chosen.append(submission)
    changed = ACTIONS[action](chosen, result, actor=actor, now=now, **params)
    result.changed = [Entry(s.id, s.film.title) for s in changed]
    if changed:
        db.session.flush()
        db.session.execute(
            update(Submission)
            .where(Submission.id.in_([s.id for s in changed]))
            .values(updated_at=now),
            execution_options={"synchronize_session": False},
        )
        for submission in changed:
            db.session.expire(submission, ["updated_at"])
    return result


def _each(chosen, result: BulkResult, step: Callable[[Submission], None]) -> list[Submission]:
    """Run `step` on each entry; a refused one is named in `result`. Returns those changed."""
    changed = []
    for submission in chosen:
        try:
            step(submission)
        except Refusal as refusal:
            result.refused.append(Refused(submission.id, submission.film.title, str(refusal)))
        else:
            changed.append(submission)
    return changed


def change_statuses(
    chosen, result, *, actor, now, status: str = "", reason: str = ""
) -> list[Submission]:
    if not status:
        raise BulkError(_l("Choose the new status."), "status")
    target = SubmissionStatus(status)

    def step(submission: Submission) -> None:
        change_status(submission, target, actor=actor, reason=reason)

    return _each(chosen, result, step)


def add_tags(chosen, result, *, actor, now, tags: str = "") -> list[Submission]:
    added = screening.parse_tags(tags)
    if not added:
        raise BulkError(_l("Type the tags to add."), "tags")
    current = screening.tags_by_submission([s.id for s in chosen]) if chosen else {}

    def step(submission: Submission) -> None:
        names = current.get(submission.id, [])
        wanted = names + [tag for tag in added if tag not in names]
        if len(wanted) > screening.MAX_TAGS:
            raise Refusal(_l("Use at most %(count)d tags.", count=screening.MAX_TAGS), "tags")
        screening.set_tags(submission, wanted, actor=actor)

    return _each(chosen, result, step)


def add_to_round(chosen, result, *, actor, now, round_id: int | None = None) -> list[Submission]:
    round_ = db.session.get(Round, round_id) if round_id else None
    if round_ is None or (chosen and round_.edition_id != chosen[0].edition_id):
        raise BulkError(_l("Choose a round of this edition."), "round_id")
    present = set(
        db.session.scalars(
            db.select(RoundEntry.submission_id).where(RoundEntry.round_id == round_.id)
        )
    )
    playable = media_queries.playable_screeners({s.film_id for s in chosen})

    def step(submission: Submission) -> None:
        if submission.id in present:
            raise Refusal(_l("It is already in this round."))
        if submission.status not in OPEN_STATES or submission.status is SubmissionStatus.DRAFT:
            raise Refusal(
                _l(
                    "A submission that is “%(status)s” cannot be judged.",
                    status=submission.status.label,
                )
            )
        db.session.add(
            RoundEntry(
                round_id=round_.id,
                submission_id=submission.id,
                screener_id=getattr(playable.get(submission.film_id), "id", None),
            )
        )
        record("round_entry_added", submission, actor=actor, after={"round_id": round_.id})

    return _each(chosen, result, step)


def add_to_block(chosen, result, *, actor, now, block_id: int | None = None) -> list[Submission]:
    block = db.session.get(Block, block_id) if block_id else None
    if block is None or (chosen and block.edition_id != chosen[0].edition_id):
        raise BulkError(_l("Choose a block of this edition."), "block_id")
    refused: list[tuple[Submission, str]] = []
    added = blocks.add_films(block, chosen, actor=actor, refused=refused)
    result.refused.extend(Refused(s.id, s.film.title, reason) for s, reason in refused)
    return [entry.submission for entry in added]


def assign_programmer(
    chosen, result, *, actor, now, programmer_id: int | None = None
) -> list[Submission]:
    programmer = db.session.get(User, programmer_id) if programmer_id else None
    if programmer is None or not programmer.is_staff:
        raise BulkError(_l("Choose a programmer."), "programmer_id")
    current = {
        row.submission_id: row
        for row in db.session.scalars(
            db.select(ProgrammerAssignment).where(
                ProgrammerAssignment.submission_id.in_([s.id for s in chosen])
            )
        )
    }

    def step(submission: Submission) -> None:
        row = current.get(submission.id)
        if row is not None and row.programmer_id == programmer.id:
            raise Refusal(_l("It is already assigned to %(name)s.", name=programmer.name))
        before = {"programmer_id": row.programmer_id} if row is not None else None
        if row is None:
            row = ProgrammerAssignment(submission_id=submission.id)
            db.session.add(row)
        row.programmer_id, row.assigned_by_id, row.assigned_at = (
            programmer.id,
            getattr(actor, "id", None),
            now,
        )
        record(
            "programmer_assigned",
            submission,
            actor=actor,
            before=before,
            after={"programmer_id": programmer.id},
        )

    return _each(chosen, result, step)


def decide(
    chosen,
    result,
    *,
    actor,
    now,
    outcome_id: int | None = None,
    feedback_shared: bool = False,
) -> list[Submission]:
    outcome = db.session.get(JudgingOutcome, outcome_id) if outcome_id else None
    if outcome is None or (chosen and outcome.edition_id != chosen[0].edition_id):
        raise BulkError(_l("Choose an outcome of this edition."), "outcome_id")
    decided = decisions.record_decisions(
        chosen, outcome, actor=actor, feedback_shared=feedback_shared, now=now
    )
    result.refused.extend(Refused(s.id, s.film.title, reason) for s, reason in decided.refused)
    return decided.decided


def nothing(chosen, result, **_ignored) -> list[Submission]:
    """Export changes nothing: the view hands the selection to the exports."""
    return []


ACTIONS: dict[BulkAction, Callable] = {
    BulkAction.STATUS: change_statuses,
    BulkAction.TAG: add_tags,
    BulkAction.ROUND: add_to_round,
    BulkAction.BLOCK: add_to_block,
    BulkAction.ASSIGN: assign_programmer,
    BulkAction.DECIDE: decide,
    BulkAction.EXPORT: nothing,
}


def assigned_programmers(submission_ids) -> dict[int, int]:
    """Which programmer looks after each entry (for the desk)."""
    return dict(
        db.session.execute(
            db.select(ProgrammerAssignment.submission_id, ProgrammerAssignment.programmer_id).where(
                ProgrammerAssignment.submission_id.in_(list(submission_ids))
            )
        ).all()
    )
