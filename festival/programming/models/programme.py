"""The lineup and the published programme: venues, programme blocks and the films in them,
screenings (a block or one film at a venue and time), the guests booked to them, the changes
made after publishing, and whether the edition's programme and AI statistics are public.

Festival-typed text comes in English and, optionally, Korean (`*_ko`), read through
`festival.localized.localized`. Times are stored in UTC and entered and shown on the
edition's clock (`Edition.timezone`)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.accounts.models import User
from festival.database import UTCDateTime, string_enum, utcnow
from festival.editions.models import Category, Edition
from festival.enums import LabelledEnum
from festival.extensions import db
from festival.localized import localized
from festival.submissions.models import Submission


class ScreeningState(LabelledEnum):
    PENCILLED = "pencilled", _l("Pencilled")
    CONFIRMED = "confirmed", _l("Confirmed")
    CANCELLED = "cancelled", _l("Cancelled")


class ChangeKind(LabelledEnum):
    ADDED = "added", _l("Added")
    MOVED = "moved", _l("Moved")
    CANCELLED = "cancelled", _l("Cancelled")


class Venue(db.Model):
    """A screen of the festival: its seats, the minutes it needs between two screenings, and
    the days it is closed (ISO dates on the edition's clock)."""

    __tablename__ = "programming_venues"
    __table_args__ = (
        UniqueConstraint("edition_id", "name", name="uq_programming_venues_edition_name"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("changeover_minutes BETWEEN 0 AND 240", name="changeover_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ko: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int]
    changeover_minutes: Mapped[int] = mapped_column(default=15)
    closed_on: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)

    edition: Mapped[Edition] = relationship()

    def display_name(self, locale: str | None = None) -> str:
        return localized(self.name, self.name_ko, locale)


class Block(db.Model):
    """A programme block: films shown together, with an introduction before, a gap between
    films and a Q&A after. `revision` grows with every change of the block or its films, so a
    save made from a stale page is refused (two tabs never lose a slot silently)."""

    __tablename__ = "programming_blocks"
    __table_args__ = (
        CheckConstraint("intro_minutes BETWEEN 0 AND 240", name="intro_range"),
        CheckConstraint("gap_minutes BETWEEN 0 AND 60", name="gap_range"),
        CheckConstraint("qa_minutes BETWEEN 0 AND 240", name="qa_range"),
        CheckConstraint("slot_minutes IS NULL OR slot_minutes > 0", name="slot_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    title_ko: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_ko: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("editions_categories.id"), index=True
    )
    section: Mapped[str] = mapped_column(String(200), default="")
    """The programme section the block is published under; empty: its category's name."""
    section_ko: Mapped[str] = mapped_column(String(200), default="")
    intro_minutes: Mapped[int] = mapped_column(default=5)
    gap_minutes: Mapped[int] = mapped_column(default=1)
    qa_minutes: Mapped[int] = mapped_column(default=0)
    slot_minutes: Mapped[int | None]
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    edition: Mapped[Edition] = relationship()
    category: Mapped[Category | None] = relationship()
    films: Mapped[list[BlockFilm]] = relationship(
        back_populates="block", cascade="all, delete-orphan", order_by="BlockFilm.position"
    )

    def display_title(self, locale: str | None = None) -> str:
        return localized(self.title, self.title_ko, locale)

    def display_description(self, locale: str | None = None) -> str:
        return localized(self.description, self.description_ko, locale)

    def display_section(self, locale: str | None = None) -> str:
        """The section it is published under: its own, else its category's name, else ""."""
        if self.section:
            return localized(self.section, self.section_ko, locale)
        return self.category.display_name(locale) if self.category else ""


class BlockFilm(db.Model):
    """One film (its submission) in a block, at `position` (0 first)."""

    __tablename__ = "programming_block_films"
    __table_args__ = (
        UniqueConstraint("block_id", "submission_id", name="uq_programming_block_films"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    block_id: Mapped[int] = mapped_column(
        ForeignKey("programming_blocks.id", ondelete="CASCADE"), index=True
    )
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions_submissions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    block: Mapped[Block] = relationship(back_populates="films")
    submission: Mapped[Submission] = relationship()


class Screening(db.Model):
    """A block, or one film, shown at a venue from `starts_at` to `ends_at` (UTC; the end is
    the programme's runtime, set by the scheduling service). Pencilled screenings can be placed
    before decisions are released; only confirmed ones are published."""

    __tablename__ = "programming_screenings"
    __table_args__ = (
        CheckConstraint(
            "(block_id IS NULL) <> (submission_id IS NULL)", name="block_or_single_film"
        ),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_programming_screenings_edition_start", "edition_id", "starts_at"),
        Index("ix_programming_screenings_venue_start", "venue_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"))
    venue_id: Mapped[int] = mapped_column(ForeignKey("programming_venues.id"))
    block_id: Mapped[int | None] = mapped_column(
        ForeignKey("programming_blocks.id", ondelete="CASCADE"), index=True
    )
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submissions_submissions.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[ScreeningState] = mapped_column(
        string_enum(ScreeningState), default=ScreeningState.PENCILLED
    )
    note: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    venue: Mapped[Venue] = relationship()
    block: Mapped[Block | None] = relationship()
    submission: Mapped[Submission | None] = relationship()
    guests: Mapped[list[ScreeningGuest]] = relationship(
        back_populates="screening", cascade="all, delete-orphan"
    )


class ScreeningGuest(db.Model):
    """A guest (a filmmaker, for the introduction or the Q&A) booked to a screening."""

    __tablename__ = "programming_screening_guests"
    __table_args__ = (
        UniqueConstraint("screening_id", "user_id", name="uq_programming_screening_guests"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(
        ForeignKey("programming_screenings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"), index=True)

    screening: Mapped[Screening] = relationship(back_populates="guests")
    user: Mapped[User] = relationship()


class ScreeningChange(db.Model):
    """A change to a published screening (added, moved, cancelled), shown as such on the
    public pages and in the feeds; `notified_at` is set once its filmmakers are told."""

    __tablename__ = "programming_screening_changes"
    __table_args__ = (
        Index("ix_programming_screening_changes_edition", "edition_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"))
    screening_id: Mapped[int] = mapped_column(
        ForeignKey("programming_screenings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ChangeKind] = mapped_column(string_enum(ChangeKind))
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    """{"starts_at": ISO UTC, "ends_at": ..., "venue_id": ...} as it was published."""
    after: Mapped[dict] = mapped_column(JSON, default=dict)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    screening: Mapped[Screening] = relationship()


class ProgrammePublication(db.Model):
    """Whether the edition's programme (and, separately, its AI-use statistics) is public.
    Unpublishing takes the pages and feeds down at once: every public read checks this row."""

    __tablename__ = "programming_publications"

    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"), primary_key=True)
    is_published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    statistics_published: Mapped[bool] = mapped_column(default=False)
    revision: Mapped[int] = mapped_column(default=0)
    """Grows with each publish, unpublish and published change (feeds' ETag and SEQUENCE)."""

    edition: Mapped[Edition] = relationship()
