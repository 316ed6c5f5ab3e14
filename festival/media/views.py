"""Screener state, QC report and the access-checked media files."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template
from flask_login import current_user

from festival.accounts.access import roles
from festival.accounts.enums import EVERY_ROLE, FILMMAKER_AND_STAFF
from festival.extensions import db
from festival.films.loaders import get_film
from festival.media import queries, reports, rules
from festival.media.enums import AssetKind, ScreenerState
from festival.media.models import MediaAsset
from festival.media.serving import CONTENT_TYPES, send_media

bp = Blueprint("media", __name__)


@bp.get("/films/<int:film_id>/screener/status.json")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def screener_status(film_id: int):
    film = get_film(film_id, rules.can_upload, details=False)
    versions = queries.screeners_of(film.id)
    playable = next((v for v in versions if v.state is ScreenerState.READY), None)
    return jsonify(
        latest=reports.status_of(versions[0]) if versions else None,
        playable_version=playable.version if playable else None,
    )


@bp.get("/films/<int:film_id>/qc")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def qc_report(film_id: int):
    film = get_film(film_id, rules.can_read_qc)
    screeners = queries.screeners_of(film.id)
    return render_template(
        "media/qc.html",
        film=film,
        screeners=screeners,
        reports={screener.id: reports.qc_reports(screener) for screener in screeners},
        check_labels=reports.CHECK_LABELS,
    )


ASSET_NAMES = {
    AssetKind.PREVIEW_720: "preview-720.mp4",
    AssetKind.PREVIEW_360: "preview-360.mp4",
    AssetKind.POSTER: "poster.jpg",
    AssetKind.STORYBOARD: "storyboard.jpg",
    AssetKind.STORYBOARD_VTT: "storyboard.vtt",
}


@bp.get("/media/<int:asset_id>")
@roles(*EVERY_ROLE, owned=True)
def asset(asset_id: int):
    """A preview, poster or storyboard file, under a neutral name (nothing in it names the
    filmmaker), with range requests."""
    media_asset = db.session.get(MediaAsset, asset_id)
    if media_asset is None or not rules.can_watch_screener(current_user, media_asset.screener):
        abort(404)
    return send_media(
        media_asset.path, CONTENT_TYPES[media_asset.kind], ASSET_NAMES[media_asset.kind]
    )
