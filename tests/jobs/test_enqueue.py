from datetime import UTC

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


def test_a_job_due_later_is_pushed_with_its_due_time(app_ctx):
    job = enqueue("tests.count", after_s=30)
    db.session.commit()

    (message,) = huey.pending()
    assert message.args == (job.id,)
    assert 29 < (message.eta.replace(tzinfo=UTC) - job.created_at).total_seconds() <= 31
    assert 29 < (job.queued_at - job.created_at).total_seconds() <= 30
    assert job.run_after_at == job.queued_at


def test_a_burst_of_submitted_reviews_queues_one_ranking_of_the_round(app_ctx, make_user):
    from festival.programming.desk_rows import JURY_SCORES_JOB, queue_jury_scores
    from tests import factories

    edition = factories.make_edition()
    round_ = factories.make_round(edition, members=[make_user()], submissions=[])
    for _ in range(5):
        queue_jury_scores([round_.id])
        db.session.commit()

    waiting = db.session.scalars(db.select(Job).where(Job.kind == JURY_SCORES_JOB)).all()
    assert len(waiting) == 1 and waiting[0].run_after_at is not None
    assert [message.eta is not None for message in huey.pending()] == [True]
