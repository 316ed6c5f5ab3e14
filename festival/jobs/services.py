"""Creating jobs. The caller commits; the job reaches the queue only once it has."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from festival.database import utcnow
from festival.extensions import db
from festival.jobs.dispatch import push_after_commit
from festival.jobs.models import Job


def enqueue(kind: str, subject=None, *, after_s: float = 0, **params) -> Job:
    """Add a job of `kind` about `subject` (any model with an `id`), flushed, due now or
    `after_s` seconds from now.

    `params` (JSON values) are passed to the handler as keyword arguments. The Huey message is
    pushed after the surrounding transaction commits; on rollback nothing is pushed."""
    if subject is not None and subject.id is None:
        db.session.flush()
    now = utcnow()
    job = Job(
        kind=kind,
        subject_type=type(subject).__tablename__ if subject is not None else None,
        subject_id=subject.id if subject is not None else None,
        params=params,
        max_attempts=current_app.config["JOB_MAX_ATTEMPTS"],
        created_at=now,
        queued_at=now + timedelta(seconds=after_s),
        run_after_at=now + timedelta(seconds=after_s) if after_s else None,
    )
    db.session.add(job)
    db.session.flush()
    push_after_commit(job.id, after_s)
    return job
