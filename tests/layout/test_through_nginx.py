"""End to end through nginx, on the production layout (tests/layout/conftest.py): a screener
uploaded by tus through the proxy, ingested by whichever worker takes it from Redis, watched by
its juror with range requests that nginx serves, refused to everyone else, and sign-in attempts
limited across both web processes by the one count in Redis."""

from __future__ import annotations

import base64
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from festival.accounts.enums import Role
from festival.accounts.models import User
from festival.editions.models import Edition
from festival.extensions import db
from festival.jobs.models import Job
from festival.media.enums import AssetKind, ScreenerState
from festival.media.models import Screener
from festival.media.services import INGEST_JOB
from festival.submissions.models import Submission
from tests import factories
from tests.layout.conftest import LOGIN_LIMIT

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
    path = tmp_path_factory.mktemp("screener") / "screener.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=320x240:r=24:d=2",
            "-f",
            "lavfi",
            "-i",
            "sine=f=440:d=2",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path


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
    """(the ready screener's id, its ingest job's id), polling the shared database."""
    deadline = time.monotonic() + INGEST_TIMEOUT_S
    with layout.app.app_context():
        while time.monotonic() < deadline:
            screener = db.session.scalars(
                db.select(Screener).where(Screener.film_id == film_id)
            ).first()
            if screener is not None and screener.state == ScreenerState.READY:
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


def test_an_upload_through_nginx_is_ingested_by_one_worker_from_redis(
    layout, festival, ready_screener
):
    with layout.app.app_context():
        screener = db.session.get(Screener, ready_screener)
        started = f"job {screener.job_id} ({INGEST_JOB}) attempt 1 started"
        assert screener.asset(AssetKind.PREVIEW_720) is not None

    took_it = [worker.name for worker in layout.workers if started in worker.log.read_text()]

    assert len(took_it) == 1, f"{started!r} logged by {took_it}"


@pytest.fixture(scope="module")
def preview(layout, festival, ready_screener) -> tuple[int, Path]:
    """The juror is given the film in an open jury round: the 720p preview's id and file."""
    with layout.app.app_context():
        juror = db.session.scalar(db.select(User).where(User.email == festival.juror))
        edition = db.session.get(Edition, festival.edition_id)
        submission = db.session.get(Submission, festival.submission_id)
        round_ = factories.make_round(edition, members=[juror], submissions=[submission])
        factories.make_assignment(round_, round_.entries[0], juror)
        asset = db.session.get(Screener, ready_screener).asset(AssetKind.PREVIEW_720)
        found = asset.id, layout.media_root / asset.path
        db.session.commit()
        return found


def test_the_juror_gets_the_preview_from_nginx_whole_and_in_ranges(layout, festival, preview):
    asset_id, path = preview
    juror = signed_in(layout.url, festival.juror)
    on_disk = path.read_bytes()
    stat = path.stat()

    whole = juror.get(f"{layout.url}/media/{asset_id}", timeout=10)
    part = juror.get(f"{layout.url}/media/{asset_id}", headers={"Range": "bytes=100-1123"})

    assert whole.status_code == 200
    assert whole.content == on_disk
    # nginx's own ETag (hex mtime-size of the file it sent); Flask's would carry a checksum.
    assert whole.headers["ETag"] == f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'
    assert NGINX_ETAG.match(whole.headers["ETag"])
    assert "X-Accel-Redirect" not in whole.headers
    # The app's headers survive the internal redirect.
    assert whole.headers["Content-Type"] == "video/mp4"
    assert whole.headers["Content-Disposition"] == 'inline; filename="preview-720.mp4"'
    assert whole.headers["X-Content-Type-Options"] == "nosniff"
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-1123/{len(on_disk)}"
    assert part.content == on_disk[100:1124]


def test_nobody_else_gets_the_preview(layout, festival, preview):
    asset_id, path = preview
    stranger = signed_in(layout.url, festival.stranger)
    internal = path.relative_to(layout.media_root).as_posix()

    assert stranger.get(f"{layout.url}/media/{asset_id}", timeout=10).status_code == 404
    anonymous = requests.get(f"{layout.url}/media/{asset_id}", allow_redirects=False, timeout=10)
    assert anonymous.status_code in (302, 401, 403)
    assert not anonymous.content.startswith(path.read_bytes()[:64])
    # The internal location answers only the app's redirects, never a request from outside.
    assert requests.get(f"{layout.url}/protected-media/{internal}", timeout=10).status_code == 404


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
