"""Screener versions: made from a finished upload, then ingested by a background job."""

from __future__ import annotations

import logging

from flask import current_app

from festival.audit.services import record
from festival.extensions import db
from festival.jobs.queries import place_in_queue
from festival.jobs.services import enqueue
from festival.media.enums import ScreenerState
from festival.media.models import Screener, Upload

INGEST_JOB = "media.ingest"

logger = logging.getLogger("festival.media")


def next_version(film_id: int) -> int:
    latest = db.session.scalar(
        db.select(db.func.max(Screener.version)).where(Screener.film_id == film_id)
    )
    return (latest or 0) + 1


def screener_from_upload(upload: Upload, *, actor) -> Screener:
    """A new screener version of the upload's film, queued for ingest after commit however
    many wait already: past INGEST_QUEUE_LIMIT its filmmaker reads "busy" with its place in
    the queue (`reports.busy_detail`) and operators a warning in the log."""
    db.session.flush()
    screener = Screener(
        film_id=upload.film_id,
        version=next_version(upload.film_id),
        state=ScreenerState.QUEUED,
        original_path=upload.path,
        original_filename=upload.filename,
        original_bytes=upload.length_bytes,
        uploaded_by_id=getattr(actor, "id", None),
    )
    db.session.add(screener)
    db.session.flush()
    job = enqueue(INGEST_JOB, subject=screener)
    screener.job_id = job.id
    place = place_in_queue(job)
    if place > current_app.config["INGEST_QUEUE_LIMIT"]:
        # Kept and queued all the same; its filmmaker reads "busy" with its place meanwhile.
        logger.warning("ingest is saturated: screener %s is %s in the queue", screener.id, place)
    record("screener.uploaded", screener, actor=actor, after={"version": screener.version})
    return screener
