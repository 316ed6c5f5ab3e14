"""The one Huey instance: SQLite storage in `instance/` by default, Redis when `REDIS_URL` is set.

Task modules decorate with `huey.task()` at import; `configure_queue` points the storage at the
configured backend when the app is created, so web and worker processes share one queue."""

from __future__ import annotations

from flask import Flask
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

huey = Huey("festival", storage_class=MemoryStorage, results=False, utc=True)


def configure_queue(app: Flask) -> None:
    if app.config.get("REDIS_URL"):
        huey.storage = RedisStorage(huey.name, url=app.config["REDIS_URL"])
    else:
        huey.storage = SqliteStorage(huey.name, filename=app.config["HUEY_SQLITE_PATH"])
    app.extensions["huey"] = huey
