"""Who may reach a route, declared at the route and enforced for every request.

Every view carries an `Access` (set by `public`, `signed_in` or `roles`); a view without
one is refused, so a route that forgets its declaration fails closed, and
`tests/accounts/test_route_access.py` walks the URL map to check each against every role.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import abort, current_app, request
from flask_login import current_user

from festival.accounts.enums import Role
from festival.extensions import login_manager


@dataclass(frozen=True)
class Access:
    """`roles` None means any signed-in user; `owned` means a filmmaker reaches only their own;
    `by_token` means the route is reached with a personal access token, never the session."""

    is_public: bool = False
    roles: frozenset[Role] | None = None
    owned: bool = False
    by_token: bool = False

    def admits(self, user) -> bool:
        if self.is_public:
            return True
        if not user.is_authenticated:
            return False
        return self.roles is None or user.has_role(*self.roles)


def _declare(access: Access):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.access = access
        return wrapper

    return decorator


public = _declare(Access(is_public=True))
signed_in = _declare(Access())


def roles(*allowed: Role, owned: bool = False):
    """Admit users holding any of `allowed`; with `owned`, the view's loader checks ownership."""
    return _declare(Access(roles=frozenset(allowed), owned=owned))


def by_token(*allowed: Role):
    """Declare an API route reached with a personal access token of a user holding any of
    `allowed` (every role when none is named). Only `festival.api.auth.requires` uses this,
    around the view it authenticates: the session is never asked, so the check below lets
    the route through to that authentication."""
    return _declare(Access(roles=frozenset(allowed or Role), by_token=True))


def attempt_rate_limit() -> str:
    """The limit on attempts to guess or probe (signing in, registering, asking for a password
    link, trying waiver codes) from one address: `LOGIN_RATE_LIMIT`."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def declared_access(endpoint: str) -> Access | None:
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access", None)


def enforce_route_access():
    if request.endpoint is None:
        return None
    access = declared_access(request.endpoint)
    if access is None:
        current_app.logger.error("route %s declares no access rule; refused", request.endpoint)
        abort(403)
    if access.by_token:
        return None
    if access.admits(current_user):
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    abort(403)
