"""Upload services: size limits, disk space, dropped connections, locking, expiry, access;
and a real tus client (tuspy) over a real HTTP server, interrupted and resumed."""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import socket
import threading
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from tusclient import client as tus_client
from tusclient.storage.filestorage import FileStorage
from werkzeug.exceptions import ClientDisconnected
from werkzeug.serving import make_server

from festival.accounts.enums import Role
from festival.database import utcnow
from festival.extensions import db
from festival.media import uploads
from festival.media.enums import UploadState
from festival.media.models import Screener, Upload
from festival.media.uploads import GIB, UploadError, expire_uploads, file_of
from tests import factories
from tests.conftest import sign_in
from tests.polling import wait_until

TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"


def receive(upload, data: bytes | io.RawIOBase, offset: int = 0, length=None, **kwargs):
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    size = len(data) if isinstance(data, bytes) else length
    return uploads.receive(
        upload,
        stream,
        offset=offset,
        content_length=size,
        checksum=kwargs.pop("checksum", None),
        actor=upload.film.owner,
        **kwargs,
    )


class DroppingStream(io.RawIOBase):
    """A request body whose client goes away after `keep` bytes."""

    def __init__(self, data: bytes, keep: int):
        self.data = data[:keep]

    def read(self, size=-1):
        if not self.data:
            raise ClientDisconnected()
        chunk, self.data = self.data[:size], self.data[size:]
        return chunk


# --- limits -----------------------------------------------------------------------------------


def test_size_limit_is_the_default_without_open_entries(app, app_ctx):
    film = factories.make_film()
    factories.make_submission(film, status="withdrawn")

    assert uploads.size_limit(film) == 20 * GIB


def test_size_limit_is_the_largest_of_the_open_entries(app_ctx):
    film = factories.make_film()
    small = factories.make_edition(screener_max_file_gib=2)
    large = factories.make_edition(screener_max_file_gib=5)
    factories.make_submission(film, small.categories[0])
    factories.make_submission(film, large.categories[0], status="draft")

    assert uploads.size_limit(film) == 5 * GIB


def test_an_upload_over_the_limit_is_refused_with_the_limit(app_ctx):
    film = factories.make_film()
    factories.make_submission(film, factories.make_edition(screener_max_file_gib=1).categories[0])

    with pytest.raises(UploadError) as refused:
        uploads.create_upload(film, length=GIB + 1, metadata={}, actor=film.owner)

    assert refused.value.status_code == 413
    assert "1.0 GB" in str(refused.value) and str(GIB) in str(refused.value)


def test_an_upload_over_the_limit_answers_413_over_http(client, auth, app_ctx):
    film = factories.make_film()
    auth.login(film.owner)

    response = client.post(
        f"/films/{film.id}/uploads", headers=TUS | {"Upload-Length": str(21 * GIB)}
    )

    assert response.status_code == 413
    assert "20.0 GB" in response.get_data(as_text=True)


def test_without_room_on_disk_the_upload_is_refused_early(app, client, auth, app_ctx, monkeypatch):
    film = factories.make_film()
    auth.login(film.owner)
    monkeypatch.setitem(app.config, "UPLOAD_SPACE_FACTOR", 10**12)
    folder = uploads.media_root() / "uploads" / str(film.id)
    files_before = set(folder.iterdir()) if folder.exists() else set()

    response = client.post(f"/films/{film.id}/uploads", headers=TUS | {"Upload-Length": "1000"})

    assert response.status_code == 507
    assert "storage is too full" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Upload.id))) == 0
    assert (set(folder.iterdir()) if folder.exists() else set()) == files_before


def test_space_promised_to_open_uploads_counts_against_a_new_one(app_ctx):
    film = factories.make_film()
    factories.make_upload(film, length=1000, data=b"x" * 400)
    factories.make_upload(film, length=50)

    assert uploads.bytes_still_expected(utcnow()) == 600 + 50


# --- receiving --------------------------------------------------------------------------------


def test_a_dropped_connection_keeps_the_bytes_on_disk(app_ctx):
    upload = factories.make_upload(length=100)
    data = bytes(range(100))

    receipt = receive(upload, DroppingStream(data, keep=37), length=100)

    assert receipt.dropped and receipt.received == 37
    assert upload.offset_bytes == 37
    assert file_of(upload).read_bytes() == data[:37]


def test_a_dropped_connection_with_a_checksum_discards_the_unverified_bytes(app_ctx):
    upload = factories.make_upload(length=100, data=b"a" * 10)
    body = b"b" * 50
    digest = hashlib.sha1(body).digest()

    receipt = receive(
        upload, DroppingStream(body, keep=20), offset=10, length=50, checksum=("sha1", digest)
    )

    assert receipt.dropped and receipt.received == 0
    assert upload.offset_bytes == 10
    assert file_of(upload).read_bytes() == b"a" * 10


def test_a_long_body_records_its_progress_as_it_goes(app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_READ_BYTES", 10)
    monkeypatch.setitem(app.config, "UPLOAD_CHECKPOINT_BYTES", 25)
    upload = factories.make_upload(length=100)
    seen = []

    receive(upload, bytes(100), checkpoint=lambda: seen.append(upload.offset_bytes))

    assert seen == [30, 60, 90]
    assert upload.offset_bytes == 100


def test_a_second_writer_is_told_to_wait(app_ctx):
    upload = factories.make_upload(length=10)
    with open(file_of(upload), "ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(UploadError) as refused:
            receive(upload, b"hello")

    assert refused.value.status_code == 423
    assert upload.offset_bytes == 0


def test_bytes_past_the_recorded_offset_are_cut_before_appending(app_ctx):
    upload = factories.make_upload(length=10, data=b"hello")
    with open(file_of(upload), "ab") as crashed_writer:
        crashed_writer.write(b"???")

    receive(upload, b"world", offset=5)

    assert file_of(upload).read_bytes() == b"helloworld"


def test_a_file_name_is_kept_without_folders_or_control_characters(app_ctx):
    film = factories.make_film()
    upload = uploads.create_upload(
        film, length=5, metadata={"filename": "C:\\작업\\최종\x00본.mov"}, actor=film.owner
    )

    assert upload.filename == "최종본.mov"


# --- expiry -----------------------------------------------------------------------------------


def test_expire_uploads_removes_abandoned_partial_files(app_ctx):
    stale = factories.make_upload(length=10, data=b"12345")
    fresh = factories.make_upload(length=10, data=b"12345")
    done = factories.make_upload(length=5, data=b"12345")
    stale.expires_at = utcnow() - timedelta(minutes=1)
    done.expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()

    count = expire_uploads(utcnow())
    db.session.commit()

    assert count == 1
    assert stale.state == UploadState.EXPIRED
    assert not file_of(stale).exists()
    assert fresh.state == UploadState.RECEIVING and file_of(fresh).exists()
    assert done.state == UploadState.COMPLETE and file_of(done).read_bytes() == b"12345"


def test_expire_uploads_leaves_one_being_written(app_ctx):
    upload = factories.make_upload(length=10)
    upload.expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()
    with open(file_of(upload), "ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert expire_uploads(utcnow()) == 0

    assert upload.state == UploadState.RECEIVING


def test_the_sweep_runs_every_quarter_hour():
    from datetime import datetime

    from festival.media.tasks import expire_uploads_every_quarter_hour as sweep

    runs_at = sweep.task_class().validate_datetime
    assert sweep.name == "expire_uploads"
    assert [minute for minute in range(60) if runs_at(datetime(2027, 1, 1, 9, minute))] == [
        0,
        15,
        30,
        45,
    ]


# --- access -----------------------------------------------------------------------------------


@pytest.fixture
def world(app_ctx):
    film = factories.make_film()
    upload = factories.make_upload(film, length=10, data=b"hello")
    return {
        "film": film,
        "upload": upload,
        "other_filmmaker": factories.make_user(Role.FILMMAKER),
        "juror": factories.make_user(Role.JUROR),
        "programmer": factories.make_user(Role.PROGRAMMER),
        "admin": factories.make_user(Role.ADMIN),
    }


def upload_requests(world):
    film, token = world["film"], world["upload"].token
    return [
        ("POST", f"/films/{film.id}/uploads", TUS | {"Upload-Length": "5"}, b""),
        ("HEAD", f"/uploads/{token}", TUS, b""),
        ("PATCH", f"/uploads/{token}", TUS | {"Content-Type": OCTETS, "Upload-Offset": "5"}, b"w"),
        ("DELETE", f"/uploads/{token}", TUS, b""),
        ("GET", f"/films/{film.id}/screener", {}, b""),
    ]


@pytest.mark.parametrize(
    "role, statuses",
    [
        ("other_filmmaker", {404}),
        ("juror", {403}),
    ],
)
def test_others_cannot_reach_any_upload_url(app, world, role, statuses):
    client = app.test_client()
    sign_in(client, world[role])

    for method, url, headers, data in upload_requests(world):
        response = client.open(url, method=method, headers=headers, data=data)
        assert response.status_code in statuses, (method, url, response.status_code)
    db.session.expire_all()
    assert world["upload"].offset_bytes == 5 and file_of(world["upload"]).exists()


def test_anonymous_visitors_are_sent_to_log_in(app, world):
    client = app.test_client()

    for method, url, headers, data in upload_requests(world):
        response = client.open(url, method=method, headers=headers, data=data)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", ["programmer", "admin"])
def test_staff_may_continue_and_cancel_a_filmmakers_upload(app, world, role):
    client = app.test_client()
    sign_in(client, world[role])
    token = world["upload"].token

    assert client.head(f"/uploads/{token}", headers=TUS).status_code == 200
    assert (
        client.patch(
            f"/uploads/{token}",
            data=b"w",
            headers=TUS | {"Content-Type": OCTETS, "Upload-Offset": "5"},
        ).status_code
        == 204
    )
    assert client.delete(f"/uploads/{token}", headers=TUS).status_code == 204


# --- a real tus client over HTTP ------------------------------------------------------------


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def signed_in_film(app, live_server):
    """A committed filmmaker and film, and the session cookie of that filmmaker."""
    with app.app_context():
        film = factories.make_film()
        db.session.commit()
        film_id, email = film.id, film.owner.email
    session = requests.Session()
    response = session.post(
        f"{live_server}/login", data={"email": email, "password": factories.PASSWORD}
    )
    assert response.ok
    cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    return film_id, {"Cookie": cookie}


def source_file(tmp_path, size: int):
    path = tmp_path / "screener.mov"
    path.write_bytes(os.urandom(size))
    return path


def sha256_of(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def finished_upload(app, url: str) -> Upload:
    token = urlsplit(url).path.rsplit("/", 1)[-1]
    with app.app_context():
        upload = wait_until(
            lambda: db.session.scalar(
                db.select(Upload).where(Upload.token == token, Upload.state == UploadState.COMPLETE)
            )
        )
        path = file_of(upload)
        screener = db.session.scalar(db.select(Screener).where(Screener.film_id == upload.film_id))
        assert screener is not None and screener.original_path == upload.path
        return path


@pytest.mark.committing
def test_tuspy_stopped_midway_resumes_to_a_byte_identical_file(
    app, live_server, signed_in_film, tmp_path
):
    film_id, cookie = signed_in_film
    source = source_file(tmp_path, 700_000)
    storage = FileStorage(str(tmp_path / "tus-urls.json"))
    endpoint = f"{live_server}/films/{film_id}/uploads"

    first = tus_client.TusClient(endpoint, headers=cookie).uploader(
        file_path=str(source),
        chunk_size=64 * 1024,
        metadata={"filename": "최종본.mov"},
        store_url=True,
        url_storage=storage,
        upload_checksum=True,
    )
    for _ in range(4):
        first.upload_chunk()
    assert first.offset == 4 * 64 * 1024

    second = tus_client.TusClient(endpoint, headers=cookie).uploader(
        file_path=str(source),
        chunk_size=200_000,
        store_url=True,
        url_storage=storage,
        upload_checksum=True,
    )
    assert second.url == first.url and second.offset == first.offset
    second.upload()

    assert sha256_of(finished_upload(app, second.url)) == sha256_of(source)


@pytest.mark.committing
def test_a_connection_cut_mid_patch_resumes_from_the_last_byte_received(
    app, live_server, signed_in_film, tmp_path
):
    film_id, cookie = signed_in_film
    source = source_file(tmp_path, 500_000)
    data = source.read_bytes()
    endpoint = f"{live_server}/films/{film_id}/uploads"
    created = requests.post(endpoint, headers=TUS | cookie | {"Upload-Length": str(len(data))})
    url = live_server + created.headers["Location"]

    cut_after = 123_457
    host, port = urlsplit(live_server).hostname, urlsplit(live_server).port
    with socket.create_connection((host, port)) as connection:
        head = (
            f"PATCH {urlsplit(url).path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Tus-Resumable: 1.0.0\r\nContent-Type: {OCTETS}\r\nUpload-Offset: 0\r\n"
            f"Content-Length: {len(data)}\r\nCookie: {cookie['Cookie']}\r\n\r\n"
        )
        connection.sendall(head.encode() + data[:cut_after])
    with app.app_context():
        wait_until(
            lambda: db.session.scalar(
                db.select(Upload.offset_bytes).where(Upload.token == url.rsplit("/", 1)[-1])
            )
        )

    resumed = tus_client.TusClient(endpoint, headers=cookie).uploader(
        file_path=str(source), url=url, chunk_size=100_000
    )
    assert resumed.offset == cut_after
    resumed.upload()

    assert sha256_of(finished_upload(app, url)) == sha256_of(source)


# --- files on disk ----------------------------------------------------------------------------


@pytest.fixture
def own_media_root(app, tmp_path, monkeypatch):
    """An empty MEDIA_ROOT, so what a test leaves behind is all there is to see."""
    monkeypatch.setitem(app.config, "MEDIA_ROOT", str(tmp_path))
    return tmp_path


@pytest.mark.usefixtures("own_media_root")
def test_a_finished_original_takes_its_final_name_and_leaves_no_folder_behind(app_ctx):
    upload = factories.make_upload(length=5)
    partial = file_of(upload)
    receive(upload, b"12345")
    db.session.commit()

    assert upload.path == f"originals/{upload.film_id}/{upload.token}"
    assert file_of(upload).read_bytes() == b"12345" and not upload.path.endswith(".part")
    assert not partial.exists() and not partial.parent.exists()


@pytest.mark.usefixtures("own_media_root")
def test_a_finished_upload_rolled_back_keeps_its_partial_file(app_ctx):
    upload = factories.make_upload(length=5)
    partial = file_of(upload)
    db.session.commit()
    receive(upload, b"12345")
    final = file_of(upload)
    db.session.rollback()

    assert partial.read_bytes() == b"12345"
    assert not final.exists() and not final.parent.exists()


@pytest.mark.usefixtures("own_media_root")
def test_a_cancelled_upload_leaves_no_empty_folder(app_ctx):
    upload = factories.make_upload(length=10, data=b"123")
    folder = file_of(upload).parent
    uploads.terminate(upload, actor=upload.film.owner)
    db.session.commit()

    assert not folder.exists() and folder.parent.exists()
