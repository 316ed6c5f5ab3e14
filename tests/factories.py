"""Small factories: each makes one valid object with sensible defaults, flushed, not committed."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from festival.accounts.enums import Role
from festival.accounts.models import User, UserRole
from festival.accounts.passwords import hash_password
from festival.database import utcnow
from festival.editions.models import Category, Deadline, Edition, WaiverCode
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


def make_edition(
    *,
    name: str | None = None,
    slug: str | None = None,
    year: int = 2027,
    timezone: str = "Asia/Seoul",
    currency: str = "KRW",
    opens_on: date | None = None,
    categories: list[tuple[str, int, int | None]] | None = None,
    deadlines: list[tuple[str, date, int]] | None = None,
    waiver_codes: list[tuple[str, int]] | None = None,
    is_published: bool = True,
    is_archived: bool = False,
    **fields,
) -> Edition:
    """An edition open today: categories as (name, max minutes, min AI %), deadlines as
    (name, last day, fee in minor units), waiver codes as (CODE, uses left); by default two
    categories, Early/Regular/Late deadlines and one waiver code."""
    n = next(_sequence)
    today = date.today()
    if categories is None:
        categories = [("AI Short", 30, 70), ("AI Feature", 180, None)]
    if deadlines is None:
        deadlines = [
            ("Early", today + timedelta(days=10), 30_000),
            ("Regular", today + timedelta(days=40), 50_000),
            ("Late", today + timedelta(days=70), 70_000),
        ]
    if waiver_codes is None:
        waiver_codes = [(f"FRIENDS-{n}", 10)]
    edition = Edition(
        name=name or f"AI Film Festival {n}",
        slug=slug or f"edition-{n}",
        year=year,
        timezone=timezone,
        currency=currency,
        opens_on=opens_on or today - timedelta(days=10),
        is_published=is_published,
        archived_at=utcnow() if is_archived else None,
        categories=[
            Category(name=title, max_runtime_minutes=minutes, min_ai_share_percent=share)
            for title, minutes, share in categories
        ],
        deadlines=[
            Deadline(name=title, last_day_on=day, fee_cents=fee) for title, day, fee in deadlines
        ],
        waiver_codes=[WaiverCode(code=code, uses_left=uses) for code, uses in waiver_codes],
        **fields,
    )
    db.session.add(edition)
    db.session.flush()
    return edition
