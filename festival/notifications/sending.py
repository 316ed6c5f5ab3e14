"""Sending one outbox message: over SMTP when `SMTP_URL` is set, else into the log.

`SMTP_URL` reads `smtp://user:password@host:587?starttls=1` (STARTTLS), `smtps://host:465`
(TLS from the start) or `smtp://host:25` (plain, for a local relay). Subjects and bodies are
UTF-8: headers are RFC 2047 encoded and bodies base64 or quoted-printable, so any server takes
them."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app

from festival.database import utcnow
from festival.extensions import db
from festival.notifications.models import OutboxEmail

mail_log = logging.getLogger("festival.mail")

MESSAGE_POLICY = SMTP.clone(cte_type="7bit")
ERROR_MAX_CHARS = 2000
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    starttls: bool = False


def parse_smtp_url(url: str) -> SmtpSettings:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("SMTP_URL must look like smtp://user:password@host:587?starttls=1")
    use_tls = parts.scheme == "smtps"
    starttls = parse_qs(parts.query).get("starttls", ["0"])[-1].lower() in TRUE_WORDS
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or (465 if use_tls else 587 if starttls else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        use_tls=use_tls,
        starttls=starttls and not use_tls,
    )


def build_message(email: OutboxEmail, sender: str) -> EmailMessage:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = format_datetime(email.created_at)
    # One id for every attempt, so a receiver can drop a copy resent after a crash.
    message["Message-ID"] = f"<outbox.{email.id}.{int(email.created_at.timestamp())}@{domain}>"
    message.set_content(email.body)
    return message


def deliver(message: EmailMessage, settings: SmtpSettings, timeout: float) -> None:
    context = ssl.create_default_context()
    if settings.use_tls:
        connection = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=timeout, context=context
        )
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
    with connection as smtp:
        if settings.starttls:
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(message)


def send_outbox_email(email_id: int) -> None:
    """Send the message unless it was sent already, and mark it sent; the caller commits.

    A failure is counted on the message and committed at once (the caller will roll back),
    then raised again so the job is retried."""
    email = db.session.get(OutboxEmail, email_id)
    if email is None or email.sent_at is not None:
        return
    config = current_app.config
    message = build_message(email, config["MAIL_FROM"])
    try:
        if config.get("SMTP_URL"):
            deliver(message, parse_smtp_url(config["SMTP_URL"]), config["SMTP_TIMEOUT_S"])
        else:
            mail_log.info(
                "email not sent (no SMTP_URL) to %s\nSubject: %s\n\n%s",
                email.to,
                email.subject,
                email.body,
            )
    except Exception as error:
        db.session.rollback()
        record_attempt(email_id, f"{type(error).__name__}: {error}")
        raise
    email.attempts += 1
    email.last_error = None
    email.sent_at = utcnow()


def record_attempt(email_id: int, error: str) -> None:
    email = db.session.get(OutboxEmail, email_id)
    if email is None:
        return
    email.attempts += 1
    email.last_error = error[-ERROR_MAX_CHARS:]
    db.session.commit()
