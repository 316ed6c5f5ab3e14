"""Worker side of programming: every minute, release the decisions whose scheduled time has
come (`decisions.run_due_releases`, which commits each release on its own); invite the
filmmakers of the films a FilmFreeway import took; and refresh the desk's jury scores of a
round after its reviews change; every minute, tell filmmakers of the changes to their
screenings after the programme was published (`change_notices.notify_pending_changes`)."""

from __future__ import annotations

from huey import crontab

from festival.extensions import db
from festival.jobs.queue import periodic_task
from festival.jobs.registry import job_handler
from festival.jobs.running import JobContext
from festival.judging.models import Round
from festival.programming.change_notices import notify_pending_changes
from festival.programming.decisions import run_due_releases
from festival.programming.desk_rows import JURY_SCORES_JOB, refresh_jury_scores
from festival.programming.importing import INVITE_IMPORTED, invite_imported
from festival.programming.models import ImportRun


@periodic_task(crontab(minute="*"), name="run_due_releases")
def release_due_decisions_every_minute() -> None:
    run_due_releases()


@job_handler(INVITE_IMPORTED)
def invite_filmmakers(ctx: JobContext) -> None:
    run = db.session.get(ImportRun, ctx.subject_id)
    if run is not None:
        invite_imported(run)


@job_handler(JURY_SCORES_JOB)
def refresh_round_jury_scores(ctx: JobContext) -> None:
    round_ = db.session.get(Round, ctx.subject_id)
    if round_ is not None:
        refresh_jury_scores(round_)


@periodic_task(crontab(minute="*"), name="notify_screening_changes")
def notify_screening_changes_every_minute() -> None:
    notify_pending_changes()
