"""What is wrong with a schedule, before and after saving: a venue booked twice (its changeover
included), a film playing in two places at once, a guest booked to two screenings at the same
time, and a film scheduled that is not selected.

The checks are pure functions over plain facts (`ScreeningFacts`, and each film's
`Selection`), gathered for a whole edition by `edition_facts` in a fixed number of queries.
Overlaps are found by a sweep per venue, per film and per guest: sorted by start, each
screening is compared only with those still running when it starts (not every pair).

Specification, for two screenings A and B with A starting no later than B, neither cancelled:
- venue: same venue and `B.starts_at < A.ends_at + changeover` (starting exactly when the
  changeover ends is fine);
- film: a film in both and `B.starts_at < A.ends_at`;
- guest: a guest booked to both and `B.starts_at < A.ends_at`;
- selection, per screening and film: not selected is a conflict; selected but not yet
  released (`Selection.DECIDED`) is a softer warning ("not yet released") for a pencilled
  screening and a conflict for a confirmed one."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum
from festival.extensions import db
from festival.programming.models.programme import (
    BlockFilm,
    Screening,
    ScreeningGuest,
    ScreeningState,
    Venue,
)
from festival.programming.selection import Selection, selection_of

PROPOSED = 0
"""The screening id a change not yet saved (a new screening) takes in the facts."""


class ConflictKind(LabelledEnum):
    VENUE_DOUBLE_BOOKED = "venue", _l("Venue double-booked (changeover included)")
    FILM_TWICE = "film", _l("Film in two places at once")
    GUEST_TWICE = "guest", _l("Guest booked twice at the same time")
    NOT_SELECTED = "not_selected", _l("Film not selected")
    NOT_RELEASED = "not_released", _l("Selected, not yet released")


WARNINGS = frozenset({ConflictKind.NOT_RELEASED})
"""Kinds that are only a warning (a pencilled screening may wait for the release)."""


@dataclass(frozen=True)
class ScreeningFacts:
    screening_id: int
    venue_id: int
    changeover_minutes: int
    starts_at: datetime
    ends_at: datetime
    submission_ids: tuple[int, ...]
    guest_ids: tuple[int, ...]
    state: ScreeningState


@dataclass(frozen=True)
class Conflict:
    """`screening_ids` in order of start; `subject_id` is the venue, film (submission) or
    guest (user) it is about."""

    kind: ConflictKind
    screening_ids: tuple[int, ...]
    subject_id: int

    @property
    def is_warning(self) -> bool:
        return self.kind in WARNINGS

    def involves(self, screening_id: int) -> bool:
        return screening_id in self.screening_ids


def conflicts_of(
    screenings: Iterable[ScreeningFacts], selections: Mapping[int, Selection]
) -> list[Conflict]:
    """Every conflict among `screenings` (see the module); cancelled ones are ignored."""
    live = sorted(
        (s for s in screenings if s.state is not ScreeningState.CANCELLED),
        key=lambda s: (s.starts_at, s.screening_id),
    )
    by_venue, by_film, by_guest = defaultdict(list), defaultdict(list), defaultdict(list)
    for screening in live:
        by_venue[screening.venue_id].append(screening)
        for submission_id in screening.submission_ids:
            by_film[submission_id].append(screening)
        for guest_id in screening.guest_ids:
            by_guest[guest_id].append(screening)
    found = []
    for kind, groups, held_for in (
        (ConflictKind.VENUE_DOUBLE_BOOKED, by_venue, _with_changeover),
        (ConflictKind.FILM_TWICE, by_film, _until_end),
        (ConflictKind.GUEST_TWICE, by_guest, _until_end),
    ):
        for subject_id, group in groups.items():
            found += [
                Conflict(kind, pair, subject_id) for pair in overlapping_pairs(group, held_for)
            ]
    found += selection_conflicts(live, selections)
    return found


def _with_changeover(screening: ScreeningFacts) -> datetime:
    return screening.ends_at + timedelta(minutes=screening.changeover_minutes)


def _until_end(screening: ScreeningFacts) -> datetime:
    return screening.ends_at


def overlapping_pairs(
    ordered: Sequence[ScreeningFacts], held_until: Callable[[ScreeningFacts], datetime]
) -> list[tuple[int, int]]:
    """Pairs (earlier id, later id) where the later starts before the earlier is released
    (`held_until`); `ordered` is sorted by start. A heap keeps only those still holding."""
    pairs = []
    holding: list[tuple[datetime, int, ScreeningFacts]] = []
    for screening in ordered:
        while holding and holding[0][0] <= screening.starts_at:
            heapq.heappop(holding)
        pairs += [(earlier.screening_id, screening.screening_id) for _, _, earlier in holding]
        heapq.heappush(holding, (held_until(screening), screening.screening_id, screening))
    return pairs


def selection_conflicts(
    screenings: Iterable[ScreeningFacts], selections: Mapping[int, Selection]
) -> list[Conflict]:
    found = []
    for screening in screenings:
        for submission_id in screening.submission_ids:
            selection = selections.get(submission_id, Selection.NOT_SELECTED)
            if selection is Selection.SELECTED:
                continue
            pencilled = screening.state is ScreeningState.PENCILLED
            kind = (
                ConflictKind.NOT_RELEASED
                if selection is Selection.DECIDED and pencilled
                else ConflictKind.NOT_SELECTED
            )
            found.append(Conflict(kind, (screening.screening_id,), submission_id))
    return found


def conflicts_of_change(
    screenings: Sequence[ScreeningFacts],
    selections: Mapping[int, Selection],
    proposed: ScreeningFacts,
) -> list[Conflict]:
    """The conflicts `proposed` (a new screening, id `PROPOSED`, or a changed one) would be
    in once saved: the edition's facts with it put in place of its saved self."""
    others = [s for s in screenings if s.screening_id != proposed.screening_id]
    return [
        conflict
        for conflict in conflicts_of([*others, proposed], selections)
        if conflict.involves(proposed.screening_id)
    ]


# --- loading the facts --------------------------------------------------------------------------


@dataclass(frozen=True)
class EditionFacts:
    screenings: list[ScreeningFacts]
    selections: dict[int, Selection]

    def conflicts(self) -> list[Conflict]:
        return conflicts_of(self.screenings, self.selections)


def edition_facts(edition_id: int, *, extra_submission_ids: Iterable[int] = ()) -> EditionFacts:
    """Every screening of the edition as facts, and the selection of every film in them (and
    of `extra_submission_ids`, a proposed screening's films), in four queries."""
    rows = db.session.execute(
        db.select(
            Screening.id,
            Screening.venue_id,
            Venue.changeover_minutes,
            Screening.starts_at,
            Screening.ends_at,
            Screening.block_id,
            Screening.submission_id,
            Screening.state,
        )
        .join(Venue, Venue.id == Screening.venue_id)
        .where(Screening.edition_id == edition_id)
    ).all()
    films_of_block = defaultdict(list)
    for block_id, submission_id in db.session.execute(
        db.select(BlockFilm.block_id, BlockFilm.submission_id)
        .where(
            BlockFilm.block_id.in_(
                db.select(Screening.block_id).where(Screening.edition_id == edition_id)
            )
        )
        .order_by(BlockFilm.block_id, BlockFilm.position)
    ):
        films_of_block[block_id].append(submission_id)
    guests = defaultdict(list)
    for screening_id, user_id in db.session.execute(
        db.select(ScreeningGuest.screening_id, ScreeningGuest.user_id)
        .join(Screening, Screening.id == ScreeningGuest.screening_id)
        .where(Screening.edition_id == edition_id)
    ):
        guests[screening_id].append(user_id)
    screenings = [
        ScreeningFacts(
            screening_id=row.id,
            venue_id=row.venue_id,
            changeover_minutes=row.changeover_minutes,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            submission_ids=tuple(films_of_block[row.block_id])
            if row.block_id
            else (row.submission_id,),
            guest_ids=tuple(guests[row.id]),
            state=row.state,
        )
        for row in rows
    ]
    wanted = {f for s in screenings for f in s.submission_ids} | set(extra_submission_ids)
    return EditionFacts(screenings, selection_of(wanted))
