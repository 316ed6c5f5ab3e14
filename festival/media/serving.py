"""Sending media files after the access check: a file in a bucket by a redirect to a
short-lived presigned URL (the bucket answers range requests); one on disk with range requests
from Flask itself, or through the front proxy's internal redirect in production
(MEDIA_ACCEL = "nginx" or "sendfile")."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Response, abort, current_app, redirect, send_file

from festival.media.enums import AssetKind
from festival.media.object_store import media_root, store_for

CONTENT_TYPES = {
    AssetKind.PREVIEW_720: "video/mp4",
    AssetKind.PREVIEW_360: "video/mp4",
    AssetKind.POSTER: "image/jpeg",
    AssetKind.STORYBOARD: "image/jpeg",
    AssetKind.STORYBOARD_VTT: "text/vtt",
}


def absolute(relative_path: str) -> Path:
    """The file under MEDIA_ROOT; a path that escapes it is refused."""
    root = media_root().resolve()
    path = (root / relative_path).resolve()
    if root not in path.parents:
        abort(404)
    return path


def send_media(location: str, content_type: str, download_name: str) -> Response:
    url = store_for(location).presigned_url(
        location, content_type=content_type, download_name=download_name
    )
    if url is not None:
        response = redirect(url, 302)
        response.headers["Cache-Control"] = "private, no-store"  # the URL expires soon
        return response
    path = absolute(location)
    if not path.is_file():
        abort(404)
    accel = current_app.config.get("MEDIA_ACCEL")
    if accel == "nginx":
        response = Response(content_type=content_type)
        prefix = current_app.config.get("MEDIA_ACCEL_PREFIX", "/protected-media/")
        response.headers["X-Accel-Redirect"] = prefix + os.path.relpath(path, media_root())
    elif accel == "sendfile":
        response = Response(content_type=content_type)
        response.headers["X-Sendfile"] = str(path)
    else:
        response = send_file(
            path, mimetype=content_type, conditional=True, download_name=download_name
        )
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = f'inline; filename="{download_name}"'
    return response
