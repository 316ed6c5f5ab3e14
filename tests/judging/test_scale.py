"""One review's weighted total on the rubric's scale, the rule saving and ranking share."""

from __future__ import annotations

from festival.judging import scale
from festival.judging.models import Criterion


def criterion(id_, weight, low=1, high=10):
    return Criterion(id=id_, name=f"C{id_}", weight=weight, scale_min=low, scale_max=high)


def test_weighted_total_maps_the_weighted_shares_onto_the_scale():
    criteria = [criterion(1, 60), criterion(2, 40)]

    assert scale.weighted_total(criteria, {1: 10, 2: 1}) == 6.4
    assert scale.weighted_total(criteria, {1: 10, 2: 10}) == 10.0
    assert scale.weighted_total(criteria, {1: 1, 2: 1}) == 1.0


def test_weighted_total_weighs_only_the_criteria_scored():
    criteria = [criterion(1, 60), criterion(2, 40)]

    assert scale.weighted_total(criteria, {1: 10}) == 10.0
    assert scale.weighted_total(criteria, {2: 4}) == 4.0


def test_weighted_total_is_none_when_nothing_with_a_weight_is_scored():
    criteria = [criterion(1, 100), criterion(2, 0)]

    assert scale.weighted_total(criteria, {}) is None
    assert scale.weighted_total(criteria, {2: 9}) is None


def test_weighted_total_over_different_scales_is_on_0_to_100():
    criteria = [criterion(1, 50, 1, 10), criterion(2, 50, 0, 2)]

    assert scale.display_scale(criteria) == (0.0, 100.0)
    assert scale.weighted_total(criteria, {1: 10, 2: 0}) == 50.0
    assert scale.weighted_total(criteria, {1: 1, 2: 1}) == 25.0
    assert scale.weighted_total(criteria, {1: 10, 2: 2}) == 100.0


def test_weighted_total_on_one_shared_scale_stays_on_that_scale():
    criteria = [criterion(1, 50, 1, 5), criterion(2, 50, 1, 5)]

    assert scale.display_scale(criteria) == (1.0, 5.0)
    assert scale.weighted_total(criteria, {1: 5, 2: 3}) == 4.0
