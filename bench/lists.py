"""How fast the programmers' desk answers at festival scale.

Builds a festival of `--submissions` entries (20,000 by default; `festival_data.make_festival`)
in a temporary SQLite database, or in the PostgreSQL database `DATABASE_URL` names (emptied
first), then times, through the Flask test client signed in as a programmer (what a user
waits for: routing, access, the queries and the rendered page):

1. the desk list under several filters and sorts, their first page and a late one;
2. a full-text search (English words, Korean titles by a syllable or three, credits);
3. the edition dashboard (`lists_dashboard.measure_dashboard`);
4. one bulk action recording decisions for 1,000 entries (`lists_decide.measure_bulk_decide`);
5. importing a 5,000-row FilmFreeway export into a new edition (`lists_import.measure_import`).

Each request `--runs` times; p95 in milliseconds. Progress goes to stderr; the last line of
stdout is one JSON object: {"submissions", "list_p95_ms", "dashboard_p95_ms", "search_p95_ms",
"bulk_decide_1000_s", "import_rows_per_s"} (wall clock), with
the median and the CPU-time p95s beside them (the same requests without the wait for a core
on a shared machine; with PostgreSQL the server's own work is not in them).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.festival_data import make_festival
from bench.lists_dashboard import measure_dashboard
from bench.lists_decide import measure_bulk_decide
from bench.lists_import import measure_import
from festival import create_app
from festival.config import normalise_database_url
from festival.extensions import db

LISTS = (
    {},
    {"sort": "-jury"},
    {"status": "in_consideration", "sort": "-calibrated"},
    {"category": "2", "sort": "title"},
    {"country": "KR", "ai_min": "20", "sort": "-ai_share"},
    {"extent": "voice_dialogue:partly_generated", "qc": "warn", "sort": "runtime"},
    {"rating_min": "6", "fee": "paid", "sort": "-rating"},
    {"tool": "sora", "language": "ko", "sort": "filmmaker"},
    {"conflicts": "yes", "deadline": "1"},
)
SEARCHES = ("forecast", "garden machine", "바다", "서울 밤", "과수원", "Durand", "min")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def app_for(instance: Path):
    url = os.environ.get("DATABASE_URL")
    settings = {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "bench",
        "AUTO_UPGRADE_DATABASE": False,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(url)
        if url
        else f"sqlite:///{instance / 'bench.db'}",
        "HUEY_SQLITE_PATH": str(instance / "queue.db"),
        "MEDIA_ROOT": str(instance / "media"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    app = create_app(settings)
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def signed_in_client(app, staff_id: int):
    from festival.accounts.models import User

    client = app.test_client()
    with app.app_context():
        token = db.session.get(User, staff_id).session_token
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return client


def timed(client, url: str, runs: int, cpu: list[float]) -> list[float]:
    """Wall-clock milliseconds of each run; the process's CPU milliseconds go to `cpu` (on a
    shared machine they show the cost of the request without the wait for a core)."""
    timings = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    return timings


DECIDED = 1_000


def decidable_ids(edition_id: int, count: int) -> list[int]:
    """`count` entries of the edition still under consideration, for the bulk decision."""
    from festival.submissions.enums import SubmissionStatus
    from festival.submissions.models import Submission

    open_to_decide = (
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.IN_CONSIDERATION,
        SubmissionStatus.SHORTLISTED,
    )
    return list(
        db.session.scalars(
            db.select(Submission.id)
            .where(Submission.edition_id == edition_id, Submission.status.in_(open_to_decide))
            .order_by(Submission.id)
            .limit(count)
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=5_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = app_for(Path(folder))
        where = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
        print(f"building {options.submissions} submissions on {where}", file=sys.stderr)
        festival = make_festival(app, options.submissions)
        client = signed_in_client(app, festival.staff_id)
        desk = f"/manage/editions/{festival.edition_id}/desk"
        late = festival.submissions // 50 - 5
        lists, searches, lists_cpu, searches_cpu = [], [], [], []
        for args in LISTS:
            for page in (1, late):
                url = f"{desk}?{urlencode(args | {'page': page})}"
                timings = timed(client, url, options.runs, lists_cpu)
                lists += timings
                print(f"  list {url}: p95 {percentile(timings, 0.95):.1f} ms", file=sys.stderr)
        for query in SEARCHES:
            url = f"{desk}?{urlencode({'q': query})}"
            timings = timed(client, url, options.runs, searches_cpu)
            searches += timings
            print(f"  search {query!r}: p95 {percentile(timings, 0.95):.1f} ms", file=sys.stderr)
        dashboard_p95 = measure_dashboard(app, festival.edition_id)
        print(f"  dashboard: p95 {dashboard_p95:.1f} ms", file=sys.stderr)
        with app.app_context():
            chosen = decidable_ids(festival.edition_id, DECIDED)
        bulk_s = measure_bulk_decide(app, chosen)
        print(f"  bulk decision of {len(chosen)} entries: {bulk_s:.2f} s", file=sys.stderr)
        imported = measure_import(app, rows=options.import_rows)
        print(f"  import of {options.import_rows} rows: {imported['import_s']} s", file=sys.stderr)
        result = {
            "submissions": festival.submissions,
            "list_p95_ms": round(percentile(lists, 0.95), 1),
            "dashboard_p95_ms": round(dashboard_p95, 1),
            "search_p95_ms": round(percentile(searches, 0.95), 1),
            "bulk_decide_1000_s": round(bulk_s, 2),
            "import_rows_per_s": imported["import_rows_per_s"],
            "list_median_ms": round(statistics.median(lists), 1),
            "list_cpu_p95_ms": round(percentile(lists_cpu, 0.95), 1),
            "search_cpu_p95_ms": round(percentile(searches_cpu, 0.95), 1),
            "import_s": imported["import_s"],
            "database": where,
        }
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        print(json.dumps(result))


if __name__ == "__main__":
    main()
