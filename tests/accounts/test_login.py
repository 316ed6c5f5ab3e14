import pytest
from argon2 import PasswordHasher

from festival.accounts.enums import Role
from tests import factories


def test_login_with_wrong_password_says_so_and_keeps_email(client, make_user):
    user = make_user(Role.FILMMAKER)
    response = client.post("/login", data={"email": user.email, "password": "wrong password"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "do not match" in text
    assert f'value="{user.email}"' in text


def test_login_is_rate_limited(client, make_user):
    user = make_user(Role.FILMMAKER)
    statuses = [
        client.post("/login", data={"email": user.email, "password": "nope nope"}).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def count_verifications(monkeypatch) -> list:
    """Count the password hasher's real verifications."""
    calls = []
    real_verify = PasswordHasher.verify

    def verify(self, hash, password):
        calls.append(hash)
        return real_verify(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", verify)
    return calls


@pytest.mark.parametrize("account", ["unknown", "wrong password", "inactive", "no password"])
def test_every_failed_login_costs_one_password_verification(
    client, make_user, monkeypatch, account
):
    users = {
        "wrong password": lambda: make_user(Role.FILMMAKER),
        "inactive": lambda: make_user(Role.FILMMAKER, is_active=False),
        "no password": lambda: make_user(Role.JUROR, password=None),
    }
    email = users[account]().email if account in users else "nobody@example.org"
    password = "wrong password" if account == "wrong password" else factories.PASSWORD
    verifications = count_verifications(monkeypatch)

    response = client.post("/login", data={"email": email, "password": password})

    assert "do not match" in response.get_data(as_text=True)
    assert len(verifications) == 1


def test_a_successful_login_costs_one_password_verification(client, make_user, monkeypatch):
    user = make_user(Role.FILMMAKER)
    verifications = count_verifications(monkeypatch)

    assert (
        client.post(
            "/login", data={"email": user.email, "password": factories.PASSWORD}
        ).status_code
        == 302
    )
    assert verifications == [user.password_hash]
