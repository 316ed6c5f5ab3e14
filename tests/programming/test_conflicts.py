"""Schedule conflicts: each kind, the changeover boundary to the minute, cancelled screenings
ignored, the sweep against every pair, and the loader over a saved edition."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

from festival.programming.conflicts import (
    PROPOSED,
    Conflict,
    ConflictKind,
    ScreeningFacts,
    conflicts_of,
    conflicts_of_change,
)
from festival.programming.models.programme import ScreeningState
from festival.programming.selection import Selection

K = ConflictKind
NOON = datetime(2027, 7, 10, 12, 0, tzinfo=UTC)


def facts(
    screening_id,
    *,
    venue=1,
    start=0,
    minutes=90,
    films=(),
    guests=(),
    changeover=15,
    state=ScreeningState.PENCILLED,
):
    starts_at = NOON + timedelta(minutes=start)
    return ScreeningFacts(
        screening_id=screening_id,
        venue_id=venue,
        changeover_minutes=changeover,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        submission_ids=tuple(films),
        guest_ids=tuple(guests),
        state=state,
    )


def kinds(conflicts):
    return sorted((c.kind.value, c.screening_ids, c.subject_id) for c in conflicts)


def test_a_screening_starting_exactly_when_the_changeover_ends_is_fine():
    first, second = facts(1, minutes=90), facts(2, start=90 + 15)
    assert conflicts_of([first, second], {}) == []


def test_a_screening_starting_a_minute_into_the_changeover_double_books_the_venue():
    first, second = facts(1, minutes=90), facts(2, start=90 + 14)
    assert conflicts_of([second, first], {}) == [Conflict(K.VENUE_DOUBLE_BOOKED, (1, 2), 1)]


def test_other_venues_are_not_double_booked():
    assert conflicts_of([facts(1), facts(2, venue=2)], {}) == []


def test_a_film_in_two_places_at_once():
    selected = {7: Selection.SELECTED}
    found = conflicts_of([facts(1, films=[7]), facts(2, venue=2, start=89, films=[7])], selected)
    assert found == [Conflict(K.FILM_TWICE, (1, 2), 7)]
    # the same film later the same day, after the first ends, is fine (no changeover for films)
    assert (
        conflicts_of([facts(1, films=[7]), facts(2, venue=2, start=90, films=[7])], selected) == []
    )


def test_a_guest_booked_twice_at_overlapping_times():
    found = conflicts_of([facts(1, guests=[40]), facts(2, venue=2, start=30, guests=[40, 41])], {})
    assert found == [Conflict(K.GUEST_TWICE, (1, 2), 40)]


def test_films_not_selected_or_not_released():
    selections = {1: Selection.SELECTED, 2: Selection.DECIDED, 3: Selection.NOT_SELECTED}
    pencilled = facts(1, films=[1, 2, 3, 4])
    confirmed = facts(2, venue=2, start=200, films=[2], state=ScreeningState.CONFIRMED)
    found = conflicts_of([pencilled, confirmed], selections)
    assert kinds(found) == [
        ("not_released", (1,), 2),
        ("not_selected", (1,), 3),
        ("not_selected", (1,), 4),  # unknown to the selection: not selected
        ("not_selected", (2,), 2),  # confirmed before its release: a conflict, not a warning
    ]
    assert [c.is_warning for c in found if c.kind is K.NOT_RELEASED] == [True]


def test_cancelled_screenings_are_ignored():
    cancelled = facts(2, films=[9], guests=[1], state=ScreeningState.CANCELLED)
    assert conflicts_of([facts(1, films=[9], guests=[1]), cancelled], {9: Selection.SELECTED}) == []


def test_the_conflicts_of_a_change_are_those_it_would_be_in():
    saved = [facts(1), facts(2, venue=2), facts(3, venue=2, start=30)]  # 2 and 3 clash already
    proposal = facts(PROPOSED, start=60)
    assert conflicts_of_change(saved, {}, proposal) == [
        Conflict(K.VENUE_DOUBLE_BOOKED, (1, PROPOSED), 1)
    ]
    moved_away = facts(3, venue=3, start=30)
    assert conflicts_of_change(saved, {}, moved_away) == []


def test_the_sweep_finds_what_every_pair_finds():
    rng = random.Random(5)
    screenings = [
        facts(
            n + 1,
            venue=rng.randint(1, 4),
            start=rng.randint(0, 24 * 60),
            minutes=rng.randint(10, 150),
            films=rng.sample(range(1, 30), rng.randint(1, 3)),
            guests=rng.sample(range(1, 20), rng.randint(0, 2)),
            changeover=rng.choice((0, 10, 15, 30)),
        )
        for n in range(120)
    ]
    found = {(c.kind, c.screening_ids, c.subject_id) for c in conflicts_of(screenings, {})}
    expected = set()
    for a, b in itertools.combinations(screenings, 2):
        a, b = sorted((a, b), key=lambda s: (s.starts_at, s.screening_id))
        pair = (a.screening_id, b.screening_id)
        if a.venue_id == b.venue_id and b.starts_at < a.ends_at + timedelta(
            minutes=a.changeover_minutes
        ):
            expected.add((K.VENUE_DOUBLE_BOOKED, pair, a.venue_id))
        if b.starts_at < a.ends_at:
            expected |= {
                (K.FILM_TWICE, pair, f) for f in set(a.submission_ids) & set(b.submission_ids)
            }
            expected |= {(K.GUEST_TWICE, pair, g) for g in set(a.guest_ids) & set(b.guest_ids)}
    expected |= {
        (K.NOT_SELECTED, (s.screening_id,), f) for s in screenings for f in s.submission_ids
    }
    assert found == expected
