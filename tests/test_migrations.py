"""The migrations build exactly the schema the models describe, on an empty database."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint, create_engine, text

from festival import create_app
from festival.extensions import db
from festival.schema import include_name
from tests.conftest import settings_for_tests

SCHEMA = "migration_check"


@pytest.fixture
def empty_database_url(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    from festival.config import normalise_database_url

    url = normalise_database_url(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    yield f"{url}?options=-csearch_path%3D{SCHEMA}"
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def test_migrations_match_the_models(tmp_path, empty_database_url):
    settings = settings_for_tests(tmp_path) | {
        "SQLALCHEMY_DATABASE_URI": empty_database_url,
        "AUTO_UPGRADE_DATABASE": True,
    }
    app = create_app(settings)
    with app.app_context():
        with db.engine.connect() as connection:
            differences = compare_metadata(
                MigrationContext.configure(connection, opts={"include_name": include_name}),
                db.metadata,
            )
        db.engine.dispose()
    assert differences == []


WHO_DID_IT = {
    "created_by_id",
    "updated_by_id",
    "uploaded_by_id",
    "published_by_id",
    "changed_by_id",
    "assigned_by_id",
    "decided_by_id",
    "actor_id",
    "author_id",
}
"""Columns naming the person who made a change: read only through the row that holds them
(never "every row this person made" on a page), so they need no index of their own."""


def test_every_foreign_key_a_page_reads_through_is_indexed():
    unindexed = []
    for table in db.metadata.sorted_tables:
        leading = {index.columns[0].name for index in table.indexes}
        leading |= {
            constraint.columns[0].name
            for constraint in table.constraints
            if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint)
            and constraint.columns
        }
        for key in table.foreign_keys:
            column = key.parent.name
            if column not in leading and column not in WHO_DID_IT:
                unindexed.append(f"{table.name}.{column}")

    assert unindexed == []
