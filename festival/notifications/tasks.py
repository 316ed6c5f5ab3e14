"""Worker side of the outbox: the job that sends one message, and the sweep that retries
messages whose jobs gave up or were lost."""

from __future__ import annotations

from huey import crontab

from festival.extensions import db
from festival.jobs.queue import periodic_task
from festival.jobs.registry import job_handler
from festival.jobs.running import JobContext
from festival.notifications.sending import send_outbox_email
from festival.notifications.services import SEND_EMAIL, requeue_unsent_emails


@job_handler(SEND_EMAIL)
def send_email(ctx: JobContext) -> None:
    send_outbox_email(ctx.subject_id)


@periodic_task(crontab(minute="*/10"), name="requeue_unsent_emails")
def requeue_unsent_every_ten_minutes() -> None:
    requeue_unsent_emails()
    db.session.commit()
