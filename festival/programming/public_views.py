"""The published programme, for everyone: by day, by venue, by section, a block's page, a
film's page (still, logline, credits, runtime, its AI disclosure card), the printable
programme, and the iCalendar and JSON feeds. Every route answers 404 while the programme is
not published, and nothing is kept by a shared cache, so unpublishing takes all of it down at
once."""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    send_file,
)

from festival.accounts.access import public
from festival.disclosure import cards
from festival.disclosure.enums import Element, Extent
from festival.films import images
from festival.programming import feeds
from festival.programming import public_programme as queries
from festival.programming.public_programme import PublicProgramme, PublicScreening

bp = Blueprint("programme", __name__)

NOT_KEPT_BY_SHARED_CACHES = "private, no-cache"


def get_programme(slug: str) -> PublicProgramme:
    return queries.published_programme(slug) or abort(404)


@bp.after_request
def not_cached_publicly(response: Response) -> Response:
    response.headers["Cache-Control"] = NOT_KEPT_BY_SHARED_CACHES
    return response


def render_listing(programme: PublicProgramme, view: str, groups, screenings):
    return render_template(
        "programming/public_programme.html",
        programme=programme,
        edition=programme.edition,
        view=view,
        groups=groups,
        is_empty=not screenings,
        **time_helpers(programme),
    )


def time_helpers(programme: PublicProgramme) -> dict:
    return {
        "clock": queries.format_clock,
        "moment": queries.format_moment,
        "change_text": lambda item: queries.change_text(programme, item),
        "zone_name": programme.edition.timezone,
    }


@bp.get("/programme/<slug>/")
@public
def by_day(slug: str):
    programme = get_programme(slug)
    screenings = queries.public_screenings(programme)
    return render_listing(programme, "day", queries.by_day(screenings), screenings)


@bp.get("/programme/<slug>/venues")
@public
def by_venue(slug: str):
    programme = get_programme(slug)
    screenings = queries.public_screenings(programme)
    return render_listing(programme, "venue", queries.by_venue(programme, screenings), screenings)


@bp.get("/programme/<slug>/sections")
@public
def by_section(slug: str):
    programme = get_programme(slug)
    screenings = queries.public_screenings(programme)
    return render_listing(programme, "section", queries.by_section(screenings), screenings)


def card_context() -> dict:
    return {
        "card_of": lambda entry: cards.card_summary(entry.disclosure) if entry.disclosure else None,
        "elements": {element.value: element for element in Element},
        "extents": {extent.value: extent for extent in Extent},
        "steps": cards.EXTENT_STEPS,
        "still_of": queries.still_of,
    }


@bp.get("/programme/<slug>/blocks/<int:block_id>")
@public
def block(slug: str, block_id: int):
    programme = get_programme(slug)
    screenings = queries.public_screenings(programme, block_id=block_id, with_details=True)
    if not screenings:
        abort(404)
    return render_template(
        "programming/public_block.html",
        programme=programme,
        edition=programme.edition,
        block=screenings[0].block,
        entries=screenings[0].entries,
        screenings=screenings,
        **time_helpers(programme),
        **card_context(),
    )


@bp.get("/programme/<slug>/films/<int:film_id>")
@public
def film(slug: str, film_id: int):
    programme = get_programme(slug)
    screenings = queries.public_screenings(programme, film_id=film_id, with_details=True)
    entry = queries.entry_in(screenings, film_id) or abort(404)
    return render_template(
        "programming/public_film.html",
        programme=programme,
        edition=programme.edition,
        entry=entry,
        film=entry.film,
        screenings=screenings,
        **time_helpers(programme),
        **card_context(),
    )


@bp.get("/programme/<slug>/films/<int:film_id>/images/<int:image_id>")
@public
def film_image(slug: str, film_id: int, image_id: int):
    """An image (a still, or the poster) of a film the published programme shows."""
    programme = get_programme(slug)
    image = queries.public_image(programme, film_id, image_id) or abort(404)
    path = images.media_file(current_app.config["MEDIA_ROOT"], image.path)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/jpeg", conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/programme/<slug>/print")
@public
def printable(slug: str):
    programme = get_programme(slug)
    screenings = queries.public_screenings(programme, with_details=True)
    return render_template(
        "programming/public_print.html",
        programme=programme,
        edition=programme.edition,
        items=queries.printed_items(screenings),
        screenings_of=queries.screenings_of_each(screenings),
        **time_helpers(programme),
        **card_context(),
    )


# --- feeds ----------------------------------------------------------------------------------


def feed_response(body, mimetype: str, programme: PublicProgramme, screenings) -> Response:
    response = Response(body, mimetype=mimetype)
    response.set_etag(feed_version(programme, screenings))
    changed = [programme.publication.published_at]
    changed += [item.screening.updated_at for item in screenings]
    changed += [item.change.changed_at for item in screenings if item.change is not None]
    response.last_modified = max(moment for moment in changed if moment is not None)
    return response.make_conditional(request)


def feed_version(programme: PublicProgramme, screenings: list[PublicScreening]) -> str:
    """Changes with the publication's revision and with any change to a screening shown."""
    parts = [str(programme.publication.revision)]
    parts += [
        f"{item.screening.id}:{item.screening.revision}:{item.change_count}:"
        f"{item.screening.updated_at.isoformat() if item.screening.updated_at else ''}"
        for item in screenings
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


@bp.get("/programme/<slug>/calendar.ics")
@public
def calendar(slug: str):
    programme = get_programme(slug)
    screenings = queries.public_screenings(programme)
    body = feeds.ics_feed(programme, screenings, name=programme.edition.name)
    return feed_response(body, "text/calendar", programme, screenings)


@bp.get("/programme/<slug>/venues/<int:venue_id>/calendar.ics")
@public
def venue_calendar(slug: str, venue_id: int):
    programme = get_programme(slug)
    venue = programme.venues.get(venue_id) or abort(404)
    screenings = queries.public_screenings(programme, venue_id=venue_id)
    name = f"{programme.edition.name} · {venue.display_name()}"
    body = feeds.ics_feed(programme, screenings, name=name)
    return feed_response(body, "text/calendar", programme, screenings)


@bp.get("/programme/<slug>/programme.json")
@public
def json_feed(slug: str):
    programme = get_programme(slug)
    screenings = queries.public_screenings(programme)
    response = jsonify(feeds.json_feed(programme, screenings))
    response = feed_response(response.get_data(), "application/json", programme, screenings)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
