"""The AI disclosure of a film, in versions: a version becomes frozen when a submission
takes it, and a later change starts the next version, so programmers can compare them."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.database import UTCDateTime, string_enum, utcnow
from festival.disclosure.enums import (
    AudienceNotice,
    ConsentBasis,
    ConsentKind,
    Element,
    Extent,
)
from festival.extensions import db
from festival.films.models import Film


def new_card_token() -> str:
    return secrets.token_urlsafe(12)


class Disclosure(db.Model):
    __tablename__ = "disclosure_disclosures"
    __table_args__ = (
        UniqueConstraint("film_id", "version", name="uq_disclosure_film_version"),
        CheckConstraint(
            "ai_share_estimate IS NULL OR ai_share_estimate BETWEEN 0 AND 100",
            name="ai_share_estimate_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films_films.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    human_statement: Mapped[str] = mapped_column(Text, default="")
    training_statement: Mapped[str] = mapped_column(Text, default="")
    ai_share_estimate: Mapped[int | None]
    audience_notice: Mapped[AudienceNotice | None] = mapped_column(string_enum(AudienceNotice))
    evidence_available: Mapped[list[str]] = mapped_column(JSON, default=list)
    attests_rights_to_outputs: Mapped[bool] = mapped_column(default=False)
    attests_no_third_party_copyright: Mapped[bool] = mapped_column(default=False)
    attests_complete: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    """When the answers last changed; set only by `services.save_disclosure`."""
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    card_token: Mapped[str] = mapped_column(String(32), unique=True, default=new_card_token)
    card_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    film: Mapped[Film] = relationship()
    elements: Mapped[list[DisclosureElement]] = relationship(
        back_populates="disclosure", cascade="all, delete-orphan", order_by="DisclosureElement.id"
    )
    segments: Mapped[list[DisclosureSegment]] = relationship(
        back_populates="disclosure",
        cascade="all, delete-orphan",
        order_by="(DisclosureSegment.start_ms, DisclosureSegment.id)",
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="disclosure", cascade="all, delete-orphan", order_by="Consent.position"
    )

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class DisclosureElement(db.Model):
    """The answer for one element; `tools` is a list of {name, version, vendor}.

    A draft keeps a row for an element that has anything typed, even before its extent is
    chosen."""

    __tablename__ = "disclosure_elements"
    __table_args__ = (UniqueConstraint("disclosure_id", "element", name="uq_disclosure_element"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_disclosures.id", ondelete="CASCADE")
    )
    element: Mapped[Element] = mapped_column(string_enum(Element))
    extent: Mapped[Extent | None] = mapped_column(string_enum(Extent))
    """None while the draft leaves the element unanswered; never read as "none"."""
    tools: Mapped[list[dict]] = mapped_column(JSON, default=list)
    inputs: Mapped[str] = mapped_column(Text, default="")
    human_contribution: Mapped[str] = mapped_column(Text, default="")

    disclosure: Mapped[Disclosure] = relationship(back_populates="elements")


class DisclosureSegment(db.Model):
    __tablename__ = "disclosure_segments"
    __table_args__ = (CheckConstraint("start_ms >= 0 AND start_ms < end_ms", name="segment_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_disclosures.id", ondelete="CASCADE"), index=True
    )
    start_ms: Mapped[int]
    end_ms: Mapped[int]
    element: Mapped[Element] = mapped_column(string_enum(Element))
    tool: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(500), default="")

    disclosure: Mapped[Disclosure] = relationship(back_populates="segments")


class Consent(db.Model):
    """A real person whose likeness or voice was generated or altered.

    Either a consent document (stored under MEDIA_ROOT, never public) or a basis and a
    statement saying why none is needed."""

    __tablename__ = "disclosure_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_disclosures.id", ondelete="CASCADE"), index=True
    )
    person: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ConsentKind | None] = mapped_column(string_enum(ConsentKind))
    basis: Mapped[ConsentBasis | None] = mapped_column(string_enum(ConsentBasis))
    statement: Mapped[str] = mapped_column(Text, default="")
    document_path: Mapped[str | None] = mapped_column(String(500))
    document_name: Mapped[str | None] = mapped_column(String(255))
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)

    disclosure: Mapped[Disclosure] = relationship(back_populates="consents")


class ToolSuggestion(db.Model):
    """A tool offered in the disclosure form's suggestion list; the festival can add more."""

    __tablename__ = "disclosure_tool_suggestions"
    __table_args__ = (UniqueConstraint("name", "vendor", name="uq_tool_suggestion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    vendor: Mapped[str] = mapped_column(String(100), default="")
    elements: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
