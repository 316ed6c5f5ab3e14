"""The JSON endpoints (the review draft autosave, the player's viewing report) answer odd
bodies with a JSON reason, never a server error."""

from __future__ import annotations

import json

import pytest
from flask import url_for

from festival.json_bodies import MAX_BODY_BYTES
from tests.test_route_access import build_world
from tests.test_routing import signed_in_client


@pytest.fixture
def endpoints(app, app_ctx):
    """(client signed in as a user the endpoint serves, its URL), for each JSON endpoint."""
    world = build_world()
    with app.test_request_context():
        return {
            "draft": (
                signed_in_client(app, world, "programmer"),
                url_for("judging.save_draft", assignment_id=world.assignment.id),
            ),
            "viewing": (
                signed_in_client(app, world, "filmmaker"),
                url_for("player.record_viewing", screener_id=world.screener.id),
            ),
        }


DEEP = 100_000


def refusal_reason(endpoints, endpoint: str, status: int, **post) -> str:
    """Post to the endpoint; it answers `status` with a JSON body whose `error` says why."""
    client, url = endpoints[endpoint]
    response = client.post(url, **post)
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]
    return response.get_json()["error"]


@pytest.mark.parametrize("endpoint", ["draft", "viewing"])
@pytest.mark.parametrize(
    "body",
    [
        "[" * DEEP + "]" * DEEP,
        '{"a":' * 40_000 + "1" + "}" * 40_000,
        '{"scores": ' + "[" * DEEP + "]" * DEEP + "}",
        '{"intervals": ' + "[" * 200 + "]" * 200 + "}",
    ],
    ids=["deep list", "deep object", "deep inside", "200 deep"],
)
def test_deeply_nested_json_is_refused_with_a_reason(endpoints, endpoint, body):
    refusal_reason(endpoints, endpoint, 400, data=body, content_type="application/json")


@pytest.mark.parametrize("endpoint", ["draft", "viewing"])
def test_a_body_larger_than_any_report_is_refused(endpoints, endpoint):
    body = json.dumps({"comment": "x" * MAX_BODY_BYTES})
    refusal_reason(endpoints, endpoint, 413, data=body, content_type="application/json")


@pytest.mark.parametrize("endpoint", ["draft", "viewing"])
def test_nul_in_a_json_body_is_refused_with_a_reason(endpoints, endpoint):
    body = {"comment": "a\x00b", "intervals": [], "scores": {}}
    assert "NUL" in refusal_reason(endpoints, endpoint, 400, json=body)


@pytest.mark.parametrize("endpoint", ["draft", "viewing"])
def test_a_body_that_is_not_json_keeps_its_reason(endpoints, endpoint):
    said = refusal_reason(
        endpoints, endpoint, 400, data="{not json", content_type="application/json"
    )
    assert "JSON object" in said
