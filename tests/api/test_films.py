"""A filmmaker's films through the API: the film form's rules and messages, only their own."""

from __future__ import annotations

from festival.accounts.enums import Role
from festival.films.models import Film
from tests import factories

FILM = {
    "title": "The Quiet Sea",
    "runtime": "12:30",
    "year": 2026,
    "countries": ["KR"],
    "languages": ["ko"],
    "genres": ["drama"],
    "credits": [{"role": "director", "name": "김하늘"}],
}


def test_a_filmmaker_creates_reads_and_replaces_a_film(app_ctx, client, token_of):
    user = factories.make_user(Role.FILMMAKER)
    headers = token_of(user)
    made = client.post("/api/v1/films", json=FILM, headers=headers)
    assert made.status_code == 201, made.json
    film = made.json
    assert (film["runtime_s"], film["runtime"], film["owner_id"]) == (750, "12:30", user.id)
    assert film["credits"][0]["name"] == "김하늘"
    read = client.get(f"/api/v1/films/{film['id']}", headers=headers)
    assert read.json["title"] == "The Quiet Sea"
    replaced = client.put(
        f"/api/v1/films/{film['id']}", json={**FILM, "title": "Calm"}, headers=headers
    )
    assert replaced.status_code == 200 and replaced.json["title"] == "Calm"


def test_the_film_forms_messages_refuse_bad_values_and_nothing_is_written(
    app_ctx, client, token_of
):
    user = factories.make_user(Role.FILMMAKER)
    body = {
        **FILM,
        "runtime": "twelve",
        "year": 1700,
        "countries": ["XX"],
        "trailer_url": "javascript:alert(1)",
        "credits": [{"role": "director", "name": "", "note": "lead"}],
    }
    response = client.post("/api/v1/films", json=body, headers=token_of(user))
    assert response.status_code == 422
    errors = response.json["errors"]
    assert errors["year"] == ["Enter a year from 1888 to 2100."]
    assert errors["countries"] == ["Choose countries from the list."]
    assert errors["trailer_url"] == ["Enter a web address starting with https:// or http://."]
    assert errors["credits.0.name"] == ["Enter the name, or empty the whole row to remove it."]
    assert "runtime" in errors
    assert not Film.query.filter_by(owner_id=user.id).all()


def test_a_filmmaker_token_cannot_read_or_change_anothers_film(app_ctx, client, token_of):
    other = factories.make_film()
    headers = token_of(factories.make_user(Role.FILMMAKER))
    assert client.get(f"/api/v1/films/{other.id}", headers=headers).status_code == 404
    changed = client.put(f"/api/v1/films/{other.id}", json=FILM, headers=headers)
    assert changed.status_code == 404
    assert changed.mimetype == "application/problem+json"


def test_the_list_pages_with_cursors_and_only_holds_ones_own(app_ctx, client, token_of):
    user = factories.make_user(Role.FILMMAKER)
    mine = [factories.make_film(owner=user).id for _ in range(5)]
    factories.make_film()
    headers = token_of(user)
    seen, cursor = [], None
    for _ in range(4):
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/films", query_string=query, headers=headers).json
        seen += [film["id"] for film in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == sorted(mine)
    bad = client.get("/api/v1/films", query_string={"cursor": "forged"}, headers=headers)
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json"
    too_many = client.get("/api/v1/films", query_string={"limit": 1000}, headers=headers)
    assert too_many.status_code == 422 and "limit" in too_many.json["errors"]
