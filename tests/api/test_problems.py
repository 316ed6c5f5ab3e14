"""Every error under /api/v1 is a problem details answer with the right status, never a 500,
and a refused write keeps nothing."""

from __future__ import annotations

import pytest

from festival.accounts.enums import Role
from festival.films.models import Film
from festival.json_bodies import MAX_BODY_BYTES
from tests import factories

PROBLEM_KEYS = {"type", "title", "status", "detail"}


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.json.keys() >= PROBLEM_KEYS and response.json["status"] == status
    return response.json


@pytest.fixture
def headers(app_ctx, token_of):
    return token_of(factories.make_user(Role.FILMMAKER))


def post(client, headers, data, content_type="application/json"):
    return client.post("/api/v1/films", data=data, content_type=content_type, headers=headers)


def test_malformed_json_is_400(client, headers):
    assert problem(post(client, headers, b'{"title": '), 400)["detail"]


def test_a_body_not_sent_as_json_is_415(client, headers):
    problem(post(client, headers, b"title=x", "application/x-www-form-urlencoded"), 415)


def test_wrong_types_and_unknown_fields_are_422_by_field(client, headers):
    body = b'{"title": 5, "runtime": "12", "year": "2020", "colour": "red"}'
    errors = problem(post(client, headers, body), 422)["errors"]
    assert {"title", "year", "colour"} <= errors.keys()


def test_an_oversized_body_is_413(client, headers):
    body = b'{"title": "' + b"x" * MAX_BODY_BYTES + b'"}'
    problem(post(client, headers, body), 413)


def test_a_too_deep_body_is_400(client, headers):
    problem(post(client, headers, b"[" * 50 + b"]" * 50), 400)


def test_unknown_paths_and_methods_are_404_and_405(client, headers):
    problem(client.get("/api/v1/nothing-here", headers=headers), 404)
    refused = problem(client.delete("/api/v1/films", headers=headers), 405)
    assert refused["detail"]


@pytest.mark.parametrize(
    "junk",
    [b"null", b"[]", b'"text"', b"12", b'{"credits": "x"}', b'{"credits": [1, null]}'],
)
def test_junk_to_a_write_is_refused_and_keeps_nothing(app_ctx, client, headers, junk):
    response = post(client, headers, junk)
    assert 400 <= response.status_code < 500
    assert response.mimetype == "application/problem+json"
    assert Film.query.count() == 0
