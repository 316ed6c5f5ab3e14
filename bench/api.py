"""How fast the JSON API answers at festival scale.

Builds a festival of `--submissions` entries (20,000 by default; `festival_data.make_festival`)
in a temporary SQLite database, or in the PostgreSQL database `DATABASE_URL` names (emptied
first), then times, in-process through the WSGI app (the Flask test client, with a personal
access token as a client sends it: routing, the token, its audit, the queries, the JSON):

1. the desk's list (`GET /api/v1/editions/<id>/desk`) under several filters, sorts and
   searches: the first page, and a cursor page resuming deep in the list (19,000 rows in);
2. a juror's review saved as a draft (`PUT /api/v1/assignments/<id>/review`), each save
   with the ETag of the one before in If-Match, as an autosaving client does;
3. the OpenAPI document: how many paths it has.

Each list `--runs` times, `--saves` draft saves; p95 in milliseconds (wall clock, with the
process's CPU-time p95 beside it: the same requests without the wait for a core on a shared
machine). Progress goes to stderr; the last line of stdout is one JSON object:
{"list_p95_ms", "review_save_p95_ms", "openapi_paths", ...}. Goals (issue 17): the list
p95 < 100 ms, a review save p95 < 50 ms.
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
from bench.lists import LISTS as DESK_LISTS
from bench.lists import app_for, percentile
from festival.api.tokens import services as tokens
from festival.api.tokens.enums import READ_AND_WRITE
from festival.database import utcnow
from festival.extensions import db

LISTS = (
    *DESK_LISTS,
    {"q": "garden machine"},
    {"q": "바다", "sort": "-submitted"},
)
DEEP = 19_000
"""Where the cursor page resumes: past this many rows of the list (or near its end)."""


def bearer(user_id: int) -> dict:
    """A new read-and-write token of the user, as the header that sends it."""
    from festival.accounts.models import User

    user = db.session.get(User, user_id)
    _token, secret = tokens.create_token(
        user, name="bench", scopes=READ_AND_WRITE, now=utcnow(), expires_at=None
    )
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def deep_cursor(edition_id: int, args: dict) -> str | None:
    """The cursor the list would give after its row at `DEEP` (or near its end)."""
    from festival.api.desk import cursor_of
    from festival.editions.models import Edition
    from festival.programming import desk
    from festival.programming.models import DeskRow

    edition = db.session.get(Edition, edition_id)
    parsed = desk.parse_filters(edition, args)
    ids = desk.matching_ids(edition, parsed)
    if len(ids) < 2:
        return None
    row = db.session.get(DeskRow, ids[min(DEEP, len(ids) - 2)])
    return cursor_of(parsed, row)


def draft_assignment(round_id: int) -> tuple[int, int]:
    """An assignment of the jury round whose juror has no conflict with the film, its review
    turned back into a draft: (assignment id, juror id)."""
    from festival.judging.enums import ReviewState
    from festival.judging.models import Assignment, Conflict, Review, RoundEntry
    from festival.submissions.models import Submission

    conflicted = db.select(Conflict.id).where(
        Conflict.juror_id == Assignment.reviewer_id, Conflict.film_id == Submission.film_id
    )
    assignment_id, juror_id = db.session.execute(
        db.select(Assignment.id, Assignment.reviewer_id)
        .join(RoundEntry, RoundEntry.id == Assignment.entry_id)
        .join(Submission, Submission.id == RoundEntry.submission_id)
        .where(Assignment.round_id == round_id, ~conflicted.exists())
        .order_by(Assignment.id)
        .limit(1)
    ).one()
    db.session.execute(
        db.update(Review)
        .where(Review.assignment_id == assignment_id)
        .values(state=ReviewState.DRAFT, submitted_at=None)
    )
    db.session.commit()
    return assignment_id, juror_id


def timed(client, method: str, url: str, headers: dict, cpu: list[float], **options):
    started, started_cpu = time.perf_counter(), time.process_time()
    response = client.open(url, method=method, headers=headers, **options)
    elapsed = (time.perf_counter() - started) * 1000
    cpu.append((time.process_time() - started_cpu) * 1000)
    if response.status_code != 200:
        raise SystemExit(
            f"{method} {url}: {response.status_code} {response.get_data(as_text=True)}"
        )
    return elapsed, response


def measure_lists(app, client, headers, edition_id: int, runs: int) -> tuple[list, list]:
    base = f"/api/v1/editions/{edition_id}/desk"
    timings, cpu = [], []
    for args in LISTS:
        with app.app_context():
            cursor = deep_cursor(edition_id, args)
        pages = [args] + ([args | {"cursor": cursor}] if cursor else [])
        for query in pages:
            url = f"{base}?{urlencode(query)}"
            these = [timed(client, "GET", url, headers, cpu)[0] for _ in range(runs)]
            timings += these
            label = "cursor page" if "cursor" in query else "first page"
            print(f"  list {args} {label}: p95 {percentile(these, 0.95):.1f} ms", file=sys.stderr)
    return timings, cpu


def measure_review_saves(client, headers, assignment_id: int, saves: int, criteria: list[int]):
    url = f"/api/v1/assignments/{assignment_id}/review"
    _elapsed, current = timed(client, "GET", url, headers, [])
    etag = current.headers["ETag"]
    timings, cpu = [], []
    for n in range(saves):
        body = {
            "scores": {str(c): 1 + (n + i) % 10 for i, c in enumerate(criteria)},
            "comment": f"Draft {n}: the sound design carries the second act.",
        }
        elapsed, response = timed(client, "PUT", url, headers | {"If-Match": etag}, cpu, json=body)
        etag = response.headers["ETag"]
        timings.append(elapsed)
    return timings, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--saves", type=int, default=100)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = app_for(Path(folder))
        where = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
        print(f"building {options.submissions} submissions on {where}", file=sys.stderr)
        festival = make_festival(app, options.submissions)
        client = app.test_client()
        with app.app_context():
            staff = bearer(festival.staff_id)
            assignment_id, juror_id = draft_assignment(festival.jury_round_id)
            juror = bearer(juror_id)
            from festival.judging.models import Criterion

            criteria = list(
                db.session.scalars(
                    db.select(Criterion.id).where(Criterion.round_id == festival.jury_round_id)
                )
            )
        lists, lists_cpu = measure_lists(app, client, staff, festival.edition_id, options.runs)
        saves, saves_cpu = measure_review_saves(
            client, juror, assignment_id, options.saves, criteria
        )
        print(f"  review draft saves: p95 {percentile(saves, 0.95):.1f} ms", file=sys.stderr)
        document = client.get("/api/v1/openapi.json").json
        result = {
            "list_p95_ms": round(percentile(lists, 0.95), 1),
            "review_save_p95_ms": round(percentile(saves, 0.95), 1),
            "openapi_paths": len(document["paths"]),
            "submissions": festival.submissions,
            "list_median_ms": round(statistics.median(lists), 1),
            "list_cpu_p95_ms": round(percentile(lists_cpu, 0.95), 1),
            "review_save_median_ms": round(statistics.median(saves), 1),
            "review_save_cpu_p95_ms": round(percentile(saves_cpu, 0.95), 1),
            "openapi_operations": sum(
                1
                for item in document["paths"].values()
                for method in item
                if method in {"get", "put", "post", "patch", "delete"}
            ),
            "database": where,
        }
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        print(json.dumps(result))


if __name__ == "__main__":
    main()
