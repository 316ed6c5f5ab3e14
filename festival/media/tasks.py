"""Worker side of media: the ingest job, and the sweep that removes abandoned partial uploads."""

from __future__ import annotations

from huey import crontab

from festival.extensions import db
from festival.jobs.queue import periodic_task
from festival.jobs.registry import job_handler
from festival.jobs.running import JobContext, JobRejected, PermanentJobError
from festival.media.enums import ScreenerState
from festival.media.ingest import IngestFailed, fail, ingest
from festival.media.services import INGEST_JOB
from festival.media.uploads import expire_uploads


@periodic_task(crontab(minute="*/15"), name="expire_uploads")
def expire_uploads_every_quarter_hour() -> None:
    expire_uploads()
    db.session.commit()


@job_handler(INGEST_JOB)
def ingest_screener(ctx: JobContext) -> None:
    """Ingest one screener version; a refused file ends the job rejected with its code, and
    after the last failed attempt the version is failed."""
    try:
        screener = ingest(
            ctx.subject_id, report=lambda progress=None, stage=None: ctx.heartbeat(progress, stage)
        )
    except IngestFailed as error:
        if ctx.is_last_attempt:
            fail(ctx.subject_id, str(error))
            raise PermanentJobError(str(error)) from error
        raise
    if screener is not None and screener.state == ScreenerState.REJECTED:
        raise JobRejected(screener.rejection_code.value)
