"""The account page: a user's name, language and time zone."""

from __future__ import annotations

import pytest

from festival.accounts import services
from festival.accounts.enums import Role
from festival.extensions import db
from tests.conftest import sign_in
from tests.pages import reload

UNKNOWN_ZONE = "Choose a time zone from the list, e.g. Asia/Seoul."


def settings_form(user, **fields) -> dict:
    return {"name": user.name, "locale": user.locale or "en", "timezone": ""} | fields


@pytest.fixture
def viewer(app, make_user):
    return make_user(Role.FILMMAKER)


def test_a_user_chooses_their_time_zone_on_the_account_page(app, viewer):
    client = sign_in(app.test_client(), viewer)
    page = client.get("/account").get_data(as_text=True)
    assert "Leave it empty for the site&#39;s default, UTC." in page
    assert '<option value="Asia/Seoul">' in page

    response = client.post("/account", data=settings_form(viewer, timezone=" Asia/Seoul "))

    assert response.status_code == 302
    assert reload(viewer).timezone == "Asia/Seoul"
    assert 'value="Asia/Seoul"' in client.get("/account").get_data(as_text=True)


def test_an_empty_time_zone_goes_back_to_the_sites_default(app, viewer):
    viewer.timezone = "Asia/Seoul"
    db.session.flush()
    client = sign_in(app.test_client(), viewer)

    assert client.post("/account", data=settings_form(viewer)).status_code == 302
    assert reload(viewer).timezone is None


@pytest.mark.parametrize("zone", ["Mars/Olympus", "KST", "asia/seoul", "+09:00"])
def test_an_unknown_time_zone_is_refused_with_a_clear_message(app, viewer, zone):
    viewer.timezone = "Europe/Paris"
    db.session.flush()
    name = viewer.name
    client = sign_in(app.test_client(), viewer)

    response = client.post("/account", data=settings_form(viewer, name="New name", timezone=zone))

    assert response.status_code == 200
    assert UNKNOWN_ZONE in response.get_data(as_text=True)
    assert (reload(viewer).timezone, viewer.name) == ("Europe/Paris", name)


def test_the_settings_service_refuses_an_unknown_time_zone(viewer):
    with pytest.raises(services.AccountError) as refused:
        services.update_settings(viewer, name="x", locale="en", timezone="Mars/Olympus")
    assert (str(refused.value), refused.value.field) == (UNKNOWN_ZONE, "timezone")
