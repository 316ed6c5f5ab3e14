"""Text is stored as people meant it: NFC, no bidi controls in a single line, no text made
only of invisible characters, and no NUL anywhere (PostgreSQL refuses it)."""

from __future__ import annotations

import unicodedata

import pytest

from festival import text
from festival.accounts.enums import Role
from festival.extensions import db
from festival.films.models import Film
from tests.films.test_views import film_data, film_titled
from tests.pages import field_html

INVISIBLE_ONLY = ["\u202e\u200b", "\u200b", "\u2066\u2069", "\u3164", " \u00a0\u3000", "\ufeff"]


def film_count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Film))


@pytest.fixture
def filmmaker(make_user, auth):
    user = make_user(Role.FILMMAKER)
    auth.login(user)
    return user


@pytest.mark.parametrize("title", INVISIBLE_ONLY)
def test_a_title_of_invisible_characters_is_refused_as_missing(client, filmmaker, title):
    response = client.post("/films/new", data=film_data(title=title))
    page = response.get_data(as_text=True)
    assert response.status_code != 302
    assert "Enter the film&#39;s title." in field_html(page, "title")
    assert 'value="Goyohan Bada"' in page and "등대지기가 생성된 바다를 달랜다." in page
    assert film_count() == 0


def test_bidi_controls_are_taken_out_of_a_single_line(client, filmmaker):
    response = client.post(
        "/films/new",
        data=film_data(title="The \u202eaeS teiuQ\u202c", logline="one\u2067 line\u2069"),
    )
    assert response.status_code == 302
    film = film_titled("The aeS teiuQ")
    assert film is not None
    assert film.logline == "one\u2067 line\u2069"


def test_a_korean_title_typed_decomposed_is_stored_composed(client, filmmaker):
    decomposed = unicodedata.normalize("NFD", "고요한 바다")
    assert decomposed != "고요한 바다"
    response = client.post("/films/new", data=film_data(title=decomposed))
    assert response.status_code == 302
    assert film_titled("고요한 바다") is not None


@pytest.mark.parametrize("field", ["title", "synopsis", "credits-0-name"])
def test_nul_in_a_form_field_is_refused_with_a_clear_message(client, filmmaker, field):
    response = client.post("/films/new", data=film_data(**{field: "Quiet\x00Sea"}))
    page = response.get_data(as_text=True)
    assert response.status_code != 302
    assert "Remove the NUL character" in page
    assert 'value="Goyohan Bada"' in page
    assert film_count() == 0


@pytest.mark.parametrize(
    "url",
    ["/films/%00", "/films?x=%00", "/login?next=%00//evil.example", "/%00/films", "/login?%00=1"],
)
def test_nul_in_a_url_is_a_bad_request_page(client, app_ctx, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "<html" in response.get_data(as_text=True)


def test_text_functions():
    assert text.single_line("a\u202eb\u200ec\u061cd") == "abcd"
    assert text.single_line("\u202e\u200b") == ""
    assert text.multi_line("\u200b\n\u200b") == ""
    assert text.multi_line("one\u2067 two") == "one\u2067 two"
    assert text.multi_line(unicodedata.normalize("NFD", "한")) == "한"
    assert text.single_line("👩\u200d💻") == "👩\u200d💻"
    assert text.single_line(None) is None
    with pytest.raises(ValueError):
        text.refuse_nul("a\x00b")
