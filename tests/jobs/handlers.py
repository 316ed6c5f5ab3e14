"""Job handlers for the tests. The worker process started by `test_worker_process` loads this
module through `JOB_TASK_MODULES`."""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from festival.jobs.registry import job_handler
from festival.jobs.running import JobContext, PermanentJobError

CALLS: list[tuple[int, int]] = []
GATES: dict[str, threading.Event] = defaultdict(threading.Event)


@job_handler("tests.count")
def count(ctx: JobContext, **params) -> None:
    CALLS.append((ctx.job_id, ctx.attempt))


@job_handler("tests.flaky")
def flaky(ctx: JobContext, succeed_on: int) -> None:
    if ctx.attempt < succeed_on:
        raise RuntimeError(f"flaky on attempt {ctx.attempt}")


@job_handler("tests.fail")
def fail(ctx: JobContext) -> None:
    raise ValueError("the reel is missing")


@job_handler("tests.permanent")
def permanent(ctx: JobContext) -> None:
    raise PermanentJobError("not a video")


@job_handler("tests.progress")
def progress(ctx: JobContext, gate: str) -> None:
    ctx.heartbeat(progress=0.25, stage="probing")
    if not GATES[gate].wait(15):
        raise TimeoutError("the test never opened the gate")
    ctx.heartbeat(progress=0.75, stage="transcoding")


@job_handler("tests.hang_first_attempt")
def hang_first_attempt(ctx: JobContext) -> None:
    """Hangs on its first attempt (until its worker is killed), succeeds on the next."""
    deadline = time.monotonic() + 60
    while ctx.attempt == 1 and time.monotonic() < deadline:
        ctx.heartbeat(stage="hanging")
        time.sleep(0.1)
