"""Schema upgrades: bring the database to the newest migration, one process at a time."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from festival.extensions import db


def is_sqlite(app: Flask) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


@contextmanager
def migration_lock(app: Flask):
    """Serialise schema upgrades between the web and worker processes starting together."""
    if is_sqlite(app):
        lock_path = Path(app.instance_path) / "migrate.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    with db.engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(7311)"))
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(7311)"))
            connection.commit()


def upgrade_database(app: Flask) -> None:
    """Bring the schema to the newest migration (an empty database included)."""
    migrations = os.path.join(os.path.dirname(app.root_path), "migrations")
    with app.app_context(), migration_lock(app):
        upgrade(directory=migrations)


FULL_TEXT_PREFIX = "search_"
"""Full-text indexes are built by each database its own way (an FTS5 table and its shadow
tables on SQLite, a pg_trgm index on PostgreSQL), by DDL beside the model they index, so no
model describes them; they are named with this prefix."""


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Alembic's filter: compare every table and index but the full-text indexes."""
    return type_ not in ("table", "index") or not (name or "").startswith(FULL_TEXT_PREFIX)
