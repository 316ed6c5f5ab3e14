"""Viewing records: the played intervals are checked, merged into a union and measured."""

from __future__ import annotations

import pytest

from festival.accounts.enums import Role
from festival.media import viewing
from festival.media.viewing import ViewingError
from tests import factories

MINUTE = 60_000


@pytest.fixture
def juror(app_ctx):
    return factories.make_user(Role.JUROR)


@pytest.fixture
def screener(app_ctx):
    film = factories.make_film(runtime_s=12 * 60)
    return factories.make_screener(film, probe={"duration_s": 600.0})


@pytest.mark.parametrize(
    ("intervals", "union"),
    [
        ([[0, 10], [5, 20]], [[0, 20]]),
        ([[0, 10], [10, 20]], [[0, 20]]),
        ([[0, 100], [20, 30]], [[0, 100]]),
        ([[50, 60], [0, 10]], [[0, 10], [50, 60]]),
        ([[0, 10], [11, 20]], [[0, 10], [11, 20]]),
        ([], []),
    ],
    ids=["overlapping", "adjacent", "contained", "unsorted", "gap", "empty"],
)
def test_merged_is_the_union_of_intervals(intervals, union):
    assert viewing.merged(intervals) == union


def test_first_report_starts_the_viewing(juror, screener):
    recorded = viewing.record_played(juror, screener, [[0, MINUTE], [2 * MINUTE, 3 * MINUTE]])

    assert recorded.intervals == [[0, MINUTE], [2 * MINUTE, 3 * MINUTE]]
    assert recorded.watched_ms == 2 * MINUTE
    assert recorded.first_at is not None and recorded.last_at >= recorded.first_at
    assert viewing.viewing_of(juror, screener) is recorded


def test_later_reports_merge_into_what_is_stored(juror, screener):
    viewing.record_played(juror, screener, [[0, MINUTE], [2 * MINUTE, 3 * MINUTE]])
    first_at = viewing.viewing_of(juror, screener).first_at

    recorded = viewing.record_played(
        juror, screener, [[30_000, 2 * MINUTE], [3 * MINUTE, 4 * MINUTE]]
    )

    assert recorded.intervals == [[0, 4 * MINUTE]]
    assert recorded.watched_ms == 4 * MINUTE
    assert recorded.first_at == first_at


def test_the_same_report_twice_counts_once(juror, screener):
    viewing.record_played(juror, screener, [[0, MINUTE]])
    recorded = viewing.record_played(juror, screener, [[0, MINUTE]])

    assert recorded.watched_ms == MINUTE


def test_viewings_are_per_viewer(juror, screener):
    other = factories.make_user(Role.JUROR)
    viewing.record_played(juror, screener, [[0, MINUTE]])

    assert viewing.viewing_of(other, screener) is None


def test_an_end_just_past_the_duration_is_clipped_to_it(juror, screener):
    recorded = viewing.record_played(juror, screener, [[590_000, 601_500]])

    assert recorded.intervals == [[590_000, 600_000]]


@pytest.mark.parametrize(
    "intervals",
    [
        [[-1, 1000]],
        [[5000, 1000]],
        [[1000, 1000]],
        [[0, 600_000 + viewing.SLACK_MS + 1]],
        [[0, 1000, 2000]],
        [["0", "1000"]],
        [[0.5, 1000]],
        [[True, 1000]],
        [[0, float("inf")]],
        [None],
        {"start": 0, "end": 1000},
        "0-1000",
        None,
        [[0, 1000]] * (viewing.MAX_INTERVALS_PER_REPORT + 1),
    ],
    ids=[
        "negative",
        "reversed",
        "empty",
        "past-the-end",
        "triple",
        "strings",
        "fraction",
        "boolean",
        "infinite",
        "null-pair",
        "object",
        "string",
        "missing",
        "too-many",
    ],
)
def test_bad_reports_are_refused_and_nothing_is_stored(juror, screener, intervals):
    with pytest.raises(ViewingError) as error:
        viewing.record_played(juror, screener, intervals)

    assert str(error.value)
    assert viewing.viewing_of(juror, screener) is None


def test_a_bad_report_leaves_the_stored_intervals_alone(juror, screener):
    viewing.record_played(juror, screener, [[0, MINUTE]])

    with pytest.raises(ViewingError):
        viewing.record_played(juror, screener, [[2 * MINUTE, 3 * MINUTE], [-5, 10]])

    assert viewing.viewing_of(juror, screener).intervals == [[0, MINUTE]]


def test_duration_is_the_probed_one_else_the_entered_runtime(app_ctx):
    film = factories.make_film(runtime_s=12 * 60)

    assert viewing.duration_ms_of(factories.make_screener(film, probe={"duration_s": 61.25})) == (
        61_250
    )
    assert viewing.duration_ms_of(factories.make_screener(film)) == 12 * MINUTE


def test_watched_share_is_the_played_part_of_the_film(juror, screener):
    recorded = viewing.record_played(juror, screener, [[0, 150_000], [300_000, 450_000]])

    assert viewing.watched_share(recorded, 600_000) == pytest.approx(0.5)
    assert viewing.watched_share(None, 600_000) == 0.0
    assert viewing.watched_share(recorded, None) == 0.0
    assert viewing.watched_share(recorded, 100_000) == 1.0
