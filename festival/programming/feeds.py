"""The published programme as feeds: iCalendar (RFC 5545, with `icalendar`) for the whole
edition or one venue, and JSON. Both are built from `public_programme.public_screenings`, so
they hold exactly what the pages show and go down with them when the programme is unpublished.

iCalendar: one VEVENT per public screening, DTSTART/DTEND on the edition's clock with its
VTIMEZONE (in UTC for the hour the clocks go back, read twice on that clock), LOCATION (venue
name and address), URL (the block's or film's public page), a UID stable for the screening's
life, SEQUENCE (how many times it changed after publishing) and STATUS (CONFIRMED, or
CANCELLED once cancelled).

JSON (`json_feed`), a published contract (add keys, never rename them):

    {"edition": {"name", "slug", "timezone"}, "revision", "published_at",
     "screenings": [{"id", "uid", "status": "confirmed" | "cancelled",
                     "starts_at", "ends_at" (ISO 8601 with the edition's offset),
                     "venue": {"id", "name", "name_ko", "address"},
                     "title", "section", "url", "sequence",
                     "change": null | {"kind": "added" | "moved" | "cancelled",
                                       "changed_at", "before": {...}},
                     "films": [{"id", "title", "original_title", "runtime_s",
                                "url", "audience_notice"}]}]}
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, Event

from festival.links import site_url
from festival.programming.public_programme import PublicProgramme, PublicScreening

PRODUCT_ID = "-//AI Film Festival//Programme//EN"


def screening_url(programme: PublicProgramme, item: PublicScreening) -> str:
    slug = programme.edition.slug
    if item.block is not None:
        return site_url("programme.block", slug=slug, block_id=item.block.id)
    return site_url("programme.film", slug=slug, film_id=item.entries[0].film_id)


def film_url(programme: PublicProgramme, film_id: int) -> str:
    return site_url("programme.film", slug=programme.edition.slug, film_id=film_id)


def screening_uid(programme: PublicProgramme, item: PublicScreening) -> str:
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "festival"
    return f"screening-{item.screening.id}.{programme.edition.slug}@{host}"


def ics_feed(programme: PublicProgramme, screenings: list[PublicScreening], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", programme.edition.timezone)
    stamp = programme.publication.published_at
    for item in screenings:
        event = Event()
        event.add("uid", screening_uid(programme, item))
        event.add("dtstamp", (item.change.changed_at if item.change else stamp) or stamp)
        event.add("dtstart", calendar_time(item.starts_at))
        event.add("dtend", calendar_time(item.ends_at))
        event.add("summary", item.title())
        event.add("location", venue_line(item))
        event.add("url", screening_url(programme, item))
        event.add("description", "\n".join(entry.film.title for entry in item.entries))
        event.add("sequence", item.change_count)
        event.add("status", "CANCELLED" if item.is_cancelled else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_time(moment: datetime) -> datetime:
    """`moment` on the edition's clock, unless that clock reads it twice (the hour the clocks
    go back, where a TZID time means the first reading): then in UTC, which no reader
    misreads."""
    other_reading = moment.replace(fold=1 - moment.fold)
    if other_reading.utcoffset() != moment.utcoffset():
        return moment.astimezone(UTC)
    return moment


def venue_line(item: PublicScreening) -> str:
    venue = item.venue
    name = venue.display_name()
    return f"{name}, {venue.address}" if venue.address.strip() else name


def json_feed(programme: PublicProgramme, screenings: list[PublicScreening]) -> dict:
    edition, publication = programme.edition, programme.publication
    return {
        "edition": {"name": edition.name, "slug": edition.slug, "timezone": edition.timezone},
        "revision": publication.revision,
        "published_at": _iso(publication.published_at),
        "screenings": [_json_screening(programme, item) for item in screenings],
    }


def _json_screening(programme: PublicProgramme, item: PublicScreening) -> dict:
    venue, change = item.venue, item.change
    return {
        "id": item.screening.id,
        "uid": screening_uid(programme, item),
        "status": "cancelled" if item.is_cancelled else "confirmed",
        "starts_at": item.starts_at.isoformat(),
        "ends_at": item.ends_at.isoformat(),
        "venue": {
            "id": venue.id,
            "name": venue.name,
            "name_ko": venue.name_ko or None,
            "address": venue.address,
        },
        "title": item.title(),
        "section": item.section(),
        "url": screening_url(programme, item),
        "sequence": item.change_count,
        "change": None
        if change is None
        else {
            "kind": change.kind.value,
            "changed_at": _iso(change.changed_at),
            "before": change.before or {},
        },
        "films": [
            {
                "id": entry.film_id,
                "title": entry.film.title,
                "original_title": entry.film.original_title or None,
                "runtime_s": entry.film.runtime_s,
                "url": film_url(programme, entry.film_id),
                "audience_notice": entry.disclosure.audience_notice.value
                if entry.disclosure is not None and entry.disclosure.audience_notice
                else None,
            }
            for entry in item.entries
        ],
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
