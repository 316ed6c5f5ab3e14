from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.accounts.models import User
from festival.database import UTCDateTime, string_enum, utcnow
from festival.extensions import db
from festival.films.models import Film
from festival.media.enums import UploadState


class Upload(db.Model):
    """A tus 1.0 upload in progress: bytes land in `path` (under MEDIA_ROOT) at `offset`.

    `token` is the public id in the upload URL; unguessable, since a URL is a capability."""

    __tablename__ = "media_uploads"
    __table_args__ = (
        CheckConstraint("offset_bytes >= 0 AND offset_bytes <= length_bytes", name="offset_range"),
        CheckConstraint("length_bytes > 0", name="length_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films_films.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"), index=True)
    length_bytes: Mapped[int] = mapped_column(BigInteger)
    offset_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    filename: Mapped[str] = mapped_column(String(255), default="")
    metadata_json: Mapped[dict] = mapped_column(JSON, default=dict)
    path: Mapped[str] = mapped_column(String(500))
    state: Mapped[UploadState] = mapped_column(
        string_enum(UploadState), default=UploadState.RECEIVING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    film: Mapped[Film] = relationship()
    user: Mapped[User] = relationship()
