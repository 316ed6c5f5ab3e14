"""Putting jobs on the Huey queue: the one task that runs a job, pushed after commit.

A message names only a job id; the job's row must be committed before a worker can claim it, so
`push_after_commit` holds the push until the session's transaction commits and drops it on
rollback."""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from festival.extensions import db
from festival.jobs.queue import app_context, huey
from festival.jobs.running import run_job

logger = logging.getLogger("festival.jobs")

PENDING_PUSHES = "festival.jobs.pending_pushes"


@huey.task(name="run_job")
def run_job_task(job_id: int) -> None:
    with app_context():
        delay = run_job(job_id)
    if delay is not None:
        push_job(job_id, delay)


def push_job(job_id: int, delay: float = 0) -> None:
    """Put a message for `job_id` on the queue now (due after `delay` seconds)."""
    if delay > 0:
        run_job_task.schedule(args=(job_id,), delay=delay)
    else:
        run_job_task(job_id)


def push_after_commit(job_id: int, delay: float = 0) -> None:
    db.session.info.setdefault(PENDING_PUSHES, []).append((job_id, delay))


@event.listens_for(Session, "after_commit")
def _push_committed_jobs(session: Session) -> None:
    for job_id, delay in session.info.pop(PENDING_PUSHES, []):
        try:
            push_job(job_id, delay)
        except Exception:
            # The row is committed and stays queued; the reaper pushes it again later.
            logger.exception("could not put job %s on the queue", job_id)


@event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted_pushes(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(PENDING_PUSHES, None)
