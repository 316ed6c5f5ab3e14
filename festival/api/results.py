"""Judging's rounds of an edition and a round's results for staff: the ranking the results
page shows (`judging.results`, the same rows as its JSON export), narrowed as the page narrows
it (a tag, a lowest score, disputed films only) while each keeps its place in the whole."""

from __future__ import annotations

import dataclasses

import marshmallow as ma

from festival.accounts.enums import STAFF_ROLES
from festival.api.auth import requires
from festival.api.problems import Problem
from festival.api.resource import ApiBlueprint
from festival.api.schemas import ApiSchema, choice
from festival.api.tokens.enums import TokenScope
from festival.database import utcnow
from festival.editions.loaders import get_edition
from festival.extensions import db
from festival.judging import queries, results, screening
from festival.judging.enums import RoundPhase, RoundStage
from festival.judging.models import Round

bp = ApiBlueprint(
    "api_results", __name__, description="Judging rounds and results (a staff token)."
)


class RoundFactsSchema(ApiSchema):
    """What staff and the round's reviewers alike read of a round."""

    id = ma.fields.Integer()
    name = ma.fields.String()
    stage = choice(RoundStage)
    is_blind = ma.fields.Boolean()
    opens_at = ma.fields.DateTime()
    closes_at = ma.fields.DateTime()
    phase = choice(RoundPhase)


class RoundSchema(RoundFactsSchema):
    reviews_per_film = ma.fields.Integer()


class RoundListSchema(ApiSchema):
    items = ma.fields.List(ma.fields.Nested(RoundSchema))


class ResultsArguments(ApiSchema):
    """The results page's narrowing."""

    class Meta:
        unknown = ma.EXCLUDE

    tag = ma.fields.String(
        validate=ma.validate.Length(max=40), metadata={"description": "Films with this tag."}
    )
    min = ma.fields.Float(
        validate=ma.validate.Range(min=-1000, max=1000),
        metadata={"description": "Films whose calibrated score is at least this."},
    )
    disputed = ma.fields.Boolean(
        load_default=False, metadata={"description": "Only films the jurors disagree on."}
    )


class FilmResultSchema(ApiSchema):
    category = ma.fields.String()
    position = ma.fields.Integer(allow_none=True)
    title = ma.fields.String()
    submission_id = ma.fields.Integer()
    reviews = ma.fields.Integer()
    needed = ma.fields.Integer()
    mean = ma.fields.Float(allow_none=True)
    median = ma.fields.Float(allow_none=True)
    spread = ma.fields.Float(allow_none=True)
    normalised = ma.fields.Float(allow_none=True)
    calibrated = ma.fields.Float(allow_none=True)
    interval_low = ma.fields.Float(allow_none=True)
    interval_high = ma.fields.Float(allow_none=True)
    rank_mean = ma.fields.Integer(allow_none=True)
    rank_normalised = ma.fields.Integer(allow_none=True)
    rank_calibrated = ma.fields.Integer(allow_none=True)
    disputed = ma.fields.Boolean()
    tags = ma.fields.List(ma.fields.String())


class JurorResultSchema(ApiSchema):
    juror = ma.fields.String()
    reviews = ma.fields.Integer()
    mean = ma.fields.Float(allow_none=True)
    offset = ma.fields.Float(allow_none=True)


class ResultsSchema(ApiSchema):
    round = ma.fields.Nested(RoundSchema)
    scale = ma.fields.List(ma.fields.Float())
    tie_rule = ma.fields.String()
    noise_sd = ma.fields.Float(allow_none=True)
    review_count = ma.fields.Integer()
    films = ma.fields.List(
        ma.fields.Nested(FilmResultSchema),
        metadata={"description": "By category, in the final order (positions of the whole)."},
    )
    jurors = ma.fields.List(ma.fields.Nested(JurorResultSchema))


def round_of(round_: Round, now) -> dict:
    return {
        "id": round_.id,
        "name": round_.name,
        "stage": round_.stage.value,
        "is_blind": round_.is_blind,
        "opens_at": round_.opens_at,
        "closes_at": round_.closes_at,
        "phase": round_.phase(now).value,
        "reviews_per_film": round_.reviews_per_film,
    }


@bp.get("/editions/<int:edition_id>/rounds")
@requires(TokenScope.READ, *STAFF_ROLES)
@bp.response(200, RoundListSchema)
def list_rounds(edition_id: int):
    """The edition's judging rounds, earliest first."""
    edition = get_edition(edition_id)
    now = utcnow()
    return {"items": [round_of(round_, now) for round_ in queries.rounds_of(edition.id)]}


@bp.get("/rounds/<int:round_id>/results")
@requires(TokenScope.READ, *STAFF_ROLES)
@bp.arguments(ResultsArguments, location="query")
@bp.response(200, ResultsSchema)
def get_results(arguments, round_id: int):
    """The round's ranking as its results page shows it: every film's scores under each
    method, its position in its category, whether the jurors disagree, and each juror's
    leniency."""
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise Problem(404, slug="not_found")
    outcome = results.results_of(round_)
    tags = screening.tags_by_submission(entry.submission_id for entry in round_.entries)
    chosen = results.Filter(
        tag=(arguments.get("tag") or "").strip().casefold(),
        min_score=arguments.get("min"),
        disputed_only=arguments["disputed"],
    )
    shown = dataclasses.replace(outcome, rows=results.filtered(outcome.rows, chosen, tags))
    exported = results.as_json(shown)
    return {
        "round": round_of(round_, utcnow()),
        "scale": exported["scale"],
        "tie_rule": exported["tie_rule"],
        "noise_sd": exported["noise_sd"],
        "review_count": outcome.review_count,
        "films": [
            film | {"tags": tags.get(film["submission_id"], [])} for film in exported["films"]
        ],
        "jurors": exported["jurors"],
    }
