"""tus 1.0 conformance of the upload endpoints (core, creation, termination, checksum,
expiration), through the test client, and the header parsing they rest on."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from festival.database import utcnow
from festival.extensions import db
from festival.media import tus
from festival.media.enums import ScreenerState, UploadState
from festival.media.models import Screener, Upload
from festival.media.uploads import file_of
from tests import factories

TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"


def metadata_header(**values: str) -> str:
    return ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in values.items()
    )


def checksum_header(algorithm: str, data: bytes) -> str:
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm} {base64.b64encode(digest).decode()}"


@pytest.fixture
def film(app_ctx):
    return factories.make_film()


@pytest.fixture
def owner(client, auth, film):
    auth.login(film.owner)
    return client


def create(client, film, length: int, **headers):
    return client.post(
        f"/films/{film.id}/uploads",
        headers=TUS | {"Upload-Length": str(length)} | headers,
    )


def patch(client, location: str, data: bytes, offset: int, **headers):
    return client.patch(
        location,
        data=data,
        headers=TUS | {"Content-Type": OCTETS, "Upload-Offset": str(offset)} | headers,
    )


def upload_at(location: str) -> Upload:
    db.session.expire_all()
    token = location.rsplit("/", 1)[-1]
    return db.session.scalar(db.select(Upload).where(Upload.token == token))


# --- discovery and versions -------------------------------------------------------------------


def test_options_advertises_version_extensions_size_and_algorithms(client):
    response = client.options("/uploads")

    assert response.status_code == 204
    assert response.headers["Tus-Resumable"] == "1.0.0"
    assert response.headers["Tus-Version"] == "1.0.0"
    assert response.headers["Tus-Extension"] == "creation,termination,checksum,expiration"
    assert int(response.headers["Tus-Max-Size"]) == 20 * 1024**3
    assert response.headers["Tus-Checksum-Algorithm"] == "sha1,md5,sha256"


@pytest.mark.parametrize("version", [None, "0.2.2", "2.0.0"])
def test_creation_without_our_version_is_412_naming_it(owner, film, version):
    headers = {"Upload-Length": "10"} | ({"Tus-Resumable": version} if version else {})
    response = owner.post(f"/films/{film.id}/uploads", headers=headers)

    assert response.status_code == 412
    assert response.headers["Tus-Version"] == "1.0.0"
    assert response.headers["Tus-Resumable"] == "1.0.0"
    assert "1.0.0" in response.get_data(as_text=True)


def test_head_patch_and_delete_without_version_are_412(owner, film):
    location = create(owner, film, 10).headers["Location"]

    assert owner.head(location).status_code == 412
    assert (
        owner.patch(
            location, data=b"x", headers={"Content-Type": OCTETS, "Upload-Offset": "0"}
        ).status_code
        == 412
    )
    assert owner.delete(location).status_code == 412
    assert Path(file_of(upload_at(location))).exists()


# --- creation -------------------------------------------------------------------------------


def test_creation_answers_201_with_location_and_expiry(owner, film):
    before = utcnow().replace(microsecond=0)
    response = create(
        owner,
        film,
        1000,
        **{
            "Upload-Metadata": metadata_header(
                filename="단편 영화 최종본.mov", filetype="video/quicktime"
            )
        },
    )

    assert response.status_code == 201
    assert response.headers["Tus-Resumable"] == "1.0.0"
    location = response.headers["Location"]
    assert location.startswith("/uploads/")
    expires = parsedate_to_datetime(response.headers["Upload-Expires"])
    assert before + timedelta(hours=24) <= expires <= utcnow() + timedelta(hours=24)
    upload = upload_at(location)
    assert upload.film_id == film.id
    assert upload.length_bytes == 1000
    assert upload.filename == "단편 영화 최종본.mov"
    assert upload.metadata_json["filetype"] == "video/quicktime"
    path = file_of(upload)
    assert path.parent.name == str(film.id) and path.name == f"{upload.token}.part"
    assert path.stat().st_size == 0


def test_creation_requires_a_length(owner, film):
    response = owner.post(f"/films/{film.id}/uploads", headers=TUS)

    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "Upload-Length" in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["-1", "ten", "0"])
def test_creation_refuses_a_length_that_is_not_a_size(owner, film, value):
    assert create(owner, film, 0, **{"Upload-Length": value}).status_code == 400


def test_creation_refuses_malformed_metadata(owner, film):
    response = create(owner, film, 10, **{"Upload-Metadata": "filename not*base64"})

    assert response.status_code == 400
    assert "base64" in response.get_data(as_text=True)


def test_errors_answer_json_to_a_json_client(owner, film):
    response = create(owner, film, 0, Accept="application/json")

    assert response.status_code == 400
    assert response.get_json()["status"] == 400
    assert "empty" in response.get_json()["error"]


# --- offsets ----------------------------------------------------------------------------------


def test_head_reports_offset_and_length_uncached(owner, film):
    location = create(owner, film, 10).headers["Location"]
    patch(owner, location, b"abcd", 0)

    response = owner.head(location, headers=TUS)

    assert response.status_code == 200
    assert response.headers["Upload-Offset"] == "4"
    assert response.headers["Upload-Length"] == "10"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Upload-Expires" in response.headers


def test_patches_append_in_order_and_answer_the_new_offset(owner, film):
    location = create(owner, film, 10).headers["Location"]

    first = patch(owner, location, b"hello", 0)
    second = patch(owner, location, b"world", 5)

    assert first.status_code == 204 and first.headers["Upload-Offset"] == "5"
    assert "Upload-Expires" in first.headers
    assert second.status_code == 204 and second.headers["Upload-Offset"] == "10"
    assert file_of(upload_at(location)).read_bytes() == b"helloworld"


def test_patch_at_another_offset_is_409_and_writes_nothing(owner, film):
    location = create(owner, film, 10).headers["Location"]
    patch(owner, location, b"hello", 0)

    response = patch(owner, location, b"XXXXX", 3)

    assert response.status_code == 409
    assert response.headers["Upload-Offset"] == "5"
    assert upload_at(location).offset_bytes == 5
    assert file_of(upload_at(location)).read_bytes() == b"hello"


def test_patch_needs_the_offset_content_type(owner, film):
    location = create(owner, film, 10).headers["Location"]

    response = owner.patch(
        location,
        data=b"hello",
        headers=TUS | {"Content-Type": "application/octet-stream", "Upload-Offset": "0"},
    )

    assert response.status_code == 415
    assert upload_at(location).offset_bytes == 0


def test_patch_beyond_the_declared_length_is_413(owner, film):
    location = create(owner, film, 4).headers["Location"]

    response = patch(owner, location, b"hello", 0)

    assert response.status_code == 413
    assert file_of(upload_at(location)).stat().st_size == 0


# --- checksums --------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["sha1", "md5", "sha256"])
def test_a_matching_checksum_is_accepted(owner, film, algorithm):
    location = create(owner, film, 10).headers["Location"]

    response = patch(
        owner, location, b"hello", 0, **{"Upload-Checksum": checksum_header(algorithm, b"hello")}
    )

    assert response.status_code == 204
    assert response.headers["Upload-Offset"] == "5"


def test_a_checksum_mismatch_is_460_and_its_bytes_are_discarded(owner, film):
    location = create(owner, film, 10).headers["Location"]
    patch(owner, location, b"hello", 0)

    response = patch(
        owner, location, b"wurld", 5, **{"Upload-Checksum": checksum_header("sha1", b"world")}
    )

    assert response.status_code == 460
    assert "checksum" in response.get_data(as_text=True)
    assert upload_at(location).offset_bytes == 5
    assert file_of(upload_at(location)).read_bytes() == b"hello"
    assert owner.head(location, headers=TUS).headers["Upload-Offset"] == "5"
    assert patch(owner, location, b"world", 5).status_code == 204


def test_an_unsupported_checksum_algorithm_is_400(owner, film):
    location = create(owner, film, 10).headers["Location"]

    response = patch(owner, location, b"hello", 0, **{"Upload-Checksum": "crc32 AAAAAA=="})

    assert response.status_code == 400
    assert "sha1" in response.get_data(as_text=True)


# --- completion, termination, expiration ---------------------------------------------------


def test_the_last_byte_makes_a_queued_screener_version(owner, film):
    location = create(
        owner, film, 10, **{"Upload-Metadata": metadata_header(filename="final.mov")}
    ).headers["Location"]
    patch(owner, location, b"hello", 0)

    response = patch(owner, location, b"world", 5)

    assert response.status_code == 204
    upload = upload_at(location)
    assert upload.state == UploadState.COMPLETE and upload.completed_at is not None
    screener = db.session.scalar(db.select(Screener).where(Screener.film_id == film.id))
    assert screener.state == ScreenerState.QUEUED
    assert screener.original_path == upload.path
    assert screener.original_filename == "final.mov"
    assert screener.original_bytes == 10
    assert screener.job_id is not None
    assert owner.head(location, headers=TUS).headers["Upload-Offset"] == "10"


def test_a_complete_upload_cannot_be_terminated(owner, film):
    location = create(owner, film, 5).headers["Location"]
    patch(owner, location, b"hello", 0)

    response = owner.delete(location, headers=TUS)

    assert response.status_code == 403
    assert file_of(upload_at(location)).read_bytes() == b"hello"


def test_termination_removes_the_file_and_the_upload_is_gone(owner, film):
    location = create(owner, film, 10).headers["Location"]
    patch(owner, location, b"hello", 0)
    path = file_of(upload_at(location))

    response = owner.delete(location, headers=TUS)

    assert response.status_code == 204
    assert response.headers["Tus-Resumable"] == "1.0.0"
    assert not path.exists()
    assert upload_at(location).state == UploadState.TERMINATED
    assert owner.head(location, headers=TUS).status_code == 410
    assert patch(owner, location, b"world", 5).status_code == 410


def test_an_expired_upload_answers_410(owner, film):
    location = create(owner, film, 10).headers["Location"]
    upload = upload_at(location)
    upload.expires_at = utcnow() - timedelta(seconds=1)
    db.session.flush()

    head = owner.head(location, headers=TUS)
    response = patch(owner, location, b"hello", 0)

    assert head.status_code == 410
    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)


def test_an_unknown_upload_is_404_in_plain_text(owner):
    response = owner.head("/uploads/no-such-token", headers=TUS)

    assert response.status_code == 404
    assert response.headers["Tus-Resumable"] == "1.0.0"
    assert "<html" not in owner.patch("/uploads/nope", headers=TUS).get_data(as_text=True)


# --- cross-origin -----------------------------------------------------------------------------


def test_a_request_from_another_origin_is_refused(owner, film):
    response = create(owner, film, 10, Origin="https://evil.example")

    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Upload.id))) == 0


def test_a_request_from_this_origin_is_accepted(owner, film):
    assert create(owner, film, 10, Origin="http://localhost").status_code == 201


# --- header parsing ---------------------------------------------------------------------------


def test_metadata_values_may_be_empty_and_keys_must_be_unique():
    assert tus.parse_metadata("is_confidential,name " + base64.b64encode(b"a").decode()) == {
        "is_confidential": "",
        "name": "a",
    }
    with pytest.raises(tus.TusError):
        tus.parse_metadata("name YQ==,name Yg==")


def test_metadata_round_trips_through_its_encoding():
    values = {"filename": "영화.mov", "flag": ""}
    assert tus.parse_metadata(tus.encode_metadata(values)) == values


def test_checksum_header_names_algorithm_and_digest():
    assert tus.parse_checksum(checksum_header("sha256", b"x")) == (
        "sha256",
        hashlib.sha256(b"x").digest(),
    )
    assert tus.parse_checksum(None) is None
    with pytest.raises(tus.TusError):
        tus.parse_checksum("sha1")


def test_same_origin_compares_the_host():
    assert tus.is_same_origin(None, "festival.test")
    assert tus.is_same_origin("https://festival.test", "festival.test")
    assert not tus.is_same_origin("https://festival.test.evil", "festival.test")
    assert not tus.is_same_origin("null", "festival.test")
