"""A session ends for good: logging out refuses every cookie issued before it (the session and
remember-me cookies carry the user's session token, which logging out replaces), signing in
starts a fresh session, and "Sign out everywhere else" ends every other device's session."""

from __future__ import annotations

from festival.accounts.enums import Role
from tests import factories
from tests.accounts.test_passwords_and_invitations import NEW_PASSWORD, last_email_to, link_path


def signed_in_client(app, user, **extra):
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": factories.PASSWORD, **extra})
    return client


def sent_to_login(response) -> bool:
    return response.status_code == 302 and "/login" in response.location


def test_a_session_cookie_copied_before_logout_no_longer_opens_the_account(app, make_user):
    client = signed_in_client(app, make_user(Role.FILMMAKER))
    copied = client.get_cookie("session").value
    assert client.get("/account").status_code == 200

    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", copied)

    assert sent_to_login(replay.get("/account"))


def test_a_remember_me_cookie_copied_before_logout_is_refused(app, make_user):
    client = signed_in_client(app, make_user(Role.FILMMAKER), remember="y")
    remembered = client.get_cookie("remember_token").value
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remembered)
    assert fresh.get("/account").status_code == 200

    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("remember_token", remembered)

    assert sent_to_login(replay.get("/account"))


def test_login_starts_a_fresh_session(app, client, make_user):
    user = make_user(Role.FILMMAKER)
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["locale"] = "ko"
    client.post("/login", data={"email": user.email, "password": factories.PASSWORD})

    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["locale"] == "ko"
        assert session["_user_id"] == user.session_token


def test_sign_out_everywhere_else_ends_the_other_sessions_and_keeps_this_one(app, make_user):
    user = make_user(Role.FILMMAKER)
    here = signed_in_client(app, user, remember="y")
    elsewhere = signed_in_client(app, user, remember="y")
    elsewhere_remembered = elsewhere.get_cookie("remember_token").value
    assert "Sign out everywhere else" in here.get("/account").get_data(as_text=True)

    response = here.post("/account/sign-out-elsewhere", follow_redirects=True)

    assert "signed out on every other device" in response.get_data(as_text=True)
    assert sent_to_login(elsewhere.get("/account"))
    replay = app.test_client()
    replay.set_cookie("remember_token", elsewhere_remembered)
    assert sent_to_login(replay.get("/account"))
    assert here.get("/account").status_code == 200
    remembered_here = app.test_client()
    remembered_here.set_cookie("remember_token", here.get_cookie("remember_token").value)
    assert remembered_here.get("/account").status_code == 200


def test_a_password_reset_ends_the_other_sessions(app, client, make_user):
    user = make_user(Role.FILMMAKER)
    elsewhere = signed_in_client(app, user)
    client.post("/password/forgot", data={"email": user.email})

    client.post(
        link_path(last_email_to(user.email)),
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert client.get("/account").status_code == 200
    assert sent_to_login(elsewhere.get("/account"))
