"""Public resources, no token: the published editions, their categories and deadlines, and
the published programme (the data of the public JSON feed, `programming.feeds`)."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import get_locale

from festival.api.auth import open_to_all
from festival.api.problems import Problem
from festival.api.resource import ApiBlueprint
from festival.api.schemas import ApiSchema
from festival.editions import queries as editions
from festival.editions import rules as edition_rules
from festival.editions.models import Edition
from festival.programming import feeds, public_programme

bp = ApiBlueprint(
    "api_public", __name__, description="Published editions, categories and programme; no token."
)


class DeadlineSchema(ApiSchema):
    name = ma.fields.String()
    last_day_on = ma.fields.Date(metadata={"description": "The last day, on the edition's clock."})
    fee_cents = ma.fields.Integer(metadata={"description": "In the edition's currency's cents."})


class CategorySchema(ApiSchema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    name_ko = ma.fields.String()
    display_name = ma.fields.Function(
        lambda category: category.display_name(str(get_locale())),
        metadata={"description": "The name in the request's language."},
    )
    description = ma.fields.String()
    max_runtime_minutes = ma.fields.Integer()
    min_runtime_minutes = ma.fields.Integer(allow_none=True)
    min_ai_share_percent = ma.fields.Integer(allow_none=True)


class EditionSummarySchema(ApiSchema):
    """An edition in the list; its page has its rules and policy too."""

    id = ma.fields.Integer()
    slug = ma.fields.String()
    name = ma.fields.String()
    year = ma.fields.Integer()
    timezone = ma.fields.String(metadata={"description": "An IANA zone: the edition's clock."})
    currency = ma.fields.String()
    opens_on = ma.fields.Date()
    deadlines = ma.fields.List(ma.fields.Nested(DeadlineSchema))
    categories = ma.fields.List(ma.fields.Nested(CategorySchema))


class EditionSchema(EditionSummarySchema):
    rules = ma.fields.String()
    disclosure_policy = ma.fields.String()


class EditionListSchema(ApiSchema):
    items = ma.fields.List(ma.fields.Nested(EditionSummarySchema))


class CategoryListSchema(ApiSchema):
    items = ma.fields.List(ma.fields.Nested(CategorySchema))


class VenueSchema(ApiSchema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    name_ko = ma.fields.String(allow_none=True)
    address = ma.fields.String()


class ProgrammeFilmSchema(ApiSchema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    original_title = ma.fields.String(allow_none=True)
    runtime_s = ma.fields.Integer()
    url = ma.fields.String()
    audience_notice = ma.fields.String(allow_none=True)


class ChangeSchema(ApiSchema):
    kind = ma.fields.String()
    changed_at = ma.fields.String(allow_none=True)
    before = ma.fields.Dict()


class ScreeningSchema(ApiSchema):
    id = ma.fields.Integer()
    uid = ma.fields.String()
    status = ma.fields.String(metadata={"description": "confirmed or cancelled"})
    starts_at = ma.fields.String(metadata={"description": "On the edition's clock, with offset."})
    ends_at = ma.fields.String()
    venue = ma.fields.Nested(VenueSchema)
    title = ma.fields.String()
    section = ma.fields.String()
    url = ma.fields.String()
    sequence = ma.fields.Integer(metadata={"description": "How often it changed since publishing."})
    change = ma.fields.Nested(ChangeSchema, allow_none=True)
    films = ma.fields.List(ma.fields.Nested(ProgrammeFilmSchema))


class ProgrammeEditionSchema(ApiSchema):
    name = ma.fields.String()
    slug = ma.fields.String()
    timezone = ma.fields.String()


class ProgrammeSchema(ApiSchema):
    edition = ma.fields.Nested(ProgrammeEditionSchema)
    revision = ma.fields.Integer()
    published_at = ma.fields.String(allow_none=True)
    screenings = ma.fields.List(ma.fields.Nested(ScreeningSchema))


def get_public_edition(slug: str) -> Edition:
    edition = editions.edition_by_slug(slug)
    if edition is None or not edition_rules.is_public(edition):
        raise Problem(404, slug="not_found")
    return edition


@bp.get("/editions")
@open_to_all
@bp.response(200, EditionListSchema)
def list_editions():
    """The published editions, newest first."""
    return {"items": editions.public_editions()}


@bp.get("/editions/<slug>")
@open_to_all
@bp.response(200, EditionSchema)
def get_edition(slug: str):
    """A published edition with its categories and deadlines."""
    return get_public_edition(slug)


@bp.get("/editions/<slug>/categories")
@open_to_all
@bp.response(200, CategoryListSchema)
def list_categories(slug: str):
    """The categories (competition sections) of a published edition."""
    return {"items": get_public_edition(slug).categories}


@bp.get("/editions/<slug>/programme")
@open_to_all
@bp.response(200, ProgrammeSchema)
def get_programme(slug: str):
    """The published programme: its screenings in time order, on the edition's clock."""
    programme = public_programme.published_programme(slug)
    if programme is None:
        raise Problem(404, slug="not_found")
    return feeds.json_feed(programme, public_programme.public_screenings(programme))
