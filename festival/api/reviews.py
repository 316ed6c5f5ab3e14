"""A reviewer's assignments and their reviews: the list, one assignment with the film as the
review page shows it (in a blind round through the same redaction: `judging.dossier`,
`blind.shown_title`), and the review, read, saved as a draft or submitted through the page's
own service (`judging.reviews.save_review`), refused as the page refuses. A write names the
ETag of its read in If-Match (428 without it, 412 when the review moved on): the review's
revision, which the service checks again."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from festival.accounts.enums import REVIEWER_ROLES
from festival.api.auth import requires
from festival.api.pagination import PageArguments, page_of, page_schema
from festival.api.problems import Problem, refusal_problem
from festival.api.resource import ApiBlueprint
from festival.api.results import RoundFactsSchema
from festival.api.schemas import ApiSchema, choice
from festival.api.tokens.enums import TokenScope
from festival.database import utcnow
from festival.extensions import db
from festival.films.models import Film
from festival.judging import blind, conflicts, dossier, queries, reviews, rules
from festival.judging.enums import AssignmentState, ReviewState
from festival.judging.models import Assignment, Conflict, Review, Round, RoundEntry
from festival.submissions.enums import LEFT_COMPETITION
from festival.submissions.models import Submission
from festival.transactions import commit

bp = ApiBlueprint(
    "api_reviews", __name__, description="Your assignments and reviews (a reviewer's token)."
)

NOT_YOURS = _l("This film is not assigned to you.")
ENDED = _l("You no longer review this film.")


class CriterionSchema(ApiSchema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    description = ma.fields.String()
    weight = ma.fields.Float()
    scale_min = ma.fields.Integer()
    scale_max = ma.fields.Integer()
    labels = ma.fields.List(ma.fields.String())


class AssignmentRoundSchema(RoundFactsSchema):
    instructions = ma.fields.String()


class ReviewSummarySchema(ApiSchema):
    state = choice(ReviewState, allow_none=True, metadata={"description": "Null: not started."})
    revision = ma.fields.Integer()
    total = ma.fields.Float(allow_none=True)
    submitted_at = ma.fields.DateTime(allow_none=True)


class AssignmentSchema(ApiSchema):
    id = ma.fields.Integer()
    round = ma.fields.Nested(AssignmentRoundSchema)
    title = ma.fields.String(
        metadata={"description": "As you may read it (in a blind round, no maker's name)."}
    )
    review = ma.fields.Nested(ReviewSummarySchema)
    lock_reason = ma.fields.String(
        allow_none=True, metadata={"description": "Why the review cannot be saved now, if so."}
    )


AssignmentPageSchema = page_schema(AssignmentSchema, "AssignmentPage")


class DossierElementSchema(ApiSchema):
    element = ma.fields.String()
    extent = ma.fields.String(allow_none=True)
    tools = ma.fields.List(ma.fields.String())
    inputs = ma.fields.String()
    human_contribution = ma.fields.String()


class DossierSegmentSchema(ApiSchema):
    start_ms = ma.fields.Integer()
    end_ms = ma.fields.Integer()
    element = ma.fields.String()
    tool = ma.fields.String()
    note = ma.fields.String()


class DossierCreditSchema(ApiSchema):
    role = ma.fields.String()
    name = ma.fields.String()


class DossierSchema(ApiSchema):
    """The film as the review page shows it beside the player."""

    title = ma.fields.String()
    original_title = ma.fields.String()
    logline = ma.fields.String()
    synopsis = ma.fields.String()
    runtime_s = ma.fields.Integer()
    year = ma.fields.Integer(allow_none=True)
    countries = ma.fields.List(ma.fields.String())
    languages = ma.fields.List(ma.fields.String())
    genres = ma.fields.List(ma.fields.String())
    is_blind = ma.fields.Boolean(metadata={"description": "Names are hidden from you."})
    filmmaker = ma.fields.String(allow_none=True)
    credits = ma.fields.List(ma.fields.Nested(DossierCreditSchema))
    disclosure_version = ma.fields.Integer(allow_none=True)
    elements = ma.fields.List(ma.fields.Nested(DossierElementSchema))
    segments = ma.fields.List(ma.fields.Nested(DossierSegmentSchema))
    human_statement = ma.fields.String()
    ai_share = ma.fields.Float(allow_none=True)
    ai_share_estimate = ma.fields.Integer(allow_none=True)
    consents_on_file = ma.fields.Boolean(allow_none=True)
    audience_notice = ma.fields.String(allow_none=True)


class AssignmentDetailSchema(AssignmentSchema):
    criteria = ma.fields.List(ma.fields.Nested(CriterionSchema))
    film = ma.fields.Nested(DossierSchema)


class ReviewSchema(ApiSchema):
    assignment_id = ma.fields.Integer()
    state = choice(ReviewState, allow_none=True, metadata={"description": "Null: not started."})
    revision = ma.fields.Integer(metadata={"description": "0 until the first save."})
    scores = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={"description": "Criterion id → the score given."},
    )
    comment = ma.fields.String()
    note_to_filmmaker = ma.fields.String()
    total = ma.fields.Float(allow_none=True)
    started_at = ma.fields.DateTime(allow_none=True)
    updated_at = ma.fields.DateTime(allow_none=True)
    submitted_at = ma.fields.DateTime(allow_none=True)
    lock_reason = ma.fields.String(allow_none=True)


class ReviewInputSchema(ApiSchema):
    """What the review page's form sends; what is left out is left empty."""

    scores = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.Regexp(r"^[0-9]{1,10}$")),
        values=ma.fields.Integer(strict=True, allow_none=True),
        load_default=dict,
        metadata={"description": "Criterion id → a whole number on its scale (null: unscored)."},
    )
    comment = ma.fields.String(load_default="")
    note_to_filmmaker = ma.fields.String(load_default="")


# --- loading --------------------------------------------------------------------------------


def get_own_assignment(assignment_id: int) -> Assignment:
    """The caller's assignment, as the review page loads it: 404 when it is not theirs, and
    when they no longer review the film (abstained, recused, a conflict, the entry left)."""
    assignment = queries.assignment_for_page(assignment_id)
    if assignment is None or not rules.is_reviewer_of(current_user, assignment):
        raise Problem(404, NOT_YOURS, slug="not_found")
    if (
        assignment.state is not AssignmentState.ACTIVE
        or assignment.entry.submission.status in LEFT_COMPETITION
        or conflicts.is_conflicted(current_user.id, assignment.entry.submission.film_id)
    ):
        raise Problem(404, ENDED, slug="not_found")
    return assignment


def lock_reason(assignment: Assignment, now) -> str | None:
    lock = rules.score_lock(current_user, assignment, now)
    return str(lock) if lock is not None else None


def shows_identities(assignment: Assignment) -> bool:
    return rules.sees_identities(
        current_user, assignment.entry.film, is_blind=assignment.round.is_blind
    )


# --- representations ------------------------------------------------------------------------


def round_of(round_: Round, now) -> dict:
    return {
        "id": round_.id,
        "name": round_.name,
        "stage": round_.stage.value,
        "is_blind": round_.is_blind,
        "opens_at": round_.opens_at,
        "closes_at": round_.closes_at,
        "phase": round_.phase(now).value,
        "instructions": round_.instructions,
    }


def review_summary(review: Review | None) -> dict:
    return {
        "state": review.state.value if review else None,
        "revision": review.revision if review else 0,
        "total": review.total if review else None,
        "submitted_at": review.submitted_at if review else None,
    }


def summary_of(assignment: Assignment, now) -> dict:
    entry = assignment.entry
    return {
        "id": assignment.id,
        "round": round_of(assignment.round, now),
        "title": blind.shown_title(
            entry.film, show_identities=shows_identities(assignment), copy=entry.juror_copy
        ),
        "review": review_summary(assignment.review),
        "lock_reason": lock_reason(assignment, now),
    }


def film_of(reader: dossier.Dossier) -> dict:
    return {
        "title": reader.title,
        "original_title": reader.original_title,
        "logline": reader.logline,
        "synopsis": reader.synopsis,
        "runtime_s": reader.runtime_s,
        "year": reader.year,
        "countries": reader.countries,
        "languages": reader.languages,
        "genres": reader.genres,
        "is_blind": reader.is_blind,
        "filmmaker": reader.filmmaker,
        "credits": [{"role": str(role), "name": name} for role, name in reader.credits],
        "disclosure_version": reader.disclosure_version,
        "elements": [
            {
                "element": line.element.value,
                "extent": line.extent.value if line.extent is not None else None,
                "tools": line.tools,
                "inputs": line.inputs,
                "human_contribution": line.human_contribution,
            }
            for line in reader.elements
        ],
        "segments": [
            {
                "start_ms": s.start_ms,
                "end_ms": s.end_ms,
                "element": s.element.value,
                "tool": s.tool,
                "note": s.note,
            }
            for s in reader.segments
        ],
        "human_statement": reader.human_statement,
        "ai_share": reader.ai_share,
        "ai_share_estimate": reader.ai_share_estimate,
        "consents_on_file": reader.consents_on_file,
        "audience_notice": (
            reader.audience_notice.value if reader.audience_notice is not None else None
        ),
    }


def review_of(assignment: Assignment, now) -> dict:
    review = assignment.review
    return {
        "assignment_id": assignment.id,
        **review_summary(review),
        "scores": {str(key): value for key, value in (review.values() if review else {}).items()},
        "comment": review.comment if review else "",
        "note_to_filmmaker": review.note_to_filmmaker if review else "",
        "started_at": review.started_at if review else None,
        "updated_at": review.updated_at if review else None,
        "lock_reason": lock_reason(assignment, now),
    }


def etag_data(assignment: Assignment) -> dict:
    """What the ETag hashes: the review's revision (0 before the first save)."""
    review = assignment.review
    return {"assignment": assignment.id, "revision": review.revision if review else 0}


# --- the operations -------------------------------------------------------------------------


@bp.get("/assignments")
@requires(TokenScope.READ, *REVIEWER_ROLES)
@bp.arguments(PageArguments, location="query")
@bp.response(200, AssignmentPageSchema)
def list_assignments(page):
    """Your live assignments (as your judging dashboard lists them, without a film you have a
    conflict with), a page at a time."""
    query = (
        db.select(Assignment)
        .join(RoundEntry, RoundEntry.id == Assignment.entry_id)
        .join(Submission, Submission.id == RoundEntry.submission_id)
        .where(
            Assignment.reviewer_id == current_user.id,
            Assignment.state == AssignmentState.ACTIVE,
            Submission.status.not_in(LEFT_COMPETITION),
            ~db.select(Conflict.id)
            .where(
                Conflict.juror_id == current_user.id,
                Conflict.film_id == Submission.film_id,
                Conflict.is_cleared.is_(False),
            )
            .exists(),
        )
        .options(
            joinedload(Assignment.round).joinedload(Round.edition),
            joinedload(Assignment.review),
            joinedload(Assignment.entry).options(
                joinedload(RoundEntry.juror_copy),
                joinedload(RoundEntry.submission)
                .joinedload(Submission.film)
                .options(joinedload(Film.owner), selectinload(Film.credits)),
            ),
        )
    )
    found = page_of(query, (Assignment.id,), key=lambda assignment: (assignment.id,), **page)
    now = utcnow()
    return {"items": [summary_of(a, now) for a in found.items], "next": found.next}


@bp.get("/assignments/<int:assignment_id>")
@requires(TokenScope.READ, *REVIEWER_ROLES)
@bp.response(200, AssignmentDetailSchema)
def get_assignment(assignment_id: int):
    """One of your assignments: the round, its rubric and the film as the review page shows
    it (in a blind round, with the makers' names hidden)."""
    assignment = get_own_assignment(assignment_id)
    now = utcnow()
    reader = dossier.dossier_of(assignment.entry, show_identities=shows_identities(assignment))
    return summary_of(assignment, now) | {
        "criteria": assignment.round.criteria,
        "film": film_of(reader),
    }


@bp.get("/assignments/<int:assignment_id>/review")
@requires(TokenScope.READ, *REVIEWER_ROLES)
@bp.etag
@bp.response(200, ReviewSchema)
def get_review(assignment_id: int):
    """Your review of the film (empty until you save it), with its ETag."""
    assignment = get_own_assignment(assignment_id)
    bp.set_etag(etag_data(assignment))
    return review_of(assignment, utcnow())


def saved(assignment: Assignment, body: dict, *, submit: bool) -> dict:
    """Save through the page's service, from the revision If-Match names; a refusal is its
    problem (a score's under `scores.<criterion id>`), with nothing kept."""
    bp.check_etag(etag_data(assignment))
    review = assignment.review
    outcome = commit(
        lambda: reviews.save_review(
            assignment,
            actor=current_user,
            scores=body["scores"],
            comment=body["comment"],
            note_to_filmmaker=body["note_to_filmmaker"],
            revision=review.revision if review else 0,
            submit=submit,
            now=utcnow(),
        )
    )
    if not outcome:
        problem = refusal_problem(outcome.refusal)
        field = outcome.refusal.field or ""
        if field.startswith("score-"):
            problem.errors = {f"scores.{field.removeprefix('score-')}": [str(outcome.refusal)]}
        raise problem
    assignment = get_own_assignment(assignment.id)
    bp.set_etag(etag_data(assignment))
    return review_of(assignment, utcnow())


@bp.put("/assignments/<int:assignment_id>/review")
@requires(TokenScope.WRITE, *REVIEWER_ROLES)
@bp.etag
@bp.arguments(ReviewInputSchema)
@bp.response(200, ReviewSchema)
def save_draft(body, assignment_id: int):
    """Save your review as a draft (as the page's autosave does): refused when the round is
    closed or not yet open, when you submitted it (a jury review is then locked), or when
    a score is off its criterion's scale."""
    return saved(get_own_assignment(assignment_id), body, submit=False)


@bp.put("/assignments/<int:assignment_id>/review/submission")
@requires(TokenScope.WRITE, *REVIEWER_ROLES)
@bp.etag
@bp.arguments(ReviewInputSchema)
@bp.response(200, ReviewSchema)
def submit_review(body, assignment_id: int):
    """Submit your review with these scores and notes (every criterion scored), as the
    page's Submit button does; a jury review is then locked."""
    return saved(get_own_assignment(assignment_id), body, submit=True)
