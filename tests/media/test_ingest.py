"""The ingest of a screener version, inline and through a real worker that gets killed."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import signal
import subprocess
from pathlib import Path, PurePosixPath

import pytest
from flask_babel import force_locale

from festival.audit.models import AuditEvent
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.jobs.queue import huey
from festival.jobs.reaper import reap_stalled_jobs
from festival.jobs.running import run_job
from festival.media.enums import AssetKind, RejectionCode, ScreenerState, UploadState
from festival.media.ingest import ingest
from festival.media.models import Screener, Upload
from festival.media.object_store import is_in_bucket, store_for
from festival.media.services import screener_from_upload
from tests import factories
from tests.conftest import WORKER_HEARTBEAT_TIMEOUT_S
from tests.polling import wait_until

pytestmark = pytest.mark.committing


def lavfi(path: Path, *, video: str, audio: str | None, seconds: float, extra=()) -> Path:
    inputs = ["-f", "lavfi", "-i", f"{video}:duration={seconds}"]
    if audio:
        inputs += ["-f", "lavfi", "-i", f"{audio}:duration={seconds}"]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *inputs,
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", *extra, str(path)],
        check=True,
    )  # fmt: skip
    return path


@pytest.fixture(scope="module")
def short_source(tmp_path_factory):
    return lavfi(
        tmp_path_factory.mktemp("ingest") / "short.mp4",
        video="testsrc2=size=640x360:rate=24",
        audio="sine=frequency=440:sample_rate=48000",
        seconds=4,
    )


def uploaded(app, film, source: Path) -> Screener:
    """A finished upload of `source` for `film`, as the tus server leaves it."""
    relative = f"uploads/{film.id}/{source.name}.part"
    target = Path(app.config["MEDIA_ROOT"]) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    upload = Upload(
        token=f"t{film.id}-{source.stem}",
        film=film,
        user=film.owner,
        length_bytes=source.stat().st_size,
        offset_bytes=source.stat().st_size,
        filename=source.name,
        path=relative,
        state=UploadState.COMPLETE,  # else the expiry sweep of a worker may take its file
        expires_at=factories.utcnow(),
    )
    db.session.add(upload)
    screener = screener_from_upload(upload, actor=film.owner)
    db.session.commit()
    return screener


def test_ingest_makes_a_ready_version_with_every_file(app, app_ctx, short_source):
    film = factories.make_film(runtime_s=4)
    screener = uploaded(app, film, short_source)
    original = Path(app.config["MEDIA_ROOT"]) / screener.original_path
    before = original.read_bytes()

    ingest(screener.id)

    db.session.expire_all()
    assert screener.state == ScreenerState.READY
    kinds = {asset.kind for asset in screener.assets}
    assert {AssetKind.PREVIEW_720, AssetKind.POSTER} <= kinds
    assert AssetKind.PREVIEW_360 not in kinds  # a 640×360 source is not encoded twice
    assert AssetKind.STORYBOARD in kinds and AssetKind.STORYBOARD_VTT in kinds
    for asset in screener.assets:
        assert (Path(app.config["MEDIA_ROOT"]) / asset.path).stat().st_size == asset.bytes
    assert screener.probe["video"]["width"] == 640
    assert screener.c2pa["present"] is False
    assert screener.qc["measurements"]["integrated_lufs"] is not None
    assert original.read_bytes() == before
    assert ingest(screener.id).state == ScreenerState.READY  # a second run changes nothing


def test_ingest_moves_every_file_to_the_store_and_a_new_pass_reads_the_original_back(
    app, app_ctx, short_source, media_storage
):
    film = factories.make_film(runtime_s=4)
    screener = uploaded(app, film, short_source)
    root = Path(app.config["MEDIA_ROOT"])
    original = short_source.read_bytes()

    ingest(screener.id)

    db.session.expire_all()
    in_bucket = media_storage == "s3"
    assert screener.state == ScreenerState.READY
    upload = db.session.scalar(db.select(Upload).where(Upload.film_id == film.id))
    assert upload.path == screener.original_path
    assert is_in_bucket(screener.original_path) == in_bucket
    for asset in screener.assets:
        assert is_in_bucket(asset.path) == in_bucket
        assert store_for(asset.path).size(asset.path) == asset.bytes
    with store_for(screener.original_path).local_copy(screener.original_path) as copy:
        assert copy.read_bytes() == original
    if in_bucket:  # verified, then the local copies went
        assert screener.sha256 == hashlib.sha256(original).hexdigest()
        assert all(len(asset.sha256) == 64 for asset in screener.assets)
        folder = root / "screeners" / str(screener.id)
        assert not any((folder / PurePosixPath(a.path).name).exists() for a in screener.assets)
        assert not (root / "originals" / str(film.id) / upload.token).exists()

    before = {asset.kind: asset.path for asset in screener.assets}
    screener.state = ScreenerState.QUEUED  # a new pass over the same original
    db.session.commit()
    ingest(screener.id)

    db.session.expire_all()
    assert screener.state == ScreenerState.READY
    assert {asset.kind: asset.path for asset in screener.assets} == before
    assert all(store_for(a.path).size(a.path) == a.bytes for a in screener.assets)
    assert not list(root.glob(".fetched-*"))  # the original's temporary copy is gone


def test_a_hostile_file_is_rejected_with_its_code_and_told_in_the_readers_language(
    app, app_ctx, tmp_path
):
    audio_only = tmp_path / "voice.wav"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
         "sine=duration=2", str(audio_only)],
        check=True,
    )  # fmt: skip
    owner = factories.make_user("filmmaker", locale="ko")
    screener = uploaded(app, factories.make_film(owner=owner), audio_only)

    ingest(screener.id)

    db.session.expire_all()
    assert screener.state == ScreenerState.REJECTED
    assert screener.rejection_code == RejectionCode.AUDIO_ONLY
    assert "wav" in screener.rejection_detail["detail"]
    with force_locale("ko"):
        assert any("\uac00" <= char <= "\ud7a3" for char in screener.rejection_message)
    with force_locale("en"):
        assert screener.rejection_message.startswith("This file has sound but no picture.")
    assert screener.assets == []
    original = Path(app.config["MEDIA_ROOT"]) / screener.original_path
    assert not original.exists()
    event = db.session.scalar(
        db.select(AuditEvent).where(
            AuditEvent.verb == "screener.rejected", AuditEvent.subject_id == screener.id
        )
    )
    assert event.after == {"version": 1, "code": "audio_only"}


def test_a_worker_killed_mid_transcode_leaves_the_job_to_be_finished(
    app,
    app_ctx,
    tmp_path,
    worker_process,
    monkeypatch,
):
    monkeypatch.setitem(app.config, "JOB_HEARTBEAT_TIMEOUT_S", WORKER_HEARTBEAT_TIMEOUT_S)
    source = lavfi(
        tmp_path / "long.mp4",
        video="testsrc2=size=1280x720:rate=24",
        audio="sine=frequency=330",
        seconds=30,
    )
    screener = uploaded(app, factories.make_film(runtime_s=30), source)

    first = worker_process()
    wait_until(lambda: refreshed(screener).progress > 0.05, timeout=120)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert refreshed(screener).state == ScreenerState.TRANSCODING

    wait_until(lambda: reap_and_count() > 0, timeout=30)
    second = worker_process()
    # A liveness bound, not a timing: the whole transcode again on a busy 2-core machine.
    wait_until(lambda: refreshed(screener).state == ScreenerState.READY, timeout=480)
    job = db.session.get(Job, screener.job_id)
    assert job.attempts == 2
    second.send_signal(signal.SIGINT)
    second.wait(timeout=30)


def refreshed(screener: Screener) -> Screener:
    db.session.expire_all()
    return db.session.get(Screener, screener.id)


def reap_and_count() -> int:
    report = reap_stalled_jobs()
    db.session.commit()
    return len(report.requeued)


def test_the_qc_report_checks_the_version_against_each_entered_edition(
    app, app_ctx, client, auth, short_source
):
    film = factories.make_film(runtime_s=4)
    screener = uploaded(app, film, short_source)
    ingest(screener.id)
    factories.make_submission(
        film=film, category=factories.make_edition(name="QC Fest").categories[0]
    )
    db.session.commit()
    auth.login(film.owner)
    page = client.get(f"/films/{film.id}/qc").get_data(as_text=True)
    assert "QC Fest" in page
    assert "Resolution" in page and "640×360" in page
    assert "Loudness" in page


def test_a_refused_playlist_ends_its_job_rejected_with_one_json_line(app, app_ctx, media, caplog):
    screener = uploaded(app, factories.make_film(), media("hls"))
    huey.flush()

    with caplog.at_level(logging.INFO, logger="festival.jobs.outcomes"):
        run_job(screener.job_id)

    db.session.expire_all()
    job = db.session.get(Job, screener.job_id)
    assert (job.state, job.error) == (JobState.REJECTED, "playlist")
    assert screener.rejection_code == RejectionCode.PLAYLIST
    assert not (Path(app.config["MEDIA_ROOT"]) / screener.original_path).exists()
    [line] = [r.getMessage() for r in caplog.records if r.name == "festival.jobs.outcomes"]
    outcome = json.loads(line)
    assert {key: outcome[key] for key in ("job_id", "kind", "outcome", "code")} == {
        "job_id": job.id,
        "kind": "media.ingest",
        "outcome": "rejected",
        "code": "playlist",
    }
    assert outcome["duration_s"] >= 0
