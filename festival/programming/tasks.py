"""Worker side of the FilmFreeway import: inviting the filmmakers of the films a run took."""

from __future__ import annotations

from festival.extensions import db
from festival.jobs.registry import job_handler
from festival.jobs.running import JobContext
from festival.programming.importing import INVITE_IMPORTED, invite_imported
from festival.programming.models import ImportRun


@job_handler(INVITE_IMPORTED)
def invite_filmmakers(ctx: JobContext) -> None:
    run = db.session.get(ImportRun, ctx.subject_id)
    if run is not None:
        invite_imported(run)
