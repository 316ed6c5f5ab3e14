"""Rounds with their rubric, members and entries; assignments, reviews and scores; conflicts of
interest; and the programmers' screening notes and tags.

A round judges fixed entries: each `RoundEntry` pins the submission's screener version (and so
what every juror of the round watches), whatever the filmmaker uploads later."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.accounts.models import User
from festival.database import UTCDateTime, string_enum, utcnow
from festival.editions.models import Edition
from festival.extensions import db
from festival.films.models import Film
from festival.judging.enums import (
    AssignmentOrigin,
    AssignmentState,
    ConflictKind,
    ConflictSource,
    ReviewState,
    RoundPhase,
    RoundStage,
)
from festival.media.models import Screener
from festival.submissions.models import Submission


class Round(db.Model):
    __tablename__ = "judging_rounds"
    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="dates_in_order"),
        CheckConstraint("reviews_per_film BETWEEN 1 AND 50", name="reviews_per_film_range"),
        CheckConstraint("min_watched_percent BETWEEN 0 AND 100", name="min_watched_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    stage: Mapped[RoundStage] = mapped_column(string_enum(RoundStage))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviews_per_film: Mapped[int] = mapped_column(default=3)
    is_blind: Mapped[bool] = mapped_column(default=True)
    is_open_screening: Mapped[bool] = mapped_column(default=False)
    """Screening only: every programmer of the round may rate every entry, unassigned."""
    category_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    """The categories it covers; empty means every category of the edition."""
    statuses: Mapped[list[str]] = mapped_column(JSON, default=list)
    """The submission statuses it covers."""
    min_watched_percent: Mapped[int] = mapped_column(default=80)
    """A review given after watching less than this share of the film is flagged to staff."""
    instructions: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    edition: Mapped[Edition] = relationship()
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Criterion.position"
    )
    members: Mapped[list[RoundMember]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="RoundMember.id"
    )
    entries: Mapped[list[RoundEntry]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="RoundEntry.id"
    )

    def phase(self, now: datetime) -> RoundPhase:
        if now < self.opens_at:
            return RoundPhase.UPCOMING
        if now >= self.closes_at:
            return RoundPhase.CLOSED
        return RoundPhase.OPEN

    def is_open(self, now: datetime) -> bool:
        return self.phase(now) is RoundPhase.OPEN

    @property
    def is_screening(self) -> bool:
        return self.stage is RoundStage.SCREENING


class Criterion(db.Model):
    """One line of a round's rubric. Weights are relative: they are shown and combined as
    shares of their sum (`judging.rubrics.normalised_weights`)."""

    __tablename__ = "judging_criteria"
    __table_args__ = (
        CheckConstraint("scale_max > scale_min", name="scale_in_order"),
        CheckConstraint("scale_max - scale_min <= 100", name="scale_size"),
        CheckConstraint("weight >= 0", name="weight_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("judging_rounds.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(default=1.0)
    scale_min: Mapped[int] = mapped_column(default=1)
    scale_max: Mapped[int] = mapped_column(default=10)
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Optional words for each value from scale_min up, e.g. ["No", "Maybe", "Yes"]."""
    position: Mapped[int] = mapped_column(default=0)

    round: Mapped[Round] = relationship(back_populates="criteria")

    @property
    def values(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    def label_of(self, value: int) -> str:
        index = value - self.scale_min
        if 0 <= index < len(self.labels) and self.labels[index]:
            return self.labels[index]
        return str(value)


class RoundMember(db.Model):
    """A juror (or, in a screening round, a programmer) of a round, with their limits."""

    __tablename__ = "judging_round_members"
    __table_args__ = (
        UniqueConstraint("round_id", "user_id", name="uq_round_member"),
        CheckConstraint("cap IS NULL OR cap >= 0", name="cap_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("judging_rounds.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"), index=True)
    cap: Mapped[int | None]
    preferred_category_ids: Mapped[list[int]] = mapped_column(JSON, default=list)

    round: Mapped[Round] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class RoundEntry(db.Model):
    """A submission judged in a round, and the screener version the round judges."""

    __tablename__ = "judging_round_entries"
    __table_args__ = (UniqueConstraint("round_id", "submission_id", name="uq_round_entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("judging_rounds.id", ondelete="CASCADE"), index=True
    )
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions_submissions.id"), index=True)
    screener_id: Mapped[int | None] = mapped_column(ForeignKey("media_screeners.id"), index=True)
    """Set only by `judging.rounds.pin_screener`."""
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    round: Mapped[Round] = relationship(back_populates="entries")
    submission: Mapped[Submission] = relationship()
    screener: Mapped[Screener | None] = relationship()
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="entry", order_by="Assignment.id"
    )
    juror_copy: Mapped[JurorCopy | None] = relationship(
        back_populates="entry", uselist=False, cascade="all, delete-orphan"
    )

    @property
    def film(self) -> Film:
        return self.submission.film


class JurorCopy(db.Model):
    """The words blind jurors of a round read of an entry instead of the filmmaker's own,
    written by staff when the redactor is not enough; the film's record is untouched, and the
    copy still passes through the redactor. An empty field shows the film's own text. Written
    only by `judging.juror_copy.save_copy`."""

    __tablename__ = "judging_juror_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("judging_round_entries.id", ondelete="CASCADE"), unique=True
    )
    title: Mapped[str] = mapped_column(String(300), default="")
    logline: Mapped[str] = mapped_column(String(500), default="")
    synopsis: Mapped[str] = mapped_column(Text, default="")
    human_statement: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    entry: Mapped[RoundEntry] = relationship(back_populates="juror_copy")


class Assignment(db.Model):
    __tablename__ = "judging_assignments"
    __table_args__ = (
        UniqueConstraint("entry_id", "reviewer_id", name="uq_assignment_pair"),
        Index("ix_judging_assignments_round_work", "round_id", "state", "reviewer_id", "entry_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("judging_rounds.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("judging_round_entries.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"), index=True)
    state: Mapped[AssignmentState] = mapped_column(
        string_enum(AssignmentState), default=AssignmentState.ACTIVE, index=True
    )
    origin: Mapped[AssignmentOrigin] = mapped_column(string_enum(AssignmentOrigin))
    reason: Mapped[str] = mapped_column(Text, default="")
    """Why it ended (an abstention's reason, a recusal's note); never shown to the filmmaker."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[Round] = relationship()
    entry: Mapped[RoundEntry] = relationship(back_populates="assignments")
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    review: Mapped[Review | None] = relationship(back_populates="assignment", uselist=False)

    @property
    def is_active(self) -> bool:
        return self.state is AssignmentState.ACTIVE


class Review(db.Model):
    """A reviewer's scores and comments for one assignment. `revision` guards against two tabs
    saving over each other: a save names the revision it started from."""

    __tablename__ = "judging_reviews"
    __table_args__ = (
        UniqueConstraint("assignment_id", name="uq_review_assignment"),
        Index("ix_judging_reviews_assignment_state", "assignment_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("judging_assignments.id", ondelete="CASCADE")
    )
    state: Mapped[ReviewState] = mapped_column(
        string_enum(ReviewState), default=ReviewState.DRAFT, index=True
    )
    comment: Mapped[str] = mapped_column(Text, default="")
    """To the festival."""
    note_to_filmmaker: Mapped[str] = mapped_column(Text, default="")
    total: Mapped[float | None]
    """The weighted score on the rubric's scale; set only by `judging.reviews.save_review`."""
    watched_ms: Mapped[int | None]
    """How much of the judged version the reviewer had played when they submitted."""
    revision: Mapped[int] = mapped_column(default=1)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignment: Mapped[Assignment] = relationship(back_populates="review")
    scores: Mapped[list[Score]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="Score.criterion_id"
    )

    __mapper_args__ = {"version_id_col": revision}

    @property
    def is_submitted(self) -> bool:
        return self.state is ReviewState.SUBMITTED

    def values(self) -> dict[int, int]:
        return {score.criterion_id: score.value for score in self.scores}


class Score(db.Model):
    __tablename__ = "judging_scores"
    __table_args__ = (
        UniqueConstraint("review_id", "criterion_id", name="uq_score_review_criterion"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("judging_reviews.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("judging_criteria.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[int]

    review: Mapped[Review] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()


class Conflict(db.Model):
    """A conflict of interest between a juror and a film, in every round that judges it."""

    __tablename__ = "judging_conflicts"
    __table_args__ = (UniqueConstraint("juror_id", "film_id", name="uq_conflict_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"), index=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films_films.id"), index=True)
    kind: Mapped[ConflictKind] = mapped_column(string_enum(ConflictKind))
    source: Mapped[ConflictSource] = mapped_column(string_enum(ConflictSource))
    is_pinned: Mapped[bool] = mapped_column(default=False)
    """Pinned by a programmer: the juror cannot lift it."""
    is_cleared: Mapped[bool] = mapped_column(default=False)
    """A programmer found a detected conflict to be a false match; it no longer counts."""
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    juror: Mapped[User] = relationship(foreign_keys=[juror_id])
    film: Mapped[Film] = relationship()

    @property
    def is_effective(self) -> bool:
        return not self.is_cleared


class JurorProfile(db.Model):
    """What a juror tells the festival to find conflicts: people and organisations they are
    close to, one per line, matched against every film's credits and contacts."""

    __tablename__ = "judging_juror_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"), unique=True)
    affiliations: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()

    @property
    def affiliation_lines(self) -> list[str]:
        return [line.strip() for line in self.affiliations.splitlines() if line.strip()]


class StaffNote(db.Model):
    """A programmer's private note on a submission: every staff member reads it, never the
    filmmaker or a juror."""

    __tablename__ = "judging_staff_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions_submissions.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("judging_rounds.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship()


class SubmissionTag(db.Model):
    __tablename__ = "judging_submission_tags"
    __table_args__ = (UniqueConstraint("submission_id", "name", name="uq_submission_tag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions_submissions.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProgressRound(db.Model):
    """A round whose progress figures (`EntryProgress`, `ReviewerProgress`) `judging.progress`
    keeps up to date as its judging changes; a round without one is added up when asked."""

    __tablename__ = "judging_progress_rounds"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("judging_rounds.id", ondelete="CASCADE"), primary_key=True
    )


class EntryProgress(db.Model):
    """An entry of a kept round: whether it is still in competition and how many submitted
    reviews its live assignments have. Written only by `judging.progress`."""

    __tablename__ = "judging_entry_progress"
    __table_args__ = (Index("ix_judging_entry_progress_round", "round_id", "live", "submitted"),)

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("judging_round_entries.id", ondelete="CASCADE"), primary_key=True
    )
    round_id: Mapped[int] = mapped_column(ForeignKey("judging_rounds.id", ondelete="CASCADE"))
    live: Mapped[bool]
    submitted: Mapped[int]


class ReviewerProgress(db.Model):
    """A reviewer's live assignments in a kept round (entries still in competition): how many,
    how many reviewed, and the sum and number of the shares played of those with a judged
    version. Written only by `judging.progress`."""

    __tablename__ = "judging_reviewer_progress"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("judging_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("accounts_users.id"), primary_key=True, index=True
    )
    assigned: Mapped[int]
    submitted: Mapped[int]
    played_sum: Mapped[float] = mapped_column(Float)
    played_count: Mapped[int]
