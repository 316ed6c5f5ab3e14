"""Plans the automatic assignment of films to jurors for a jury round, as a min-cost flow.

As HotCRP and OpenReview do, and unlike a shuffle, the plan is the solution of a flow problem:

    source --(needed, 0)--> film --(1, preference)--> juror --(unit arcs, rising cost)--> sink

* Each film asks for `needed` more reviews, through one arc from the source.
* Each (film, juror) pair that is not blocked (conflict, already assigned, recused, abstained)
  is an arc of capacity 1 costing 0 when the juror has no preference or prefers the film's
  group, else `PREFERENCE_COST`.
* Each juror reaches the sink through unit arcs of increasing cost: the k-th assignment of a
  juror (counting the `current_load` they already have, which is fixed and never moved) costs
  `load_cost * (2k + 1)`, the marginal of k², up to their cap. The solver thus minimises the
  sum of squared loads, which for a flow is the most balanced assignment: loads differ by at
  most one wherever conflicts and caps allow.

To keep the arc count small, a juror has unit arcs only up to B = ceil((Σ current + Σ needed)
/ J) + 2 and then one arc for the rest of their capacity at the marginal cost of B. That
truncated cost is still convex, equals k² up to B + 1 and is below k² beyond, so a solution in
which no load exceeds B + 1 (every round where conflicts and caps leave room for balance) is
exactly the least sum of squares. When blocks or caps force a juror above that, the flow is
solved again with a larger B until the check holds, so the plan is always exact.

`solve_max_flow_with_min_cost` maximises the number of reviews planned first, then minimises
the cost. The cost is `load_cost × Σ f(load) + PREFERENCE_COST × (pairs outside preferences)`.
Between two plans of the same size, a better balance lowers Σ f(load) by at least 1 (it is an
integer), so it saves at least `load_cost`, while preferences can differ by at most
`PREFERENCE_COST × Σ needed`. With `load_cost = PREFERENCE_COST × (Σ needed + 1)` (see
`load_cost_for`), balance always wins and preferences only choose among equally balanced plans.

The plan is deterministic: inputs are sorted by id before the graph is built, so the same
films, jurors and blocks give the same plan whatever order they come in. No randomness.

Pure: no Flask, no database. The caller loads the round's rows into `FilmSpec`, `JurorSpec` and
`blocked`, shows the `Plan` as a preview and applies its `pairs`."""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from festival.judging.enums import BlockReason, ShortReason

PREFERENCE_COST = 1
"""The cost of giving a juror a film outside the groups they prefer (when they prefer some)."""


@dataclass(frozen=True)
class JurorSpec:
    juror_id: int
    current_load: int = 0  # active assignments the juror already has in the round
    cap: int | None = None  # most assignments in total in the round (current included)
    preferred_groups: frozenset = frozenset()  # groups they prefer; empty = no preference


@dataclass(frozen=True)
class FilmSpec:
    entry_id: int
    group: int | str  # its category
    needed: int  # how many MORE reviews it needs (net of existing ones)


@dataclass(frozen=True)
class Shortfall:
    """A film the plan cannot give all the reviews it needs, and why.

    `eligible`: jurors in the round not blocked for the film; `conflicted`: jurors blocked by a
    conflict; `at_cap`: eligible jurors at their cap after the plan."""

    entry_id: int
    missing: int
    reason: ShortReason
    eligible: int
    conflicted: int
    at_cap: int


@dataclass(frozen=True)
class Plan:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # new (entry_id, juror_id), sorted
    loads: dict[int, int] = field(default_factory=dict)  # juror_id -> load after the plan
    shortfalls: list[Shortfall] = field(default_factory=list)  # by entry_id

    @property
    def load_spread(self) -> int:
        """Highest load minus lowest load after the plan; 0 for one juror or none."""
        if len(self.loads) <= 1:
            return 0
        return max(self.loads.values()) - min(self.loads.values())

    @property
    def assigned_count(self) -> int:
        return len(self.pairs)

    def by_juror(self) -> dict[int, list[int]]:
        """juror_id -> the entry_ids newly planned for them (jurors with none are left out)."""
        out: dict[int, list[int]] = {}
        for entry_id, juror_id in self.pairs:
            out.setdefault(juror_id, []).append(entry_id)
        return {juror_id: sorted(entries) for juror_id, entries in sorted(out.items())}

    def by_film(self) -> dict[int, list[int]]:
        """entry_id -> the juror_ids newly planned for it (films with none are left out)."""
        out: dict[int, list[int]] = {}
        for entry_id, juror_id in self.pairs:
            out.setdefault(entry_id, []).append(juror_id)
        return {entry_id: sorted(jurors) for entry_id, jurors in sorted(out.items())}


def load_cost_for(total_needed: int) -> int:
    """The cost unit of load, large enough that balance always wins over preferences.

    Two plans of the same size differ in preference cost by at most PREFERENCE_COST × the
    number of pairs (≤ total_needed), and in load cost by a whole multiple of this unit."""
    return PREFERENCE_COST * (total_needed + 1)


def _validate(films: Sequence[FilmSpec], jurors: Sequence[JurorSpec]) -> None:
    _refuse_repeats("Film", [film.entry_id for film in films])
    _refuse_repeats("Juror", [juror.juror_id for juror in jurors])
    for film in films:
        if film.needed < 0:
            raise ValueError(f"Film {film.entry_id} needs {film.needed} reviews; must be ≥ 0.")
    for juror in jurors:
        if juror.current_load < 0:
            raise ValueError(
                f"Juror {juror.juror_id} has a current load of {juror.current_load}; must be ≥ 0."
            )
        if juror.cap is not None and juror.cap < juror.current_load:
            raise ValueError(
                f"Juror {juror.juror_id} has a cap of {juror.cap}, below their current load "
                f"of {juror.current_load}."
            )


def _refuse_repeats(kind: str, ids: list[int]) -> None:
    seen: set[int] = set()
    for id_ in ids:
        if id_ in seen:
            raise ValueError(f"{kind} {id_} is listed more than once.")
        seen.add(id_)


def plan_assignments(
    films: Sequence[FilmSpec],
    jurors: Sequence[JurorSpec],
    blocked: Mapping[tuple[int, int], BlockReason],
) -> Plan:
    """Plan new (entry_id, juror_id) pairs giving each film its `needed` more reviews.

    `blocked` maps (entry_id, juror_id) to why the pair may not be planned; keys naming films or
    jurors not given are ignored. Raises ValueError on a negative `needed`, a cap below the
    current load, or an id listed twice."""
    _validate(films, jurors)
    films = sorted(films, key=lambda f: f.entry_id)
    jurors = sorted(jurors, key=lambda j: j.juror_id)
    n_films, n_jurors = len(films), len(jurors)
    film_index = {f.entry_id: i for i, f in enumerate(films)}
    juror_index = {j.juror_id: i for i, j in enumerate(jurors)}

    code_of = {reason: code for code, reason in enumerate(BlockReason, start=1)}
    block = _block_codes(blocked, film_index, juror_index, code_of)
    open_pairs = block == 0

    needed = np.array([f.needed for f in films], dtype=np.int64)
    current = np.array([j.current_load for j in jurors], dtype=np.int64)
    total_needed = int(needed.sum())

    flow_by_pair = np.zeros((n_films, n_jurors), dtype=bool)
    if n_films and n_jurors and total_needed:
        flow_by_pair = _solve(films, jurors, open_pairs, needed, current, total_needed)

    film_rows, juror_cols = np.nonzero(flow_by_pair)
    pairs = sorted(
        (films[i].entry_id, jurors[j].juror_id)
        for i, j in zip(film_rows.tolist(), juror_cols.tolist(), strict=True)
    )
    new_loads = current + flow_by_pair.sum(axis=0)
    loads = {j.juror_id: int(load) for j, load in zip(jurors, new_loads.tolist(), strict=True)}

    planned = flow_by_pair.sum(axis=1)
    caps = np.array([-1 if j.cap is None else j.cap for j in jurors], dtype=np.int64)
    shortfalls = [
        _shortfall(
            films[i], block[i], code_of, flow_by_pair[i], current, new_loads, caps, int(planned[i])
        )
        for i in np.nonzero(planned < needed)[0].tolist()
    ]
    return Plan(pairs=pairs, loads=loads, shortfalls=shortfalls)


def _block_codes(
    blocked: Mapping[tuple[int, int], BlockReason],
    film_index: dict[int, int],
    juror_index: dict[int, int],
    code_of: dict[BlockReason, int],
) -> np.ndarray:
    """What blocks each (film, juror) pair: 0 = nothing, else the reason's `code_of`.

    A round has tens of thousands of blocks, so the pairs are looked up in C-level passes
    (a reason given as its string value finds its member: a `StrEnum` hashes as its value)."""
    block = np.zeros((len(film_index), len(juror_index)), dtype=np.int8)
    if not blocked:
        return block
    entry_ids, juror_ids = zip(*blocked, strict=True)
    rows = np.fromiter(map(film_index.get, entry_ids, itertools.repeat(-1)), np.intp, len(blocked))
    cols = np.fromiter(map(juror_index.get, juror_ids, itertools.repeat(-1)), np.intp, len(blocked))
    codes = np.fromiter(
        map(code_of.get, blocked.values(), itertools.repeat(0)), np.int8, len(blocked)
    )
    known = (rows >= 0) & (cols >= 0)
    for reason in itertools.compress(blocked.values(), (known & (codes == 0)).tolist()):
        BlockReason(reason)  # raises the ValueError that names it
    block[rows[known], cols[known]] = codes[known]
    return block


def _solve(
    films: list[FilmSpec],
    jurors: list[JurorSpec],
    open_pairs: np.ndarray,
    needed: np.ndarray,
    current: np.ndarray,
    total_needed: int,
) -> np.ndarray:
    """The flow on each (film, juror) pair, as a boolean matrix."""
    n_films, n_jurors = open_pairs.shape
    source, sink = 0, n_films + n_jurors + 1
    film_node = np.arange(1, n_films + 1, dtype=np.int32)
    juror_node = np.arange(n_films + 1, n_films + n_jurors + 1, dtype=np.int32)
    load_cost = load_cost_for(total_needed)

    # Source -> film.
    tails = [np.full(n_films, source, dtype=np.int32)]
    heads = [film_node]
    capacities = [needed]
    costs = [np.zeros(n_films, dtype=np.int64)]

    # Film -> juror, for open pairs; off-preference pairs cost PREFERENCE_COST.
    group_index: dict[Hashable, int] = {}
    film_group = np.array([group_index.setdefault(f.group, len(group_index)) for f in films])
    off_preference = np.zeros((len(group_index), n_jurors), dtype=bool)
    for j, juror in enumerate(jurors):
        if juror.preferred_groups:
            off_preference[:, j] = True
            for group in juror.preferred_groups:
                if group in group_index:
                    off_preference[group_index[group], j] = False
    pair_rows, pair_cols = np.nonzero(open_pairs)
    tails.append(film_node[pair_rows])
    heads.append(juror_node[pair_cols])
    capacities.append(np.ones(len(pair_rows), dtype=np.int64))
    costs.append(
        off_preference[film_group[pair_rows], pair_cols].astype(np.int64) * PREFERENCE_COST
    )

    # Juror -> sink: see `_juror_arcs`. The flow is exact (the least sum of squared loads)
    # when no juror ends above their bound + 1; if one does, blocks or caps forced a load far
    # above the mean, and the flow is solved again with a larger bound. That is rare; a round
    # with room for balance is solved once.
    open_count = open_pairs.sum(axis=0)
    tops = current + open_count  # no juror can take more than the films open to them
    caps = np.array([-1 if j.cap is None else j.cap for j in jurors], dtype=np.int64)
    tops = np.where(caps >= 0, np.minimum(tops, caps), tops)
    fixed = [np.concatenate(part) for part in (tails, heads, capacities, costs)]
    pair_arcs = np.arange(n_films, n_films + len(pair_rows), dtype=np.int32)
    bound = math.ceil((int(current.sum()) + total_needed) / n_jurors) + 2
    while True:
        juror_arcs = _juror_arcs(current, tops, bound, juror_node, sink, load_cost)
        solver = min_cost_flow.SimpleMinCostFlow()
        solver.add_arcs_with_capacity_and_unit_cost(
            *(
                np.concatenate([part, extra], dtype=dtype)
                for part, extra, dtype in zip(
                    fixed, juror_arcs, (np.int32, np.int32, np.int64, np.int64), strict=True
                )
            )
        )
        solver.set_nodes_supplies(
            np.array([source, sink], dtype=np.int32),
            np.array([total_needed, -total_needed], dtype=np.int64),
        )
        status = solver.solve_max_flow_with_min_cost()
        if status != solver.OPTIMAL:
            raise RuntimeError(f"The assignment solver failed with status {status!r}.")

        flows = np.asarray(solver.flows(pair_arcs))
        flow_by_pair = np.zeros((n_films, n_jurors), dtype=bool)
        flow_by_pair[pair_rows, pair_cols] = flows > 0
        loads = current + flow_by_pair.sum(axis=0)
        if bool((loads <= np.maximum(current, bound) + 1).all()):
            return flow_by_pair
        bound = max(2 * bound, int(loads.max()) + 2)


def _juror_arcs(
    current: np.ndarray,
    tops: np.ndarray,
    bound: int,
    juror_node: np.ndarray,
    sink: int,
    load_cost: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each juror's arcs to the sink, as (tails, heads, capacities, costs).

    Unit arcs of marginal cost 2k + 1 from k = current load up to `bound` (or their top), then
    one arc for the rest of their capacity at the marginal cost of `bound` (or of their current
    load, if above it). The cost stays convex; it is k² up to the bound + 1 and below it after."""
    tails, capacities, ks = [], [], []
    for node, start, top in zip(juror_node.tolist(), current.tolist(), tops.tolist(), strict=True):
        units = np.arange(start, min(top, bound), dtype=np.int64)
        rest_from = max(start, bound)
        rest = top - rest_from
        ks.append(units)
        capacities.append(np.ones(len(units), dtype=np.int64))
        if rest > 0:
            ks.append(np.array([rest_from], dtype=np.int64))
            capacities.append(np.array([rest], dtype=np.int64))
        tails.append(np.full(len(units) + (rest > 0), node, dtype=np.int32))
    tail = np.concatenate(tails) if tails else np.zeros(0, dtype=np.int32)
    k = np.concatenate(ks) if ks else np.zeros(0, dtype=np.int64)
    capacity = np.concatenate(capacities) if capacities else np.zeros(0, dtype=np.int64)
    return tail, np.full(len(tail), sink, dtype=np.int32), capacity, load_cost * (2 * k + 1)


def _shortfall(
    film: FilmSpec,
    block_row: np.ndarray,
    code_of: dict[BlockReason, int],
    flow_row: np.ndarray,
    current: np.ndarray,
    new_loads: np.ndarray,
    caps: np.ndarray,
    planned: int,
) -> Shortfall:
    """Why `film` got `planned` < `needed` new reviews.

    NO_JURORS: the jurors of the round not already on it are fewer than it needs.
    ALL_CONFLICTED: fewer jurors than it needs are free of blocks (usually none is), so no caps
    could have helped.
    CAPS_REACHED: the eligible jurors it did not get were at their caps before the plan.
    TAKEN_BY_OTHERS: some of them reached their caps only with other films of this plan."""
    eligible = block_row == 0
    n_eligible = int(eligible.sum())
    conflicted = int((block_row == code_of[BlockReason.CONFLICT]).sum())
    already_on = int((block_row == code_of[BlockReason.ASSIGNED]).sum())
    capped = caps >= 0  # caps holds -1 for no cap
    at_cap_after = capped & (new_loads >= caps)
    n_at_cap = int((eligible & at_cap_after).sum())

    if len(block_row) - already_on < film.needed:
        reason = ShortReason.NO_JURORS
    elif n_eligible < film.needed:
        reason = ShortReason.ALL_CONFLICTED
    else:
        free = eligible & ~flow_row
        at_cap_before = capped & (current >= caps)
        if free.any() and bool(at_cap_before[free].all()):
            reason = ShortReason.CAPS_REACHED
        else:
            reason = ShortReason.TAKEN_BY_OTHERS
    return Shortfall(
        entry_id=film.entry_id,
        missing=film.needed - planned,
        reason=reason,
        eligible=n_eligible,
        conflicted=conflicted,
        at_cap=n_at_cap,
    )
