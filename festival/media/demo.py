"""Demo screeners made with ffmpeg's lavfi sources, entered as finished uploads so the same
ingest pipeline turns them into previews, storyboards and QC reports."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import ffmpeg as ffmpeg_builder
from flask import current_app

from festival.database import utcnow
from festival.extensions import db
from festival.films.models import Film
from festival.media import ffmpeg
from festival.media.enums import UploadState
from festival.media.models import Screener, Upload
from festival.media.services import screener_from_upload

LOOKS = (
    ("testsrc2=size=1280x720:rate=24", "sine=frequency=220:sample_rate=48000"),
    ("cellauto=size=1280x720:rate=24:rule=110", "sine=frequency=330:sample_rate=48000"),
)


def make_source(path: Path, *, seconds: int, look: int) -> Path:
    """An H.264/AAC MP4 of `seconds`, with picture and sound from lavfi."""
    video, audio = LOOKS[look % len(LOOKS)]
    picture = ffmpeg_builder.input(video, f="lavfi", t=seconds)
    sound = ffmpeg_builder.input(audio, f="lavfi", t=seconds)
    args = (
        ffmpeg_builder.output(
            picture, sound, str(path),
            vcodec="libx264", preset="ultrafast", pix_fmt="yuv420p", acodec="aac",
            movflags="+faststart", shortest=None,
        )
        .get_args()
    )  # fmt: skip
    ffmpeg.run(args, timeout_s=max(120, seconds * 10), duration_s=seconds)
    return path


def demo_screener(film: Film, *, seconds: int, look: int = 0) -> Screener:
    """A finished upload of a generated source for `film`, queued for ingest."""
    token = secrets.token_urlsafe(16)
    relative = f"uploads/{film.id}/{token}.part"
    path = Path(current_app.config["MEDIA_ROOT"]) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    make_source(path.with_suffix(".mp4"), seconds=seconds, look=look).rename(path)
    size = path.stat().st_size
    upload = Upload(
        token=token,
        film=film,
        user=film.owner,
        length_bytes=size,
        offset_bytes=size,
        filename=f"{film.title}.mp4",
        path=relative,
        state=UploadState.COMPLETE,
        expires_at=utcnow() + timedelta(days=1),
        completed_at=utcnow(),
    )
    db.session.add(upload)
    return screener_from_upload(upload, actor=film.owner)
