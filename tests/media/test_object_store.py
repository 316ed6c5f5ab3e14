"""The two media stores, the local disk and a real S3 bucket (SeaweedFS): a put verified by
its checksum, the file read back, its size, its deletion."""

from __future__ import annotations

import hashlib
import os

import pytest

from festival.media.object_store import (
    BucketStore,
    StoreError,
    is_in_bucket,
    media_store,
)


def test_a_file_is_put_verified_read_back_and_deleted(app_ctx, media_storage, tmp_path):
    source = tmp_path / "poster.jpg"
    source.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(3000))
    store = media_store()

    stored = store.put(source, "screeners/1/poster.jpg", content_type="image/jpeg")

    assert is_in_bucket(stored.location) == (media_storage == "s3")
    assert stored.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert store.size(stored.location) == stored.bytes == 3004
    with store.local_copy(stored.location) as copy:
        assert copy.read_bytes() == source.read_bytes()
    store.delete(stored.location)
    assert store.size(stored.location) is None
    assert source.exists()  # the caller decides when its own copy goes


def test_an_original_in_parts_is_verified_by_the_digest_of_its_parts(
    app_ctx, bucket_storage, tmp_path
):
    source = tmp_path / "original.mov"
    source.write_bytes(os.urandom(11 * 1024 * 1024))
    bucket = media_store()
    store = BucketStore(bucket.bucket, bucket.prefix, part_bytes=5 * 1024 * 1024)

    stored = store.put(source, "originals/1/token", content_type="application/octet-stream")

    head = store.client.head_object(
        Bucket=store.bucket, Key=stored.location.split("/", 3)[3], ChecksumMode="ENABLED"
    )
    assert head["ChecksumSHA256"].endswith("-3")  # three parts, each checked by the server
    assert store.size(stored.location) == 11 * 1024 * 1024


def test_a_bucket_that_refuses_the_put_is_a_store_error(app, app_ctx, bucket_storage, tmp_path):
    app.config["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
    source = tmp_path / "poster.jpg"
    source.write_bytes(b"poster")

    with pytest.raises(StoreError):
        media_store().put(source, "screeners/1/poster.jpg", content_type="image/jpeg")
