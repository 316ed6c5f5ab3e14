"""Passwords that are common, repeated or built from who you are are refused wherever a
password is set (NIST SP 800-63B 5.1.1.2), with a message that says what to choose instead."""

from __future__ import annotations

import re

import pytest

from festival.accounts.enums import Role
from festival.accounts.models import User
from festival.accounts.passwords import password_context, weakness
from festival.accounts.services import find_by_email
from festival.extensions import db
from tests.accounts.test_passwords_and_invitations import last_email_to, link_path

TOO_EASY = "too easy to guess"
WEAK = ["aaaaaaaaaa", "1234567890", "password123", "qwertyuiop"]


@pytest.mark.parametrize("password", WEAK)
def test_common_and_repeated_passwords_are_weak(app_ctx, password):
    assert weakness(password) is not None


@pytest.mark.parametrize(
    "password",
    [
        "Ada Lovelace 1815",
        "adalovelace!!",
        "ada.lovelace@example.org",
        "lovelace-example-2024",
        "AI Film Festival 2025",
        "filmfestival2025",
    ],
)
def test_passwords_built_from_the_name_email_or_festival_are_weak(app_ctx, password):
    context = password_context(email="ada.lovelace@example.org", name="Ada Lovelace")

    assert weakness(password, context=context) is not None


def test_a_hangul_name_is_context_too(app_ctx):
    context = password_context(email="sujin@example.org", name="이수진")

    assert weakness("이수진이수진1234", context=context) is not None


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "quiet sea at dawn", "a long enough pass", "x" * 200],
)
def test_a_phrase_of_unrelated_words_passes(app_ctx, password):
    context = password_context(email="ada.lovelace@example.org", name="Ada Lovelace")

    assert (weakness(password, context=context) is None) is (password != "x" * 200)


def test_a_short_password_says_how_long_it_must_be(app_ctx):
    assert "at least 10 characters" in str(weakness("Zq8#wT"))


def register(client, password, headers=None, **extra):
    """Register Ada Lovelace (or `extra`'s person) and post `password` on the page the emailed
    link opens; return the response and the link."""
    data = {"name": "Ada Lovelace", "email": "ada.lovelace@example.org", "locale": "en"} | extra
    client.post("/register", data=data, headers=headers)
    path = link_path(last_email_to(data["email"]))
    response = client.post(path, data={"password": password, "confirm": password}, headers=headers)
    return response, path


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "1234567890", "Ada Lovelace 1815"])
def test_registration_refuses_a_weak_password_and_keeps_the_rest(client, app_ctx, password):
    response, path = register(client, password)

    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert TOO_EASY in text
    assert "Ada Lovelace" in text
    assert "ada.lovelace@example.org" in text
    assert find_by_email("ada.lovelace@example.org") is None
    assert client.get(path).status_code == 200


def test_the_refusal_is_in_korean_for_a_korean_visitor(client, app_ctx):
    response, _path = register(
        client,
        "aaaaaaaaaa",
        headers={"Accept-Language": "ko"},
        name="이수진",
        email="sujin@example.org",
        locale="ko",
    )

    assert response.status_code == 200
    assert "추측하기 쉬운 비밀번호" in response.get_data(as_text=True)


def test_a_reset_refuses_a_weak_password_and_keeps_the_old_one(client, make_user):
    user = make_user(Role.FILMMAKER)
    client.post("/password/forgot", data={"email": user.email})
    path = link_path(last_email_to(user.email))
    old_hash = user.password_hash

    response = client.post(path, data={"password": "1234567890", "confirm": "1234567890"})

    assert response.status_code == 200
    assert TOO_EASY in response.get_data(as_text=True)
    db.session.expire_all()
    assert user.password_hash == old_hash
    assert client.get(path).status_code == 200


def test_an_invitation_refuses_a_weak_password(client, auth, make_user):
    auth.login(make_user(Role.ADMIN))
    client.post(
        "/admin/people/invite",
        data={"name": "Juror Kim", "email": "juror.kim@example.org", "roles": ["juror"]},
    )
    auth.logout()
    path = link_path(last_email_to("juror.kim@example.org"))

    response = client.post(path, data={"password": "jurorkim2024", "confirm": "jurorkim2024"})

    assert response.status_code == 200
    assert TOO_EASY in response.get_data(as_text=True)
    invited = db.session.scalar(db.select(User).where(User.email == "juror.kim@example.org"))
    assert not invited.has_password


def test_create_user_on_the_command_line_refuses_a_weak_password(app_ctx, runner):
    arguments = ["--email", "c@example.org", "--name", "C", "--role", "juror"]
    result = runner.invoke(args=["festival", "create-user", *arguments, "--password", "aaaaaaaaaa"])

    assert result.exit_code == 1
    assert TOO_EASY in result.output
    assert find_by_email("c@example.org") is None


def test_the_message_says_what_to_do(app_ctx):
    message = str(weakness("aaaaaaaaaa"))

    assert re.search(r"four or more (unrelated )?words", message)
