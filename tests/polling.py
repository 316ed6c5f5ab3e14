"""Waiting for work done by another thread or process, reading fresh rows each time."""

from __future__ import annotations

import time

from festival.extensions import db


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.05):
    """Call `predicate` until it returns something truthy, and return that; fail at `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        db.session.expire_all()
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {predicate}")
        time.sleep(interval)
