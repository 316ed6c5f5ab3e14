"""The production layout for the benchmarks (`bench/load.py`, `bench/upload_concurrency.py`):
`tests/layout/conftest.py`'s `started_layout` on the PostgreSQL database `DATABASE_URL` and the
Redis `REDIS_URL` name (both emptied), or, without them, on a `festival_bench` database the
`festival` role of the local PostgreSQL creates (scripts/run-tests gives it CREATEDB) and a
private Redis on a spare port; sign-ins unlimited and `/hello` routed (`BENCH_HELLO`)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.layout.conftest import INSTANCE_CONFIG, Layout, free_port, started_layout

LOCAL_POSTGRES = "postgresql://festival:festival@127.0.0.1:5432"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_database() -> str:
    """`DATABASE_URL`, or a `festival_bench` database on the local PostgreSQL."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    engine = create_engine(
        f"{LOCAL_POSTGRES}/postgres".replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with engine.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = 'festival_bench'")
        )
        if not exists:
            connection.execute(text("CREATE DATABASE festival_bench"))
        # as README's "Running in production" sets it: the data is on an SSD or in memory
        connection.execute(text("ALTER DATABASE festival_bench SET random_page_cost = 1.1"))
    engine.dispose()
    return f"{LOCAL_POSTGRES}/festival_bench"


@contextmanager
def bench_redis(scratch: Path) -> Iterator[str]:
    """`REDIS_URL`, or a private Redis on a spare port, stopped on leaving."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(scratch)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait()


@contextmanager
def bench_layout(scratch: Path) -> Iterator[Layout]:
    """The layout (local media) in `scratch`, stopped on leaving."""
    scratch.mkdir(parents=True, exist_ok=True)
    config = INSTANCE_CONFIG.replace('"12 per hour"', '"1000000 per hour"')
    with bench_redis(scratch) as redis_url:
        database_url = bench_database()
        say(f"layout on {database_url.rsplit('@', 1)[-1]} and {redis_url}")
        with started_layout(
            scratch,
            "local",
            database_url,
            redis_url,
            instance_config=config + "BENCH_HELLO = True\n",
        ) as layout:
            yield layout
