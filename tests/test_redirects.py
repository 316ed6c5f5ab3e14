"""A redirect target taken from a request stays on this site, read as a browser reads it."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from festival.accounts.enums import Role
from festival.redirects import local_target
from tests import factories

DEFAULT = "/"

OFF_SITE = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "\x00//evil.example",
    "\x1f/\\evil.example",
    "//\tevil.example",
    "https://evil.example",
    "https:evil.example",
    "https:/evil.example",
    "HTTPS://evil.example/ok",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "mailto:a@evil.example",
    "/%0d%0aSet-Cookie:x=1",
    "",
    None,
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_an_off_site_or_odd_target_falls_back_to_the_default(target):
    assert local_target(target, DEFAULT) == DEFAULT


@pytest.mark.parametrize(
    "target",
    ["/ok", "/ok?x=1#y", "/films/12/edit?tab=credits", "/editions/bucheon-2026/", "/%EC%98%81"],
)
def test_a_path_on_this_site_is_kept(target):
    assert local_target(target, DEFAULT) == target


def test_a_target_is_returned_as_the_browser_would_read_it():
    assert local_target("  /ok\t?x=1 ", DEFAULT) == "/ok?x=1"
    assert local_target("/ok\r\nSet-Cookie: x=1", DEFAULT) == "/okSet-Cookie: x=1"


def stays_on_site(location: str) -> bool:
    """The fallback, or (for a payload of newlines a browser would drop) a plain local path."""
    controls = ("\t", "\r", "\n", "\\", "%09", "%0a", "%0d", "%5c")
    plain = not any(control in location.lower() for control in controls)
    return location == "/" or (plain and location.startswith("/") and location[1:2] != "/")


LOGIN_PAYLOADS = [
    "//evil.example",
    "/\\evil.example",
    "/%09/evil.example",
    "%09//evil.example",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "%5c%5cevil.example",
    "/%5cevil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "/%0d%0aSet-Cookie:%20x=1",
    "%0d%0aSet-Cookie:%20x=1",
    "%2F%2Fevil.example",
    "%20//evil.example",
    # a NUL anywhere in a URL is refused before any view (tests/test_text_hygiene.py)
]


@pytest.mark.parametrize("payload", LOGIN_PAYLOADS)
def test_login_never_sends_the_user_off_site(client, make_user, payload):
    user = make_user(Role.FILMMAKER)
    response = client.post(
        f"/login?next={payload}", data={"email": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302, response.status
    assert stays_on_site(response.headers["Location"])


@pytest.mark.parametrize("payload", LOGIN_PAYLOADS)
def test_a_signed_in_visit_to_login_never_leaves_the_site(client, make_user, auth, payload):
    auth.login(make_user(Role.FILMMAKER))
    response = client.get(f"/login?next={payload}")
    assert response.status_code == 302, response.status
    assert stays_on_site(response.headers["Location"])


def test_login_keeps_a_next_on_this_site(client, make_user):
    user = make_user(Role.FILMMAKER)
    target = "/films?x=1#y"
    response = client.post(
        f"/login?next={quote(target)}",
        data={"email": user.email, "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "payload", ["//evil.example", "/\t/evil.example", "https:evil.example", "/ok\r\nX: y"]
)
def test_the_language_switcher_never_leaves_the_site(client, app_ctx, payload):
    response = client.post("/language", data={"locale": "ko", "next": payload})
    assert response.status_code == 302, response.status
    assert stays_on_site(response.headers["Location"])


def test_the_language_switcher_goes_back_to_the_page(client, app_ctx):
    response = client.post("/language", data={"locale": "ko", "next": "/login?next=%2Ffilms"})
    assert response.headers["Location"] == "/login?next=%2Ffilms"
