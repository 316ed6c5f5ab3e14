"""What the schedule's pages read: an edition's screenings with what they show (eager, in a
fixed number of queries), the day grid (venues as columns, quarter hours as rows), and the
conflicts described with the names a programmer knows them by."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import format_date, get_locale
from sqlalchemy.orm import joinedload, selectinload

from festival.accounts.models import User
from festival.database import utcnow
from festival.editions.models import Edition
from festival.editions.schedule import start_of_local_day
from festival.extensions import db
from festival.films.models import Film
from festival.programming.conflicts import Conflict, ConflictKind
from festival.programming.models.programme import (
    Block,
    BlockFilm,
    Screening,
    ScreeningGuest,
    ScreeningState,
    Venue,
)
from festival.programming.scheduling import local_moment
from festival.submissions.models import Submission
from festival.time_zones import zone_name

SLOT = timedelta(minutes=15)
FIRST_HOUR_SHOWN = 10
"""The day grid starts at this local hour, or earlier when a screening does."""


def _eager(query):
    return query.options(
        joinedload(Screening.venue),
        joinedload(Screening.submission).joinedload(Submission.film),
        joinedload(Screening.block)
        .selectinload(Block.films)
        .joinedload(BlockFilm.submission)
        .joinedload(Submission.film),
        selectinload(Screening.guests).joinedload(ScreeningGuest.user),
    )


def screenings_of(edition: Edition) -> list[Screening]:
    return (
        db.session.scalars(
            _eager(db.select(Screening))
            .where(Screening.edition_id == edition.id)
            .order_by(Screening.starts_at, Screening.id)
        )
        .unique()
        .all()
    )


def screenings_between(edition: Edition, start: datetime, end: datetime) -> list[Screening]:
    """Screenings of the edition running at some moment of [start, end)."""
    return (
        db.session.scalars(
            _eager(db.select(Screening))
            .where(
                Screening.edition_id == edition.id,
                Screening.starts_at < end,
                Screening.ends_at > start,
                Screening.state != ScreeningState.CANCELLED,
            )
            .order_by(Screening.starts_at, Screening.id)
        )
        .unique()
        .all()
    )


def screening_title(screening: Screening, locale: str | None = None) -> str:
    if screening.block is not None:
        return screening.block.display_title(locale)
    return screening.submission.film.title


def clock(moment: datetime, edition: Edition) -> str:
    """A moment as hours and minutes on the edition's clock."""
    return local_moment(moment, edition).strftime("%H:%M")


def when(screening: Screening, edition: Edition) -> str:
    """Its day, start and end on the edition's clock, and the clock's name, as the schedule
    shows them ("Jul 10, 2027 19:30–21:00 (Korean Standard Time)")."""
    start = local_moment(screening.starts_at, edition)
    day = format_date(start.date(), "medium")
    span = f"{clock(screening.starts_at, edition)}–{clock(screening.ends_at, edition)}"
    return f"{day} {span} ({zone_name(start, str(get_locale() or 'en'))})"


def local_day(moment: datetime, edition: Edition) -> date:
    return local_moment(moment, edition).date()


def by_local_day(screenings: list[Screening], edition: Edition) -> dict[date, list[Screening]]:
    days: dict[date, list[Screening]] = defaultdict(list)
    for screening in screenings:
        days[local_day(screening.starts_at, edition)].append(screening)
    return dict(days)


def festival_days(edition: Edition) -> list[date]:
    """The local days with a screening (cancelled ones aside), in order."""
    starts = db.session.scalars(
        db.select(Screening.starts_at).where(
            Screening.edition_id == edition.id, Screening.state != ScreeningState.CANCELLED
        )
    )
    return sorted({local_day(moment, edition) for moment in starts})


def first_day(edition: Edition) -> date:
    days = festival_days(edition)
    return days[0] if days else local_day(utcnow(), edition)


# --- the day grid -----------------------------------------------------------------------------


@dataclass
class GridCell:
    """One or more screenings of a venue that overlap (more than one: double-booked),
    spanning `rows` quarter hours."""

    screenings: list[Screening]
    rows: int = 1
    continues_from_before: bool = False
    continues_after: bool = False

    @property
    def is_clash(self) -> bool:
        return len(self.screenings) > 1


@dataclass
class GridRow:
    label: str
    is_hour: bool
    cells: list[GridCell | None] = field(default_factory=list)
    """The cells this row opens, left to right: a `GridCell`, or None for an empty one
    (columns a cell from an earlier row still spans are left out)."""


@dataclass
class DayGrid:
    day: date
    venues: list[Venue]
    rows: list[GridRow]


COVERED = object()


def day_grid(edition: Edition, day: date, venues: list[Venue]) -> DayGrid:
    """The day on the edition's clock in quarter hours (a day of a clock change has 92 or
    100 of them), each venue's screenings placed at their start's quarter."""
    start = start_of_local_day(day, edition.timezone)
    end = start_of_local_day(day + timedelta(days=1), edition.timezone)
    slots = [start + n * SLOT for n in range(math.ceil((end - start) / SLOT))]
    screenings = screenings_between(edition, start, end)
    columns = {venue.id: [None] * len(slots) for venue in venues}
    for venue_id, cells in _clusters(screenings).items():
        if venue_id not in columns:
            continue
        for cluster_start, cluster_end, members in cells:
            first = max(0, math.floor((cluster_start - start) / SLOT))
            last = min(len(slots), math.ceil((min(cluster_end, end) - start) / SLOT))
            cell = GridCell(
                members,
                rows=max(1, last - first),
                continues_from_before=cluster_start < start,
                continues_after=cluster_end > end,
            )
            columns[venue_id][first] = cell
            for covered in range(first + 1, first + cell.rows):
                columns[venue_id][covered] = COVERED
    shown_from = _first_shown(edition, slots, columns)
    rows = []
    for n in range(shown_from, len(slots)):
        local = local_moment(slots[n], edition)
        row = GridRow(local.strftime("%H:%M"), local.minute == 0)
        row.cells = [columns[v.id][n] for v in venues if columns[v.id][n] is not COVERED]
        rows.append(row)
    return DayGrid(day, venues, rows)


def _clusters(screenings: list[Screening]) -> dict[int, list[tuple]]:
    """Per venue, runs of overlapping screenings: (start, end, screenings)."""
    clusters: dict[int, list[tuple]] = defaultdict(list)
    for screening in screenings:  # sorted by start
        runs = clusters[screening.venue_id]
        if runs and screening.starts_at < runs[-1][1]:
            run_start, run_end, members = runs[-1]
            runs[-1] = (run_start, max(run_end, screening.ends_at), [*members, screening])
        else:
            runs.append((screening.starts_at, screening.ends_at, [screening]))
    return clusters


def _first_shown(edition: Edition, slots: list[datetime], columns: dict) -> int:
    usual = next(
        (n for n, slot in enumerate(slots) if local_moment(slot, edition).hour >= FIRST_HOUR_SHOWN),
        0,
    )
    used = [n for cells in columns.values() for n, cell in enumerate(cells) if cell is not None]
    return min([usual, *used])


# --- conflicts described ----------------------------------------------------------------------


@dataclass(frozen=True)
class DescribedConflict:
    conflict: Conflict
    screenings: list[Screening]
    subject: str


def describe(
    conflicts: list[Conflict], screenings: dict[int, Screening]
) -> list[DescribedConflict]:
    """Each conflict with its screenings and the name of what it is about, in three queries."""
    kinds = defaultdict(set)
    for conflict in conflicts:
        kinds[conflict.kind].add(conflict.subject_id)
    film_ids = (
        kinds[ConflictKind.FILM_TWICE]
        | kinds[ConflictKind.NOT_SELECTED]
        | kinds[ConflictKind.NOT_RELEASED]
    )
    names = {
        ConflictKind.VENUE_DOUBLE_BOOKED: _names(Venue, kinds[ConflictKind.VENUE_DOUBLE_BOOKED]),
        ConflictKind.GUEST_TWICE: _names(User, kinds[ConflictKind.GUEST_TWICE]),
    }
    films = _film_titles(film_ids)
    return [
        DescribedConflict(
            conflict,
            [screenings[i] for i in conflict.screening_ids if i in screenings],
            names.get(conflict.kind, films).get(conflict.subject_id, ""),
        )
        for conflict in conflicts
    ]


def _names(model, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.scalars(db.select(model).where(model.id.in_(ids)))
    return {row.id: row.display_name() if model is Venue else row.name for row in rows}


def _film_titles(submission_ids: set[int]) -> dict[int, str]:
    if not submission_ids:
        return {}
    return dict(
        db.session.execute(
            db.select(Submission.id, Film.title)
            .join(Film, Film.id == Submission.film_id)
            .where(Submission.id.in_(submission_ids))
        ).all()
    )
