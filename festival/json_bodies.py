"""The JSON body of a request, read within bounds, for every endpoint that takes one.

Flask's `request.get_json` reads any size and lets a deeply nested body end in a
RecursionError (a server error, before the endpoint could check its CSRF token). Here a body
is refused with a JSON reason when it is larger or deeper than any the site's pages send, or
holds NUL; its text comes NFC, as a form's text areas give it (`festival.text`)."""

from __future__ import annotations

import json

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from festival import text
from festival.errors import json_error, own_answer

MAX_BODY_BYTES = 256 * 1024
"""Above the largest autosave: two 10,000-character texts of Hangul, escaped."""
MAX_DEPTH = 8
"""Objects and lists inside each other; the site's reports nest three deep."""


class RefusedBody(HTTPException):
    """A JSON body refused before its endpoint reads it; answered as JSON with the reason."""

    def __init__(self, reason, code: int = 400):
        super().__init__(description=reason)
        self.code = code


def json_body():
    """The request's JSON body, or None when it is not JSON (the endpoint says what it
    expected). Raises `RefusedBody` when it is too large, nested too deeply or holds NUL."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise too_large()
    raw = request.stream.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise too_large()
    try:
        payload = json.loads(raw)
    except RecursionError:
        raise too_deep() from None
    except ValueError:
        return None
    return checked(payload, depth=0)


def checked(value, *, depth: int):
    if depth > MAX_DEPTH:
        raise too_deep()
    if isinstance(value, list):
        return [checked(item, depth=depth + 1) for item in value]
    if isinstance(value, dict):
        return {
            checked(key, depth=depth): checked(item, depth=depth + 1) for key, item in value.items()
        }
    if isinstance(value, str):
        try:
            return text.multi_line(text.refuse_nul(value))
        except ValueError as refusal:
            raise RefusedBody(refusal.args[0]) from None
    return value


def too_large() -> RefusedBody:
    return RefusedBody(_l("This report is larger than the site accepts."), 413)


def too_deep() -> RefusedBody:
    return RefusedBody(_l("This report is nested too deeply to be read."))


def answer_refused_body(error: RefusedBody):
    answer = own_answer(error.code, error.description, error)
    return answer if answer is not None else json_error(error.description, error.code)


def register(app: Flask) -> None:
    app.register_error_handler(RefusedBody, answer_refused_body)
