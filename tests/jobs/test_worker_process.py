"""`flask festival worker` as a real process: a job survives `kill -9` of its worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from festival.database import utcnow
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.jobs.reaper import reap_stalled_jobs
from festival.jobs.services import enqueue
from tests.polling import wait_until

pytestmark = pytest.mark.committing

REPOSITORY = Path(__file__).resolve().parents[2]
HEARTBEAT_TIMEOUT_S = 2


@pytest.fixture
def worker_process(app, tmp_path):
    """Start `flask --app app festival worker` on this test's database and queue."""
    settings = {
        "SECRET_KEY": "test-secret-key",
        "AUTO_UPGRADE_DATABASE": False,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "HUEY_SQLITE_PATH": app.config["HUEY_SQLITE_PATH"],
        "MEDIA_ROOT": app.config["MEDIA_ROOT"],
        "REDIS_URL": app.config["REDIS_URL"],
        "JOB_TASK_MODULES": ("tests.jobs.handlers",),
        "JOB_HEARTBEAT_TIMEOUT_S": HEARTBEAT_TIMEOUT_S,
    }
    (tmp_path / "config.py").write_text(
        "".join(f"{name} = {value!r}\n" for name, value in settings.items())
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "SMTP_URL", "SECRET_KEY"}
    }
    environment["FESTIVAL_INSTANCE_PATH"] = str(tmp_path)
    processes = []

    def start() -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "festival", "worker", "--workers", "1"],
            cwd=REPOSITORY,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log))
        return process

    yield start
    for process, log in processes:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


def test_a_job_survives_its_worker_being_killed(app, app_ctx, worker_process, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_HEARTBEAT_TIMEOUT_S", HEARTBEAT_TIMEOUT_S)
    job_id = enqueue("tests.hang_first_attempt").id
    db.session.commit()

    first = worker_process()
    wait_until(lambda: db.session.get(Job, job_id).stage == "hanging", timeout=60)
    first.send_signal(signal.SIGKILL)
    first.wait()
    stale_after = utcnow() + timedelta(seconds=HEARTBEAT_TIMEOUT_S + 0.5)
    while utcnow() < stale_after:
        time.sleep(0.1)

    assert reap_stalled_jobs().requeued == [job_id]
    second = worker_process()
    job = wait_until(lambda: (job := db.session.get(Job, job_id)).is_finished and job, timeout=60)
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)

    second.send_signal(signal.SIGINT)
    assert second.wait(timeout=30) == 0
