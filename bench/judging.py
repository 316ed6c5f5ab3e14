"""How fast judging ranks a large round and assigns it.

1. Ranking: a round of films × reviews × weighted criteria, jurors of varying leniency,
   ranked by every method (weighted mean, juror-normalised, calibrated with intervals, ranks
   per category, disagreement, distributions): median of 7 runs of
   `judging.aggregation.rank_round`, the function the results page calls.
2. Assignment: the same films × reviews to the jurors with 2% random conflicts, through
   `judging.assignment.plan_assignments` (min-cost flow): median of 3 runs, and the spread
   between the most and the least loaded juror.

The sizes are arguments (`--films 20000 --jurors 200 --reviews 3 --criteria 6`, the festival
scale of issue 13 by default). Makes its own data (seeded, so every run sees the same round).
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from festival.judging.aggregation import CriterionSpec, EntryInput, ReviewInput, rank_round
from festival.judging.assignment import BlockReason, FilmSpec, JurorSpec, plan_assignments

FILMS = 20_000
REVIEWS_PER_FILM = 3
CRITERIA = 6
JURORS = 200
WEIGHTS = (30, 20, 20, 10, 10, 10)
"""The criteria's weights, repeated when there are more criteria than weights."""
CONFLICT_SHARE = 0.02
CATEGORIES = 4


@dataclass(frozen=True)
class Sizes:
    films: int = FILMS
    reviews: int = REVIEWS_PER_FILM
    criteria: int = CRITERIA
    jurors: int = JURORS


def ranking_round(rng, sizes: Sizes):
    criteria = [
        CriterionSpec(id=c + 1, weight=WEIGHTS[c % len(WEIGHTS)], scale_min=1, scale_max=10)
        for c in range(sizes.criteria)
    ]
    entries = [
        EntryInput(entry_id=f + 1, group=f % CATEGORIES, needed=sizes.reviews, order_key=(f,))
        for f in range(sizes.films)
    ]
    quality = rng.normal(6, 1.5, sizes.films)
    leniency = rng.normal(0, 1, sizes.jurors)
    reviews = []
    review_id = 0
    for f in range(sizes.films):
        for juror in rng.choice(sizes.jurors, sizes.reviews, replace=False):
            review_id += 1
            base = quality[f] + leniency[juror]
            values = np.clip(np.rint(base + rng.normal(0, 1, sizes.criteria)), 1, 10)
            reviews.append(
                ReviewInput(
                    review_id=review_id,
                    entry_id=f + 1,
                    juror_id=int(juror) + 1,
                    scores={c.id: float(v) for c, v in zip(criteria, values, strict=True)},
                )
            )
    return criteria, entries, reviews


def assignment_round(rng, sizes: Sizes):
    films = [
        FilmSpec(entry_id=f + 1, group=f % CATEGORIES, needed=sizes.reviews)
        for f in range(sizes.films)
    ]
    jurors = [JurorSpec(juror_id=j + 1) for j in range(sizes.jurors)]
    conflicted = rng.random((sizes.films, sizes.jurors)) < CONFLICT_SHARE
    blocked = {
        (int(f) + 1, int(j) + 1): BlockReason.CONFLICT
        for f, j in zip(*np.nonzero(conflicted), strict=True)
    }
    return films, jurors, blocked


def timed(function, runs: int) -> tuple[float, float, object]:
    """The median seconds and median CPU seconds of `runs` calls (the CPU time is what a
    machine shared with other work does not inflate), and the last result."""
    times, cpu_times, result = [], [], None
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    return statistics.median(times), statistics.median(cpu_times), result


def parse_sizes(argv: list[str] | None = None) -> Sizes:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=FILMS)
    parser.add_argument("--reviews", type=int, default=REVIEWS_PER_FILM, help="per film")
    parser.add_argument("--criteria", type=int, default=CRITERIA)
    parser.add_argument("--jurors", type=int, default=JURORS)
    args = parser.parse_args(argv)
    return Sizes(films=args.films, reviews=args.reviews, criteria=args.criteria, jurors=args.jurors)


def main(argv: list[str] | None = None) -> None:
    sizes = parse_sizes(argv)
    rng = np.random.default_rng(2026)
    print(
        f"ranking: {sizes.films} films x {sizes.reviews} reviews x {sizes.criteria} criteria, "
        f"{sizes.jurors} jurors"
    )
    criteria, entries, reviews = ranking_round(rng, sizes)
    ranking_s, ranking_cpu_s, ranking = timed(lambda: rank_round(criteria, entries, reviews), 7)
    print(
        f"  {ranking_s * 1000:.1f} ms, {ranking_cpu_s * 1000:.1f} ms CPU (medians of 7); "
        f"{len(ranking.films)} films ranked"
    )
    print(
        f"assignment: {sizes.films} films x {sizes.reviews} to {sizes.jurors} jurors, "
        f"{CONFLICT_SHARE:.0%} conflicts"
    )
    films, jurors, blocked = assignment_round(rng, sizes)
    assignment_s, assignment_cpu_s, plan = timed(
        lambda: plan_assignments(films, jurors, blocked), 3
    )
    print(
        f"  {assignment_s:.2f} s, {assignment_cpu_s:.2f} s CPU (medians of 3); "
        f"{plan.assigned_count} pairs, "
        f"{len(plan.shortfalls)} films short, {len(blocked)} conflicts"
    )
    planned_conflicts = sum(1 for pair in plan.pairs if pair in blocked)
    print(
        json.dumps(
            {
                "ranking_ms": round(ranking_s * 1000, 1),
                "ranking_cpu_ms": round(ranking_cpu_s * 1000, 1),
                "assignment_s": round(assignment_s, 3),
                "assignment_cpu_s": round(assignment_cpu_s, 3),
                "load_spread": plan.load_spread,
                "films": sizes.films,
                "reviews": len(reviews),
                "criteria": sizes.criteria,
                "jurors": sizes.jurors,
                "assigned_pairs": plan.assigned_count,
                "films_short": len(plan.shortfalls),
                "conflicted_pairs_planned": planned_conflicts,
            }
        )
    )


if __name__ == "__main__":
    main()
