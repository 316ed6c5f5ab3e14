from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.accounts.models import User
from festival.database import UTCDateTime, string_enum, utcnow
from festival.extensions import db
from festival.films.enums import CreditRole, ImageKind


class Film(db.Model):
    """A film entry, owned by the filmmaker who made it; reusable across editions."""

    __tablename__ = "films_films"
    __table_args__ = (
        CheckConstraint("runtime_s > 0", name="runtime_positive"),
        CheckConstraint("year BETWEEN 1888 AND 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    original_title: Mapped[str | None] = mapped_column(String(300))
    romanised_title: Mapped[str | None] = mapped_column(String(300))
    logline: Mapped[str] = mapped_column(String(500), default="")
    synopsis: Mapped[str] = mapped_column(Text, default="")
    runtime_s: Mapped[int]
    frame_rate: Mapped[str | None] = mapped_column(String(16))
    year: Mapped[int]
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    genres: Mapped[list[str]] = mapped_column(JSON, default=list)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(50), default="")
    trailer_url: Mapped[str | None] = mapped_column(String(500))
    website_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship()
    credits: Mapped[list[Credit]] = relationship(
        back_populates="film", cascade="all, delete-orphan", order_by="Credit.position"
    )
    images: Mapped[list[FilmImage]] = relationship(
        back_populates="film", cascade="all, delete-orphan", order_by="FilmImage.position"
    )

    @property
    def runtime_ms(self) -> int:
        return self.runtime_s * 1000

    @property
    def poster(self) -> FilmImage | None:
        return next((image for image in self.images if image.kind == ImageKind.POSTER), None)

    @property
    def stills(self) -> list[FilmImage]:
        return [image for image in self.images if image.kind == ImageKind.STILL]


class Credit(db.Model):
    __tablename__ = "films_credits"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(
        ForeignKey("films_films.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[CreditRole] = mapped_column(string_enum(CreditRole))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)

    film: Mapped[Film] = relationship(back_populates="credits")


class FilmImage(db.Model):
    """A poster or still, validated and resized on upload; `path` is under MEDIA_ROOT."""

    __tablename__ = "films_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(
        ForeignKey("films_films.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ImageKind] = mapped_column(string_enum(ImageKind))
    path: Mapped[str] = mapped_column(String(500))
    thumbnail_path: Mapped[str] = mapped_column(String(500))
    width: Mapped[int]
    height: Mapped[int]
    bytes: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    film: Mapped[Film] = relationship(back_populates="images")
