"""End to end through nginx, on the production layout (tests/layout/conftest.py), once per media
backend: a screener uploaded by tus through the proxy, ingested by whichever worker takes it
from Redis (on `s3` its files then move to the bucket), watched by its juror with range requests
(nginx sends the file from MEDIA_ROOT on `local`; on `s3` nginx passes on the app's redirect to
a presigned URL, which the S3 server answers), refused to everyone else, and sign-in attempts
limited across both web processes by the one count in Redis."""

from __future__ import annotations

import base64
import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from requests.adapters import HTTPAdapter

from festival.accounts.enums import Role
from festival.accounts.models import User
from festival.editions.models import Edition
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.media.enums import AssetKind, ScreenerState
from festival.media.models import Screener
from festival.media.object_store import split_location, store_for
from festival.media.services import INGEST_JOB
from festival.submissions.models import Submission
from tests import factories
from tests.layout.conftest import BUCKET, LOGIN_LIMIT, Layout, video

pytestmark = pytest.mark.layout

CHUNK_BYTES = 64 * 1024
INGEST_TIMEOUT_S = 120
NGINX_ETAG = re.compile(r'^"[0-9a-f]+-[0-9a-f]+"$')


@dataclass(frozen=True)
class Festival:
    """What the checks need, made in the shared database by this test process."""

    filmmaker: str
    juror: str
    stranger: str
    edition_id: int
    film_id: int
    submission_id: int


@pytest.fixture(scope="module")
def festival(layout) -> Festival:
    with layout.app.app_context():
        filmmaker = factories.make_user(Role.FILMMAKER)
        juror = factories.make_user(Role.JUROR)
        stranger = factories.make_user(Role.JUROR)
        edition = factories.make_edition()
        film = factories.make_film(owner=filmmaker)
        submission = factories.make_submission(film, edition.categories[0])
        seeded = Festival(
            filmmaker.email, juror.email, stranger.email, edition.id, film.id, submission.id
        )
        db.session.commit()
        return seeded


@pytest.fixture(scope="module")
def screener_file(tmp_path_factory) -> Path:
    """Two seconds of picture and tone, a few hundred KB: several tus chunks."""
    return video(tmp_path_factory.mktemp("screener") / "screener.mp4", 2, "320x240")


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(f"{url}/login", timeout=10)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)


def sign_in(
    session: requests.Session, url: str, email: str, token: str | None = None
) -> requests.Response:
    """Post the sign-in form as a browser would, with the page's CSRF token."""
    return session.post(
        f"{url}/login",
        data={
            "csrf_token": token or csrf_token(session, url),
            "email": email,
            "password": factories.PASSWORD,
        },
        allow_redirects=False,
        timeout=10,
    )


def signed_in(url: str, email: str) -> requests.Session:
    session = requests.Session()
    assert sign_in(session, url, email).status_code == 302
    return session


def tus_upload(session: requests.Session, url: str, film_id: int, data: bytes) -> None:
    """Create the upload, then PATCH it chunk by chunk, as tus-js-client does."""
    tus = {"Tus-Resumable": "1.0.0", "Origin": url}
    filename = base64.b64encode(b"screener.mp4").decode()
    created = session.post(
        f"{url}/films/{film_id}/uploads",
        headers=tus | {"Upload-Length": str(len(data)), "Upload-Metadata": f"filename {filename}"},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    location = url + created.headers["Location"]
    for offset in range(0, len(data), CHUNK_BYTES):
        chunk = data[offset : offset + CHUNK_BYTES]
        sent = session.patch(
            location,
            data=chunk,
            headers=tus
            | {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
            timeout=60,
        )
        assert sent.status_code == 204, sent.text
        assert int(sent.headers["Upload-Offset"]) == offset + len(chunk)
    status = session.head(location, headers=tus, timeout=10)
    assert status.headers["Upload-Offset"] == str(len(data))


def wait_for_screener(layout, film_id: int) -> tuple[int, int]:
    """(the ready screener's id, its ingest job's id) once the job is done (on `s3`, after
    the files moved to the bucket), polling the shared database."""
    deadline = time.monotonic() + INGEST_TIMEOUT_S
    with layout.app.app_context():
        while time.monotonic() < deadline:
            screener = db.session.scalars(
                db.select(Screener).where(Screener.film_id == film_id)
            ).first()
            job = screener and db.session.get(Job, screener.job_id)
            if job is not None and job.state == JobState.SUCCEEDED:
                assert screener.state == ScreenerState.READY
                return screener.id, screener.job_id
            if screener is not None and screener.state in (
                ScreenerState.REJECTED,
                ScreenerState.FAILED,
            ):
                job = db.session.get(Job, screener.job_id)
                pytest.fail(f"ingest ended {screener.state}: {job.error if job else ''}")
            db.session.remove()
            time.sleep(0.5)
    logs = "\n".join(f"--- {w.name}\n{w.log_tail()}" for w in layout.workers)
    pytest.fail(f"no ready screener after {INGEST_TIMEOUT_S} s:\n{logs}")


@pytest.fixture(scope="module")
def ready_screener(layout, festival, screener_file) -> int:
    """Uploaded through nginx by the filmmaker, ingested by a worker: the screener's id."""
    filmmaker = signed_in(layout.url, festival.filmmaker)
    tus_upload(filmmaker, layout.url, festival.film_id, screener_file.read_bytes())
    screener_id, _job_id = wait_for_screener(layout, festival.film_id)
    return screener_id


def bucket_client(layout: Layout):
    """A client of the layout's S3 server of its own, not the app's."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=layout.s3.endpoint_url,
        aws_access_key_id=layout.s3.access_key,
        aws_secret_access_key=layout.s3.secret_key,
        region_name="us-east-1",
    )


def stored_bytes(layout: Layout, location: str) -> bytes:
    """The file's bytes where the layout keeps it: under MEDIA_ROOT, or in the bucket."""
    if layout.backend == "s3":
        bucket, key = split_location(location)
        return bucket_client(layout).get_object(Bucket=bucket, Key=key)["Body"].read()
    return (layout.media_root / location).read_bytes()


def test_an_upload_through_nginx_is_ingested_by_one_worker_from_redis(
    layout, festival, screener_file, ready_screener
):
    with layout.app.app_context():
        screener = db.session.get(Screener, ready_screener)
        started = f"job {screener.job_id} ({INGEST_JOB}) attempt 1 started"
        assert screener.asset(AssetKind.PREVIEW_720) is not None
        original = screener.original_path
        files = {original: screener.sha256} | {
            asset.path: asset.sha256 for asset in screener.assets
        }

    took_it = [worker.name for worker in layout.workers if started in worker.log.read_text()]
    left_on_disk = sorted(
        path.relative_to(layout.media_root).as_posix()
        for path in layout.media_root.rglob("*")
        if path.is_file()
    )

    assert len(took_it) == 1, f"{started!r} logged by {took_it}"
    assert stored_bytes(layout, original) == screener_file.read_bytes()
    if layout.backend == "s3":  # every file in the bucket as checksummed, no local copy left
        assert all(location.startswith(f"s3://{BUCKET}/media/") for location in files), files
        assert left_on_disk == []
        client = bucket_client(layout)
        for location, sha256 in files.items():
            bucket, key = split_location(location)
            assert client.head_object(Bucket=bucket, Key=key)["Metadata"]["sha256"] == sha256
            assert hashlib.sha256(stored_bytes(layout, location)).hexdigest() == sha256, location
    else:  # every file under MEDIA_ROOT, nothing else
        assert left_on_disk == sorted(files)


@dataclass(frozen=True)
class Preview:
    asset_id: int
    location: str
    """Its path under MEDIA_ROOT, or `s3://bucket/key`."""
    content: bytes


@pytest.fixture(scope="module")
def preview(layout, festival, ready_screener) -> Preview:
    """The juror is given the film in an open jury round: the 720p preview."""
    with layout.app.app_context():
        juror = db.session.scalar(db.select(User).where(User.email == festival.juror))
        edition = db.session.get(Edition, festival.edition_id)
        submission = db.session.get(Submission, festival.submission_id)
        round_ = factories.make_round(edition, members=[juror], submissions=[submission])
        factories.make_assignment(round_, round_.entries[0], juror)
        asset = db.session.get(Screener, ready_screener).asset(AssetKind.PREVIEW_720)
        found = Preview(asset.id, asset.path, stored_bytes(layout, asset.path))
        db.session.commit()
        return found


def presigned_url_from_nginx(layout: Layout, response: requests.Response) -> str:
    """The redirect nginx passed on from the app: to the bucket, short-lived, never cached."""
    assert response.status_code == 302, response.text[:300]
    location = response.headers["Location"]
    assert location.startswith(f"{layout.s3.endpoint_url}/{BUCKET}/media/")
    assert dict(parse_qsl(urlsplit(location).query))["X-Amz-Expires"] == "300"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "X-Accel-Redirect" not in response.headers
    # Pages may play media from the bucket's origin, and from nowhere else.
    policy = response.headers["Content-Security-Policy"]
    assert f"media-src 'self' blob: {layout.s3.endpoint_url};" in policy
    return location


def test_the_juror_gets_the_preview_through_nginx_whole_and_in_ranges(layout, festival, preview):
    juror = signed_in(layout.url, festival.juror)
    media_url = f"{layout.url}/media/{preview.asset_id}"
    ranged = {"Range": "bytes=100-1123"}

    if layout.backend == "s3":
        # A browser follows the redirect with the same Range header; the bucket is another
        # origin, which gets none of the site's cookies.
        to_whole = juror.get(media_url, allow_redirects=False, timeout=10)
        to_part = juror.get(media_url, headers=ranged, allow_redirects=False, timeout=10)
        whole = requests.get(presigned_url_from_nginx(layout, to_whole), timeout=10)
        part = requests.get(presigned_url_from_nginx(layout, to_part), headers=ranged, timeout=10)
        bucket, key = split_location(preview.location)
        kept = bucket_client(layout).head_object(Bucket=bucket, Key=key)
        assert whole.headers["ETag"] == kept["ETag"]  # the S3 server's, not nginx's
        assert to_whole.headers["X-Content-Type-Options"] == "nosniff"
    else:
        whole = juror.get(media_url, timeout=10)
        part = juror.get(media_url, headers=ranged, timeout=10)
        stat = (layout.media_root / preview.location).stat()
        # nginx's own ETag (hex mtime-size of the file it sent); Flask's would carry a checksum.
        assert whole.headers["ETag"] == f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'
        assert NGINX_ETAG.match(whole.headers["ETag"])
        assert "X-Accel-Redirect" not in whole.headers
        assert whole.headers["X-Content-Type-Options"] == "nosniff"

    assert whole.status_code == 200
    assert whole.content == preview.content
    # The app's headers survive the internal redirect, or are signed into the presigned URL.
    assert whole.headers["Content-Type"] == "video/mp4"
    assert whole.headers["Content-Disposition"] == 'inline; filename="preview-720.mp4"'
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-1123/{len(preview.content)}"
    assert part.content == preview.content[100:1124]


def signed_by_the_app(layout: Layout, location: str, *, lifetime_s: int = 300) -> str:
    """A presigned URL made as the web processes make them, for `lifetime_s` seconds."""
    with layout.app.app_context():
        lifetime = layout.app.config["MEDIA_URL_LIFETIME_S"]
        layout.app.config["MEDIA_URL_LIFETIME_S"] = lifetime_s
        try:
            return store_for(location).presigned_url(
                location, content_type="video/mp4", download_name="preview-720.mp4"
            )
        finally:
            layout.app.config["MEDIA_URL_LIFETIME_S"] = lifetime


def with_signature(url: str, signature: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | {"X-Amz-Signature": signature}
    return parts._replace(query=urlencode(query)).geturl()


def test_nobody_else_gets_the_preview(layout, festival, preview):
    stranger = signed_in(layout.url, festival.stranger)
    media_url = f"{layout.url}/media/{preview.asset_id}"
    internal = split_location(preview.location)[1] if layout.backend == "s3" else preview.location

    refused = stranger.get(media_url, allow_redirects=False, timeout=10)
    anonymous = requests.get(media_url, allow_redirects=False, timeout=10)

    assert refused.status_code == 404
    assert "Location" not in refused.headers
    assert anonymous.status_code in (302, 401, 403)
    assert not anonymous.content.startswith(preview.content[:64])
    if anonymous.status_code == 302:  # to the sign-in page, never to the file
        assert anonymous.headers["Location"].startswith(("/login", f"{layout.url}/login"))
    # The internal location answers only the app's redirects, never a request from outside.
    assert requests.get(f"{layout.url}/protected-media/{internal}", timeout=10).status_code == 404
    if layout.backend == "s3":
        # The bucket answers only a URL the app signed, unaltered and before it expires.
        bucket, key = split_location(preview.location)
        unsigned = f"{layout.s3.endpoint_url}/{bucket}/{key}"
        valid = signed_by_the_app(layout, preview.location)
        signature = dict(parse_qsl(urlsplit(valid).query))["X-Amz-Signature"]
        tampered = with_signature(valid, signature[::-1])
        expiring = signed_by_the_app(layout, preview.location, lifetime_s=1)
        assert requests.get(expiring, timeout=10).status_code == 200
        assert requests.get(valid, headers={"Range": "bytes=0-9"}, timeout=10).status_code == 206
        time.sleep(2.1)

        for url, error in [
            (unsigned, "AccessDenied"),
            (tampered, "SignatureDoesNotMatch"),
            (expiring, "expired"),
        ]:
            answer = requests.get(url, timeout=10)
            assert answer.status_code == 403, url
            assert error in answer.text
            assert not answer.content.startswith(preview.content[:64])


class FromAddress(HTTPAdapter):
    """Connections from another loopback address: a visitor of their own to the rate limit."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


def test_sign_in_attempts_are_counted_once_across_both_web_processes(layout, festival):
    visitor = requests.Session()
    visitor.mount("http://", FromAddress("127.0.0.2"))
    token = csrf_token(visitor, layout.url)  # one page, then attempts that nginx alternates
    answers = []
    for attempt in range(LOGIN_LIMIT + 1):
        # A forged X-Forwarded-For changes nothing: only nginx's hop is trusted.
        forged = {"X-Forwarded-For": f"203.0.113.{attempt}"} if attempt % 2 else {}
        visitor.headers.update(forged)
        answers.append(sign_in(visitor, layout.url, "nobody@example.org", token))
        visitor.headers.pop("X-Forwarded-For", None)

    statuses = [answer.status_code for answer in answers]
    remaining = [int(answer.headers["X-RateLimit-Remaining"]) for answer in answers[:-1]]
    served_by = layout.upstreams_of({answer.headers["X-Request-ID"] for answer in answers})

    assert statuses == [200] * LOGIN_LIMIT + [429]
    assert remaining == list(range(LOGIN_LIMIT - 1, -1, -1))
    assert served_by == {f"127.0.0.1:{port}" for port in layout.web_ports}
