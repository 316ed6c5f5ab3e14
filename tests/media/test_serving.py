"""Media files: only after the access check, with range requests or the proxy's redirect."""

import urllib.request

from festival.accounts.enums import Role
from festival.extensions import db
from festival.media.enums import AssetKind
from festival.media.storage import move_to_media_store
from tests import factories
from tests.conftest import sign_in


def asset_url(screener):
    return f"/media/{screener.assets[0].id}"


def test_the_owner_gets_byte_ranges_of_a_preview(client, auth, app_ctx):
    film = factories.make_film()
    screener = factories.make_screener(film)
    auth.login(film.owner)
    response = client.get(asset_url(screener), headers={"Range": "bytes=0-9"})
    assert response.status_code == 206
    assert response.headers["Content-Range"].startswith("bytes 0-9/")
    assert len(response.data) == 10
    assert response.headers["Content-Type"] == "video/mp4"
    assert "preview-720.mp4" in response.headers["Content-Disposition"]


def test_another_filmmaker_and_an_unassigned_juror_get_nothing(client, auth, make_user):
    screener = factories.make_screener(factories.make_film())
    for role in (Role.FILMMAKER, Role.JUROR):
        auth.login(make_user(role))
        assert client.get(asset_url(screener)).status_code == 404
        auth.logout()


def test_behind_nginx_the_file_is_sent_by_an_internal_redirect(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_ACCEL", "nginx")
    with app.app_context():
        film = factories.make_film()
        screener = factories.make_screener(film)
        auth.login(film.owner)
        response = client.get(asset_url(screener))
    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["X-Accel-Redirect"] == (f"/protected-media/{screener.assets[0].path}")


def test_playback_answers_byte_ranges_from_either_store_after_the_access_check(
    app, client, app_ctx, media_storage, make_user
):
    film = factories.make_film()
    screener = factories.make_screener(film, storyboard_sheets=1)
    move_to_media_store(screener)
    db.session.flush()
    preview = screener.asset(AssetKind.PREVIEW_720)
    sign_in(client, film.owner)

    response = client.get(f"/media/{preview.id}", headers={"Range": "bytes=0-9"})

    if media_storage == "s3":  # a redirect to a short-lived URL, which answers the range
        assert response.status_code == 302
        assert response.headers["Cache-Control"] == "private, no-store"
        assert "X-Amz-Expires=300" in response.headers["Location"]
        policy = response.headers["Content-Security-Policy"]
        assert f"media-src 'self' blob: {app.config['S3_ENDPOINT_URL']}" in policy
        ranged = urllib.request.Request(
            response.headers["Location"], headers={"Range": "bytes=0-9"}
        )
        with urllib.request.urlopen(ranged) as answer:
            status, headers, body = answer.status, answer.headers, answer.read()
    else:
        status, headers, body = response.status_code, response.headers, response.data
    assert status == 206
    assert headers["Content-Range"] == f"bytes 0-9/{preview.bytes}"
    assert body == b"\x00\x00\x00\x18ftypis"
    assert headers["Content-Type"] == "video/mp4"
    assert "preview-720.mp4" in headers["Content-Disposition"]

    sheet = screener.asset(AssetKind.STORYBOARD)
    track = client.get(f"/screeners/{screener.id}/storyboard.vtt").get_data(as_text=True)
    assert f"/media/{sheet.id}#xywh=0,0,160,90" in track

    sign_in(client, make_user(Role.FILMMAKER))
    assert client.get(f"/media/{preview.id}").status_code == 404  # no redirect without access
