"""A filmmaker's submissions and their statuses, as their submissions page shows them."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from sqlalchemy.orm import joinedload

from festival.accounts.enums import Role
from festival.api.auth import requires
from festival.api.pagination import PageArguments, page_of, page_schema
from festival.api.problems import Problem
from festival.api.resource import ApiBlueprint
from festival.api.schemas import ApiSchema, choice
from festival.api.tokens.enums import TokenScope
from festival.extensions import db
from festival.films.models import Film
from festival.submissions import queries
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission

bp = ApiBlueprint(
    "api_submissions", __name__, description="Your submissions (a filmmaker's token)."
)


class EventSchema(ApiSchema):
    from_status = choice(SubmissionStatus, allow_none=True)
    to_status = choice(SubmissionStatus)
    at = ma.fields.DateTime()


class SubmissionSchema(ApiSchema):
    id = ma.fields.Integer()
    film_id = ma.fields.Integer()
    film_title = ma.fields.Function(lambda submission: submission.film.title)
    edition_slug = ma.fields.Function(lambda submission: submission.edition.slug)
    category_id = ma.fields.Integer()
    category = ma.fields.Function(lambda submission: submission.category.display_name())
    status = choice(SubmissionStatus)
    status_label = ma.fields.Function(lambda submission: str(submission.status.label))
    outcome = ma.fields.Function(
        lambda submission: submission.outcome.display_name() if submission.outcome else None,
        allow_none=True,
    )
    fee_cents = ma.fields.Integer()
    currency = ma.fields.String()
    is_paid = ma.fields.Boolean()
    submitted_at = ma.fields.DateTime(allow_none=True)
    updated_at = ma.fields.DateTime()


class SubmissionDetailSchema(SubmissionSchema):
    history = ma.fields.List(ma.fields.Nested(EventSchema), attribute="events")


SubmissionPageSchema = page_schema(SubmissionSchema, "SubmissionPage")


@bp.get("/submissions")
@requires(TokenScope.READ, Role.FILMMAKER)
@bp.arguments(PageArguments, location="query")
@bp.response(200, SubmissionPageSchema)
def list_submissions(page):
    """Your films' submissions, oldest first, a page at a time."""
    query = (
        db.select(Submission)
        .join(Submission.film)
        .where(Film.owner_id == current_user.id)
        .options(
            joinedload(Submission.film),
            joinedload(Submission.edition),
            joinedload(Submission.category),
            joinedload(Submission.outcome),
        )
    )
    return page_of(query, (Submission.id,), key=lambda submission: (submission.id,), **page)


@bp.get("/submissions/<int:submission_id>")
@requires(TokenScope.READ, Role.FILMMAKER)
@bp.response(200, SubmissionDetailSchema)
def get_submission(submission_id: int):
    """One of your submissions with its dated history (404 for one that is not yours)."""
    submission = queries.submission_for_page(submission_id)
    if submission is None or submission.film.owner_id != current_user.id:
        raise Problem(404, slug="not_found")
    return submission
