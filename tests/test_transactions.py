"""A test's commit stays inside its rolled-back transaction, and a savepoint never commits the
session's transaction on its own, on SQLite as on PostgreSQL."""

from __future__ import annotations

import pytest

from festival.accounts.models import User
from festival.extensions import db
from festival.transactions import savepoint
from tests import factories


def _exists(email: str) -> bool:
    return db.session.scalar(db.select(User.id).where(User.email == email)) is not None


def test_a_commit_inside_a_test(app_ctx):
    factories.make_user(email="kept-inside@example.org")
    db.session.commit()
    assert _exists("kept-inside@example.org")


def test_does_not_reach_the_next_test(app_ctx):
    assert not _exists("kept-inside@example.org")


@pytest.mark.committing
def test_a_savepoint_released_before_any_write_commits_nothing(app):
    with app.app_context():
        db.session.scalar(db.select(User.id).limit(1))  # a read: no write has begun yet
        with savepoint():
            factories.make_user(email="in-a-savepoint@example.org")
        db.session.rollback()
        assert not _exists("in-a-savepoint@example.org")


@pytest.mark.committing
def test_a_refused_savepoint_keeps_what_came_before_it(app):
    with app.app_context():
        factories.make_user(email="before@example.org")
        with pytest.raises(RuntimeError), savepoint():
            factories.make_user(email="refused@example.org")
            raise RuntimeError("refused")
        db.session.commit()
        assert _exists("before@example.org") and not _exists("refused@example.org")
