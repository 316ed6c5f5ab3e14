"""An edition (one call for entries) and what it owns: categories, deadlines, waiver codes.

Nothing a submission points to is deleted: an edition is archived instead, and a category,
deadline or waiver code is removed only while `editions.rules` finds nothing referring to it.
Money is in minor units of the edition's currency (cents for USD; won for KRW, which has none).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.database import UTCDateTime, utcnow
from festival.editions.enums import Container, FrameRate
from festival.extensions import db
from festival.localized import localized

GIB = 1024**3


@dataclass(frozen=True)
class ScreenerRequirements:
    """What a screener file must meet; media QC checks each upload against its edition's."""

    max_file_gib: int = 20
    min_width: int = 1280
    min_height: int = 720
    max_width: int = 3840
    max_height: int = 2160
    containers: tuple[Container, ...] = tuple(Container)
    frame_rates: tuple[FrameRate, ...] = tuple(FrameRate)
    loudness_lufs: float = -24.0
    loudness_tolerance_lu: float = 2.0

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_gib * GIB


DEFAULT_SCREENER = ScreenerRequirements()


class Edition(db.Model):
    __tablename__ = "editions_editions"
    __table_args__ = (
        UniqueConstraint("slug", name="uq_editions_editions_slug"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        CheckConstraint("length(currency) = 3", name="currency_code"),
        CheckConstraint("screener_max_file_gib > 0", name="screener_max_file_positive"),
        CheckConstraint(
            "screener_min_width > 0 AND screener_min_width <= screener_max_width",
            name="screener_width_range",
        ),
        CheckConstraint(
            "screener_min_height > 0 AND screener_min_height <= screener_max_height",
            name="screener_height_range",
        ),
        CheckConstraint("screener_loudness_tolerance_lu >= 0", name="screener_tolerance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    slug: Mapped[str] = mapped_column(String(80))
    timezone: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    opens_on: Mapped[date] = mapped_column(Date)
    is_published: Mapped[bool] = mapped_column(default=False)
    is_blind_judging: Mapped[bool] = mapped_column(default=True)
    rules: Mapped[str] = mapped_column(Text, default="")
    disclosure_policy: Mapped[str] = mapped_column(Text, default="")

    screener_max_file_gib: Mapped[int] = mapped_column(default=DEFAULT_SCREENER.max_file_gib)
    screener_min_width: Mapped[int] = mapped_column(default=DEFAULT_SCREENER.min_width)
    screener_min_height: Mapped[int] = mapped_column(default=DEFAULT_SCREENER.min_height)
    screener_max_width: Mapped[int] = mapped_column(default=DEFAULT_SCREENER.max_width)
    screener_max_height: Mapped[int] = mapped_column(default=DEFAULT_SCREENER.max_height)
    screener_containers: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: [c.value for c in DEFAULT_SCREENER.containers]
    )
    screener_frame_rates: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: [r.value for r in DEFAULT_SCREENER.frame_rates]
    )
    screener_loudness_lufs: Mapped[float] = mapped_column(default=DEFAULT_SCREENER.loudness_lufs)
    screener_loudness_tolerance_lu: Mapped[float] = mapped_column(
        default=DEFAULT_SCREENER.loudness_tolerance_lu
    )

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    categories: Mapped[list[Category]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="Category.id"
    )
    deadlines: Mapped[list[Deadline]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="Deadline.last_day_on"
    )
    waiver_codes: Mapped[list[WaiverCode]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="WaiverCode.code"
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def screener_requirements(self) -> ScreenerRequirements:
        return ScreenerRequirements(
            max_file_gib=self.screener_max_file_gib,
            min_width=self.screener_min_width,
            min_height=self.screener_min_height,
            max_width=self.screener_max_width,
            max_height=self.screener_max_height,
            containers=tuple(Container(value) for value in self.screener_containers),
            frame_rates=tuple(FrameRate(value) for value in self.screener_frame_rates),
            loudness_lufs=self.screener_loudness_lufs,
            loudness_tolerance_lu=self.screener_loudness_tolerance_lu,
        )

    def __repr__(self) -> str:
        return f"<Edition {self.id} {self.slug}>"


class Category(db.Model):
    """A competition section; its eligibility is a maximum runtime and, optionally, a minimum
    runtime and a minimum share of AI-generated material."""

    __tablename__ = "editions_categories"
    __table_args__ = (
        UniqueConstraint("edition_id", "name", name="uq_editions_categories_edition_name"),
        CheckConstraint("max_runtime_minutes > 0", name="max_runtime_positive"),
        CheckConstraint("min_ai_share_percent BETWEEN 0 AND 100", name="min_ai_share_range"),
        CheckConstraint(
            "min_runtime_minutes IS NULL OR (min_runtime_minutes > 0 "
            "AND min_runtime_minutes <= max_runtime_minutes)",
            name="min_runtime_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"))
    name: Mapped[str] = mapped_column(String(200))
    name_ko: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    max_runtime_minutes: Mapped[int]
    min_runtime_minutes: Mapped[int | None]
    min_ai_share_percent: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edition: Mapped[Edition] = relationship(back_populates="categories")

    def display_name(self, locale: str | None = None) -> str:
        """The name in `locale` (the request's when None): Korean when the festival gave one."""
        return localized(self.name, self.name_ko, locale)

    @property
    def max_runtime_s(self) -> int:
        return self.max_runtime_minutes * 60

    @property
    def min_runtime_s(self) -> int:
        return (self.min_runtime_minutes or 0) * 60


class Deadline(db.Model):
    """A fee tier: entries until the end of `last_day_on` in the edition's time zone pay
    `fee_cents`. The last deadline closes the call."""

    __tablename__ = "editions_deadlines"
    __table_args__ = (
        UniqueConstraint("edition_id", "last_day_on", name="uq_editions_deadlines_edition_day"),
        UniqueConstraint("edition_id", "name", name="uq_editions_deadlines_edition_name"),
        CheckConstraint("fee_cents >= 0", name="fee_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"))
    name: Mapped[str] = mapped_column(String(100))
    last_day_on: Mapped[date] = mapped_column(Date)
    fee_cents: Mapped[int]

    edition: Mapped[Edition] = relationship(back_populates="deadlines")


class WaiverCode(db.Model):
    """A code that waives the entry fee, `uses_left` more times. Stored upper-case, so codes
    are case-insensitive; `uses_left` changes only through `editions.waivers`."""

    __tablename__ = "editions_waiver_codes"
    __table_args__ = (
        UniqueConstraint("edition_id", "code", name="uq_editions_waiver_codes_edition_code"),
        CheckConstraint("uses_left >= 0", name="uses_left_not_negative"),
        CheckConstraint("code = upper(code)", name="code_upper_case"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions_editions.id"))
    code: Mapped[str] = mapped_column(String(40))
    uses_left: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edition: Mapped[Edition] = relationship(back_populates="waiver_codes")
