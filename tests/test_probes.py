"""The attacks of the hardening review, replayed against the site as each role: every probe
gets a clean answer (no 5xx), carries the security headers, and leaves no error and no
traceback in the server log."""

from __future__ import annotations

import logging

import pytest
from flask import url_for

from tests.test_route_access import build_world
from tests.test_routing import signed_in_client
from tests.test_security_headers import assert_protected

DEEP_JSON = "[" * 50_000 + "]" * 50_000


def probes(world) -> list[tuple[str, str, dict]]:
    """(method, url, request options): one of each kind of odd input the review tried."""
    draft = url_for("judging.save_draft", assignment_id=world.assignment.id)
    viewing = url_for("player.record_viewing", screener_id=world.screener.id)
    film = url_for("films.show", film_id=world.film.id)
    return [
        ("GET", "/login?next=/%09/evil.example", {}),
        ("GET", "/login?next=%0d%0aSet-Cookie:%20x=y", {}),
        ("POST", "/login?next=//evil.example", {"data": {"email": "a@b.c", "password": "x"}}),
        ("GET", f"/films/{2**64}", {}),
        ("GET", f"/manage/rounds/{2**63}/results", {}),
        ("GET", "/editions/%00", {}),
        ("GET", film + "?q=%00", {}),
        ("POST", draft, {"data": DEEP_JSON, "content_type": "application/json"}),
        ("POST", viewing, {"data": DEEP_JSON, "content_type": "application/json"}),
        ("POST", draft, {"data": '{"comment": "\u0000"}', "content_type": "application/json"}),
        ("POST", draft, {"data": "not json", "content_type": "application/json"}),
        ("POST", "/register", {"data": {"name": "\u202e\u200b", "email": "x@example.org"}}),
        ("GET", "/manage/editions/1/submissions?status=nonsense", {}),
    ]


@pytest.mark.parametrize("role", ["anonymous", "filmmaker", "juror", "programmer", "admin"])
def test_no_probe_breaks_the_site_or_logs_an_error(app, app_ctx, role, caplog):
    world = build_world()
    client = signed_in_client(app, world, role)
    with app.test_request_context():
        requests = probes(world)
    caplog.set_level(logging.ERROR)
    for method, url, options in requests:
        response = client.open(url, method=method, **options)
        where = f"{role} {method} {url[:60]}"
        assert response.status_code < 500, where
        assert_protected(response, where)
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == [], [record.getMessage() for record in errors]
    assert "Traceback" not in caplog.text
