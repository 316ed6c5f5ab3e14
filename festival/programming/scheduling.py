"""Screenings: a block (or one film) placed at a venue on a day and time of the edition's
clock, stored in UTC, ending after its running time; then moved, confirmed, cancelled or
deleted, with its guests.

Times the clock cannot read plainly are handled here: a time in the spring-forward gap does
not exist and is refused naming the gap; a time the fall-back hour repeats is refused unless
the user says which occurrence (`occurrence`: 0 the first, 1 the second); a screening may run
past midnight; a venue closed on any day the screening touches refuses it with the date.

Every write bumps the screening's `revision` (a form opened before is refused, showing the
current state) and is audited. Once the edition's programme is published, adding (confirming),
moving or cancelling a confirmed screening records a `ScreeningChange` for the public pages
and the filmmakers' notices."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_
from sqlalchemy.orm import contains_eager

from festival.accounts.models import User
from festival.audit.services import record
from festival.editions.models import Edition
from festival.extensions import db
from festival.films.models import Film
from festival.programming.conflicts import PROPOSED, ScreeningFacts
from festival.programming.models.decisions import Attendance, Decision, OutcomeStatus
from festival.programming.models.programme import (
    Block,
    ChangeKind,
    ProgrammePublication,
    Screening,
    ScreeningChange,
    ScreeningGuest,
    ScreeningState,
    Venue,
)
from festival.programming.running_time import block_running_time, end_of, screening_running_time
from festival.programming.selection import Selection, selection_of
from festival.refusals import Refusal, RefusalKind
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission

FIRST, SECOND = 0, 1
"""Which occurrence of a local time the fall-back hour repeats."""


class ScheduleError(Refusal):
    """A screening refused with a message for the user."""


# --- the edition's clock --------------------------------------------------------------------


def local_start(edition: Edition, day: date, at: time, occurrence: int | None = None) -> datetime:
    """`day` at `at` on the edition's clock, in UTC; refused in the spring-forward gap, and
    in the repeated fall-back hour unless `occurrence` says which."""
    zone = ZoneInfo(edition.timezone)
    wall = datetime.combine(day, at)
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first.astimezone(UTC)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        gap_start, gap_end = _gap_around(first, second, zone)
        raise ScheduleError(
            _l(
                "%(time)s on %(date)s does not exist in %(zone)s: the clocks go forward from "
                "%(start)s to %(end)s. Choose a time outside the gap.",
                time=at.strftime("%H:%M"),
                date=day.isoformat(),
                zone=edition.timezone,
                start=gap_start.strftime("%H:%M"),
                end=gap_end.strftime("%H:%M"),
            ),
            "at",
        )
    if occurrence not in (FIRST, SECOND):
        raise ScheduleError(
            _l(
                "%(time)s on %(date)s happens twice in %(zone)s (the clocks go back): choose "
                "the first or the second.",
                time=at.strftime("%H:%M"),
                date=day.isoformat(),
                zone=edition.timezone,
            ),
            "occurrence",
        )
    return (second if occurrence == SECOND else first).astimezone(UTC)


def _gap_around(first: datetime, second: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The wall-clock times the clocks jump from and to around a time in the gap."""
    moment = second.astimezone(UTC)  # read with the later offset: before the jump
    before = moment.astimezone(zone).utcoffset()
    while (moment + timedelta(minutes=1)).astimezone(zone).utcoffset() == before:
        moment += timedelta(minutes=1)
    jump = moment + timedelta(minutes=1)
    return (jump + before).replace(tzinfo=None), jump.astimezone(zone).replace(tzinfo=None)


def local_moment(moment: datetime, edition: Edition) -> datetime:
    return moment.astimezone(ZoneInfo(edition.timezone))


def local_days(starts_at: datetime, ends_at: datetime, edition: Edition) -> list[date]:
    """The local days a screening touches (ending exactly at midnight touches no next day)."""
    first = local_moment(starts_at, edition).date()
    last = local_moment(ends_at - timedelta(microseconds=1), edition).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def closed_refusal(venue: Venue, starts_at: datetime, ends_at: datetime, edition: Edition):
    """Why `venue` cannot hold a screening then (a closed day), or None."""
    closed = set(venue.closed_on or ())
    for day in local_days(starts_at, ends_at, edition):
        if day.isoformat() in closed:
            return _l(
                "%(venue)s is closed on %(date)s.", venue=venue.display_name(), date=day.isoformat()
            )
    return None


# --- what a screening shows -----------------------------------------------------------------


def submission_ids_of(screening: Screening) -> list[int]:
    if screening.block is not None:
        return [entry.submission_id for entry in screening.block.films]
    return [screening.submission.id]


def attending_filmmakers(submission_ids: Iterable[int]) -> list[int]:
    """The filmmakers of these films who said they will attend, in one query."""
    ids = list(submission_ids)
    if not ids:
        return []
    return db.session.scalars(
        db.select(Film.owner_id)
        .join(Submission, Submission.film_id == Film.id)
        .join(Attendance, Attendance.submission_id == Submission.id)
        .where(Submission.id.in_(ids), Attendance.is_attending.is_(True))
        .distinct()
    ).all()


@dataclass(frozen=True)
class Placement:
    """Where and when a screening would be, checked against the clock and the venue."""

    venue: Venue
    starts_at: datetime
    ends_at: datetime


def place(
    edition: Edition,
    screening: Screening,
    *,
    venue: Venue,
    day: date,
    at: time,
    occurrence: int | None = None,
) -> Placement:
    """Check a start on the edition's clock for `screening` (saved or not) at `venue`."""
    if venue.edition_id != edition.id:
        raise ScheduleError(_l("Choose one of this edition's venues."), "venue_id")
    starts_at = local_start(edition, day, at, occurrence)
    ends_at = end_of(starts_at, screening_running_time(screening))
    reason = closed_refusal(venue, starts_at, ends_at, edition)
    if reason:
        raise ScheduleError(reason, "day")
    return Placement(venue, starts_at, ends_at)


def facts_of(
    screening: Screening, placement: Placement, guest_ids: Iterable[int]
) -> ScreeningFacts:
    """The conflict checks' view of `screening` placed there (a new one as `PROPOSED`)."""
    return ScreeningFacts(
        screening_id=screening.id or PROPOSED,
        venue_id=placement.venue.id,
        changeover_minutes=placement.venue.changeover_minutes,
        starts_at=placement.starts_at,
        ends_at=placement.ends_at,
        submission_ids=tuple(submission_ids_of(screening)),
        guest_ids=tuple(guest_ids),
        state=screening.state or ScreeningState.PENCILLED,
    )


def unsaved_screening(
    edition: Edition, *, block: Block | None = None, submission: Submission | None = None
) -> Screening:
    """A screening of `block` or of one film, not yet in the session."""
    if (block is None) == (submission is None):
        raise ScheduleError(_l("Choose a block or a single film."), "block_id")
    owner = block.edition_id if block is not None else submission.edition_id
    if owner != edition.id:
        raise ScheduleError(_l("Choose a block or film of this edition."), "block_id")
    return Screening(
        edition_id=edition.id, block=block, submission=submission, state=ScreeningState.PENCILLED
    )


# --- writes -----------------------------------------------------------------------------------


def _place_row(screening: Screening) -> dict:
    return {
        "starts_at": screening.starts_at.isoformat(),
        "ends_at": screening.ends_at.isoformat(),
        "venue_id": screening.venue_id,
    }


def _audit_row(screening: Screening) -> dict:
    return _place_row(screening) | {"state": screening.state.value}


def _check_revision(screening: Screening, revision: int | None) -> None:
    if revision != screening.revision:
        raise ScheduleError(
            _l(
                "This screening was changed since you opened it; here it is as it is now. "
                "Check it and try again."
            ),
            kind=RefusalKind.CONFLICT,
        )


def _touch(screening: Screening) -> None:
    screening.revision += 1
    db.session.flush()


def is_published(edition_id: int) -> bool:
    publication = db.session.get(ProgrammePublication, edition_id)
    return publication is not None and publication.is_published


def record_change(
    screening: Screening, kind: ChangeKind, *, before: dict, after: dict, actor
) -> ScreeningChange | None:
    """Note a change the public must see, when the edition's programme is published."""
    if not is_published(screening.edition_id):
        return None
    change = ScreeningChange(
        edition_id=screening.edition_id,
        screening_id=screening.id,
        kind=kind,
        before=before,
        after=after,
        changed_by_id=getattr(actor, "id", None),
    )
    db.session.add(change)
    db.session.get(ProgrammePublication, screening.edition_id).revision += 1
    db.session.flush()
    return change


def schedule(
    edition: Edition,
    *,
    venue: Venue,
    day: date,
    at: time,
    occurrence: int | None = None,
    block: Block | None = None,
    submission: Submission | None = None,
    note: str = "",
    actor,
) -> Screening:
    """A pencilled screening of `block` or of one film, with the films' attending filmmakers
    booked as guests."""
    screening = unsaved_screening(edition, block=block, submission=submission)
    placement = place(edition, screening, venue=venue, day=day, at=at, occurrence=occurrence)
    screening.venue = venue
    screening.starts_at, screening.ends_at = placement.starts_at, placement.ends_at
    screening.note = note
    screening.guests = [
        ScreeningGuest(user_id=user_id)
        for user_id in attending_filmmakers(submission_ids_of(screening))
    ]
    db.session.add(screening)
    db.session.flush()
    record(
        "screening_scheduled",
        screening,
        actor=actor,
        after=_audit_row(screening) | {"guests": [g.user_id for g in screening.guests]},
    )
    return screening


def move(
    screening: Screening,
    *,
    venue: Venue,
    day: date,
    at: time,
    occurrence: int | None = None,
    revision: int | None,
    actor,
) -> Screening:
    _check_revision(screening, revision)
    if screening.state is ScreeningState.CANCELLED:
        raise ScheduleError(_l("A cancelled screening cannot be moved."))
    edition = db.session.get(Edition, screening.edition_id)
    placement = place(edition, screening, venue=venue, day=day, at=at, occurrence=occurrence)
    before = _place_row(screening)
    screening.venue = venue
    screening.starts_at, screening.ends_at = placement.starts_at, placement.ends_at
    _touch(screening)
    after = _place_row(screening)
    record("screening_moved", screening, actor=actor, before=before, after=after)
    if after != before and screening.state is ScreeningState.CONFIRMED:
        record_change(screening, ChangeKind.MOVED, before=before, after=after, actor=actor)
    return screening


def follow_block(block: Block, *, actor) -> list[Screening]:
    """Move the end of every screening of `block` after its films or minutes changed; the
    screenings that moved. A confirmed one of a published programme is a change the public
    sees (and its filmmakers are told)."""
    running = block_running_time(block)
    moved = []
    for screening in db.session.scalars(db.select(Screening).where(Screening.block_id == block.id)):
        end = end_of(screening.starts_at, running)
        if screening.ends_at == end:
            continue
        before = _place_row(screening)
        screening.ends_at = end
        _touch(screening)
        if screening.state is ScreeningState.CONFIRMED:
            after = _place_row(screening)
            record_change(screening, ChangeKind.MOVED, before=before, after=after, actor=actor)
        moved.append(screening)
    return moved


def unreleased_films(screening: Screening) -> list[Submission]:
    """The films of `screening` not selected and released (a confirmation waits for them)."""
    ids = submission_ids_of(screening)
    selections = selection_of(ids)
    waiting = [i for i in ids if selections.get(i) is not Selection.SELECTED]
    if not waiting:
        return []
    return db.session.scalars(
        db.select(Submission).where(Submission.id.in_(waiting)).order_by(Submission.id)
    ).all()


def confirm(screening: Screening, *, revision: int | None, actor) -> Screening:
    _check_revision(screening, revision)
    if screening.state is not ScreeningState.PENCILLED:
        raise ScheduleError(_l("Only a pencilled screening can be confirmed."))
    waiting = unreleased_films(screening)
    if waiting:
        raise ScheduleError(
            _l(
                "Not every film in it is selected and released: %(titles)s.",
                titles=", ".join(entry.film.title for entry in waiting),
            ),
            kind=RefusalKind.CONFLICT,
        )
    screening.state = ScreeningState.CONFIRMED
    _touch(screening)
    record("screening_confirmed", screening, actor=actor, after=_audit_row(screening))
    record_change(screening, ChangeKind.ADDED, before={}, after=_place_row(screening), actor=actor)
    return screening


def cancel(screening: Screening, *, revision: int | None, actor) -> Screening:
    _check_revision(screening, revision)
    if screening.state is ScreeningState.CANCELLED:
        raise ScheduleError(_l("This screening is already cancelled."))
    was_confirmed = screening.state is ScreeningState.CONFIRMED
    before = _audit_row(screening)
    screening.state = ScreeningState.CANCELLED
    _touch(screening)
    record("screening_cancelled", screening, actor=actor, before=before)
    if was_confirmed:
        record_change(
            screening, ChangeKind.CANCELLED, before=_place_row(screening), after={}, actor=actor
        )
    return screening


def delete(screening: Screening, *, revision: int | None, actor) -> None:
    """Remove a pencilled screening (a confirmed one is cancelled instead: it was public)."""
    _check_revision(screening, revision)
    if screening.state is not ScreeningState.PENCILLED:
        raise ScheduleError(_l("Only a pencilled screening can be deleted; cancel it instead."))
    record("screening_deleted", screening, actor=actor, before=_audit_row(screening))
    db.session.delete(screening)
    db.session.flush()


def add_guest(screening: Screening, user: User, *, revision: int | None, actor) -> None:
    _check_revision(screening, revision)
    if any(guest.user_id == user.id for guest in screening.guests):
        raise ScheduleError(_l("This guest is already booked."), "user_id")
    screening.guests.append(ScreeningGuest(user_id=user.id))
    _touch(screening)
    record("screening_guest_added", screening, actor=actor, after={"user_id": user.id})


def remove_guest(screening: Screening, user_id: int, *, revision: int | None, actor) -> None:
    _check_revision(screening, revision)
    guest = next((g for g in screening.guests if g.user_id == user_id), None)
    if guest is None:
        raise ScheduleError(_l("This guest is not booked."), kind=RefusalKind.NOT_FOUND)
    screening.guests.remove(guest)
    _touch(screening)
    record("screening_guest_removed", screening, actor=actor, before={"user_id": user_id})


# --- what pages read --------------------------------------------------------------------------


def blocks_of(edition: Edition) -> list[Block]:
    return db.session.scalars(
        db.select(Block).where(Block.edition_id == edition.id).order_by(Block.title)
    ).all()


def block_of(edition: Edition, block_id: int | None) -> Block | None:
    block = db.session.get(Block, block_id) if block_id else None
    return block if block is not None and block.edition_id == edition.id else None


def programmable_films(edition: Edition) -> list[Submission]:
    """The edition's entries that may be scheduled alone: selected, or decided selected and
    not yet released (pencilled until the release)."""
    decided = (
        db.select(Decision.submission_id)
        .join(OutcomeStatus, OutcomeStatus.outcome_id == Decision.outcome_id)
        .where(
            Decision.edition_id == edition.id,
            Decision.released_at.is_(None),
            OutcomeStatus.status == SubmissionStatus.SELECTED,
        )
    )
    return db.session.scalars(
        db.select(Submission)
        .join(Film, Film.id == Submission.film_id)
        .where(
            Submission.edition_id == edition.id,
            or_(Submission.status == SubmissionStatus.SELECTED, Submission.id.in_(decided)),
        )
        .options(contains_eager(Submission.film))
        .order_by(Film.title)
    ).all()


def filmmakers_of(screening: Screening) -> list[User]:
    """The filmmakers of the films a screening shows (its possible guests)."""
    return db.session.scalars(
        db.select(User)
        .join(Film, Film.owner_id == User.id)
        .join(Submission, Submission.film_id == Film.id)
        .where(Submission.id.in_(submission_ids_of(screening)))
        .distinct()
        .order_by(User.name)
    ).all()
