"""Registering: name, address and language, then a link emailed to the address finishes the
account with a password. The page after is the same whether or not the address has an
account; an address that has one is told so by email, never on the page."""

from __future__ import annotations

import re

from festival.accounts.enums import Role
from festival.accounts.services import find_by_email
from festival.audit.services import events_for
from tests.accounts.test_passwords_and_invitations import last_email_to, link_path

PASSWORD = "a long enough pass"


def start_registration(
    client, email="director@example.org", name="김감독", locale="ko", timezone=None, **kw
):
    data = {"name": name, "email": email, "locale": locale}
    if timezone is not None:
        data["timezone"] = timezone  # what static/js/time-zone.js puts in the hidden field
    return client.post("/register", data=data, **kw)


def finish(client, path, password=PASSWORD, **kw):
    return client.post(path, data={"password": password, "confirm": password}, **kw)


def page_without_tokens(response) -> str:
    """The page with its CSRF tokens (signed, different on every session) taken out."""
    return re.sub(r"[\w-]{20,}\.[\w-]+\.[\w-]+", "TOKEN", response.get_data(as_text=True))


def test_filmmaker_registers_through_the_emailed_link_and_is_logged_in(client, app_ctx):
    response = start_registration(client, email="Director@Example.org ")
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    assert find_by_email("director@example.org") is None
    email = last_email_to("director@example.org")
    assert "김감독" in email.body

    path = link_path(email)
    assert "director@example.org" in client.get(path).get_data(as_text=True)
    assert finish(client, path).status_code == 302

    page = client.get("/account")
    assert page.status_code == 200
    assert "김감독" in page.get_data(as_text=True)
    assert "director@example.org" in page.get_data(as_text=True)
    user = find_by_email("director@example.org")
    assert user.roles == {Role.FILMMAKER}
    assert user.locale == "ko"
    assert [event.verb for event in events_for(user)] == ["registered"]


def test_the_browsers_time_zone_becomes_the_accounts_clock(client, app_ctx):
    page = client.get("/register").get_data(as_text=True)
    assert re.search(r'<input[^>]*data-browser-time-zone[^>]*name="timezone"', page)
    assert "js/time-zone.js" in page
    start_registration(client, timezone="Asia/Seoul")
    assert finish(client, link_path(last_email_to("director@example.org"))).status_code == 302
    assert find_by_email("director@example.org").timezone == "Asia/Seoul"


def test_a_zone_this_machine_does_not_know_is_left_out_without_a_word(client, app_ctx):
    response = start_registration(client, timezone="Mars/Olympus_Mons")
    assert "Check your email" in response.get_data(as_text=True)
    assert finish(client, link_path(last_email_to("director@example.org"))).status_code == 302
    assert find_by_email("director@example.org").timezone is None


def test_a_registration_link_works_once(app, client, app_ctx):
    start_registration(client)
    path = link_path(last_email_to("director@example.org"))
    finish(client, path)

    again = app.test_client()
    response = finish(again, path, password="another long passphrase")

    assert response.status_code == 400
    assert "no longer works" in response.get_data(as_text=True)
    assert 'href="/register"' in response.get_data(as_text=True)


def test_an_expired_registration_link_is_refused(app, client, app_ctx, monkeypatch):
    start_registration(client)
    monkeypatch.setitem(app.config, "REGISTRATION_MAX_AGE_S", -1)

    assert client.get(link_path(last_email_to("director@example.org"))).status_code == 400


def test_a_forged_registration_link_is_refused(client, app_ctx):
    assert client.get("/register/eyJlbWFpbCI6ImFAYi5jIn0.forged").status_code == 400


def test_registering_an_existing_address_looks_the_same_and_emails_its_owner(
    app, client, make_user
):
    owner = make_user(Role.JUROR, email="taken@example.org", name="Owner Kim")
    new = start_registration(app.test_client(), email="fresh@example.org", name="Visitor")
    taken = start_registration(app.test_client(), email="taken@example.org", name="Visitor")

    assert taken.status_code == new.status_code == 200
    assert page_without_tokens(taken) == page_without_tokens(new).replace(
        "fresh@example.org", "taken@example.org"
    )
    email = last_email_to("taken@example.org")
    assert "Owner Kim" in email.body
    assert "already have one" in email.body
    assert "/login" in email.body and "/password/forgot" in email.body
    assert "/register/" not in email.body
    assert owner.roles == {Role.JUROR}


def test_registration_is_rate_limited_with_the_sites_page(client, app_ctx):
    statuses = [
        start_registration(client, email=f"person{n}@example.org").status_code for n in range(10)
    ]
    refused = start_registration(client, email="one.more@example.org")

    assert statuses == [200] * 10
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert last_email_to("one.more@example.org") is None
