from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from festival.database import UTCDateTime, string_enum, utcnow
from festival.extensions import db
from festival.jobs.enums import FINISHED_STATES, JobState

ERROR_MAX_CHARS = 4000


class Job(db.Model):
    """One unit of background work as users see it: its state, progress and last error.

    Huey carries a message naming the job's id; this row is the truth. State changes are made
    only by `festival.jobs.services` (enqueue), `festival.jobs.running` (claim, heartbeat,
    finish) and `festival.jobs.reaper` (requeue or fail stalled jobs)."""

    __tablename__ = "jobs_jobs"
    __table_args__ = (
        Index("ix_jobs_jobs_subject", "subject_type", "subject_id"),
        Index("ix_jobs_jobs_state_heartbeat_at", "state", "heartbeat_at"),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress_range"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("max_attempts >= 1", name="max_attempts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(100))
    subject_type: Mapped[str | None] = mapped_column(String(64))
    subject_id: Mapped[int | None]
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[JobState] = mapped_column(string_enum(JobState), default=JobState.QUEUED)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    stage: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int]
    error: Mapped[str | None] = mapped_column(Text)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    """When the job last became due on the queue: enqueued, retried, or requeued by the reaper."""
    run_after_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """Set when a failed attempt is retried later; the queue message carries the same delay."""
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state}>"


def bounded_error(text: str) -> str:
    """The tail of an error text (a traceback ends with its message), bounded for the row."""
    return text if len(text) <= ERROR_MAX_CHARS else "…" + text[-(ERROR_MAX_CHARS - 1) :]
