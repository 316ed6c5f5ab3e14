"""Ingest of one screener version: hardened probe, C2PA credentials of the original, one
ffmpeg pass for both previews, poster, storyboard and QC measurements, then the files
recorded and the version made ready; with MEDIA_STORAGE set to a bucket, its files then move
there (`storage.move_to_media_store`), and an original already in a bucket is read back into a
temporary file for the pass.

The job handler (`tasks.py`) is a thin shell around `ingest`, so tests run it inline. It is
idempotent: a finished version is left alone, an interrupted one starts over, and an
accepted original is never modified or deleted. A refused one is deleted once its rejection
commits: what the probe found stays on the version for staff. A ready version whose files did
not all move yet (the bucket was down) moves them when the job runs again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from flask import current_app
from sqlalchemy import update

from festival.audit.services import record
from festival.database import utcnow
from festival.extensions import db
from festival.media.enums import FINISHED_STATES, AssetKind, RejectionCode, ScreenerState
from festival.media.models import MediaAsset, Screener
from festival.media.object_store import StoreError, store_for
from festival.media.probe import ScreenerRejected, probe_screener
from festival.media.provenance import read_content_credentials
from festival.media.storage import discard_after_commit, move_to_media_store
from festival.media.transcode import TranscodeError, TranscodeOutputs, transcode

DETAIL_MAX_CHARS = 64_000
PREVIEW_KINDS = {"preview_720.mp4": AssetKind.PREVIEW_720, "preview_360.mp4": AssetKind.PREVIEW_360}


class IngestFailed(Exception):
    """The pass failed in a way a retry may fix (a killed process, a full disk)."""


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def output_dir(screener: Screener) -> Path:
    return media_root() / "screeners" / str(screener.id)


def ingest(screener_id: int, *, report=None) -> Screener | None:
    """Run the whole ingest of a screener version; `report(progress, stage)` is called as it
    goes (the job's heartbeat). Rejections are final; other failures raise `IngestFailed`."""
    screener = db.session.get(Screener, screener_id)
    if screener is not None and screener.state == ScreenerState.READY:
        move_files(screener)
    if screener is None or screener.state in FINISHED_STATES:
        return screener
    report = report or (lambda progress=None, stage=None: None)
    try:
        with store_for(screener.original_path).local_copy(screener.original_path) as source:
            screener = ingest_from(screener, source, report)
    except StoreError as error:
        raise IngestFailed(str(error)) from error
    if screener.state == ScreenerState.READY:
        move_files(screener)
    return screener


def ingest_from(screener: Screener, source: Path, report) -> Screener:
    set_state(screener, ScreenerState.PROBING)
    report(0.0, "probing")
    try:
        probed = probe_screener(source)
    except ScreenerRejected as rejected:
        return reject(screener, rejected)
    screener.probe = probed.to_dict()
    screener.c2pa = read_content_credentials(source)
    set_state(screener, ScreenerState.TRANSCODING)
    report(0.0, "transcoding")
    outputs = run_transcode(screener, source, probed, report)
    record_outputs(screener, outputs)
    screener.qc = {"measurements": outputs.measurements.to_dict(), "notes": list(outputs.notes)}
    screener.state = ScreenerState.READY
    screener.progress, screener.eta_s, screener.ready_at = 1.0, 0.0, utcnow()
    db.session.commit()
    return screener


def move_files(screener: Screener) -> None:
    """Move a ready version's files to the bucket MEDIA_STORAGE names, if it names one."""
    try:
        if move_to_media_store(screener):
            db.session.commit()
    except StoreError as error:
        db.session.rollback()
        raise IngestFailed(str(error)) from error


def set_state(screener: Screener, state: ScreenerState) -> None:
    screener.state = state
    screener.progress = 0.0
    db.session.commit()


def reject(screener: Screener, rejected: ScreenerRejected) -> Screener:
    """Refuse the file: its code kept (the sentence is rendered in the reader's language when
    shown), the probe's answer kept for staff, the event audited, the original deleted."""
    screener.state = ScreenerState.REJECTED
    screener.rejection_code = rejected.code
    screener.rejection_params = rejected.params or None
    screener.rejection_detail = bounded_detail(
        {"detail": rejected.detail, "ffprobe": rejected.probe_output}
    )
    record(
        "screener.rejected",
        screener,
        after={"version": screener.version, "code": rejected.code.value},
        reason=rejected.detail[-500:] or None,
    )
    discard_after_commit(db.session, screener.original_path)
    db.session.commit()
    return screener


def bounded_detail(detail: dict) -> dict:
    """The probe's answer for staff, unless a hostile file made it huge (then its size)."""
    size = len(json.dumps(detail, default=str))
    if size <= DETAIL_MAX_CHARS:
        return detail
    return {"detail": str(detail.get("detail", ""))[-DETAIL_MAX_CHARS // 2 :], "omitted": size}


def run_transcode(screener: Screener, source: Path, probed, report) -> TranscodeOutputs:
    folder = output_dir(screener)
    discard_partial_outputs(folder)
    engine, screener_id = db.engine, screener.id

    def on_progress(fraction: float, speed: float | None, eta_s: float | None) -> None:
        with engine.begin() as connection:
            connection.execute(
                update(Screener)
                .where(Screener.id == screener_id)
                .values(progress=min(fraction, 0.99), eta_s=eta_s)
            )
        report(fraction, "transcoding")

    try:
        return transcode(source, probed, folder, on_progress=on_progress)
    except TranscodeError as error:
        raise IngestFailed(str(error)) from error


def discard_partial_outputs(folder: Path) -> None:
    """What an interrupted attempt left behind under temporary names."""
    if folder.is_dir():
        for partial in folder.glob(".partial-*"):
            shutil.rmtree(partial, ignore_errors=True)


def record_outputs(screener: Screener, outputs: TranscodeOutputs) -> None:
    root = media_root()

    def relative(path: Path) -> str:
        return str(Path(path).relative_to(root))

    assets = [
        MediaAsset(
            kind=PREVIEW_KINDS[name],
            path=relative(preview.path),
            bytes=preview.size_bytes,
            width=preview.width,
            height=preview.height,
            details={"duration_s": preview.duration_s, "has_audio": preview.has_audio},
        )
        for name, preview in sorted(outputs.previews.items())
    ]
    assets.append(asset_for(AssetKind.POSTER, outputs.poster, relative))
    assets += [
        asset_for(AssetKind.STORYBOARD, sheet, relative, position=index)
        for index, sheet in enumerate(outputs.storyboard_sheets)
    ]
    vtt = asset_for(AssetKind.STORYBOARD_VTT, outputs.storyboard_vtt, relative)
    vtt.details = {
        "interval_s": outputs.storyboard_interval_s,
        "tile": list(outputs.tile_size),
        "sheets": [Path(sheet).name for sheet in outputs.storyboard_sheets],
    }
    made = [*assets, vtt]
    replaced = {asset.path for asset in screener.assets} - {asset.path for asset in made}
    discard_after_commit(db.session, *replaced)  # a new pass's leftovers (in a bucket)
    screener.assets = made


def asset_for(kind: AssetKind, path: Path, relative, *, position: int = 0) -> MediaAsset:
    return MediaAsset(
        kind=kind, path=relative(path), bytes=Path(path).stat().st_size, position=position
    )


def fail(screener_id: int, error: str) -> None:
    """After the last attempt: the version failed; the previous one stays in use, and so does
    this version's original (a later retry may succeed)."""
    screener = db.session.get(Screener, screener_id)
    if screener is None or screener.state in FINISHED_STATES:
        return
    screener.state = ScreenerState.FAILED
    screener.rejection_code = RejectionCode.TRANSCODE_FAILED
    screener.rejection_params = {"error": error[:300]}
    screener.rejection_detail = {"error": error[-DETAIL_MAX_CHARS:]}
    record("screener.failed", screener, after={"version": screener.version}, reason=error[:500])
    db.session.commit()
