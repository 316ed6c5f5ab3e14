"""A filmmaker's films: list, read, create and replace, with the film form's own rules and
messages (`forms.validated(FilmForm, ...)`) and the film services."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user

from festival.accounts.enums import FILMMAKER_AND_STAFF
from festival.api.auth import requires
from festival.api.forms import validated
from festival.api.pagination import PageArguments, page_of, page_schema
from festival.api.resource import ApiBlueprint, committed
from festival.api.schemas import ApiSchema
from festival.api.tokens.enums import TokenScope
from festival.extensions import db
from festival.films import rules, services
from festival.films.enums import CreditRole, Genre
from festival.films.forms import FRAME_RATES, FilmForm
from festival.films.loaders import get_film
from festival.films.models import Film
from festival.films.runtime import format_runtime

bp = ApiBlueprint("api_films", __name__, description="Your films (a filmmaker's token).")


class CreditSchema(ApiSchema):
    role = ma.fields.String(
        required=True, validate=ma.validate.OneOf([role.value for role in CreditRole])
    )
    name = ma.fields.String(required=True)
    email = ma.fields.String(allow_none=True, load_default=None)
    note = ma.fields.String(load_default="")


class FilmInputSchema(ApiSchema):
    """A film as the film form takes it; what is left out is left empty."""

    title = ma.fields.String(required=True)
    original_title = ma.fields.String(allow_none=True)
    romanised_title = ma.fields.String(allow_none=True)
    logline = ma.fields.String()
    synopsis = ma.fields.String()
    runtime = ma.fields.String(
        required=True,
        metadata={"description": "Minutes (12), minutes and seconds (12:30) or hours (1:32:10)."},
    )
    frame_rate = ma.fields.String(allow_none=True, validate=ma.validate.OneOf(["", *FRAME_RATES]))
    year = ma.fields.Integer(required=True, strict=True)
    countries = ma.fields.List(
        ma.fields.String(), metadata={"description": "ISO 3166-1 alpha-2 codes."}
    )
    languages = ma.fields.List(
        ma.fields.String(), metadata={"description": "ISO 639 codes, as the form lists them."}
    )
    genres = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf([genre.value for genre in Genre]))
    )
    credits = ma.fields.List(ma.fields.Nested(CreditSchema))
    contact_name = ma.fields.String()
    contact_email = ma.fields.String(allow_none=True)
    contact_phone = ma.fields.String(allow_none=True)
    trailer_url = ma.fields.String(allow_none=True)
    website_url = ma.fields.String(allow_none=True)


class FilmSchema(FilmInputSchema):
    id = ma.fields.Integer()
    owner_id = ma.fields.Integer()
    runtime = ma.fields.Function(lambda film: format_runtime(film.runtime_s))
    runtime_s = ma.fields.Integer()
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


FilmPageSchema = page_schema(FilmSchema, "FilmPage")


@bp.get("/films")
@requires(TokenScope.READ, *FILMMAKER_AND_STAFF)
@bp.arguments(PageArguments, location="query")
@bp.response(200, FilmPageSchema)
def list_films(page):
    """Your films, oldest first, a page at a time."""
    query = db.select(Film).where(Film.owner_id == current_user.id)
    return page_of(query, (Film.id,), key=lambda film: (film.id,), **page)


@bp.get("/films/<int:film_id>")
@requires(TokenScope.READ, *FILMMAKER_AND_STAFF)
@bp.response(200, FilmSchema)
def get_one_film(film_id: int):
    """One of your films (404 for a film that is not yours)."""
    return get_film(film_id, rules.can_view_film)


@bp.post("/films")
@requires(TokenScope.WRITE, *FILMMAKER_AND_STAFF)
@bp.arguments(FilmInputSchema)
@bp.response(201, FilmSchema)
def create_film(body):
    """A new film of yours, checked as the film form checks it."""
    form = validated(FilmForm, body)
    return committed(
        lambda: services.create_film(
            actor=current_user, credits=form.credit_entries(), **form.settings()
        )
    )


@bp.put("/films/<int:film_id>")
@requires(TokenScope.WRITE, *FILMMAKER_AND_STAFF)
@bp.arguments(FilmInputSchema)
@bp.response(200, FilmSchema)
def replace_film(body, film_id: int):
    """Replace a film's details and credits (what is left out becomes empty)."""
    film = get_film(film_id, rules.can_edit_film)
    form = validated(FilmForm, body)
    committed(
        lambda: services.update_film(
            film, actor=current_user, credits=form.credit_entries(), **form.settings()
        )
    )
    return film
