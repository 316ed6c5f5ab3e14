"""Worker side of the desk: the jury scores of a round, refreshed after its reviews change."""

from __future__ import annotations

from festival.extensions import db
from festival.jobs.registry import job_handler
from festival.jobs.running import JobContext
from festival.judging.models import Round
from festival.programming.desk_rows import JURY_SCORES_JOB, refresh_jury_scores


@job_handler(JURY_SCORES_JOB)
def refresh_round_jury_scores(ctx: JobContext) -> None:
    round_ = db.session.get(Round, ctx.subject_id)
    if round_ is not None:
        refresh_jury_scores(round_)
