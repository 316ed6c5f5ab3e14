"""How fast the schedule's conflicts are checked at the issue's scale: a festival of
`--films` selected films (`festival_data.make_festival`, then `programme_data.make_programme`:
80 blocks, 400 screenings in 12 venues over 10 days), in a temporary SQLite database or the
PostgreSQL database `DATABASE_URL` names (emptied first).

Times, `--runs` times, checking every conflict of the edition after one change (a screening
moved by the service, then `conflicts.edition_facts(...).conflicts()`: the loader's queries
and the sweep), as the schedule's pages do after a save. Progress goes to stderr; the last
line of stdout is one JSON object: {"films", "screenings", "conflicts", "conflict_check_ms"}
(p95, wall clock) with the median beside it, and "move_and_check_ms" (p95 of the move, its
commit and the check together)."""

from __future__ import annotations

import argparse
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
from festival.extensions import db
from festival.programming import conflicts, scheduling
from festival.programming.models.programme import Screening, Venue


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
    print(
        json.dumps(
            {
                "films": programme.films,
                "screenings": programme.screenings,
                "conflicts": found,
                "conflict_check_ms": round(percentile(timings, 0.95), 1),
                "conflict_check_median_ms": round(statistics.median(timings), 1),
                "move_and_check_ms": round(percentile(with_save, 0.95), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
