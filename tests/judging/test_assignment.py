"""The min-cost-flow plan of films to jurors: coverage, balance, blocks, caps, preferences,
determinism and the explanations of shortfalls. Pure: no app, no database."""

from __future__ import annotations

import itertools
import random

import pytest

from festival.judging.assignment import (
    BlockReason,
    FilmSpec,
    JurorSpec,
    Plan,
    ShortReason,
    plan_assignments,
)


def films_of(count: int, needed: int = 3, group: int | str = "fiction") -> list[FilmSpec]:
    return [FilmSpec(entry_id=i, group=group, needed=needed) for i in range(1, count + 1)]


def jurors_of(count: int, **kwargs) -> list[JurorSpec]:
    return [JurorSpec(juror_id=100 + j, **kwargs) for j in range(count)]


def assert_consistent(plan: Plan, films, jurors, blocked) -> None:
    """No blocked pair, no pair twice, caps respected, loads match current + new pairs."""
    assert plan.pairs == sorted(set(plan.pairs))
    assert not [pair for pair in plan.pairs if pair in blocked]
    per_film = plan.by_film()
    for film in films:
        assert len(per_film.get(film.entry_id, [])) <= film.needed
    per_juror = plan.by_juror()
    assert set(plan.loads) == {j.juror_id for j in jurors}
    for juror in jurors:
        load = juror.current_load + len(per_juror.get(juror.juror_id, []))
        assert plan.loads[juror.juror_id] == load
        if juror.cap is not None:
            assert load <= juror.cap


def test_every_film_gets_its_reviews_and_loads_differ_by_at_most_one():
    films, jurors = films_of(10, needed=3), jurors_of(7)
    plan = plan_assignments(films, jurors, {})
    assert_consistent(plan, films, jurors, {})
    assert plan.assigned_count == 30
    assert all(len(js) == 3 for js in plan.by_film().values())
    assert len(plan.by_film()) == 10
    assert plan.load_spread <= 1
    assert sorted(plan.loads.values()) == [4, 4, 4, 4, 4, 5, 5]
    assert plan.shortfalls == []


def test_uneven_current_loads_are_evened_out_without_moving_anything():
    films = films_of(13, needed=1)
    jurors = [
        JurorSpec(1, current_load=6),
        JurorSpec(2, current_load=2),
        JurorSpec(3, current_load=0),
        JurorSpec(4, current_load=0),
    ]
    plan = plan_assignments(films, jurors, {})
    assert_consistent(plan, films, jurors, {})
    assert plan.assigned_count == 13
    # 8 existing + 13 new = 21 over 4 jurors: everyone ends at 5, except the juror already at 6,
    # who gets nothing new (their existing assignments are not moved).
    assert plan.loads == {1: 6, 2: 5, 3: 5, 4: 5}
    assert 1 not in plan.by_juror()


def test_uneven_current_loads_reach_a_spread_of_one_when_there_is_enough_work():
    films = films_of(9, needed=2)
    jurors = [JurorSpec(1, current_load=3), JurorSpec(2, current_load=1), JurorSpec(3)]
    plan = plan_assignments(films, jurors, {})
    assert plan.assigned_count == 18
    assert sorted(plan.loads.values()) == [7, 7, 8]
    assert plan.load_spread == 1


@pytest.mark.parametrize("reason", list(BlockReason))
def test_blocked_pairs_are_never_planned(reason):
    films, jurors = films_of(4, needed=2), jurors_of(3)
    blocked = {(1, 100): reason, (2, 101): reason, (3, 102): reason, (4, 100): reason}
    plan = plan_assignments(films, jurors, blocked)
    assert_consistent(plan, films, jurors, blocked)
    assert plan.assigned_count == 8
    assert plan.by_film() == {1: [101, 102], 2: [100, 102], 3: [100, 101], 4: [101, 102]}


def test_blocks_may_be_given_as_their_string_values():
    films, jurors = films_of(1, needed=1), jurors_of(2)
    plan = plan_assignments(films, jurors, {(1, 100): "conflict"})
    assert plan.pairs == [(1, 101)]


def test_blocks_naming_unknown_films_or_jurors_are_ignored():
    films, jurors = films_of(1, needed=1), jurors_of(1)
    plan = plan_assignments(films, jurors, {(99, 100): BlockReason.CONFLICT, (1, 999): "recused"})
    assert plan.pairs == [(1, 100)]


def test_caps_are_respected_and_the_rest_goes_to_the_others():
    films = films_of(6, needed=2)
    jurors = [JurorSpec(1, current_load=1, cap=2), JurorSpec(2, cap=3), JurorSpec(3), JurorSpec(4)]
    plan = plan_assignments(films, jurors, {})
    assert_consistent(plan, films, jurors, {})
    assert plan.assigned_count == 12
    assert plan.loads[1] == 2
    assert plan.loads[2] == 3
    assert plan.loads[3] + plan.loads[4] == 12 + 1 - 2 - 3
    assert abs(plan.loads[3] - plan.loads[4]) <= 1


def test_a_juror_at_their_cap_gets_nothing_new():
    films, jurors = films_of(3, needed=1), [JurorSpec(1, current_load=2, cap=2), JurorSpec(2)]
    plan = plan_assignments(films, jurors, {})
    assert plan.by_juror() == {2: [1, 2, 3]}
    assert plan.loads == {1: 2, 2: 3}


def test_preferences_are_honoured_when_balance_allows():
    films = [
        FilmSpec(1, "documentary", 1),
        FilmSpec(2, "fiction", 1),
        FilmSpec(3, "documentary", 1),
        FilmSpec(4, "fiction", 1),
    ]
    jurors = [
        JurorSpec(1, preferred_groups=frozenset({"fiction"})),
        JurorSpec(2, preferred_groups=frozenset({"documentary"})),
    ]
    plan = plan_assignments(films, jurors, {})
    assert plan.by_juror() == {1: [2, 4], 2: [1, 3]}


def test_jurors_without_preferences_take_the_films_nobody_prefers():
    films = [FilmSpec(1, "animation", 1), FilmSpec(2, "fiction", 1)]
    jurors = [JurorSpec(1, preferred_groups=frozenset({"fiction"})), JurorSpec(2)]
    plan = plan_assignments(films, jurors, {})
    assert plan.by_juror() == {1: [2], 2: [1]}


def test_balance_wins_over_preferences():
    films = [FilmSpec(i, "documentary", 1) for i in range(1, 7)]
    jurors = [
        JurorSpec(1, preferred_groups=frozenset({"documentary"})),
        JurorSpec(2, preferred_groups=frozenset({"fiction"})),
        JurorSpec(3, preferred_groups=frozenset({"fiction"})),
    ]
    plan = plan_assignments(films, jurors, {})
    assert plan.loads == {1: 2, 2: 2, 3: 2}


def test_groups_may_be_ids():
    films = [FilmSpec(1, 7, 1), FilmSpec(2, 8, 1)]
    jurors = [JurorSpec(1, preferred_groups=frozenset({8})), JurorSpec(2)]
    assert plan_assignments(films, jurors, {}).pairs == [(1, 2), (2, 1)]


def _random_case(seed: int, n_films: int, n_jurors: int, conflict_rate: float = 0.02):
    rng = random.Random(seed)
    groups = ["documentary", "fiction", "animation", "experimental"]
    films = [FilmSpec(i, rng.choice(groups), 3) for i in range(1, n_films + 1)]
    jurors = [
        JurorSpec(
            200 + j,
            current_load=rng.choice([0, 0, 1]),
            preferred_groups=frozenset(rng.sample(groups, rng.choice([0, 1, 2]))),
        )
        for j in range(n_jurors)
    ]
    blocked = {
        (f.entry_id, j.juror_id): BlockReason.CONFLICT
        for f in films
        for j in jurors
        if rng.random() < conflict_rate
    }
    return films, jurors, blocked


def test_the_same_input_gives_the_same_plan():
    films, jurors, blocked = _random_case(3, 60, 8, conflict_rate=0.1)
    assert plan_assignments(films, jurors, blocked) == plan_assignments(films, jurors, blocked)


def test_the_order_of_the_input_does_not_change_the_plan():
    films, jurors, blocked = _random_case(4, 60, 8, conflict_rate=0.1)
    expected = plan_assignments(films, jurors, blocked)
    rng = random.Random(99)
    for _ in range(3):
        shuffled_films, shuffled_jurors = films[:], jurors[:]
        rng.shuffle(shuffled_films)
        rng.shuffle(shuffled_jurors)
        items = list(blocked.items())
        rng.shuffle(items)
        assert plan_assignments(shuffled_films, shuffled_jurors, dict(items)) == expected


def test_a_medium_random_round_is_fully_covered_balanced_and_respects_conflicts():
    films, jurors, blocked = _random_case(2026, 300, 12)
    jurors = [JurorSpec(j.juror_id, preferred_groups=j.preferred_groups) for j in jurors]
    plan = plan_assignments(films, jurors, blocked)
    assert_consistent(plan, films, jurors, blocked)
    assert plan.assigned_count == 900
    assert plan.shortfalls == []
    assert plan.load_spread <= 1
    assert sorted(set(plan.loads.values())) == [75]


def test_a_film_every_juror_is_conflicted_on_is_explained():
    films, jurors = films_of(2, needed=2), jurors_of(3)
    blocked = {
        (1, 100): BlockReason.CONFLICT,
        (1, 101): BlockReason.CONFLICT,
        (1, 102): BlockReason.RECUSED,
    }
    plan = plan_assignments(films, jurors, blocked)
    assert list(plan.by_film()) == [2]
    assert len(plan.by_film()[2]) == 2
    [shortfall] = plan.shortfalls
    assert shortfall.entry_id == 1
    assert shortfall.missing == 2
    assert shortfall.reason == ShortReason.ALL_CONFLICTED
    assert (shortfall.eligible, shortfall.conflicted, shortfall.at_cap) == (0, 2, 0)


def test_a_film_with_fewer_unblocked_jurors_than_it_needs_is_explained_by_its_conflicts():
    films, jurors = films_of(1, needed=3), jurors_of(5)
    blocked = {(1, 100 + j): BlockReason.CONFLICT for j in range(4)}
    plan = plan_assignments(films, jurors, blocked)
    assert plan.pairs == [(1, 104)]
    [shortfall] = plan.shortfalls
    assert shortfall.missing == 2
    assert shortfall.reason == ShortReason.ALL_CONFLICTED
    assert (shortfall.eligible, shortfall.conflicted) == (1, 4)


def test_a_film_needing_more_jurors_than_the_round_has_is_explained():
    films, jurors = films_of(1, needed=3), jurors_of(2)
    plan = plan_assignments(films, jurors, {})
    assert plan.assigned_count == 2
    [shortfall] = plan.shortfalls
    assert shortfall.reason == ShortReason.NO_JURORS
    assert (shortfall.missing, shortfall.eligible, shortfall.conflicted) == (1, 2, 0)


def test_jurors_already_on_a_film_count_towards_no_jurors():
    films, jurors = films_of(1, needed=2), jurors_of(3)
    blocked = {(1, 100): BlockReason.ASSIGNED, (1, 101): BlockReason.ASSIGNED}
    plan = plan_assignments(films, jurors, blocked)
    assert plan.pairs == [(1, 102)]
    [shortfall] = plan.shortfalls
    assert shortfall.reason == ShortReason.NO_JURORS
    assert (shortfall.missing, shortfall.eligible, shortfall.conflicted) == (1, 1, 0)


def test_a_film_short_because_the_free_jurors_were_already_at_their_caps_is_explained():
    films = films_of(1, needed=3)
    jurors = [
        JurorSpec(1),
        JurorSpec(2, current_load=4, cap=4),
        JurorSpec(3, current_load=2, cap=2),
    ]
    plan = plan_assignments(films, jurors, {})
    assert plan.pairs == [(1, 1)]
    [shortfall] = plan.shortfalls
    assert shortfall.reason == ShortReason.CAPS_REACHED
    assert (shortfall.missing, shortfall.eligible, shortfall.conflicted, shortfall.at_cap) == (
        2,
        3,
        0,
        2,
    )


def test_a_film_short_because_capped_jurors_filled_up_with_other_films_is_explained():
    films = films_of(3, needed=2)
    jurors = [JurorSpec(1, cap=2), JurorSpec(2, cap=2), JurorSpec(3, cap=1)]
    plan = plan_assignments(films, jurors, {})
    assert plan.assigned_count == 5
    assert plan.loads == {1: 2, 2: 2, 3: 1}
    [shortfall] = plan.shortfalls
    assert shortfall.missing == 1
    assert shortfall.reason == ShortReason.TAKEN_BY_OTHERS
    assert (shortfall.eligible, shortfall.conflicted, shortfall.at_cap) == (3, 0, 3)


def test_zero_films_give_an_empty_plan():
    plan = plan_assignments([], jurors_of(3, current_load=2), {})
    assert plan.pairs == []
    assert plan.loads == {100: 2, 101: 2, 102: 2}
    assert plan.shortfalls == []
    assert plan.load_spread == 0
    assert plan.by_juror() == {}
    assert plan.by_film() == {}


def test_zero_jurors_give_an_empty_plan_with_every_film_short():
    plan = plan_assignments(films_of(2, needed=1), [], {})
    assert plan.pairs == []
    assert plan.loads == {}
    assert plan.load_spread == 0
    assert [(s.entry_id, s.missing, s.reason) for s in plan.shortfalls] == [
        (1, 1, ShortReason.NO_JURORS),
        (2, 1, ShortReason.NO_JURORS),
    ]


def test_films_needing_nothing_give_an_empty_plan():
    plan = plan_assignments(films_of(4, needed=0), jurors_of(2), {})
    assert plan == Plan(pairs=[], loads={100: 0, 101: 0}, shortfalls=[])
    assert plan.assigned_count == 0


@pytest.mark.parametrize(
    ("films", "jurors", "message"),
    [
        (films_of(1, needed=-1), jurors_of(1), "needs -1 reviews"),
        (films_of(1), [JurorSpec(1, current_load=3, cap=2)], "cap of 2, below"),
        (films_of(1), [JurorSpec(1, current_load=-1)], "current load of -1"),
        (films_of(1) + films_of(1), jurors_of(1), "Film 1 is listed more than once"),
        (films_of(1), [JurorSpec(1), JurorSpec(1)], "Juror 1 is listed more than once"),
    ],
)
def test_invalid_input_is_refused(films, jurors, message):
    with pytest.raises(ValueError, match=message):
        plan_assignments(films, jurors, {})


def test_an_unknown_block_reason_is_refused():
    with pytest.raises(ValueError):
        plan_assignments(films_of(1), jurors_of(1), {(1, 100): "bored"})


def _best_possible(films, jurors, blocked) -> tuple[int, int]:
    """(most pairs, then least sum of squared loads) over every possible plan, by brute force."""
    choices = []
    for film in films:
        open_jurors = [j.juror_id for j in jurors if (film.entry_id, j.juror_id) not in blocked]
        choices.append(
            [
                combo
                for size in range(min(film.needed, len(open_jurors)) + 1)
                for combo in itertools.combinations(open_jurors, size)
            ]
        )
    best = None
    for picked in itertools.product(*choices):
        loads = {j.juror_id: j.current_load for j in jurors}
        for combo in picked:
            for juror_id in combo:
                loads[juror_id] += 1
        if any(j.cap is not None and loads[j.juror_id] > j.cap for j in jurors):
            continue
        score = (sum(len(c) for c in picked), -sum(v * v for v in loads.values()))
        best = score if best is None else max(best, score)
    assert best is not None  # planning nothing is always possible
    return best[0], -best[1]


@pytest.mark.parametrize("seed", range(12))
def test_small_plans_are_as_full_and_as_balanced_as_brute_force_finds(seed):
    rng = random.Random(seed)
    films = [FilmSpec(i, "g", rng.choice([1, 2])) for i in range(1, 5)]
    jurors = [
        JurorSpec(
            j, current_load=(load := rng.choice([0, 0, 1, 3])), cap=rng.choice([None, load + 1])
        )
        for j in range(1, 5)
    ]
    reasons = list(BlockReason)
    blocked = {
        (f.entry_id, j.juror_id): rng.choice(reasons)
        for f in films
        for j in jurors
        if rng.random() < 0.3
    }
    plan = plan_assignments(films, jurors, blocked)
    assert_consistent(plan, films, jurors, blocked)
    most, least_squares = _best_possible(films, jurors, blocked)
    assert plan.assigned_count == most
    assert sum(v * v for v in plan.loads.values()) == least_squares
    assert sum(s.missing for s in plan.shortfalls) == sum(f.needed for f in films) - most
