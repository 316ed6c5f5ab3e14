"""Worker side of decisions: every minute, release the decisions whose scheduled time has
come (`decisions.run_due_releases`, which commits each release on its own)."""

from __future__ import annotations

from huey import crontab

from festival.jobs.queue import periodic_task
from festival.programming.decisions import run_due_releases


@periodic_task(crontab(minute="*"), name="run_due_releases")
def release_due_decisions_every_minute() -> None:
    run_due_releases()
