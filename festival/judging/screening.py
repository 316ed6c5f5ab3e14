"""The programmers' screening pass: the next film to rate, private notes every staff member
reads, and tags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from festival.audit.services import record
from festival.extensions import db
from festival.judging import conflicts
from festival.judging.enums import AssignmentState
from festival.judging.models import Assignment, Review, Round, RoundEntry, StaffNote, SubmissionTag
from festival.refusals import Refusal
from festival.submissions.enums import LEFT_COMPETITION, SubmissionStatus
from festival.submissions.models import Submission
from festival.submissions.workflow import change_status

MAX_NOTE = 5_000
MAX_TAG = 40
MAX_TAGS = 12


def entries_to_screen(round_: Round, reviewer) -> list[RoundEntry]:
    """The entries `reviewer` may rate in the round, in order: for a member of an open
    screening round all its entries (less their conflicts and the ones they stepped back
    from), else their live assignments; never a film that has been withdrawn or disqualified.
    One query, with each entry's submission."""
    query = (
        db.select(RoundEntry)
        .join(Submission, Submission.id == RoundEntry.submission_id)
        .where(RoundEntry.round_id == round_.id, Submission.status.not_in(LEFT_COMPETITION))
        .options(contains_eager(RoundEntry.submission))
        .order_by(RoundEntry.id)
    )
    if round_.is_open_screening:
        if reviewer.id not in {member.user_id for member in round_.members}:
            return []
        ended = db.select(Assignment.entry_id).where(
            Assignment.round_id == round_.id,
            Assignment.reviewer_id == reviewer.id,
            Assignment.state != AssignmentState.ACTIVE,
        )
        query = query.where(
            RoundEntry.id.not_in(ended),
            Submission.film_id.not_in(conflicts.standing_film_ids(reviewer.id)),
        )
    else:
        query = query.join(Assignment, Assignment.entry_id == RoundEntry.id).where(
            Assignment.reviewer_id == reviewer.id, Assignment.state == AssignmentState.ACTIVE
        )
    return db.session.scalars(query).all()


def rated_entry_ids(round_: Round, reviewer) -> set[int]:
    return set(
        db.session.scalars(
            db.select(Assignment.entry_id)
            .join(Review, Review.assignment_id == Assignment.id)
            .where(
                Assignment.round_id == round_.id,
                Assignment.reviewer_id == reviewer.id,
                Review.submitted_at.is_not(None),
            )
        )
    )


def next_entry(round_: Round, reviewer, after: RoundEntry | None = None) -> RoundEntry | None:
    """The first entry the reviewer has not rated, after `after` (wrapping round to the
    start), so "next" never goes back to the list."""
    entries = entries_to_screen(round_, reviewer)
    rated = rated_entry_ids(round_, reviewer)
    waiting = [entry for entry in entries if entry.id not in rated]
    if not waiting:
        return None
    if after is not None:
        later = [entry for entry in waiting if entry.id > after.id]
        if later:
            return later[0]
    return waiting[0]


def add_note(submission: Submission, body: str, *, actor, round_: Round | None = None):
    body = (body or "").strip()
    if not body:
        return None
    if len(body) > MAX_NOTE:
        raise Refusal(_l("Keep the note under %(count)d characters.", count=MAX_NOTE), "note")
    note = StaffNote(
        submission_id=submission.id,
        round_id=round_.id if round_ else None,
        author_id=actor.id,
        body=body,
    )
    db.session.add(note)
    db.session.flush()
    return note


def notes_of(submission_id: int) -> list[StaffNote]:
    return db.session.scalars(
        db.select(StaffNote)
        .where(StaffNote.submission_id == submission_id)
        .order_by(StaffNote.created_at, StaffNote.id)
    ).all()


def parse_tags(text: str) -> list[str]:
    """Tags typed as "horror, vfx-heavy, 추천": trimmed, lower case, distinct, in order."""
    tags = []
    for raw in re.split(r"[,\n]", text or ""):
        tag = " ".join(raw.split()).casefold()
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise Refusal(_l("Keep each tag under %(count)d characters.", count=MAX_TAG), "tags")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise Refusal(_l("Use at most %(count)d tags.", count=MAX_TAGS), "tags")
    return tags


def tags_of(submission_id: int) -> list[str]:
    return list(
        db.session.scalars(
            db.select(SubmissionTag.name)
            .where(SubmissionTag.submission_id == submission_id)
            .order_by(SubmissionTag.name)
        )
    )


def set_tags(submission: Submission, names: list[str], *, actor) -> None:
    current = {
        tag.name: tag
        for tag in db.session.scalars(
            db.select(SubmissionTag).where(SubmissionTag.submission_id == submission.id)
        )
    }
    for name, tag in current.items():
        if name not in names:
            db.session.delete(tag)
    for name in names:
        if name not in current:
            db.session.add(
                SubmissionTag(submission_id=submission.id, name=name, created_by_id=actor.id)
            )
    db.session.flush()
    if set(names) != set(current):
        record("tags_set", submission, actor=actor, after={"tags": names})


def edition_tags(edition_id: int) -> list[str]:
    return list(
        db.session.scalars(
            db.select(SubmissionTag.name)
            .join(Submission, Submission.id == SubmissionTag.submission_id)
            .where(Submission.edition_id == edition_id)
            .distinct()
            .order_by(SubmissionTag.name)
        )
    )


def tags_by_submission(submission_ids) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    for submission_id, name in db.session.execute(
        db.select(SubmissionTag.submission_id, SubmissionTag.name)
        .where(SubmissionTag.submission_id.in_(list(submission_ids)))
        .order_by(SubmissionTag.name)
    ):
        tags.setdefault(submission_id, []).append(name)
    return tags


def screening_panel(submission: Submission) -> dict:
    """What the staff submission page shows of screening (submissions cannot import judging):
    the programmers' notes and the tags."""
    return {"notes": notes_of(submission.id), "tags": tags_of(submission.id)}


@dataclass(frozen=True)
class Shortlisted:
    """What `shortlist` did: how many films moved, and each refused film with its reason."""

    moved: int
    refused: list[tuple[RoundEntry, Refusal]]


def shortlist(round_: Round, entry_ids, *, actor) -> Shortlisted:
    """The screening result feeds the shortlist: move the round's chosen films to
    "shortlisted" (through "in consideration"), each on its own; a film the workflow refuses
    stays where it is and is reported."""
    moved, refused = 0, []
    for entry_id in entry_ids:
        entry = db.session.get(RoundEntry, entry_id)
        if entry is None or entry.round_id != round_.id:
            continue
        submission = entry.submission
        try:
            if submission.status is SubmissionStatus.SUBMITTED:
                change_status(submission, SubmissionStatus.IN_CONSIDERATION, actor=actor)
            if submission.status is not SubmissionStatus.SHORTLISTED:
                change_status(submission, SubmissionStatus.SHORTLISTED, actor=actor)
                moved += 1
        except Refusal as refusal:
            refused.append((entry, refusal))
    return Shortlisted(moved, refused)
