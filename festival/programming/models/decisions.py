"""Decisions and their release: what the programmers decided for an entry (kept from the
filmmaker), the release that tells them, each message it queued, the notification text of
each outcome, and what a selected filmmaker answers (attendance, the screening copy)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.accounts.models import User
from festival.database import UTCDateTime, string_enum, utcnow
from festival.editions.models import Edition
from festival.enums import LabelledEnum
from festival.extensions import db
from festival.media.models import Screener
from festival.notifications.models import OutboxEmail
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import JudgingOutcome, Submission


class ReleaseState(LabelledEnum):
    SCHEDULED = "scheduled", _l("Scheduled")
    RELEASED = "released", _l("Released")
    CANCELLED = "cancelled", _l("Cancelled")


class OutcomeStatus(db.Model):
    """The status an outcome of the edition gives its entries when it is released (selected,
    waitlisted → shortlisted, not selected); none keeps the entry's status as it is."""

    __tablename__ = "programming_outcome_statuses"

    outcome_id: Mapped[int] = mapped_column(
        ForeignKey("submissions_outcomes.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[SubmissionStatus | None] = mapped_column(string_enum(SubmissionStatus))

    outcome: Mapped[JudgingOutcome] = relationship()


class Release(db.Model):
    """Telling filmmakers their decisions, at `scheduled_for` (UTC; entered on the edition's
    clock) or at once. Set to released only by `programming.decisions.run_release`."""

    __tablename__ = "programming_releases"
    __table_args__ = (Index("ix_programming_releases_due", "state", "scheduled_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"), index=True)
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[ReleaseState] = mapped_column(
        string_enum(ReleaseState), default=ReleaseState.SCHEDULED
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_count: Mapped[int] = mapped_column(default=0)

    edition: Mapped[Edition] = relationship()
    created_by: Mapped[User | None] = relationship()


class Decision(db.Model):
    """What the programmers decided for one entry. The filmmaker sees nothing of it until a
    release sets `release_id` and `released_at` (set only by `programming.decisions`)."""

    __tablename__ = "programming_decisions"
    __table_args__ = (
        UniqueConstraint("submission_id", name="uq_decision_submission"),
        Index("ix_programming_decisions_pending", "edition_id", "release_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions_submissions.id", ondelete="CASCADE")
    )
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"))
    outcome_id: Mapped[int] = mapped_column(ForeignKey("submissions_outcomes.id"), index=True)
    feedback_shared: Mapped[bool] = mapped_column(default=False)
    """Whether the reviewers' notes to the filmmaker go out with this decision."""
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("programming_releases.id"), index=True
    )
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    submission: Mapped[Submission] = relationship()
    outcome: Mapped[JudgingOutcome] = relationship()
    decided_by: Mapped[User | None] = relationship()
    release: Mapped[Release | None] = relationship()


class ReleaseMessage(db.Model):
    """The one message a released decision queued. Unique per decision, so a second click or
    a re-run of the release job can never queue it twice."""

    __tablename__ = "programming_release_messages"
    __table_args__ = (UniqueConstraint("decision_id", name="uq_release_message_decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("programming_releases.id"), index=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("programming_decisions.id", ondelete="CASCADE")
    )
    email_id: Mapped[int] = mapped_column(ForeignKey("notifications_outbox.id"), index=True)
    locale: Mapped[str] = mapped_column(String(10))

    decision: Mapped[Decision] = relationship()
    email: Mapped[OutboxEmail] = relationship()


class NotificationTemplate(db.Model):
    """The festival's own text for one outcome in one language; without one the default text
    of `programming.messages` is used. Placeholders are checked by `messages.check_text`."""

    __tablename__ = "programming_notification_templates"
    __table_args__ = (
        UniqueConstraint("outcome_id", "locale", name="uq_notification_template_outcome_locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"), index=True)
    outcome_id: Mapped[int] = mapped_column(
        ForeignKey("submissions_outcomes.id", ondelete="CASCADE")
    )
    locale: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attendance(db.Model):
    """A selected filmmaker's answer: coming or not, with how many guests, and which ready
    screener version is the screening copy."""

    __tablename__ = "programming_attendances"
    __table_args__ = (
        UniqueConstraint("submission_id", name="uq_attendance_submission"),
        CheckConstraint("guests BETWEEN 0 AND 20", name="guests_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions_submissions.id", ondelete="CASCADE")
    )
    is_attending: Mapped[bool | None]
    guests: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    screening_copy_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_screeners.id"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    screening_copy: Mapped[Screener | None] = relationship()


class ProgrammerAssignment(db.Model):
    """Which programmer looks after an entry on the desk (one at most). A programming table,
    not a submissions column: submissions stay unaware of the desk's work split."""

    __tablename__ = "programming_assignments"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions_submissions.id", ondelete="CASCADE"), primary_key=True
    )
    programmer_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    programmer: Mapped[User] = relationship(foreign_keys=[programmer_id])
