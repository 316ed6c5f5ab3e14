"""Where a media file's bytes are kept: on the local disk under MEDIA_ROOT (the embedded
default), or in an S3-compatible bucket (`MEDIA_STORAGE=s3://bucket[/prefix]`, reached at
S3_ENDPOINT_URL with the AWS_* credentials).

A row names its file by a location: a path relative to MEDIA_ROOT, or `s3://bucket/key` once
the file is in a bucket, so a row says where its file lives whatever the setting says today.
`store_for(location)` is the store that holds a location; `media_store()` the one that new
files go to.

A put is verified before the caller may drop its local copy: the SHA-256 the store computed
over the bytes it kept must equal the one computed here. For a bucket that is S3's
`ChecksumSHA256`, read back with the size by a HEAD: the server's digest of the whole object
for a single PUT, or for a multipart upload the digest of its parts' digests (`…-N`), which is
computed here the same way since the part size is ours."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from flask import current_app

BUCKET_SCHEME = "s3://"
AREAS = ("uploads", "originals", "screeners")
"""The folders directly under MEDIA_ROOT; they stay even when empty."""
PART_BYTES = 64 * 1024 * 1024
"""Multipart uploads use parts of this size (a 10 GB original in 160 parts)."""


class StoreError(Exception):
    """The store did not keep exactly the bytes it was given."""


@dataclass(frozen=True)
class Stored:
    location: str
    bytes: int
    sha256: str
    """Hex SHA-256 of the whole file."""


class MediaStore(Protocol):
    def put(self, source: Path, key: str, *, content_type: str) -> Stored:
        """Keep a copy of `source` under `key`, verified; `source` is left as it is."""

    def local_copy(self, location: str) -> AbstractContextManager[Path]:
        """The file as a local path while the `with` block runs."""

    def delete(self, location: str) -> None: ...

    def size(self, location: str) -> int | None:
        """Bytes kept at `location`, or None if nothing is there."""

    def presigned_url(self, location: str, *, content_type: str, download_name: str) -> str | None:
        """A short-lived URL that serves the file (ranges included), or None if the app must
        serve it itself."""


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def is_in_bucket(location: str) -> bool:
    return location.startswith(BUCKET_SCHEME)


def store_for(location: str) -> MediaStore:
    if is_in_bucket(location):
        bucket, _ = split_location(location)
        return BucketStore(bucket)
    return DiskStore(media_root())


def media_store() -> MediaStore:
    """Where ingest keeps what it made: the bucket MEDIA_STORAGE names, or MEDIA_ROOT."""
    setting = current_app.config.get("MEDIA_STORAGE")
    if not setting:
        return DiskStore(media_root())
    if not is_in_bucket(setting):
        raise ValueError(f"MEDIA_STORAGE must be s3://bucket[/prefix], not {setting!r}")
    bucket, prefix = split_location(setting)
    return BucketStore(bucket, prefix)


def read_text(location: str) -> str | None:
    """A small file's text (a WebVTT track), or None if it is gone."""
    store = store_for(location)
    if store.size(location) is None:
        return None
    with store.local_copy(location) as path:
        return path.read_text(encoding="utf-8", errors="replace")


def split_location(location: str) -> tuple[str, str]:
    """`s3://bucket/some/key` → ("bucket", "some/key")."""
    bucket, _, key = location.removeprefix(BUCKET_SCHEME).partition("/")
    return bucket, key.strip("/")


# --- the local disk ---------------------------------------------------------------------------


class DiskStore:
    """Files under MEDIA_ROOT; a location is the path relative to it."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, location: str) -> Path:
        return self.root / location

    def put(self, source: Path, key: str, *, content_type: str) -> Stored:
        target = self.path(key)
        digest = sha256_of(source)
        if source.resolve() != target.resolve():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".partial-{target.name}")
            shutil.copyfile(source, partial)
            if sha256_of(partial) != digest:
                partial.unlink()
                raise StoreError(f"{key}: the copy differs from its source")
            os.replace(partial, target)
        return Stored(location=key, bytes=target.stat().st_size, sha256=digest)

    @contextmanager
    def local_copy(self, location: str) -> Iterator[Path]:
        yield self.path(location)

    def delete(self, location: str) -> None:
        discard(self.root, self.path(location))

    def size(self, location: str) -> int | None:
        path = self.path(location)
        return path.stat().st_size if path.is_file() else None

    def presigned_url(self, location: str, *, content_type: str, download_name: str) -> None:
        return None


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


# --- an S3-compatible bucket -------------------------------------------------------------------


class BucketStore:
    """Objects in one bucket; a location is `s3://bucket/key`, a key is `prefix/` + the path
    the file would have under MEDIA_ROOT."""

    def __init__(self, bucket: str, prefix: str = "", *, part_bytes: int = PART_BYTES):
        self.bucket = bucket
        self.prefix = prefix
        self.part_bytes = part_bytes
        self.client = s3_client()

    def put(self, source: Path, key: str, *, content_type: str) -> Stored:
        from boto3.s3.transfer import TransferConfig

        digest, expected = checksums_of(source, self.part_bytes)
        object_key = f"{self.prefix}/{key}" if self.prefix else key
        location = f"{BUCKET_SCHEME}{self.bucket}/{object_key}"
        with transfer_errors(location):
            self.client.upload_file(
                str(source),
                self.bucket,
                object_key,
                ExtraArgs={
                    "ChecksumAlgorithm": "SHA256",
                    "ContentType": content_type,
                    "Metadata": {"sha256": digest},
                },
                Config=TransferConfig(
                    multipart_threshold=self.part_bytes, multipart_chunksize=self.part_bytes
                ),
            )
            head = self.client.head_object(
                Bucket=self.bucket, Key=object_key, ChecksumMode="ENABLED"
            )
        size = source.stat().st_size
        if head["ContentLength"] != size or head.get("ChecksumSHA256") != expected:
            raise StoreError(
                f"{location}: kept {head['ContentLength']} bytes with SHA-256 "
                f"{head.get('ChecksumSHA256')}, sent {size} with {expected}"
            )
        return Stored(location=location, bytes=size, sha256=digest)

    @contextmanager
    def local_copy(self, location: str) -> Iterator[Path]:
        """A download into a temporary folder under MEDIA_ROOT (where there is room for an
        original), removed when the block ends."""
        root = media_root()
        root.mkdir(parents=True, exist_ok=True)
        _, key = split_location(location)
        with tempfile.TemporaryDirectory(prefix=".fetched-", dir=root) as folder:
            target = Path(folder) / PurePosixPath(key).name
            with transfer_errors(location):
                self.client.download_file(self.bucket, key, str(target))
            yield target

    def delete(self, location: str) -> None:
        _, key = split_location(location)
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def size(self, location: str) -> int | None:
        from botocore.exceptions import ClientError

        _, key = split_location(location)
        try:
            return self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise

    def presigned_url(self, location: str, *, content_type: str, download_name: str) -> str:
        _, key = split_location(location)
        return self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentType": content_type,
                "ResponseContentDisposition": f'inline; filename="{download_name}"',
            },
            ExpiresIn=current_app.config["MEDIA_URL_LIFETIME_S"],
        )


@contextmanager
def transfer_errors(location: str) -> Iterator[None]:
    """The client's errors (the bucket unreachable, refused, a bad digest) as `StoreError`."""
    from boto3.exceptions import Boto3Error
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (Boto3Error, BotoCoreError, ClientError) as error:
        raise StoreError(f"{location}: {error}") from error


def s3_client():
    """One boto3 client per app and settings (clients are thread-safe); unset credentials fall
    back to boto3's own chain (an instance role, ~/.aws)."""
    config = current_app.config
    settings = (
        config.get("S3_ENDPOINT_URL"),
        config.get("AWS_ACCESS_KEY_ID"),
        config.get("AWS_SECRET_ACCESS_KEY"),
        config.get("AWS_REGION"),
    )
    clients = current_app.extensions.setdefault("festival.media.s3_clients", {})
    if settings not in clients:
        import boto3
        from botocore.config import Config

        endpoint, key_id, secret, region = settings
        clients[settings] = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=key_id,
            aws_secret_access_key=secret,
            region_name=region or "us-east-1",
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": "path" if endpoint else "auto"},
                retries={"max_attempts": 5, "mode": "standard"},
            ),
        )
    return clients[settings]


def sha256_of(path: Path) -> str:
    return checksums_of(path)[0]


def checksums_of(path: Path, part_bytes: int = PART_BYTES) -> tuple[str, str]:
    """The file's hex SHA-256, and the `ChecksumSHA256` S3 reports for it once uploaded in
    parts of `part_bytes` (boto3 uses one PUT below that size): base64 of the digest for one
    PUT, else base64 of the digest of the parts' digests, with `-<parts>`."""
    whole = hashlib.sha256()
    parts: list[bytes] = []
    with path.open("rb") as file:
        while part := file.read(part_bytes):
            whole.update(part)
            parts.append(hashlib.sha256(part).digest())
    if path.stat().st_size < part_bytes:
        return whole.hexdigest(), base64.b64encode(whole.digest()).decode()
    combined = hashlib.sha256(b"".join(parts)).digest()
    return whole.hexdigest(), f"{base64.b64encode(combined).decode()}-{len(parts)}"
