"""Media files: only after the access check, with range requests or the proxy's redirect."""

from festival.accounts.enums import Role
from tests import factories


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
