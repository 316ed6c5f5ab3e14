"""Jobs run by a real Huey consumer (worker threads) on the configured storage."""

from datetime import timedelta

import pytest

from festival.database import utcnow
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.jobs.queue import worker_seen_seconds_ago
from festival.jobs.reaper import reap_stalled_jobs
from festival.jobs.services import enqueue
from tests.jobs.handlers import GATES
from tests.polling import wait_until

pytestmark = pytest.mark.committing


def finished(job_id: int) -> Job | None:
    job = db.session.get(Job, job_id)
    return job if job.is_finished else None


def test_a_flaky_job_succeeds_on_its_third_attempt(app, app_ctx, start_worker, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_RETRY_DELAY_S", 0.5)
    job_id = enqueue("tests.flaky", succeed_on=3).id
    db.session.commit()
    start_worker()
    job = wait_until(lambda: finished(job_id))
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 3)
    assert job.error is None


def test_a_job_that_always_fails_ends_failed_with_its_error(
    app, app_ctx, start_worker, monkeypatch
):
    monkeypatch.setitem(app.config, "JOB_RETRY_DELAY_S", 0)
    job_id = enqueue("tests.fail").id
    db.session.commit()
    start_worker()
    job = wait_until(lambda: finished(job_id))
    assert (job.state, job.attempts) == (JobState.FAILED, 3)
    assert "ValueError: the reel is missing" in job.error


def test_progress_is_visible_from_another_session_while_the_job_runs(app_ctx, start_worker):
    job_id = enqueue("tests.progress", gate="progress-test").id
    db.session.commit()
    start_worker()
    job = wait_until(lambda: (job := db.session.get(Job, job_id)).progress == 0.25 and job)
    assert (job.state, job.stage) == (JobState.RUNNING, "probing")
    GATES["progress-test"].set()
    job = wait_until(lambda: finished(job_id))
    assert (job.state, job.progress, job.stage) == (JobState.SUCCEEDED, 1.0, "transcoding")


def test_a_job_whose_worker_died_is_reaped_and_completed(app_ctx, start_worker):
    job = enqueue("tests.count")
    job.state, job.attempts = JobState.RUNNING, 1
    job.heartbeat_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    job_id = job.id
    assert reap_stalled_jobs().requeued == [job_id]
    start_worker()
    job = wait_until(lambda: finished(job_id))
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)


def test_a_running_worker_shows_itself_to_the_health_check(app_ctx, start_worker):
    start_worker()
    assert wait_until(lambda: worker_seen_seconds_ago() is not None) < 30
