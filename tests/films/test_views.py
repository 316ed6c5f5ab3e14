"""The filmmaker's path through the film pages, through the test client."""

from __future__ import annotations

from io import BytesIO

import pytest

from festival.accounts.enums import Role
from festival.audit.services import events_for
from festival.extensions import db
from festival.films.models import Film
from tests import factories
from tests.films.conftest import image_bytes
from tests.pages import field_html, reload


def film_data(**overrides) -> dict:
    return {
        "title": "The Quiet Sea",
        "original_title": "고요한 바다",
        "romanised_title": "Goyohan Bada",
        "logline": "등대지기가 생성된 바다를 달랜다.",
        "synopsis": "",
        "runtime": "12:30",
        "frame_rate": "23.976",
        "year": "2026",
        "countries": ["KR", "FR"],
        "languages": ["ko", "fr"],
        "genres": ["drama", "science_fiction"],
        "credits-0-role": "director",
        "credits-0-name": "김하늘",
        "credits-0-email": "",
        "credits-0-note": "",
        "credits-1-role": "ai_supervisor",
        "credits-1-name": "Ada Lee",
        "credits-1-email": "ada@example.org",
        "credits-1-note": "Runway, Kling",
        "contact_name": "김하늘",
        "contact_email": "sky@example.org",
        "contact_phone": "+82 2 123 4567",
        "trailer_url": "https://vimeo.com/123",
        "website_url": "",
        **overrides,
    }


def film_titled(title: str) -> Film | None:
    return db.session.scalar(db.select(Film).where(Film.title == title))


def upload(client, film, kind: str, data: bytes, filename: str):
    route = "poster" if kind == "poster" else "stills"
    return client.post(
        f"/films/{film.id}/{route}",
        data={f"{kind}-file": (BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


# Listing and creating


def test_my_films_lists_only_my_films_with_poster_thumbnails(client, filmmaker, make_film):
    mine = make_film(owner=filmmaker, title="바다의 기억")
    poster = factories.make_film_image(mine, "poster")
    make_film(title="Someone else's film")
    page = client.get("/films").get_data(as_text=True)
    assert "바다의 기억" in page
    assert f"/films/{mine.id}/images/{poster.id}/thumb" in page
    assert "Someone else&#39;s film" not in page and "Someone else's film" not in page
    assert 'href="/films/new"' in page


def test_a_juror_cannot_open_my_films(client, make_user, auth):
    auth.login(make_user(Role.JUROR))
    assert client.get("/films").status_code == 403


def test_a_filmmaker_creates_a_film_and_hangul_round_trips(client, filmmaker):
    response = client.post("/films/new", data=film_data())
    film = film_titled("The Quiet Sea")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/films/{film.id}")
    assert film.owner_id == filmmaker.id
    assert film.original_title == "고요한 바다"
    assert film.logline == "등대지기가 생성된 바다를 달랜다."
    assert film.runtime_s == 750
    assert film.frame_rate == "23.976"
    assert film.countries == ["KR", "FR"] and film.languages == ["ko", "fr"]
    assert [(c.role.value, c.name, c.email) for c in film.credits] == [
        ("director", "김하늘", None),
        ("ai_supervisor", "Ada Lee", "ada@example.org"),
    ]
    assert [e.verb for e in events_for(film)] == ["created"]
    page = client.get(f"/films/{film.id}").get_data(as_text=True)
    for shown in ("고요한 바다", "Goyohan Bada", "12:30", "South Korea", "French", "AI supervisor"):
        assert shown in page
    assert f'href="/films/{film.id}/disclosure"' in page
    assert f'href="/films/{film.id}/submit"' in page


def test_country_and_language_names_follow_the_reader_language(client, make_user, auth, make_film):
    user = make_user(locale="ko")
    auth.login(user)
    film = make_film(owner=user, countries=["KR"], languages=["ko"])
    page = client.get(f"/films/{film.id}").get_data(as_text=True)
    assert "대한민국" in page and "한국어" in page
    assert "제작 국가" in page and "크레디트" in page
    form = client.get("/films/new").get_data(as_text=True)
    assert '<option value="KR">대한민국</option>' in form


def test_titles_are_escaped(client, filmmaker):
    client.post("/films/new", data=film_data(title="<script>alert(1)</script> 바다"))
    film = film_titled("<script>alert(1)</script> 바다")
    page = client.get(f"/films/{film.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 바다" in page
    for url in ("/films", f"/films/{film.id}/edit"):
        other_page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in other_page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; 바다" in other_page


def test_errors_show_next_to_their_fields_and_keep_everything_typed(client, filmmaker):
    data = film_data(
        title="",
        runtime="12:75",
        year="1700",
        trailer_url="javascript:alert(1)",
        contact_email="not-an-email",
        **{"credits-1-name": "", "credits-1-email": "ada@example.org"},
    )
    response = client.post("/films/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert film_titled("") is None and db.session.scalar(db.select(Film)) is None
    for field, shown in (
        ("title", "Enter the film"),
        ("runtime", "Minutes and seconds go up to 59"),
        ("runtime", 'value="12:75"'),
        ("year", "Enter a year from 1888 to 2100."),
        ("trailer_url", "https://"),
        ("trailer_url", 'value="javascript:alert(1)"'),
        ("contact_email", "Enter an email address"),
        ("credits-1-name", "Enter the name, or empty the whole row"),
        ("credits-1-email", 'value="ada@example.org"'),
        ("credits-1-note", 'value="Runway, Kling"'),
        ("credits-1-role", '<option selected value="ai_supervisor">'),
        ("credits-0-name", 'value="김하늘"'),
        ("original_title", 'value="고요한 바다"'),
        ("countries", '<option selected value="KR">'),
    ):
        assert shown in field_html(page, field), field
    assert 'checked id="genres-4" name="genres" type="checkbox" value="science_fiction"' in page


def test_unknown_country_codes_are_refused(client, filmmaker):
    page = client.post("/films/new", data=film_data(countries=["KR", "XX"])).get_data(as_text=True)
    assert "Choose countries from the list." in field_html(page, "countries")


def test_add_another_credit_without_javascript_keeps_what_was_typed(client, filmmaker):
    response = client.post("/films/new", data=film_data(add_credit="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert film_titled("The Quiet Sea") is None, "adding a row does not save"
    assert 'id="credits-2-name"' in page
    assert 'value="Ada Lee"' in field_html(page, "credits-1-name")
    assert "Please correct" not in page


def test_empty_credit_rows_are_dropped(client, filmmaker):
    data = film_data(**{"credits-2-role": "cast", "credits-2-name": "", "credits-2-email": ""})
    client.post("/films/new", data=data)
    assert len(film_titled("The Quiet Sea").credits) == 2


def test_editing_shows_the_film_and_saves_changes(client, filmmaker, make_film):
    film = make_film(owner=filmmaker, runtime_s=5530)
    page = client.get(f"/films/{film.id}/edit").get_data(as_text=True)
    assert 'value="1:32:10"' in field_html(page, "runtime")
    assert 'value="김하늘"' in field_html(page, "credits-0-name")
    assert 'id="credits-1-name"' in page, "a blank row to add a credit"
    data = film_data(
        title="고요한 바다",
        runtime="95",
        genres=[],
        **{"credits-0-name": "", "credits-1-name": "Ada"},
    )
    response = client.post(f"/films/{film.id}/edit", data=data)
    assert response.status_code == 302
    film = reload(film)
    assert film.title == "고요한 바다" and film.runtime_s == 95 * 60 and film.genres == []
    assert [c.name for c in film.credits] == ["Ada"]
    assert events_for(film)[-1].verb == "updated"


def test_staff_may_open_and_edit_a_film(client, make_user, auth, make_film):
    film = make_film()
    auth.login(make_user(Role.PROGRAMMER))
    page = client.get(f"/films/{film.id}").get_data(as_text=True)
    assert "Entered by" in page and film.owner.name in page
    assert client.post(f"/films/{film.id}/edit", data=film_data()).status_code == 302


def film_urls(film, image) -> list[tuple[str, str]]:
    base = f"/films/{film.id}"
    return [
        ("GET", base),
        ("GET", f"{base}/edit"),
        ("POST", f"{base}/edit"),
        ("POST", f"{base}/poster"),
        ("POST", f"{base}/stills"),
        ("GET", f"{base}/images/{image.id}"),
        ("GET", f"{base}/images/{image.id}/thumb"),
        ("GET", f"{base}/images/{image.id}/remove"),
        ("POST", f"{base}/images/{image.id}/remove"),
    ]


def test_another_filmmaker_gets_404_on_every_film_url(client, make_user, auth, make_film):
    film = make_film()
    image = factories.make_film_image(film, "poster")
    auth.login(make_user(Role.FILMMAKER))
    for method, url in film_urls(film, image):
        assert client.open(url, method=method, data=film_data()).status_code == 404, url
    assert reload(film).title == "The Quiet Sea" and film.poster is not None


def test_unknown_films_and_images_are_404(client, filmmaker, make_film):
    film = make_film(owner=filmmaker)
    elsewhere = factories.make_film_image(make_film(), "poster")
    assert client.get("/films/999999").status_code == 404
    assert client.get(f"/films/{film.id}/images/{elsewhere.id}").status_code == 404


# Images


def test_a_png_named_jpg_is_accepted_as_poster(client, filmmaker, make_film):
    film = make_film(owner=filmmaker)
    response = upload(client, film, "poster", image_bytes((600, 900)), "poster.jpg")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/films/{film.id}#poster")
    poster = reload(film).poster
    assert (poster.width, poster.height) == (600, 900)
    image = client.get(f"/films/{film.id}/images/{poster.id}")
    assert image.status_code == 200
    assert image.mimetype == "image/jpeg"
    assert image.data[:3] == b"\xff\xd8\xff"
    assert "private" in image.headers["Cache-Control"]


def test_a_text_file_named_png_is_refused_with_a_message_by_the_field(client, filmmaker, make_film):
    film = make_film(owner=filmmaker)
    response = upload(client, film, "still", b"just some text\n" * 50, "still.png")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "not a JPEG, PNG or WebP image" in field_html(page, "still-file")
    assert reload(film).stills == []


def test_a_tiny_png_of_63_million_pixels_is_refused_on_the_page(client, filmmaker, make_film):
    film = make_film(owner=filmmaker)
    response = upload(client, film, "poster", image_bytes((8000, 7900), "PNG", 0, "1"), "p.png")

    assert response.status_code == 200
    field = field_html(response.get_data(as_text=True), "poster-file")
    assert "more than 40 million pixels. Export a smaller one." in field
    assert reload(film).poster is None


def test_an_upload_without_a_file_asks_for_one(client, filmmaker, make_film):
    film = make_film(owner=filmmaker)
    page = client.post(f"/films/{film.id}/poster").get_data(as_text=True)
    assert "Choose an image file to upload." in field_html(page, "poster-file")


def test_an_upload_over_the_limit_is_refused_with_the_limit(client, filmmaker, make_film, app):
    film = make_film(owner=filmmaker)
    limit = 1024 * 1024
    app.config["FILM_IMAGE_MAX_BYTES"] = limit
    try:
        big = image_bytes((2000, 2000), "PNG", color=None, mode="RGB")
        big += b"\0" * (limit + 10)
        page = upload(client, film, "poster", big, "huge.png").get_data(as_text=True)
    finally:
        del app.config["FILM_IMAGE_MAX_BYTES"]
    assert "larger than 1 MB" in field_html(page, "poster-file")
    assert reload(film).poster is None


def test_images_are_served_conditionally_to_owner_and_staff_only(
    client, auth, make_user, make_film
):
    film = make_film()
    still = factories.make_film_image(film, "still")
    url = f"/films/{film.id}/images/{still.id}/thumb"
    assert "/login" in client.get(url).headers["Location"]
    auth.login(film.owner)
    first = client.get(url)
    assert first.status_code == 200 and first.headers.get("ETag")
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    auth.logout()
    auth.login(make_user(Role.ADMIN))
    assert client.get(url).status_code == 200
    auth.logout()
    auth.login(make_user(Role.JUROR))
    assert client.get(url).status_code == 403


def test_removing_a_still_asks_then_removes_it(client, filmmaker, make_film):
    film = make_film(owner=filmmaker)
    still = factories.make_film_image(film, "still")
    url = f"/films/{film.id}/images/{still.id}/remove"
    assert "Remove this still?" in client.get(url).get_data(as_text=True)
    response = client.post(url)
    assert response.headers["Location"].endswith(f"/films/{film.id}#stills")
    assert reload(film).stills == []


@pytest.mark.parametrize("count", [10])
def test_the_still_upload_disappears_at_the_limit(client, filmmaker, make_film, count):
    film = make_film(owner=filmmaker)
    for _ in range(count):
        factories.make_film_image(film, "still", data=factories.png_bytes(400, 400))
    page = client.get(f"/films/{film.id}").get_data(as_text=True)
    assert 'id="still-file"' not in page
    assert "the most it can have" in page
