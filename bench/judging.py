"""How fast judging ranks a large round and assigns it.

1. Ranking: a round of 5,000 films × 3 reviews × 6 weighted criteria, 60 jurors of varying
   leniency, ranked by every method (weighted mean, juror-normalised, calibrated with
   intervals, ranks per category, disagreement, distributions): median of 7 runs of
   `judging.aggregation.rank_round`, the function the results page calls.
2. Assignment: 5,000 films × 3 reviews to 60 jurors with 2% random conflicts, through
   `judging.assignment.plan_assignments` (min-cost flow): median of 3 runs, and the spread
   between the most and the least loaded juror.

Makes its own data (seeded, so every run sees the same round). Last line: one JSON object.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival.judging.aggregation import CriterionSpec, EntryInput, ReviewInput, rank_round
from festival.judging.assignment import BlockReason, FilmSpec, JurorSpec, plan_assignments

FILMS = 5_000
REVIEWS_PER_FILM = 3
CRITERIA = 6
JURORS = 60
CONFLICT_SHARE = 0.02
CATEGORIES = 4


def ranking_round(rng):
    criteria = [
        CriterionSpec(id=c + 1, weight=w, scale_min=1, scale_max=10)
        for c, w in enumerate((30, 20, 20, 10, 10, 10)[:CRITERIA])
    ]
    entries = [
        EntryInput(entry_id=f + 1, group=f % CATEGORIES, needed=REVIEWS_PER_FILM, order_key=(f,))
        for f in range(FILMS)
    ]
    quality = rng.normal(6, 1.5, FILMS)
    leniency = rng.normal(0, 1, JURORS)
    reviews = []
    review_id = 0
    for f in range(FILMS):
        for juror in rng.choice(JURORS, REVIEWS_PER_FILM, replace=False):
            review_id += 1
            base = quality[f] + leniency[juror]
            values = np.clip(np.rint(base + rng.normal(0, 1, CRITERIA)), 1, 10)
            reviews.append(
                ReviewInput(
                    review_id=review_id,
                    entry_id=f + 1,
                    juror_id=int(juror) + 1,
                    scores={c.id: float(v) for c, v in zip(criteria, values, strict=True)},
                )
            )
    return criteria, entries, reviews


def assignment_round(rng):
    films = [
        FilmSpec(entry_id=f + 1, group=f % CATEGORIES, needed=REVIEWS_PER_FILM)
        for f in range(FILMS)
    ]
    jurors = [JurorSpec(juror_id=j + 1) for j in range(JURORS)]
    conflicted = rng.random((FILMS, JURORS)) < CONFLICT_SHARE
    blocked = {
        (int(f) + 1, int(j) + 1): BlockReason.CONFLICT
        for f, j in zip(*np.nonzero(conflicted), strict=True)
    }
    return films, jurors, blocked


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    rng = np.random.default_rng(2026)
    print(
        f"ranking: {FILMS} films x {REVIEWS_PER_FILM} reviews x {CRITERIA} criteria, "
        f"{JURORS} jurors"
    )
    criteria, entries, reviews = ranking_round(rng)
    ranking_s, ranking = timed(lambda: rank_round(criteria, entries, reviews), 7)
    print(f"  {ranking_s * 1000:.1f} ms (median of 7); {len(ranking.films)} films ranked")
    print(
        f"assignment: {FILMS} films x {REVIEWS_PER_FILM} to {JURORS} jurors, "
        f"{CONFLICT_SHARE:.0%} conflicts"
    )
    films, jurors, blocked = assignment_round(rng)
    assignment_s, plan = timed(lambda: plan_assignments(films, jurors, blocked), 3)
    print(
        f"  {assignment_s:.2f} s (median of 3); {plan.assigned_count} pairs, "
        f"{len(plan.shortfalls)} films short, {len(blocked)} conflicts"
    )
    planned_conflicts = sum(1 for pair in plan.pairs if pair in blocked)
    print(
        json.dumps(
            {
                "ranking_ms": round(ranking_s * 1000, 1),
                "assignment_s": round(assignment_s, 3),
                "load_spread": plan.load_spread,
                "films": FILMS,
                "reviews": len(reviews),
                "criteria": CRITERIA,
                "jurors": JURORS,
                "assigned_pairs": plan.assigned_count,
                "films_short": len(plan.shortfalls),
                "conflicted_pairs_planned": planned_conflicts,
            }
        )
    )


if __name__ == "__main__":
    main()
