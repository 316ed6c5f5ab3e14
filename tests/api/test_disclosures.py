"""A film's disclosure through the API: the disclosure form's rules and messages, the same
refusals as its page, and If-Match so that no change made meanwhile is overwritten."""

from __future__ import annotations

import html
from datetime import date, timedelta

from festival.accounts.enums import Role
from festival.disclosure.models import Disclosure
from festival.extensions import db
from tests import factories
from tests.conftest import sign_in


def read(client, film, headers):
    response = client.get(f"/api/v1/films/{film.id}/disclosure", headers=headers)
    assert response.status_code == 200
    return response


def put(client, film, headers, answers, etag=None):
    extra = {"If-Match": etag} if etag else {}
    return client.put(f"/api/v1/films/{film.id}/disclosure", json=answers, headers=headers | extra)


def test_a_draft_is_saved_with_the_problems_the_form_shows(app_ctx, client, token_of):
    film = factories.make_film()
    headers = token_of(film.owner)
    first = read(client, film, headers)
    assert first.json["version"] is None and first.json["answers"]["segments"] == []
    answers = {
        **first.json["answers"],
        "elements": {
            "vfx_compositing": {"extent": "partly_generated", "tools": [{"name": "Runway"}]}
        },
        "segments": [{"start": "00:01:00", "end": "00:02:00", "element": "vfx_compositing"}],
        "human_statement": "We shot the plates.",
    }
    saved = put(client, film, headers, answers, first.headers["ETag"])
    assert saved.status_code == 200, saved.json
    assert saved.json["version"] == 1 and not saved.json["is_complete"]
    assert "audience_notice" in {problem["field"] for problem in saved.json["problems"]}
    assert saved.json["answers"]["segments"][0]["start"] == "00:01:00"
    assert saved.headers["ETag"] != first.headers["ETag"]
    again = read(client, film, headers)
    assert again.headers["ETag"] == saved.headers["ETag"]
    assert again.json["answers"] == saved.json["answers"]


def test_a_save_needs_if_match_and_refuses_a_stale_one(app_ctx, client, token_of):
    film = factories.make_film()
    factories.make_disclosure(film, complete=False)
    headers = token_of(film.owner)
    current = read(client, film, headers)
    answers = current.json["answers"]
    missing = put(client, film, headers, answers)
    assert missing.status_code == 428 and missing.mimetype == "application/problem+json"
    assert put(client, film, headers, answers, current.headers["ETag"]).status_code == 200
    stale = put(client, film, headers, {**answers, "human_statement": "x"}, current.headers["ETag"])
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    assert db.session.scalar(db.select(Disclosure.human_statement)) != "x"


def test_an_unreadable_timecode_is_refused_with_the_forms_own_message(app_ctx, client, token_of):
    film = factories.make_film()
    headers = token_of(film.owner)
    current = read(client, film, headers)
    answers = {
        **current.json["answers"],
        "segments": [{"start": "soon", "end": "00:02:00", "element": "vfx_compositing"}],
    }
    refused = put(client, film, headers, answers, current.headers["ETag"])
    assert refused.status_code == 422
    message = refused.json["errors"]["segments.0.start"][0]
    page_client = client.application.test_client()
    sign_in(page_client, film.owner)
    page = page_client.post(
        f"/films/{film.id}/disclosure",
        data={
            "segments-0-start": "soon",
            "segments-0-end": "00:02:00",
            "segments-0-element": "vfx_compositing",
        },
    )
    assert page.status_code == 422
    assert message in html.unescape(page.get_data(as_text=True))
    assert db.session.scalar(db.select(Disclosure.id).where(Disclosure.film_id == film.id)) is None


def test_a_closed_call_locks_it_with_the_pages_reason(app_ctx, client, token_of):
    film = factories.make_film()
    factories.make_disclosure(film, frozen=True)
    past = date.today() - timedelta(days=3)
    edition = factories.make_edition(
        opens_on=past - timedelta(days=30), deadlines=[("Regular", past, 10_000)]
    )
    factories.make_submission(film=film, category=edition.categories[0])
    headers = token_of(film.owner)
    current = read(client, film, headers)
    assert "can no longer change" in current.json["lock_reason"]
    refused = put(client, film, headers, current.json["answers"], current.headers["ETag"])
    assert refused.status_code == 409
    assert refused.json["detail"] == current.json["lock_reason"]


def test_staff_read_but_only_the_owner_answers(app_ctx, client, token_of):
    film = factories.make_film()
    headers = token_of(factories.make_user(Role.PROGRAMMER))
    current = read(client, film, headers)
    refused = put(client, film, headers, current.json["answers"], current.headers["ETag"])
    assert refused.status_code == 403


def test_another_filmmaker_sees_nothing(app_ctx, client, token_of):
    film = factories.make_film()
    headers = token_of(factories.make_user(Role.FILMMAKER))
    assert client.get(f"/api/v1/films/{film.id}/disclosure", headers=headers).status_code == 404


def test_a_read_with_the_current_etag_in_if_none_match_is_304(app_ctx, client, token_of):
    film = factories.make_film()
    headers = token_of(film.owner)
    etag = read(client, film, headers).headers["ETag"]
    again = client.get(
        f"/api/v1/films/{film.id}/disclosure", headers=headers | {"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.data == b""
