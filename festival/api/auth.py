"""Who calls the API: a personal access token sent as `Authorization: Bearer <token>`, never
the session cookie (so a page's session cannot be ridden by another site: no CSRF to guard).

`requires(scope, *roles)` declares an operation's caller and checks it, in this order:
a usable token (401, with `WWW-Authenticate: Bearer`), its scope (403), its user's role (403),
then the token's rate limit (429, with Retry-After), then the view. The token's user is then
`current_user` for the request, so the domains' loaders and rules answer as on the pages.
Every call made with a token is written to the audit log: token, method, path, status.

`open_to_all` declares an operation that needs no token. Calls without a usable token (those,
and every refused token) count against their address's `API_ANONYMOUS_RATE_LIMIT`; a valid
token is never slowed by its address."""

from __future__ import annotations

import functools
import math
import time
from copy import deepcopy
from dataclasses import dataclass

from flask import Response, current_app, g, request
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from limits import parse as parse_limit

from festival.accounts.access import by_token, public
from festival.accounts.enums import Role
from festival.api.problems import Problem
from festival.api.tokens import services as tokens
from festival.api.tokens.enums import TokenScope
from festival.api.tokens.models import ApiToken
from festival.audit.services import record_by_id
from festival.database import utcnow
from festival.extensions import db, limiter

BEARER = "bearerAuth"
"""The name of the security scheme in the OpenAPI document."""
SECURITY_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "A personal access token from your account page (`fest_…`).",
}
REALM = 'Bearer realm="festival"'
ANONYMOUS_SCOPE = "api-anonymous"


@dataclass(frozen=True)
class Caller:
    """The token a request came with and its user's id, kept in `g.api_caller`."""

    token_id: int
    user_id: int


def requires(scope: TokenScope, *allowed: Role):
    """Declare and check who may call an operation: a token with `scope` of a user holding
    any of `allowed` (any role when none is named). Put it right under `@blp.route(...)`, above
    `@blp.arguments` and `@blp.response`, so a caller is refused before the body is read."""

    def decorator(view):
        limited = limiter.shared_limit(rate_limit, scope="api-token", key_func=rate_limit_key)(view)

        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            try:
                authenticate(scope, frozenset(allowed))
            except Problem as problem:
                if problem.code == 401:
                    spend_anonymous_call()  # guessing tokens costs the guesser's address
                raise
            return limited(*args, **kwargs)

        _document(wrapper, view, {401: "UNAUTHORIZED", 403: "FORBIDDEN"}, secured=True)
        return by_token(*allowed)(wrapper)

    return decorator


def open_to_all(view):
    """Declare an operation anyone may call without a token, within what one address may
    call so: `API_ANONYMOUS_RATE_LIMIT`."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        spend_anonymous_call()
        return view(*args, **kwargs)

    _document(wrapper, view, {})
    return public(wrapper)


def _document(wrapper, view, responses: dict, *, secured: bool = False) -> None:
    """The OpenAPI document of `view`, on `wrapper`, with the answers the wrapper adds."""
    wrapper._apidoc = deepcopy(getattr(view, "_apidoc", {}))
    manual = wrapper._apidoc.setdefault("manual_doc", {})
    if secured:
        manual["security"] = [{BEARER: []}]
    manual.setdefault("responses", {}).update(responses | {429: "TOO_MANY_REQUESTS"})


def spend_anonymous_call() -> None:
    """Count a call made without a usable token against its address; past the limit, 429."""
    if not limiter.enabled:
        return
    limit = parse_limit(current_app.config["API_ANONYMOUS_RATE_LIMIT"])
    address = get_remote_address()
    if limiter.limiter.hit(limit, ANONYMOUS_SCOPE, address):
        return
    reset_at, _remaining = limiter.limiter.get_window_stats(limit, ANONYMOUS_SCOPE, address)
    raise Problem(
        429,
        _l("Too many calls without a token from your address. Wait as long as Retry-After says."),
        slug="rate_limit",
        headers={"Retry-After": str(max(1, math.ceil(reset_at - time.time())))},
    )


def authenticate(scope: TokenScope, allowed: frozenset[Role]) -> None:
    kind, _, secret = request.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if kind.lower() != "bearer" or not secret:
        raise unauthorized(
            _l("Send a personal access token: Authorization: Bearer <token>."), error=None
        )
    token = tokens.token_for_secret(secret)
    now = utcnow()
    if token is None:
        raise unauthorized(_l("This token is not known. Make one on your account page."))
    if token.revoked_at is not None:
        raise unauthorized(_l("This token was revoked. Make a new one on your account page."))
    if token.is_expired(now):
        raise unauthorized(
            _l(
                "This token expired on %(date)s. Make a new one on your account page.",
                date=format_datetime(token.expires_at),
            )
        )
    user = token.user
    if not user.is_active:
        raise unauthorized(_l("The account of this token is deactivated."))
    g.api_caller = Caller(token.id, user.id)
    g._login_user = user  # Flask-Login's current_user is the token's user, not the session's
    if not token.allows(scope):
        raise Problem(
            403,
            _l("This token may only read. Make a token with write access for this."),
            slug="insufficient_scope",
            headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="{scope}"'},
        )
    if allowed and not user.has_role(*allowed):
        raise Problem(403, _l("Your account's role may not use this part of the API."), slug="role")


def unauthorized(detail, error: str | None = "invalid_token") -> Problem:
    challenge = f'{REALM}, error="{error}"' if error else REALM
    return Problem(401, detail, slug="token", headers={"WWW-Authenticate": challenge})


def rate_limit() -> str:
    """The calls one token may make: `API_RATE_LIMIT`."""
    return current_app.config["API_RATE_LIMIT"]


def rate_limit_key() -> str:
    return f"api-token:{g.api_caller.token_id}"


def without_session() -> None:
    """Before every API request: nobody is signed in until a token says who (the session
    cookie is never read as a sign-in here)."""
    g._login_user = current_app.login_manager.anonymous_user()


def audit_call(response: Response) -> Response:
    """After every API call made with a token: drop what the request left unsaved (a refused
    or failed change), then log the call and note the token's use, in one small commit."""
    caller = g.get("api_caller")
    if caller is None:
        return response
    db.session.rollback()
    record_by_id(
        "api.call",
        ApiToken.__tablename__,
        caller.token_id,
        actor_id=caller.user_id,
        after={"method": request.method, "path": request.path, "status": response.status_code},
    )
    tokens.note_use(caller.token_id, now=utcnow())
    db.session.commit()
    return response
