"""What pages read about jobs: the latest job about a subject, to show its state and progress,
and a waiting job's place in the queue."""

from __future__ import annotations

from sqlalchemy import and_, or_

from festival.extensions import db
from festival.jobs.enums import LIVE_STATES, JobState
from festival.jobs.models import Job


def jobs_for(subject, kind: str | None = None) -> list[Job]:
    """Jobs about `subject` (any model with an `id`), newest first."""
    query = db.select(Job).where(
        Job.subject_type == type(subject).__tablename__, Job.subject_id == subject.id
    )
    if kind is not None:
        query = query.where(Job.kind == kind)
    return db.session.scalars(query.order_by(Job.created_at.desc(), Job.id.desc())).all()


def latest_job(subject, kind: str | None = None) -> Job | None:
    jobs = jobs_for(subject, kind)
    return jobs[0] if jobs else None


def live_job_subject_ids(kind: str, subject_type: str):
    """A subquery of the ids of `subject_type` rows that have a queued or running `kind` job."""
    return db.select(Job.subject_id).where(
        Job.kind == kind, Job.subject_type == subject_type, Job.state.in_(LIVE_STATES)
    )


def place_in_queue(job: Job) -> int:
    """Where a queued job stands among the live jobs of its kind: 1 plus those running now
    and those queued before it (workers take the queue in order)."""
    ahead = db.session.scalar(
        db.select(db.func.count(Job.id)).where(
            Job.kind == job.kind,
            Job.id != job.id,
            or_(
                Job.state == JobState.RUNNING,
                and_(
                    Job.state == JobState.QUEUED,
                    or_(
                        Job.queued_at < job.queued_at,
                        and_(Job.queued_at == job.queued_at, Job.id < job.id),
                    ),
                ),
            ),
        )
    )
    return ahead + 1
