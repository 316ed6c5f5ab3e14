"""The player: the watch page, its WebVTT tracks (AI segments as chapters, storyboard
thumbnails) and the viewing reports. The watch page is the owner's and staff's; a juror watches
the version their round judges on their review page, with these same tracks and reports. Every
URL checks `rules.can_watch_screener` on every request, so a juror's access ends the moment the
judging rule says so; the files themselves are only ever
reached through the access-checked `media.asset`."""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import (
    Blueprint,
    Response,
    abort,
    jsonify,
    render_template,
    url_for,
)
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from festival.accounts.access import roles
from festival.accounts.enums import EVERY_ROLE
from festival.database import utcnow
from festival.disclosure.services import latest_disclosure
from festival.errors import json_error
from festival.extensions import csrf, db
from festival.films.loaders import get_film
from festival.films.models import Film
from festival.forms import signed_json_object
from festival.media import queries, rules, tracks, viewing
from festival.media.enums import AssetKind, ScreenerState
from festival.media.models import Screener
from festival.media.object_store import read_text
from festival.time_zones import zoned_time
from festival.transactions import commit, json_refusal

player_bp = Blueprint("player", __name__)

REPORT_EVERY_S = 10
WATERMARK_TIME_ZONE = "UTC"

QUALITIES = ((AssetKind.PREVIEW_720, "720p"), (AssetKind.PREVIEW_360, "360p"))

PLAYER_LABELS = {
    "Play": _l("Play"),
    "Pause": _l("Pause"),
    "play": _l("play"),
    "pause": _l("pause"),
    "Mute": _l("Mute"),
    "Unmute": _l("Unmute"),
    "mute": _l("mute"),
    "unmute": _l("unmute"),
    "volume": _l("volume"),
    "seek": _l("seek"),
    "Seek backward": _l("Seek backward"),
    "Seek forward": _l("Seek forward"),
    "seek back {seekOffset} seconds": _l("seek back {seekOffset} seconds"),
    "seek forward {seekOffset} seconds": _l("seek forward {seekOffset} seconds"),
    "Enter fullscreen mode": _l("Enter fullscreen mode"),
    "Exit fullscreen mode": _l("Exit fullscreen mode"),
    "enter fullscreen mode": _l("enter fullscreen mode"),
    "exit fullscreen mode": _l("exit fullscreen mode"),
    "video player": _l("video player"),
    "playback time": _l("playback time"),
    "media loading": _l("media loading"),
    "chapter: {chapterName}": _l("chapter: {chapterName}"),
    "hour": _l("hour"),
    "hours": _l("hours"),
    "minute": _l("minute"),
    "minutes": _l("minutes"),
    "second": _l("second"),
    "seconds": _l("seconds"),
    "{time} remaining": _l("{time} remaining"),
    "{currentTime} of {totalTime}": _l("{currentTime} of {totalTime}"),
    "video not loaded, unknown time.": _l("video not loaded, unknown time."),
    "Network Error": _l("Network Error"),
    "Decode Error": _l("Decode Error"),
    "Source Not Supported": _l("Source Not Supported"),
    "Encryption Error": _l("Encryption Error"),
    "A network error caused the media download to fail.": _l(
        "A network error caused the media download to fail."
    ),
    "A media error caused playback to be aborted. The media could be corrupt or your browser "
    "does not support this format.": _l(
        "A media error caused playback to be aborted. The media could be corrupt or your "
        "browser does not support this format."
    ),
    "An unsupported error occurred. The server or network failed, or your browser does not "
    "support this format.": _l(
        "An unsupported error occurred. The server or network failed, or your browser does "
        "not support this format."
    ),
    "The media is encrypted and there are no keys to decrypt it.": _l(
        "The media is encrypted and there are no keys to decrypt it."
    ),
}
"""Media Chrome's own control labels (its keys are its English text), in the page's language."""


# --- loaders --------------------------------------------------------------------------------


def find_watchable_screener(screener_id: int) -> Screener | None:
    """A ready version the current user may watch, with its film and files; else None."""
    screener = db.session.scalar(
        db.select(Screener)
        .where(Screener.id == screener_id)
        .options(joinedload(Screener.film), selectinload(Screener.assets))
    )
    if screener is None or screener.state != ScreenerState.READY:
        return None
    if not rules.can_watch_screener(current_user, screener):
        return None
    return screener


def get_watchable_screener(screener_id: int) -> Screener:
    return find_watchable_screener(screener_id) or abort(404)


# --- what the page shows --------------------------------------------------------------------


def ai_segments_of(film: Film) -> list:
    disclosure = latest_disclosure(film)
    return sorted(disclosure.segments, key=lambda s: (s.start_ms, s.end_ms)) if disclosure else []


def sources_of(screener: Screener) -> list[dict]:
    return [
        {"label": label, "url": url_for("media.asset", asset_id=asset.id), "height": asset.height}
        for kind, label in QUALITIES
        if (asset := screener.asset(kind)) is not None
    ]


def player_context(screener: Screener | None, segments) -> dict:
    """What `media/_player.html` needs to play `screener` to the current user, with the AI
    `segments` on its timeline; every page with a player renders it from this."""
    context = {"screener": screener, "segments": segments}
    if screener is None:
        return context
    duration_ms = viewing.duration_ms_of(screener)
    mine = viewing.viewing_of(current_user, screener)
    return context | {
        "sources": sources_of(screener),
        "poster": screener.asset(AssetKind.POSTER),
        "has_storyboard": screener.asset(AssetKind.STORYBOARD_VTT) is not None,
        "duration_ms": duration_ms,
        "watched_share": viewing.watched_share(mine, duration_ms),
        "player_labels": {key: str(label) for key, label in PLAYER_LABELS.items()},
        "report_every_s": REPORT_EVERY_S,
        "max_intervals": viewing.MAX_INTERVALS_PER_REPORT,
        # The watermark's clock is UTC, named, whoever watches: a leaked copy reads the same
        # everywhere. static/js/player.js keeps it ticking in the same form.
        "watermark_time": zoned_time(utcnow(), WATERMARK_TIME_ZONE),
    }


def vtt_response(text: str) -> Response:
    response = Response(text, content_type="text/vtt; charset=utf-8")
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- views ----------------------------------------------------------------------------------


@player_bp.get("/films/<int:film_id>/watch")
@roles(*EVERY_ROLE, owned=True)
def watch(film_id: int):
    film = get_film(film_id, rules.can_watch)
    screener = queries.playable_screener(film.id)
    segments = ai_segments_of(film)
    return render_template("media/watch.html", film=film, **player_context(screener, segments))


@player_bp.get("/screeners/<int:screener_id>/ai-segments.vtt")
@roles(*EVERY_ROLE, owned=True)
def ai_segments(screener_id: int):
    screener = get_watchable_screener(screener_id)
    shield = rules.shield_for(current_user, screener.film)
    return vtt_response(tracks.chapters_vtt(ai_segments_of(screener.film), shield))


@player_bp.get("/screeners/<int:screener_id>/storyboard.vtt")
@roles(*EVERY_ROLE, owned=True)
def storyboard(screener_id: int):
    """The thumbnail track, its sheets behind `media.asset`; empty for a version without one."""
    screener = get_watchable_screener(screener_id)
    track = screener.asset(AssetKind.STORYBOARD_VTT)
    if track is None:
        return vtt_response(tracks.HEADER + "\n")
    source = read_text(track.path)
    if source is None:
        abort(404)
    sheets = {
        PurePosixPath(asset.path).name: url_for("media.asset", asset_id=asset.id)
        for asset in screener.assets
        if asset.kind == AssetKind.STORYBOARD
    }
    return vtt_response(tracks.storyboard_vtt(source, sheets))


@player_bp.post("/screeners/<int:screener_id>/viewing")
@roles(*EVERY_ROLE, owned=True)
@csrf.exempt
def record_viewing(screener_id: int):
    """The intervals the player played, as JSON {"intervals": [[start_ms, end_ms], ...]}.

    CSRF is checked here rather than by CSRFProtect, because the last report of a page is sent
    with `navigator.sendBeacon`, which cannot set a header: the token may come in the body."""
    screener = find_watchable_screener(screener_id)
    if screener is None:
        return json_error(_("There is no screener here that you may watch."), 404)
    payload = signed_json_object(_l("Send the report as a JSON object."))
    outcome = commit(
        lambda: viewing.record_played(current_user, screener, payload.get("intervals"))
    )
    if not outcome:
        return json_refusal(outcome.refusal)
    recorded = outcome.value
    share = viewing.watched_share(recorded, viewing.duration_ms_of(screener))
    return jsonify(watched_ms=recorded.watched_ms, share=round(share, 4))
