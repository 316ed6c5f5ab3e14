"""How fast the schedule's conflicts are checked at the issue's scale: a festival of
`--films` selected films (`festival_data.make_festival`, then `programme_data.make_programme`:
80 blocks, 400 screenings in 12 venues over 10 days), in a temporary SQLite database or the
PostgreSQL database `DATABASE_URL` names (emptied first).

Times, `--runs` times, checking every conflict of the edition after one change (a screening
moved by the service, then `conflicts.edition_facts(...).conflicts()`: the loader's queries
and the sweep), as the schedule's pages do after a save. Progress goes to stderr; the last
line of stdout is one JSON object: {"films", "screenings", "conflicts", "conflict_check_ms",
"public_page_p95_ms", "ics_ms"}
(p95, wall clock) with the median beside it, and "move_and_check_ms" (p95 of the move, its
commit and the check together).

Then every screening is confirmed and the programme published (`publishing.publish`, which
checks each film is released-selected), and the public side is timed through the Flask test
client, as an anonymous visitor in English and in Korean: the programme by day (all 400
screenings on one page), by venue, by section, five block pages and five film pages
("public_page_p95_ms", p95 over them all), and the full iCalendar feed ("ics_ms", p95)."""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.festival_data import make_festival
from bench.lists import app_for, percentile
from bench.programme_data import FIRST_DAY, make_programme
from festival.editions.models import Edition
from festival.extensions import db
from festival.programming import conflicts, publishing, scheduling
from festival.programming.models.programme import Block, BlockFilm, Screening, Venue
from festival.submissions.models import Submission


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--films", type=int, default=300)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as instance:
        app = app_for(Path(instance))
        festival = make_festival(app, submissions=max(args.films, 300))
        with app.app_context():
            programme = make_programme(festival.edition_id, films=args.films)
            print(
                f"  programme: {programme.films} films, {programme.screenings} screenings",
                file=sys.stderr,
            )
            timings, with_save = [], []
            found = 0
            for run in range(args.runs):
                screening = db.session.get(Screening, programme.screening_ids[run])
                venue = db.session.get(Venue, programme.venue_ids[run % len(programme.venue_ids)])
                started = time.perf_counter()
                scheduling.move(
                    screening,
                    venue=venue,
                    day=FIRST_DAY if run % 2 else date(2027, 7, 11),
                    at=clock(9, 0),
                    revision=screening.revision,
                    actor=None,
                )
                db.session.commit()
                checked = time.perf_counter()
                found = len(conflicts.edition_facts(festival.edition_id).conflicts())
                done = time.perf_counter()
                timings.append((done - checked) * 1000)
                with_save.append((done - started) * 1000)
            public = time_public_side(app, festival.edition_id, args.runs)
    print(
        json.dumps(
            {
                "films": programme.films,
                "screenings": programme.screenings,
                "conflicts": found,
                "conflict_check_ms": round(percentile(timings, 0.95), 1),
                "conflict_check_median_ms": round(statistics.median(timings), 1),
                "move_and_check_ms": round(percentile(with_save, 0.95), 1),
                **public,
            }
        )
    )


def time_public_side(app, edition_id: int, runs: int) -> dict:
    db.session.execute(
        db.update(Screening).where(Screening.edition_id == edition_id).values(state="confirmed")
    )
    edition = db.session.get(Edition, edition_id)
    publishing.publish(edition, actor=None)
    db.session.commit()
    base = f"/programme/{edition.slug}"
    block_ids = db.session.scalars(
        db.select(Block.id).where(Block.edition_id == edition_id).order_by(Block.id).limit(5)
    ).all()
    film_ids = db.session.scalars(
        db.select(Submission.film_id)
        .join(BlockFilm, BlockFilm.submission_id == Submission.id)
        .where(BlockFilm.block_id.in_(block_ids))
        .limit(5)
    ).all()
    pages = [f"{base}/", f"{base}/venues", f"{base}/sections"]
    pages += [f"{base}/blocks/{block_id}" for block_id in block_ids]
    pages += [f"{base}/films/{film_id}" for film_id in film_ids]
    client = app.test_client()
    client.get(f"{base}/")  # the templates compiled, as a served app's first request does
    gc.collect()
    gc.freeze()  # as app.py does for the served app
    page_timings = []
    for url in pages:
        timings = timed_gets(client, url, runs)
        page_timings += timings
        print(f"  {url}: p95 {percentile(timings, 0.95):.1f} ms", file=sys.stderr)
    ics = timed_gets(client, f"{base}/calendar.ics", runs)
    print(f"  calendar.ics: p95 {percentile(ics, 0.95):.1f} ms", file=sys.stderr)
    return {
        "public_page_p95_ms": round(percentile(page_timings, 0.95), 1),
        "public_page_median_ms": round(statistics.median(page_timings), 1),
        "ics_ms": round(percentile(ics, 0.95), 1),
    }


def timed_gets(client, url: str, runs: int) -> list[float]:
    """Milliseconds of each GET, half of them asking for Korean."""
    timings = []
    for run in range(runs):
        language = "ko" if run % 2 else "en"
        started = time.perf_counter()
        response = client.get(url, headers={"Accept-Language": language})
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    return timings


if __name__ == "__main__":
    main()
