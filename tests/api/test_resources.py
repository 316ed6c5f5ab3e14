"""The public resources (no token), a filmmaker's submissions and screener versions."""

from __future__ import annotations

from festival.accounts.enums import Role
from tests import factories
from tests.test_route_access import build_world


def test_published_editions_and_their_categories_need_no_token(app_ctx, client):
    edition = factories.make_edition()
    hidden = factories.make_edition(is_published=False)
    slugs = [item["slug"] for item in client.get("/api/v1/editions").json["items"]]
    assert edition.slug in slugs and hidden.slug not in slugs
    one = client.get(f"/api/v1/editions/{edition.slug}").json
    assert [c["name"] for c in one["categories"]] == ["AI Short", "AI Feature"]
    categories = client.get(f"/api/v1/editions/{edition.slug}/categories").json["items"]
    assert categories[0]["max_runtime_minutes"] == 30
    assert client.get(f"/api/v1/editions/{hidden.slug}").status_code == 404


def test_the_published_programme_is_the_feeds_data(app_ctx, client):
    world = build_world()
    programme = client.get(f"/api/v1/editions/{world.edition.slug}/programme")
    assert programme.status_code == 200
    assert programme.json["screenings"][0]["films"][0]["title"] == world.film.title
    unpublished = factories.make_edition()
    assert client.get(f"/api/v1/editions/{unpublished.slug}/programme").status_code == 404


def test_a_filmmaker_reads_their_submissions_and_statuses(app_ctx, client, token_of):
    film = factories.make_film()
    submission = factories.make_submission(film)
    factories.make_submission(factories.make_film())
    headers = token_of(film.owner)
    page = client.get("/api/v1/submissions", headers=headers).json
    assert [(item["id"], item["status"]) for item in page["items"]] == [
        (submission.id, "submitted")
    ]
    one = client.get(f"/api/v1/submissions/{submission.id}", headers=headers).json
    assert one["status_label"] == "Submitted" and isinstance(one["history"], list)
    other = token_of(factories.make_user(Role.FILMMAKER))
    assert client.get(f"/api/v1/submissions/{submission.id}", headers=other).status_code == 404


def test_a_filmmaker_reads_their_screener_versions_state(app_ctx, client, token_of):
    film = factories.make_film()
    factories.make_screener(film)
    body = client.get(f"/api/v1/films/{film.id}/screeners", headers=token_of(film.owner)).json
    assert body["versions"][0]["version"] == 1
    assert body["versions"][0]["state"] in {"queued", "probing", "transcoding", "ready"}
    other = token_of(factories.make_user(Role.FILMMAKER))
    assert client.get(f"/api/v1/films/{film.id}/screeners", headers=other).status_code == 404
