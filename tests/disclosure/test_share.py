import pytest

from festival.disclosure.share import (
    Segment,
    ai_share_of_runtime,
    covered_ms,
    merged_segments,
)
from festival.disclosure.validation import SegmentDraft


def test_no_segments_cover_nothing():
    assert covered_ms([], 60_000) == 0
    assert ai_share_of_runtime([], 60_000) == 0.0


def test_disjoint_segments_add_up():
    segments = [Segment(0, 10_000), Segment(20_000, 30_000)]
    assert covered_ms(segments, 100_000) == 20_000
    assert ai_share_of_runtime(segments, 100_000) == pytest.approx(0.2)


def test_overlapping_segments_count_once():
    segments = [Segment(10_000, 30_000), Segment(20_000, 40_000), Segment(25_000, 26_000)]
    assert covered_ms(segments, 100_000) == 30_000
    assert merged_segments(segments, 100_000) == [Segment(10_000, 40_000)]


def test_adjacent_segments_merge_into_one():
    segments = [Segment(0, 1_000), Segment(1_000, 2_000)]
    assert merged_segments(segments, 10_000) == [Segment(0, 2_000)]
    assert covered_ms(segments, 10_000) == 2_000


def test_order_of_segments_does_not_matter():
    segments = [Segment(50, 60), Segment(0, 10), Segment(5, 55)]
    assert merged_segments(segments, 100) == [Segment(0, 60)]


def test_segments_past_the_end_are_clipped_to_the_runtime():
    segments = [Segment(50_000, 90_000), Segment(120_000, 130_000)]
    assert covered_ms(segments, 60_000) == 10_000
    assert ai_share_of_runtime(segments, 60_000) == pytest.approx(1 / 6)


def test_segments_before_the_start_are_clipped_at_zero():
    assert merged_segments([Segment(-5_000, 5_000)], 60_000) == [Segment(0, 5_000)]


def test_a_segment_covering_the_whole_film_is_all_of_it():
    assert ai_share_of_runtime([Segment(0, 90_000)], 60_000) == 1.0


def test_a_film_without_runtime_has_no_share():
    assert ai_share_of_runtime([Segment(0, 1_000)], 0) == 0.0
    assert covered_ms([Segment(0, 1_000)], 0) == 0


def test_empty_reversed_and_incomplete_segments_are_left_out():
    segments = [
        Segment(5_000, 5_000),
        Segment(9_000, 8_000),
        SegmentDraft(start_ms=None, end_ms=3_000, element=None),
        SegmentDraft(start_ms=1_000, end_ms=None, element=None),
    ]
    assert covered_ms(segments, 60_000) == 0


def test_any_object_with_start_and_end_will_do():
    drafts = [
        SegmentDraft(start_ms=0, end_ms=30_000, element=None),
        SegmentDraft(start_ms=15_000, end_ms=45_000, element=None),
    ]
    assert ai_share_of_runtime(drafts, 90_000) == pytest.approx(0.5)
