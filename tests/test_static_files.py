"""Static files under a content-hashed path (festival/static_files.py)."""

from __future__ import annotations

from flask import url_for

from festival.static_files import ONE_YEAR_S


def static_url(app, filename: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=filename)


def test_static_urls_carry_the_content_hash_and_are_cached_for_a_year(app, client):
    url = static_url(app, "css/site.css")

    versioned = client.get(url)
    plain = client.get("/static/css/site.css")

    assert url.startswith("/static/v/") and url.endswith("/css/site.css")
    assert versioned.status_code == plain.status_code == 200
    assert versioned.data == plain.data
    assert versioned.cache_control.max_age == ONE_YEAR_S
    assert versioned.cache_control.immutable
    assert plain.cache_control.max_age is None


def test_an_es_module_import_resolves_under_the_same_version(app, client):
    """review.js imports "./csrf.js": the browser asks for it under the versioned path."""
    csrf = static_url(app, "js/review.js").removesuffix("review.js") + "csrf.js"

    assert client.get(csrf).status_code == 200
