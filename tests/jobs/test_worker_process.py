"""`flask festival worker` as a real process: a job survives `kill -9` of its worker."""

from __future__ import annotations

import signal
import time
from datetime import timedelta

import pytest

from festival.database import utcnow
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.jobs.reaper import reap_stalled_jobs
from festival.jobs.services import enqueue
from tests.conftest import WORKER_HEARTBEAT_TIMEOUT_S
from tests.polling import wait_until

pytestmark = pytest.mark.committing


def test_a_job_survives_its_worker_being_killed(app, app_ctx, worker_process, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_HEARTBEAT_TIMEOUT_S", WORKER_HEARTBEAT_TIMEOUT_S)
    job_id = enqueue("tests.hang_first_attempt").id
    db.session.commit()

    first = worker_process()
    wait_until(lambda: db.session.get(Job, job_id).stage == "hanging", timeout=60)
    first.send_signal(signal.SIGKILL)
    first.wait()
    stale_after = utcnow() + timedelta(seconds=WORKER_HEARTBEAT_TIMEOUT_S + 0.5)
    while utcnow() < stale_after:
        time.sleep(0.1)

    assert reap_stalled_jobs().requeued == [job_id]
    second = worker_process()
    job = wait_until(lambda: (job := db.session.get(Job, job_id)).is_finished and job, timeout=60)
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)

    second.send_signal(signal.SIGINT)
    assert second.wait(timeout=30) == 0
