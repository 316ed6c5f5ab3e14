"""Personal access tokens: made on the account page and shown once, stored as a hash,
scoped, revoked, expiring; every call audited; a rate limit per token, and one per address
for calls without a usable token."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest

from festival.accounts.enums import Role
from festival.api.tokens.enums import READ_ONLY
from festival.api.tokens.models import ApiToken
from festival.audit.models import AuditEvent
from festival.database import utcnow
from festival.extensions import db
from tests import factories
from tests.api.conftest import bearer, make_token
from tests.conftest import sign_in

SECRET = re.compile(r'value="(fest_[A-Za-z0-9_-]{43})"')


def test_account_page_shows_a_new_token_once_and_stores_only_its_hash(app, client, make_user):
    user = make_user(Role.FILMMAKER)
    sign_in(client, user)
    made = client.post(
        "/account/tokens", data={"name": "Website sync", "access": "read", "expires_in_days": ""}
    )
    assert made.status_code == 200
    assert made.headers["Cache-Control"] == "no-store"
    secret = SECRET.search(made.get_data(as_text=True)).group(1)
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(db.session.execute(db.select(ApiToken.__table__)).all())
    assert token.scopes == ["read"] and token.expires_at is None
    again = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in again and token.prefix in again
    assert client.get("/api/v1/films", headers=bearer(secret)).status_code == 200


def test_a_token_without_write_scope_cannot_write(app_ctx, client):
    user = factories.make_user(Role.FILMMAKER)
    _, secret = make_token(user, READ_ONLY)
    response = client.post("/api/v1/films", json={}, headers=bearer(secret))
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert client.get("/api/v1/films", headers=bearer(secret)).status_code == 200


def test_a_token_acts_only_within_its_users_role(app_ctx, client):
    juror = factories.make_user(Role.JUROR)
    _, secret = make_token(juror)
    response = client.get("/api/v1/films", headers=bearer(secret))
    assert response.status_code == 403
    assert response.json["type"] == "urn:festival:problem:role"


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Basic abc"}, bearer("fest_unknown"), bearer("not-a-token")],
)
def test_missing_or_unknown_tokens_get_401_with_a_bearer_challenge(app_ctx, client, headers):
    response = client.get("/api/v1/films", headers=headers)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["detail"]


def test_revoked_and_expired_tokens_are_refused_with_their_reason(app_ctx, client):
    user = factories.make_user(Role.FILMMAKER)
    sign_in(client, user)
    token, secret = make_token(user)
    db.session.commit()
    revoke = client.post("/account/tokens/revoke", data={"token_id": str(token.id)})
    assert revoke.status_code == 302
    refused = client.get("/api/v1/films", headers=bearer(secret))
    assert refused.status_code == 401 and "revoked" in refused.json["detail"]

    _, old = make_token(user, expires_at=utcnow() + timedelta(seconds=1))
    db.session.execute(db.update(ApiToken).values(expires_at=utcnow() - timedelta(days=1)))
    expired = client.get("/api/v1/films", headers=bearer(old))
    assert expired.status_code == 401 and "expired" in expired.json["detail"]


def test_nobody_revokes_anothers_token(app_ctx, client):
    owner, other = factories.make_user(Role.FILMMAKER), factories.make_user(Role.FILMMAKER)
    token, secret = make_token(owner)
    sign_in(client, other)
    assert (
        client.post("/account/tokens/revoke", data={"token_id": str(token.id)}).status_code == 404
    )
    assert client.get("/api/v1/films", headers=bearer(secret)).status_code == 200


def test_the_session_cookie_never_signs_in_to_the_api(app_ctx, client):
    sign_in(client, factories.make_user(Role.FILMMAKER))
    response = client.get("/api/v1/films")
    assert response.status_code == 401


def test_every_call_with_a_token_is_audited_with_its_status(app_ctx, client):
    user = factories.make_user(Role.FILMMAKER)
    token, secret = make_token(user)
    client.get("/api/v1/films", headers=bearer(secret))
    client.get("/api/v1/films/999999", headers=bearer(secret))
    events = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.verb == "api.call", AuditEvent.subject_id == token.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.after["method"], e.after["path"], e.after["status"]) for e in events] == [
        ("GET", "/api/v1/films", 200),
        ("GET", "/api/v1/films/999999", 404),
    ]
    assert all(event.actor_id == user.id for event in events)
    db.session.refresh(token)
    assert token.last_used_at is not None


def test_each_token_has_its_own_rate_limit(app, app_ctx, client, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "2 per minute")
    user = factories.make_user(Role.FILMMAKER)
    _, first = make_token(user)
    _, second = make_token(user)
    assert [client.get("/api/v1/films", headers=bearer(first)).status_code for _ in range(2)] == [
        200,
        200,
    ]
    limited = client.get("/api/v1/films", headers=bearer(first))
    assert limited.status_code == 429
    assert limited.mimetype == "application/problem+json"
    assert int(limited.headers["Retry-After"]) > 0
    assert client.get("/api/v1/films", headers=bearer(second)).status_code == 200


def test_calls_without_a_usable_token_are_limited_per_address(app, app_ctx, client, monkeypatch):
    """The public resources and refused tokens share one limit per address; a valid token
    from that address is not slowed by it."""
    monkeypatch.setitem(app.config, "API_ANONYMOUS_RATE_LIMIT", "3 per minute")
    edition = factories.make_edition()
    _, secret = make_token(factories.make_user(Role.FILMMAKER))
    db.session.commit()
    assert client.get("/api/v1/editions").status_code == 200
    assert client.get(f"/api/v1/editions/{edition.slug}").status_code == 200
    assert client.get("/api/v1/films", headers=bearer("fest_" + "x" * 43)).status_code == 401
    limited = client.get("/api/v1/editions")
    assert limited.status_code == 429
    assert limited.mimetype == "application/problem+json"
    assert "without a token" in limited.get_json()["detail"]
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert client.get("/api/v1/films", headers=bearer("fest_" + "y" * 43)).status_code == 429
    assert client.get("/api/v1/films", headers=bearer(secret)).status_code == 200
