"""Whether the edition's AI-use statistics are on their public page: read by every public
read of them, changed (and audited) by staff."""

from __future__ import annotations

from festival.audit.services import record
from festival.editions.models import Edition
from festival.extensions import db
from festival.programming.models import ProgrammePublication


def statistics_published(edition: Edition) -> bool:
    publication = db.session.get(ProgrammePublication, edition.id)
    return publication is not None and publication.statistics_published


def publish_statistics(edition: Edition, published: bool, *, actor) -> ProgrammePublication:
    """Publish (or take down) the statistics; the edition's publication row is made when
    missing. Saying what already holds changes nothing and records nothing."""
    publication = db.session.get(ProgrammePublication, edition.id)
    if publication is None:
        publication = ProgrammePublication(edition_id=edition.id, statistics_published=False)
        db.session.add(publication)
    if publication.statistics_published != published:
        publication.statistics_published = published
        record(
            "statistics_published" if published else "statistics_unpublished",
            edition,
            actor=actor,
            before={"statistics_published": not published},
            after={"statistics_published": published},
        )
    db.session.flush()
    return publication
