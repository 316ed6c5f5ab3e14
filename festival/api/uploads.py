"""The upload state of a film's screener versions: what its upload page polls."""

from __future__ import annotations

import marshmallow as ma

from festival.accounts.enums import FILMMAKER_AND_STAFF
from festival.api.auth import requires
from festival.api.resource import ApiBlueprint
from festival.api.schemas import ApiSchema
from festival.api.tokens.enums import TokenScope
from festival.films.loaders import get_film
from festival.media import queries, reports, rules
from festival.media.enums import ScreenerState

bp = ApiBlueprint(
    "api_uploads", __name__, description="Your films' screener versions (a filmmaker's token)."
)


class VersionStatusSchema(ApiSchema):
    version = ma.fields.Integer()
    state = ma.fields.String(validate=ma.validate.OneOf([state.value for state in ScreenerState]))
    label = ma.fields.String()
    progress = ma.fields.Float(metadata={"description": "From 0 to 1."})
    eta_s = ma.fields.Float(allow_none=True, metadata={"description": "Seconds left, roughly."})
    reason = ma.fields.String(allow_none=True)
    is_finished = ma.fields.Boolean()


class ScreenersSchema(ApiSchema):
    film_id = ma.fields.Integer()
    playable_version = ma.fields.Integer(allow_none=True)
    versions = ma.fields.List(
        ma.fields.Nested(VersionStatusSchema), metadata={"description": "Newest first."}
    )


@bp.get("/films/<int:film_id>/screeners")
@requires(TokenScope.READ, *FILMMAKER_AND_STAFF)
@bp.response(200, ScreenersSchema)
def list_screeners(film_id: int):
    """Each screener version of the film with its state (queued, probing, transcoding, ready,
    rejected, failed), progress and reason, as the upload page shows them."""
    film = get_film(film_id, rules.can_upload)
    playable = queries.playable_screener(film.id)
    return {
        "film_id": film.id,
        "playable_version": playable.version if playable else None,
        "versions": [reports.status_of(screener) for screener in queries.screeners_of(film.id)],
    }
