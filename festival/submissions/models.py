from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.accounts.models import User
from festival.database import UTCDateTime, string_enum, utcnow
from festival.disclosure.models import Disclosure
from festival.editions.models import Category, Deadline, Edition, WaiverCode
from festival.extensions import db
from festival.films.models import Film
from festival.localized import localized
from festival.submissions.enums import SubmissionStatus


class JudgingOutcome(db.Model):
    """A festival-defined result (semi-finalist, finalist, winner...) with a public meaning."""

    __tablename__ = "submissions_outcomes"
    __table_args__ = (UniqueConstraint("edition_id", "name", name="uq_outcome_edition_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_ko: Mapped[str] = mapped_column(String(100), default="")
    public_description: Mapped[str] = mapped_column(Text, default="")
    public_description_ko: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    edition: Mapped[Edition] = relationship()

    def display_name(self, locale: str | None = None) -> str:
        """The name in `locale` (the request's when None): Korean when the festival gave one."""
        return localized(self.name, self.name_ko, locale)

    def display_description(self, locale: str | None = None) -> str:
        return localized(self.public_description, self.public_description_ko, locale)


class Submission(db.Model):
    """A film entered into one category. The fee and the deadline tier are fixed when it is
    submitted; `status` changes only through `submissions.workflow.change_status`."""

    __tablename__ = "submissions_submissions"
    __table_args__ = (
        UniqueConstraint("film_id", "category_id", name="uq_submission_film_category"),
        CheckConstraint("fee_cents >= 0", name="fee_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films_films.id"), index=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("editions_categories.id"), index=True)
    deadline_id: Mapped[int | None] = mapped_column(ForeignKey("editions_deadlines.id"), index=True)
    waiver_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("editions_waiver_codes.id"), index=True
    )
    disclosure_id: Mapped[int | None] = mapped_column(
        ForeignKey("disclosure_disclosures.id"), index=True
    )
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("submissions_outcomes.id"), index=True
    )
    status: Mapped[SubmissionStatus] = mapped_column(
        string_enum(SubmissionStatus), default=SubmissionStatus.DRAFT, index=True
    )
    fee_cents: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3))
    is_paid: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    film: Mapped[Film] = relationship()
    edition: Mapped[Edition] = relationship()
    category: Mapped[Category] = relationship()
    deadline: Mapped[Deadline | None] = relationship()
    waiver_code: Mapped[WaiverCode | None] = relationship()
    disclosure: Mapped[Disclosure | None] = relationship()
    outcome: Mapped[JudgingOutcome | None] = relationship()
    events: Mapped[list[SubmissionEvent]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="(SubmissionEvent.at, SubmissionEvent.id)",
    )


class SubmissionEvent(db.Model):
    """One status change, for the filmmaker's dated history (the audit log has it too)."""

    __tablename__ = "submissions_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions_submissions.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[SubmissionStatus | None] = mapped_column(
        string_enum(SubmissionStatus, name="from_status")
    )
    to_status: Mapped[SubmissionStatus] = mapped_column(
        string_enum(SubmissionStatus, name="to_status")
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
