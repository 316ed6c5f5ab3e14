from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.jobs.queries import latest_job
from festival.jobs.queue import huey
from festival.jobs.services import enqueue


def test_enqueue_records_kind_subject_and_params(make_user):
    user = make_user()
    job = enqueue("tests.count", user, colour="blue")
    assert job.kind == "tests.count"
    assert (job.subject_type, job.subject_id) == ("accounts_users", user.id)
    assert job.params == {"colour": "blue"}
    assert job.state == JobState.QUEUED
    assert (job.attempts, job.max_attempts) == (0, 3)
    assert latest_job(user, "tests.count") == job


def test_enqueued_job_reaches_the_queue_only_after_commit(app_ctx):
    enqueue("tests.count")
    assert huey.pending_count() == 0
    db.session.commit()
    assert huey.pending_count() == 1


def test_rolled_back_job_never_reaches_the_queue(app_ctx):
    job = enqueue("tests.count")
    job_id = job.id
    db.session.rollback()
    db.session.commit()
    assert huey.pending_count() == 0
    assert db.session.get(Job, job_id) is None
