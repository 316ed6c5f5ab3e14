"""The pages nginx shows for errors it raises itself, before any web process saw the request:
a body larger than the location takes (413) and too many connections at once (429).
deploy/nginx/festival.conf sends them here (`error_page 413 /errors/413`) as a GET without the
refused body, so the visitor reads the site's own page in their language."""

from __future__ import annotations

from flask import Blueprint, abort, request

from festival.accounts.access import public
from festival.errors import MESSAGES, json_error, render_error

bp = Blueprint("error_pages", __name__)

PROXY_ERRORS = frozenset({413, 429})


@bp.get("/errors/<int:code>")
@public
def proxy_error(code: int):
    """The error page of `code`, with that status; JSON when the refused request sent JSON
    (nginx passes its Content-Type on) or asked for it."""
    if code not in PROXY_ERRORS:
        abort(404)
    if request.mimetype == "application/json":
        return json_error(MESSAGES[code], code)
    return render_error(code, MESSAGES[code])
