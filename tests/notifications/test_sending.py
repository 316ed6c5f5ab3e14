import logging
from urllib.parse import quote

import pytest

from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.jobs.queries import latest_job
from festival.jobs.running import run_job
from festival.notifications.models import OutboxEmail
from festival.notifications.sending import SmtpSettings, parse_smtp_url, send_outbox_email
from festival.notifications.services import SEND_EMAIL, queue_email, requeue_unsent_emails
from tests.notifications.conftest import SMTP_PASSWORD, SMTP_USER, free_port
from tests.polling import wait_until

SUBJECT = "본선 진출을 축하합니다 — 「달의 뒷면」"
BODY = "안녕하세요, 김민지 감독님.\n\n출품작 「달의 뒷면」이 본선에 올랐습니다.\n감사합니다.\n"


@pytest.fixture
def smtp_url(app, smtp_server, monkeypatch):
    url = f"smtp://127.0.0.1:{smtp_server.port}"
    monkeypatch.setitem(app.config, "SMTP_URL", url)
    monkeypatch.setitem(app.config, "MAIL_FROM", "AI Film Festival <festival@example.org>")
    return url


def text_of(message) -> str:
    """The body as sent: text travels in canonical form, each line ending in CRLF."""
    return message.get_content().replace("\r\n", "\n")


def committed_email(to="minji@example.org", subject=SUBJECT, body=BODY) -> OutboxEmail:
    email = queue_email(to, subject, body)
    db.session.commit()
    return email


def test_queueing_an_email_adds_a_job_that_sends_it(app_ctx):
    email = queue_email("minji@example.org", SUBJECT, BODY)
    job = latest_job(email)
    assert (job.kind, job.state) == (SEND_EMAIL, JobState.QUEUED)


def test_hangul_subject_and_body_arrive_intact(app_ctx, smtp_server, smtp_url):
    email = committed_email()
    send_outbox_email(email.id)
    db.session.commit()
    [message] = smtp_server.messages
    assert message["Subject"] == SUBJECT
    assert message["To"] == "minji@example.org"
    assert message["From"] == "AI Film Festival <festival@example.org>"
    assert text_of(message) == BODY
    assert message["Message-ID"].startswith(f"<outbox.{email.id}.")
    assert smtp_server.envelopes[0].content.isascii()
    assert email.sent_at is not None and email.attempts == 1


def test_smtp_url_credentials_are_used_to_log_in(app, app_ctx, smtp_server, monkeypatch):
    credentials = f"{quote(SMTP_USER)}:{quote(SMTP_PASSWORD)}"
    monkeypatch.setitem(
        app.config, "SMTP_URL", f"smtp://{credentials}@127.0.0.1:{smtp_server.port}"
    )
    email = committed_email()
    send_outbox_email(email.id)
    assert len(smtp_server.messages) == 1
    assert smtp_server.logins[0].login == SMTP_USER.encode()


def test_without_smtp_url_the_message_is_logged_and_marked_sent(app, app_ctx, caplog):
    assert not app.config["SMTP_URL"]
    caplog.set_level(logging.INFO, logger="festival.mail")
    email = committed_email()
    send_outbox_email(email.id)
    db.session.commit()
    [record] = [r for r in caplog.records if r.name == "festival.mail"]
    assert SUBJECT in record.getMessage() and BODY in record.getMessage()
    assert email.sent_at is not None


def test_a_sent_message_is_not_sent_again(app_ctx, smtp_server, smtp_url):
    email = committed_email()
    send_outbox_email(email.id)
    db.session.commit()
    send_outbox_email(email.id)
    assert len(smtp_server.messages) == 1
    assert email.attempts == 1


def test_a_failed_delivery_is_counted_and_left_to_the_job_to_retry(app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    monkeypatch.setitem(app.config, "JOB_RETRY_DELAY_S", 0)
    email = committed_email()
    run_job(latest_job(email).id)
    db.session.expire_all()
    assert email.sent_at is None
    assert email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    job = latest_job(email)
    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert "ConnectionRefusedError" in job.error


def test_the_sweep_requeues_unsent_messages_whose_jobs_gave_up(app, app_ctx):
    gave_up, waiting, spent = (committed_email(f"{n}@example.org") for n in range(3))
    for email in (gave_up, spent):
        latest_job(email).state = JobState.FAILED
    spent.attempts = app.config["MAIL_MAX_ATTEMPTS"]
    assert requeue_unsent_emails() == [gave_up]
    assert latest_job(gave_up).state == JobState.QUEUED
    assert len(db.session.scalars(db.select(Job).where(Job.subject_id == waiting.id)).all()) == 1


@pytest.mark.committing
def test_the_worker_sends_a_queued_email_after_commit(app_ctx, smtp_server, smtp_url, start_worker):
    start_worker()
    email_id = committed_email().id
    wait_until(lambda: db.session.get(OutboxEmail, email_id).sent_at)
    [message] = smtp_server.messages
    assert (message["Subject"], text_of(message)) == (SUBJECT, BODY)
    assert latest_job(db.session.get(OutboxEmail, email_id)).state == JobState.SUCCEEDED


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://user:p%40ss@mail.example.org:587?starttls=1",
            SmtpSettings("mail.example.org", 587, "user", "p@ss", starttls=True),
        ),
        (
            "smtp://mail.example.org?starttls=true",
            SmtpSettings("mail.example.org", 587, starttls=True),
        ),
        (
            "smtps://u:pw@mail.example.org",
            SmtpSettings("mail.example.org", 465, "u", "pw", use_tls=True),
        ),
        ("smtp://localhost", SmtpSettings("localhost", 25)),
    ],
)
def test_smtp_urls_are_understood(url, expected):
    assert parse_smtp_url(url) == expected


def test_an_smtp_url_of_another_scheme_is_refused():
    with pytest.raises(ValueError):
        parse_smtp_url("http://mail.example.org")
