"""The rubric's scale and one review's weighted total: pure arithmetic on criteria (anything
with `id`, `weight`, `scale_min`, `scale_max`), shared by saving a review
(`judging.reviews`) and ranking a round (`judging.aggregation`), so both always agree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def display_scale(criteria: Sequence) -> tuple[float, float]:
    """The criteria's common scale when they all share one, else 0–100."""
    scales = {(c.scale_min, c.scale_max) for c in criteria}
    if len(scales) == 1:
        low, high = scales.pop()
        return float(low), float(high)
    return 0.0, 100.0


def weighted_total(criteria: Sequence, values: Mapping[int, int]) -> float | None:
    """One review's total on the rubric's scale: each score mapped to 0–1 on its criterion's
    scale, weighted over the criteria scored, mapped to the common scale (0–100 when the
    criteria's scales differ). None when nothing with a weight is scored."""
    low, high = display_scale(criteria)
    weighted = weight_sum = 0.0
    for criterion in criteria:
        if criterion.id not in values or criterion.weight <= 0:
            continue
        span = criterion.scale_max - criterion.scale_min
        share = (values[criterion.id] - criterion.scale_min) / span
        weighted += criterion.weight * min(max(share, 0.0), 1.0)
        weight_sum += criterion.weight
    if weight_sum == 0:
        return None
    return round(low + (high - low) * weighted / weight_sum, 4)
