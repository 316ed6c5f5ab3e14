"""Screener versions: made from a finished upload, then ingested by a background job."""

from __future__ import annotations

from festival.audit.services import record
from festival.extensions import db
from festival.jobs.services import enqueue
from festival.media.enums import ScreenerState
from festival.media.models import Screener, Upload

INGEST_JOB = "media.ingest"


def next_version(film_id: int) -> int:
    latest = db.session.scalar(
        db.select(db.func.max(Screener.version)).where(Screener.film_id == film_id)
    )
    return (latest or 0) + 1


def screener_from_upload(upload: Upload, *, actor) -> Screener:
    """A new screener version of the upload's film, queued for ingest after commit."""
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
    screener.job_id = enqueue(INGEST_JOB, subject=screener).id
    record("screener.uploaded", screener, actor=actor, after={"version": screener.version})
    return screener
