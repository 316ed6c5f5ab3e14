"""The one Huey instance: SQLite storage in `instance/` by default, Redis when `REDIS_URL` is set.

Task modules decorate with `huey.task()` or `periodic_task()` at import; `configure_queue` points
the storage at the configured backend when the app is created, so web and worker processes share
one queue. Tasks run in the worker process, inside the app bound by `bind_app` at worker start."""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

huey = Huey("festival", storage_class=MemoryStorage, results=False, utc=True)

WORKER_SEEN_KEY = "festival:worker_seen_at"

_bound_app: Flask | None = None


def configure_queue(app: Flask) -> None:
    if app.config.get("REDIS_URL"):
        huey.storage = RedisStorage(huey.name, url=app.config["REDIS_URL"])
    else:
        huey.storage = SqliteStorage(huey.name, filename=app.config["HUEY_SQLITE_PATH"])
    app.extensions["huey"] = huey


def bind_app(app: Flask) -> None:
    """Name the app whose context every task runs in (done once, when a worker starts)."""
    global _bound_app
    _bound_app = app


@contextmanager
def app_context() -> Iterator[Flask]:
    """The context a task runs in: the current one (run inline), else the bound app's."""
    if has_app_context():
        yield current_app._get_current_object()
        return
    if _bound_app is None:
        raise RuntimeError("no app bound to the queue: start workers with run_worker(app)")
    with _bound_app.app_context():
        yield _bound_app


def periodic_task(schedule, name: str | None = None):
    """A Huey periodic task (`schedule` is e.g. `huey.crontab(minute="*")`) run in the app."""

    def decorator(func):
        @functools.wraps(func)
        def in_app_context():
            with app_context():
                return func()

        return huey.periodic_task(schedule, name=name or func.__name__)(in_app_context)

    return decorator


def mark_worker_seen() -> None:
    """Record in the queue's storage that a worker is alive (read by the health check)."""
    huey.storage.put_data(WORKER_SEEN_KEY, str(time.time()).encode())


def worker_seen_seconds_ago() -> float | None:
    value = huey.storage.peek_data(WORKER_SEEN_KEY)
    if not isinstance(value, bytes | str):
        return None
    return round(max(0.0, time.time() - float(value)), 1)
