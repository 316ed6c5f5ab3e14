"""The installation check, as JSON at /healthz and as `flask festival check`."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from festival.accounts.access import public
from festival.extensions import db
from festival.jobs.queue import huey, worker_seen_seconds_ago

bp = Blueprint("health", __name__)


def check_database() -> dict:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any failure is the answer
        return {"ok": False, "error": str(error)[:300]}
    return {"ok": True, "dialect": db.engine.dialect.name}


def check_queue() -> dict:
    """Whether the queue's storage answers; what waits on it; when a worker last showed up."""
    try:
        pending = huey.storage.queue_size()
        scheduled = huey.storage.schedule_size()
        worker_seen = worker_seen_seconds_ago()
    except Exception as error:
        return {"ok": False, "backend": type(huey.storage).__name__, "error": str(error)[:300]}
    return {
        "ok": True,
        "backend": type(huey.storage).__name__,
        "pending": pending,
        "scheduled": scheduled,
        "worker_seen_s_ago": worker_seen,
    }


def check_ffmpeg() -> dict:
    binary = shutil.which("ffmpeg")
    if binary is None:
        return {"ok": False, "error": "ffmpeg not found on PATH"}
    return ffmpeg_version(binary, os.stat(binary).st_mtime_ns)


@functools.lru_cache(maxsize=4)
def ffmpeg_version(binary: str, _modified_ns: int) -> dict:
    """Run `ffmpeg -version` once per binary (a new install has a new mtime)."""
    try:
        output = subprocess.run(
            [binary, "-hide_banner", "-version"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        return {"ok": False, "error": str(error)[:300]}
    first_line = output.splitlines()[0] if output else ""
    return {
        "ok": True,
        "version": first_line.split(" ")[2] if first_line.count(" ") >= 2 else first_line,
    }


def check_media_disk() -> dict:
    """Whether the disk under MEDIA_ROOT (where uploads land, whatever the storage) has
    MEDIA_MIN_FREE_BYTES free (that of its nearest existing folder, before the first upload)."""
    minimum = current_app.config["MEDIA_MIN_FREE_BYTES"]
    folder = Path(current_app.config["MEDIA_ROOT"]).absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError as error:
        return {"ok": False, "error": str(error)[:300]}
    return {"ok": free >= minimum, "free_bytes": free, "min_free_bytes": minimum}


def installation_report() -> dict:
    return {
        "database": check_database(),
        "queue": check_queue(),
        "ffmpeg": check_ffmpeg(),
        "media": check_media_disk(),
    }


@bp.get("/healthz")
@public
def healthz():
    report = installation_report()
    healthy = all(part["ok"] for part in report.values())
    return jsonify(report), 200 if healthy else 503


def hello():
    """The bare answer `bench/load.py` measures as the ceiling of the layout (nginx, gunicorn,
    the app's middleware, no database): routed only when the setting `BENCH_HELLO` is on."""
    return "hello", 200, {"Content-Type": "text/plain"}


def register_bench_hello(app) -> None:
    if app.config.get("BENCH_HELLO"):
        app.add_url_rule("/hello", "bench_hello", public(hello))
