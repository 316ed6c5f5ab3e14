"""Rows of a programme made directly (venues, blocks, screenings, changes after publishing),
for the publishing, public pages and feeds tests; no scheduling service is used."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from festival.extensions import db
from festival.programming.models.programme import (
    Block,
    BlockFilm,
    ChangeKind,
    Screening,
    ScreeningChange,
    ScreeningState,
    Venue,
)
from tests import factories


def entry(edition, title: str, *, status: str = "selected", owner=None, disclosure: bool = True):
    """A film entered in the edition's first category, with a frozen disclosure (audience
    told in the end credits) taken by the entry."""
    film = factories.make_film(owner=owner, title=title, logline=f"The logline of {title}.")
    submission = factories.make_submission(film, edition.categories[0], status=status)
    if disclosure:
        submission.disclosure = factories.make_disclosure(film, frozen=True)
    db.session.flush()
    return submission


def venue(edition, name: str, *, name_ko: str = "", address: str = "", position: int = 0):
    row = Venue(
        edition_id=edition.id,
        name=name,
        name_ko=name_ko,
        address=address,
        capacity=120,
        position=position,
    )
    db.session.add(row)
    db.session.flush()
    return row


def block(edition, entries, title: str, *, title_ko: str = "", section: str = "", **minutes):
    row = Block(
        edition_id=edition.id,
        title=title,
        title_ko=title_ko,
        section=section,
        films=[BlockFilm(submission_id=e.id, position=i) for i, e in enumerate(entries)],
        **minutes,
    )
    db.session.add(row)
    db.session.flush()
    return row


def local(edition, *args) -> datetime:
    """A moment typed on the edition's clock, in UTC."""
    return datetime(*args, tzinfo=ZoneInfo(edition.timezone)).astimezone(ZoneInfo("UTC"))


def screening(
    edition,
    at_venue,
    starts_at: datetime,
    *,
    of_block=None,
    of_entry=None,
    minutes: int = 90,
    state: ScreeningState = ScreeningState.CONFIRMED,
):
    row = Screening(
        edition_id=edition.id,
        venue_id=at_venue.id,
        block_id=of_block.id if of_block is not None else None,
        submission_id=of_entry.id if of_entry is not None else None,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        state=state,
    )
    db.session.add(row)
    db.session.flush()
    return row


def moved(row: Screening, *, to: datetime, to_venue=None) -> ScreeningChange:
    """Move a published screening and record the change, as the scheduling service does."""
    before = {
        "starts_at": row.starts_at.isoformat(),
        "ends_at": row.ends_at.isoformat(),
        "venue_id": row.venue_id,
    }
    length = row.ends_at - row.starts_at
    row.starts_at, row.ends_at = to, to + length
    if to_venue is not None:
        row.venue_id = to_venue.id
    row.revision += 1
    return _change(row, ChangeKind.MOVED, before)


def cancelled(row: Screening) -> ScreeningChange:
    before = {"starts_at": row.starts_at.isoformat(), "venue_id": row.venue_id}
    row.state = ScreeningState.CANCELLED
    row.revision += 1
    return _change(row, ChangeKind.CANCELLED, before)


def _change(row: Screening, kind: ChangeKind, before: dict) -> ScreeningChange:
    change = ScreeningChange(
        edition_id=row.edition_id,
        screening_id=row.id,
        kind=kind,
        before=before,
        after={"starts_at": row.starts_at.isoformat(), "venue_id": row.venue_id},
    )
    db.session.add(change)
    db.session.flush()
    return change
