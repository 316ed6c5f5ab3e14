"""How fast the public pages answer with many calls for entries.

Builds its own data in a temporary instance: `EDITIONS` published editions, each with three
categories and three deadlines, then times the home page (which lists them all), one edition's
page and /healthz through the WSGI app. Last line: one JSON object.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival import create_app
from festival.editions import services
from festival.extensions import db

EDITIONS = 200
REQUESTS = 60


def seed(count: int) -> str:
    today = date.today()
    for n in range(count):
        edition = services.create_edition(
            actor=None,
            name=f"AI 영화제 {n} · Benchmark Festival {n}",
            year=2027,
            slug=f"bench-{n}",
            timezone="Asia/Seoul",
            currency="KRW",
            opens_on=today - timedelta(days=10),
        )
        for c in range(3):
            services.add_category(
                edition, actor=None, name=f"부문 {c}", max_runtime_minutes=30 + c * 60
            )
        for d, fee in enumerate((30_000, 50_000, 70_000)):
            services.add_deadline(
                edition,
                actor=None,
                name=f"Tier {d}",
                last_day_on=today + timedelta(days=20 * (d + 1)),
                fee_cents=fee,
            )
        services.update_edition(edition, actor=None, is_published=True)
    db.session.commit()
    return "bench-0"


def timed_ms(client, path: str) -> list[float]:
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"INSTANCE_PATH": instance, "SECRET_KEY": "bench"})
        with app.app_context():
            slug = seed(EDITIONS)
        client = app.test_client()
        home = timed_ms(client, "/")
        edition = timed_ms(client, f"/editions/{slug}")
        health = timed_ms(client, "/healthz")
    print(
        json.dumps(
            {
                "editions": EDITIONS,
                "home_ms_p50": round(statistics.median(home), 2),
                "home_ms_p95": round(p95(home), 2),
                "edition_ms_p50": round(statistics.median(edition), 2),
                "healthz_ms_p50": round(statistics.median(health), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
