"""The ingest queue's bound (INGEST_QUEUE_LIMIT): a version uploaded while more versions are
ingesting or waiting than the bound is kept and queued all the same, and its filmmaker reads
"busy" with its place in the queue, in their language, until the queue moves."""

from __future__ import annotations

import logging

import pytest
from flask_babel import force_locale

from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.media.enums import ScreenerState, UploadState
from festival.media.models import Upload
from festival.media.reports import status_detail
from festival.media.services import screener_from_upload
from tests import factories

LIMIT = 2


@pytest.fixture
def bounded(app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "INGEST_QUEUE_LIMIT", LIMIT)


def uploaded_version(film=None):
    """A finished upload of a new film (or `film`) made into a version waiting for ingest."""
    film = film if film is not None else factories.make_film()
    upload = Upload(
        token=f"queue-{film.id}-{factories.utcnow().timestamp()}",
        film=film,
        user=film.owner,
        length_bytes=1024,
        offset_bytes=1024,
        filename="screener.mov",
        path=f"uploads/queue-{film.id}.mov",
        state=UploadState.COMPLETE,
        expires_at=factories.utcnow(),
    )
    db.session.add(upload)
    screener = screener_from_upload(upload, actor=film.owner)
    db.session.commit()
    return screener


def test_versions_within_the_bound_wait_without_a_busy_line(bounded):
    versions = [uploaded_version() for _ in range(LIMIT)]

    assert [status_detail(version) for version in versions] == [None] * LIMIT


def test_a_version_past_the_bound_is_kept_queued_and_says_busy_with_its_place(bounded, caplog):
    running, waiting = uploaded_version(), uploaded_version()
    db.session.get(Job, running.job_id).state = JobState.RUNNING
    db.session.commit()

    with caplog.at_level(logging.WARNING, logger="festival.media"):
        third = uploaded_version()

    job = db.session.get(Job, third.job_id)
    assert third.state == ScreenerState.QUEUED
    assert job.state == JobState.QUEUED
    assert status_detail(waiting) is None
    assert status_detail(third) == (
        "Busy — your screener is queued; the festival's machines are busy, it will be "
        "processed automatically. Place in the queue: 3."
    )
    assert f"ingest is saturated: screener {third.id} is 3 in the queue" in caplog.text


def test_the_busy_line_is_in_the_filmmaker_language(bounded):
    versions = [uploaded_version() for _ in range(LIMIT + 1)]

    with force_locale("ko"):
        line = status_detail(versions[-1])

    assert line == (
        "대기 중 — 스크리너가 대기열에 있습니다. 영화제 서버가 바빠서 순서가 되면 자동으로 "
        "처리됩니다. 대기 순서: 3번째."
    )


def test_the_busy_line_goes_once_the_versions_ahead_are_done(bounded):
    first, _second, third = (uploaded_version() for _ in range(LIMIT + 1))
    assert status_detail(third) is not None

    db.session.get(Job, first.job_id).state = JobState.SUCCEEDED
    db.session.commit()

    assert status_detail(third) is None


def test_a_started_version_is_never_busy(bounded):
    versions = [uploaded_version() for _ in range(LIMIT + 1)]
    versions[-1].state = ScreenerState.PROBING
    db.session.get(Job, versions[-1].job_id).state = JobState.RUNNING
    db.session.commit()

    assert status_detail(versions[-1]) is None


def test_other_kinds_of_job_do_not_count(bounded):
    from festival.jobs.services import enqueue

    for _ in range(LIMIT + 1):
        enqueue("notifications.send")
    db.session.commit()

    assert status_detail(uploaded_version()) is None


def test_the_filmmaker_reads_busy_on_the_status_box_and_its_json(client, auth, bounded):
    for _ in range(LIMIT):
        uploaded_version()
    film = factories.make_film()
    uploaded_version(film)
    auth.login(film.owner)

    status = client.get(f"/films/{film.id}/screener/status.json").get_json()["latest"]
    page = client.get(f"/films/{film.id}").get_data(as_text=True)

    assert status["state"] == "queued"
    assert status["is_finished"] is False
    assert status["reason"].endswith("Place in the queue: 3.")
    assert "the festival&#39;s machines are busy" in page
