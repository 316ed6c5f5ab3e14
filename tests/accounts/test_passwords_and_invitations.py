import re

from festival.accounts.enums import Role
from festival.accounts.models import User
from festival.extensions import db
from festival.notifications.models import OutboxEmail

NEW_PASSWORD = "a brand new passphrase"


def last_email_to(address: str) -> OutboxEmail:
    return db.session.scalars(
        db.select(OutboxEmail).where(OutboxEmail.to == address).order_by(OutboxEmail.id.desc())
    ).first()


def link_path(email: OutboxEmail) -> str:
    url = re.search(r"https?://\S+", email.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def test_reset_link_sets_a_new_password_once(client, make_user):
    user = make_user(Role.FILMMAKER)
    response = client.post("/password/forgot", data={"email": user.email.upper()})
    assert response.status_code == 302
    path = link_path(last_email_to(user.email))

    page = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert page.status_code == 302
    client.post("/logout")
    assert (
        client.post("/login", data={"email": user.email, "password": NEW_PASSWORD}).status_code
        == 302
    )

    reused = client.post(
        path, data={"password": "another passphrase", "confirm": "another passphrase"}
    )
    assert reused.status_code == 400
    assert "no longer works" in reused.get_data(as_text=True)


def test_expired_reset_link_is_refused(app, client, make_user, monkeypatch):
    user = make_user(Role.FILMMAKER)
    client.post("/password/forgot", data={"email": user.email})
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE_S", -1)
    response = client.get(link_path(last_email_to(user.email)))
    assert response.status_code == 400


def test_unknown_address_gets_the_same_answer_and_no_email(client, app_ctx):
    response = client.post("/password/forgot", data={"email": "nobody@example.org"})
    assert response.status_code == 302
    assert last_email_to("nobody@example.org") is None


def test_reset_email_is_written_in_the_users_language(client, make_user):
    user = make_user(Role.FILMMAKER, name="이수진", locale="ko")
    client.post("/password/forgot", data={"email": user.email})
    email = last_email_to(user.email)
    assert "이수진" in email.body
    assert "비밀번호" in email.subject


def test_admin_invites_a_juror_who_sets_a_password(client, auth, make_user):
    admin = make_user(Role.ADMIN)
    auth.login(admin)
    response = client.post(
        "/admin/people/invite",
        data={
            "name": "Juror Kim 김",
            "email": "juror@example.org",
            "roles": ["juror", "programmer"],
        },
    )
    assert response.status_code == 302
    invited = db.session.scalar(db.select(User).where(User.email == "juror@example.org"))
    assert invited.roles == {Role.JUROR, Role.PROGRAMMER}
    assert not invited.has_password

    auth.logout()
    path = link_path(last_email_to("juror@example.org"))
    assert (
        client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 302
    )
    assert client.get("/account").status_code == 200
    assert client.get(path).status_code == 400


def test_invitation_form_keeps_input_and_explains_errors(client, auth, make_user):
    auth.login(make_user(Role.ADMIN))
    response = client.post(
        "/admin/people/invite", data={"name": "Programmer 박", "email": "not-an-email"}
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter a valid email address." in text
    assert "Choose at least one role." in text
    assert 'value="Programmer 박"' in text


def test_admin_changes_roles_and_deactivation_ends_sessions(app, client, auth, make_user):
    admin = make_user(Role.ADMIN)
    programmer = make_user(Role.PROGRAMMER)
    other = app.test_client()
    other.post(
        "/login", data={"email": programmer.email, "password": "correct horse battery staple"}
    )
    assert other.get("/manage/editions").status_code == 200

    auth.login(admin)
    response = client.post(
        f"/admin/people/{programmer.id}", data={"roles": ["programmer", "juror"], "is_active": ""}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert programmer.roles == {Role.PROGRAMMER, Role.JUROR}
    assert programmer.is_active is False
    assert other.get("/manage/editions").status_code == 302
    assert (
        other.post(
            "/login", data={"email": programmer.email, "password": "correct horse battery staple"}
        ).status_code
        == 200
    )


def test_admin_cannot_remove_own_admin_role(client, auth, make_user):
    admin = make_user(Role.ADMIN)
    auth.login(admin)
    response = client.post(f"/admin/people/{admin.id}", data={"roles": ["juror"], "is_active": "y"})
    assert response.status_code == 200
    assert "cannot remove your own admin role" in response.get_data(as_text=True)
    db.session.expire_all()
    assert Role.ADMIN in admin.roles


def test_unknown_person_is_404(client, auth, make_user):
    auth.login(make_user(Role.ADMIN))
    assert client.get("/admin/people/999999").status_code == 404
