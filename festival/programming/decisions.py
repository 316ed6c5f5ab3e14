"""Decisions and their release, kept apart: programmers record a decision (one of the
edition's outcomes) while the filmmaker still sees the entry in consideration; a release, at a
chosen time or at once, applies each decision's status and outcome and queues one message per
entry in the filmmaker's language.

A release is never sent twice. `run_release` claims the release (scheduled → released) and
its decisions (`release_id` still empty) with conditional updates, and queues every message in
that one transaction; the outbox sends them after the commit, each once (`sent_at`). A second
click finds nothing left to release; a worker that dies mid-release rolls the whole release
back and the periodic job runs it again; `ReleaseMessage` is unique per decision besides."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, update
from sqlalchemy.orm import joinedload

from festival.audit.services import record, record_many
from festival.database import utcnow
from festival.editions.models import Edition
from festival.extensions import db
from festival.films.models import Film
from festival.judging.enums import AssignmentState, ReviewState
from festival.judging.models import Assignment, Review, RoundEntry
from festival.links import site_url
from festival.media.enums import ScreenerState
from festival.media.models import Screener
from festival.notifications.services import queue_email
from festival.programming import messages
from festival.programming.messages import MessageText
from festival.programming.models.decisions import (
    Attendance,
    Decision,
    NotificationTemplate,
    OutcomeStatus,
    Release,
    ReleaseMessage,
    ReleaseState,
)
from festival.programming.models.programme import BlockFilm, Screening, ScreeningState
from festival.refusals import Refusal, RefusalKind
from festival.submissions import services as submission_services
from festival.submissions.enums import LEFT_COMPETITION, SubmissionStatus
from festival.submissions.models import JudgingOutcome, Submission
from festival.submissions.workflow import settle
from festival.time_zones import zoned_time

logger = logging.getLogger("festival.programming")

S = SubmissionStatus

DECIDABLE = frozenset({S.SUBMITTED, S.IN_CONSIDERATION, S.SHORTLISTED})
"""An entry can be decided while it is still open and entered (not a draft)."""

RELEASE_STATUSES = (S.SELECTED, S.SHORTLISTED, S.NOT_SELECTED)
"""The statuses an outcome may give at release (shortlisted: waitlisted)."""

LOCALES = ("en", "ko")


class DecisionError(Refusal):
    """A decision, release, template or attendance refused with a message for the user."""


# --- outcomes and the status each gives -------------------------------------------------------


def outcome_statuses(edition: Edition) -> dict[int, SubmissionStatus | None]:
    """Every outcome of the edition with the status it gives at release (None: unchanged)."""
    rows = db.session.execute(
        db.select(JudgingOutcome.id, OutcomeStatus.status)
        .outerjoin(OutcomeStatus, OutcomeStatus.outcome_id == JudgingOutcome.id)
        .where(JudgingOutcome.edition_id == edition.id)
    )
    return {outcome_id: status for outcome_id, status in rows}


def set_outcome_status(outcome: JudgingOutcome, status: SubmissionStatus | None, *, actor) -> None:
    if status is not None and status not in RELEASE_STATUSES:
        raise DecisionError(_l("Choose selected, shortlisted or not selected."), "status")
    row = db.session.get(OutcomeStatus, outcome.id)
    before = row.status if row is not None else None
    if before == status:
        return
    if row is None:
        db.session.add(OutcomeStatus(outcome_id=outcome.id, status=status))
    else:
        row.status = status
    db.session.flush()
    record(
        "outcome_status_set",
        outcome.edition,
        actor=actor,
        before={"outcome_id": outcome.id, "status": before},
        after={"outcome_id": outcome.id, "status": status},
    )


USUAL_OUTCOMES = (
    (_l("Selected"), _l("Your film is in the festival's programme."), S.SELECTED),
    (_l("Waitlisted"), _l("Your film may join the programme if a place opens."), S.SHORTLISTED),
    (_l("Not selected"), _l("Your film is not in this year's programme."), S.NOT_SELECTED),
)


def add_usual_outcomes(edition: Edition, *, actor) -> list[JudgingOutcome]:
    """Add Selected, Waitlisted and Not selected, named in English and Korean, with their
    statuses; an outcome of that name already there is kept."""
    existing = {o.name.casefold() for o in submission_services.outcomes_of(edition)}
    added = []
    for name, description, status in USUAL_OUTCOMES:
        with force_locale("en"):
            english, english_description = str(name), str(description)
        if english.casefold() in existing:
            continue
        with force_locale("ko"):
            korean, korean_description = str(name), str(description)
        outcome = submission_services.add_outcome(
            edition,
            actor=actor,
            name=english,
            public_description=english_description,
            name_ko=korean,
            public_description_ko=korean_description,
        )
        set_outcome_status(outcome, status, actor=actor)
        added.append(outcome)
    return added


# --- recording decisions ----------------------------------------------------------------------


@dataclass
class Decided:
    """What `record_decisions` did: the entries decided, and each refused one with why."""

    decided: list[Submission] = field(default_factory=list)
    refused: list[tuple[Submission, str]] = field(default_factory=list)


def decision_refusal(submission: Submission, decision: Decision | None) -> str | None:
    """Why `submission` cannot be decided now, or None."""
    if decision is not None and decision.release_id is not None:
        return str(_l("Its decision is already released."))
    if submission.status not in DECIDABLE:
        return str(
            _l(
                "A submission that is “%(status)s” cannot be decided.",
                status=submission.status.label,
            )
        )
    return None


def record_decisions(
    submissions: list[Submission],
    outcome: JudgingOutcome,
    *,
    actor,
    feedback_shared: bool = False,
    now: datetime | None = None,
) -> Decided:
    """Record `outcome` for each entry (replacing an unreleased decision), each audited; an
    entry that cannot be decided is named with its reason. Nothing reaches the filmmaker."""
    now = now or utcnow()
    result = Decided()
    if not submissions:
        return result
    if any(s.edition_id != outcome.edition_id for s in submissions):
        raise DecisionError(_l("Choose an outcome of this edition."), "outcome_id")
    existing = decisions_by_submission([s.id for s in submissions])
    changes = []
    for submission in submissions:
        decision = existing.get(submission.id)
        reason = decision_refusal(submission, decision)
        if reason is not None:
            result.refused.append((submission, reason))
            continue
        before = _decision_row(decision) if decision is not None else None
        if decision is None:
            decision = Decision(submission_id=submission.id, edition_id=submission.edition_id)
            db.session.add(decision)
        decision.outcome_id = outcome.id
        decision.feedback_shared = feedback_shared
        decision.decided_by_id = getattr(actor, "id", None)
        decision.decided_at = now
        changes.append((submission, before, _decision_row(decision)))
        result.decided.append(submission)
    record_many("decision_recorded", changes, actor=actor)
    return result


def _decision_row(decision: Decision) -> dict:
    return {"outcome_id": decision.outcome_id, "feedback_shared": decision.feedback_shared}


def decisions_by_submission(submission_ids) -> dict[int, Decision]:
    return {
        decision.submission_id: decision
        for decision in db.session.scalars(
            db.select(Decision).where(Decision.submission_id.in_(list(submission_ids)))
        )
    }


# --- what the release will send ---------------------------------------------------------------


def _pending(edition: Edition):
    return (
        db.select(Decision)
        .join(Submission, Submission.id == Decision.submission_id)
        .where(
            Decision.edition_id == edition.id,
            Decision.release_id.is_(None),
            Submission.status.not_in(LEFT_COMPETITION),
        )
    )


def pending_count(edition: Edition) -> int:
    return db.session.scalar(_pending(edition).with_only_columns(func.count(Decision.id))) or 0


def _with_entry(query):
    return query.options(
        joinedload(Decision.outcome),
        joinedload(Decision.decided_by),
        joinedload(Decision.submission).joinedload(Submission.category),
        joinedload(Decision.submission).joinedload(Submission.edition),
        joinedload(Decision.submission).joinedload(Submission.film).joinedload(Film.owner),
    ).order_by(Decision.id)


def pending_decisions(edition: Edition, *, offset: int = 0, limit: int | None = None):
    query = _with_entry(_pending(edition)).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return db.session.scalars(query).all()


def feedback_by_submission(submission_ids) -> dict[int, list[str]]:
    """The notes to the filmmaker of each entry's submitted reviews (of live assignments)."""
    notes: dict[int, list[str]] = {}
    rows = db.session.execute(
        db.select(RoundEntry.submission_id, Review.note_to_filmmaker)
        .join(Assignment, Assignment.entry_id == RoundEntry.id)
        .join(Review, Review.assignment_id == Assignment.id)
        .where(
            RoundEntry.submission_id.in_(list(submission_ids)),
            Review.state == ReviewState.SUBMITTED,
            Assignment.state == AssignmentState.ACTIVE,
            Review.note_to_filmmaker != "",
        )
        .order_by(RoundEntry.submission_id, Review.id)
    )
    for submission_id, note in rows:
        notes.setdefault(submission_id, []).append(note)
    return notes


def templates_of(edition: Edition) -> dict[tuple[int, str], NotificationTemplate]:
    return {
        (template.outcome_id, template.locale): template
        for template in db.session.scalars(
            db.select(NotificationTemplate).where(NotificationTemplate.edition_id == edition.id)
        )
    }


def text_for(
    outcome_id: int,
    locale: str,
    templates: dict[tuple[int, str], NotificationTemplate],
    statuses: dict[int, SubmissionStatus | None],
) -> MessageText:
    """The edition's text for the outcome in `locale`, or the default for its status."""
    template = templates.get((outcome_id, locale))
    if template is not None:
        return MessageText(template.subject, template.body)
    return messages.default_text(statuses.get(outcome_id), locale)


def recipient_locale(user) -> str:
    return user.locale if user.locale in LOCALES else "en"


def first_screenings(submission_ids) -> dict[int, Screening]:
    """Each entry's first confirmed screening, alone or in a block (pencilled ones are not
    announced), in one query."""
    ids = list(set(submission_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(Screening, func.coalesce(Screening.submission_id, BlockFilm.submission_id))
        .outerjoin(BlockFilm, BlockFilm.block_id == Screening.block_id)
        .where(
            or_(Screening.submission_id.in_(ids), BlockFilm.submission_id.in_(ids)),
            Screening.state == ScreeningState.CONFIRMED,
        )
        .options(joinedload(Screening.venue))
        .order_by(Screening.starts_at, Screening.id)
    )
    first: dict[int, Screening] = {}
    for screening, submission_id in rows:
        first.setdefault(submission_id, screening)
    return first


def placeholder_values(
    decision: Decision, locale: str, notes: list[str], screening: Screening | None
) -> dict[str, str]:
    """The placeholders' values; `screening` is the entry's first confirmed one, if any."""
    submission = decision.submission
    announced = messages.to_be_announced(locale)
    confirm = site_url("programming_decisions.attendance", submission_id=submission.id)
    return {
        "filmmaker_name": submission.film.owner.name,
        "film_title": submission.film.title,
        "category": submission.category.display_name(locale),
        "outcome": decision.outcome.display_name(locale),
        "festival_name": submission.edition.name,
        "feedback": messages.feedback_text(notes if decision.feedback_shared else [], locale),
        "screening_date": zoned_time(screening.starts_at, submission.edition.timezone, locale)
        if screening
        else announced,
        "screening_venue": screening.venue.display_name(locale) if screening else announced,
        "confirm_url": confirm,
        "withdraw_url": confirm + "#decline",
    }


@dataclass(frozen=True)
class Preview:
    decision: Decision
    to: str
    locale: str
    subject: str
    body: str


def previews(decisions: list[Decision], edition: Edition) -> list[Preview]:
    """Each decision's message exactly as the release would queue it."""
    templates, statuses = templates_of(edition), outcome_statuses(edition)
    notes = feedback_by_submission([d.submission_id for d in decisions])
    screenings = first_screenings([d.submission_id for d in decisions])
    filled = []
    for decision in decisions:
        owner = decision.submission.film.owner
        locale = recipient_locale(owner)
        text = text_for(decision.outcome_id, locale, templates, statuses)
        values = placeholder_values(
            decision,
            locale,
            notes.get(decision.submission_id, []),
            screenings.get(decision.submission_id),
        )
        filled.append(
            Preview(
                decision=decision,
                to=owner.email,
                locale=locale,
                subject=" ".join(messages.fill(text.subject, values).split()),
                body=messages.fill(text.body, values),
            )
        )
    return filled


# --- releases ---------------------------------------------------------------------------------


def local_to_utc(local: datetime, edition: Edition) -> datetime:
    """A wall-clock time typed on the edition's clock, as an aware UTC moment."""
    return local.replace(tzinfo=ZoneInfo(edition.timezone)).astimezone(ZoneInfo("UTC"))


def scheduled_release(edition: Edition) -> Release | None:
    return db.session.scalar(
        db.select(Release).where(
            Release.edition_id == edition.id, Release.state == ReleaseState.SCHEDULED
        )
    )


def schedule_release(
    edition: Edition, local_time: datetime, *, actor, now: datetime | None = None
) -> Release:
    """Release the edition's decisions at `local_time` on its clock (the periodic job does)."""
    now = now or utcnow()
    when = local_to_utc(local_time, edition)
    if when <= now:
        raise DecisionError(_l("Choose a time in the future."), "release_at")
    if scheduled_release(edition) is not None:
        raise DecisionError(
            _l("A release is already scheduled: cancel it first."),
            "release_at",
            kind=RefusalKind.CONFLICT,
        )
    release = Release(
        edition_id=edition.id, scheduled_for=when, created_by_id=getattr(actor, "id", None)
    )
    db.session.add(release)
    db.session.flush()
    record("release_scheduled", release, actor=actor, after={"scheduled_for": when.isoformat()})
    return release


def cancel_release(release: Release, *, actor) -> None:
    changed = db.session.execute(
        update(Release)
        .where(Release.id == release.id, Release.state == ReleaseState.SCHEDULED)
        .values(state=ReleaseState.CANCELLED),
        execution_options={"synchronize_session": False},
    )
    if changed.rowcount != 1:
        raise DecisionError(_l("This release has already gone out."), kind=RefusalKind.CONFLICT)
    db.session.refresh(release)
    record("release_cancelled", release, actor=actor)


def release_now(edition: Edition, *, actor, now: datetime | None = None) -> Release:
    """Release every pending decision of the edition at once; refused when none is pending
    (a second click)."""
    now = now or utcnow()
    if pending_count(edition) == 0:
        raise DecisionError(
            _l("Nothing to release: every decision is already released."),
            kind=RefusalKind.CONFLICT,
        )
    release = Release(
        edition_id=edition.id, scheduled_for=now, created_by_id=getattr(actor, "id", None)
    )
    db.session.add(release)
    db.session.flush()
    run_release(release, now=now)
    return release


def run_release(release: Release, *, now: datetime | None = None) -> int:
    """Claim the release and its pending decisions, apply each decision's status and outcome,
    and queue one message per entry, all in the caller's transaction; returns how many.
    A release already run (or cancelled) does nothing."""
    now = now or utcnow()
    claimed = db.session.execute(
        update(Release)
        .where(Release.id == release.id, Release.state == ReleaseState.SCHEDULED)
        .values(state=ReleaseState.RELEASED, released_at=now),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:
        return 0
    edition = db.session.get(Edition, release.edition_id)
    pending_ids = _pending(edition).with_only_columns(Decision.id).scalar_subquery()
    db.session.execute(
        update(Decision)
        .where(Decision.id.in_(pending_ids), Decision.release_id.is_(None))
        .values(release_id=release.id, released_at=now),
        execution_options={"synchronize_session": False},
    )
    decisions = db.session.scalars(
        _with_entry(db.select(Decision).where(Decision.release_id == release.id)).execution_options(
            populate_existing=True
        )
    ).all()
    actor = release.created_by
    statuses = outcome_statuses(edition)
    for preview in previews(decisions, edition):
        decision = preview.decision
        submission = decision.submission
        _apply_status(submission, statuses.get(decision.outcome_id), actor=actor)
        submission_services.set_outcome(submission, decision.outcome, actor=actor)
        email = queue_email(preview.to, preview.subject, preview.body)
        db.session.add(
            ReleaseMessage(
                release_id=release.id,
                decision_id=decision.id,
                email_id=email.id,
                locale=preview.locale,
            )
        )
    db.session.flush()
    db.session.refresh(release)
    release.message_count = len(decisions)
    record("released", release, actor=actor, after={"messages": len(decisions)})
    return len(decisions)


def due_release_ids(now: datetime) -> list[int]:
    return db.session.scalars(
        db.select(Release.id)
        .where(Release.state == ReleaseState.SCHEDULED, Release.scheduled_for <= now)
        .order_by(Release.scheduled_for, Release.id)
    ).all()


def run_due_releases(now: datetime | None = None) -> list[int]:
    """Run every scheduled release whose time has come, each in its own transaction. Commits.
    A release that fails is rolled back whole and tried again on the next run."""
    now = now or utcnow()
    done = []
    for release_id in due_release_ids(now):
        try:
            run_release(db.session.get(Release, release_id), now=now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            logger.exception("release %s failed; it will be tried again", release_id)
            continue
        done.append(release_id)
    return done


def _apply_status(submission: Submission, target: SubmissionStatus | None, *, actor) -> None:
    """Settle the entry at `target` (one step in the filmmaker's history, each staff step
    audited); no target or no path leaves it as it is."""
    if target is None or submission.status == target:
        return
    try:
        settle(submission, target, actor=actor)
    except Refusal:  # e.g. whoever scheduled it is no longer staff: the message still goes
        logger.warning("release left submission %s as %s", submission.id, submission.status)


def releases_of(edition: Edition) -> list[Release]:
    return db.session.scalars(
        db.select(Release)
        .where(Release.edition_id == edition.id)
        .order_by(Release.created_at.desc(), Release.id.desc())
    ).all()


@dataclass(frozen=True)
class Delivery:
    sent: int
    waiting: int
    failing: int


def delivery_of(release: Release) -> Delivery:
    from festival.notifications.models import OutboxEmail

    rows = db.session.execute(
        db.select(OutboxEmail.sent_at.is_not(None), OutboxEmail.last_error.is_not(None))
        .join(ReleaseMessage, ReleaseMessage.email_id == OutboxEmail.id)
        .where(ReleaseMessage.release_id == release.id)
    ).all()
    sent = sum(1 for is_sent, _ in rows if is_sent)
    failing = sum(1 for is_sent, has_error in rows if not is_sent and has_error)
    return Delivery(sent=sent, waiting=len(rows) - sent - failing, failing=failing)


# --- notification templates -------------------------------------------------------------------


def save_template(
    outcome: JudgingOutcome, locale: str, *, subject: str, body: str, actor
) -> NotificationTemplate:
    """Keep the edition's text for `outcome` in `locale`; refused, with the unknown
    placeholder named beside its field, before anything is saved or queued."""
    if locale not in LOCALES:
        raise DecisionError(_l("Choose English or Korean."), "locale")
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        raise DecisionError(_l("Write the subject."), "subject")
    if not body:
        raise DecisionError(_l("Write the message."), "body")
    if len(subject) > messages.MAX_SUBJECT:
        raise DecisionError(
            _l("Keep the subject under %(count)d characters.", count=messages.MAX_SUBJECT),
            "subject",
        )
    if len(body) > messages.MAX_BODY:
        raise DecisionError(
            _l("Keep the message under %(count)d characters.", count=messages.MAX_BODY), "body"
        )
    messages.check_text(subject, "subject")
    messages.check_text(body, "body")
    template = templates_of(outcome.edition).get((outcome.id, locale))
    before = {"subject": template.subject, "body": template.body} if template else None
    if template is None:
        template = NotificationTemplate(
            edition_id=outcome.edition_id, outcome_id=outcome.id, locale=locale
        )
        db.session.add(template)
    template.subject, template.body = subject, body
    template.updated_by_id, template.updated_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    record(
        "notification_template_saved",
        outcome.edition,
        actor=actor,
        before=before,
        after={"outcome_id": outcome.id, "locale": locale, "subject": subject, "body": body},
    )
    return template


# --- the filmmaker's side ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReleasedDecision:
    """What the filmmaker sees of a released decision."""

    decision: Decision
    feedback: list[str]
    is_selected: bool
    attendance: Attendance | None


def released_decision(submission: Submission) -> ReleasedDecision | None:
    """The entry's decision once released, with the feedback shared; None before release."""
    decision = db.session.scalar(
        db.select(Decision)
        .where(Decision.submission_id == submission.id, Decision.released_at.is_not(None))
        .options(joinedload(Decision.outcome))
    )
    if decision is None:
        return None
    notes = feedback_by_submission([submission.id]).get(submission.id, [])
    return ReleasedDecision(
        decision=decision,
        feedback=notes if decision.feedback_shared else [],
        is_selected=submission.status is S.SELECTED,
        attendance=attendance_of(submission),
    )


def attendance_of(submission: Submission) -> Attendance | None:
    return db.session.scalar(
        db.select(Attendance)
        .where(Attendance.submission_id == submission.id)
        .options(joinedload(Attendance.screening_copy))
    )


def ready_screeners(submission: Submission) -> list[Screener]:
    return db.session.scalars(
        db.select(Screener)
        .where(Screener.film_id == submission.film_id, Screener.state == ScreenerState.READY)
        .order_by(Screener.version.desc())
    ).all()


MAX_GUESTS = 20
MAX_ATTENDANCE_NOTE = 1_000


def save_attendance(
    submission: Submission,
    *,
    actor,
    is_attending: bool,
    guests: int,
    note: str,
    screening_copy_id: int | None,
) -> Attendance:
    """A selected filmmaker's answer; the screening copy is one of the film's ready screener
    versions (a new one is uploaded on the film's screener page)."""
    if released_decision(submission) is None or submission.status is not S.SELECTED:
        raise DecisionError(
            _l("Only a selected film confirms attendance."), kind=RefusalKind.FORBIDDEN
        )
    if not 0 <= guests <= MAX_GUESTS:
        raise DecisionError(_l("Bring between 0 and %(count)d guests.", count=MAX_GUESTS), "guests")
    if not is_attending:
        guests = 0
    note = (note or "").strip()
    if len(note) > MAX_ATTENDANCE_NOTE:
        raise DecisionError(
            _l("Keep the note under %(count)d characters.", count=MAX_ATTENDANCE_NOTE), "note"
        )
    if screening_copy_id is not None and screening_copy_id not in {
        screener.id for screener in ready_screeners(submission)
    }:
        raise DecisionError(_l("Choose a ready version of this film."), "screening_copy_id")
    attendance = attendance_of(submission)
    if attendance is None:
        attendance = Attendance(submission_id=submission.id)
        db.session.add(attendance)
    attendance.is_attending = is_attending
    attendance.guests = guests
    attendance.note = note
    attendance.screening_copy_id = screening_copy_id
    attendance.updated_at = utcnow()
    db.session.flush()
    record(
        "attendance_confirmed",
        submission,
        actor=actor,
        after={
            "is_attending": is_attending,
            "guests": guests,
            "screening_copy_id": screening_copy_id,
        },
    )
    return attendance
