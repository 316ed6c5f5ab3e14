"""Resumable screener uploads: create one, append bytes to it, terminate it, expire it.

The bytes go to MEDIA_ROOT/uploads/<film_id>/<token>.part, streamed from the request in
small reads and never held whole in memory; once complete the file is renamed to
originals/<film_id>/<token> (see `media.storage`). A PATCH appends under an exclusive lock on the
file; the offset in the database is the last byte known to be on disk (fsynced). When the
last byte lands, the upload becomes a new screener version (`media.services`), and the file
is the ingest's from then on: nothing here touches a complete upload's file again.

What one account and one film may hold open at once is bounded (a few uploads, a byte quota,
a share of the free space); a new upload past a bound releases the oldest idle one of that
account or film, and is refused only when none is idle. No upload stays open longer than
UPLOAD_MAX_AGE_S, however often it receives a byte."""

from __future__ import annotations

import errno
import fcntl
import math
import os
import secrets
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_
from werkzeug.exceptions import ClientDisconnected

from festival.audit.services import record
from festival.database import utcnow
from festival.editions.models import Edition
from festival.extensions import db
from festival.films.images import delete_after_rollback
from festival.films.models import Film
from festival.media import storage, tus
from festival.media.enums import UploadState
from festival.media.models import Upload
from festival.media.reports import entered_requirements
from festival.media.services import screener_from_upload

MIB = 1024**2
GIB = 1024**3

DEFAULTS = {
    "SCREENER_MAX_BYTES": 20 * GIB,
    "UPLOAD_SPACE_FACTOR": 2.5,
    "UPLOAD_EXPIRES_AFTER_S": 24 * 3600,
    "UPLOAD_READ_BYTES": 1 * MIB,
    "UPLOAD_CHECKPOINT_BYTES": 256 * MIB,
    "UPLOAD_WRITEBACK_BYTES": 16 * MIB,
    "UPLOAD_MAX_AGE_S": 72 * 3600,
    "UPLOAD_IDLE_AFTER_S": 10 * 60,
    "UPLOADS_OPEN_PER_FILM": 2,
    "UPLOADS_OPEN_PER_ACCOUNT": 4,
    "UPLOAD_ACCOUNT_QUOTA_FACTOR": 2,
    "UPLOAD_ACCOUNT_SPACE_SHARE": 0.25,
}
"""Settings, each overridable in the app config: the size limit when no open call sets one,
the free space asked for as a multiple of the file (the original and its previews), how long
an untouched partial upload lives, the size of one read from the request, how often a long
PATCH records its progress, and how often the kernel is asked to start writing received bytes
to disk (so the fsync that ends a PATCH has little left to wait for, and a 20 GB upload does not
crowd the page cache); 0 leaves it to the kernel. Then the bounds on open uploads: the longest
one may stay open from its creation, how long without progress makes it idle (releasable),
how many one film and one account may hold, and the bytes one account's open uploads may still
expect: at most the film's size limit times the quota factor, and at most that share of the
free space."""


class UploadError(tus.TusError):
    """An upload request refused for a reason the client should show (size, space, state)."""


@dataclass(frozen=True)
class Receipt:
    """What one PATCH did: the upload as it now stands, and whether the client went away."""

    upload: Upload
    received: int
    dropped: bool = False


def setting(name: str):
    return current_app.config.get(name, DEFAULTS[name])


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def file_of(upload: Upload) -> Path:
    return media_root() / upload.path


def gigabytes(size: int) -> str:
    return f"{size / GIB:.1f}"


# --- limits -----------------------------------------------------------------------------------


def size_limit(film: Film) -> int:
    """The largest screener the calls this film is entered in accept (open entries only);
    SCREENER_MAX_BYTES when it is in none."""
    entered = entered_requirements(film)
    if not entered:
        return setting("SCREENER_MAX_BYTES")
    return max(requirements.max_file_bytes for _name, requirements in entered)


def largest_limit() -> int:
    """The most any film may upload (Tus-Max-Size): the default or a larger call's limit."""
    largest_gib = db.session.scalar(
        db.select(db.func.max(Edition.screener_max_file_gib)).where(Edition.archived_at.is_(None))
    )
    return max(setting("SCREENER_MAX_BYTES"), (largest_gib or 0) * GIB)


def free_bytes() -> int:
    directory = media_root() / "uploads"
    directory.mkdir(parents=True, exist_ok=True)
    return shutil.disk_usage(directory).free


def bytes_still_expected(now: datetime, *where: ColumnElement[bool]) -> int:
    """What the open uploads (those matching `where`) will still write."""
    total = db.session.scalar(
        db.select(db.func.sum(Upload.length_bytes - Upload.offset_bytes)).where(
            is_open(now), *where
        )
    )
    return int(total or 0)


def check_room(length: int, now: datetime) -> None:
    """Refuse early unless the disk holds this file and its previews (UPLOAD_SPACE_FACTOR times
    its size) besides what the other open uploads will still write. Idle uploads are not
    counted: they hold no claim on the disk (resuming one needs the room to be there still),
    so an abandoned upload never keeps anyone else out."""
    free = free_bytes()
    needed = math.ceil(setting("UPLOAD_SPACE_FACTOR") * length) + bytes_still_expected(
        now, ~is_idle(now)
    )
    if free < needed:
        current_app.logger.warning("upload refused: %d bytes free, %d needed", free, needed)
        raise UploadError(
            tus.STATUS_INSUFFICIENT_STORAGE,
            _l(
                "The festival's storage is too full to take a %(size)s GB file right now "
                "(it needs %(needed)s GB free for the file and its previews). The festival "
                "has been told; please try again later.",
                size=gigabytes(length),
                needed=gigabytes(needed),
            ),
        )


def check_size(film: Film, length: int) -> None:
    limit = size_limit(film)
    if length > limit:
        raise UploadError(
            413,
            _l(
                "The file is %(size)s GB; a screener for this film may be at most %(limit)s GB "
                "(%(bytes)d bytes). Export a smaller file and try again.",
                size=gigabytes(length),
                limit=gigabytes(limit),
                bytes=limit,
            ),
        )


# --- creation -------------------------------------------------------------------------------


def clean_filename(metadata: dict[str, str]) -> str:
    """The file's own name (tus-js-client and Uppy send `filename` or `name`), without any
    folder or control characters; only ever shown, never used as a path."""
    name = metadata.get("filename") or metadata.get("name") or ""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name.strip()[:255]


def expiry(created_at: datetime, now: datetime) -> datetime:
    """UPLOAD_EXPIRES_AFTER_S after the last progress, but never past UPLOAD_MAX_AGE_S from
    creation: trickling a byte at a time does not keep an upload open for ever."""
    return min(
        now + timedelta(seconds=setting("UPLOAD_EXPIRES_AFTER_S")),
        created_at + timedelta(seconds=setting("UPLOAD_MAX_AGE_S")),
    )


def create_upload(
    film: Film, *, length: int, metadata: dict[str, str], actor, now: datetime | None = None
) -> Upload:
    """A new, empty upload of `length` bytes for the film's screener, if it is allowed that
    size, the film and the account have room for it among their open uploads, and the disk
    has room."""
    now = now or utcnow()
    check_size(film, length)
    make_room(film, actor, length, now)
    check_room(length, now)
    token = secrets.token_urlsafe(32)
    relative = f"uploads/{film.id}/{token}.part"
    path = media_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    delete_after_rollback(db.session, media_root(), relative)
    upload = Upload(
        token=token,
        film_id=film.id,
        user_id=actor.id,
        length_bytes=length,
        offset_bytes=0,
        filename=clean_filename(metadata),
        metadata_json=metadata,
        path=relative,
        state=UploadState.RECEIVING,
        created_at=now,
        updated_at=now,
        expires_at=expiry(now, now),
    )
    db.session.add(upload)
    record(
        "upload.created",
        upload,
        actor=actor,
        after={"film_id": film.id, "length_bytes": length, "filename": upload.filename},
    )
    return upload


# --- bounds on open uploads -----------------------------------------------------------------


def is_open(now: datetime) -> ColumnElement[bool]:
    """A partial upload that may still receive bytes: neither expired nor past its maximum age."""
    return and_(
        Upload.state == UploadState.RECEIVING,
        Upload.expires_at > now,
        Upload.created_at > now - timedelta(seconds=setting("UPLOAD_MAX_AGE_S")),
    )


def is_idle(now: datetime) -> ColumnElement[bool]:
    """No progress for UPLOAD_IDLE_AFTER_S: the upload may be released for a new one."""
    return Upload.updated_at <= now - timedelta(seconds=setting("UPLOAD_IDLE_AFTER_S"))


def upload_bounds() -> dict[str, int]:
    """The bounds as the upload page states them."""
    return {
        "per_film": setting("UPLOADS_OPEN_PER_FILM"),
        "per_account": setting("UPLOADS_OPEN_PER_ACCOUNT"),
        "idle_minutes": setting("UPLOAD_IDLE_AFTER_S") // 60,
    }


def account_allowance(film: Film) -> int:
    """The most one account's open uploads may still expect, when it starts one for `film`."""
    return min(
        setting("UPLOAD_ACCOUNT_QUOTA_FACTOR") * size_limit(film),
        math.floor(setting("UPLOAD_ACCOUNT_SPACE_SHARE") * free_bytes()),
    )


def count_open(scope: ColumnElement[bool], now: datetime) -> int:
    return db.session.scalar(db.select(db.func.count(Upload.id)).where(is_open(now), scope))


def exceeded_bound(
    film: Film, actor, length: int, now: datetime
) -> tuple[ColumnElement[bool], UploadError] | None:
    """The first bound a new upload would break, as (the uploads it counts, the refusal)."""
    minutes = setting("UPLOAD_IDLE_AFTER_S") // 60
    of_film, per_film = Upload.film_id == film.id, setting("UPLOADS_OPEN_PER_FILM")
    of_account, per_account = Upload.user_id == actor.id, setting("UPLOADS_OPEN_PER_ACCOUNT")
    open_bounds = (
        (
            of_film,
            per_film,
            _l(
                "This film already has %(count)d uploads in progress, the most it may have at "
                "once. Finish one of them first (choose the same file again to continue it); "
                "an upload left without progress for %(minutes)d minutes makes room for a "
                "new one.",
                count=per_film,
                minutes=minutes,
            ),
        ),
        (
            of_account,
            per_account,
            _l(
                "You already have %(count)d uploads in progress, the most one account may have "
                "at once. Finish one of them first; an upload left without progress for "
                "%(minutes)d minutes makes room for a new one.",
                count=per_account,
                minutes=minutes,
            ),
        ),
    )
    for scope, most, refusal in open_bounds:
        if count_open(scope, now) >= most:
            return scope, UploadError(429, refusal)
    reserved = bytes_still_expected(now, of_account)
    allowance = account_allowance(film)
    if reserved and reserved + length > allowance:
        return of_account, UploadError(
            429,
            _l(
                "Your uploads in progress still expect %(reserved)s GB; with this %(size)s GB "
                "file they would pass the %(allowed)s GB one account may hold at once. Finish "
                "one of them first; an upload left without progress for %(minutes)d minutes "
                "makes room for a new one.",
                reserved=gigabytes(reserved),
                size=gigabytes(length),
                allowed=gigabytes(allowance),
                minutes=minutes,
            ),
        )
    return None


def make_room(film: Film, actor, length: int, now: datetime) -> None:
    """Keep the film's and the account's open uploads within their bounds with this new one,
    releasing their oldest idle uploads as needed; refuse (429) when none of them is idle."""
    while (exceeded := exceeded_bound(film, actor, length, now)) is not None:
        scope, refusal = exceeded
        if not release_oldest_idle(scope, actor=actor, now=now):
            raise refusal


def release_oldest_idle(scope: ColumnElement[bool], *, actor, now: datetime) -> bool:
    """Release the upload in `scope` longest without progress, if it is idle and no request is
    writing to it; False when there is none."""
    idle = db.session.scalars(
        db.select(Upload)
        .where(is_open(now), is_idle(now), scope)
        .order_by(Upload.updated_at, Upload.id)
    ).all()
    for upload in idle:
        if not is_being_written(upload):
            release(upload, actor=actor, now=now)
            return True
    return False


def release(upload: Upload, *, actor, now: datetime) -> None:
    """End an idle partial upload to make room for a new one; its file goes once this commits.
    It ends as expired at `now` (before its natural expiry: `why_gone` tells them apart)."""
    upload.state = UploadState.EXPIRED
    upload.expires_at = now
    storage.discard_after_commit(db.session, upload.path)
    record(
        "upload.released",
        upload,
        actor=actor,
        before={"offset_bytes": upload.offset_bytes, "updated_at": upload.updated_at.isoformat()},
        reason="idle: released to make room for a new upload",
    )
    db.session.flush()


# --- state ----------------------------------------------------------------------------------


def find_upload(token: str) -> Upload | None:
    return db.session.scalar(db.select(Upload).where(Upload.token == token))


def open_uploads(film_id: int, now: datetime | None = None) -> list[Upload]:
    """The film's partial uploads that can still be resumed, newest first."""
    return db.session.scalars(
        db.select(Upload)
        .where(Upload.film_id == film_id, is_open(now or utcnow()))
        .order_by(Upload.updated_at.desc())
    ).all()


def reaches_max_age(upload: Upload, moment: datetime) -> bool:
    return upload.created_at + timedelta(seconds=setting("UPLOAD_MAX_AGE_S")) <= moment


def is_expired(upload: Upload, now: datetime) -> bool:
    return upload.state == UploadState.EXPIRED or (
        upload.state == UploadState.RECEIVING
        and (upload.expires_at <= now or reaches_max_age(upload, now))
    )


def check_available(upload: Upload, now: datetime) -> None:
    """A terminated or expired upload is gone (410), whether or not its file is yet."""
    if upload.state == UploadState.TERMINATED:
        raise UploadError(410, _l("This upload was cancelled. Start the upload again."))
    if is_expired(upload, now):
        raise UploadError(410, why_gone(upload, now))


def why_gone(upload: Upload, now: datetime):
    """Why an expired upload ended, read from its timestamps: at its maximum age, released
    early (its expiry set to the moment it was released), or untouched for its whole life."""
    if reaches_max_age(upload, min(upload.expires_at, now)):
        return _l(
            "This upload was started more than %(hours)d hours ago, the longest an upload may "
            "stay open, and its partial file was removed. Start the upload again.",
            hours=setting("UPLOAD_MAX_AGE_S") // 3600,
        )
    natural = upload.updated_at + timedelta(seconds=setting("UPLOAD_EXPIRES_AFTER_S"))
    if upload.state == UploadState.EXPIRED and upload.expires_at < natural:
        return _l(
            "This upload was left without progress for more than %(minutes)d minutes and was "
            "released to make room for a newer one; its partial file was removed. Start the "
            "upload again.",
            minutes=setting("UPLOAD_IDLE_AFTER_S") // 60,
        )
    return _l(
        "This upload expired after %(hours)d hours without progress and its "
        "partial file was removed. Start the upload again.",
        hours=setting("UPLOAD_EXPIRES_AFTER_S") // 3600,
    )


def is_being_written(upload: Upload) -> bool:
    """Whether a request holds the upload's file right now (a missing file is not held)."""
    try:
        os.close(lock(file_of(upload)))
    except UploadError as error:
        return error.status_code == 423
    return False


def lock(path: Path) -> int:
    """A write descriptor on the upload's file, exclusively locked (one writer at a time,
    across processes); 423 while another request holds it."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        current_app.logger.error("upload file %s is missing", path)
        raise UploadError(
            410, _l("This upload's partial file is gone. Start the upload again.")
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise UploadError(
            423, _l("Another request is still writing to this upload. Try again in a moment.")
        ) from None
    return fd


def reconcile(fd: int, upload: Upload) -> None:
    """Make the file end at the recorded offset: bytes past it were never confirmed (a
    process killed mid-PATCH, an unverified checksum), and a shorter file wins over the row."""
    size = os.fstat(fd).st_size
    if size > upload.offset_bytes:
        os.ftruncate(fd, upload.offset_bytes)
    elif size < upload.offset_bytes:
        current_app.logger.warning(
            "upload %s: file has %d bytes, row says %d", upload.id, size, upload.offset_bytes
        )
        upload.offset_bytes = size


# --- appending ------------------------------------------------------------------------------


class BodyCopy:
    """Copies a request body to the end of the file in bounded reads, hashing it on the way
    when a checksum is to be verified. `written` is always what is on disk from this body."""

    def __init__(
        self, fd: int, stream, *, start: int, expected: int | None, room: int, hasher=None
    ):
        self.fd = fd
        self.start = start
        self.flushed = 0
        self.stream = stream
        self.expected = expected
        self.room = room
        self.hasher = hasher
        self.written = 0
        self.dropped = False

    def run(self, on_progress: Callable[[int], None] | None = None) -> None:
        read_size = setting("UPLOAD_READ_BYTES")
        while self.expected is None or self.written < self.expected:
            want = (
                read_size if self.expected is None else min(read_size, self.expected - self.written)
            )
            try:
                chunk = self.stream.read(want)
            except (ClientDisconnected, OSError):
                self.dropped = True
                return
            if not chunk:
                self.dropped = self.expected is not None
                return
            if self.written + len(chunk) > self.room:
                raise UploadError(
                    413, _l("The request carries more bytes than the upload's declared length.")
                )
            if self.hasher is not None:
                self.hasher.update(chunk)
            write_to_disk(self.fd, chunk)
            self.written += len(chunk)
            self.write_back()
            if on_progress is not None:
                on_progress(self.written)

    def write_back(self) -> None:
        """Start writing out what this body added so far, without waiting for it."""
        every = setting("UPLOAD_WRITEBACK_BYTES")
        if every and self.written - self.flushed >= every:
            os.posix_fadvise(
                self.fd,
                self.start + self.flushed,
                self.written - self.flushed,
                os.POSIX_FADV_DONTNEED,
            )
            self.flushed = self.written


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_to_disk(fd: int, data: bytes) -> None:
    """`write_all`, with a full disk refused as 507 rather than failing the request."""
    try:
        write_all(fd, data)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
        current_app.logger.warning("upload refused: the disk filled up mid-upload")
        raise UploadError(
            tus.STATUS_INSUFFICIENT_STORAGE,
            _l(
                "The festival's storage filled up while receiving this file. The festival "
                "has been told; please continue the upload later."
            ),
        ) from None


def receive(
    upload: Upload,
    stream,
    *,
    offset: int,
    content_length: int | None,
    checksum: tuple[str, bytes] | None,
    actor,
    now: datetime | None = None,
    checkpoint: Callable[[], None] | None = None,
) -> Receipt:
    """Append one PATCH body at `offset`, which must be where the upload stands (else 409).

    With a checksum, the bytes count only once verified: on a mismatch (460) or a dropped
    connection they are cut off again. Without one, every byte on disk is kept, a dropped
    connection included, and a long body records its progress every UPLOAD_CHECKPOINT_BYTES
    through `checkpoint` (the caller's commit). The last byte makes the screener version."""
    now = now or utcnow()
    check_available(upload, now)
    fd = lock(file_of(upload))
    try:
        db.session.refresh(upload)
        check_available(upload, now)
        if upload.state == UploadState.COMPLETE:
            return receive_after_completion(upload, offset, content_length)
        reconcile(fd, upload)
        check_offset(upload, offset)
        room = upload.length_bytes - offset
        if content_length is not None and content_length > room:
            raise UploadError(
                413, _l("The request carries more bytes than the upload's declared length.")
            )
        os.lseek(fd, offset, os.SEEK_SET)
        hasher = tus.CHECKSUM_ALGORITHMS[checksum[0]]() if checksum else None
        body = BodyCopy(fd, stream, start=offset, expected=content_length, room=room, hasher=hasher)
        try:
            body.run(None if checksum else checkpoints(fd, upload, offset, checkpoint))
        except BaseException:
            os.ftruncate(fd, upload.offset_bytes)
            raise
        if checksum and (body.dropped or hasher.digest() != checksum[1]):
            os.ftruncate(fd, offset)
            os.fsync(fd)
            if not body.dropped:
                raise UploadError(
                    tus.STATUS_CHECKSUM_MISMATCH,
                    _l(
                        "The bytes received do not match their %(algorithm)s checksum; "
                        "they were discarded. Send them again.",
                        algorithm=checksum[0],
                    ),
                )
            return Receipt(upload, received=0, dropped=True)
        os.fsync(fd)
        advance(upload, offset + body.written, now)
        if upload.offset_bytes == upload.length_bytes:
            complete(upload, actor=actor, now=now)
        db.session.flush()
        return Receipt(upload, received=body.written, dropped=body.dropped)
    finally:
        os.close(fd)


def check_offset(upload: Upload, offset: int) -> None:
    if offset != upload.offset_bytes:
        raise UploadError(
            409,
            _l(
                "Upload-Offset %(sent)d does not match the upload, which is at byte %(offset)d. "
                "Ask for the offset (HEAD) and continue from there.",
                sent=offset,
                offset=upload.offset_bytes,
            ),
            {"Upload-Offset": str(upload.offset_bytes)},
        )


def receive_after_completion(upload: Upload, offset: int, content_length: int | None) -> Receipt:
    """A repeated last PATCH with nothing more to send is answered as done."""
    if offset != upload.length_bytes or content_length:
        check_offset(upload, offset)
        raise UploadError(409, _l("This upload is already complete."))
    return Receipt(upload, received=0)


def checkpoints(fd: int, upload: Upload, start: int, commit: Callable[[], None] | None):
    """Record the offset every UPLOAD_CHECKPOINT_BYTES of a long body, once on disk."""
    if commit is None:
        return None
    every = setting("UPLOAD_CHECKPOINT_BYTES")
    state = {"next": every}

    def on_progress(written: int) -> None:
        if written >= state["next"]:
            os.fsync(fd)
            advance(upload, start + written, utcnow())
            commit()
            state["next"] = written + every

    return on_progress


def advance(upload: Upload, offset: int, now: datetime) -> None:
    upload.offset_bytes = offset
    upload.updated_at = now
    upload.expires_at = expiry(upload.created_at, now)


def complete(upload: Upload, *, actor, now: datetime) -> None:
    """The last byte landed: the file takes its final name (put back if this rolls back)
    and becomes a new screener version."""
    partial = upload.path
    upload.path = finished_name(upload)
    storage.rename(db.session, partial, upload.path)
    upload.state = UploadState.COMPLETE
    upload.completed_at = now
    db.session.flush()
    screener_from_upload(upload, actor=actor)


def finished_name(upload: Upload) -> str:
    return f"originals/{upload.film_id}/{upload.token}"


# --- termination and expiry -------------------------------------------------------------------


def terminate(upload: Upload, *, actor, now: datetime | None = None) -> None:
    """Cancel a partial upload; its file is removed once this commits."""
    now = now or utcnow()
    if upload.state == UploadState.COMPLETE:
        raise UploadError(
            403,
            _l("This upload is complete and is now a screener version; it cannot be cancelled."),
        )
    check_available(upload, now)
    fd = lock(file_of(upload))
    os.close(fd)
    upload.state = UploadState.TERMINATED
    upload.updated_at = now
    storage.discard_after_commit(db.session, upload.path)
    record("upload.terminated", upload, actor=actor, before={"offset_bytes": upload.offset_bytes})


def expire_uploads(now: datetime | None = None) -> int:
    """Mark partial uploads untouched past their expiry, or past their maximum age, as expired;
    their files are removed once the caller commits. One being written to right now is left
    for the next sweep."""
    now = now or utcnow()
    stale = db.session.scalars(
        db.select(Upload).where(Upload.state == UploadState.RECEIVING, ~is_open(now))
    ).all()
    expired = 0
    for upload in stale:
        if is_being_written(upload):
            continue
        upload.state = UploadState.EXPIRED
        storage.discard_after_commit(db.session, upload.path)
        expired += 1
    db.session.flush()
    return expired
