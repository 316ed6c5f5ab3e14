"""One attempt run inline: claims, skips, success and failure bookkeeping."""

from datetime import timedelta

import pytest

from festival.database import utcnow
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import ERROR_MAX_CHARS, Job, bounded_error
from festival.jobs.queue import huey
from festival.jobs.running import run_job
from festival.jobs.services import enqueue
from tests.jobs.handlers import CALLS


@pytest.fixture
def committed_job(app_ctx):
    def make(kind="tests.count", **params):
        job = enqueue(kind, **params)
        db.session.commit()
        huey.flush()
        return job

    return make


def test_a_job_runs_and_succeeds(committed_job):
    job = committed_job()
    assert run_job(job.id) is None
    db.session.refresh(job)
    assert (job.state, job.attempts, job.progress) == (JobState.SUCCEEDED, 1, 1.0)
    assert job.started_at <= job.finished_at
    assert (job.id, 1) in CALLS


def assert_left_alone(job: Job, state: JobState) -> None:
    """Running `job` again calls nothing and leaves it in `state` after its one attempt."""
    calls = len(CALLS)
    assert run_job(job.id) is None
    db.session.refresh(job)
    assert (job.state, job.attempts, len(CALLS)) == (state, 1, calls)


def test_a_succeeded_job_is_not_run_again(committed_job):
    job = committed_job()
    run_job(job.id)
    assert_left_alone(job, JobState.SUCCEEDED)


def test_a_job_running_with_a_fresh_heartbeat_is_left_to_its_worker(committed_job):
    job = committed_job()
    job.state, job.attempts, job.heartbeat_at = JobState.RUNNING, 1, utcnow()
    db.session.commit()
    assert_left_alone(job, JobState.RUNNING)


def test_a_running_job_with_a_stale_heartbeat_is_taken_over(committed_job):
    job = committed_job()
    job.state, job.attempts = JobState.RUNNING, 1
    job.heartbeat_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    run_job(job.id)
    db.session.refresh(job)
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)


def test_a_failed_attempt_is_queued_again_after_a_backoff(app, committed_job, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_RETRY_DELAY_S", 30)
    job = committed_job("tests.fail")
    assert run_job(job.id) == 30
    db.session.refresh(job)
    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert "ValueError: the reel is missing" in job.error
    assert job.run_after_at - utcnow() > timedelta(seconds=25)
    assert run_job(job.id) == 60


def test_a_job_fails_when_its_attempts_are_spent(committed_job):
    job = committed_job("tests.fail")
    for _ in range(3):
        run_job(job.id)
    db.session.refresh(job)
    assert (job.state, job.attempts) == (JobState.FAILED, 3)
    assert job.error.rstrip().endswith("ValueError: the reel is missing")
    assert job.finished_at is not None


def test_a_permanent_error_fails_the_job_at_once(committed_job):
    job = committed_job("tests.permanent")
    assert run_job(job.id) is None
    db.session.refresh(job)
    assert (job.state, job.attempts) == (JobState.FAILED, 1)
    assert "not a video" in job.error


def test_a_job_of_an_unknown_kind_fails_with_a_reason(committed_job):
    job = committed_job("tests.nobody_handles_this")
    run_job(job.id)
    db.session.refresh(job)
    assert job.state == JobState.FAILED
    assert "no handler is registered for job kind 'tests.nobody_handles_this'" in job.error


def test_a_missing_job_is_skipped(app_ctx):
    assert run_job(987654) is None


def test_errors_keep_their_tail_within_bounds():
    error = "x" * 10_000 + "ValueError: the end"
    kept = bounded_error(error)
    assert len(kept) == ERROR_MAX_CHARS
    assert kept.endswith("ValueError: the end")


def test_job_rows_reject_progress_out_of_range(app_ctx):
    from sqlalchemy.exc import IntegrityError

    db.session.add(Job(kind="tests.count", max_attempts=3, progress=1.5))
    with pytest.raises(IntegrityError):
        db.session.flush()
