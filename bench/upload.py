"""How fast a tus upload is over loopback, against copying the same file on the same disk, and
how much memory the web process needs for it.

Makes its own files (100 MB and 1 GiB of random bytes) in a temporary folder, a temporary
instance with a filmmaker (`flask festival create-user`) and a film, and starts the real web
server as the Procfile does (gunicorn, gthread, one worker) on a free loopback port. Each file is
uploaded with tuspy (the official Python tus client) and copied with shutil.copyfile + fsync on
the same disk, in the same run, three times each, alternating (medians are compared: this machine
is shared); the worker's resident memory is sampled during each upload.
Last line: one JSON object,
`{"upload_over_copy": upload throughput / copy throughput (1 GiB), "peak_rss_mb_100mb": ...,
"peak_rss_mb_1gib": ...}`. For tuning: BENCH_CHUNK_MIB (tuspy's chunk, default 64) and
BENCH_CONFIG (text of the temporary instance's config.py, e.g. "UPLOAD_READ_BYTES = 4194304").
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from tusclient.client import TusClient

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

MB = 1000**2
MIB = 1024**2
SIZES = {"100mb": 100 * MB, "1gib": 1024 * MIB}
CHUNK_BYTES = int(os.environ.get("BENCH_CHUNK_MIB", "64")) * MIB
ROUNDS = 3
EMAIL, PASSWORD = "bench@example.org", "bench-password-long-enough"


def make_file(path: Path, size: int) -> Path:
    """Random bytes, written once (8 MiB of fresh randomness per block)."""
    with open(path, "wb") as handle:
        left = size
        while left:
            block = os.urandom(min(8 * MIB, left))
            handle.write(block)
            left -= len(block)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(instance: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"FESTIVAL_INSTANCE_PATH": str(instance), "MEDIA_ROOT": str(instance / "media")}
    return env


def seed(instance: Path, env: dict) -> int:
    """A filmmaker through the CLI, and a film of theirs through the films service."""
    instance.mkdir(parents=True, exist_ok=True)
    if os.environ.get("BENCH_CONFIG"):
        (instance / "config.py").write_text(os.environ["BENCH_CONFIG"])
    flask = [sys.executable, "-m", "flask", "--app", "app", "festival", "create-user"]
    subprocess.run(
        [
            *flask,
            "--email",
            EMAIL,
            "--name",
            "Bench Filmmaker",
            "--role",
            "filmmaker",
            "--password",
            PASSWORD,
        ],
        cwd=REPOSITORY,
        env=env,
        check=True,
        capture_output=True,
    )
    os.environ["FESTIVAL_INSTANCE_PATH"] = str(instance)
    os.environ["MEDIA_ROOT"] = str(instance / "media")
    from festival import create_app
    from festival.accounts.models import User
    from festival.extensions import db
    from festival.films.services import create_film

    app = create_app()
    with app.app_context():
        owner = db.session.scalar(db.select(User).where(User.email == EMAIL))
        film = create_film(actor=owner, title="Bench film", runtime_s=600, year=2026)
        db.session.commit()
        film_id = film.id
        db.engine.dispose()
    return film_id


def start_server(env: dict, port: int, log: Path) -> subprocess.Popen:
    """The Procfile's web command, on `port`."""
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--no-control-socket",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        "1",
        "--threads",
        "8",
        "--access-logfile",
        "-",
        "app:app",
    ]
    server = subprocess.Popen(
        command, cwd=REPOSITORY, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code < 500:
                return server
        except requests.RequestException:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"the web server did not start; see {log}")


def worker_pid(master: int) -> int:
    for _ in range(100):
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                    return int(entry.name)
        time.sleep(0.1)
    raise SystemExit("no gunicorn worker found")


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


class RssSampler(threading.Thread):
    """The largest resident size of `pid` seen while running, every 20 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.02)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.join()
        self.peak = max(self.peak, rss_mb(self.pid))


def signed_in_cookie(base: str) -> str:
    session = requests.Session()
    page = session.get(f"{base}/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": EMAIL, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    response = session.post(f"{base}/login", data=data, allow_redirects=False)
    if response.status_code not in (302, 303):
        raise SystemExit(f"login failed: {response.status_code}")
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def timed_upload(base: str, film_id: int, cookie: str, source: Path) -> float:
    client = TusClient(f"{base}/films/{film_id}/uploads", headers={"Cookie": cookie})
    uploader = client.uploader(
        file_path=str(source), chunk_size=CHUNK_BYTES, metadata={"filename": source.name}
    )
    started = time.perf_counter()
    uploader.upload()
    elapsed = time.perf_counter() - started
    if uploader.get_offset() != source.stat().st_size:
        raise SystemExit("upload incomplete")
    return elapsed


def timed_copy(source: Path, target: Path) -> float:
    started = time.perf_counter()
    shutil.copyfile(source, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    elapsed = time.perf_counter() - started
    target.unlink()
    return elapsed


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="festival-bench-upload-"))
    server = None
    try:
        instance = work / "instance"
        env = environment(instance)
        files = {
            name: make_file(work / f"screener-{name}.mov", size) for name, size in SIZES.items()
        }
        film_id = seed(instance, env)
        port = free_port()
        server = start_server(env, port, work / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        pid = worker_pid(server.pid)
        cookie = signed_in_cookie(base)
        print(f"worker {pid} at rest: {rss_mb(pid):.1f} MB", file=sys.stderr)
        results = {}
        for name, source in files.items():
            copies, uploads, peak = [], [], 0.0
            for _ in range(ROUNDS):
                copies.append(timed_copy(source, work / "copy.bin"))
                with RssSampler(pid) as sampler:
                    uploads.append(timed_upload(base, film_id, cookie, source))
                peak = max(peak, sampler.peak)
            upload_s, copy_s = statistics.median(uploads), statistics.median(copies)
            size_mb = source.stat().st_size / MB
            results[name] = {"upload_s": upload_s, "copy_s": copy_s, "peak_rss_mb": peak}
            print(
                f"{name}: upload {upload_s:.2f} s ({size_mb / upload_s:.0f} MB/s), "
                f"copy {copy_s:.2f} s ({size_mb / copy_s:.0f} MB/s), "
                f"worker peak RSS {peak:.1f} MB (medians of {ROUNDS}: "
                f"uploads {', '.join(f'{t:.2f}' for t in uploads)}; "
                f"copies {', '.join(f'{t:.2f}' for t in copies)})",
                file=sys.stderr,
            )
        big = results["1gib"]
        print(
            json.dumps(
                {
                    "upload_over_copy": round(big["copy_s"] / big["upload_s"], 3),
                    "peak_rss_mb_100mb": round(results["100mb"]["peak_rss_mb"], 1),
                    "peak_rss_mb_1gib": round(results["1gib"]["peak_rss_mb"], 1),
                }
            )
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
