from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.database import UTCDateTime, string_enum, utcnow
from festival.extensions import db
from festival.films.models import Film
from festival.media.enums import AssetKind, RejectionCode, ScreenerState


class Screener(db.Model):
    """One uploaded version of a film's screener. The original file is never modified or
    deleted by a failed job; the previous version stays in use until this one is ready."""

    __tablename__ = "media_screeners"
    __table_args__ = (UniqueConstraint("film_id", "version", name="uq_screener_film_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films_films.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    state: Mapped[ScreenerState] = mapped_column(
        string_enum(ScreenerState), default=ScreenerState.QUEUED, index=True
    )
    original_path: Mapped[str] = mapped_column(String(500))
    """Relative to MEDIA_ROOT, or `s3://bucket/key` once moved to a bucket (`object_store`)."""
    original_filename: Mapped[str] = mapped_column(String(255), default="")
    original_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    """The original's, verified when it moved to a bucket (`storage.move_to_media_store`)."""
    probe: Mapped[dict | None] = mapped_column(JSON)
    c2pa: Mapped[dict | None] = mapped_column(JSON)
    """What the original's C2PA manifest says (read before any transcode strips it)."""
    qc: Mapped[dict | None] = mapped_column(JSON)
    """Measurements and checks; set only by `media.ingest`."""
    progress: Mapped[float] = mapped_column(default=0.0)
    eta_s: Mapped[float | None]
    rejection_code: Mapped[RejectionCode | None] = mapped_column(string_enum(RejectionCode))
    """Why the version was rejected or failed; the sentence is rendered when shown."""
    rejection_params: Mapped[dict | None] = mapped_column(JSON)
    """The numbers the sentence of `rejection_code` names (a size, a codec)."""
    rejection_detail: Mapped[dict | None] = mapped_column(JSON)
    """For staff: what the probe found (its detail line and ffprobe's answer) or the error."""
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts_users.id"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs_jobs.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    film: Mapped[Film] = relationship()
    assets: Mapped[list[MediaAsset]] = relationship(
        back_populates="screener", cascade="all, delete-orphan", order_by="MediaAsset.id"
    )

    @property
    def rejection_message(self) -> str | None:
        """Why the version was not accepted, in the reader's language; None if it was."""
        if self.rejection_code is None:
            return None
        return self.rejection_code.message(self.rejection_params)

    def asset(self, kind: AssetKind) -> MediaAsset | None:
        return next((asset for asset in self.assets if asset.kind == kind), None)


class MediaAsset(db.Model):
    """A file derived from a screener (a preview rung, the poster, a storyboard sheet)."""

    __tablename__ = "media_assets"

    id: Mapped[int] = mapped_column(primary_key=True)
    screener_id: Mapped[int] = mapped_column(
        ForeignKey("media_screeners.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AssetKind] = mapped_column(string_enum(AssetKind))
    path: Mapped[str] = mapped_column(String(500))
    """Relative to MEDIA_ROOT, or `s3://bucket/key` once moved to a bucket (`object_store`)."""
    bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    """Verified when the file moved to a bucket (`storage.move_to_media_store`)."""
    width: Mapped[int | None]
    height: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    screener: Mapped[Screener] = relationship(back_populates="assets")
