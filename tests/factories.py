"""Small factories: each makes one valid object with sensible defaults, flushed, not committed."""

from __future__ import annotations

import itertools

from festival.accounts.enums import Role
from festival.accounts.models import User, UserRole
from festival.accounts.passwords import hash_password
from festival.extensions import db

PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


def make_user(
    role: Role | str | None = Role.FILMMAKER,
    *,
    roles: set[Role] | None = None,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    locale: str | None = "en",
    is_active: bool = True,
) -> User:
    n = next(_sequence)
    granted = roles if roles is not None else ({Role(role)} if role else set())
    user = User(
        email=email or f"person{n}@example.org",
        name=name or f"Person {n}",
        password_hash=hash_password(password) if password else None,
        locale=locale,
        is_active=is_active,
        role_grants=[UserRole(role=r) for r in sorted(granted)],
    )
    db.session.add(user)
    db.session.flush()
    return user
