"""Queueing email. Messages are rendered from `templates/notifications/email/*.txt` in the
recipient's language and sent after the surrounding transaction commits."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale

from festival.extensions import db
from festival.notifications.models import OutboxEmail


def queue_email(to: str, subject: str, body: str) -> OutboxEmail:
    email = OutboxEmail(to=to, subject=subject, body=body)
    db.session.add(email)
    db.session.flush()
    return email


def queue_templated_email(user, template: str, subject, **context) -> OutboxEmail:
    """Render `notifications/email/<template>.txt` in the user's language and queue it.

    `subject` is a lazy string so it is translated inside the user's locale."""
    with force_locale(user.locale or "en"):
        body = render_template(f"notifications/email/{template}.txt", user=user, **context)
        return queue_email(user.email, str(subject), body)
