"""The queue's own periodic work: every minute, reap stalled jobs and show the worker is alive.

Several workers may reap at once (Redis, many machines): each change is a conditional update."""

from __future__ import annotations

from huey import crontab

from festival.jobs import dispatch  # noqa: F401  (registers the task that runs jobs)
from festival.jobs.queue import mark_worker_seen, periodic_task
from festival.jobs.reaper import reap_stalled_jobs


@periodic_task(crontab(minute="*"), name="reap_stalled_jobs")
def reap_every_minute() -> None:
    mark_worker_seen()
    reap_stalled_jobs()
