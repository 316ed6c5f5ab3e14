"""Every response carries the security headers: pages, JSON, media, errors and static files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import url_for

from festival.accounts.enums import Role
from festival.security_headers import content_security_policy
from tests.test_route_access import SAMPLE_ARGUMENTS, build_world, routes

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def assert_protected(response, where: str) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy, where
    assert "frame-ancestors 'none'" in policy, where
    assert "object-src 'none'" in policy, where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in {"same-origin", "no-referrer"}, where
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", where


def test_every_route_answers_with_the_headers_to_anyone(app, make_user):
    world = build_world()
    for rule in routes(app):
        with app.test_request_context():
            url = url_for(rule.endpoint, **{a: SAMPLE_ARGUMENTS[a](world) for a in rule.arguments})
        method = "GET" if "GET" in rule.methods else min(rule.methods - {"OPTIONS"} or {"OPTIONS"})
        for role in ("anonymous", "admin", "filmmaker"):
            client = app.test_client()
            if role != "anonymous":
                with client.session_transaction() as session:
                    session["_user_id"] = world.users[role].session_token
            response = client.open(url, method=method)
            assert_protected(response, f"{method} {url} as {role}: {response.status}")


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/no/such/page", {}),
        ("/no/such/page", {"Accept": "application/json"}),
        ("/static/css/site.css", {}),
        ("/static/no-such-file.js", {}),
        ("/healthz", {}),
        ("/login", {}),
    ],
)
def test_errors_static_files_and_json_carry_them_too(client, path, headers):
    assert_protected(client.get(path, headers=headers), path)


def test_a_server_error_page_carries_them(app, client, monkeypatch):
    def broken():
        raise RuntimeError("boom")

    broken.access = app.view_functions["editions.home"].access
    monkeypatch.setitem(app.view_functions, "editions.home", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    response = client.get("/")

    assert response.status_code == 500
    assert_protected(response, "500")


def test_a_logged_in_form_cannot_be_framed(client, auth, make_user):
    auth.login(make_user(Role.FILMMAKER))

    response = client.get("/account")

    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_policy_allows_no_inline_script_and_names_each_source():
    directives = dict(
        part.strip().split(" ", 1) for part in content_security_policy().split(";") if part.strip()
    )

    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["img-src"] == "'self' data: blob:"
    assert directives["media-src"] == "'self' blob:"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["style-src-attr"] == "'none'"
    assert "unsafe" not in directives["script-src"]


def test_hsts_only_over_https(app, client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/login").headers

    secure = client.get("/login", base_url="https://festival.test")
    assert "max-age=" in secure.headers["Strict-Transport-Security"]

    monkeypatch.setitem(app.config, "PREFERRED_URL_SCHEME", "https")
    assert "max-age=" in client.get("/login").headers["Strict-Transport-Security"]


def test_no_template_holds_inline_script_or_style_or_event_handlers():
    offending = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offending.append(f"{template.name}: {tag}")
        for attribute in re.findall(r"<[^>]*\s(on[a-z]+\s*=|style\s*=)", text):
            offending.append(f"{template.name}: {attribute}")
        if re.search(r"<style\b", text):
            offending.append(f"{template.name}: <style>")
        if "javascript:" in text:
            offending.append(f"{template.name}: javascript: URL")
    assert offending == []
