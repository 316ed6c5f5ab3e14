"""Telling filmmakers that a screening of their film changed after the programme was
published (added, moved or cancelled): one email per filmmaker concerned per change, in their
language, through the outbox.

Never twice: each change is claimed with a conditional update (`notified_at` still empty) in
the transaction that queues its emails, so a second run, or two workers at once, find nothing
left to send; a run that fails rolls its change back and the next run tries it again."""

from __future__ import annotations

import logging
from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from festival.database import utcnow
from festival.editions.models import Edition
from festival.extensions import db
from festival.links import site_url
from festival.notifications.services import queue_templated_email_to
from festival.programming import public_programme
from festival.programming.decisions import recipient_locale
from festival.programming.models.programme import ProgrammePublication, ScreeningChange

logger = logging.getLogger("festival.programming")


def pending_change_ids() -> list[int]:
    """Changes not yet told, of editions whose programme is published, oldest first."""
    return db.session.scalars(
        db.select(ScreeningChange.id)
        .join(ProgrammePublication, ProgrammePublication.edition_id == ScreeningChange.edition_id)
        .where(ScreeningChange.notified_at.is_(None), ProgrammePublication.is_published.is_(True))
        .order_by(ScreeningChange.changed_at, ScreeningChange.id)
    ).all()


def notify_change(change_id: int, *, now: datetime | None = None) -> int:
    """Claim the change and queue one email per filmmaker concerned, in the caller's
    transaction; returns how many (0 when it was already claimed)."""
    now = now or utcnow()
    claimed = db.session.execute(
        update(ScreeningChange)
        .where(ScreeningChange.id == change_id, ScreeningChange.notified_at.is_(None))
        .values(notified_at=now),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:
        return 0
    change = db.session.get(ScreeningChange, change_id)
    edition = db.session.get(Edition, change.edition_id)
    programme = public_programme.published_programme(edition.slug)
    if programme is None:
        return 0
    screenings = public_programme.public_screenings(programme, venue_id=change.screening.venue_id)
    item = next((s for s in screenings if s.screening.id == change.screening_id), None)
    if item is None:  # no longer public (e.g. pencilled again): nothing to announce
        return 0
    films_by_owner: dict[int, list] = {}
    owners = {}
    for entry in item.entries:
        owners[entry.film.owner_id] = entry.film.owner
        films_by_owner.setdefault(entry.film.owner_id, []).append(entry.film.title)
    for owner_id, titles in films_by_owner.items():
        owner = owners[owner_id]
        locale = recipient_locale(owner)
        with force_locale(locale):
            queue_templated_email_to(
                owner.email,
                locale,
                "screening_changed",
                _l("A screening of your film changed"),
                user=owner,
                edition=programme.edition,
                titles=titles,
                screening_title=item.title(locale),
                venue=item.venue.display_name(locale),
                starts_at=item.starts_at,
                is_cancelled=item.is_cancelled,
                change=public_programme.change_text(programme, item),
                link=site_url("programme.by_day", slug=programme.edition.slug),
            )
    return len(films_by_owner)


def notify_pending_changes(now: datetime | None = None) -> list[int]:
    """Tell the filmmakers of every pending change, each change in its own transaction.
    Commits."""
    done = []
    for change_id in pending_change_ids():
        try:
            notify_change(change_id, now=now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            logger.exception("notices of screening change %s failed; tried again later", change_id)
            continue
        done.append(change_id)
    return done
