"""The worker process: `flask festival worker` runs a Huey consumer bound to the app."""

from __future__ import annotations

import logging

from flask import Flask
from huey.consumer import Consumer

from festival.jobs.queue import bind_app, huey, mark_worker_seen
from festival.jobs.registry import load_task_modules, registered_kinds

logger = logging.getLogger("festival.jobs")


def create_consumer(app: Flask, workers: int = 2, **options):
    """A consumer whose worker threads run every task inside `app`'s context."""
    bind_app(app)
    load_task_modules(app.config["JOB_TASK_MODULES"])
    logger.info("job handlers: %s", ", ".join(registered_kinds()) or "none")
    return FestivalConsumer(
        huey,
        periodic_check_s=app.config["JOB_PERIODIC_CHECK_S"],
        workers=workers,
        worker_type="thread",
        periodic=True,
        **({"max_delay": 2.0} | options),
    )


class FestivalConsumer(Consumer):
    """Huey's consumer, looking for due periodic tasks every `periodic_check_s` seconds."""

    def __init__(self, huey, *, periodic_check_s: int, **options):
        self.periodic_check_s = periodic_check_s
        super().__init__(huey, **options)

    def _create_scheduler(self):
        scheduler = super()._create_scheduler()
        scheduler.periodic_task_seconds = self.periodic_check_s
        return scheduler


def run_worker(app: Flask, workers: int = 2) -> None:
    """Run the consumer until SIGINT (graceful) or SIGTERM; logs to stderr at INFO."""
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    # A database upgrade at start-up configures logging from alembic.ini (root at WARN).
    logging.getLogger("festival").setLevel(logging.INFO)
    consumer = create_consumer(app, workers)
    mark_worker_seen()
    consumer.run()
