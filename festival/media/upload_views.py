"""The tus 1.0 endpoints that receive screeners, and the page that uploads one.

tus requests carry no CSRF token, so this blueprint is exempt from Flask-WTF's check and
refuses cross-origin requests instead (a browser always names the page's origin; session
cookies are SameSite=Lax). Answers to tus clients are plain text (or JSON when asked for),
each with Tus-Resumable."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from flask_babel import _, format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from festival import errors
from festival.accounts.access import public, roles
from festival.accounts.enums import FILMMAKER_AND_STAFF
from festival.database import utcnow
from festival.editions.enums import container_names, file_picker_accept
from festival.extensions import csrf, db
from festival.films.loaders import get_film
from festival.media import rules, tus, uploads
from festival.media.enums import UploadState
from festival.media.models import Upload
from festival.time_zones import zoned_time

uploads_bp = Blueprint("uploads", __name__)
csrf.exempt(uploads_bp)

PAGE_ENDPOINTS = frozenset({"uploads.page"})
BROWSER_CHUNK_BYTES = 64 * 1024 * 1024


# --- answers ----------------------------------------------------------------------------------


def reply(status, message=None, headers: dict | None = None) -> Response:
    if message is None:
        response = Response(status=status)
    elif errors.wants_json():
        response = jsonify(error=str(message), status=int(str(status).split()[0]))
        response.status = status
    else:
        response = Response(str(message), status=status, mimetype="text/plain")
    response.headers.update(headers or {})
    return response


@uploads_bp.errorhandler(tus.TusError)
def protocol_error(error: tus.TusError):
    """A refused tus request; what it changed since the last commit is never committed (the
    request's session is discarded at teardown)."""
    return reply(error.status, error.message, error.headers)


@uploads_bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    if request.endpoint in PAGE_ENDPOINTS:
        return errors.handle_http_error(error)
    code = error.code or 500
    return reply(code, errors.MESSAGES.get(code, error.description))


@uploads_bp.before_request
def refuse_cross_origin():
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if not tus.is_same_origin(request.headers.get("Origin"), request.host):
        raise tus.TusError(403, _l("Uploads are accepted only from this site's own pages."))


@uploads_bp.after_request
def tus_headers(response: Response) -> Response:
    if request.endpoint in PAGE_ENDPOINTS:
        return response
    response.headers["Tus-Resumable"] = tus.TUS_VERSION
    response.headers["Cache-Control"] = "no-store"
    if request.method == "OPTIONS":
        response.headers.update(tus.discovery_headers(uploads.largest_limit()))
    return response


def progress_headers(upload: Upload) -> dict[str, str]:
    headers = {"Upload-Offset": str(upload.offset_bytes)}
    if upload.state == UploadState.RECEIVING:
        headers["Upload-Expires"] = tus.http_date(upload.expires_at)
    return headers


# --- loaders ----------------------------------------------------------------------------------


def get_upload(token: str) -> Upload:
    """The upload if the current user may write to its film; 404 otherwise."""
    upload = uploads.find_upload(token)
    if upload is None or not rules.can_upload(current_user, upload.film):
        raise tus.TusError(404, _l("There is no such upload."))
    return upload


# --- the protocol -----------------------------------------------------------------------------


@uploads_bp.route("/uploads", methods=["OPTIONS"], provide_automatic_options=False)
@public
def discover():
    return reply(204)


@uploads_bp.post("/films/<int:film_id>/uploads")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def create(film_id: int):
    film = get_film(film_id, rules.can_upload)
    tus.check_version(request.headers.get("Tus-Resumable"))
    length = tus.parse_length(request.headers.get("Upload-Length"))
    metadata = tus.parse_metadata(request.headers.get("Upload-Metadata"))
    upload = uploads.create_upload(film, length=length, metadata=metadata, actor=current_user)
    db.session.commit()
    location = url_for("uploads.status", upload_token=upload.token)
    return reply(
        201,
        headers={
            "Location": location,
            "Upload-Expires": tus.http_date(upload.expires_at),
            "Upload-Offset": "0",
        },
    )


@uploads_bp.route("/uploads/<upload_token>", methods=["HEAD"])
@roles(*FILMMAKER_AND_STAFF, owned=True)
def status(upload_token: str):
    upload = get_upload(upload_token)
    tus.check_version(request.headers.get("Tus-Resumable"))
    uploads.check_available(upload, utcnow())
    headers = progress_headers(upload) | {"Upload-Length": str(upload.length_bytes)}
    if upload.metadata_json:
        headers["Upload-Metadata"] = tus.encode_metadata(upload.metadata_json)
    return reply(200, headers=headers)


@uploads_bp.patch("/uploads/<upload_token>")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def append(upload_token: str):
    upload = get_upload(upload_token)
    tus.check_version(request.headers.get("Tus-Resumable"))
    tus.check_content_type(request.headers.get("Content-Type"))
    offset = tus.parse_offset(request.headers.get("Upload-Offset"))
    checksum = tus.parse_checksum(request.headers.get("Upload-Checksum"))
    content_length = tus.parse_content_length(request.headers.get("Content-Length"))
    request.max_content_length = None  # the upload's own length bounds the body
    receipt = uploads.receive(
        upload,
        request.stream,
        offset=offset,
        content_length=content_length,
        checksum=checksum,
        actor=current_user,
        checkpoint=db.session.commit,
    )
    db.session.commit()
    if receipt.dropped:
        return reply(
            400,
            _("The connection dropped; the bytes received so far are kept."),
            progress_headers(upload),
        )
    return reply(204, headers=progress_headers(upload))


@uploads_bp.delete("/uploads/<upload_token>")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def terminate(upload_token: str):
    upload = get_upload(upload_token)
    tus.check_version(request.headers.get("Tus-Resumable"))
    uploads.terminate(upload, actor=current_user)
    db.session.commit()
    return reply(204)


# --- the page ---------------------------------------------------------------------------------


@uploads_bp.get("/films/<int:film_id>/screener")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def page(film_id: int):
    film = get_film(film_id, rules.can_upload)
    limit = uploads.size_limit(film)
    unfinished = uploads.open_uploads(film.id)
    return render_template(
        "media/upload.html",
        film=film,
        limit_bytes=limit,
        limit_gb=uploads.gigabytes(limit),
        containers=container_names(),
        accept=file_picker_accept(),
        chunk_bytes=BROWSER_CHUNK_BYTES,
        bounds=uploads.upload_bounds(),
        resumable=[described(upload) for upload in unfinished],
        resumable_json=[
            {
                "url": url_for("uploads.status", upload_token=upload.token),
                "filename": upload.filename,
                "length": upload.length_bytes,
            }
            for upload in unfinished
        ],
    )


def described(upload: Upload) -> dict:
    return {
        "filename": upload.filename,
        "percent": format_decimal(upload.offset_bytes * 100 // upload.length_bytes),
        "expires": zoned_time(upload.expires_at),
    }
