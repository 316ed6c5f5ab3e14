"""Running one job: claim it, hand its handler a `JobContext`, record success, rejection or
failure, and log the outcome as one JSON line (logger `festival.jobs.outcomes`: job id, kind,
attempt, outcome, code, duration) so a run of failures or rejections is visible to operators.

A claim is one conditional UPDATE, so two workers given the same job never both run it; each
claim counts an attempt. While the handler works a keep-alive thread refreshes the heartbeat, so
only a dead worker's job looks stale to the reaper."""

from __future__ import annotations

import json
import logging
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from festival.database import utcnow
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job, bounded_error
from festival.jobs.registry import handler_for, load_task_modules

logger = logging.getLogger("festival.jobs")
outcome_logger = logging.getLogger("festival.jobs.outcomes")

MAX_RETRY_DELAY_S = 3600


class PermanentJobError(Exception):
    """Raised by a handler when retrying cannot help (say, a file that is not a video)."""


class JobRejected(PermanentJobError):
    """Raised by a handler that refused its subject for good, its refusal already committed:
    the job ends rejected with `code` (a stable name, such as "playlist") as its error."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class JobSuperseded(Exception):
    """This attempt no longer owns its job (the reaper gave it to another worker): stop."""


@dataclass
class JobContext:
    """What a handler knows of its job, and its one way to report progress."""

    job_id: int
    kind: str
    attempt: int
    subject_type: str | None
    subject_id: int | None
    params: dict
    engine: Engine = field(repr=False)
    max_attempts: int = 1
    superseded: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def is_last_attempt(self) -> bool:
        """A failure now is final: the handler may record it on its subject."""
        return self.attempt >= self.max_attempts

    def heartbeat(self, progress: float | None = None, stage: str | None = None) -> None:
        """Show `progress` (0..1) and `stage` (e.g. "probing") to users now.

        Commits in its own short transaction, apart from the handler's session; call it between
        units of work, not while holding uncommitted writes (SQLite would make it wait for them).
        Raises `JobSuperseded` if the job was given to another worker."""
        values: dict = {"heartbeat_at": utcnow()}
        if progress is not None:
            values["progress"] = min(1.0, max(0.0, float(progress)))
        if stage is not None:
            values["stage"] = stage[:100]
        if self.superseded.is_set() or not touch(self.engine, self.job_id, self.attempt, values):
            self.superseded.set()
            raise JobSuperseded(f"job {self.job_id} attempt {self.attempt} was superseded")


def touch(engine: Engine, job_id: int, attempt: int, values: dict) -> bool:
    """Update a running job's row if `attempt` still owns it; False if it does not."""
    with engine.begin() as connection:
        result = connection.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == JobState.RUNNING, Job.attempts == attempt)
            .values(**values)
        )
    return result.rowcount == 1


class KeepAlive:
    """Refresh the heartbeat every `interval` seconds while the handler runs."""

    def __init__(self, context: JobContext, interval: float):
        self.context = context
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self.beat, name=f"job-{context.job_id}-keepalive", daemon=True
        )

    def beat(self) -> None:
        context = self.context
        while not self.stopped.wait(self.interval):
            try:
                owned = touch(
                    context.engine, context.job_id, context.attempt, {"heartbeat_at": utcnow()}
                )
            except SQLAlchemyError:
                logger.warning("heartbeat of job %s failed; will retry", context.job_id)
                continue
            if not owned:
                context.superseded.set()
                return

    def __enter__(self) -> KeepAlive:
        self.thread.start()
        return self

    def __exit__(self, *_exc_info) -> None:
        self.stopped.set()
        self.thread.join()


def run_job(job_id: int) -> float | None:
    """Run one attempt of job `job_id`; return the delay in seconds before a retry, else None.

    Does nothing to a job that is missing, finished, or running with a fresh heartbeat."""
    attempt = claim(job_id)
    if attempt is None:
        logger.info("job %s skipped: missing, finished or running elsewhere", job_id)
        return None
    context = context_for(db.session.get(Job, job_id), attempt)
    started = time.monotonic()

    def outcome(name: str, code: str | None = None) -> None:
        log_outcome(context, name, code, time.monotonic() - started)

    try:
        run_handler(context)
    except JobSuperseded:
        db.session.rollback()
        logger.warning("job %s attempt %s superseded; its work is dropped", job_id, attempt)
        outcome("superseded")
        return None
    except JobRejected as rejected:
        db.session.rollback()
        finish(job_id, attempt, state=JobState.REJECTED, error=rejected.code)
        outcome("rejected", rejected.code)
        return None
    except Exception as error:
        db.session.rollback()
        logger.exception("job %s (%s) attempt %s failed", job_id, context.kind, attempt)
        retry = not isinstance(error, PermanentJobError)
        delay = record_failure(job_id, attempt, traceback.format_exc(), retry=retry)
        outcome("retrying" if delay is not None else "failed", type(error).__name__)
        return delay
    finish(job_id, attempt)
    outcome("succeeded")
    return None


def log_outcome(context: JobContext, outcome: str, code: str | None, duration_s: float) -> None:
    """One JSON line per finished attempt, for log search and alerting."""
    outcome_logger.info(
        json.dumps(
            {
                "event": "job_outcome",
                "job_id": context.job_id,
                "kind": context.kind,
                "attempt": context.attempt,
                "outcome": outcome,
                "code": code,
                "duration_s": round(duration_s, 3),
            }
        )
    )


def context_for(job: Job, attempt: int) -> JobContext:
    return JobContext(
        job_id=job.id,
        kind=job.kind,
        attempt=attempt,
        subject_type=job.subject_type,
        subject_id=job.subject_id,
        params=dict(job.params or {}),
        engine=db.engine,
        max_attempts=job.max_attempts,
    )


def run_handler(context: JobContext) -> None:
    """Call the handler of the job's kind, heartbeating meanwhile; its session is not committed."""
    handler = find_handler(context.kind)
    if handler is None:
        raise PermanentJobError(f"no handler is registered for job kind {context.kind!r}")
    logger.info("job %s (%s) attempt %s started", context.job_id, context.kind, context.attempt)
    with KeepAlive(context, keepalive_interval()):
        handler(context, **context.params)


def find_handler(kind: str):
    """The handler of `kind`, importing the task modules first if this process has not."""
    handler = handler_for(kind)
    if handler is None:
        load_task_modules(current_app.config["JOB_TASK_MODULES"])
        handler = handler_for(kind)
    return handler


def claim(job_id: int) -> int | None:
    """Mark the job running for a new attempt, if it is queued (or running but stale)."""
    now = utcnow()
    stale_before = now - timedelta(seconds=current_app.config["JOB_HEARTBEAT_TIMEOUT_S"])
    result = db.session.execute(
        update(Job)
        .where(
            Job.id == job_id,
            or_(
                Job.state == JobState.QUEUED,
                and_(
                    Job.state == JobState.RUNNING,
                    Job.heartbeat_at < stale_before,
                    Job.attempts < Job.max_attempts,
                ),
            ),
        )
        .values(
            state=JobState.RUNNING,
            attempts=Job.attempts + 1,
            started_at=now,
            heartbeat_at=now,
            run_after_at=None,
            finished_at=None,
        )
        .returning(Job.attempts),
        execution_options={"synchronize_session": False},
    )
    attempt = result.scalar_one_or_none()
    db.session.commit()
    return attempt


def finish(
    job_id: int, attempt: int, *, state: JobState = JobState.SUCCEEDED, error: str | None = None
) -> None:
    """Mark the job succeeded (or rejected) in the same transaction as its handler's work."""
    now = utcnow()
    result = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == JobState.RUNNING, Job.attempts == attempt)
        .values(state=state, progress=1.0, error=error, heartbeat_at=now, finished_at=now),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        db.session.rollback()
        logger.warning("job %s attempt %s superseded before it finished", job_id, attempt)
        return
    db.session.commit()


def record_failure(job_id: int, attempt: int, error: str, *, retry: bool) -> float | None:
    """Keep the error; queue the job again after a backoff, or fail it when attempts run out."""
    job = db.session.get(Job, job_id, populate_existing=True, with_for_update=True)
    if job is None or job.state != JobState.RUNNING or job.attempts != attempt:
        db.session.rollback()
        return None
    now = utcnow()
    job.error = bounded_error(error)
    job.heartbeat_at = now
    delay = None
    if retry and job.attempts < job.max_attempts:
        delay = retry_delay(job.attempts)
        job.state = JobState.QUEUED
        job.run_after_at = job.queued_at = now + timedelta(seconds=delay)
    else:
        job.state = JobState.FAILED
        job.finished_at = now
    db.session.commit()
    return delay


def retry_delay(attempts: int) -> float:
    base = float(current_app.config["JOB_RETRY_DELAY_S"])
    return min(MAX_RETRY_DELAY_S, base * 2 ** max(0, attempts - 1))


def keepalive_interval() -> float:
    return max(0.2, min(30.0, current_app.config["JOB_HEARTBEAT_TIMEOUT_S"] / 4))
