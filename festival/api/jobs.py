"""The media jobs (a screener version's ingest: probe, transcode, checks) as their state,
never their error text: a film's for its owner and staff, and every one of an edition's
films for staff. A job that refused its file says why by its stable code (`rejection_code`,
as the upload page words it through `media.reports`); a failed one says only that it failed
(its traceback stays in the operators' log)."""

from __future__ import annotations

import marshmallow as ma
from sqlalchemy import and_

from festival.accounts.enums import FILMMAKER_AND_STAFF, STAFF_ROLES
from festival.api.auth import requires
from festival.api.pagination import PageArguments, page_of, page_schema
from festival.api.resource import ApiBlueprint
from festival.api.schemas import ApiSchema
from festival.api.tokens.enums import TokenScope
from festival.editions.loaders import get_edition
from festival.extensions import db
from festival.films.loaders import get_film
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.media import rules
from festival.media.models import Screener
from festival.submissions.models import Submission

bp = ApiBlueprint("api_jobs", __name__, description="Media jobs (the film's owner and staff).")

STATES = [state.value for state in JobState]


class JobSchema(ApiSchema):
    id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"description": "`media.ingest`: probe, transcode, checks."})
    film_id = ma.fields.Integer()
    screener_version = ma.fields.Integer()
    state = ma.fields.String(validate=ma.validate.OneOf(STATES))
    state_label = ma.fields.String()
    stage = ma.fields.String(allow_none=True, metadata={"description": "What it is doing now."})
    progress = ma.fields.Float(metadata={"description": "From 0 to 1."})
    attempts = ma.fields.Integer()
    max_attempts = ma.fields.Integer()
    rejection_code = ma.fields.String(
        allow_none=True, metadata={"description": "Why the file was refused, when it was."}
    )
    created_at = ma.fields.DateTime()
    queued_at = ma.fields.DateTime()
    started_at = ma.fields.DateTime(allow_none=True)
    finished_at = ma.fields.DateTime(allow_none=True)


class JobListSchema(ApiSchema):
    items = ma.fields.List(ma.fields.Nested(JobSchema))


JobPageSchema = page_schema(JobSchema, "JobPage")


class JobPageArguments(PageArguments):
    state = ma.fields.String(
        validate=ma.validate.OneOf(STATES), metadata={"description": "Only jobs in this state."}
    )


def about_screeners(query):
    """`query` (of jobs) narrowed to the jobs about a screener version, joined to it."""
    return query.join(
        Screener,
        and_(Job.subject_type == Screener.__tablename__, Job.subject_id == Screener.id),
    )


def job_of(job: Job, screener: Screener) -> dict:
    return {
        "id": job.id,
        "kind": job.kind,
        "film_id": screener.film_id,
        "screener_version": screener.version,
        "state": job.state.value,
        "state_label": str(job.state.label),
        "stage": job.stage,
        "progress": round(job.progress, 4),
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "rejection_code": job.error if job.state is JobState.REJECTED else None,
        "created_at": job.created_at,
        "queued_at": job.queued_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


@bp.get("/films/<int:film_id>/jobs")
@requires(TokenScope.READ, *FILMMAKER_AND_STAFF)
@bp.response(200, JobListSchema)
def list_film_jobs(film_id: int):
    """The film's media jobs, newest first (404 for a film that is not yours)."""
    film = get_film(film_id, rules.can_upload)
    rows = db.session.execute(
        about_screeners(db.select(Job, Screener))
        .where(Screener.film_id == film.id)
        .order_by(Job.id.desc())
    ).all()
    return {"items": [job_of(job, screener) for job, screener in rows]}


@bp.get("/editions/<int:edition_id>/jobs")
@requires(TokenScope.READ, *STAFF_ROLES)
@bp.arguments(JobPageArguments, location="query")
@bp.response(200, JobPageSchema)
def list_edition_jobs(arguments, edition_id: int):
    """The media jobs of every film entered in the edition, oldest first, a page at a time."""
    edition = get_edition(edition_id)
    films = db.select(Submission.film_id).where(Submission.edition_id == edition.id)
    query = about_screeners(db.select(Job)).where(Screener.film_id.in_(films))
    if arguments.get("state"):
        query = query.where(Job.state == JobState(arguments.pop("state")))
    found = page_of(query, (Job.id,), key=lambda job: (job.id,), **arguments)
    screeners = {
        screener.id: screener
        for screener in db.session.scalars(
            db.select(Screener).where(Screener.id.in_([job.subject_id for job in found.items]))
        )
    }
    return {
        "items": [job_of(job, screeners[job.subject_id]) for job in found.items],
        "next": found.next,
    }
