from datetime import timedelta

from festival.database import utcnow
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.queue import huey
from festival.jobs.reaper import reap_stalled_jobs
from festival.jobs.services import enqueue


def stalled_job(attempts: int = 1, heartbeat_age=timedelta(hours=1)):
    job = enqueue("tests.count")
    job.state, job.attempts = JobState.RUNNING, attempts
    job.heartbeat_at = utcnow() - heartbeat_age
    db.session.commit()
    huey.flush()
    return job


def test_a_job_whose_worker_died_is_queued_and_pushed_again(app_ctx):
    job = stalled_job()
    report = reap_stalled_jobs()
    assert report.requeued == [job.id]
    db.session.refresh(job)
    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert "stopped responding" in job.error
    assert huey.pending_count() == 1


def test_a_job_whose_worker_died_on_its_last_attempt_fails(app_ctx):
    job = stalled_job(attempts=3)
    report = reap_stalled_jobs()
    assert report.failed == [job.id]
    db.session.refresh(job)
    assert job.state == JobState.FAILED
    assert huey.pending_count() == 0


def test_a_job_with_a_fresh_heartbeat_is_left_alone(app_ctx):
    job = stalled_job(heartbeat_age=timedelta(seconds=5))
    assert reap_stalled_jobs().requeued == []
    db.session.refresh(job)
    assert job.state == JobState.RUNNING


def test_a_queued_job_never_picked_up_is_pushed_again(app, app_ctx):
    job = enqueue("tests.count")
    job.queued_at = utcnow() - timedelta(seconds=app.config["JOB_QUEUED_TIMEOUT_S"] + 60)
    db.session.commit()
    huey.flush()
    report = reap_stalled_jobs()
    assert report.pushed_again == [job.id]
    assert huey.pending_count() == 1
    db.session.refresh(job)
    assert job.state == JobState.QUEUED
    assert utcnow() - job.queued_at < timedelta(seconds=30)
    assert reap_stalled_jobs().pushed_again == []
