"""Where media files live on disk, and how they leave it.

Under MEDIA_ROOT: `uploads/<film>/<token>.part` while a tus upload receives bytes,
`originals/<film>/<token>` once it is complete (the `.part` suffix only ever marks a partial
file), and `screeners/<version>/` for what ingest derives (previews, poster, storyboard). A
refused original is deleted as soon as its rejection commits (its probe output stays in the
database for staff); a cancelled or expired upload's partial file is deleted too, and a folder
left empty by a deletion goes with it."""

from __future__ import annotations

import os
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

AREAS = ("uploads", "originals", "screeners")
"""The folders directly under MEDIA_ROOT; they stay even when empty."""
_DISCARD_ON_COMMIT = "festival.media.discard_on_commit"
_UNDO_ON_ROLLBACK = "festival.media.undo_on_rollback"


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def discard_after_commit(session: Session, *relative_paths: str) -> None:
    """Delete these files (and folders they leave empty) once the session commits."""
    root = media_root()
    session.info.setdefault(_DISCARD_ON_COMMIT, []).extend(
        (root, root / relative) for relative in relative_paths
    )


def rename(session: Session, source: str, target: str) -> None:
    """Move a file to its new name now; it moves back if the session rolls back, and the
    folder it left is removed once the session commits if nothing else is in it."""
    root = media_root()
    (root / target).parent.mkdir(parents=True, exist_ok=True)
    os.replace(root / source, root / target)
    session.info.setdefault(_UNDO_ON_ROLLBACK, []).append((root, root / target, root / source))
    session.info.setdefault(_DISCARD_ON_COMMIT, []).append((root, root / source))


def discard(root: Path, path: Path) -> None:
    """Delete a file or a folder's tree, then each parent folder it leaves empty, up to (not
    including) the areas under `root`."""
    if path.is_dir() and not path.is_symlink():
        for child in sorted(path.rglob("*"), reverse=True):
            child.rmdir() if child.is_dir() and not child.is_symlink() else child.unlink()
        path.rmdir()
    else:
        path.unlink(missing_ok=True)
    prune_empty_folders(root, path.parent)


def prune_empty_folders(root: Path, folder: Path) -> None:
    keep = {root, *(root / area for area in AREAS)}
    while folder not in keep and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:  # not empty, or already gone
            return
        folder = folder.parent


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    session.info.pop(_UNDO_ON_ROLLBACK, None)
    for root, path in session.info.pop(_DISCARD_ON_COMMIT, ()):
        discard(root, path)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_DISCARD_ON_COMMIT, None)
    for root, moved, back in reversed(session.info.pop(_UNDO_ON_ROLLBACK, ())):
        if moved.exists():
            os.replace(moved, back)
            prune_empty_folders(root, moved.parent)
