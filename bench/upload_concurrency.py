"""Many tus uploads at once through nginx, against a plain local copy of the same bytes, and
the web processes' memory meanwhile.

Starts the production layout (`bench/layout.py`: nginx, two gunicorns, two workers, PostgreSQL,
Redis), makes `--uploads` filmmakers (20 by default) with a film each, one file of `--mb` MB of
random bytes (200 by default), and uploads it to every film at the same time through nginx by
the tus protocol (create, then one PATCH per `--chunk-mib`, one thread an upload), each
filmmaker from a loopback address of their own (nginx allows 4 upload connections per address).
Then copies the same bytes as many times, as many at once (shutil.copyfile + fsync, on the same
disk). The resident memory of every gunicorn process (both masters and their workers) is sampled
every 20 ms during the uploads, by /proc through psutil.

Progress goes to stderr; the last line of stdout is one JSON object: {"uploads", "mb_each",
"upload_mb_s" (aggregate), "copy_mb_s" (aggregate), "upload_over_copy", "peak_rss_mb" (the
largest single web process), "peak_rss_mb_total" (all web processes together),
"rest_rss_mb_total" (before the uploads)}.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests
from requests.adapters import HTTPAdapter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.layout import bench_layout, say
from bench.upload import make_file
from festival.accounts.enums import Role
from festival.accounts.services import create_user
from festival.extensions import db
from festival.films.services import create_film

MB = 1000**2
MIB = 1024**2
PASSWORD = "orchard lantern quietly sideways 42"


def seed(app, count: int) -> list[tuple[str, int]]:
    """`count` filmmakers with one film each: (email, film id)."""
    made = []
    with app.app_context():
        for n in range(count):
            email = f"uploader{n}@bench-festival.org"
            owner = create_user(email, f"Uploader {n}", {Role.FILMMAKER}, password=PASSWORD)
            film = create_film(actor=owner, title=f"Upload {n}", runtime_s=600, year=2026)
            db.session.commit()
            made.append((email, film.id))
    return made


def signed_in_cookie(base: str, email: str) -> str:
    session = requests.Session()
    page = session.get(f"{base}/login").text
    token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    answer = session.post(
        f"{base}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise SystemExit(f"sign-in of {email} refused: {answer.status_code}")
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def web_processes(web_ports: tuple[int, int]) -> list[psutil.Process]:
    """Both gunicorn masters and their workers (all found by their --bind)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        line = " ".join(process.info["cmdline"] or ())
        if "gunicorn" in line and any(f"127.0.0.1:{port}" in line for port in web_ports):
            found.append(process)
    return found


class RssSampler(threading.Thread):
    """The largest resident size of any one process, and of all together, every 20 ms."""

    def __init__(self, processes: list[psutil.Process]):
        super().__init__(daemon=True)
        self.processes, self.running = processes, True
        self.peak = self.peak_total = 0.0

    def sample(self) -> None:
        sizes = [p.memory_info().rss / MIB for p in self.processes]
        self.peak = max(self.peak, *sizes)
        self.peak_total = max(self.peak_total, sum(sizes))

    def run(self):
        while self.running:
            self.sample()
            time.sleep(0.02)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.join()
        self.sample()


class FromAddress(HTTPAdapter):
    """Connections from loopback address `address`: each uploader a filmmaker of their own, as
    nginx sees them (it allows 4 upload connections per address)."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


def upload(base: str, film_id: int, cookie: str, source: Path, chunk: int, address: str) -> None:
    """The tus protocol as tus-js-client speaks it: create, then PATCH chunk by chunk."""
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    tus = {"Tus-Resumable": "1.0.0", "Origin": base, "Cookie": cookie}
    size = source.stat().st_size
    name = base64.b64encode(source.name.encode()).decode()
    created = session.post(
        f"{base}/films/{film_id}/uploads",
        headers=tus | {"Upload-Length": str(size), "Upload-Metadata": f"filename {name}"},
        timeout=30,
    )
    if created.status_code != 201:
        raise SystemExit(f"upload to film {film_id}: {created.status_code} {created.text[:200]}")
    location = base + created.headers["Location"]
    with source.open("rb") as handle:
        offset = 0
        while block := handle.read(chunk):
            sent = session.patch(
                location,
                data=block,
                headers=tus
                | {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
                timeout=300,
            )
            if sent.status_code != 204:
                raise SystemExit(f"upload to film {film_id}: {sent.status_code} at {offset}")
            offset += len(block)
    if offset != size:
        raise SystemExit(f"upload to film {film_id} incomplete")


def copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--mb", type=int, default=200, help="size of each upload, in MB")
    parser.add_argument("--chunk-mib", type=int, default=64)
    options = parser.parse_args()
    count, size = options.uploads, options.mb * MB
    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as folder:
        scratch = Path(folder)
        source = make_file(scratch / "screener.mov", size)
        with bench_layout(scratch / "layout") as layout:
            films = seed(layout.app, count)
            cookies = [signed_in_cookie(layout.url, email) for email, _ in films]
            processes = web_processes(layout.web_ports)
            rest = sum(p.memory_info().rss for p in processes) / MIB
            say(f"{len(processes)} web processes, {rest:.0f} MB at rest; {count} uploads")
            with RssSampler(processes) as sampler, ThreadPoolExecutor(count) as pool:
                started = time.perf_counter()
                jobs = [
                    pool.submit(
                        upload,
                        layout.url,
                        film_id,
                        cookie,
                        source,
                        options.chunk_mib * MIB,
                        f"127.0.0.{2 + number}",
                    )
                    for number, ((_, film_id), cookie) in enumerate(
                        zip(films, cookies, strict=True)
                    )
                ]
                for job in jobs:
                    job.result()
                upload_s = time.perf_counter() - started
        copies = scratch / "copies"
        copies.mkdir()
        with ThreadPoolExecutor(count) as pool:
            started = time.perf_counter()
            jobs = [pool.submit(copy, source, copies / f"{n}.mov") for n in range(count)]
            for job in jobs:
                job.result()
            copy_s = time.perf_counter() - started
    total_mb = count * size / MB
    say(
        f"uploads {upload_s:.1f} s ({total_mb / upload_s:.0f} MB/s), copies {copy_s:.1f} s "
        f"({total_mb / copy_s:.0f} MB/s); peak RSS {sampler.peak:.0f} MB a process, "
        f"{sampler.peak_total:.0f} MB together"
    )
    print(
        json.dumps(
            {
                "uploads": count,
                "mb_each": options.mb,
                "upload_mb_s": round(total_mb / upload_s, 1),
                "copy_mb_s": round(total_mb / copy_s, 1),
                "upload_over_copy": round(copy_s / upload_s, 3),
                "peak_rss_mb": round(sampler.peak, 1),
                "peak_rss_mb_total": round(sampler.peak_total, 1),
                "rest_rss_mb_total": round(rest, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
