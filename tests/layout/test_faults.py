"""Faults on the production layout (issue 16), each survived with nothing lost: a worker killed
mid-transcode, uploads cut through nginx, PostgreSQL stopped while jurors save, Redis stopped,
the media disk full, a worker dead on a job's last attempt.

The layout here is the one of tests/layout/conftest.py on the local media backend (none of
these faults is about where ready media is kept), but on a PostgreSQL and a Redis of its own,
started by the fixture in scratch folders on free ports, so stopping them touches no server
anyone else uses (`LAYOUT_DATABASE_URL` and `LAYOUT_REDIS_URL` only gate the run). As root the
media disk is a 160 MB tmpfs, so it can really fill up; otherwise that test is skipped. The
workers look for the reaper every 2 s and call a heartbeat stale after 8 s, so a dead worker's
job moves within seconds rather than minutes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import create_engine, func, text

from festival.accounts.enums import Role
from festival.editions.models import Edition
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.judging.models import Review
from festival.media.models import MediaAsset, Screener
from festival.submissions.models import Submission
from tests import factories
from tests.layout.conftest import (
    INSTANCE_CONFIG,
    Layout,
    Process,
    free_port,
    started_layout,
    video,
)
from tests.layout.test_through_nginx import sign_in, signed_in
from tests.polling import wait_until

pytestmark = pytest.mark.layout

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
MEDIA_DISK_BYTES = 160 * 1024**2
MEDIA_MIN_FREE_BYTES = 8 * 1024**2
FAULT_CONFIG = INSTANCE_CONFIG + (
    "JOB_HEARTBEAT_TIMEOUT_S = 8\n"
    "JOB_PERIODIC_CHECK_S = 2\n"
    "JOB_QUEUED_TIMEOUT_S = 6\n"
    f"MEDIA_MIN_FREE_BYTES = {MEDIA_MIN_FREE_BYTES}\n"
)
TUS = {"Tus-Resumable": "1.0.0"}
OUTAGE_S = 10
INGEST_TIMEOUT_S = 150


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` account."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivateServers:
    """A PostgreSQL cluster and a Redis of the test's own, which it may stop and start."""

    def __init__(self, scratch: Path):
        self.pg_data = Path(tempfile.mkdtemp(prefix="festival-faults-pg-"))
        self.pg_port, self.redis_port = free_port(), free_port()
        self.redis_log = scratch / "redis.log"
        self.redis: Process | None = None
        if os.geteuid() == 0:
            shutil.chown(self.pg_data, "postgres", "postgres")
        subprocess.run(
            as_postgres(
                [
                    str(POSTGRES_BIN / "initdb"),
                    "-D",
                    str(self.pg_data),
                    "-U",
                    "festival",
                    "-A",
                    "trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale",
                    "C",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.start_postgres()
        engine = create_engine(self.database_url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("CREATE DATABASE festival"))
        engine.dispose()
        self.start_redis()

    def database_url(self, name: str = "festival") -> str:
        return f"postgresql+psycopg://festival@127.0.0.1:{self.pg_port}/{name}"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def pg_ctl(self, *arguments: str) -> None:
        subprocess.run(
            as_postgres([str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.pg_data), *arguments]),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start_postgres(self) -> None:
        options = f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.pg_data} -c fsync=off"
        self.pg_ctl("-w", "-l", str(self.pg_data / "log"), "-o", options, "start")

    def stop_postgres(self) -> None:
        self.pg_ctl("-w", "-m", "fast", "stop")

    def start_redis(self) -> None:
        self.redis = Process(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            self.redis_log,
        )
        self.redis.start(dict(os.environ))
        deadline = time.monotonic() + 30
        while not answers(self.redis_port):
            self.redis.check_running()
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)

    def stop_redis(self) -> None:
        self.redis.stop()

    def close(self) -> None:
        if self.redis is not None:
            self.redis.stop()
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop_postgres()
        shutil.rmtree(self.pg_data, ignore_errors=True)


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[PrivateServers]:
    if not (POSTGRES_BIN / "initdb").exists() or shutil.which("redis-server") is None:
        pytest.fail("PostgreSQL 15 and redis-server are needed (scripts/run-tests installs them)")
    started = PrivateServers(tmp_path_factory.mktemp("fault-servers"))
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def media_disk(tmp_path_factory) -> Iterator[tuple[Path, bool]]:
    """(the media root, whether it is a small disk of its own that may be filled)."""
    root = tmp_path_factory.mktemp("fault-media")
    if os.geteuid() != 0:
        yield root, False
        return
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={MEDIA_DISK_BYTES}", "tmpfs", str(root)],
        check=True,
        timeout=30,
    )
    try:
        yield root, True
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False, timeout=30)


@pytest.fixture(scope="module")
def faulty(tmp_path_factory, servers, media_disk) -> Iterator[Layout]:
    scratch = tmp_path_factory.mktemp("layout-faults")
    with started_layout(
        scratch,
        "local",
        servers.database_url(),
        servers.redis_url,
        instance_config=FAULT_CONFIG,
        media_root=media_disk[0],
    ) as layout:
        yield layout


@pytest.fixture(scope="module")
def long_film(tmp_path_factory) -> bytes:
    """A minute of 640×480: a transcode of several seconds, whose progress can be watched."""
    return video(tmp_path_factory.mktemp("long") / "long.mp4", 60).read_bytes()


@pytest.fixture(scope="module")
def short_film(tmp_path_factory) -> bytes:
    return video(tmp_path_factory.mktemp("short") / "short.mp4", 6).read_bytes()


@dataclass
class Filmmaker:
    email: str
    film_id: int


def new_filmmaker(layout: Layout) -> Filmmaker:
    with layout.app.app_context():
        filmmaker = factories.make_user(Role.FILMMAKER)
        film = factories.make_film(owner=filmmaker)
        made = Filmmaker(filmmaker.email, film.id)
        db.session.commit()
        return made


def create_upload(session: requests.Session, url: str, film_id: int, length: int) -> str:
    created = session.post(
        f"{url}/films/{film_id}/uploads",
        headers=TUS | {"Origin": url, "Upload-Length": str(length)},
        timeout=30,
    )
    assert created.status_code == 201, created.text
    return url + created.headers["Location"]


def patch(session: requests.Session, location: str, offset: int, data: bytes):
    return session.patch(
        location,
        data=data,
        headers=TUS
        | {
            "Origin": location.split("/films/")[0],
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
        },
        timeout=60,
    )


def upload_whole(session: requests.Session, url: str, film_id: int, data: bytes) -> None:
    location = create_upload(session, url, film_id, len(data))
    sent = patch(session, location, 0, data)
    assert sent.status_code == 204, sent.text


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def screener_of(layout: Layout, film_id: int) -> Screener | None:
    return db.session.scalars(db.select(Screener).where(Screener.film_id == film_id)).first()


def ready_screener(layout: Layout, film_id: int) -> Screener:
    def ready():
        screener = screener_of(layout, film_id)
        job = screener and db.session.get(Job, screener.job_id)
        return screener if job is not None and job.state == JobState.SUCCEEDED else None

    return wait_until(ready, timeout=INGEST_TIMEOUT_S, interval=0.5)


def assets_per_kind(screener_id: int) -> dict:
    return dict(
        db.session.execute(
            db.select(MediaAsset.kind, func.count())
            .where(MediaAsset.screener_id == screener_id)
            .group_by(MediaAsset.kind)
        ).all()
    )


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().split()[3]) == pid:
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def kill_worker(worker: Process) -> None:
    """kill -9 the worker, then its ffmpeg's process group, as systemd ends a failed unit's
    control group."""
    children = children_of(worker.popen.pid)
    worker.popen.send_signal(signal.SIGKILL)
    worker.popen.wait(timeout=30)
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child, signal.SIGKILL)


def started_by(worker: Process, job_id: int, attempt: int) -> bool:
    """Whether the worker's log says it started this attempt of the job."""
    started = re.compile(rf"job {job_id} \(\S+\) attempt {attempt} started")
    return started.search(worker.log.read_text(errors="replace")) is not None


def test_a_worker_killed_mid_transcode_leaves_the_job_to_the_other(faulty, long_film):
    filmmaker = new_filmmaker(faulty)
    upload_whole(signed_in(faulty.url, filmmaker.email), faulty.url, filmmaker.film_id, long_film)

    with faulty.app.app_context():
        screener = wait_until(lambda: screener_of(faulty, filmmaker.film_id), timeout=60)
        job_id, screener_id = screener.job_id, screener.id
        wait_until(
            lambda: (
                (job := db.session.get(Job, job_id)).state == JobState.RUNNING
                and (job.progress or 0) > 0.05
            ),
            timeout=INGEST_TIMEOUT_S,
            interval=0.1,
        )
        killed = next(w for w in faulty.workers if started_by(w, job_id, 1))
        other = next(w for w in faulty.workers if w is not killed)
        kill_worker(killed)
        try:
            assert db.session.get(Job, job_id).state == JobState.RUNNING
            ready = ready_screener(faulty, filmmaker.film_id)
            job = db.session.get(Job, job_id)
            kinds = assets_per_kind(screener_id)
            original = (faulty.media_root / ready.original_path).read_bytes()
        finally:
            killed.start(faulty.env)  # as systemd restarts a failed worker

    assert job.attempts == 2
    assert started_by(other, job_id, 2)
    assert sha256(original) == sha256(long_film)
    assert kinds and set(kinds.values()) == {1}, kinds


def cut_patch(location: str, cookies: str, offset: int, data: bytes, cut_at: int) -> None:
    """A PATCH announcing all of `data` whose connection is dropped after `cut_at` bytes."""
    parts = urlsplit(location)
    head = (
        f"PATCH {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nTus-Resumable: 1.0.0\r\n"
        f"Origin: {parts.scheme}://{parts.netloc}\r\nCookie: {cookies}\r\n"
        f"Upload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(head + data[:cut_at])
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_an_upload_cut_twenty_times_through_nginx_resumes_byte_identical(faulty, short_film):
    filmmaker = new_filmmaker(faulty)
    session = signed_in(faulty.url, filmmaker.email)
    cookies = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    location = create_upload(session, faulty.url, filmmaker.film_id, len(short_film))
    chance = random.Random(16)
    offsets = []

    def current_offset() -> int | None:
        status = session.head(location, headers=TUS, timeout=30)
        return int(status.headers["Upload-Offset"]) if status.status_code == 200 else None

    for _cut in range(20):
        offset = current_offset()
        offsets.append(offset)
        rest = short_film[offset:]
        cut_patch(location, cookies, offset, rest, chance.randrange(1, max(2, len(rest))))

    def resumed():
        offset = current_offset()
        if offset is None:
            return None
        sent = patch(session, location, offset, short_film[offset:])
        return sent.status_code == 204 or None  # 409/423 while the cut request winds down

    with faulty.app.app_context():
        wait_until(resumed, timeout=60, interval=0.5)
        screener = wait_until(lambda: screener_of(faulty, filmmaker.film_id), timeout=60)
        stored = (faulty.media_root / screener.original_path).read_bytes()

    assert offsets == sorted(offsets)
    assert sha256(stored) == sha256(short_film)


@dataclass
class Jury:
    juror: str
    assignment_id: int
    criteria: list[int]


@pytest.fixture(scope="module")
def jury(faulty) -> Jury:
    with faulty.app.app_context():
        juror = factories.make_user(Role.JUROR)
        filmmaker = factories.make_user(Role.FILMMAKER)
        edition = factories.make_edition()
        film = factories.make_film(owner=filmmaker)
        submission = factories.make_submission(film, edition.categories[0])
        round_ = factories.make_round(
            db.session.get(Edition, edition.id),
            members=[juror],
            submissions=[db.session.get(Submission, submission.id)],
        )
        assignment = factories.make_assignment(round_, round_.entries[0], juror)
        made = Jury(juror.email, assignment.id, [c.id for c in round_.criteria])
        db.session.commit()
        return made


def stored_review(layout: Layout, assignment_id: int) -> tuple | None:
    with layout.app.app_context():
        review = db.session.scalar(db.select(Review).where(Review.assignment_id == assignment_id))
        if review is None:
            return None
        return review.revision, {k: float(v) for k, v in review.values().items()}, review.comment


def test_postgresql_stopped_while_jurors_save(faulty, servers, jury):
    juror = signed_in(faulty.url, jury.juror)
    page = juror.get(f"{faulty.url}/judging/assignments/{jury.assignment_id}", timeout=30)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    draft_url = f"{faulty.url}/judging/assignments/{jury.assignment_id}/draft"
    headers = {"X-CSRFToken": token, "Accept": "application/json", "Origin": faulty.url}
    story, craft = jury.criteria

    def save(scores: dict, comment: str, revision: int | None) -> requests.Response:
        body = {"scores": {str(k): v for k, v in scores.items()}, "comment": comment}
        return juror.post(
            draft_url, json=body | {"revision": revision}, headers=headers, timeout=30
        )

    first = save({story: 6}, "Before.", 0)
    assert first.status_code == 200, first.text
    before = stored_review(faulty, jury.assignment_id)
    with faulty.app.app_context():
        db.engine.dispose()  # no idle connection of this process survives the restart

    servers.stop_postgres()
    try:
        during = [save({story: 9, craft: 8}, "During.", first.json()["revision"])]
        during.append(juror.get(page.url, timeout=30))
        time.sleep(OUTAGE_S)
        during.append(save({story: 9, craft: 8}, "During.", first.json()["revision"]))
    finally:
        servers.start_postgres()

    def saved_again():
        answer = save({story: 9, craft: 8}, "After.", first.json()["revision"])
        return answer if answer.status_code == 200 else None

    with faulty.app.app_context():
        after = wait_until(saved_again, timeout=60, interval=0.5)
        db.engine.dispose()

    assert before == (1, {story: 6.0}, "Before.")
    for answer in during:
        assert answer.status_code == 503, answer.text[:300]
        assert "Traceback" not in answer.text and "psycopg" not in answer.text
    assert during[0].json() == {
        "error": "The festival's database is not answering for the moment. Nothing was saved; "
        "please try again in a minute.",
        "status": 503,
    }
    assert "database is not answering" in during[1].text
    assert after.json()["revision"] == 2
    revision, scores, comment = stored_review(faulty, jury.assignment_id)
    assert (revision, comment) == (2, "After.")
    assert scores == {story: 9.0, craft: 8.0}


def test_redis_stopped_pages_served_and_queued_jobs_delivered(faulty, servers, short_film):
    filmmaker = new_filmmaker(faulty)
    servers.stop_redis()
    try:
        visitor = requests.get(f"{faulty.url}/", timeout=30)
        session = requests.Session()
        signed = sign_in(session, faulty.url, filmmaker.email)
        films = session.get(f"{faulty.url}/films", timeout=30)
        upload_whole(session, faulty.url, filmmaker.film_id, short_film)
        health = requests.get(f"{faulty.url}/healthz", timeout=30)
        with faulty.app.app_context():
            screener = wait_until(lambda: screener_of(faulty, filmmaker.film_id), timeout=60)
            job_id = screener.job_id
            queued = db.session.get(Job, job_id).state
        time.sleep(OUTAGE_S)
    finally:
        servers.start_redis()

    with faulty.app.app_context():
        ready = ready_screener(faulty, filmmaker.film_id)
        job = db.session.get(Job, job_id)

    assert visitor.status_code == 200
    assert signed.status_code == 302  # the sign-in limit counts in memory meanwhile
    assert films.status_code == 200
    assert health.status_code == 503 and not health.json()["queue"]["ok"]
    assert queued == JobState.QUEUED
    assert job.state == JobState.SUCCEEDED
    assert sha256((faulty.media_root / ready.original_path).read_bytes()) == sha256(short_film)


def test_a_full_media_disk_refuses_the_upload_and_says_so(faulty, media_disk, short_film):
    root, own_disk = media_disk
    if not own_disk:
        pytest.skip("filling a media disk of its own needs root (mount -t tmpfs)")
    kept = {path: sha256(path.read_bytes()) for path in root.rglob("*") if path.is_file()}
    filler = root / "filler"
    free = shutil.disk_usage(root).free
    with filler.open("wb") as handle:
        handle.truncate(0)
        chunk = b"\0" * 1024**2
        for _ in range(max(0, (free - 256 * 1024) // len(chunk))):
            handle.write(chunk)
    try:
        filmmaker = new_filmmaker(faulty)
        session = signed_in(faulty.url, filmmaker.email)
        created = session.post(
            f"{faulty.url}/films/{filmmaker.film_id}/uploads",
            headers=TUS | {"Origin": faulty.url, "Upload-Length": str(len(short_film))},
            timeout=30,
        )
        health = requests.get(f"{faulty.url}/healthz", timeout=30)
    finally:
        filler.unlink()
    healthy_again = requests.get(f"{faulty.url}/healthz", timeout=30)

    assert created.status_code == 507
    assert "storage is too full" in created.text
    assert health.status_code == 503
    media = health.json()["media"]
    assert media["ok"] is False and media["free_bytes"] < MEDIA_MIN_FREE_BYTES
    assert healthy_again.status_code == 200, healthy_again.text
    for path, checksum in kept.items():
        assert sha256(path.read_bytes()) == checksum, path


def test_a_worker_dead_on_the_last_attempt_leaves_no_job_running(faulty, long_film):
    filmmaker = new_filmmaker(faulty)
    upload_whole(signed_in(faulty.url, filmmaker.email), faulty.url, filmmaker.film_id, long_film)
    with faulty.app.app_context():
        screener = wait_until(lambda: screener_of(faulty, filmmaker.film_id), timeout=60)
        job_id = screener.job_id
        wait_until(
            lambda: db.session.get(Job, job_id).state == JobState.RUNNING, timeout=60, interval=0.1
        )
        db.session.execute(db.update(Job).where(Job.id == job_id).values(max_attempts=1))
        db.session.commit()
        killed = wait_until(
            lambda: next((w for w in faulty.workers if started_by(w, job_id, 1)), None)
        )
        kill_worker(killed)
        try:
            job = wait_until(
                lambda: (found := db.session.get(Job, job_id)).state != JobState.RUNNING and found,
                timeout=60,
                interval=0.5,
            )
        finally:
            killed.start(faulty.env)

    assert job.state == JobState.FAILED
    assert "stopped responding" in job.error
