"""Every error under /api/v1 as RFC 9457 problem details (`application/problem+json`).

A view raises `Problem(status, detail, ...)`, or lets a `Refusal` become one through
`refusal_problem` (its kind mapped by `transactions.http_status`, the one mapping); every other
error there (a 404 of an unknown path, a 405, a body refused by `json_bodies`, a parser's 422,
a 429 of the rate limit, even an unexpected 500) is answered by `answer`, which
`festival.errors` calls for the paths the API registers. The body always has `type`, `title`,
`status` and `detail` (a sentence a person can act on, in the request's language), and `errors`
by field (dotted paths: `credits.0.name`) when input was refused."""

from __future__ import annotations

import json
from http import HTTPStatus

from flask import Response, current_app
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from festival.json_bodies import RefusedBody
from festival.refusals import Refusal
from festival.transactions import http_status

PROBLEM_JSON = "application/problem+json"
BLANK_TYPE = "about:blank"
NON_FIELD = "_schema"
"""The key of `errors` for what belongs to no one field (as marshmallow names it)."""

DETAILS = {
    400: _l("The request could not be understood."),
    401: _l("Send a valid personal access token: Authorization: Bearer <token>."),
    403: _l("This token may not do that."),
    404: _l("Nothing is found at this address, or it is not yours to see."),
    405: _l("That action is not allowed here."),
    412: _l("It changed since you read it: read it again and send its new ETag in If-Match."),
    413: _l("The request body is larger than the API accepts."),
    415: _l("Send the body as JSON, with Content-Type: application/json."),
    422: _l("Some values are missing or wrong; see errors."),
    428: _l(
        "Send If-Match with the ETag of your last read, so that a change made meanwhile is "
        "not overwritten."
    ),
    429: _l("Too many requests with this token. Wait as long as Retry-After says, then retry."),
    500: _l("Something went wrong on our side. It has been logged; please try again."),
    503: _l(
        "The festival's database is not answering for the moment. Nothing was saved; "
        "please try again in a minute."
    ),
}


class Problem(HTTPException):
    """An error a view raises for the client to act on: `status`, a `detail` sentence, a
    `slug` naming the kind of problem (its `type` is `urn:festival:problem:<slug>`), the
    refused fields in `errors` and any `headers` the answer needs."""

    def __init__(
        self,
        status: int,
        detail=None,
        *,
        slug: str | None = None,
        errors: dict | None = None,
        headers: dict | None = None,
    ):
        super().__init__(description=None)
        self.code = status
        self.detail = detail if detail is not None else DETAILS.get(status, "")
        self.slug = slug
        self.errors = errors
        self.headers = dict(headers or {})


def refusal_problem(refusal: Refusal) -> Problem:
    """A service's `Refusal` as a problem: its status from its kind, its message as the
    detail and beside its field."""
    errors = {refusal.field: [str(refusal)]} if refusal.field else None
    return Problem(http_status(refusal), refusal.message, slug=str(refusal.kind), errors=errors)


def answer(status: int, message, error: BaseException | None) -> Response:
    """The problem details for any error of an API request (called by `festival.errors`);
    a 304 (If-None-Match matched) stays an empty answer, as HTTP wants it."""
    if status < 400:
        return current_app.response_class(status=status)
    if isinstance(error, Problem):
        return problem_response(
            error.code, error.detail, slug=error.slug, errors=error.errors, headers=error.headers
        )
    headers, errors = {}, None
    if isinstance(error, HTTPException):
        headers = {
            name: value
            for name, value in error.get_headers()
            if name.lower() not in {"content-type", "content-length"}
        }
        data = getattr(error, "data", None) or {}
        if data.get("messages"):
            errors = flatten_errors(without_locations(data["messages"]))
        headers.update(data.get("headers") or {})
    if isinstance(error, RefusedBody) and error.code != 413:
        detail = error.description
    else:
        detail = DETAILS.get(status, message)
    return problem_response(status, detail, errors=errors, headers=headers)


def problem_response(
    status: int, detail, *, slug: str | None = None, errors=None, headers=None
) -> Response:
    body = {
        "type": f"urn:festival:problem:{slug}" if slug else BLANK_TYPE,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
    }
    if errors:
        body["errors"] = errors
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def without_locations(messages: dict) -> dict:
    """webargs files errors under where they came from (`json`, `query`); the fields'
    names alone say it here."""
    merged: dict = {}
    for location, found in messages.items():
        if isinstance(found, dict):
            merged.update(found)
        else:
            merged[location] = found
    return merged


def flatten_errors(tree, path: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Nested errors (marshmallow's dicts, WTForms' dicts and lists) as {dotted path:
    [messages]}: `{"credits": {0: {"name": [...]}}}` gives `{"credits.0.name": [...]}`."""
    found: dict[str, list[str]] = {}

    def add(at: tuple[str, ...], messages) -> None:
        if messages:
            found.setdefault(".".join(at) or NON_FIELD, []).extend(str(m) for m in messages)

    if isinstance(tree, dict):
        items = tree.items()
    elif isinstance(tree, list | tuple):
        add(path, [item for item in tree if not isinstance(item, dict | list | tuple)])
        items = [(i, item) for i, item in enumerate(tree) if isinstance(item, dict | list | tuple)]
    else:
        add(path, [tree])
        return found
    for key, sub in items:
        step = path if key in (None, NON_FIELD) else (*path, str(key))
        for at, messages in flatten_errors(sub, step).items():
            found.setdefault(at, []).extend(messages)
    return found
