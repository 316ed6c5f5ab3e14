"""The fair ranking of a jury round: weighted review scores, juror normalisation, the
calibrated additive model, ranks, tie-breaks and distributions (pure arithmetic, no db)."""

from __future__ import annotations

import math
from dataclasses import astuple

import numpy as np
import pytest

from festival.judging import aggregation
from festival.judging.aggregation import (
    DISPUTED_RANGE_SHARE,
    TIE_RULE,
    CriterionSpec,
    EntryInput,
    Method,
    ReviewInput,
    rank_round,
)
from festival.judging.scale import weighted_total

ONE_TO_TEN = [CriterionSpec(id=1, weight=1.0, scale_min=1, scale_max=10)]


def entry(entry_id, group=1, needed=2, order_key=None):
    return EntryInput(entry_id, group, needed, order_key or (f"2025-01-01T00:00:{entry_id:02d}",))


class Reviews:
    """Builds ReviewInputs with consecutive ids; a number scores criterion 1."""

    def __init__(self):
        self.items = []

    def add(self, entry_id, juror_id, scores):
        if not isinstance(scores, dict):
            scores = {1: scores}
        self.items.append(ReviewInput(len(self.items) + 1, entry_id, juror_id, scores))
        return self


def films_by_entry(ranking):
    return {film.entry_id: film for film in ranking.films}


def all_numbers(ranking):
    """Every float in the result, for the no-NaN checks."""
    numbers = [ranking.scale_min, ranking.scale_max, ranking.noise_sd]
    numbers += list(ranking.review_scores.values())
    for film in ranking.films:
        numbers += [film.mean, film.median, film.spread, film.low, film.high, film.normalised]
        numbers += [film.calibrated, film.interval_low, film.interval_high]
    for juror in ranking.jurors:
        numbers += [juror.mean, juror.sd, juror.offset, juror.normalised_shift]
    return [n for n in numbers if n is not None]


def assert_sane(ranking):
    assert all(math.isfinite(n) for n in all_numbers(ranking))
    for film in ranking.films:
        for value in (film.mean, film.normalised, film.calibrated):
            if value is not None:
                assert ranking.scale_min <= value <= ranking.scale_max
        if film.calibrated is not None:
            assert ranking.scale_min <= film.interval_low <= film.calibrated
            assert film.calibrated <= film.interval_high <= ranking.scale_max


def synthetic_round(seed, films=120, jurors=12, per_film=3, noise=0.8):
    """Films of known quality, jurors of known offset, noisy scores on two criteria (1–10)."""
    rng = np.random.default_rng(seed)
    criteria = [CriterionSpec(1, 2.0, 1, 10), CriterionSpec(2, 1.0, 1, 10)]
    quality = rng.uniform(3, 8, films)
    offsets = rng.normal(0, 1, jurors)
    entries = [entry(f, group=f % 3, needed=per_film) for f in range(films)]
    reviews = Reviews()
    for f in range(films):
        for j in rng.choice(jurors, per_film, replace=False):
            values = np.clip(np.rint(quality[f] + offsets[j] + rng.normal(0, noise, 2)), 1, 10)
            reviews.add(f, int(j), {1: float(values[0]), 2: float(values[1])})
    return criteria, entries, reviews.items


def test_weighted_score_uses_unequal_weights_and_leaves_out_missing_criteria():
    criteria = [
        CriterionSpec(1, 3.0, 1, 10),
        CriterionSpec(2, 1.0, 1, 10),
        CriterionSpec(3, 0.0, 1, 10),
    ]
    reviews = (
        Reviews()
        .add(1, 1, {1: 10, 2: 1})  # (3 × 1 + 1 × 0) / 4 = 0.75 → 7.75
        .add(1, 2, {2: 4})  # criterion 1 left out, not a zero: 1/3 → 4.0
        .add(1, 3, {1: 15, 2: 1, 3: 1})  # clipped to 10; the zero weight counts for nothing
        .add(1, 4, {})  # nothing scored
        .add(1, 5, {3: 9})  # only a criterion without weight
        .add(1, 6, {1: float("nan"), 2: 10})  # a NaN counts as missing
    )
    ranking = rank_round(criteria, [entry(1)], reviews.items)

    assert (ranking.scale_min, ranking.scale_max) == (1.0, 10.0)
    assert ranking.review_scores == {1: 7.75, 2: 4.0, 3: 7.75, 4: None, 5: None, 6: 10.0}
    film = ranking.films[0]
    assert film.count == 4
    assert film.mean == pytest.approx((7.75 + 4.0 + 7.75 + 10.0) / 4, abs=1e-4)


def test_criteria_on_different_scales_are_shown_on_0_to_100():
    criteria = [CriterionSpec(1, 1.0, 1, 5), CriterionSpec(2, 1.0, 0, 10)]
    reviews = Reviews().add(1, 1, {1: 5, 2: 5}).add(1, 2, {1: 1})
    ranking = rank_round(criteria, [entry(1)], reviews.items)

    assert (ranking.scale_min, ranking.scale_max) == (0.0, 100.0)
    assert ranking.review_scores == {1: 75.0, 2: 0.0}
    assert ranking.films[0].mean == 37.5


def test_a_single_review_in_the_round_normalises_and_calibrates_to_itself():
    ranking = rank_round(ONE_TO_TEN, [entry(1), entry(2)], Reviews().add(1, 7, 6).items)

    assert_sane(ranking)
    film = films_by_entry(ranking)[1]
    assert film.mean == film.normalised == film.calibrated == 6.0
    assert film.spread == 0.0
    assert film.interval_low < 6.0 < film.interval_high
    assert ranking.noise_sd == pytest.approx(9 / 6, abs=1e-4)  # the prior alone
    (juror,) = ranking.jurors
    assert (juror.count, juror.offset, juror.normalised_shift, juror.sd) == (1, 0.0, 0.0, 0.0)


def test_a_juror_who_gives_everyone_the_same_score_gets_no_nan():
    same = Reviews().add(1, 1, 7).add(2, 1, 7).add(3, 1, 7)
    alone = rank_round(ONE_TO_TEN, [entry(1), entry(2), entry(3)], same.items)
    assert_sane(alone)
    assert {(f.mean, f.normalised, f.calibrated) for f in alone.films} == {(7.0, 7.0, 7.0)}
    assert alone.jurors[0].sd == 0.0

    reviews = Reviews()
    for film in range(1, 6):
        reviews.add(film, 1, 7).add(film, 2, 2 * film - 1)
    mixed = rank_round(ONE_TO_TEN, [entry(f) for f in range(1, 6)], reviews.items)
    assert_sane(mixed)
    flat = {r.review_id: r for r in reviews.items if r.juror_id == 1}
    assert len({mixed.review_scores[review_id] for review_id in flat}) == 1


def test_a_juror_who_scored_only_one_film_stays_finite_and_on_the_scale():
    reviews = Reviews()
    for film in range(1, 7):
        reviews.add(film, 1, 3 + film % 4).add(film, 2, 4 + film % 3)
    reviews.add(1, 3, 1)  # juror 3 saw one film and hated it
    ranking = rank_round(ONE_TO_TEN, [entry(f) for f in range(1, 7)], reviews.items)

    assert_sane(ranking)
    once = next(j for j in ranking.jurors if j.juror_id == 3)
    assert once.count == 1 and once.sd == 0.0
    assert once.offset < 0 and once.normalised_shift < 0


def harsh_and_lenient_round():
    """Jurors 1 (harsh, −2) and 2 (lenient, +2) share 20 films; film 101 (quality 8) is seen only
    by the harsh juror, film 102 (quality 7) only by the lenient one, and films 103 and 104 (both
    quality 7.5) likewise."""
    reviews = Reviews()
    for film, quality in enumerate(np.linspace(3, 8, 20), start=1):
        reviews.add(film, 1, float(quality) - 2).add(film, 2, float(quality) + 2)
    reviews.add(101, 1, 8 - 2).add(102, 2, 7 + 2).add(103, 1, 7.5 - 2).add(104, 2, 7.5 + 2)
    entries = [entry(f, needed=1) for f in [*range(1, 21), 101, 102, 103, 104]]
    return rank_round(ONE_TO_TEN, entries, reviews.items)


def test_normalised_and_calibrated_scores_undo_a_harsh_and_a_lenient_juror():
    ranking = harsh_and_lenient_round()
    films = films_by_entry(ranking)
    harsh, lenient = ranking.jurors

    assert harsh.offset < -1.5 and lenient.offset > 1.5
    assert harsh.normalised_shift < -1.5 and lenient.normalised_shift > 1.5
    # The better film, seen only by the harsh juror, loses on the plain mean...
    assert films[101].mean < films[102].mean
    assert films[101].ranks[Method.MEAN] > films[102].ranks[Method.MEAN]
    # ...and wins once the jurors' leniency is taken out.
    assert films[101].normalised > films[102].normalised
    assert films[101].calibrated > films[102].calibrated
    assert films[101].ranks[Method.CALIBRATED] < films[102].ranks[Method.CALIBRATED]
    assert films[101].position < films[102].position
    assert films[101].rank_gap > 0
    # Two equal films: the 4-point gap of the mean mostly disappears (λ_b shrinks the offsets,
    # so not all of it).
    mean_gap = films[104].mean - films[103].mean
    assert mean_gap == pytest.approx(4.0)
    assert abs(films[104].calibrated - films[103].calibrated) < 0.1 * mean_gap
    assert abs(films[104].normalised - films[103].normalised) < 0.2 * mean_gap


def test_calibrated_interval_is_wider_for_a_film_with_two_reviews_than_with_five():
    reviews = Reviews()
    for juror in range(1, 6):
        reviews.add(1, juror, 5 + juror % 3)
        reviews.add(3, juror, 4 + juror % 2)
    reviews.add(2, 1, 6).add(2, 2, 7)
    ranking = rank_round(ONE_TO_TEN, [entry(f) for f in (1, 2, 3)], reviews.items)

    assert_sane(ranking)
    films = films_by_entry(ranking)
    five, two = films[1], films[2]
    assert (five.count, two.count) == (5, 2)
    assert two.interval_high - two.interval_low > five.interval_high - five.interval_low
    assert ranking.noise_sd > 0


def test_equal_scores_share_a_rank_and_the_next_rank_is_skipped():
    reviews = Reviews()
    for film, score in [(1, 9), (2, 7), (3, 7), (4, 5)]:
        reviews.add(film, 1, score).add(film, 2, score)
    entries = [entry(1), entry(2, order_key=("b",)), entry(3, order_key=("a",)), entry(4)]
    ranking = rank_round(ONE_TO_TEN, entries, reviews.items)

    films = films_by_entry(ranking)
    for method in Method:
        assert [films[f].ranks[method] for f in (1, 2, 3, 4)] == [1, 2, 2, 4]
    # Equal on every score and count: the order key decides, whatever the entry ids.
    assert [f.entry_id for f in ranking.films] == [1, 3, 2, 4]
    assert [f.position for f in ranking.films] == [1, 2, 3, 4]
    assert ranking.tie_rule == TIE_RULE == "calibrated,normalised,mean,count,order_key"


def test_final_position_falls_back_to_normalised_then_count_then_order_key():
    # Films 1 and 2 get the same marks from the same jurors, swapped: equal mean and calibrated
    # score; juror 1 spreads widely and juror 2 narrowly, so juror 2's 8 means more.
    reviews = Reviews()
    for film, (wide, narrow) in {1: (8, 6), 2: (6, 8), 3: (2, 7), 4: (10, 6)}.items():
        reviews.add(film, 1, wide).add(film, 2, narrow)
    entries = [entry(f, order_key=(f,)) for f in (1, 2, 3, 4)]
    ranking = rank_round(ONE_TO_TEN, entries, reviews.items)
    films = films_by_entry(ranking)
    assert films[1].mean == films[2].mean
    assert films[1].calibrated == films[2].calibrated
    assert films[2].normalised > films[1].normalised
    assert films[2].position < films[1].position

    # Everyone gives 7: all scores tie, so more reviews first, then the order key.
    reviews = Reviews()
    for film, count in [(1, 2), (2, 3), (3, 2)]:
        for juror in range(count):
            reviews.add(film, juror, 7)
    entries = [entry(1, order_key=("b",)), entry(2, order_key=("c",)), entry(3, order_key=("a",))]
    ranking = rank_round(ONE_TO_TEN, entries, reviews.items)
    assert {f.calibrated for f in ranking.films} == {7.0}
    assert [f.entry_id for f in ranking.films] == [2, 3, 1]
    assert [f.ranks[Method.CALIBRATED] for f in ranking.films] == [1, 1, 1]


def test_films_without_a_usable_review_come_last_with_no_scores():
    reviews = Reviews().add(1, 1, 3).add(2, 1, {}).add(3, 2, 4).add(2, 3, {})
    entries = [entry(1), entry(2, order_key=("a",)), entry(3), entry(4, order_key=("b",))]
    ranking = rank_round(ONE_TO_TEN, entries, reviews.items)

    assert [f.entry_id for f in ranking.films] == [3, 1, 2, 4]
    for film in ranking.films[2:]:
        assert film.count == 0
        assert film.ranks == {Method.MEAN: None, Method.NORMALISED: None, Method.CALIBRATED: None}
        scores = [film.mean, film.median, film.spread, film.low, film.high, film.normalised]
        scores += [film.calibrated, film.interval_low, film.interval_high]
        assert scores == [None] * 9
        assert (film.rank_gap, film.is_disputed, film.is_complete) == (0, False, False)
    assert ranking.films[3].position == 4
    assert ranking.review_scores[2] is None
    assert [juror.juror_id for juror in ranking.jurors] == [1, 2]  # juror 3 scored nothing


def test_an_empty_round_has_no_scores():
    ranking = rank_round(ONE_TO_TEN, [entry(1)], [])
    assert ranking.noise_sd is None and ranking.round_mean is None
    assert ranking.films[0].position == 1 and ranking.films[0].count == 0
    assert ranking.jurors == []
    assert rank_round([], [], []).films == []


def test_ranks_and_positions_are_per_group():
    reviews = Reviews().add(1, 1, 9).add(2, 1, 4).add(3, 1, 6).add(4, 1, 2).add(5, 1, 5)
    entries = [
        entry(1, group="shorts"),
        entry(2, group=2),
        entry(3, group="shorts"),
        entry(4, group=2),
        entry(5, group=10),
    ]
    ranking = rank_round(ONE_TO_TEN, entries, reviews.items)

    assert ranking.groups() == [2, 10, "shorts"]
    assert [(f.group, f.entry_id, f.position) for f in ranking.films] == [
        (2, 2, 1),
        (2, 4, 2),
        (10, 5, 1),
        ("shorts", 1, 1),
        ("shorts", 3, 2),
    ]
    assert [f.ranks[Method.MEAN] for f in ranking.films] == [1, 2, 1, 1, 2]


def test_a_film_is_disputed_when_the_jurors_disagree_strongly():
    criteria = [CriterionSpec(1, 1.0, 0, 10)]
    reviews = Reviews()
    reviews.add(1, 1, 3).add(1, 2, 7)  # high − low = 4: exactly 0.4 of the range, not more
    reviews.add(2, 1, 3).add(2, 2, 7.5)
    reviews.add(3, 1, 0)  # one review is never disputed
    reviews.add(4, 1, 1).add(4, 2, 9).add(4, 3, 5)
    ranking = rank_round(criteria, [entry(f) for f in (1, 2, 3, 4)], reviews.items)

    films = films_by_entry(ranking)
    assert films[1].high - films[1].low == DISPUTED_RANGE_SHARE * 10
    assert [films[f].is_disputed for f in (1, 2, 3, 4)] == [False, True, False, True]
    assert films[4].spread == pytest.approx(math.sqrt(32 / 3), abs=1e-4)
    assert (films[4].median, films[4].low, films[4].high) == (5.0, 1.0, 9.0)
    assert [films[f].is_complete for f in (1, 2, 3, 4)] == [True, True, False, True]


def test_distributions_count_each_value_of_each_criterion():
    criteria = [CriterionSpec(1, 1.0, 1, 5), CriterionSpec(2, 0.0, 1, 3)]
    reviews = Reviews()
    for value in (1, 3, 3, 4.6, 2.5, 7):
        reviews.add(1, 1, {1: value})
    reviews.add(1, 2, {1: 2, 2: 3})
    reviews.add(1, 3, {2: 1})  # no usable score: not counted
    ranking = rank_round(criteria, [entry(1)], reviews.items)

    first, second = ranking.criteria
    assert first.criterion_id == 1
    assert first.counts == {1: 1, 2: 1, 3: 3, 4: 0, 5: 2}
    assert first.mean == pytest.approx((1 + 3 + 3 + 4.6 + 2.5 + 5 + 2) / 7, abs=1e-4)
    assert second.counts == {1: 0, 2: 0, 3: 1}
    assert second.mean == 3.0


def test_recomputing_gives_identical_results_whatever_the_input_order():
    criteria, entries, reviews = synthetic_round(seed=7)
    first = rank_round(criteria, entries, reviews)
    again = rank_round(criteria, entries, reviews)
    rng = np.random.default_rng(8)
    shuffled = rank_round(
        criteria,
        [entries[i] for i in rng.permutation(len(entries))],
        [reviews[i] for i in rng.permutation(len(reviews))],
    )

    assert_sane(first)
    assert repr(first) == repr(again) == repr(shuffled)
    assert astuple(first) == astuple(shuffled)
    assert list(first.review_scores) == sorted(first.review_scores)


def test_fitted_offsets_recover_known_juror_offsets():
    rng = np.random.default_rng(42)
    n_films, n_jurors, per_film = 400, 30, 6
    criteria = [CriterionSpec(1, 1.0, 0, 100)]
    quality = rng.uniform(30, 70, n_films)
    offsets = rng.normal(0, 6, n_jurors)
    offsets -= offsets.mean()
    reviews = Reviews()
    for film in range(n_films):
        for juror in rng.choice(n_jurors, per_film, replace=False):
            reviews.add(film, int(juror), float(quality[film] + offsets[juror] + rng.normal(0, 3)))
    ranking = rank_round(criteria, [entry(f) for f in range(n_films)], reviews.items)

    fitted = np.array([juror.offset for juror in ranking.jurors])
    assert [juror.juror_id for juror in ranking.jurors] == list(range(n_jurors))
    assert np.max(np.abs(fitted - offsets)) < 1.5
    assert np.corrcoef(fitted, offsets)[0, 1] > 0.99
    # σ also absorbs the pull of each film toward the round mean (λ_q), so it errs high.
    assert 3 <= ranking.noise_sd < 4.5
    calibrated = np.array([film.calibrated for film in sorted(ranking.films, key=_entry_id)])
    means = np.array([film.mean for film in sorted(ranking.films, key=_entry_id)])
    assert np.mean(np.abs(calibrated - quality)) < np.mean(np.abs(means - quality))


@pytest.mark.parametrize("chunk", [1 << 18, 3])
def test_calibration_solves_the_regularised_least_squares_exactly(monkeypatch, chunk):
    monkeypatch.setattr(aggregation._Cells, "PAIRS_PER_CHUNK", chunk)
    rng = np.random.default_rng(11)
    n_films, n_jurors = 25, 6
    reviews = Reviews()
    for film in range(n_films):
        for juror in rng.choice(n_jurors, int(rng.integers(1, 5)), replace=False):
            reviews.add(film, int(juror), float(rng.uniform(30, 70)))
    reviews.add(0, int(reviews.items[0].juror_id), 55.5)  # the same juror twice on one film
    criteria = [CriterionSpec(1, 1.0, 0, 100)]
    ranking = rank_round(criteria, [entry(f) for f in range(n_films)], reviews.items)

    # The same fit, dense: minimise |y − X θ|² + θᵀ P θ with q centred on the round mean.
    y = np.array([ranking.review_scores[r.review_id] for r in reviews.items])
    film_of = np.array([r.entry_id for r in reviews.items])
    juror_of = np.array([r.juror_id for r in reviews.items])
    design = np.zeros((y.size, n_films + n_jurors))
    design[np.arange(y.size), film_of] = 1
    design[np.arange(y.size), n_films + juror_of] = 1
    penalty = np.diag(
        [aggregation.LAMBDA_QUALITY] * n_films + [aggregation.LAMBDA_LENIENCY] * n_jurors
    )
    prior = np.r_[np.full(n_films, aggregation.LAMBDA_QUALITY * y.mean()), np.zeros(n_jurors)]
    hessian = design.T @ design + penalty
    theta = np.linalg.solve(hessian, design.T @ y + prior)
    sd = np.sqrt(np.diag(np.linalg.inv(hessian))[:n_films])

    films = sorted(ranking.films, key=_entry_id)
    assert np.allclose([f.calibrated for f in films], theta[:n_films], atol=1e-4)
    assert np.allclose([j.offset for j in ranking.jurors], theta[n_films:], atol=1e-4)
    half_widths = np.array([(f.interval_high - f.interval_low) / 2 for f in films])
    assert np.allclose(half_widths, 1.96 * ranking.noise_sd * sd, atol=1e-3)


def test_review_scores_are_the_rubric_weighted_totals():
    criteria = [CriterionSpec(1, 35, 1, 5), CriterionSpec(2, 25, 0, 10), CriterionSpec(3, 40, 1, 7)]
    rng = np.random.default_rng(3)
    reviews = Reviews()
    for juror in range(200):
        scored = [c for c in criteria if rng.random() < 0.7]
        reviews.add(
            1, juror, {c.id: int(rng.integers(c.scale_min, c.scale_max + 1)) for c in scored}
        )
    ranking = rank_round(criteria, [entry(1)], reviews.items)

    for review in reviews.items:
        assert ranking.review_scores[review.review_id] == weighted_total(criteria, review.scores)


def _entry_id(film):
    return film.entry_id


def test_duplicate_ids_and_empty_scales_are_refused():
    with pytest.raises(ValueError, match="duplicate review"):
        rank_round(ONE_TO_TEN, [entry(1)], Reviews().add(1, 1, 5).items * 2)
    with pytest.raises(ValueError, match="scale_max"):
        rank_round([CriterionSpec(1, 1.0, 5, 5)], [entry(1)], [])


def test_reviews_of_entries_not_ranked_are_left_out():
    reviews = Reviews().add(1, 1, 5).add(99, 1, 1).add(99, 2, 10)
    ranking = rank_round(ONE_TO_TEN, [entry(1)], reviews.items)
    assert list(ranking.review_scores) == [1]
    assert [juror.juror_id for juror in ranking.jurors] == [1]
    assert ranking.round_mean == 5.0


def test_scores_are_rounded_exactly_as_python_rounds_them_even_at_ties():
    rng = np.random.default_rng(5)
    ties = (rng.integers(0, 1_000_000, 2000) + 0.5) / 10**4  # x.xxxx5, the doubtful ones
    values = np.concatenate(
        [ties, np.nextafter(ties, 0), np.nextafter(ties, 200), rng.uniform(0, 100, 2000)]
    )
    values = np.append(values, [2.675, 0.00005, 1.00005, 0.0, 100.0, 1e13 + 0.00005])
    rounded = aggregation._round_like_python(values)
    assert rounded.tolist() == [round(v, aggregation.DECIMALS) for v in values.tolist()]


def test_order_ranks_and_gaps_follow_the_tie_rule_by_brute_force():
    rng = np.random.default_rng(12)
    entries = [entry(f, group=("b", 2, "a")[f % 3], order_key=(f % 5, -f)) for f in range(1, 301)]
    reviews = Reviews()
    for f in range(1, 281):  # the last 20 films have no review
        for _ in range(int(rng.integers(1, 3))):
            reviews.add(f, int(rng.integers(1, 9)), int(rng.integers(4, 7)))  # many ties
    ranking = rank_round(ONE_TO_TEN, entries, reviews.items)

    order_key = {e.entry_id: e.order_key for e in entries}

    def tie_key(film):
        if not film.count:
            return (1, order_key[film.entry_id], film.entry_id)
        scores = (film.calibrated, film.normalised, film.mean, film.count)
        return (0, *(-s for s in scores), order_key[film.entry_id], film.entry_id)

    assert ranking.groups() == [2, "a", "b"]
    for group in ranking.groups():
        films = [film for film in ranking.films if film.group == group]
        assert films == sorted(films, key=tie_key)
        assert [film.position for film in films] == list(range(1, len(films) + 1))
        for film in films:
            for method, attribute in (
                (Method.MEAN, "mean"),
                (Method.NORMALISED, "normalised"),
                (Method.CALIBRATED, "calibrated"),
            ):
                score = getattr(film, attribute)
                if score is None:
                    assert film.ranks[method] is None
                    continue
                higher = sum(1 for f in films if f.count and getattr(f, attribute) > score)
                assert film.ranks[method] == higher + 1
            ranks = [r for r in film.ranks.values() if r is not None]
            assert film.rank_gap == (max(ranks) - min(ranks) if ranks else 0)
