"""What the disclosure pages read, with their rows loaded up front."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from festival.disclosure.models import Consent, Disclosure, ToolSuggestion
from festival.extensions import db


def _with_rows(query):
    return query.options(
        joinedload(Disclosure.film),
        selectinload(Disclosure.elements),
        selectinload(Disclosure.segments),
        selectinload(Disclosure.consents),
    )


def versions_of(film_id: int) -> list[Disclosure]:
    """Every version of a film's disclosure, oldest first."""
    return db.session.scalars(
        _with_rows(db.select(Disclosure))
        .where(Disclosure.film_id == film_id)
        .order_by(Disclosure.version)
    ).all()


def latest_versions(film_ids) -> dict[int, Disclosure]:
    """`services.latest_disclosure` of many films at once, with their rows: film id → the
    newest version of its disclosure (films without one are left out)."""
    newest = (
        db.select(Disclosure.film_id, db.func.max(Disclosure.version).label("version"))
        .where(Disclosure.film_id.in_(list(film_ids)))
        .group_by(Disclosure.film_id)
        .subquery()
    )
    disclosures = db.session.scalars(
        _with_rows(db.select(Disclosure)).join(
            newest,
            (Disclosure.film_id == newest.c.film_id) & (Disclosure.version == newest.c.version),
        )
    ).all()
    return {disclosure.film_id: disclosure for disclosure in disclosures}


def published_card(card_token: str) -> Disclosure | None:
    return db.session.scalars(
        _with_rows(db.select(Disclosure)).where(
            Disclosure.card_token == card_token, Disclosure.card_published_at.is_not(None)
        )
    ).first()


def tool_suggestions() -> list[ToolSuggestion]:
    return db.session.scalars(
        db.select(ToolSuggestion).order_by(db.func.lower(ToolSuggestion.name), ToolSuggestion.id)
    ).all()


def document_paths_of_film(film_id: int) -> dict[str, Consent]:
    """Stored consent documents of any version of the film, by path."""
    consents = db.session.scalars(
        db.select(Consent)
        .join(Disclosure)
        .where(Disclosure.film_id == film_id, Consent.document_path.is_not(None))
    ).all()
    return {consent.document_path: consent for consent in consents}


def consent_of_film(film_id: int, consent_id: int) -> Consent | None:
    return db.session.scalars(
        db.select(Consent)
        .join(Disclosure)
        .where(Consent.id == consent_id, Disclosure.film_id == film_id)
    ).first()
