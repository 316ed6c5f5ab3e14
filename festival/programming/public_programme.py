"""What the public programme pages and feeds read: the published edition, its public
screenings (confirmed ones, and those cancelled after publishing, shown as cancelled) with
their films, venues and the latest change of each, all in a fixed number of queries.

Nothing here is public unless the edition's `ProgrammePublication.is_published` is set: every
page and feed starts from `published_programme`, so unpublishing takes them all down at once.
Times are shown on the edition's clock (`Edition.timezone`), the zone named."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, load_only, selectinload

from festival.disclosure.models import Disclosure
from festival.editions.models import Edition
from festival.extensions import db
from festival.films.enums import ImageKind
from festival.films.models import Film, FilmImage
from festival.programming.models.programme import (
    Block,
    BlockFilm,
    ChangeKind,
    ProgrammePublication,
    Screening,
    ScreeningChange,
    ScreeningState,
    Venue,
)
from festival.submissions.models import Submission


@dataclass(frozen=True)
class PublicProgramme:
    """A published edition, its publication row and its venues (by id, in their order)."""

    edition: Edition
    publication: ProgrammePublication
    venues: dict[int, Venue]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.edition.timezone)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)


@dataclass
class PublicScreening:
    """One public screening: what it shows (a block's films in order, or one film), its
    venue and local times, and the latest change made after publishing (None: as published)."""

    screening: Screening
    starts_at: datetime
    ends_at: datetime
    entries: list[Submission]
    change: ScreeningChange | None = None
    change_count: int = 0

    @property
    def is_cancelled(self) -> bool:
        return self.screening.state is ScreeningState.CANCELLED

    @property
    def block(self) -> Block | None:
        return self.screening.block

    @property
    def venue(self) -> Venue:
        return self.screening.venue

    @property
    def programme_key(self) -> tuple[str, int]:
        """What it shows: `("block", id)`, or `("film", entry id)` for a single film."""
        if self.block is not None:
            return ("block", self.block.id)
        return ("film", self.entries[0].id)

    def title(self, locale: str | None = None) -> str:
        if self.block is not None:
            return self.block.display_title(locale)
        return self.entries[0].film.title

    def section(self, locale: str | None = None) -> str:
        if self.block is not None:
            return self.block.display_section(locale)
        return self.entries[0].category.display_name(locale)


def published_programme(slug: str) -> PublicProgramme | None:
    """The edition of `slug` if its programme is published, with its venues (two queries)."""
    row = db.session.execute(
        db.select(Edition, ProgrammePublication)
        .join(ProgrammePublication, ProgrammePublication.edition_id == Edition.id)
        .where(Edition.slug == slug, ProgrammePublication.is_published.is_(True))
    ).first()
    if row is None:
        return None
    edition, publication = row
    venues = db.session.scalars(
        db.select(Venue).where(Venue.edition_id == edition.id).order_by(Venue.position, Venue.id)
    ).all()
    return PublicProgramme(edition, publication, {venue.id: venue for venue in venues})


def _public_filter(edition_id: int):
    cancelled_after_publishing = db.exists().where(
        ScreeningChange.screening_id == Screening.id,
        ScreeningChange.kind == ChangeKind.CANCELLED,
    )
    return (
        Screening.edition_id == edition_id,
        (Screening.state == ScreeningState.CONFIRMED)
        | ((Screening.state == ScreeningState.CANCELLED) & cancelled_after_publishing),
    )


def _entry_options(with_details: bool):
    """Load an entry's film and category; with details, its credits, images and the
    disclosure version it was entered with (for the card), else only its audience notice (what
    the listings and feeds read)."""
    if not with_details:
        return [
            joinedload(Submission.film).options(
                load_only(Film.id, Film.title, Film.original_title, Film.runtime_s)
            ),
            joinedload(Submission.category),
            joinedload(Submission.disclosure).options(
                load_only(Disclosure.id, Disclosure.audience_notice)
            ),
        ]
    return [
        joinedload(Submission.film),
        joinedload(Submission.category),
        joinedload(Submission.disclosure),
        joinedload(Submission.film).selectinload(Film.credits),
        joinedload(Submission.film).selectinload(Film.images),
        joinedload(Submission.disclosure).selectinload(Disclosure.elements),
        joinedload(Submission.disclosure).selectinload(Disclosure.segments),
        joinedload(Submission.disclosure).selectinload(Disclosure.consents),
    ]


def public_screenings(
    programme: PublicProgramme,
    *,
    venue_id: int | None = None,
    block_id: int | None = None,
    film_id: int | None = None,
    with_details: bool = False,
) -> list[PublicScreening]:
    """The public screenings of the programme in time order, optionally of one venue, one
    block, or those showing one film (in a block or alone)."""
    query = db.select(Screening).where(*_public_filter(programme.edition.id))
    if venue_id is not None:
        query = query.where(Screening.venue_id == venue_id)
    if block_id is not None:
        query = query.where(Screening.block_id == block_id)
    if film_id is not None:
        entries = db.select(Submission.id).where(Submission.film_id == film_id)
        blocks_with_it = db.select(BlockFilm.block_id).where(BlockFilm.submission_id.in_(entries))
        query = query.where(
            Screening.submission_id.in_(entries) | Screening.block_id.in_(blocks_with_it)
        )
    entry_options = _entry_options(with_details)
    block_entries = selectinload(Screening.block).selectinload(Block.films)
    screenings = db.session.scalars(
        query.options(
            joinedload(Screening.venue),
            selectinload(Screening.block).joinedload(Block.category),
            block_entries.selectinload(BlockFilm.submission).options(*entry_options),
            selectinload(Screening.submission).options(*entry_options),
        ).order_by(Screening.starts_at, Screening.venue_id, Screening.id)
    ).all()
    changes = _changes_of([screening.id for screening in screenings])
    public = []
    for screening in screenings:
        entries = (
            [entry.submission for entry in screening.block.films]
            if screening.block is not None
            else [screening.submission]
        )
        history = changes.get(screening.id, [])
        public.append(
            PublicScreening(
                screening=screening,
                starts_at=programme.local(screening.starts_at),
                ends_at=programme.local(screening.ends_at),
                entries=entries,
                change=history[-1] if history else None,
                change_count=len(history),
            )
        )
    return public


def _changes_of(screening_ids: list[int]) -> dict[int, list[ScreeningChange]]:
    """Each screening's changes after publishing, oldest first (one query)."""
    if not screening_ids:
        return {}
    changes: dict[int, list[ScreeningChange]] = defaultdict(list)
    for change in db.session.scalars(
        db.select(ScreeningChange)
        .where(ScreeningChange.screening_id.in_(screening_ids))
        .order_by(ScreeningChange.changed_at, ScreeningChange.id)
    ):
        changes[change.screening_id].append(change)
    return changes


# --- grouping for the pages -----------------------------------------------------------------


@dataclass
class Group:
    """Screenings under one heading (a day, a venue, a section)."""

    heading: str
    screenings: list[PublicScreening] = field(default_factory=list)
    key: object = None


def by_day(screenings: list[PublicScreening]) -> list[Group]:
    groups: dict[date, Group] = {}
    for item in screenings:
        day = item.starts_at.date()
        groups.setdefault(day, Group(format_day(day), key=day)).screenings.append(item)
    return [groups[day] for day in sorted(groups)]


def by_venue(programme: PublicProgramme, screenings: list[PublicScreening]) -> list[Group]:
    groups = {
        venue_id: Group(venue.display_name(), key=venue)
        for venue_id, venue in programme.venues.items()
    }
    for item in screenings:
        groups[item.screening.venue_id].screenings.append(item)
    return [group for group in groups.values() if group.screenings]


def by_section(screenings: list[PublicScreening]) -> list[Group]:
    groups: dict[str, Group] = {}
    for item in screenings:
        heading = item.section() or str(_l("Other screenings"))
        groups.setdefault(heading, Group(heading)).screenings.append(item)
    return sorted(groups.values(), key=lambda group: group.heading.casefold())


def printed_items(screenings: list[PublicScreening]) -> list[PublicScreening]:
    """The printable programme's pages: each block (or single film) once, at its first
    screening that is not cancelled, in time order."""
    seen, items = set(), []
    for item in screenings:
        key = item.programme_key
        if item.is_cancelled or key in seen:
            continue
        seen.add(key)
        items.append(item)
    return items


def screenings_of_each(screenings: list[PublicScreening]) -> dict[tuple[str, int], list]:
    """Every public screening of each block (`("block", id)`) or single film (`("film", id)`)."""
    each: dict[tuple[str, int], list] = defaultdict(list)
    for item in screenings:
        each[item.programme_key].append(item)
    return each


# --- one entry ------------------------------------------------------------------------------


def entry_in(screenings: list[PublicScreening], film_id: int) -> Submission | None:
    """The film's entry the screenings show (the first, if two of its entries are shown)."""
    for item in screenings:
        for entry in item.entries:
            if entry.film_id == film_id:
                return entry
    return None


def still_of(film: Film) -> FilmImage | None:
    """The film's first still, else its poster, else None."""
    images = sorted(film.images, key=lambda image: (image.position, image.id))
    stills = [image for image in images if image.kind == ImageKind.STILL]
    posters = [image for image in images if image.kind == ImageKind.POSTER]
    return (stills or posters or [None])[0]


def public_image(programme: PublicProgramme, film_id: int, image_id: int):
    """An image of a film the published programme shows, or None."""
    if not public_screenings(programme, film_id=film_id):
        return None
    return db.session.scalar(
        db.select(FilmImage).where(FilmImage.id == image_id, FilmImage.film_id == film_id)
    )


def is_programme_published(edition: Edition) -> bool:
    """For the edition's public page: link to the programme when it is published."""
    return bool(
        db.session.scalar(
            db.select(ProgrammePublication.is_published).where(
                ProgrammePublication.edition_id == edition.id
            )
        )
    )


# --- times on the edition's clock -----------------------------------------------------------


def _locale() -> str:
    current = get_locale()
    return str(current) if current is not None else "en"


def format_day(day: date) -> str:
    return format_date(day, "full", locale=_locale())


def format_clock(moment: datetime) -> str:
    """A local time as the reader's language writes it (19:30, 오후 7:30)."""
    return _clock(moment, _locale())


@lru_cache(maxsize=4096)
def _clock(moment: datetime, locale: str) -> str:
    """Babel reads its pattern anew on every call; a programme repeats a few dozen times."""
    return format_time(moment, "short", tzinfo=moment.tzinfo, locale=locale)


def format_moment(moment: datetime) -> str:
    """A local day and time without seconds (2027. 7. 10. 오후 7:30, Jul 10, 2027, 7:30 PM)."""
    locale = _locale()
    return f"{format_date(moment.date(), 'medium', locale=locale)} {_clock(moment, locale)}"


def change_text(programme: PublicProgramme, item: PublicScreening) -> str:
    """How the latest change reads on the page ("Moved from 14:00 at Hall 2", "Cancelled")."""
    change = item.change
    if item.is_cancelled:
        return str(_l("Cancelled"))
    if change is None:
        return ""
    if change.kind is ChangeKind.ADDED:
        return str(_l("Added after the programme was published"))
    before = change.before or {}
    if not before.get("starts_at"):
        return str(_l("Changed after the programme was published"))
    was = programme.local(datetime.fromisoformat(before["starts_at"]))
    venue = programme.venues.get(before.get("venue_id"), item.venue)
    when = format_clock(was) if was.date() == item.starts_at.date() else format_moment(was)
    if was == item.starts_at and venue.id == item.venue.id:
        return str(_l("Now ends at %(time)s", time=format_clock(item.ends_at)))
    return str(_l("Moved from %(time)s at %(venue)s", time=when, venue=venue.display_name()))
