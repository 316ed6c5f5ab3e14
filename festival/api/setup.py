"""The API's wiring: the flask-smorest `Api` (the OpenAPI 3.1 document at
/api/v1/openapi.json), its resource blueprints in one list, the docs page, the error answer
for its paths, and the hooks around each of its requests.

A new resource group is a module with an `ApiBlueprint` (see `festival.api.resource`), added
to `RESOURCES` below."""

from __future__ import annotations

import http

from flask import Flask, request
from flask_smorest import Api
from flask_smorest.spec.plugins import integerconverter2paramschema
from flask_smorest.utils import prepare_response

from festival.accounts.access import public
from festival.api import (
    API_PREFIX,
    auth,
    desk,
    desk_actions,
    disclosures,
    docs,
    films,
    jobs,
    problems,
    results,
    reviews,
    submissions,
    uploads,
)
from festival.api import public as public_resources
from festival.api.schemas import ProblemSchema
from festival.errors import answer_errors_under
from festival.extensions import csrf
from festival.routing import DatabaseIdConverter

RESOURCES = (
    public_resources.bp,
    films.bp,
    disclosures.bp,
    submissions.bp,
    uploads.bp,
    desk.bp,
    desk_actions.bp,
    reviews.bp,
    results.bp,
    jobs.bp,
)

DESCRIPTION = """The festival's submissions, films, disclosures and programme as JSON.

Public resources need nothing. The others need a personal access token, made on your
account page (Account → API tokens) and sent as `Authorization: Bearer fest_…`; a token acts
with its user's role (a filmmaker's sees only their films) within its scopes (`read`,
`write`). Lists are paged with cursors (`limit`, `cursor`; each page says its `next`). Every
error is an RFC 9457 problem (`application/problem+json`) with a `detail` to act on and, for
refused input, `errors` by field. Writes that can collide (a disclosure) need `If-Match` with
the ETag of your last read."""


class FestivalApi(Api):
    """flask-smorest's `Api`, answering its errors as problem details: the site's error
    handlers answer them (`festival.errors` defers to `problems.answer` under /api/v1)."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        """None of its own."""

    def _register_responses(self):
        """Every error response documented as `application/problem+json`."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, problems.PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, problems.PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


def register(app: Flask) -> None:
    app.config.update(
        API_TITLE="Festival API",
        API_VERSION="1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={"info": {"description": DESCRIPTION}},
    )
    api = FestivalApi(app)
    api.spec.components.security_scheme(auth.BEARER, auth.SECURITY_SCHEME)
    api.register_converter(DatabaseIdConverter, integerconverter2paramschema)
    for blueprint in RESOURCES:
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)  # no cookie session is read under /api/v1: nothing to forge
    app.view_functions["api-docs.openapi_json"] = public(
        app.view_functions["api-docs.openapi_json"]
    )
    app.register_blueprint(docs.bp)
    answer_errors_under(app, API_PREFIX, problems.answer)
    app.before_request(without_session_under_api)
    app.after_request(auth.audit_call)


def without_session_under_api() -> None:
    if request.path.startswith(API_PREFIX):
        auth.without_session()
