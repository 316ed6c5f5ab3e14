"""The screener upload page: what it gives the uploader script, in both languages."""

from __future__ import annotations

import json
import re

import pytest

from festival.accounts.enums import Role
from tests import factories
from tests.conftest import sign_in


@pytest.fixture
def film(app_ctx):
    return factories.make_film(title="바다의 기억")


def strings_of(html: str) -> dict:
    blob = re.search(r'<script type="application/json" data-strings>(.*?)</script>', html, re.S)
    return json.loads(blob.group(1))


def test_the_owner_gets_the_uploader_with_progress_and_controls(client, auth, film):
    auth.login(film.owner)

    response = client.get(f"/films/{film.id}/screener")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'data-endpoint="/films/{film.id}/uploads"' in html
    assert '<label for="screener-file">' in html and 'id="screener-file"' in html
    assert "<progress" in html
    assert 'data-action="pause"' in html and 'data-action="resume"' in html
    assert "vendor/tus-js-client-4.3.1/tus.min.js" in html and "js/upload.js" in html
    assert f'data-status-url="/films/{film.id}/screener/status.json"' in html
    assert "바다의 기억" in html
    assert "20.0 GB" in html


def test_the_script_texts_come_from_the_page_in_korean(client, auth, app_ctx):
    owner = factories.make_user(Role.FILMMAKER, locale="ko")
    film = factories.make_film(owner=owner)
    auth.login(owner)

    strings = strings_of(client.get(f"/films/{film.id}/screener").get_data(as_text=True))

    assert set(strings) >= {"sent", "speed", "paused", "retrying", "done", "failed", "resuming"}
    assert "{percent}%" in strings["paused"] and "%%" not in strings["paused"]
    assert re.search("[가-힣]", strings["done"])
    assert re.search("[가-힣]", strings["retrying"])


def test_the_page_says_how_many_uploads_may_be_in_progress(client, auth, app_ctx):
    english = factories.make_film()
    korean = factories.make_film(owner=factories.make_user(Role.FILMMAKER, locale="ko"))

    auth.login(english.owner)
    html = client.get(f"/films/{english.id}/screener").get_data(as_text=True)
    auth.logout()
    auth.login(korean.owner)
    korean_html = client.get(f"/films/{korean.id}/screener").get_data(as_text=True)

    assert "You can have 2 uploads in progress for one film and 4 in all at once" in html
    assert "without progress for 10 minutes makes room for a new one" in html
    assert "업로드는 2개, 계정 전체로는 4개" in korean_html and "10분" in korean_html


def test_unfinished_uploads_are_listed_for_resuming(client, auth, film):
    upload = factories.make_upload(film, length=1000, data=b"x" * 250, filename="<b>최종.mov")
    auth.login(film.owner)

    html = client.get(f"/films/{film.id}/screener").get_data(as_text=True)

    assert "&lt;b&gt;최종.mov: 25% received" in html
    resumable = json.loads(re.search(r"data-resumable>(.*?)</script>", html, re.S).group(1))
    assert resumable == [
        {"url": f"/uploads/{upload.token}", "filename": "<b>최종.mov", "length": 1000}
    ]


def test_the_limit_shown_is_the_films_own(client, auth, film):
    factories.make_submission(film, factories.make_edition(screener_max_file_gib=4).categories[0])
    auth.login(film.owner)

    html = client.get(f"/films/{film.id}/screener").get_data(as_text=True)

    assert f'data-limit-bytes="{4 * 1024**3}"' in html
    assert "4.0 GB" in html


def test_staff_may_open_the_page_and_others_may_not(app, client, auth, film):
    url = f"/films/{film.id}/screener"
    auth.login(factories.make_user(Role.PROGRAMMER))
    assert client.get(url).status_code == 200

    other = sign_in(app.test_client(), factories.make_user(Role.FILMMAKER))
    missing = other.get(url)
    assert missing.status_code == 404
    assert "<html" in missing.get_data(as_text=True)


def test_the_film_page_links_to_the_screener(client, auth, film):
    auth.login(film.owner)

    html = client.get(f"/films/{film.id}").get_data(as_text=True)

    assert f'href="/films/{film.id}/screener"' in html


def test_the_vendored_client_is_served(client):
    response = client.get("/static/vendor/tus-js-client-4.3.1/tus.min.js")

    assert response.status_code == 200
    assert b"tus" in response.data[:400]
    response.close()


def test_the_page_names_and_offers_exactly_the_accepted_containers(client, auth, film):
    from festival.editions.enums import CONTAINER_EXTENSIONS, Container

    auth.login(film.owner)
    html = client.get(f"/films/{film.id}/screener").get_data(as_text=True)
    accept = re.search(r'accept="([^"]*)"', html).group(1).split(",")
    assert accept[0] == "video/*"
    assert sorted(accept[1:]) == sorted(e for c in Container for e in CONTAINER_EXTENSIONS[c])
    assert "(MP4, QuickTime (MOV), Matroska (MKV), WebM, MXF, MPEG-TS, MPEG-PS, AVI)" in html


def test_a_ready_screener_failing_a_requirement_says_which_on_its_status_box(
    client, auth, film, probe_of
):
    """The default requirements ask for at least 1280×720; this sample is 320×240."""
    probe = probe_of("plain")
    factories.make_screener(
        film, probe=probe.to_dict(), qc={"measurements": {"integrated_lufs": -24}, "notes": []}
    )
    auth.login(film.owner)

    status = client.get(f"/films/{film.id}/screener/status.json").get_json()["latest"]
    page = client.get(f"/films/{film.id}").get_data(as_text=True)

    assert status["state"] == "ready"
    assert status["reason"].startswith("Ready, but it does not meet every technical requirement")
    assert "Resolution: The picture is smaller than required. (found 320×240" in status["reason"]
    assert "Resolution: The picture is smaller than required." in page
