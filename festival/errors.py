"""Error pages in the site's own layout, and JSON errors for JSON clients.

A part of the site that answers its errors in a form of its own (the API: problem details)
registers it for its paths with `answer_errors_under`; every handler here defers to it."""

from __future__ import annotations

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have permission to open this page."),
    404: _l("We could not find that page."),
    405: _l("That action is not allowed here."),
    413: _l("The upload is larger than this site accepts."),
    429: _l("Too many attempts. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. It has been logged; please try again."),
    503: _l(
        "The festival's database is not answering for the moment. Nothing was saved; "
        "please try again in a minute."
    ),
}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def json_error(message, status: int, **extra) -> tuple:
    """A JSON error a client can show: {"error": reason, "status": code, ...}."""
    return jsonify(error=str(message), status=status, **extra), status


ERROR_ANSWERS = "festival.error_answers"


def answer_errors_under(app: Flask, prefix: str, answer) -> None:
    """Errors of requests whose path starts with `prefix` are answered by
    `answer(code, message, error)` rather than by a page or `json_error`."""
    app.extensions.setdefault(ERROR_ANSWERS, {})[prefix] = answer


def own_answer(code: int, message, error):
    """The answer of the part of the site that answers this request's errors itself, or None."""
    for prefix, answer in current_app.extensions.get(ERROR_ANSWERS, {}).items():
        if request.path.startswith(prefix):
            return answer(code, message, error)
    return None


def render_error(code: int, message, error: BaseException | None = None):
    answer = own_answer(code, message, error)
    if answer is not None:
        return answer
    if wants_json():
        return json_error(message, code)
    return render_template("errors/error.html", code=code, message=message), code


def handle_http_error(error: HTTPException):
    return render_error(error.code or 500, MESSAGES.get(error.code, error.description), error)


def handle_csrf_error(error: CSRFError):
    return render_error(
        400,
        _l("This form has expired or was sent from elsewhere. Please reload and try again."),
        error,
    )


def handle_unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    if isinstance(error, OperationalError):
        return handle_database_unavailable(error)
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(500, MESSAGES[500], error)


def handle_database_unavailable(error: OperationalError):
    """The database is down or unreachable: a 503 with the reason, no trace; the request's
    transaction is lost whole. The page is drawn as for a visitor: who is signed in cannot be
    read."""
    current_app.logger.error(
        "database unavailable on %s %s: %s", request.method, request.path, error.orig
    )
    g._login_user = current_app.login_manager.anonymous_user()
    return render_error(503, MESSAGES[503], error)


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    app.register_error_handler(Exception, handle_unexpected_error)
