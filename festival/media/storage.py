"""Where media files live on disk, and how they leave it.

Under MEDIA_ROOT: `uploads/<film>/<token>.part` while a tus upload receives bytes,
`originals/<film>/<token>` once it is complete (the `.part` suffix only ever marks a partial
file), and `screeners/<version>/` for what ingest derives (previews, poster, storyboard). With
MEDIA_STORAGE set to a bucket, a ready version's original and derived files then move there
under the same names (`object_store`), verified before the local copies go. A
refused original is deleted as soon as its rejection commits (its probe output stays in the
database for staff); a cancelled or expired upload's partial file is deleted too, and a folder
left empty by a deletion goes with it."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, update
from sqlalchemy.orm import Session, selectinload

from festival.audit.services import record
from festival.extensions import db
from festival.media.enums import AssetKind, ScreenerState, UploadState
from festival.media.models import MediaAsset, Screener, Upload
from festival.media.object_store import (
    AREAS,
    BucketStore,
    DiskStore,
    Stored,
    is_in_bucket,
    media_root,
    media_store,
    prune_empty_folders,
    store_for,
)
from festival.media.serving import CONTENT_TYPES

ORIGINAL_CONTENT_TYPE = "application/octet-stream"
_DISCARD_ON_COMMIT = "festival.media.discard_on_commit"
_UNDO_ON_ROLLBACK = "festival.media.undo_on_rollback"

logger = logging.getLogger(__name__)


def discard_after_commit(session: Session, *locations: str) -> None:
    """Delete these files (on disk, with the folders they leave empty, or in a bucket) once
    the session commits."""
    session.info.setdefault(_DISCARD_ON_COMMIT, []).extend(
        (store_for(location), location) for location in locations
    )


def rename(session: Session, source: str, target: str) -> None:
    """Move a file to its new name now; it moves back if the session rolls back, and the
    folder it left is removed once the session commits if nothing else is in it."""
    root = media_root()
    (root / target).parent.mkdir(parents=True, exist_ok=True)
    os.replace(root / source, root / target)
    session.info.setdefault(_UNDO_ON_ROLLBACK, []).append((root, root / target, root / source))
    session.info.setdefault(_DISCARD_ON_COMMIT, []).append((DiskStore(root), source))


def move_to_media_store(screener: Screener) -> int:
    """When MEDIA_STORAGE is a bucket, put the version's original and every derived file there
    (each verified by its checksum, which the row keeps) and point the rows at them; the local
    copies are deleted once the session commits. What is in a bucket already stays, and a file
    missing from the disk is logged and left named as it was. Returns how many files moved."""
    store = media_store()
    if not isinstance(store, BucketStore):
        return 0
    disk = DiskStore(media_root())

    def put(location: str, content_type: str) -> Stored | None:
        if is_in_bucket(location):
            return None
        if disk.size(location) is None:
            logger.warning("screener %s: %s is not on disk to move", screener.id, location)
            return None
        stored = store.put(disk.path(location), location, content_type=content_type)
        discard_after_commit(db.session, location)
        return stored

    moved = 0
    for asset in screener.assets:
        if stored := put(asset.path, CONTENT_TYPES[asset.kind]):
            asset.path, asset.sha256 = stored.location, stored.sha256
            moved += 1
    original = screener.original_path
    if stored := put(original, ORIGINAL_CONTENT_TYPE):
        db.session.execute(
            update(Upload).where(Upload.path == original).values(path=stored.location)
        )
        screener.original_path, screener.sha256 = stored.location, stored.sha256
        moved += 1
    return moved


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    session.info.pop(_UNDO_ON_ROLLBACK, None)
    for store, location in session.info.pop(_DISCARD_ON_COMMIT, ()):
        try:
            store.delete(location)
        except Exception:  # committed already: a file left behind is logged, not raised
            logger.exception("could not delete %s", location)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_DISCARD_ON_COMMIT, None)
    for root, moved, back in reversed(session.info.pop(_UNDO_ON_ROLLBACK, ())):
        if moved.exists():
            os.replace(moved, back)
            prune_empty_folders(root, moved.parent)


# --- what media uses, and what can be reclaimed ---------------------------------------------

PREVIEW_KINDS = frozenset({AssetKind.PREVIEW_720, AssetKind.PREVIEW_360})
NOT_ENTERED = ""
"""The report's group for films entered in no edition."""


@dataclass
class Usage:
    """Bytes stored (on disk or in a bucket) for one edition's films (a film in two editions
    counts in both)."""

    originals: int = 0
    previews: int = 0
    images: int = 0
    """Posters, storyboard sheets and their WebVTT tracks."""
    refused: int = 0
    """Originals of rejected versions still on disk (kept before refusals were deleted)."""
    superseded_previews: int = 0
    """Previews of ready versions a newer ready version replaced."""

    @property
    def reclaimable(self) -> int:
        return self.refused + self.superseded_previews


def superseded(screeners) -> set[int]:
    """Ids of ready versions that a newer ready version of the same film replaced."""
    newest: dict[int, int] = {}
    for screener in screeners:
        if screener.state == ScreenerState.READY:
            newest[screener.film_id] = max(newest.get(screener.film_id, 0), screener.version)
    return {
        s.id for s in screeners if s.state == ScreenerState.READY and s.version < newest[s.film_id]
    }


def usage_by_edition(film_editions: dict[int, list[str]]) -> dict[str, Usage]:
    """Edition name → what its films' media uses ("" for films in none)."""
    root = media_root()
    screeners = db.session.scalars(db.select(Screener).options(selectinload(Screener.assets))).all()
    replaced = superseded(screeners)
    usage: dict[str, Usage] = {}
    for screener in screeners:
        if is_in_bucket(screener.original_path):
            on_disk = screener.original_bytes
        else:
            original = root / screener.original_path
            on_disk = original.stat().st_size if original.is_file() else 0
        for edition in film_editions.get(screener.film_id) or [NOT_ENTERED]:
            row = usage.setdefault(edition, Usage())
            if screener.state == ScreenerState.REJECTED:
                row.refused += on_disk
            else:
                row.originals += on_disk
            for asset in screener.assets:
                if asset.kind in PREVIEW_KINDS:
                    row.previews += asset.bytes
                    if screener.id in replaced:
                        row.superseded_previews += asset.bytes
                else:
                    row.images += asset.bytes
    return usage


def orphaned_files() -> list[Path]:
    """Files under the media areas that no upload, version or derived file names."""
    root = media_root()
    known = {
        *db.session.scalars(db.select(Upload.path)),
        *db.session.scalars(db.select(Screener.original_path)),
        *db.session.scalars(db.select(MediaAsset.path)),
    }
    found = []
    for area in AREAS:
        for path in sorted((root / area).rglob("*")):
            relative = str(path.relative_to(root))
            if path.is_file() and relative not in known and ".partial-" not in relative:
                found.append(path)
    return found


def prune_superseded_previews(film_ids, *, actor=None) -> int:
    """Delete the previews of the films' superseded ready versions (once this commits), each
    version audited; the poster, storyboard and original stay. Returns the bytes freed."""
    screeners = db.session.scalars(
        db.select(Screener)
        .where(Screener.film_id.in_(list(film_ids)))
        .options(selectinload(Screener.assets))
    ).all()
    replaced = superseded(screeners)
    freed = 0
    for screener in screeners:
        if screener.id not in replaced:
            continue
        previews = [asset for asset in screener.assets if asset.kind in PREVIEW_KINDS]
        if not previews:
            continue
        discard_after_commit(db.session, *(asset.path for asset in previews))
        for asset in previews:
            screener.assets.remove(asset)
            freed += asset.bytes
        record(
            "screener.previews_pruned",
            screener,
            actor=actor,
            before={"previews": [asset.path for asset in previews]},
            reason="superseded by a newer ready version",
        )
    return freed


def finish_original_names() -> int:
    """Give the originals of uploads completed before finished files were renamed their
    final name (`originals/<film>/<token>`), with the rows that name them; idempotent.
    Returns how many were renamed."""
    renamed = 0
    for upload in db.session.scalars(
        db.select(Upload).where(
            Upload.state == UploadState.COMPLETE, Upload.path.like("uploads/%.part")
        )
    ):
        final = f"originals/{upload.film_id}/{upload.token}"
        if (media_root() / upload.path).is_file():
            rename(db.session, upload.path, final)
        db.session.execute(
            update(Screener)
            .where(Screener.original_path == upload.path)
            .values(original_path=final)
        )
        upload.path = final
        renamed += 1
    return renamed
