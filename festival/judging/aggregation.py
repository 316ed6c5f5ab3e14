"""Aggregation: a jury round's review scores turned into a fair ranking.

Pure arithmetic on plain inputs (no Flask, no database): the caller loads the rows into
`CriterionSpec`, `EntryInput` and `ReviewInput` and renders the `Ranking` that `rank_round`
returns.

The model, step by step:

1. **Weighted score of a review** (`y_r`): each criterion value is clipped to its scale and
   mapped to 0–1 by (v − min)/(max − min); the shares are averaged with the criteria's weights,
   normalised over the criteria this review scored (a missing criterion is left out, not counted
   as zero); the result is mapped to the display scale (the criteria's common scale, or 0–100
   when their scales differ) and rounded to 4 decimals, as `scale.weighted_total` does. A
   review with no scored criterion of positive weight has no usable score and is ignored below.
2. **Mean**: per film, the plain mean of its review scores (with median, spread, low, high).
3. **Juror-normalised** (as Evalato does): each score is standardised against its juror's own
   mean and spread over the whole round, both shrunk toward the round's with
   `NORMALISE_PSEUDO_REVIEWS` pseudo-reviews, then mapped back with the round's mean and spread
   (clipped to the scale); per film, the mean of its normalised scores.
4. **Calibrated** (as NeurIPS 2014 calibrated its reviewers): the additive model
   y_r = q_f + b_j + e_r, fitted by regularised least squares,
   min Σ(y − q_f − b_j)² + λ_q Σ(q_f − μ)² + λ_b Σ b_j² (μ the round mean), solved exactly via
   the Schur complement over the juror block. q_f is the film's calibrated score, b_j the
   juror's leniency (positive = generous). The noise σ² = (RSS + ν s0²)/(max(N − F − J, 0) + ν)
   (s0² the variance of all scores) and the Gaussian posterior of q_f give the 95% interval
   q_f ± 1.96 σ √var_f, so a film with fewer reviews gets a wider one. The priors shrink: a
   film's score moves toward μ by λ_q/(n_f + λ_q) (halfway for a single review), and a juror's
   offset is only partly undone, the less so the fewer films the juror shares with others.

Ranks are standard competition ranks ("1, 2, 2, 4") within a group, per method, on the scores
as rounded for display; films without a usable review have no score and no rank and come last.
The final order within a group (`position`) follows `TIE_RULE`: calibrated desc, normalised
desc, mean desc, count desc, then `order_key` asc (and entry_id asc if even those are equal).

Reviews of entries not among `entries` are ignored (pass only the films to rank). Inputs are
sorted by id internally, so the result does not depend on the order they are given in.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import math
import operator
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from threadpoolctl import ThreadpoolController

from festival.judging.scale import display_scale


class Method(StrEnum):
    """The three ways a film is scored; each gives its own rank."""

    MEAN = "mean"  # plain mean of the weighted review scores
    NORMALISED = "normalised"  # juror-normalised
    CALIBRATED = "calibrated"  # additive-model calibrated


METHODS = tuple(Method)


NORMALISE_PSEUDO_REVIEWS = 2.0
"""k: juror mean and variance are shrunk toward the round's as if k more reviews were round
average."""

LAMBDA_QUALITY = 1.0
"""λ_q: the pull of each film's calibrated score toward the round mean (in reviews)."""

LAMBDA_LENIENCY = 5.0
"""λ_b: the pull of each juror's offset toward 0 (in reviews)."""

NOISE_PRIOR_DOF = 2.0
"""ν: pseudo degrees of freedom of the prior on the noise variance."""

INTERVAL_Z = 1.96
"""The calibrated interval is q ± INTERVAL_Z posterior standard deviations (95%)."""

DISPUTED_SPREAD_SHARE = 0.2
"""A film is disputed when its spread exceeds this share of the scale range..."""

DISPUTED_RANGE_SHARE = 0.4
"""...or its highest minus lowest score exceeds this share of the scale range."""

DECIMALS = 4

TIE_RULE = "calibrated,normalised,mean,count,order_key"

_ZERO_VARIANCE = 1e-12
"""Variances below this share of the squared scale range are rounding noise: taken as 0."""

_ENTRY_ID = operator.attrgetter("entry_id")
_REVIEW_ID = operator.attrgetter("review_id")
_JUROR_ID = operator.attrgetter("juror_id")


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: float  # >= 0; weights are normalised over the criteria a review actually scored
    scale_min: int
    scale_max: int  # > scale_min


@dataclass(frozen=True)
class EntryInput:
    entry_id: int
    group: int | str  # the category within which films are ranked
    needed: int  # reviews needed (for completeness)
    order_key: tuple  # last tie-break, ascending (e.g. (submitted_at_iso, submission_id))


@dataclass(frozen=True)
class ReviewInput:
    review_id: int
    entry_id: int
    juror_id: int
    scores: Mapping[int, float]  # criterion id -> value; may miss criteria (or even be empty)


@dataclass(slots=True)
class FilmResult:
    entry_id: int
    group: int | str
    count: int
    """Reviews with a usable score."""
    needed: int
    mean: float | None
    median: float | None
    spread: float | None
    """Population standard deviation of the review scores (0.0 for one review)."""
    low: float | None
    high: float | None
    normalised: float | None
    calibrated: float | None
    interval_low: float | None
    interval_high: float | None
    ranks: dict[Method, int | None]
    position: int
    """1-based final order within the group, by `TIE_RULE`."""
    rank_gap: int
    """Highest minus lowest rank across the methods (0 if unranked)."""
    is_disputed: bool
    is_complete: bool


@dataclass(slots=True)
class JurorResult:
    """A juror with at least one usable score in the round."""

    juror_id: int
    count: int
    mean: float
    sd: float
    """Population standard deviation of the juror's review scores."""
    offset: float
    """Fitted leniency b_j on the display scale; positive = generous."""
    normalised_shift: float
    """The juror's shrunk mean minus the round mean."""


@dataclass
class CriterionDistribution:
    criterion_id: int
    counts: dict[int, int]
    """Reviews per integer value from scale_min to scale_max (values rounded half up)."""
    mean: float | None


@dataclass
class Ranking:
    scale_min: float
    scale_max: float
    review_scores: dict[int, float | None]
    films: list[FilmResult]
    jurors: list[JurorResult]
    criteria: list[CriterionDistribution]
    noise_sd: float | None
    tie_rule: str = TIE_RULE
    round_mean: float | None = None
    """Mean of all usable review scores."""

    def groups(self) -> list[int | str]:
        """The group keys in the order the films are listed (numbers ascending, then strings)."""
        return list(dict.fromkeys(film.group for film in self.films))


def rank_round(
    criteria: Sequence[CriterionSpec],
    entries: Sequence[EntryInput],
    reviews: Sequence[ReviewInput],
) -> Ranking:
    """Rank a round's entries, per group, by the three methods and the tie rule."""
    _check_unique([c.id for c in criteria], "criterion")
    _check_unique(list(map(_ENTRY_ID, entries)), "entry")
    _check_unique(list(map(_REVIEW_ID, reviews)), "review")
    for criterion in criteria:
        if not criterion.scale_max > criterion.scale_min:
            raise ValueError(f"criterion {criterion.id}: scale_max must exceed scale_min")
        if not math.isfinite(criterion.weight):
            raise ValueError(f"criterion {criterion.id}: weight must be finite")

    low, high = display_scale(criteria)
    span = high - low
    entries = sorted(entries, key=_ENTRY_ID)
    entry_index = {entry_id: i for i, entry_id in enumerate(map(_ENTRY_ID, entries))}
    reviews = sorted(reviews, key=_REVIEW_ID)
    film_of_review = list(map(entry_index.get, map(_ENTRY_ID, reviews)))
    if None in film_of_review:
        reviews = [r for r, i in zip(reviews, film_of_review, strict=True) if i is not None]
        film_of_review = [i for i in film_of_review if i is not None]

    values = _values(criteria, reviews)
    scores, usable = _weighted_scores(criteria, values, low, high)
    shown_scores = scores.tolist()
    for i in np.flatnonzero(~usable).tolist():
        shown_scores[i] = None
    review_scores = dict(zip(map(_REVIEW_ID, reviews), shown_scores, strict=True))

    y = scores[usable]
    film_of = np.array(film_of_review, dtype=np.intp)[usable]
    juror_ids = np.array(list(map(_JUROR_ID, reviews)), dtype=np.int64)[usable]
    used_jurors, juror_of = np.unique(juror_ids, return_inverse=True)
    n_films, n_jurors = len(entries), len(used_jurors)

    stats = _film_stats(y, film_of, n_films)
    normalised = calibrated = interval_low = interval_high = np.zeros(n_films)
    norm = cal = None
    round_mean = round_var = noise_sd = None
    if y.size:
        round_mean = math.fsum(y.tolist()) / y.size
        round_var = math.fsum(((y - round_mean) ** 2).tolist()) / y.size
        if round_var <= _ZERO_VARIANCE * span * span:
            round_var = 0.0
        norm = _normalise(y, juror_of, n_jurors, round_mean, round_var, low, high)
        cal = _calibrate(y, film_of, juror_of, n_films, n_jurors, round_mean, round_var, span)
        normalised = _safe_divide(
            np.bincount(film_of, weights=norm.scores, minlength=n_films), stats.count
        )
        calibrated = np.clip(cal.quality, low, high)
        half = INTERVAL_Z * cal.sigma * np.sqrt(cal.variance)
        interval_low = np.clip(cal.quality - half, low, high)
        interval_high = np.clip(cal.quality + half, low, high)
        noise_sd = _round(cal.sigma)

    with _collection_paused():  # tens of thousands of results, none of them garbage
        films = _films(entries, stats, normalised, calibrated, interval_low, interval_high, span)
    return Ranking(
        scale_min=low,
        scale_max=high,
        review_scores=review_scores,
        films=films,
        jurors=_jurors(used_jurors, y, juror_of, norm, cal, round_mean),
        criteria=_distributions(criteria, values, usable),
        noise_sd=noise_sd,
        tie_rule=TIE_RULE,
        round_mean=_round(round_mean),
    )


# -- steps ---------------------------------------------------------------------------------------


def _values(criteria: Sequence[CriterionSpec], reviews: Sequence[ReviewInput]) -> np.ndarray:
    """Reviews × criteria matrix of the given values (NaN where a criterion is not scored or the
    value is not a finite number)."""
    maps = [review.scores for review in reviews]
    if len(criteria) > 1 and set(map(type, maps)) == {dict}:
        try:  # the usual case, every criterion scored: each row in one C-level pass
            rows = map(operator.itemgetter(*(c.id for c in criteria)), maps)
            cells = itertools.chain.from_iterable(rows)
            flat = np.fromiter(cells, dtype=float, count=len(maps) * len(criteria))
        except (KeyError, TypeError, ValueError):
            pass
        else:
            matrix = flat.reshape(len(maps), len(criteria))
            matrix[~np.isfinite(matrix)] = np.nan
            return matrix
    matrix = np.full((len(reviews), len(criteria)), np.nan)
    if set(map(type, maps)) == {dict}:  # a criterion missing: each column in one C-level pass
        columns = [list(map(dict.get, maps, itertools.repeat(c.id))) for c in criteria]
    else:
        columns = [[m.get(c.id) for m in maps] for c in criteria]
    try:
        matrix[:] = np.array(columns, dtype=float).reshape(len(criteria), len(maps)).T
    except (TypeError, ValueError):  # something not a number: column by column, cell by cell
        for col, cells in enumerate(columns):
            try:
                matrix[:, col] = np.array(cells, dtype=float)  # None becomes NaN
            except (TypeError, ValueError):
                matrix[:, col] = [_number(cell) for cell in cells]
    matrix[~np.isfinite(matrix)] = np.nan
    return matrix


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _weighted_scores(
    criteria: Sequence[CriterionSpec], values: np.ndarray, low: float, high: float
) -> tuple[np.ndarray, np.ndarray]:
    """Each review's weighted score on the display scale (rounded to 4 decimals) and whether it
    has one: shares weighted over the criteria the review scored that have a positive weight."""
    if not criteria:
        return np.zeros(len(values)), np.zeros(len(values), dtype=bool)
    mins = np.array([c.scale_min for c in criteria], dtype=float)
    spans = np.array([c.scale_max - c.scale_min for c in criteria], dtype=float)
    weights = np.array([max(c.weight, 0.0) for c in criteria], dtype=float)
    scored = ~np.isnan(values) & (weights > 0)
    shares = np.clip((np.where(scored, values, mins) - mins) / spans, 0.0, 1.0)
    weight_sum = np.where(scored, weights, 0.0).sum(axis=1)
    weighted = np.where(scored, weights * shares, 0.0).sum(axis=1)
    usable = weight_sum > 0
    ratio = np.divide(weighted, weight_sum, out=np.zeros_like(weighted), where=usable)
    return _round_like_python(low + (high - low) * ratio), usable


def _round_like_python(values: np.ndarray) -> np.ndarray:
    """`round(v, DECIMALS)` of each value (the decimal rounding of the exact binary value, ties
    to even), vectorised. Scaling by 10⁴ and rounding to an integer gives the same integer except
    within float noise of a tie (or beyond 2⁴⁰, or NaN), where Python's own `round` decides."""
    scaled = values * 10.0**DECIMALS
    result = np.rint(scaled) / 10.0**DECIMALS
    off_tie = np.abs(scaled - np.floor(scaled) - 0.5) > 1e-6
    doubtful = ~(off_tie & (np.abs(scaled) < 2.0**40))
    for i in np.flatnonzero(doubtful).tolist():
        result[i] = round(float(values[i]), DECIMALS)
    return result


@dataclass(frozen=True)
class _FilmStats:
    count: np.ndarray
    mean: np.ndarray
    median: np.ndarray
    spread: np.ndarray
    low: np.ndarray
    high: np.ndarray


def _film_stats(y: np.ndarray, film_of: np.ndarray, n_films: int) -> _FilmStats:
    """Per film: count, mean, median, population sd, min, max (0 where a film has no score)."""
    count = np.bincount(film_of, minlength=n_films)
    mean = _safe_divide(np.bincount(film_of, weights=y, minlength=n_films), count)
    squares = np.bincount(film_of, weights=(y - mean[film_of]) ** 2, minlength=n_films)
    spread = np.sqrt(_safe_divide(squares, count))
    order = np.lexsort((y, film_of))
    ys = y[order]
    start = np.cumsum(count) - count
    has = count > 0
    first = np.where(has, start, 0)
    last = np.where(has, start + count - 1, 0)
    lower_mid = np.where(has, start + (count - 1) // 2, 0)
    upper_mid = np.where(has, start + count // 2, 0)
    if ys.size:
        low, high = ys[first], ys[last]
        median = (ys[lower_mid] + ys[upper_mid]) / 2
    else:
        low = high = median = np.zeros(n_films)
    zero = np.zeros(n_films)
    return _FilmStats(
        count=count,
        mean=mean,
        median=np.where(has, median, zero),
        spread=spread,
        low=np.where(has, low, zero),
        high=np.where(has, high, zero),
    )


@dataclass(frozen=True)
class _Normalised:
    scores: np.ndarray
    """Per review, on the display scale."""
    juror_mean: np.ndarray
    """Per juror, shrunk toward the round mean."""


def _normalise(
    y: np.ndarray,
    juror_of: np.ndarray,
    n_jurors: int,
    round_mean: float,
    round_var: float,
    low: float,
    high: float,
) -> _Normalised:
    """Each score as a z-score against its juror's shrunk mean and sd, mapped back with the
    round's mean and sd and clipped to the scale; z = 0 where the shrunk variance is 0."""
    k = NORMALISE_PSEUDO_REVIEWS
    n = np.bincount(juror_of, minlength=n_jurors).astype(float)
    total = np.bincount(juror_of, weights=y, minlength=n_jurors)
    own_mean = total / n
    squares = np.bincount(juror_of, weights=(y - own_mean[juror_of]) ** 2, minlength=n_jurors)
    shrunk_mean = (total + k * round_mean) / (n + k)
    shrunk_var = (squares + k * round_var) / (n + k)
    tolerance = _ZERO_VARIANCE * (high - low) ** 2
    shrunk_sd = np.sqrt(np.where(shrunk_var > tolerance, shrunk_var, 0.0))
    sd = shrunk_sd[juror_of]
    z = np.divide(y - shrunk_mean[juror_of], sd, out=np.zeros_like(y), where=sd > 0)
    scores = np.clip(round_mean + z * math.sqrt(round_var), low, high)
    return _Normalised(scores=scores, juror_mean=shrunk_mean)


@dataclass(frozen=True)
class _Calibration:
    quality: np.ndarray
    """q_f per film, unclipped (round mean for films without reviews)."""
    variance: np.ndarray
    """Posterior variance of q_f per film, in units of σ²."""
    offset: np.ndarray
    """b_j per juror."""
    sigma: float


def _calibrate(
    y: np.ndarray,
    film_of: np.ndarray,
    juror_of: np.ndarray,
    n_films: int,
    n_jurors: int,
    round_mean: float,
    round_var: float,
    span: float,
) -> _Calibration:
    """Fit y = q_f + b_j + e exactly by the Schur complement over the juror block (J×J).

    With A = diag(n_f + λ_q), B the film × juror count matrix, D = diag(n_j + λ_b) and
    S = D − Bᵀ A⁻¹ B: b = S⁻¹ (d − Bᵀ A⁻¹ c), q = A⁻¹ (c − B b), and var(q_f) / σ² =
    1/a_f + Σ_jk B_fj S⁻¹_jk B_fk / a_f² (the row sums of (M S⁻¹) ∘ M, M = A⁻¹ B). B is kept
    sparse: Bᵀ A⁻¹ B and the variances are sums over the pairs of jurors who reviewed the same
    film, accumulated with `np.bincount` (no threaded BLAS on film-sized arrays, no F×F)."""
    a = np.bincount(film_of, minlength=n_films) + LAMBDA_QUALITY
    n_j = np.bincount(juror_of, minlength=n_jurors).astype(float)
    c = np.bincount(film_of, weights=y, minlength=n_films) + LAMBDA_QUALITY * round_mean
    d = np.bincount(juror_of, weights=y, minlength=n_jurors)
    cells = _Cells.of(film_of, juror_of, n_films, n_jurors)

    cross = np.zeros(n_jurors * n_jurors)
    for film, left, right, weight in cells.pairs():
        cross += np.bincount(
            left * n_jurors + right, weights=weight / a[film], minlength=n_jurors * n_jurors
        )
    cross = cross.reshape(n_jurors, n_jurors)
    schur = np.diag(n_j + LAMBDA_LENIENCY) - (cross + cross.T) / 2
    rhs = d - np.bincount(juror_of, weights=(c / a)[film_of], minlength=n_jurors)
    solution = _solve(schur, np.column_stack([rhs, np.eye(n_jurors)]))
    offset, schur_inverse = solution[:, 0], solution[:, 1:]
    schur_inverse = (schur_inverse + schur_inverse.T) / 2

    quality = (c - np.bincount(film_of, weights=offset[juror_of], minlength=n_films)) / a
    through_jurors = np.zeros(n_films)
    for film, left, right, weight in cells.pairs():
        through_jurors += np.bincount(
            film, weights=weight * schur_inverse[left, right], minlength=n_films
        )
    variance = 1.0 / a + np.maximum(through_jurors, 0.0) / (a * a)

    residuals = y - quality[film_of] - offset[juror_of]
    rss = math.fsum((residuals * residuals).tolist())
    prior = round_var if round_var > 0 else (span / 6) ** 2
    films_seen = int(np.count_nonzero(a > LAMBDA_QUALITY))
    dof = max(y.size - films_seen - n_jurors, 0)
    sigma = math.sqrt((rss + NOISE_PRIOR_DOF * prior) / (dof + NOISE_PRIOR_DOF))
    return _Calibration(quality=quality, variance=variance, offset=offset, sigma=sigma)


@dataclass(frozen=True)
class _Cells:
    """The nonzero cells of the film × juror count matrix B, by film then juror."""

    film: np.ndarray
    juror: np.ndarray
    count: np.ndarray
    start: np.ndarray
    """Per film, the index of its first cell."""
    size: np.ndarray
    """Per film, how many cells (jurors) it has."""

    PAIRS_PER_CHUNK = 1 << 18

    @classmethod
    def of(cls, film_of, juror_of, n_films, n_jurors) -> _Cells:
        keys, count = np.unique(film_of * n_jurors + juror_of, return_counts=True)
        film, juror = np.divmod(keys, n_jurors)
        size = np.bincount(film, minlength=n_films)
        start = np.cumsum(size) - size
        return cls(film=film, juror=juror, count=count.astype(float), start=start, size=size)

    def pairs(self):
        """(film, juror, other juror, B_fj × B_fk) for every ordered pair of cells of one film,
        itself included, in chunks of about `PAIRS_PER_CHUNK` pairs."""
        per_cell = self.size[self.film]
        ends = np.cumsum(per_cell)
        low = 0
        while low < per_cell.size:
            before = ends[low] - per_cell[low]
            high = int(np.searchsorted(ends, before + self.PAIRS_PER_CHUNK, side="right"))
            high = max(high, low + 1)
            repeat = per_cell[low:high]
            left = np.repeat(np.arange(low, high), repeat)
            offsets = np.arange(left.size) - np.repeat(np.cumsum(repeat) - repeat, repeat)
            right = self.start[self.film[left]] + offsets
            weight = self.count[left] * self.count[right]
            yield self.film[left], self.juror[left], self.juror[right], weight
            low = high


def _solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """`numpy.linalg.solve`, falling back to least squares if the matrix is singular (it is not:
    the Schur complement is at least λ_b · I). On one BLAS thread: a juror-sized system takes
    about a millisecond, and more threads only wait for each other (tenfold or worse on a busy
    machine)."""
    with _blas_threads().limit(limits=1, user_api="blas"):
        try:
            return np.linalg.solve(matrix, rhs)
        except np.linalg.LinAlgError:
            return np.linalg.lstsq(matrix, rhs, rcond=None)[0]


@functools.cache
def _blas_threads() -> ThreadpoolController:
    """The BLAS libraries numpy loaded, found once (looking them up costs more than a solve)."""
    return ThreadpoolController()


# -- results -------------------------------------------------------------------------------------


def _films(
    entries: Sequence[EntryInput],
    stats: _FilmStats,
    normalised: np.ndarray,
    calibrated: np.ndarray,
    interval_low: np.ndarray,
    interval_high: np.ndarray,
    span: float,
) -> list[FilmResult]:
    """The film results: per group (numbers ascending, then strings), in final order.

    Every step is on arrays (scores rounded for display, as ranked and shown); Python only
    compares `order_key`s, and only among films whose scores tie."""
    count = stats.count
    scored = count > 0
    mean, median, spread = (_round_array(v) for v in (stats.mean, stats.median, stats.spread))
    low, high = _round_array(stats.low), _round_array(stats.high)
    norm, cal = _round_array(normalised), _round_array(calibrated)
    groups = [entry.group for entry in entries]
    group_rank = {
        group: rank for rank, group in enumerate(sorted(dict.fromkeys(groups), key=_group_sort_key))
    }
    group = np.array([group_rank[g] for g in groups], dtype=np.intp)
    by_method = {Method.MEAN: mean, Method.NORMALISED: norm, Method.CALIBRATED: cal}
    ranks = {
        method: _ranks_in_groups(group, scores, scored) for method, scores in by_method.items()
    }
    rank_gap = np.where(
        scored,
        np.maximum.reduce(list(ranks.values())) - np.minimum.reduce(list(ranks.values())),
        0,
    )
    is_disputed = (count >= 2) & (
        _exceeds(spread, DISPUTED_SPREAD_SHARE * span, span)
        | _exceeds(high - low, DISPUTED_RANGE_SHARE * span, span)
    )
    needed = [entry.needed for entry in entries]
    is_complete = [n >= need for n, need in zip(count.tolist(), needed, strict=True)]

    order = _final_order(entries, group, scored, (cal, norm, mean, count))
    unscored_at = np.flatnonzero(~scored[order]).tolist()

    def shown(values: np.ndarray) -> list:
        """The values in final order, None for films without a score."""
        listed = values[order].tolist()
        for i in unscored_at:
            listed[i] = None
        return listed

    in_order = order.tolist()
    entry_ids = list(map(_ENTRY_ID, entries))  # in memory order, then picked: fewer cache misses
    mean_rank, normalised_rank, calibrated_rank = (shown(ranks[method]) for method in METHODS)
    columns = (
        [entry_ids[i] for i in in_order],
        [groups[i] for i in in_order],
        count[order].tolist(),
        [needed[i] for i in in_order],
        *(shown(values) for values in (mean, median, spread, low, high, norm, cal)),
        *(shown(_round_array(values)) for values in (interval_low, interval_high)),
        [
            {Method.MEAN: m, Method.NORMALISED: n, Method.CALIBRATED: c}
            for m, n, c in zip(mean_rank, normalised_rank, calibrated_rank, strict=True)
        ],
        _positions_in_groups(group[order]).tolist(),
        rank_gap[order].tolist(),
        is_disputed[order].tolist(),
        [is_complete[i] for i in in_order],
    )
    return list(map(FilmResult, *columns))


def _ranks_in_groups(group: np.ndarray, scores: np.ndarray, scored: np.ndarray) -> np.ndarray:
    """Standard competition ranks ("1, 2, 2, 4") of the scored films within each group (0 for
    films without a score): 1 + how many films of the same group score strictly higher."""
    ranks = np.zeros(len(group), dtype=np.int64)
    members = np.flatnonzero(scored)
    if not members.size:
        return ranks
    order = members[np.lexsort((-scores[members], group[members]))]
    new_group = np.r_[True, group[order][1:] != group[order][:-1]]
    new_score = new_group | np.r_[True, scores[order][1:] != scores[order][:-1]]
    ranks[order] = _run_offsets(new_score) - _run_offsets(new_group) + 1
    return ranks


def _final_order(
    entries: Sequence[EntryInput],
    group: np.ndarray,
    scored: np.ndarray,
    scores: tuple[np.ndarray, ...],
) -> np.ndarray:
    """The indices of `entries` (sorted by entry_id) in final order: by group, then `TIE_RULE`
    (every score descending, films without one last), then `order_key` and entry_id.

    The scores are sorted on arrays; films tied on all of them are then put in `order_key`
    order by Python's own comparison (the sort is stable, so entry_id stays last)."""
    descending = [np.where(scored, -values, 0) for values in scores]
    order = np.lexsort((*reversed(descending), ~scored, group))
    if order.size < 2:
        return order
    tied = np.ones(order.size - 1, dtype=bool)
    for key in (group, scored, *descending):
        in_order = key[order]
        tied &= in_order[1:] == in_order[:-1]
    starts = np.flatnonzero(np.r_[True, ~tied])
    ends = np.r_[starts[1:], order.size]
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if end - start > 1:
            run = order[start:end].tolist()
            order[start:end] = sorted(run, key=lambda i: entries[i].order_key)
    return order


def _positions_in_groups(group: np.ndarray) -> np.ndarray:
    """1-based position of each element within its run of equal `group` values."""
    if not group.size:
        return group
    return _positions(np.r_[True, group[1:] != group[:-1]])


def _positions(run_starts: np.ndarray) -> np.ndarray:
    """1-based position of each element within its run (runs begin where `run_starts`)."""
    return np.arange(run_starts.size) - _run_offsets(run_starts) + 1


def _run_offsets(run_starts: np.ndarray) -> np.ndarray:
    """For each element, the index where its run begins."""
    return np.maximum.accumulate(np.where(run_starts, np.arange(run_starts.size), 0))


def _jurors(
    used_jurors: np.ndarray,
    y: np.ndarray,
    juror_of: np.ndarray,
    norm: _Normalised | None,
    cal: _Calibration | None,
    round_mean: float | None,
) -> list[JurorResult]:
    """Every juror with at least one usable score, by id (the others have nothing to show)."""
    n_jurors = used_jurors.size
    if not n_jurors or norm is None or cal is None or round_mean is None:
        return []
    n = np.bincount(juror_of, minlength=n_jurors)
    mean = np.bincount(juror_of, weights=y, minlength=n_jurors) / n
    squares = np.bincount(juror_of, weights=(y - mean[juror_of]) ** 2, minlength=n_jurors)
    columns = zip(
        used_jurors.tolist(),
        n.tolist(),
        _round_array(mean).tolist(),
        _round_array(np.sqrt(squares / n)).tolist(),
        _round_array(cal.offset).tolist(),
        _round_array(norm.juror_mean - round_mean).tolist(),
        strict=True,
    )
    return [JurorResult(*row) for row in columns]


def _distributions(
    criteria: Sequence[CriterionSpec], values: np.ndarray, usable: np.ndarray
) -> list[CriterionDistribution]:
    """Per criterion, over the usable reviews: how many gave each integer value (clipped to the
    scale, rounded half up) and the mean of the clipped values."""
    result = []
    for col, criterion in enumerate(criteria):
        column = values[usable, col]
        column = np.clip(column[~np.isnan(column)], criterion.scale_min, criterion.scale_max)
        steps = criterion.scale_max - criterion.scale_min
        buckets = (np.floor(column + 0.5) - criterion.scale_min).astype(np.intp)
        tally = np.bincount(buckets, minlength=steps + 1).tolist()
        result.append(
            CriterionDistribution(
                criterion_id=criterion.id,
                counts={criterion.scale_min + i: n for i, n in enumerate(tally)},
                mean=_round(float(column.mean())) if column.size else None,
            )
        )
    return result


# -- helpers -------------------------------------------------------------------------------------


def _round(value: float | None) -> float | None:
    """Rounded to 4 decimals, -0.0 made 0.0; None (never NaN) when undefined."""
    if value is None or not math.isfinite(value):
        return None
    return float(np.round(value, DECIMALS)) + 0.0


def _exceeds(value: float, limit: float, span: float) -> bool:
    """value > limit, not counting float noise in the difference of two rounded scores."""
    return value > limit + 1e-9 * span


def _round_array(values: np.ndarray) -> np.ndarray:
    """`_round` for an array of finite values."""
    return np.round(values, DECIMALS) + 0.0


@contextlib.contextmanager
def _collection_paused():
    """Python's cyclic garbage collector paused (if it runs) while a block builds many objects
    that live on: each few hundred new ones would start a pass over the process's objects, and
    none of these is garbage. The collector is process-wide, so it is resumed only by the
    block that paused it."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _safe_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    numerator = np.asarray(numerator, dtype=float)
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0)


def _group_sort_key(group: Hashable) -> tuple:
    """Numbers ascending, then strings; None (no category) first, anything else last."""
    if group is None:
        return (0,)
    if isinstance(group, int | float):
        return (1, group)
    if isinstance(group, str):
        return (2, group)
    return (3, repr(group))


def _check_unique(ids: list[int], kind: str) -> None:
    if len(set(ids)) == len(ids):
        return
    seen: set[int] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {kind} id {item}")
        seen.add(item)
