"""Queueing email. Messages are rendered from `templates/notifications/email/*.txt` in the
recipient's language and sent by the worker after the surrounding transaction commits."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale

from festival.extensions import db
from festival.jobs.queries import live_job_subject_ids
from festival.jobs.services import enqueue
from festival.notifications.models import OutboxEmail

SEND_EMAIL = "notifications.send_email"


def queue_email(to: str, subject: str, body: str) -> OutboxEmail:
    """Add a message to the outbox and a job that sends it once the caller commits."""
    email = OutboxEmail(to=to, subject=subject, body=body)
    db.session.add(email)
    db.session.flush()
    enqueue(SEND_EMAIL, email)
    return email


def queue_templated_email(user, template: str, subject, **context) -> OutboxEmail:
    """Render `notifications/email/<template>.txt` in the user's language and queue it.

    `subject` is a lazy string so it is translated inside the user's locale."""
    return queue_templated_email_to(
        user.email, user.locale, template, subject, user=user, **context
    )


def queue_templated_email_to(address: str, locale: str | None, template: str, subject, **context):
    """`queue_templated_email` for an address that has no account (yet), in `locale`."""
    with force_locale(locale or "en"):
        body = render_template(f"notifications/email/{template}.txt", **context)
        return queue_email(address, str(subject), body)


def requeue_unsent_emails() -> list[OutboxEmail]:
    """Give a new send job to every unsent message that has none queued or running (its jobs
    failed or were lost), until it has been tried `MAIL_MAX_ATTEMPTS` times. The caller commits."""
    emails = db.session.scalars(
        db.select(OutboxEmail)
        .where(
            OutboxEmail.sent_at.is_(None),
            OutboxEmail.attempts < current_app.config["MAIL_MAX_ATTEMPTS"],
            OutboxEmail.id.not_in(live_job_subject_ids(SEND_EMAIL, OutboxEmail.__tablename__)),
        )
        .order_by(OutboxEmail.id)
    ).all()
    for email in emails:
        enqueue(SEND_EMAIL, email)
    return emails
