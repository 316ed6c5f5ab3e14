"""Finding jobs that stalled: a running job whose worker stopped heartbeating (killed, machine
lost) and a queued job whose message never reached a worker. Each is queued and pushed again,
or failed once its attempts are spent."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import update

from festival.database import utcnow
from festival.extensions import db
from festival.jobs.dispatch import push_after_commit
from festival.jobs.enums import JobState
from festival.jobs.models import Job, bounded_error

logger = logging.getLogger("festival.jobs")

WORKER_LOST = "The worker running this job stopped responding (attempt {attempt})."


@dataclass
class ReaperReport:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    pushed_again: list[int] = field(default_factory=list)


def reap_stalled_jobs() -> ReaperReport:
    """Requeue or fail running jobs with a stale heartbeat; push lost queued jobs again. Commits."""
    now = utcnow()
    config = current_app.config
    stale_before = now - timedelta(seconds=config["JOB_HEARTBEAT_TIMEOUT_S"])
    lost_before = now - timedelta(seconds=config["JOB_QUEUED_TIMEOUT_S"])
    report = ReaperReport()
    stale = db.session.execute(
        db.select(Job.id, Job.attempts, Job.max_attempts).where(
            Job.state == JobState.RUNNING, Job.heartbeat_at < stale_before
        )
    ).all()
    for job_id, attempts, max_attempts in stale:
        spent = attempts >= max_attempts
        changed = _update_if(
            job_id,
            (Job.state == JobState.RUNNING, Job.heartbeat_at < stale_before),
            state=JobState.FAILED if spent else JobState.QUEUED,
            error=bounded_error(WORKER_LOST.format(attempt=attempts)),
            finished_at=now if spent else None,
            queued_at=now,
        )
        if changed and spent:
            report.failed.append(job_id)
        elif changed:
            push_after_commit(job_id)
            report.requeued.append(job_id)
    lost = db.session.scalars(
        db.select(Job.id).where(Job.state == JobState.QUEUED, Job.queued_at < lost_before)
    ).all()
    for job_id in lost:
        if _update_if(
            job_id, (Job.state == JobState.QUEUED, Job.queued_at < lost_before), queued_at=now
        ):
            push_after_commit(job_id)
            report.pushed_again.append(job_id)
    db.session.commit()
    if report.requeued or report.failed or report.pushed_again:
        logger.warning("reaper: %s", report)
    return report


def _update_if(job_id: int, conditions: tuple, **values) -> bool:
    """Change the job only if it still meets `conditions` (its worker may have just finished)."""
    result = db.session.execute(
        update(Job).where(Job.id == job_id, *conditions).values(**values),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount == 1
