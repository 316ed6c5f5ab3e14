"""What the media pages read."""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from festival.extensions import db
from festival.films.models import Film
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.jobs.queries import place_in_queue
from festival.media import rules
from festival.media.enums import ScreenerState
from festival.media.models import Screener


def screeners_of(film_id: int) -> list[Screener]:
    """Every version of a film's screener, newest first, with its files."""
    return db.session.scalars(
        db.select(Screener)
        .where(Screener.film_id == film_id)
        .options(selectinload(Screener.assets))
        .order_by(Screener.version.desc())
    ).all()


def latest_screener(film_id: int) -> Screener | None:
    versions = screeners_of(film_id)
    return versions[0] if versions else None


def playable_screener(film_id: int) -> Screener | None:
    """The newest version that is ready: a new upload replaces it only once it is ready too."""
    return db.session.scalar(
        db.select(Screener)
        .where(Screener.film_id == film_id, Screener.state == ScreenerState.READY)
        .options(selectinload(Screener.assets))
        .order_by(Screener.version.desc())
        .limit(1)
    )


def playable_screeners(film_ids) -> dict[int, Screener]:
    """`playable_screener` of many films at once: film id → its newest ready version."""
    newest: dict[int, Screener] = {}
    for screener in db.session.scalars(
        db.select(Screener)
        .where(Screener.film_id.in_(list(film_ids)), Screener.state == ScreenerState.READY)
        .order_by(Screener.film_id, Screener.version.desc())
    ):
        newest.setdefault(screener.film_id, screener)
    return newest


def latest_screeners(film_ids) -> dict[int, Screener]:
    """`latest_screener` of many films at once: film id → its newest version, in any state."""
    newest: dict[int, Screener] = {}
    for screener in db.session.scalars(
        db.select(Screener)
        .where(Screener.film_id.in_(list(film_ids)))
        .order_by(Screener.film_id, Screener.version.desc())
    ):
        newest.setdefault(screener.film_id, screener)
    return newest


def ingest_place(screener: Screener) -> int | None:
    """Where a waiting version's ingest job stands in the queue (1: next to start, counting
    the versions ingesting now), or None once its ingest has started or ended."""
    job = db.session.get(Job, screener.job_id) if screener.job_id else None
    if job is None or job.state != JobState.QUEUED:
        return None
    return place_in_queue(job)


def screener_panel(film: Film, user) -> dict:
    """What the film page shows `user` of its screener (the films package cannot import media)."""
    return {
        "latest": latest_screener(film.id),
        "playable": playable_screener(film.id),
        "can_watch": rules.can_watch(user, film),
        "can_upload": rules.can_upload(user, film),
        "can_read_qc": rules.can_read_qc(user, film),
    }
