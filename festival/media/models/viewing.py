from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.accounts.models import User
from festival.database import UTCDateTime, utcnow
from festival.extensions import db
from festival.media.models.screeners import Screener


class Viewing(db.Model):
    """What one viewer actually played of one screener version, as merged [start, end]
    intervals in milliseconds, so the festival can say truthfully how much was watched."""

    __tablename__ = "media_viewings"
    __table_args__ = (UniqueConstraint("user_id", "screener_id", name="uq_viewing_user_screener"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("accounts_users.id"), index=True)
    screener_id: Mapped[int] = mapped_column(ForeignKey("media_screeners.id"), index=True)
    intervals: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    watched_ms: Mapped[int] = mapped_column(default=0)
    """Set only by `media.viewing.record_played`."""
    first_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    screener: Mapped[Screener] = relationship()
